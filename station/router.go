package station

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/rib"
)

// router is one router's BMP session: a goroutine reads its connection in
// order (run), decodes each message, applies it to the RIB and the peer
// state, and hands events to the sinks. The router stays listed after the
// session ends, with why it ended.
//
// The session goroutine is the only writer of the fields below mu: it
// reads them freely and writes them holding mu; the API reads them
// holding mu shared. Counters are atomic.
type router struct {
	st    *Station
	key   string // its name (RouterIdentity), set once by settleName
	addr  netip.AddrPort
	raw   net.Conn // the TCP connection, closed by shutdown
	conn  net.Conn // what is read: raw, or TLS over it
	since time.Time
	log   *slog.Logger

	connected atomic.Bool
	stopping  atomic.Bool   // the station is shutting down
	replaced  atomic.Bool   // a new session of the same router took over
	done      chan struct{} // closed when finish is done
	shutOnce  sync.Once
	routerTraffic
	buffered   atomic.Int64 // the reader's buffer
	held       atomic.Int64 // peer state and mirrored messages
	decodeErrs [numDecodeErrKinds]atomic.Uint64
	overPeers  atomic.Uint64 // messages about peers (or tables) beyond the caps, ignored

	mu          sync.RWMutex
	initiated   time.Time // when the Initiation came; zero if none yet
	sysName     string
	sysDescr    string
	info        []string // other Initiation TLVs, as text
	vendor      exporter
	terminated  string // the Termination's reason, if one came
	closedAt    time.Time
	closeReason string
	peers       map[rib.PeerID]*peerState
	mirror      mirrorRing

	// The session goroutine's own.
	bmpPeers                      *bmp.Peers       // made with the first message
	values                        bgp.UpdateValues // the last UPDATE, decoded in one pass (reused)
	reading                       bmp.Reading      // how it was read
	feed                          *rib.Feed        // the RIB, through the table of the last UPDATE
	seq                           uint64
	announced                     bool // router_up sent
	sr                            *stallReader
	peerCapLogged, tableCapLogged bool
	namer                         Namer
	named, numbered               bool             // settleName has run; the name has a "~N" (not the router's own)
	rawRun                        *output.RawBatch // the raw messages not yet in the queues of the raw sinks (raw.go)
	rawRef                        output.RouterRef // the router as the run's first message named it
	rawTime                       time.Time        // when the run's first message came
}

// exporter is the implementation the Initiation's sysDescr names, for
// the quirks that depend on it.
type exporter uint8

const (
	exporterUnknown exporter = iota
	exporterFRR
	exporterGoBGP
)

func newRouter(st *Station, addr netip.AddrPort, c net.Conn) *router {
	r := &router{
		st:    st,
		addr:  addr,
		raw:   c,
		conn:  c,
		since: time.Now(),
		log:   st.log.With("addr", addr.Addr().String()),
		peers: map[rib.PeerID]*peerState{},
	}
	r.mirror.keep = st.cfg.MirrorKeep
	r.done = make(chan struct{})
	r.namer.ID = RouterIdentity{Configured: st.names[addr.Addr()], Addr: addr.Addr()}
	r.connected.Store(true)
	return r
}

func (r *router) isConnected() bool { return r.connected.Load() }

// memory returns the octets the router makes the station hold: buffered
// (its read buffer) and held (peer state, mirrored messages, its tables
// and routes). Its routes are counted by the RIB as they change, and priced at the
// RIB's average octets per route (refreshed every second; defaultRouteCost
// until the first refresh), so the figure is current whenever it is asked.
func (r *router) memory() (buffered, held int64) {
	return r.memoryOf(r.st.db.RouterUsage(r.key))
}

// memoryOf is memory from the router's route count, table count and
// octets of NLRI entries.
func (r *router) memoryOf(routes, tables int, entryBytes int64) (buffered, held int64) {
	cost := math.Float64frombits(r.st.routeCost.Load())
	if cost == 0 {
		cost = defaultRouteCost
	}
	// A route kept as an NLRI entry (EVPN, FlowSpec, BGP-LS ...) costs a
	// route and its entry's octets.
	h := r.held.Load() + int64(float64(routes)*cost) + int64(tables)*tableCost + entryBytes
	return r.buffered.Load(), h
}

// defaultRouteCost prices a route before the RIB has been measured: its
// IPv4 entry and a share of an attribute set, generously.
const defaultRouteCost = 64

// shutdown closes the connection because the station is stopping; run
// then ends the session.
func (r *router) shutdown() {
	r.shutOnce.Do(func() {
		r.stopping.Store(true)
		r.raw.Close()
	})
}

// replace closes the connection because a new session of the same router
// has come; run then ends the session (done is closed when it has).
func (r *router) replace() {
	r.replaced.Store(true)
	r.raw.Close()
}

// errMemoryCap ends a session whose router makes the station hold more
// than max_router_memory.
var errMemoryCap = errors.New("memory cap exceeded")

// run reads the session until it ends, then cleans up.
func (r *router) run() {
	st := r.st
	r.log.Info("router connected", "addr", r.addr.String())
	sr := newStallReader(r.conn, st.cfg.StallTimeout)
	rd := bmp.NewReader(sr)
	rd.SetMaxMessageLen(st.cfg.MaxMessageSize)
	// The read buffer is accounted as it grows, before each read: a
	// message arriving slowly counts from its first octets, not once whole.
	sr.check = func() error {
		r.flushRaw() // before the goroutine may wait for the router
		r.buffered.Store(int64(rd.BufferSize()))
		return r.overCap()
	}
	r.sr = sr
	var reason, kind string
	for {
		msg, err := rd.Next()
		if err != nil {
			reason, kind = r.readError(err)
			break
		}
		now := sr.at // when the read that completed msg returned
		err = r.handle(msg, now)
		r.publishRaw(msg, now)
		// Counted once the message is applied, so that a reader of the
		// API who sees the count also sees what the message changed.
		r.bytes.Add(uint64(len(msg)))
		if err != nil {
			st.m.decodeErrs.WithLabelValues("message").Inc()
			r.decodeErrs[decodeErrMessage].Add(1)
			reason, kind = "malformed message at stream offset "+strconv.FormatInt(rd.Offset(), 10)+": "+err.Error(), "error"
			break
		}
		if err := r.overCap(); err != nil {
			reason, kind = err.Error(), "memory"
			break
		}
	}
	r.finish(reason, kind)
}

// overCap returns an error when the router makes the station hold more
// than max_router_memory.
func (r *router) overCap() error {
	// The session's goroutine asks after every message: through its Feed,
	// without the RIB's lock.
	var b, h int64
	if r.feed != nil {
		b, h = r.memoryOf(r.feed.RouterUsage(r.key))
	} else {
		b, h = r.memory()
	}
	if b+h > r.st.cfg.MaxRouterMemory {
		return fmt.Errorf("%w: %d octets held, max_router_memory %d", errMemoryCap, b+h, r.st.cfg.MaxRouterMemory)
	}
	return nil
}

// readError names why reading stopped.
func (r *router) readError(err error) (reason, kind string) {
	switch {
	case r.stopping.Load():
		return "station shutting down", "shutdown"
	case r.replaced.Load():
		return "replaced by a new session of the same router", "replaced"
	case errors.Is(err, io.EOF):
		r.mu.RLock()
		term := r.terminated
		r.mu.RUnlock()
		if term != "" {
			return "terminated: " + term, "terminated"
		}
		return "connection closed without Termination", "closed"
	case errors.Is(err, errMemoryCap):
		var se *bmp.StreamError
		if errors.As(err, &se) {
			return se.Err.Error(), "memory"
		}
		return err.Error(), "memory"
	case isTimeout(err):
		return r.sr.stallReason(), "stalled"
	}
	var se *bmp.StreamError
	if errors.As(err, &se) {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return "connection closed in the middle of a message", "closed"
		}
		var be *bmp.Error
		if errors.As(err, &be) {
			r.st.m.decodeErrs.WithLabelValues("stream").Inc()
			r.decodeErrs[decodeErrStream].Add(1)
			return "malformed stream: " + err.Error(), "error"
		}
	}
	return "read error: " + err.Error(), "closed"
}

// finish ends the session: the connection is closed, the router's
// tables are cleared or marked stale, and the router is listed as
// disconnected.
func (r *router) finish(reason, kind string) {
	st := r.st
	now := time.Now()
	if !r.named {
		r.settleName(r.namer.Final())
	}
	r.conn.Close()
	r.raw.Close()
	r.flushRaw()
	r.mu.Lock()
	r.closedAt, r.closeReason = now, reason
	// Nobody tells the state of the peers any more: those that were up
	// must not go on showing "up".
	for _, p := range r.peers {
		if p.status == peerUp {
			p.status, p.since = peerRouterGone, now
		}
	}
	r.mu.Unlock()
	r.connected.Store(false)
	st.m.sessions.WithLabelValues(kind).Inc()
	attrs := []any{"reason", reason, "messages", r.messageCount(), "octets", r.bytes.Load()}
	if kind == "error" || kind == "stalled" || kind == "memory" {
		r.log.Warn("router session ended", attrs...)
	} else {
		r.log.Info("router session ended", attrs...)
	}
	if r.feed != nil {
		r.feed.Close() // its changes into the history before the tables go
	}
	// Tables: kept as they are on shutdown (the process is ending), kept
	// stale for the grace time when the router can come back under the
	// same key, cleared otherwise.
	switch {
	case kind == "shutdown":
	case st.cfg.StaleGrace > 0 && kind != "memory" && !r.numbered:
		st.db.MarkStale(r.key, now.Add(st.cfg.StaleGrace))
	default:
		st.db.ClearRouter(r.key)
	}
	if r.announced {
		ev := &output.Event{Type: output.EventRouterDown, Time: now, Router: r.ref()}
		ev.Session = &output.SessionInfo{SysName: r.sysName, SysDescr: r.sysDescr, Reason: reason, Messages: r.messageCount()}
		r.emit(ev)
	}
	st.unregister(r)
	close(r.done)
}

func (r *router) messageCount() uint64 {
	var n uint64
	for i := range r.msgs {
		n += r.msgs[i].Load()
	}
	return n
}

// handle decodes one message and acts on it. An error ends the session:
// the message does not have the layout its type calls for, and BMP has no
// way to tell what else is wrong with the stream.
func (r *router) handle(msg []byte, now time.Time) error {
	v, err := bmp.ParseMessage(msg)
	if err != nil {
		return err
	}
	if r.bmpPeers == nil {
		r.bmpPeers = bmp.NewPeers(r.st.cfg.MaxPeers)
		r.bmpPeers.SetAFISAFIDisable(r.st.cfg.MPErrorAction == MPErrorAFISAFIDisable)
		r.feed = r.st.db.Feed()
	}
	t := v.Type()
	i := msgIndex(t)
	// Counted once the message is applied (see run).
	defer func() {
		r.msgs[i].Add(1)
	}()
	if !r.named {
		if name, ok := r.namer.Message(v); ok {
			r.settleName(name)
		}
	}
	if !r.announced && r.named && t != bmp.MsgInitiation {
		if r.initiated.IsZero() {
			// RFC 7854 §4.3: the Initiation comes first. Say the router
			// is up anyway.
			r.st.m.quirks.WithLabelValues("no_initiation").Inc()
		}
		r.routerUp(now)
	}
	switch t {
	case bmp.MsgRouteMonitoring:
		r.routeMonitoring(v, now)
	case bmp.MsgStatisticsReport:
		return r.statistics(v, now)
	case bmp.MsgPeerDown:
		return r.peerDown(v, now)
	case bmp.MsgPeerUp:
		r.peerUp(v, now)
	case bmp.MsgInitiation:
		return r.initiation(v, now)
	case bmp.MsgTermination:
		return r.termination(v)
	case bmp.MsgRouteMirroring:
		return r.mirroring(v, now)
	}
	return nil
}

// routeMonitoring applies a Route Monitoring message (RFC 7854 §4.6) to
// the RIB, reading its UPDATE with the session bmp.Peers chooses.
func (r *router) routeMonitoring(v bmp.MessageView, now time.Time) {
	rm, _ := v.RouteMonitoring()
	h := rm.Peer()
	p := r.peer(h, now)
	if p == nil {
		return
	}
	// The one reading of an UPDATE, in one pass (bmp.Peers.Decode): the RIB
	// and the events take its routes from the same slices.
	err := r.bmpPeers.Decode(rm, &r.values, &r.reading)
	rd, u := &r.reading, r.values.View()
	k := h.RIB()
	var c *ribCounters
	if int(k) < len(p.ribs) {
		c = &p.ribs[k]
		c.messages.Add(1)
		c.last.Store(now.UnixNano())
	}
	if rd.RouteRefresh {
		// An exporter's quirk, not a decode error (bmp.Reading.RouteRefresh).
		r.st.m.quirks.WithLabelValues("route_refresh_in_route_monitoring").Inc()
		return
	}
	r.countReading(c, *rd, err)
	if err != nil {
		r.st.m.decodeErrs.WithLabelValues("update").Inc()
		r.decodeErrs[decodeErrUpdate].Add(1)
		r.log.Debug("Route Monitoring UPDATE cannot be located; skipped", "peer", rd.Peer.String(), "err", err)
		return
	}
	tableName := p.tableName
	if name, ok := rm.TableName(); ok {
		tableName = name
	}
	if !r.allowTable(p, h, tableName) {
		return
	}
	added, withdrawn, aerr := r.feed.ApplyValues(r.tableKey(h, tableName), &r.values, now)
	// Left alone when there is nothing to add (most UPDATEs only announce
	// or only withdraw).
	if added != 0 {
		r.changes[changeAnnounce].Add(uint64(added))
	}
	if withdrawn != 0 {
		r.changes[changeWithdraw].Add(uint64(withdrawn))
	}
	if c != nil {
		if added != 0 {
			c.announced.Add(uint64(added))
		}
		if withdrawn != 0 {
			c.withdrawn.Add(uint64(withdrawn))
		}
	}
	verdict := u.Verdict()
	if aerr != nil {
		if errors.Is(aerr, rib.ErrMaxRoutes) {
			r.changes[changeRefused].Add(1)
		}
		var be *bgp.Error
		if errors.As(aerr, &be) {
			verdict = be
		}
	}
	if verdict != nil {
		r.st.m.decodeErrs.WithLabelValues("rib_verdict").Inc()
		r.decodeErrs[decodeErrVerdict].Add(1)
		if c != nil {
			c.verdicts.Add(1)
		}
	}
	if len(r.st.routes) == 0 {
		return
	}
	tm, rt := r.times(h, now)
	if f, ok := u.EndOfRIB(); ok {
		ev := r.newEvent(output.EventEndOfRIB, h, tableName, tm, rt)
		ev.Family = f
		r.emit(ev)
		return
	}
	r.routeEvents(h, tableName, &r.values, verdict, tm, rt)
}

// countReading counts how bmp.Peers read an UPDATE.
func (r *router) countReading(c *ribCounters, rd bmp.Reading, err error) {
	m := r.st.m.readings
	if err != nil {
		if c != nil {
			c.unframed.Add(1)
		}
		return
	}
	if rd.Fallback&bmp.FallbackAS4 != 0 {
		m.WithLabelValues("fallback_as4").Inc()
		if c != nil {
			c.fallbackAS4.Add(1)
		}
	}
	if rd.Fallback&bmp.FallbackAddPath != 0 {
		m.WithLabelValues("fallback_add_path").Inc()
		if c != nil {
			c.fallbackAddPath.Add(1)
		}
	}
	if !rd.Clean {
		m.WithLabelValues("inconsistent").Inc()
		if c != nil {
			c.inconsistent.Add(1)
		}
	}
	if !rd.PeerUp {
		m.WithLabelValues("no_peer_up").Inc()
		if c != nil {
			c.noPeerUp.Add(1)
		}
	}
	if rd.AFlag {
		m.WithLabelValues("a_flag").Inc()
		if c != nil {
			c.aFlag.Add(1)
		}
	}
}

// times returns an event's time and the router's timestamp: the per-peer
// header's timestamp when it is within cfg.TimestampSkew of the receive
// time, else the receive time. FRR sends 0 in some Route Monitoring and
// the host's boot time in some Peer Up and Down messages.
func (r *router) times(h bmp.PeerHeader, recv time.Time) (event, router time.Time) {
	router = h.Time()
	if router.IsZero() {
		return recv, router
	}
	if d := router.Sub(recv); d > r.st.cfg.TimestampSkew || d < -r.st.cfg.TimestampSkew {
		r.st.m.quirks.WithLabelValues("router_timestamp_ignored").Inc()
		return recv, router
	}
	return router, router
}

// ref names the router in events.
func (r *router) ref() output.RouterRef {
	return output.RouterRef{Name: r.key, Addr: r.addr.Addr(), SysName: r.sysName, Port: r.addr.Port()}
}

// newEvent returns an event about the peer h names.
func (r *router) newEvent(t output.EventType, h bmp.PeerHeader, tableName string, tm, rt time.Time) *output.Event {
	return &output.Event{Type: t, Time: tm, RouterTime: rt, Router: r.ref(), Peer: peerRef(h, tableName)}
}

// emit numbers an event and hands it to the sinks.
func (r *router) emit(ev *output.Event) {
	if len(r.st.queues) == 0 {
		return
	}
	r.seq++
	ev.Seq = r.seq
	r.flushRaw() // the messages before it go first
	r.st.publish(ev)
}

// routerUp announces the session.
func (r *router) routerUp(now time.Time) {
	r.announced = true
	ev := &output.Event{Type: output.EventRouterUp, Time: now, Router: r.ref()}
	ev.Session = &output.SessionInfo{SysName: r.sysName, SysDescr: r.sysDescr, Info: r.info}
	r.emit(ev)
}
