package bgp

import (
	"iter"
	"net/netip"
)

// Path is the path of a route: its path attributes (RFC 4271 §4.3) as a
// view over the octets of a path attributes field, read with the session
// they were sent in. It is built alike from an UPDATE (UpdateView.Path), an
// attribute set kept apart from its UPDATE (ReadPath: a RIB's interned set,
// an MRT RIB entry), and answers the questions every output asks of a path
// in one place: the AS path and aggregator with the RFC 6793 merge, the
// next hop of a family's routes, and the path as JSON (AppendJSON).
//
// The attributes are framed once, when the Path is made; where the first
// attribute of each common type starts is recorded then, so the getters do
// not walk the list again. As RFC 7606 §3(g) says, only the first of
// several attributes of one type counts. Getters return ok false when the
// attribute is absent or does not read; they do not judge flags (Check
// does). A Path aliases the octets it was made from.
type Path struct {
	raw  []byte  // the path attributes field
	base int     // offset of raw in the buffer that AttrView.Off refers to
	sess Session // the session the attributes were sent in
	end  int     // end of the attributes that frame cleanly
	at   [numPathSlots]uint32
	// others: an attribute of a type without a slot, or a repeat, is
	// present; without one, at knows every attribute of the path.
	others bool
	// rib is set by ReadRIBPath: MP_REACH_NLRI may be RFC 6396's
	// abbreviated form, read with family ribFam.
	rib    bool
	ribFam Family
}

// pathSlots numbers the attribute types whose first occurrence a Path
// records; at[slot] is its offset in raw plus one, or 0.
var pathSlots = func() (t [256]uint8) {
	for i, typ := range [...]AttrType{
		AttrOrigin, AttrASPath, AttrNextHop, AttrMultiExitDisc, AttrLocalPref, AttrAtomicAggregate,
		AttrAggregator, AttrCommunities, AttrOriginatorID, AttrClusterList, AttrMPReachNLRI,
		AttrMPUnreachNLRI, AttrExtCommunities, AttrAS4Path, AttrAS4Aggregator, AttrLargeCommunities,
		AttrAIGP, AttrOTC, AttrIPv6ExtCommunities,
	} {
		t[typ] = uint8(i + 1)
	}
	return t
}()

const numPathSlots = 20

// ReadPath makes the Path of a path attributes field read with session s.
// The error, if any, is the first attribute that does not frame, with its
// offset in attrs; the Path then holds the attributes before it.
func ReadPath(attrs []byte, s Session) (Path, error) {
	p := Path{raw: attrs, sess: s}
	off := 0
	for off < len(attrs) {
		// frameAttr, inline: flags, type, length; the value is not looked at.
		end := len(attrs) + 1
		if off+3 <= len(attrs) {
			end = off + 3 + int(attrs[off+2])
			if AttrFlags(attrs[off])&FlagExtendedLength != 0 {
				end = len(attrs) + 1
				if off+4 <= len(attrs) {
					end = off + 4 + (int(attrs[off+2])<<8 | int(attrs[off+3]))
				}
			}
		}
		if end > len(attrs) {
			_, err := ParseAttr(attrs[off:])
			if e, ok := err.(*Error); ok {
				e.Off += off
			}
			p.end = off
			return p, err
		}
		if sl := pathSlots[attrs[off+1]]; sl != 0 && p.at[sl] == 0 {
			p.at[sl] = uint32(off) + 1
		} else {
			p.others = true
		}
		off = end
	}
	p.end = off
	return p, nil
}

// Path returns the path of the UPDATE's routes: its attributes that frame
// cleanly, with offsets relative to the message.
func (u UpdateView) Path() Path {
	end := min(u.aEnd, len(u.msg))
	if end < u.aOff {
		end = u.aOff
	}
	p, _ := ReadPath(u.msg[u.aOff:end], u.sess)
	p.base = u.aOff
	return p
}

// Clone returns a copy of p over its own copy of the attributes, which
// outlives the buffer p was made in; the spans p recorded come with it.
func (p *Path) Clone() Path {
	q := *p
	q.raw = append([]byte(nil), p.raw...)
	return q
}

// Bytes returns the path attributes field the Path reads (aliased).
func (p *Path) Bytes() []byte { return p.raw }

// Session returns the session the attributes are read with.
func (p *Path) Session() Session { return p.sess }

// All iterates over the attributes that frame, in order, duplicates
// included. Their Off is relative to the buffer the Path was made in (the
// message, for UpdateView.Path).
func (p *Path) All() iter.Seq[AttrView] {
	return func(yield func(AttrView) bool) {
		for off := 0; off < p.end; {
			a, next := p.attrAt(off)
			if !yield(a) {
				return
			}
			off = next
		}
	}
}

// attrAt returns the attribute at offset off of the attributes that
// frame (ReadPath checked their lengths: none is checked again), and the
// offset of the next.
func (p *Path) attrAt(off int) (a AttrView, next int) {
	raw := p.raw[:p.end]
	vs, ve := off+3, off+3+int(raw[off+2])
	if AttrFlags(raw[off])&FlagExtendedLength != 0 {
		vs, ve = off+4, off+4+(int(raw[off+2])<<8|int(raw[off+3]))
	}
	return AttrView{Flags: AttrFlags(raw[off]), Type: AttrType(raw[off+1]), Value: raw[vs:ve:ve], Off: p.base + off}, ve
}

// Attr returns the first attribute of type t.
func (p *Path) Attr(t AttrType) (AttrView, bool) {
	if sl := pathSlots[t]; sl != 0 {
		at := p.at[sl]
		if at == 0 {
			return AttrView{}, false
		}
		a, _ := p.attrAt(int(at - 1))
		return a, true
	}
	for a := range p.All() {
		if a.Type == t {
			return a, true
		}
	}
	return AttrView{}, false
}

// Has reports whether the path holds an attribute of type t.
func (p *Path) Has(t AttrType) bool {
	_, ok := p.Attr(t)
	return ok
}

// Origin returns the ORIGIN (RFC 4271 §5.1.1).
func (p *Path) Origin() (Origin, bool) { return pathAttr(p, AttrOrigin, AttrView.Origin) }

// uint32Attr returns the value of a 4-octet attribute of type t.
func (p *Path) uint32Attr(t AttrType) (uint32, bool) { return pathAttr(p, t, AttrView.Uint32) }

// pathAttr reads the path's attribute of type t with get; ok is false
// when the path has none or get refuses it (the value is get's).
func pathAttr[V any](p *Path, t AttrType, get func(AttrView) (V, error)) (v V, ok bool) {
	a, ok := p.Attr(t)
	if !ok {
		return v, false
	}
	v, err := get(a)
	return v, err == nil
}

// MED returns the MULTI_EXIT_DISC (RFC 4271 §5.1.4).
func (p *Path) MED() (uint32, bool) { return p.uint32Attr(AttrMultiExitDisc) }

// LocalPref returns the LOCAL_PREF (RFC 4271 §5.1.5).
func (p *Path) LocalPref() (uint32, bool) { return p.uint32Attr(AttrLocalPref) }

// OTC returns the Only to Customer AS (RFC 9234 §5).
func (p *Path) OTC() (uint32, bool) { return p.uint32Attr(AttrOTC) }

// AtomicAggregate reports whether ATOMIC_AGGREGATE is present (RFC 4271
// §5.1.6).
func (p *Path) AtomicAggregate() bool { return p.Has(AttrAtomicAggregate) }

// AIGP returns the accumulated IGP metric (RFC 7311 §3).
func (p *Path) AIGP() (uint64, bool) {
	v, ok := pathAttr(p, AttrAIGP, AttrView.AIGP)
	if !ok {
		return 0, false
	}
	return v.Metric()
}

// OriginatorID returns the ORIGINATOR_ID (RFC 4456 §8).
func (p *Path) OriginatorID() (netip.Addr, bool) {
	return pathAttr(p, AttrOriginatorID, AttrView.OriginatorID)
}

// ClusterList returns the CLUSTER_LIST (RFC 4456 §8).
func (p *Path) ClusterList() (AddrListView, bool) {
	return pathAttr(p, AttrClusterList, AttrView.ClusterList)
}

// Communities returns the COMMUNITIES (RFC 1997).
func (p *Path) Communities() (CommunitiesView, bool) {
	return pathAttr(p, AttrCommunities, AttrView.Communities)
}

// ExtCommunities returns the EXTENDED_COMMUNITIES (RFC 4360).
func (p *Path) ExtCommunities() (ExtCommunitiesView, bool) {
	return pathAttr(p, AttrExtCommunities, AttrView.ExtCommunities)
}

// IPv6ExtCommunities returns the IPv6 Address Specific Extended Community
// attribute (RFC 5701).
func (p *Path) IPv6ExtCommunities() (IPv6ExtCommunitiesView, bool) {
	return pathAttr(p, AttrIPv6ExtCommunities, AttrView.IPv6ExtCommunities)
}

// LargeCommunities returns the LARGE_COMMUNITY attribute (RFC 8092).
func (p *Path) LargeCommunities() (LargeCommunitiesView, bool) {
	return pathAttr(p, AttrLargeCommunities, AttrView.LargeCommunities)
}

// MPReach returns MP_REACH_NLRI (RFC 4760 §3); in a set kept apart from
// its UPDATE it may hold no NLRI. In a path of ReadRIBPath it is the
// entry's family and next hop, without NLRI.
func (p *Path) MPReach() (MPReachView, bool) {
	a, ok := p.Attr(AttrMPReachNLRI)
	if !ok {
		return MPReachView{}, false
	}
	if p.rib {
		return p.ribMPReach(a)
	}
	m, err := a.MPReach(p.sess)
	if err != nil && m.NextHop == nil {
		return m, false
	}
	return m, true
}

// NextHop returns the next hop of the path's routes of family f: the next
// hop of MP_REACH_NLRI when it announces f (RFC 4760 §3), else NEXT_HOP
// (RFC 4271 §5.1.3). linkLocal is the IPv6 link-local next hop that may
// follow the global one (RFC 2545 §3).
func (p *Path) NextHop(f Family) (nh, linkLocal netip.Addr, ok bool) {
	if p.rib {
		return p.ribNextHop(f)
	}
	if m, ok := p.MPReach(); ok && m.Family == f {
		nh, ll, _, ok := m.NextHops()
		return nh, ll, ok
	}
	nh, ok = p.nextHopAttr()
	return nh, linkLocal, ok
}

// nextHopAttr reads NEXT_HOP (RFC 4271 §5.1.3), for NextHop and a RIB
// path's.
func (p *Path) nextHopAttr() (netip.Addr, bool) { return pathAttr(p, AttrNextHop, AttrView.NextHop) }

// aggregator returns the value of an AGGREGATOR (with the session's AS
// width) or AS4_AGGREGATOR attribute.
func (p *Path) aggregator(t AttrType) (Aggregator, bool) {
	a, ok := p.Attr(t)
	if !ok {
		return Aggregator{}, false
	}
	g, err := a.Aggregator(p.sess.AS4 || t == AttrAS4Aggregator)
	return g, err == nil
}

// Aggregator returns the speaker that formed the aggregate, with the RFC
// 6793 §4.2.3 rule that Update.Aggregator states.
func (p *Path) Aggregator() (Aggregator, bool) {
	g, ok := p.aggregator(AttrAggregator)
	g4, ok4 := p.aggregator(AttrAS4Aggregator)
	return mergeAggregator(p.sess, g, ok, g4, ok4)
}

// asPathView returns the view of AS_PATH (t AttrASPath, with the session's
// AS width) or AS4_PATH (4-octet ASNs).
func (p *Path) asPathView(t AttrType) (ASPathView, bool) {
	a, ok := p.Attr(t)
	if !ok {
		return ASPathView{}, false
	}
	v, err := a.ASPath(p.sess.AS4 || t == AttrAS4Path)
	return v, err == nil
}

// ASPath returns the AS path with the RFC 6793 §4.2.3 rule that
// Update.ASPath states: AS_PATH as sent on a 4-octet session, rebuilt from
// AS_PATH and AS4_PATH on a 2-octet one. ok is false without a well-formed
// AS_PATH. It allocates; AppendJSON does not when there is nothing to
// merge.
func (p *Path) ASPath() (ASPath, bool) {
	v, ok := p.asPathView(AttrASPath)
	if !ok {
		return ASPath{}, false
	}
	path := ownedASPath(v)
	if p.mergesAS4Path() {
		if v4, ok := p.asPathView(AttrAS4Path); ok {
			return MergeAS4Path(path, ownedASPath(v4)), true
		}
	}
	return path, true
}

// mergesAS4Path reports whether RFC 6793 §4.2.3 has the AS path rebuilt
// from AS4_PATH: a 2-octet session, and no AGGREGATOR of an AS other than
// AS_TRANS (such an aggregate was formed by an OLD speaker).
func (p *Path) mergesAS4Path() bool {
	if !p.Has(AttrAS4Path) {
		return false
	}
	g, ok := p.aggregator(AttrAggregator)
	return as4PathApplies(p.sess, g, ok)
}

// as4PathApplies is the RFC 6793 §4.2.3 rule for AS4_PATH: it counts on a
// 2-octet session unless an AGGREGATOR of an AS other than AS_TRANS says an
// OLD speaker formed the aggregate. Update.ASPath and Path.ASPath both
// apply it.
func as4PathApplies(s Session, g Aggregator, hasAgg bool) bool {
	return !s.AS4 && (!hasAgg || g.AS == ASTrans)
}

// mergeAggregator is the RFC 6793 §4.2.3 rule for the aggregator: on a
// 2-octet session an AGGREGATOR of AS_TRANS stands for AS4_AGGREGATOR.
// Update.Aggregator and Path.Aggregator both apply it.
func mergeAggregator(s Session, g Aggregator, ok bool, g4 Aggregator, ok4 bool) (Aggregator, bool) {
	if !ok || s.AS4 || g.AS != ASTrans || !ok4 {
		return g, ok
	}
	return g4, true
}

// originAS returns the last AS of the last segment when it is an
// AS_SEQUENCE, the route's origin AS; 0 otherwise.
func originAS(p ASPath) uint32 {
	if n := len(p.Segments); n > 0 {
		if last := p.Segments[n-1]; last.Type == SegmentSequence && len(last.ASNs) > 0 {
			return last.ASNs[len(last.ASNs)-1]
		}
	}
	return 0
}
