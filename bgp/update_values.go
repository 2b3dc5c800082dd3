package bgp

import (
	"encoding/binary"
	"net/netip"
)

// UpdateValues is an UPDATE decoded whole: every attribute bgplens has a
// Go type for, as that value, and every route of the families of prefixes,
// in storage that the next Decode reuses. It is the fast way to read every
// message of a stream (a collector, an archiver): one pass over the
// message checks it as ParseUpdate does and fills the fields, with no
// allocation once the slices have grown to fit the largest message seen.
//
// Fields hold the first attribute of each type; Has says which are
// present and well formed, and a field whose attribute is absent holds its
// zero value. Slices alias the message or storage that the next Decode
// overwrites: copy what must outlive it. A zero UpdateValues is ready to
// use; it is not safe for concurrent use.
//
// The view of the same message (ParseUpdate's result, with Verdict and
// Errors) comes with it: View.
type UpdateValues struct {
	Withdrawn []Route // the IPv4 Withdrawn Routes field (RFC 4271 §4.3)
	NLRI      []Route // the IPv4 Network Layer Reachability Information field

	Origin           Origin     // ORIGIN, RFC 4271 §5.1.1
	ASPath           ASPath     // AS_PATH, RFC 4271 §5.1.2, with the session's AS width
	NextHop          netip.Addr // NEXT_HOP, RFC 4271 §5.1.3
	MultiExitDisc    uint32     // MULTI_EXIT_DISC, RFC 4271 §5.1.4
	LocalPref        uint32     // LOCAL_PREF, RFC 4271 §5.1.5
	Aggregator       Aggregator // AGGREGATOR, RFC 4271 §5.1.7 (ATOMIC_AGGREGATE: Has only)
	Communities      Communities
	OriginatorID     netip.Addr // ORIGINATOR_ID, RFC 4456 §8
	ClusterList      ClusterList
	MPReach          MPReach   // MP_REACH_NLRI, RFC 4760 §3: NextHop aliases the message; NextHops decodes it
	MPUnreach        MPUnreach // MP_UNREACH_NLRI, RFC 4760 §4; in both, families kept raw (EVPN, FlowSpec ...) are in RawNLRI
	ExtCommunities   ExtCommunities
	LargeCommunities LargeCommunities
	OTC              uint32 // Only to Customer, RFC 9234 §5

	// Other holds the well-formed attributes that have no field above
	// (AS4_PATH, AIGP, unrecognized optional ones ...), in message order.
	Other []AttrView

	has  [256 / 64]uint64
	asns []uint32 // backing of ASPath's segments
	view UpdateView

	// path is the view's Path, made when first asked for: a reader that
	// takes only the values (the comparison harness, the RIB) does not
	// pay for the spans.
	path   Path
	pathOK bool

	// labeled is set when a Route with a label stack or an RD was stored:
	// appendPrefixes4/6 write only the fields of a plain prefix, so reset
	// clears the route storage then.
	labeled bool
}

// Has reports whether the message holds a well-formed attribute of type t
// (the first one of that type), whose value is then in its field or in
// Other.
func (d *UpdateValues) Has(t AttrType) bool { return d.has[t/64]&(1<<(t%64)) != 0 }

// View returns the view of the message Decode last read: its sections,
// raw attributes, Verdict and Errors. It is valid until the next Decode.
func (d *UpdateValues) View() *UpdateView { return &d.view }

// Path returns the path of the message Decode last read (UpdateView.Path):
// its path attributes field with where each common attribute starts. It
// aliases the message and is valid until the next Decode; Clone keeps it.
func (d *UpdateValues) Path() *Path {
	if !d.pathOK {
		d.path, d.pathOK = d.view.Path(), true
	}
	return &d.path
}

// Verdict is View().Verdict(): nil for a well-formed UPDATE, else the
// strongest problem and the RFC 7606 action it calls for.
func (d *UpdateValues) Verdict() *Error { return worstError(d.view.errs) }

// Decode reads the UPDATE message msg (header included) with the
// session's AS width and ADD-PATH families, replacing what d held. Its
// error is ParseUpdate's: only when the sections cannot be located (a
// session reset, RFC 7606 §4).
//
// A malformed message is decoded as far as it reads: an attribute that
// fails its checks is left out (Has is false for its type; the MP
// attributes' routes go with them), and a route field stops at its first
// malformed entry. Verdict says what RFC 7606 asks the receiver to do.
func (d *UpdateValues) Decode(msg []byte, s Session) error { return d.DecodeSession(msg, &s) }

// DecodeSession is Decode with the session by reference: a reader that
// keeps its sessions (bmp.Peers) passes them without a copy.
func (d *UpdateValues) DecodeSession(msg []byte, s *Session) error {
	if d.decodeFast(msg, s) {
		return nil
	}
	return d.decodeChecked(msg, *s)
}

// DecodeClean is Decode for a reader that has its own way with the
// messages that are not well-formed (bmp.Peers): it decodes msg with the
// session *s, passed by reference, and reports whether the message is
// well-formed (Verdict nil), in which case d holds it as Decode would.
// When it reports false, d is in no particular state: Decode the message
// before using d.
func (d *UpdateValues) DecodeClean(msg []byte, s *Session) bool { return d.decodeFast(msg, s) }

// reset empties d for the next message, keeping the storage. With all
// false it zeroes only the fields of the attributes Has reports: those
// are the only ones a Decode that returned writes (decodeFast's failures
// go on to decodeChecked, whose reset is whole).
func (d *UpdateValues) reset(all bool) {
	was := d.has[0]
	if all {
		was = ^uint64(0)
	}
	d.Withdrawn, d.NLRI = d.Withdrawn[:0], d.NLRI[:0]
	d.Origin, d.MultiExitDisc, d.LocalPref, d.OTC = 0, 0, 0, 0
	d.ASPath.Segments = d.ASPath.Segments[:0]
	d.Communities, d.ClusterList = d.Communities[:0], d.ClusterList[:0]
	d.ExtCommunities, d.LargeCommunities = d.ExtCommunities[:0], d.LargeCommunities[:0]
	if d.labeled {
		for _, rs := range [...][]Route{d.Withdrawn, d.NLRI, d.MPReach.Routes, d.MPUnreach.Routes} {
			clear(rs[:cap(rs)])
		}
		d.labeled = false
	}
	// The fields of several words, each zeroed only if it was set.
	if was&(1<<AttrNextHop) != 0 {
		d.NextHop = netip.Addr{}
	}
	if was&(1<<AttrAggregator|1<<AttrOriginatorID) != 0 {
		d.Aggregator, d.OriginatorID = Aggregator{}, netip.Addr{}
	}
	if was&(1<<AttrMPReachNLRI) != 0 {
		d.MPReach = MPReach{Routes: d.MPReach.Routes[:0]}
	}
	if was&(1<<AttrMPUnreachNLRI) != 0 {
		d.MPUnreach = MPUnreach{Routes: d.MPUnreach.Routes[:0]}
	}
	d.MPReach.Routes, d.MPUnreach.Routes = d.MPReach.Routes[:0], d.MPUnreach.Routes[:0]
	d.Other = d.Other[:0]
	d.has = [4]uint64{}
	d.pathOK = false
}

// valueFlags has, for every registered attribute type, the flag test of
// Check: Optional and Transitive as the registry says, Partial only on
// optional transitive types, as the mask in the low octet and the bits
// wanted under it in the high one (one load). Unregistered types have an
// empty mask.
var valueFlags = func() (t [256]uint16) {
	for typ := range attrTable {
		row := attrTable[typ]
		if row.name == "" || typ == 255 {
			continue
		}
		f := flagTest(&row)
		t[typ] = uint16(f.mask) | uint16(f.want)<<8
	}
	return t
}()

// decodeFast is Decode for a well-formed message, in one pass: each field
// is checked as ParseUpdate checks it and decoded at once. It reports
// false, leaving d in no particular state, at the first thing that is not
// clean; decodeChecked then reads the message the long way, which finds
// and describes the problem.
func (d *UpdateValues) decodeFast(msg []byte, s *Session) bool {
	n, ok := updateLen(msg, s)
	if !ok || len(msg) < n {
		return false
	}
	msg = msg[:n:n]
	d.reset(false)
	wLen := int(binary.BigEndian.Uint16(msg[OffWithdrawnRoutesLen:]))
	wEnd := offWithdrawnRoutes + wLen
	if wEnd+2 > n {
		return false
	}
	aOff := wEnd + 2
	end := aOff + int(binary.BigEndian.Uint16(msg[wEnd:]))
	if end > n {
		return false
	}
	v4 := s.addPathIPv4Unicast()
	u := &d.view // a statement per struct: a tuple assignment copies through temporaries
	u.sess = *s
	u.msg, u.errs, u.v4AddPath = msg, nil, v4
	u.wOff, u.wLen, u.aOff, u.aLen, u.nOff, u.aEnd = offWithdrawnRoutes, wLen, aOff, end-aOff, end, end
	u.reach = mpNLRI{}
	u.unreach = mpNLRI{}
	// UpdateView.Suspect's test, on each NLRI field as it is found: 2 once
	// one is suspect.
	u.suspect = 1
	if wLen > 0 {
		if v4 == (msg[offWithdrawnRoutes] != 0) {
			u.suspect = 2
		}
		if d.Withdrawn, ok = appendPrefixes4(d.Withdrawn, msg[:wEnd], offWithdrawnRoutes, v4); !ok {
			return false
		}
	}
	// The attributes that take no call, then the one that stopped them
	// (fastRun), until the end.
	attrs, seen0 := msg[:end], uint64(0)
	for off := aOff; ; {
		at, hl, l, st := 0, 0, 0, attrsDone
		if at, seen0, hl, l, st = d.fastRun(attrs, off, seen0); st == attrsDone {
			break
		} else if st == attrsFail {
			return false
		}
		off = at + hl + l
		if !d.fastCall(attrs, attrs[at+hl:off:off], AttrFlags(attrs[at]), AttrType(attrs[at+1]), at, hl) {
			return false
		}
	}
	// The MP attributes fastRun found (an attribute starts past the
	// UPDATE's header: offset 0 is none).
	if at := int(u.reach.attr); at != 0 && !d.fastMPReach(attrs, at) {
		return false
	}
	if at := int(u.unreach.attr); at != 0 && !d.fastMPUnreach(attrs, at) {
		return false
	}
	d.has[0] |= seen0
	// The mandatory attributes, as checkAttrs asks for them (RFC 4271
	// §6.3, RFC 7606 §3(d); a message without them goes the long way),
	// then the IPv4 NLRI field.
	need := uint64(1)<<AttrOrigin | uint64(1)<<AttrASPath
	if end < n {
		need |= uint64(1) << AttrNextHop
	}
	if (end < n || u.reach.attr != 0) && seen0&need != need {
		return false
	}
	if end < n {
		if v4 == (msg[end] != 0) {
			u.suspect = 2
		}
		d.NLRI, ok = appendPrefixes4(d.NLRI, msg, end, v4)
	}
	return ok
}

// How fastRun stops.
const (
	attrsDone uint8 = iota // at the end of the attributes
	attrsFail              // at one that is not clean
	attrsCall              // at one fastCall is to take
)

// fastRun decodes the attributes from attrs[off:] that take no call.
//
// On the first call (nothing seen yet), the attributes nearly every
// UPDATE starts with: senders order attributes by type (RFC 4271 §5, a
// SHOULD), so ORIGIN (40 01 01, a value up to INCOMPLETE), AS_PATH (40 02
// and a length) and NEXT_HOP (40 03 04) are each taken with one test of
// their header; the AS_PATH's call comes before the loop.
//
// Then a loop without a call, which keeps its state in registers: one
// switch on the type, compiled to a jump table, each common type's value
// decoded in its case into storage that is already there, the case going
// on to the next attribute. The types are recorded in seen0 as they are
// met (the first of each type counts, RFC 7606 §3(g); those from 64 up,
// rare, in d.has). The MP attributes are only recorded where they are, in
// the fields of their NLRI span (see valueOf): decodeFast takes them
// after the loop. It stops at the end, at a fault, or at an attribute
// that falls out of the switch (AS_PATH out of place, a list longer than
// its storage, a type with no field, a value a case refuses), which it
// leaves to fastCall: at its offset, header length hl and value length l.
func (d *UpdateValues) fastRun(attrs []byte, off int, seen0 uint64) (at int, seen uint64, hl, l int, st uint8) {
	var ok bool
	if b := attrs[off:]; seen0 == 0 && len(b) >= 7 {
		if h := binary.BigEndian.Uint32(b); h>>8 == 0x400101 && byte(h) <= byte(OriginIncomplete) {
			d.Origin, seen0, off = Origin(h), 1<<AttrOrigin, off+4
			if n := 7 + int(b[6]); binary.BigEndian.Uint16(b[4:6]) == 0x4000|uint16(AttrASPath) && n <= len(b) {
				if !d.decodeASPath(b[7:n:n], d.view.sess.AS4) {
					return off, seen0, 0, 0, attrsFail
				}
				seen0, off = seen0|1<<AttrASPath, off+n-4
				if n+7 <= len(b) && binary.BigEndian.Uint32(b[n:n+4])>>8 == 0x400004|uint32(AttrNextHop)<<8 {
					d.NextHop = netip.AddrFrom4([4]byte(b[n+3 : n+7]))
					seen0, off = seen0|1<<AttrNextHop, off+7
				}
			}
		}
	}
	for off < len(attrs) {
		b := attrs[off:] // flags, type, length, value
		if len(b) < 3 {
			return off, seen0, 0, 0, attrsFail
		}
		flags, typ := AttrFlags(b[0]), AttrType(b[1])
		hl, l = 3, int(b[2])
		if flags&FlagExtendedLength != 0 {
			if len(b) < 4 {
				return off, seen0, 0, 0, attrsFail
			}
			hl, l = 4, l<<8|int(b[3])
		}
		if l > len(b)-hl {
			return off, seen0, 0, 0, attrsFail
		}
		v := b[hl : hl+l : hl+l]
		if fl := valueFlags[typ]; flags&AttrFlags(fl) != AttrFlags(fl>>8) {
			return off, seen0, 0, 0, attrsFail
		}
		if typ < 64 {
			if seen0&(1<<typ) != 0 {
				return off, seen0, 0, 0, attrsFail
			}
			seen0 |= 1 << typ
		} else if !firstOf(&d.has, typ) {
			return off, seen0, 0, 0, attrsFail
		}
		at := off
		off += hl + l
		switch typ {
		case AttrOrigin:
			if d.Origin, ok = originOf(v); ok {
				continue
			}
		case AttrNextHop:
			if d.NextHop, ok = addr4Of(v); ok {
				continue
			}
		case AttrMultiExitDisc:
			if d.MultiExitDisc, ok = uint32Of(v); ok {
				continue
			}
		case AttrLocalPref:
			if d.LocalPref, ok = uint32Of(v); ok {
				continue
			}
		case AttrAtomicAggregate:
			if len(v) == 0 {
				continue
			}
		case AttrAggregator:
			if d.Aggregator.AS, ok = aggregatorAS(v, d.view.sess.AS4); ok {
				d.Aggregator.Address = netip.AddrFrom4([4]byte(v[len(v)-4:]))
				continue
			}
		case AttrCommunities:
			if cap(d.Communities) >= len(v)/4 {
				if d.Communities, ok = communitiesOf(d.Communities, v); ok {
					continue
				}
			}
		case AttrOriginatorID:
			if d.OriginatorID, ok = addr4Of(v); ok {
				continue
			}
		case AttrClusterList:
			if cap(d.ClusterList) >= len(v)/4 {
				if d.ClusterList, ok = clusterListOf(d.ClusterList, v); ok {
					continue
				}
			}
		case AttrExtCommunities:
			if cap(d.ExtCommunities) >= len(v)/8 {
				if d.ExtCommunities, ok = extCommunitiesOf(d.ExtCommunities, v); ok {
					continue
				}
			}
		case AttrLargeCommunities:
			if cap(d.LargeCommunities) >= len(v)/12 {
				if d.LargeCommunities, ok = largeCommunitiesOf(d.LargeCommunities, v); ok {
					continue
				}
			}
		case AttrOTC:
			if d.OTC, ok = uint32Of(v); ok {
				continue
			}
		case AttrMPReachNLRI:
			r := &d.view.reach
			r.attr, r.off, r.n = uint16(at), uint16(at+hl), uint16(l)
			continue
		case AttrMPUnreachNLRI:
			r := &d.view.unreach
			r.attr, r.off, r.n = uint16(at), uint16(at+hl), uint16(l)
			continue
		}
		return at, seen0, hl, l, attrsCall
	}
	return off, seen0, 0, 0, attrsDone
}

// fieldTypes are the attribute types that have a field in UpdateValues:
// one of these that fastRun's case refuses is not clean.
const fieldTypes = 1<<AttrOrigin | 1<<AttrASPath | 1<<AttrNextHop | 1<<AttrMultiExitDisc |
	1<<AttrLocalPref | 1<<AttrAtomicAggregate | 1<<AttrAggregator | 1<<AttrCommunities |
	1<<AttrOriginatorID | 1<<AttrClusterList | 1<<AttrMPReachNLRI | 1<<AttrMPUnreachNLRI |
	1<<AttrExtCommunities | 1<<AttrLargeCommunities | uint64(1)<<AttrOTC

// fastCall is fastRun's way for what its switch does not finish: the
// attribute at off (header hl octets, value v, in attrs) is decoded with
// the calls it takes, its list grown to fit, or checked and kept in
// Other; false when it is not clean.
func (d *UpdateValues) fastCall(attrs, v []byte, flags AttrFlags, typ AttrType, off, hl int) (ok bool) {
	switch typ {
	case AttrASPath:
		return d.decodeASPath(v, d.view.sess.AS4)
	case AttrCommunities:
		d.Communities, ok = communitiesOf(room[Community](len(v)/4), v)
	case AttrClusterList:
		d.ClusterList, ok = clusterListOf(room[netip.Addr](len(v)/4), v)
	case AttrExtCommunities:
		d.ExtCommunities, ok = extCommunitiesOf(room[ExtCommunity](len(v)/8), v)
	case AttrLargeCommunities:
		d.LargeCommunities, ok = largeCommunitiesOf(room[LargeCommunity](len(v)/12), v)
	default:
		if typ < 64 && fieldTypes&(1<<typ) != 0 {
			return false
		}
		return d.fastOther(v, flags, typ, off)
	}
	return ok
}

// firstOf records that an attribute of type typ (64 or over) was seen,
// reporting false if one already was.
func firstOf(seen *[4]uint64, typ AttrType) bool {
	bit := uint64(1) << (typ % 64)
	w := &seen[typ/64]
	if *w&bit != 0 {
		return false
	}
	*w |= bit
	return true
}

// fastOther checks an attribute that has no field (AS4_PATH, AIGP,
// unrecognized optional ones ...) and keeps it in Other. The attribute
// (flags, type, value v, at off) is passed in parts: the AttrView is made
// only here.
func (d *UpdateValues) fastOther(v []byte, flags AttrFlags, typ AttrType, off int) bool {
	a := AttrView{Flags: flags, Type: typ, Value: v, Off: off}
	if a.check(d.view.msg, &d.view.sess) != nil {
		return false
	}
	d.Other = append(d.Other, a)
	return true
}

// valueOf returns the value of the MP attribute r, which fastRun
// recorded in r's fields (its offset, where its value starts, how long it
// is), and its header's length.
func valueOf(msg []byte, r *mpNLRI) (v []byte, hl int) {
	vs, ve := int(r.off), int(r.off)+int(r.n)
	return msg[vs:ve:ve], vs - int(r.attr)
}

// fastMPReach decodes MP_REACH_NLRI (the attribute at off in msg) as
// parseMPReach checks it, the NLRI decoded as they are checked, with
// Suspect's test of its NLRI.
func (d *UpdateValues) fastMPReach(msg []byte, off int) bool {
	u := &d.view
	r := &u.reach
	v, hl := valueOf(msg, r)
	if len(v) < offMPNextHop+1 || len(v) < offMPNextHop+int(v[offMPNextHopLen])+1 {
		return false
	}
	nhl := int(v[offMPNextHopLen])
	// The family in a local: m's fields are memory the stores below
	// might alias, so the compiler would load it again at each use.
	f := Family{AFI(binary.BigEndian.Uint16(v)), SAFI(v[offMPSAFI])}
	m := &d.MPReach
	m.Family, m.Reserved = f, v[offMPNextHop+nhl]
	m.NextHop = v[offMPNextHop : offMPNextHop+nhl : offMPNextHop+nhl]
	start, ve := off+hl+offMPNextHop+nhl+1, off+hl+len(v)
	addPath := u.sess.addPathMP(f)
	// Field by field: a composite value is built in a stack temporary.
	r.off, r.n, r.fam, r.ok, r.addPath = uint16(start), uint16(ve-start), f, true, addPath
	if !f.Prefixes() {
		m.RawNLRI = msg[start:ve:ve]
		return true
	}
	if !validNextHopLen(f, nhl) {
		return false
	}
	d.suspectMP(msg, start, ve, addPath)
	var ok bool
	// IPv6 unicast, nearly every MP attribute, takes no call but its
	// prefix loop's (decodeRoutes does not inline).
	if f == IPv6Unicast {
		m.Routes, ok = appendPrefixes6(m.Routes, msg[:ve], start, addPath)
	} else {
		m.Routes, ok = d.decodeRoutes(m.Routes, msg[:ve], start, f, addPath)
	}
	return ok
}

// fastMPUnreach is fastMPReach for MP_UNREACH_NLRI.
func (d *UpdateValues) fastMPUnreach(msg []byte, off int) bool {
	u := &d.view
	r := &u.unreach
	v, hl := valueOf(msg, r)
	if len(v) < 3 {
		return false
	}
	f := Family{AFI(binary.BigEndian.Uint16(v)), SAFI(v[offMPSAFI])}
	d.MPUnreach.Family = f
	start, ve := off+hl+3, off+hl+len(v)
	addPath := u.sess.addPathMP(f)
	r.off, r.n, r.fam, r.ok, r.addPath = uint16(start), uint16(ve-start), f, true, addPath
	m := &d.MPUnreach
	if !f.Prefixes() {
		m.RawNLRI = msg[start:ve:ve]
		return true
	}
	d.suspectMP(msg, start, ve, addPath)
	var ok bool
	if f == IPv6Unicast { // as in fastMPReach
		m.Routes, ok = appendPrefixes6(m.Routes, msg[:ve], start, addPath)
	} else {
		m.Routes, ok = d.decodeRoutes(m.Routes, msg[:ve], start, f, addPath)
	}
	return ok
}

// suspectMP is Suspect's test of an MP attribute's NLRI field
// msg[start:ve] of a family of prefixes.
func (d *UpdateValues) suspectMP(msg []byte, start, ve int, addPath bool) {
	if start < ve && addPath == (msg[start] != 0) {
		d.view.suspect = 2
	}
}

// room returns empty storage for n elements and half as many more: for
// a list longer than any seen before. n is bounded by the message length.
func room[T any](n int) []T { return make([]T, 0, n+n/2) }

// decodeASPath decodes an AS_PATH value into d.ASPath, checking it as
// checkASPath does; the ASNs of all segments share one backing array.
func (d *UpdateValues) decodeASPath(v []byte, as4 bool) bool {
	// The common path: one AS_SEQUENCE of 4-octet ASNs filling the value.
	if as4 && len(v) >= 6 && SegmentType(v[0]) == SegmentSequence && len(v) == 2+4*int(v[1]) &&
		cap(d.asns) >= int(v[1]) && cap(d.ASPath.Segments) >= 1 {
		n := int(v[1])
		seg := d.asns[:n:n]
		if !asns4(seg, v[2:]) {
			return false
		}
		segs := d.ASPath.Segments[:1]
		segs[0].Type, segs[0].ASNs = SegmentSequence, seg
		d.ASPath.Segments = segs
		return true
	}
	w := 2
	if as4 {
		w = 4
	}
	// At most len(v)/w ASNs: grow once, so that segments share one array.
	if cap(d.asns) < len(v)/w {
		d.asns = make([]uint32, len(v)/w+len(v)/(2*w))
	}
	asns, segs := d.asns[:cap(d.asns)], d.ASPath.Segments[:0]
	k := 0 // ASNs stored
	for len(v) > 0 {
		if len(v) < 2 {
			return false
		}
		t, n := SegmentType(v[0]), int(v[1])
		src := v[2:]
		if t < SegmentSet || t > SegmentConfedSet || n == 0 || n*w > len(src) || k+n > len(asns) {
			return false
		}
		seg := asns[k : k+n : k+n]
		if as4 {
			if !asns4(seg, src[:4*n]) {
				return false
			}
		} else {
			src = src[:2*n]
			for j := range seg {
				x := uint32(binary.BigEndian.Uint16(src[2*j:]))
				if x == 0 {
					return false
				}
				seg[j] = x
			}
		}
		k += n
		v = v[2+n*w:]
		if len(segs) == cap(segs) {
			segs = append(segs, ASSegment{})[:len(segs)]
		}
		segs = segs[:len(segs)+1]
		sg := &segs[len(segs)-1]
		sg.Type, sg.ASNs = t, seg
	}
	d.ASPath.Segments = segs
	return true
}

// asns4 decodes the 4-octet ASNs of src, 4*len(seg) octets, into seg,
// reporting false if one is AS 0, which is malformed (RFC 7607 §2). The
// loop has no branch but its own, and the function is small enough to
// be inlined on decodeASPath's common path.
func asns4(seg []uint32, src []byte) bool {
	if len(src) < 4*len(seg) {
		return false
	}
	least := ^uint32(0)
	for j := range seg {
		x := binary.BigEndian.Uint32(src[4*j : 4*j+4])
		seg[j], least = x, min(least, x)
	}
	return least != 0
}
