// Package output is where the BMP station sends what it learns: a Sink
// receives one Event per route change, peer up or down, statistics report
// and router session change, in the order the router sent them.
//
// Each sink sits behind a bounded queue the station owns (see the station
// package): a slow sink never stalls a router's read loop; it loses events
// instead (counted) or, if its queue is declared blocking, slows the
// router down. Sinks are packages of their own (jsonl, kafka, the
// archive's); this package holds only the interface and the event, whose
// JSON form (AppendJSON, versioned by SchemaVersion) every text sink
// shares.
package output

import (
	"bytes"
	"context"
	"net/netip"
	"slices"
	"sync/atomic"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// Sink receives the station's events.
//
// Publish is called from one goroutine per sink, with the events of each
// router in order (events of different routers interleave). The event and
// everything it points to are read-only and may be shared with other
// sinks: a sink that keeps an event must not modify it. Publish should
// return promptly; ctx is cancelled when the station gives up draining at
// shutdown. Close is called once, after the last Publish.
type Sink interface {
	Name() string
	Publish(ctx context.Context, ev *Event) error
	Close() error
}

// Flusher is implemented by sinks that buffer: the station calls Flush
// whenever the sink's queue runs empty, so that a quiet period never
// leaves events sitting in a buffer.
type Flusher interface {
	Flush() error
}

// Blocker is implemented by sinks that say whether they should rather
// slow the routers down than lose events when they fall behind (a file:
// yes). The station gives such a sink a queue with the block policy
// unless its configuration names a policy.
type Blocker interface {
	Block() bool
}

// RawReceiver is implemented by sinks that also take every BMP message
// as the router sent it (the Kafka sink's raw topic, the archive's MRT
// update files). When ReceiveRaw returns true the station puts EventRaw
// events in the sink's queue, each carrying a run of one router's
// messages (Event.Batch), in the order the router sent them and after
// the events each message caused: a run ends before any other event of
// the router, and before the router's goroutine waits to read, so that
// a quiet router's messages are not held back. Other sinks never see
// EventRaw. A run's memory is the station's again once Publish returns:
// a sink must copy what it keeps. One event a run instead of one a
// message, and the messages back to back in memory reused, is what makes
// the raw feed cheap for the router's goroutine.
type RawReceiver interface {
	ReceiveRaw() bool
}

// RawBatch is a run of one router's BMP messages as the station received
// them, back to back.
type RawBatch struct {
	data  []byte
	ends  []int32 // message i is data[ends[i-1]:ends[i]]
	times []int64 // when the station received message i, Unix nanoseconds
	refs  atomic.Int32
	// A copy of a run of one message holds its end and time here.
	end1  [1]int32
	time1 [1]int64
}

// NewRawBatch returns an empty run with room for n messages and size
// octets of them, so that filling it up to there allocates nothing.
func NewRawBatch(n, size int) *RawBatch {
	return &RawBatch{data: make([]byte, 0, size), ends: make([]int32, 0, n), times: make([]int64, 0, n)}
}

// Len returns the number of messages in the run.
func (b *RawBatch) Len() int { return len(b.ends) }

// Size returns the octets of the run's messages.
func (b *RawBatch) Size() int { return len(b.data) }

// Clone returns a copy of the run that holds no more memory than it needs.
func (b *RawBatch) Clone() *RawBatch {
	c := &RawBatch{data: bytes.Clone(b.data)}
	if len(b.ends) == 1 {
		c.end1[0], c.time1[0] = b.ends[0], b.times[0]
		c.ends, c.times = c.end1[:], c.time1[:]
	} else {
		c.ends, c.times = slices.Clone(b.ends), slices.Clone(b.times)
	}
	return c
}

// Cap returns the octets the run holds in memory, used or not.
func (b *RawBatch) Cap() int { return cap(b.data) }

// Message returns message i of the run and when the station received it.
func (b *RawBatch) Message(i int) ([]byte, time.Time) {
	start := int32(0)
	if i > 0 {
		start = b.ends[i-1]
	}
	return b.data[start:b.ends[i]:b.ends[i]], time.Unix(0, b.times[i])
}

// Append adds a copy of msg, received at t, to the run.
func (b *RawBatch) Append(msg []byte, t time.Time) {
	b.data = append(b.data, msg...)
	b.ends = append(b.ends, int32(len(b.data)))
	b.times = append(b.times, t.UnixNano())
}

// Reset empties the run, keeping its memory.
func (b *RawBatch) Reset() {
	b.data, b.ends, b.times = b.data[:0], b.ends[:0], b.times[:0]
}

// Hold sets the number of holders of the run (the queues it is put in);
// Release returns true to the last one, after which it may be reused.
func (b *RawBatch) Hold(n int) { b.refs.Store(int32(n)) }

// Release gives back one hold: true when it was the last.
func (b *RawBatch) Release() bool { return b.refs.Add(-1) == 0 }

// RouteReceiver is implemented by sinks that may take no route events
// (EventRoute and EventEndOfRIB): the Kafka sink publishing its raw feed
// alone. When ReceiveRoutes returns false the station puts none in the
// sink's queue, and makes none when no sink takes them: one event per
// prefix is most of what a station with sinks does beside its RIB.
type RouteReceiver interface {
	ReceiveRoutes() bool
}

// SchemaVersion is the version of the event schema, the "v" field of
// every JSON event. It changes only when a field changes meaning or goes;
// new fields may be added within a version.
const SchemaVersion = 3

// EventType says what an Event reports.
type EventType uint8

// Event types.
const (
	EventRoute      EventType = iota + 1 // a route announced or withdrawn (Route Monitoring, RFC 7854 §4.6)
	EventEndOfRIB                        // an End-of-RIB marker (RFC 4724 §2) for one table and family
	EventPeerUp                          // a Peer Up Notification (RFC 7854 §4.10)
	EventPeerDown                        // a Peer Down Notification (RFC 7854 §4.9)
	EventStats                           // a Statistics Report (RFC 7854 §4.8)
	EventRouterUp                        // a router's BMP session started (Initiation, RFC 7854 §4.3)
	EventRouterDown                      // a router's BMP session ended (Termination, close or error)
	EventRaw                             // a run of BMP messages as the router sent them (Batch), only to sinks that ask (RawReceiver)
)

var eventTypeNames = [...]string{"", "route", "end_of_rib", "peer_up", "peer_down", "stats", "router_up", "router_down", "raw"}

// String returns the JSON name, e.g. "peer_down".
func (t EventType) String() string {
	if int(t) < len(eventTypeNames) && t != 0 {
		return eventTypeNames[t]
	}
	return "unknown"
}

// Event is one thing the station learned. Router is always set; Peer is
// set for every type but the router ones; the other fields belong to one
// type each, as their comments say.
type Event struct {
	Type EventType
	// Time is when it happened: the per-peer header's timestamp when the
	// router gave a plausible one, else when the station received it.
	Time time.Time
	// RouterTime is the per-peer header's timestamp as sent; zero when the
	// router sent 0 or the message has no per-peer header.
	RouterTime time.Time
	// Seq numbers the events of one router session from 1, so a consumer
	// can tell that it lost some.
	Seq uint64

	Router RouterRef
	Peer   PeerRef // not for router_up and router_down

	// route: one prefix; Path is nil for withdrawals and shared by the
	// routes of one UPDATE.
	Withdraw bool
	Family   bgp.Family // route, end_of_rib
	Route    bgp.Route  // Prefix masked; Off is meaningless here
	// Entry is the route of a family framed as NLRI entries (EVPN,
	// FlowSpec, BGP-LS ...: bgp.Family.Entries), as sent, after its Path
	// Identifier (which is Route.PathID); Route has no prefix then.
	Entry []byte
	Path  *Path

	PeerUp   *PeerUpInfo   // peer_up
	PeerDown *PeerDownInfo // peer_down
	Stats    []Stat        // stats
	Session  *SessionInfo  // router_up, router_down

	// raw: a run of the router's BMP messages as received (RawReceiver),
	// each with the time the station received it (RawBatch.Message);
	// Time is the first's. Router is the same for every message of a run.
	Batch *RawBatch
}

// RouterRef names the monitoring router.
type RouterRef struct {
	Name    string     // the station's name for the router (station.RouterIdentity: configured, sysName, BGP ID or address)
	Addr    netip.Addr // the address the BMP session comes from
	SysName string     // from the Initiation message, if any
	// Port is the session's TCP source port (0 when unknown): with Addr
	// it tells apart sessions of routers that share an address (behind
	// one NAT) before their names are settled.
	Port uint16
}

// PeerRef names a monitored peer and the table a message is about, as the
// per-peer header does (RFC 7854 §4.2).
type PeerRef struct {
	Type          bmp.PeerType
	Distinguisher bgp.RD
	Addr          netip.Addr
	AS            uint32
	BGPID         netip.Addr
	RIB           bmp.RIB
	TableName     string // Loc-RIB table or VRF name (RFC 9069), if known
}

// Path is the path of the routes one UPDATE announced, shared by their
// events: a bgp.Path over a copy of the UPDATE's path attributes field, so
// that it outlives the message and a sink can write the octets as they came
// (Bytes), and the verdict on them.
type Path struct {
	bgp.Path
	// Error is the RFC 7606 verdict when the UPDATE was malformed: the
	// NOTIFICATION name and the action taken.
	Error string
}

// NewPath keeps a copy of p (the path of an UPDATE just read, which
// aliases the message) with the verdict on it.
func NewPath(p *bgp.Path, verdict string) *Path {
	return &Path{Path: p.Clone(), Error: verdict}
}

// PeerUpInfo is what a Peer Up told about the session.
type PeerUpInfo struct {
	LocalAddr    netip.Addr
	LocalPort    uint16
	RemotePort   uint16
	SentOpen     OpenInfo // the OPEN the monitored router sent
	ReceivedOpen OpenInfo // the OPEN it received from the peer
	Information  []string // information TLVs, as "type: text"
	AS4          bool     // the session as read for Adj-RIB-In
	ExtendedMsg  bool
	AddPath      []string // families whose NLRI carry path identifiers
	Mismatches   []string // disagreements within the Peer Up
}

// OpenInfo is the gist of an OPEN message.
type OpenInfo struct {
	AS           uint32
	HoldTime     uint16
	BGPID        netip.Addr
	Capabilities []string // codes, e.g. "4-octet AS", "ADD-PATH"
}

// PeerDownInfo is why a peer went down.
type PeerDownInfo struct {
	Reason     bmp.PeerDownReason
	FSMEvent   uint16
	HasNotif   bool
	Code       uint8  // NOTIFICATION code (reasons 1 and 3)
	Subcode    uint8  // NOTIFICATION subcode
	NotifText  string // bgp.Notification.String(), e.g. "Cease/Administrative Shutdown (6/2)"
	RoutesGone int    // routes removed from the station's RIB
}

// Stat is one statistic of a Statistics Report.
type Stat struct {
	Type    bmp.StatType
	Name    string // the registry's meaning, or the exporter's where it differs
	Value   uint64
	Family  bgp.Family // for per-AFI/SAFI gauges
	Unknown bool       // a value of a layout the station does not read (Value is 0)
	Raw     []byte     // with Unknown: the value's octets as sent
}

// SessionInfo describes a router's BMP session for router_up and
// router_down.
type SessionInfo struct {
	SysName  string
	SysDescr string
	Info     []string // other Initiation strings
	Reason   string   // router_down: why it ended
	Messages uint64   // router_down: messages read in the session
}
