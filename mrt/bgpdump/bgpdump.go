// Package bgpdump writes MRT records as the one-line formats of RIPE NCC's
// bgpdump: `bgpdump -m` (Unix timestamps) and `bgpdump -M` (dates, and
// fewer fields), so that scripts built on them keep working. Records are
// read with package mrt and their BGP contents with package bgp (through
// mrt/mrtbgp).
//
// The output is bgpdump's wherever bgpdump reads the record right. Where
// it does not, this package prints what the record says, and
// docs/bgpdump-format.md lists each difference and why.
package bgpdump

import (
	"io"
	"net/netip"
	"strconv"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/mrt/filter"
)

// Writer turns records into lines. It keeps the PEER_INDEX_TABLE of the
// dump being read, and buffers its output: call Flush at the end.
type Writer struct {
	dst   io.Writer // nil for a Parallel's worker, whose batch takes out
	out   []byte    // lines not yet written to dst
	err   error     // dst's first error
	human bool      // -M

	peers    []mrt.Peer
	peerText [][]byte // "ADDRESS|AS|" of each peer
	nhCache  [64]struct {
		addr netip.Addr
		text []byte
	}
	cache  *attrCache // RIB entries' attribute texts
	uv     bgp.UpdateValues
	errs   []*bgp.Error // a RIB entry's problems, for Stats.Malformed
	la     lineAttrs    // the attributes of the path being written
	msg    []byte       // a BGP message with its header restored
	line   []byte
	pfx    []byte // the start of every line of the record: FORMAT|TIME|
	prefix []byte // a RIB record's "PREFIX|"
	wpfx   []byte // an UPDATE's W lines up to the prefix
	apfx   []byte // its A lines up to the prefix
	tail   []byte // its A lines after the prefix (and path identifier)
	// legacy is set for records of the deprecated BGP type, whose lines
	// bgpdump writes a little differently.
	legacy bool

	// Filter, when set, keeps the lines of the routes it selects (state
	// lines only when it has no route condition).
	Filter *filter.Filter
	path   []byte // the AS path as text, for Filter.ASPath
	Stats  Stats
}

// Stats counts what the Writer saw that bgpdump would not print the same.
type Stats struct {
	Lines          int // lines written
	Fallbacks      int // UPDATEs read with ADD-PATH toggled (Path Identifiers the subtype does not announce)
	PathIDMismatch int // RIB records whose entries only fit the other ADD-PATH reading
	NoPeerIndex    int // RIB entries before any PEER_INDEX_TABLE, or naming a peer it does not have
	Malformed      int // UPDATEs and RIB entries whose attributes bgp reports a problem in
}

// NewWriter returns a Writer to w; human selects -M's format.
func NewWriter(w io.Writer, human bool) *Writer {
	return &Writer{dst: w, out: make([]byte, 0, writerBuffer), human: human, cache: newAttrCache(attrCacheBuckets, attrCacheArena)}
}

// writerBuffer is how much output a Writer gathers before writing it.
const writerBuffer = 256 << 10

// Flush writes what is buffered, and returns the first error of the
// writes so far.
func (w *Writer) Flush() error {
	if len(w.out) > 0 && w.err == nil {
		_, w.err = w.dst.Write(w.out)
	}
	w.out = w.out[:0]
	return w.err
}

// Record writes the lines of one record. Records bgpdump prints nothing
// for (OPEN, KEEPALIVE, NOTIFICATION, PEER_INDEX_TABLE, unknown types)
// give no line. The error is the record's body's, when it cannot be read.
func (w *Writer) Record(rec mrt.RecordView) error {
	switch rec.Kind() {
	case mrt.KindPeerIndex:
		t, err := rec.PeerIndex()
		w.peers = t.Peers
		// Every RIB line names its peer: its "ADDRESS|AS|" is made once.
		w.peerText = w.peerText[:0]
		for _, p := range t.Peers {
			b := appendAddr(nil, p.IP)
			b = append(b, '|')
			b = strconv.AppendUint(b, uint64(p.AS), 10)
			w.peerText = append(w.peerText, append(b, '|'))
		}
		return err
	case mrt.KindRIB:
		return w.rib(rec)
	case mrt.KindRIBGeneric:
		return w.rib(rec)
	case mrt.KindTableDump:
		return w.tableDump(rec)
	case mrt.KindBGP4MPMessage, mrt.KindBGP4MPState, mrt.KindLegacyMessage, mrt.KindLegacyState:
		v, err := rec.BGP4MP()
		if err != nil {
			return err
		}
		if v.Message == nil {
			w.state(rec, &v)
			return nil
		}
		return w.message(rec, &v)
	}
	return nil
}

// timeText appends the time of a line: seconds, or -M's date, and the
// microseconds of the _ET types.
func (w *Writer) timeText(b []byte, sec uint32, h *mrt.Header) []byte {
	if w.human {
		b = time.Unix(int64(sec), 0).UTC().AppendFormat(b, "01/02/06 15:04:05")
	} else {
		b = strconv.AppendUint(b, uint64(sec), 10)
	}
	if h != nil && h.Type.Extended() {
		b = append(b, '.')
		b = appendPadded(b, h.Microseconds%1000000, 6)
	}
	return b
}

func appendPadded(b []byte, v uint32, n int) []byte {
	var d [10]byte
	s := strconv.AppendUint(d[:0], uint64(v), 10)
	for i := len(s); i < n; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// emit writes the line and counts it.
func (w *Writer) emit(b []byte) {
	w.line = b[:0]
	w.commit(append(w.out, b...))
}

// commit keeps the line appended to w.out (out is w.out and the line:
// the lines most written, RIB entries', are made in place) and counts it.
func (w *Writer) commit(out []byte) {
	w.out = out
	if len(w.out) >= writerBuffer && w.dst != nil {
		w.Flush()
	}
	w.Stats.Lines++
}

// keepRecord asks the filter about a record's time and peer.
func (w *Writer) keepRecord(sec uint32, peer netip.Addr, as uint32) bool {
	return w.Filter == nil || w.Filter.Record(filter.Session{Time: time.Unix(int64(sec), 0), PeerIP: peer, PeerAS: as})
}

// keepRoute asks the filter about one route of the path p.
func (w *Writer) keepRoute(pfx netip.Prefix, withdraw bool, p *bgp.Path, as4 bool) bool {
	f := w.Filter
	if f == nil {
		return true
	}
	var path string
	if f.NeedsPath() && !withdraw {
		w.path = appendASPath(w.path[:0], &w.la, as4) // w.la holds p's attributes
		path = string(w.path)
	}
	return f.Route(pfx, withdraw, p, path)
}

// state writes a state change: FORMAT|TIME|STATE|PEER|AS|OLD|NEW.
func (w *Writer) state(rec mrt.RecordView, v *mrt.BGP4MP) {
	if w.Filter != nil && (!w.keepRecord(rec.Timestamp, v.PeerIP, v.PeerAS) || w.Filter.RouteConditions()) {
		return
	}
	b := append(w.line[:0], stateFormat(rec.Type)...)
	b = append(b, '|')
	b = w.timeText(b, rec.Timestamp, &rec.Header)
	b = append(b, "|STATE|"...)
	b = appendAddr(b, peerAddr(v))
	b = append(b, '|')
	b = strconv.AppendUint(b, uint64(v.PeerAS), 10)
	b = append(b, '|')
	b = strconv.AppendUint(b, uint64(v.OldState), 10)
	b = append(b, '|')
	b = strconv.AppendUint(b, uint64(v.NewState), 10)
	w.emit(append(b, '\n'))
}

// stateFormat is the first field of state lines: the type's name
// (package mrt's, as bgpdump spells it too), "BGP" for the old BGP type.
func stateFormat(t mrt.Type) string {
	if t == mrt.TypeBGP4MP || t == mrt.TypeBGP4MPET {
		return t.String()
	}
	return "BGP"
}

// peerAddr is the address of the peer of a record: unset (printed as
// 0.0.0.0) in Zebra's shortened records.
func peerAddr(v *mrt.BGP4MP) netip.Addr {
	if !v.PeerIP.IsValid() {
		return netip.IPv4Unspecified()
	}
	return v.PeerIP
}

// appendAddr prints an address as bgpdump does: dotted quad for IPv4;
// for IPv6 the groups in lower-case hex without leading zeros and the
// longest run of zero groups (the first of equals) as "::" even when it is
// a single group, which RFC 5952 §4.2.2 does not do; an IPv4-mapped or
// IPv4-compatible address ends in dotted quad.
func appendAddr(b []byte, a netip.Addr) []byte {
	if !a.Is6() {
		return a.AppendTo(b)
	}
	x := a.As16()
	var g [8]uint16
	for i := range g {
		g[i] = uint16(x[2*i])<<8 | uint16(x[2*i+1])
	}
	best, bestLen := -1, 0
	for i := 0; i < 8; {
		if g[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && g[j] == 0 {
			j++
		}
		if j-i > bestLen {
			best, bestLen = i, j-i
		}
		i = j
	}
	for i := 0; i < 8; i++ {
		if best >= 0 && i >= best && i < best+bestLen {
			if i == best {
				b = append(b, ':')
			}
			continue
		}
		if i != 0 {
			b = append(b, ':')
		}
		if i == 6 && best == 0 && (bestLen == 6 || bestLen == 5 && g[5] == 0xffff) {
			return netip.AddrFrom4([4]byte(x[12:])).AppendTo(b)
		}
		b = strconv.AppendUint(b, uint64(g[i]), 16)
	}
	if best >= 0 && best+bestLen == 8 {
		b = append(b, ':')
	}
	return b
}
