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
func (d *UpdateValues) Decode(msg []byte, s Session) error {
	if d.decodeFast(msg, s) {
		return nil
	}
	return d.decodeChecked(msg, s)
}

// reset empties d for the next message, keeping the storage.
func (d *UpdateValues) reset() {
	d.Withdrawn, d.NLRI = d.Withdrawn[:0], d.NLRI[:0]
	d.Origin, d.NextHop, d.MultiExitDisc, d.LocalPref = 0, netip.Addr{}, 0, 0
	d.ASPath.Segments = d.ASPath.Segments[:0]
	d.Aggregator, d.OriginatorID, d.OTC = Aggregator{}, netip.Addr{}, 0
	d.Communities, d.ClusterList = d.Communities[:0], d.ClusterList[:0]
	d.ExtCommunities, d.LargeCommunities = d.ExtCommunities[:0], d.LargeCommunities[:0]
	if d.labeled {
		for _, rs := range [...][]Route{d.Withdrawn, d.NLRI, d.MPReach.Routes, d.MPUnreach.Routes} {
			clear(rs[:cap(rs)])
		}
		d.labeled = false
	}
	d.MPReach = MPReach{Routes: d.MPReach.Routes[:0]}
	d.MPUnreach = MPUnreach{Routes: d.MPUnreach.Routes[:0]}
	d.Other = d.Other[:0]
	d.has = [4]uint64{}
}

// valueFlags has, for every registered attribute type, the flag test of
// Check: Optional and Transitive as the registry says, Partial only on
// optional transitive types. Unregistered types have an empty mask.
var valueFlags = func() (t [256]attrFast) {
	for typ := range attrTable {
		row := attrTable[typ]
		if row.name == "" || typ == 255 {
			continue
		}
		t[typ] = flagTest(&row)
	}
	return t
}()

// decodeFast is Decode for a well-formed message, in one pass: each field
// is checked as ParseUpdate checks it and decoded at once. It reports
// false, leaving d in no particular state, at the first thing that is not
// clean; decodeChecked then reads the message the long way, which finds
// and describes the problem.
func (d *UpdateValues) decodeFast(msg []byte, s Session) bool {
	n, ok := updateLen(msg, &s)
	if !ok || len(msg) < n {
		return false
	}
	msg = msg[:n:n]
	d.reset()
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
	u := &d.view
	u.msg, u.errs, u.sess = msg, nil, s
	u.wOff, u.wLen, u.aOff, u.aLen, u.nOff, u.aEnd = offWithdrawnRoutes, wLen, aOff, end-aOff, end, end
	u.reach, u.unreach, u.v4AddPath = mpNLRI{}, mpNLRI{}, v4
	// Suspect's test, on each NLRI field's first octet as the fields are
	// found (see UpdateView.Suspect).
	suspect := wLen > 0 && v4 == (msg[offWithdrawnRoutes] != 0)
	if wLen > 0 {
		if d.Withdrawn, ok = appendPrefixes4(d.Withdrawn, msg[:wEnd], offWithdrawnRoutes, v4); !ok {
			return false
		}
	}

	// Attribute types seen: those under 64 (nearly all) in a register.
	var seen0 uint64
	seen := &d.has
	attrs := msg[aOff:end]
	off := aOff
	// Senders order attributes by type (RFC 4271 §5, a SHOULD), so nearly
	// every UPDATE starts with ORIGIN (40 01 01, a value up to INCOMPLETE),
	// AS_PATH (40 02 and a length) and NEXT_HOP (40 03 04): each is taken
	// with one test of its header; anything else goes to the loop below.
	if len(attrs) >= 4 {
		if h := binary.BigEndian.Uint32(attrs); h>>8 == 0x400101 && byte(h) <= byte(OriginIncomplete) {
			d.Origin, seen0 = Origin(h), 1<<AttrOrigin
			attrs, off = attrs[4:], off+4
			if len(attrs) >= 3 && attrs[0] == 0x40 && attrs[1] == byte(AttrASPath) && 3+int(attrs[2]) <= len(attrs) {
				l := int(attrs[2])
				if !d.decodeASPath(attrs[3:3+l:3+l], s.AS4) {
					return false
				}
				seen0 |= 1 << AttrASPath
				attrs, off = attrs[3+l:], off+3+l
				if len(attrs) >= 7 && attrs[0] == 0x40 && attrs[1] == byte(AttrNextHop) && attrs[2] == 4 {
					d.NextHop = netip.AddrFrom4([4]byte(attrs[3:7]))
					seen0 |= 1 << AttrNextHop
					attrs, off = attrs[7:], off+7
				}
			}
		}
	}
	for len(attrs) > 0 {
		// Frame the attribute: flags, type, length, value.
		if len(attrs) < 3 {
			return false
		}
		flags, typ, hl, l := AttrFlags(attrs[0]), AttrType(attrs[1]), 3, int(attrs[2])
		if flags&FlagExtendedLength != 0 {
			if len(attrs) < 4 {
				return false
			}
			hl, l = 4, l<<8|int(attrs[3])
		}
		if hl+l > len(attrs) {
			return false
		}
		v := attrs[hl : hl+l : hl+l]
		attrs = attrs[hl+l:]
		ve := off + hl + l
		if fl := valueFlags[typ]; flags&fl.mask != fl.want {
			return false
		}
		if bit := uint64(1) << (typ % 64); typ < 64 {
			if seen0&bit != 0 {
				return false
			}
			seen0 |= bit
		} else {
			if seen[typ/64]&bit != 0 {
				return false
			}
			seen[typ/64] |= bit
		}
		// An expression switch, most frequent types first: compiled to
		// compare-and-branch, which predicts the sequence of types in a
		// message better than a jump table.
		switch {
		case typ == AttrOrigin:
			if len(v) != 1 || v[0] > byte(OriginIncomplete) {
				return false
			}
			d.Origin = Origin(v[0])
		case typ == AttrASPath:
			if !d.decodeASPath(v, s.AS4) {
				return false
			}
		case typ == AttrNextHop:
			if len(v) != 4 {
				return false
			}
			d.NextHop = netip.AddrFrom4([4]byte(v))
		case typ == AttrCommunities:
			if len(v) == 0 || len(v)&3 != 0 {
				return false
			}
			cs := grow(d.Communities, len(v)/4)
			for i := range cs {
				cs[i] = Community(binary.BigEndian.Uint32(v[4*i:]))
			}
			d.Communities = cs
		case typ == AttrMultiExitDisc:
			if len(v) != 4 {
				return false
			}
			d.MultiExitDisc = binary.BigEndian.Uint32(v)
		case typ == AttrMPReachNLRI:
			// parseMPReach's checks, with the NLRI decoded as they are checked.
			if len(v) < offMPNextHop+1 || len(v) < offMPNextHop+int(v[offMPNextHopLen])+1 {
				return false
			}
			nhl := int(v[offMPNextHopLen])
			m := &d.MPReach
			m.Family = Family{AFI(binary.BigEndian.Uint16(v)), SAFI(v[offMPSAFI])}
			m.NextHop = v[offMPNextHop : offMPNextHop+nhl : offMPNextHop+nhl]
			m.Reserved = v[offMPNextHop+nhl]
			start := off + hl + offMPNextHop + nhl + 1
			u.reach = mpNLRI{attr: uint16(off), off: uint16(start), n: uint16(ve - start), fam: m.Family,
				addPath: s.AddPath(m.Family), ok: true}
			if !m.Family.Prefixes() {
				m.RawNLRI = msg[start:ve:ve]
				break
			}
			if !validNextHopLen(m.Family, nhl) {
				return false
			}
			suspect = suspect || start < ve && u.reach.addPath == (msg[start] != 0)
			if m.Routes, ok = d.decodeRoutes(m.Routes, msg[:ve], start, m.Family, u.reach.addPath); !ok {
				return false
			}
		case typ == AttrLocalPref:
			if len(v) != 4 {
				return false
			}
			d.LocalPref = binary.BigEndian.Uint32(v)
		case typ == AttrLargeCommunities:
			if len(v) == 0 || len(v)%12 != 0 {
				return false
			}
			cs := grow(d.LargeCommunities, len(v)/12)
			for i := range cs {
				w := v[12*i : 12*i+12]
				cs[i] = LargeCommunity{binary.BigEndian.Uint32(w), binary.BigEndian.Uint32(w[4:]), binary.BigEndian.Uint32(w[8:])}
			}
			d.LargeCommunities = cs
		case typ == AttrExtCommunities:
			if len(v) == 0 || len(v)&7 != 0 {
				return false
			}
			cs := grow(d.ExtCommunities, len(v)/8)
			for i := range cs {
				cs[i] = ExtCommunity(v[8*i:])
			}
			d.ExtCommunities = cs
		case typ == AttrClusterList:
			if len(v) == 0 || len(v)&3 != 0 {
				return false
			}
			ids := grow(d.ClusterList, len(v)/4)
			for i := range ids {
				ids[i] = netip.AddrFrom4([4]byte(v[4*i:]))
			}
			d.ClusterList = ids
		case typ == AttrOriginatorID:
			if len(v) != 4 {
				return false
			}
			d.OriginatorID = netip.AddrFrom4([4]byte(v))
		case typ == AttrMPUnreachNLRI:
			if len(v) < 3 {
				return false
			}
			m := &d.MPUnreach
			m.Family = Family{AFI(binary.BigEndian.Uint16(v)), SAFI(v[offMPSAFI])}
			start := off + hl + 3
			u.unreach = mpNLRI{attr: uint16(off), off: uint16(start), n: uint16(ve - start), fam: m.Family,
				addPath: s.AddPath(m.Family), ok: true}
			if !m.Family.Prefixes() {
				m.RawNLRI = msg[start:ve:ve]
				break
			}
			suspect = suspect || start < ve && u.unreach.addPath == (msg[start] != 0)
			if m.Routes, ok = d.decodeRoutes(m.Routes, msg[:ve], start, m.Family, u.unreach.addPath); !ok {
				return false
			}
		case typ == AttrAtomicAggregate:
			if len(v) != 0 {
				return false
			}
		case typ == AttrAggregator:
			if s.AS4 && len(v) == 8 {
				d.Aggregator = Aggregator{binary.BigEndian.Uint32(v), netip.AddrFrom4([4]byte(v[4:]))}
			} else if !s.AS4 && len(v) == 6 {
				d.Aggregator = Aggregator{uint32(binary.BigEndian.Uint16(v)), netip.AddrFrom4([4]byte(v[2:]))}
			} else {
				return false
			}
			if d.Aggregator.AS == 0 {
				return false
			}
		case typ == AttrOTC:
			if len(v) != 4 {
				return false
			}
			d.OTC = binary.BigEndian.Uint32(v)
		default:
			a := AttrView{Flags: flags, Type: typ, Value: v, Off: off}
			if a.check(msg, &s) != nil {
				return false
			}
			d.Other = append(d.Other, a)
		}
		off = ve
	}

	// RFC 4271 §6.3, RFC 7606 §3(d): the mandatory attributes, as
	// checkAttrs asks for them; a message without them goes the long way.
	nLen := n - end
	need := uint64(1)<<AttrOrigin | uint64(1)<<AttrASPath
	if nLen > 0 {
		need |= uint64(1) << AttrNextHop
	}
	seen[0] = seen0
	if (nLen > 0 || u.reach.attr != 0) && seen0&need != need {
		return false
	}
	if nLen > 0 {
		suspect = suspect || v4 == (msg[end] != 0)
		if d.NLRI, ok = appendPrefixes4(d.NLRI, msg, end, v4); !ok {
			return false
		}
	}
	u.suspect = 1
	if suspect {
		u.suspect = 2
	}
	return true
}

// grow returns s resized to n elements, reusing its storage when it can.
// n is bounded by the message length.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/2)
	}
	return s[:n]
}

// decodeASPath decodes an AS_PATH value into d.ASPath, checking it as
// checkASPath does; the ASNs of all segments share one backing array.
func (d *UpdateValues) decodeASPath(v []byte, as4 bool) bool {
	// The common path: one AS_SEQUENCE of 4-octet ASNs filling the value.
	if as4 && len(v) >= 6 && SegmentType(v[0]) == SegmentSequence && len(v) == 2+4*int(v[1]) &&
		cap(d.asns) >= int(v[1]) && cap(d.ASPath.Segments) >= 1 {
		n := int(v[1])
		seg := d.asns[:n:n]
		src := v[2:]
		for j := range seg {
			if len(src) < 4 {
				return false // never: len(src) is 4*n
			}
			x := binary.BigEndian.Uint32(src)
			if x == 0 {
				return false // RFC 7607 §2
			}
			seg[j] = x
			src = src[4:]
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
			// Two ASNs per load; AS 0 is malformed (RFC 7607 §2).
			src = src[:4*n]
			j := 0
			for ; len(src) >= 8; j += 2 {
				x := binary.BigEndian.Uint64(src)
				hi, lo := uint32(x>>32), uint32(x)
				if hi == 0 || lo == 0 || j+1 >= len(seg) {
					return false
				}
				seg[j], seg[j+1] = hi, lo
				src = src[8:]
			}
			if len(src) >= 4 && j < len(seg) {
				if seg[j] = binary.BigEndian.Uint32(src); seg[j] == 0 {
					return false
				}
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

// decodeRoutes appends the routes of the NLRI field msg[off:] of family
// f, checked as checkRoutes checks them; ok is false at a malformed entry.
func (d *UpdateValues) decodeRoutes(rs []Route, msg []byte, off int, f Family, addPath bool) ([]Route, bool) {
	kind := f.kind()
	if kind == nlriPrefix {
		if f.AFI == AFIIPv6 {
			return appendPrefixes6(rs, msg, off, addPath)
		}
		return appendPrefixes4(rs, msg, off, addPath)
	}
	d.labeled = true
	for off < len(msg) {
		r, n, err := parseRoute(msg[off:], off, f, addPath, kind)
		if err != nil {
			return rs, false
		}
		rs = append(rs, r)
		off += n
	}
	return rs, true
}

// prefixMask4LE keeps the first n octets (in memory order) of a
// little-endian word.
var prefixMask4LE = [8]uint32{0, 0xff, 0xffff, 0xffffff, 0xffffffff}

// slot extends rs by one element and returns it; storage it adds is
// zeroed.
func slot(rs []Route) ([]Route, *Route) {
	n := len(rs)
	if n == cap(rs) {
		rs = append(rs, Route{})[:n]
	}
	rs = rs[:n+1]
	return rs, &rs[n]
}

// appendPrefixes4 and appendPrefixes6 append the routes of the NLRI field
// msg[off:] of IPv4 or IPv6 plain prefixes, as routeCursor.step decodes
// them and checkRoutes accepts them; ok is false at a malformed entry.
// They write Prefix, PathID and Off in place: the other fields of rs's
// storage are zero (see UpdateValues.labeled). A loop per family keeps
// the loop's state in registers.
func appendPrefixes4(rs []Route, msg []byte, off int, addPath bool) ([]Route, bool) {
	if off > len(msg) {
		return rs, false
	}
	b := msg[off:]
	if !addPath {
		// While 5 octets remain, the length octet and a whole word can be
		// read, and a prefix of up to 32 bits fits: one test per route.
		for len(b) >= 5 {
			bits := uint(b[0])
			if bits > 32 {
				return rs, false
			}
			nb := (bits + 7) >> 3
			var a [4]byte
			binary.LittleEndian.PutUint32(a[:], binary.LittleEndian.Uint32(b[1:])&prefixMask4LE[nb&7])
			at := len(msg) - len(b)
			b = b[1+nb:]
			var r *Route
			rs, r = slot(rs)
			r.Prefix = netip.PrefixFrom(netip.AddrFrom4(a), int(bits))
			r.PathID, r.Off = 0, at
		}
	} else {
		// The same with a Path Identifier first (RFC 7911 §3).
		for len(b) >= 9 {
			id := binary.BigEndian.Uint32(b)
			bits := uint(b[4])
			if bits > 32 {
				return rs, false
			}
			nb := (bits + 7) >> 3
			var a [4]byte
			binary.LittleEndian.PutUint32(a[:], binary.LittleEndian.Uint32(b[5:])&prefixMask4LE[nb&7])
			at := len(msg) - len(b)
			b = b[5+nb:]
			var r *Route
			rs, r = slot(rs)
			r.Prefix = netip.PrefixFrom(netip.AddrFrom4(a), int(bits))
			r.PathID, r.Off = id, at
		}
	}
	// b slides over the field: fewer index computations and bounds checks
	// than offsets into msg.
	for len(b) > 0 {
		at := len(msg) - len(b)
		var id uint32
		if addPath {
			if len(b) < 5 {
				return rs, false
			}
			id = binary.BigEndian.Uint32(b)
			b = b[4:]
		}
		bits := uint(b[0])
		nb := (bits + 7) >> 3
		if bits > 32 || uint(len(b)) < 1+nb {
			return rs, false
		}
		// The address octets, in wire order, the ones past the prefix's
		// zeroed: a little-endian word keeps wire order in memory, so that
		// AddrFrom4 reads it back with a single load.
		var a [4]byte
		if len(b) >= 5 {
			binary.LittleEndian.PutUint32(a[:], binary.LittleEndian.Uint32(b[1:])&prefixMask4LE[nb&7])
		} else {
			// The last prefix of the message: fewer than 4 octets follow.
			switch nb {
			case 3:
				a[2] = b[3]
				fallthrough
			case 2:
				a[1] = b[2]
				fallthrough
			case 1:
				a[0] = b[1]
			}
		}
		b = b[1+nb:]
		var r *Route
		rs, r = slot(rs)
		r.Prefix = netip.PrefixFrom(netip.AddrFrom4(a), int(bits))
		r.PathID, r.Off = id, at
	}
	return rs, true
}

func appendPrefixes6(rs []Route, msg []byte, off int, addPath bool) ([]Route, bool) {
	for i := off; i < len(msg); {
		at := i
		var id uint32
		if addPath {
			if i+5 > len(msg) {
				return rs, false
			}
			id = binary.BigEndian.Uint32(msg[i:])
			i += 4
		}
		bits := uint(msg[i])
		nb := int(bits+7) >> 3
		i++
		if bits > 128 || i+nb > len(msg) {
			return rs, false
		}
		var a [16]byte
		if p := msg[i:]; len(p) >= 16 {
			m := &prefixMask16[nb&31]
			binary.BigEndian.PutUint64(a[:], binary.BigEndian.Uint64(p)&m[0])
			binary.BigEndian.PutUint64(a[8:], binary.BigEndian.Uint64(p[8:])&m[1])
		} else {
			copy(a[:], p[:nb])
		}
		i += nb
		var r *Route
		rs, r = slot(rs)
		r.Prefix = netip.PrefixFrom(netip.AddrFrom16(a), int(bits))
		r.PathID, r.Off = id, at
	}
	return rs, true
}

// decodeChecked is Decode the long way: ParseUpdate checks and describes
// the message, then each attribute that passes Check is read through its
// getter and each route field through its iterator, up to the first
// malformed entry. It gives the same values as decodeFast for a
// well-formed message.
func (d *UpdateValues) decodeChecked(msg []byte, s Session) error {
	d.reset()
	d.labeled = true // the iterators fill whole Routes
	var err error
	if d.view, err = ParseUpdate(msg, s); err != nil {
		return err
	}
	u := &d.view
	var seen [256 / 64]uint64
	for a := range u.Attrs() {
		bit := uint64(1) << (a.Type % 64)
		if seen[a.Type/64]&bit != 0 {
			continue // RFC 7606 §3(g): the first one counts
		}
		seen[a.Type/64] |= bit
		if a.check(u.msg, &u.sess) != nil {
			continue
		}
		d.has[a.Type/64] |= bit
		d.setChecked(a)
	}
	collect := func(rs *[]Route) func(Route, error) bool {
		return func(r Route, err error) bool {
			if err == nil {
				*rs = append(*rs, r)
			}
			return err == nil
		}
	}
	walkRoutes(u.msg[u.wOff:u.wOff+u.wLen], u.wOff, IPv4Unicast, u.v4AddPath, collect(&d.Withdrawn))
	walkRoutes(u.msg[u.nOff:], u.nOff, IPv4Unicast, u.v4AddPath, collect(&d.NLRI))
	if d.Has(AttrMPReachNLRI) {
		a, _ := ParseAttr(u.msg[u.reach.attr:u.aEnd])
		a.Off = int(u.reach.attr)
		m, _ := a.MPReach(u.sess)
		d.MPReach.Family, d.MPReach.NextHop, d.MPReach.Reserved = m.Family, m.NextHop, m.Reserved
		if m.Family.Prefixes() {
			m.Routes()(collect(&d.MPReach.Routes))
		} else {
			d.MPReach.RawNLRI = m.NLRI
		}
	}
	if d.Has(AttrMPUnreachNLRI) {
		a, _ := ParseAttr(u.msg[u.unreach.attr:u.aEnd])
		a.Off = int(u.unreach.attr)
		m, _ := a.MPUnreach(u.sess)
		d.MPUnreach.Family = m.Family
		if m.Family.Prefixes() {
			m.Routes()(collect(&d.MPUnreach.Routes))
		} else {
			d.MPUnreach.RawNLRI = m.Withdrawn
		}
	}
	return nil
}

// setChecked reads the checked attribute a into its field through the
// AttrView getters. The MP attributes are read by decodeChecked.
func (d *UpdateValues) setChecked(a AttrView) {
	as4 := d.view.sess.AS4
	switch a.Type {
	case AttrOrigin:
		d.Origin, _ = a.Origin()
	case AttrASPath:
		p, _ := a.ASPath(as4)
		d.ASPath = ownedASPath(p)
	case AttrNextHop:
		d.NextHop, _ = a.NextHop()
	case AttrMultiExitDisc:
		d.MultiExitDisc, _ = a.Uint32()
	case AttrLocalPref:
		d.LocalPref, _ = a.Uint32()
	case AttrAtomicAggregate:
	case AttrAggregator:
		d.Aggregator, _ = a.Aggregator(as4)
	case AttrCommunities:
		cs, _ := a.Communities()
		for c := range cs.All() {
			d.Communities = append(d.Communities, c)
		}
	case AttrOriginatorID:
		d.OriginatorID, _ = a.OriginatorID()
	case AttrClusterList:
		ids, _ := a.ClusterList()
		for id := range ids.All() {
			d.ClusterList = append(d.ClusterList, id)
		}
	case AttrExtCommunities:
		cs, _ := a.ExtCommunities()
		for c := range cs.All() {
			d.ExtCommunities = append(d.ExtCommunities, c)
		}
	case AttrLargeCommunities:
		cs, _ := a.LargeCommunities()
		for c := range cs.All() {
			d.LargeCommunities = append(d.LargeCommunities, c)
		}
	case AttrOTC:
		d.OTC, _ = a.Uint32()
	case AttrMPReachNLRI, AttrMPUnreachNLRI:
	default:
		d.Other = append(d.Other, a)
	}
}
