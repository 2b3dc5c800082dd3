package interop

import (
	"encoding/hex"
	"errors"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/bgplens/bgplens/bgp"
	gobgp "github.com/osrg/gobgp/v4/pkg/packet/bgp"
)

// facts is what both decoders say about one message, each field rendered
// as a string so that the two sides compare with ==. A missing key means
// the decoder saw no such field (an absent attribute, say).
type facts map[string]string

// verdict is an RFC 7606 outcome on a common scale: 0 clean, then
// attribute-discard, treat-as-withdraw, AFI/SAFI-disable, session-reset,
// as bgp.Action and gobgp.ErrorHandling both order them.
type verdict struct {
	action        int
	code, subcode uint8
	err           string
}

func (v verdict) String() string {
	if v.action == 0 {
		return "clean"
	}
	return bgp.Action(v.action).String() + " " + strconv.Itoa(int(v.code)) + "/" + strconv.Itoa(int(v.subcode)) + " (" + v.err + ")"
}

func fam(afi uint16, safi uint8) string {
	return strconv.Itoa(int(afi)) + "/" + strconv.Itoa(int(safi))
}

func u32(v uint32) string { return strconv.FormatUint(uint64(v), 10) }

func join(xs []string) string { return strings.Join(xs, " ") }

// --- bgplens ---------------------------------------------------------------

// lensFacts decodes msg with bgplens.
func lensFacts(msg []byte, s bgp.Session) (facts, verdict) {
	f := facts{}
	h, err := bgp.ParseHeader(msg, s)
	if err != nil {
		return f, lensVerdict(err)
	}
	f["type"] = strconv.Itoa(int(h.Type))
	switch h.Type {
	case bgp.MsgUpdate:
		return lensUpdate(f, msg, s)
	case bgp.MsgOpen:
		return lensOpen(f, msg)
	case bgp.MsgNotification:
		n, err := bgp.DecodeNotification(msg, s)
		if err != nil {
			return f, lensVerdict(err)
		}
		f["notification"] = strconv.Itoa(int(n.Code)) + "/" + strconv.Itoa(int(n.Subcode)) + " " + hex.EncodeToString(n.Data)
	case bgp.MsgKeepalive:
		if _, err := bgp.DecodeKeepalive(msg); err != nil {
			return f, lensVerdict(err)
		}
	case bgp.MsgRouteRefresh:
		r, err := bgp.DecodeRouteRefresh(msg, s)
		if err != nil {
			r, err = bgp.DecodeRouteRefreshORF(msg, s)
		}
		if err != nil {
			return f, lensVerdict(err)
		}
		f["route_refresh"] = fam(uint16(r.Family.AFI), uint8(r.Family.SAFI)) + " subtype " + strconv.Itoa(int(r.Subtype))
	}
	return f, verdict{}
}

func lensVerdict(err error) verdict {
	var e *bgp.Error
	if errors.As(err, &e) {
		return verdict{int(e.Action), uint8(e.Code), e.Subcode, e.Reason}
	}
	return verdict{int(bgp.SessionReset), 0, 0, err.Error()}
}

func lensRoute(fm bgp.Family, r bgp.Route) string {
	s := fam(uint16(fm.AFI), uint8(fm.SAFI)) + " " + r.Prefix.Masked().String()
	if r.PathID != 0 {
		s += " id=" + u32(r.PathID)
	}
	if r.NumLabels > 0 {
		var ls []string
		for _, l := range r.LabelStack() {
			ls = append(ls, labelString(uint32(l)))
		}
		s += " labels=" + strings.Join(ls, ",")
	}
	if fm.SAFI == bgp.SAFIMPLSVPN || fm.SAFI == bgp.SAFIMCASTMPLSVPN {
		s += " rd=" + hex.EncodeToString(r.RD[:])
	}
	return s
}

// labelString renders one raw 3-octet label entry as GoBGP keeps it: the
// 20-bit value, except the withdrawal (0x800000) and zero entries, which
// GoBGP keeps raw.
func labelString(raw uint32) string {
	if raw == 0x800000 || raw == 0 {
		return "raw" + strconv.FormatUint(uint64(raw), 16)
	}
	return u32(raw >> 4)
}

func lensUpdate(f facts, msg []byte, s bgp.Session) (facts, verdict) {
	u, err := bgp.ParseUpdate(msg, s)
	if err != nil {
		return f, lensVerdict(err)
	}
	var ann, wd []string
	for fm, r := range u.Announced() {
		ann = append(ann, lensRoute(fm, r))
	}
	for fm, r := range u.Withdrawals() {
		wd = append(wd, lensRoute(fm, r))
	}
	f["announced"], f["withdrawn"] = join(ann), join(wd)
	var types []string
	for a := range u.Attrs() {
		types = append(types, strconv.Itoa(int(a.Type)))
		if _, dup := f["attr_seen_"+strconv.Itoa(int(a.Type))]; dup {
			continue // RFC 7606 §3(g): the first one counts
		}
		f["attr_seen_"+strconv.Itoa(int(a.Type))] = ""
		lensAttr(f, a, s)
	}
	f["attr_types"] = join(types)
	for k := range f {
		if strings.HasPrefix(k, "attr_seen_") {
			delete(f, k)
		}
	}
	v := verdict{}
	if e := u.Verdict(); e != nil {
		v = lensVerdict(e)
	}
	return f, v
}

func lensAttr(f facts, a bgp.AttrView, s bgp.Session) {
	switch a.Type {
	case bgp.AttrOrigin:
		if o, err := a.Origin(); err == nil {
			f["origin"] = strconv.Itoa(int(o))
		}
	case bgp.AttrASPath, bgp.AttrAS4Path:
		p, err := a.ASPath(s.AS4 || a.Type == bgp.AttrAS4Path)
		if err != nil {
			return
		}
		var segs []string
		for seg := range p.Segments() {
			var asns []string
			for asn := range seg.ASNs() {
				asns = append(asns, u32(asn))
			}
			segs = append(segs, strconv.Itoa(int(seg.Type))+":"+strings.Join(asns, ","))
		}
		key := "as_path"
		if a.Type == bgp.AttrAS4Path {
			key = "as4_path"
		}
		f[key] = join(segs)
	case bgp.AttrNextHop:
		if nh, err := a.NextHop(); err == nil {
			f["next_hop"] = nh.String()
		}
	case bgp.AttrMultiExitDisc:
		if v, err := a.Uint32(); err == nil {
			f["med"] = u32(v)
		}
	case bgp.AttrLocalPref:
		if v, err := a.Uint32(); err == nil {
			f["local_pref"] = u32(v)
		}
	case bgp.AttrAtomicAggregate:
		if a.AtomicAggregate() == nil {
			f["atomic_aggregate"] = "yes"
		}
	case bgp.AttrAggregator, bgp.AttrAS4Aggregator:
		// GoBGP reads the AS width from the length, bgplens from the
		// session; on a well-formed message they agree.
		if g, err := a.Aggregator(s.AS4); err == nil {
			key := "aggregator"
			if a.Type == bgp.AttrAS4Aggregator {
				key = "as4_aggregator"
			}
			f[key] = u32(g.AS) + "@" + g.Address.String()
		}
	case bgp.AttrCommunities:
		if v, err := a.Communities(); err == nil {
			var cs []string
			for c := range v.All() {
				cs = append(cs, u32(uint32(c)))
			}
			f["communities"] = join(cs)
		}
	case bgp.AttrLargeCommunities:
		if v, err := a.LargeCommunities(); err == nil {
			var cs []string
			for c := range v.All() {
				cs = append(cs, u32(c.GlobalAdmin)+":"+u32(c.LocalData1)+":"+u32(c.LocalData2))
			}
			f["large_communities"] = join(cs)
		}
	case bgp.AttrExtCommunities:
		if v, err := a.ExtCommunities(); err == nil {
			var cs []string
			for c := range v.All() {
				cs = append(cs, hex.EncodeToString(c[:]))
			}
			f["ext_communities"] = join(cs)
		}
	case bgp.AttrOriginatorID:
		if id, err := a.OriginatorID(); err == nil {
			f["originator_id"] = id.String()
		}
	case bgp.AttrClusterList:
		if v, err := a.ClusterList(); err == nil {
			var ids []string
			for i := 0; i < v.Len(); i++ {
				ids = append(ids, v.At(i).String())
			}
			f["cluster_list"] = join(ids)
		}
	case bgp.AttrMPReachNLRI:
		if m, err := a.MPReach(s); err == nil || m.NLRI != nil {
			f["mp_reach"] = fam(uint16(m.Family.AFI), uint8(m.Family.SAFI))
			if nh, ll, _, ok := m.NextHops(); ok {
				f["mp_next_hop"] = addrString(nh) + " " + addrString(ll)
			}
		}
	case bgp.AttrMPUnreachNLRI:
		if m, err := a.MPUnreach(s); err == nil || m.Withdrawn != nil {
			f["mp_unreach"] = fam(uint16(m.Family.AFI), uint8(m.Family.SAFI))
		}
	}
}

func addrString(a netip.Addr) string {
	if !a.IsValid() {
		return "-"
	}
	return a.String()
}

func lensOpen(f facts, msg []byte) (facts, verdict) {
	v, err := bgp.ParseOpen(msg)
	if !v.Framed() {
		return f, lensVerdict(err)
	}
	f["open"] = "v" + strconv.Itoa(int(v.Version())) + " as " + u32(uint32(v.MyAS())) + " hold " + strconv.Itoa(int(v.HoldTime())) + " id " + v.BGPIdentifier().String()
	var codes, mp, ap []string
	for c := range v.Capabilities() {
		codes = append(codes, strconv.Itoa(int(c.Code)))
		switch c.Code {
		case bgp.CapCodeMultiprotocol:
			if fm, err := c.Multiprotocol(); err == nil {
				mp = append(mp, fam(uint16(fm.AFI), uint8(fm.SAFI)))
			}
		case bgp.CapCodeAS4:
			if as, err := c.AS4(); err == nil {
				f["cap_as4"] = u32(as)
			}
		case bgp.CapCodeAddPath:
			if apv, err := c.AddPath(); err == nil {
				for e := range apv.All() {
					ap = append(ap, fam(uint16(e.Family.AFI), uint8(e.Family.SAFI))+"="+strconv.Itoa(int(e.Mode)))
				}
			}
		}
	}
	f["cap_codes"], f["cap_mp"], f["cap_addpath"] = join(codes), join(mp), join(ap)
	if err != nil {
		return f, lensVerdict(err)
	}
	return f, verdict{}
}

// --- GoBGP -----------------------------------------------------------------

// gobgpOptions is the MarshallingOption that tells GoBGP what the session
// negotiated: ADD-PATH receive for the families whose NLRI carry Path
// Identifiers, 2-octet AS numbers without AS4, extended messages.
func gobgpOptions(s bgp.Session) *gobgp.MarshallingOption {
	o := &gobgp.MarshallingOption{Use2ByteAS: !s.AS4, ExtendedMessage: s.ExtendedMsg}
	for _, fm := range s.AddPathFamilies() {
		if o.AddPath == nil {
			o.AddPath = map[gobgp.Family]gobgp.BGPAddPathMode{}
		}
		o.AddPath[gobgp.NewFamily(uint16(fm.AFI), uint8(fm.SAFI))] = gobgp.BGP_ADD_PATH_RECEIVE
	}
	return o
}

// gobgpFacts decodes msg with GoBGP's ParseBGPMessage.
func gobgpFacts(msg []byte, s bgp.Session) (facts, verdict) {
	f := facts{}
	m, err := gobgp.ParseBGPMessage(msg, gobgpOptions(s))
	v := gobgpVerdict(err)
	if m == nil {
		return f, v
	}
	f["type"] = strconv.Itoa(int(m.Header.Type))
	switch b := m.Body.(type) {
	case *gobgp.BGPUpdate:
		gobgpUpdate(f, b)
		if v.action == 0 {
			// GoBGP checks the attribute set (mandatory attributes,
			// repeats, per-attribute rules) after parsing, in its FSM:
			// run that step too, with every family the message uses
			// taken as negotiated, as iBGP, loopback next hops allowed.
			if _, err := gobgp.ValidateUpdateMsg(b, updateFamilies(b), false, false, true); err != nil {
				v = gobgpVerdict(err)
			}
		}
	case *gobgp.BGPOpen:
		gobgpOpen(f, b)
	case *gobgp.BGPNotification:
		f["notification"] = strconv.Itoa(int(b.ErrorCode)) + "/" + strconv.Itoa(int(b.ErrorSubcode)) + " " + hex.EncodeToString(b.Data)
	case *gobgp.BGPRouteRefresh:
		f["route_refresh"] = fam(b.AFI, b.SAFI) + " subtype " + strconv.Itoa(int(b.Demarcation))
	}
	return f, v
}

func gobgpVerdict(err error) verdict {
	if err == nil {
		return verdict{}
	}
	var e *gobgp.MessageError
	if errors.As(err, &e) {
		act := int(e.ErrorHandling)
		if act == int(gobgp.ERROR_HANDLING_NONE) {
			act = int(bgp.SessionReset) // GoBGP's FSM resets on an error without handling
		}
		return verdict{act, e.TypeCode, e.SubTypeCode, e.Message}
	}
	return verdict{int(bgp.SessionReset), 0, 0, err.Error()}
}

func gobgpRoute(afi uint16, safi uint8, p gobgp.PathNLRI) string {
	s := fam(afi, safi) + " "
	pfx, labels, rd, ok := gobgpPrefixNLRI(p.NLRI)
	if !ok {
		return s + p.NLRI.String()
	}
	s += pfx.Masked().String()
	if p.ID != 0 {
		s += " id=" + u32(p.ID)
	}
	if len(labels) > 0 {
		var ls []string
		for _, l := range labels {
			if l == 0x800000 || l == 0 {
				ls = append(ls, "raw"+strconv.FormatUint(uint64(l), 16))
			} else {
				ls = append(ls, u32(l))
			}
		}
		s += " labels=" + strings.Join(ls, ",")
	}
	if rd != nil {
		b, _ := rd.Serialize()
		s += " rd=" + hex.EncodeToString(b)
	}
	return s
}

// gobgpPrefixNLRI takes the prefix, labels and route distinguisher out of
// a GoBGP NLRI of the unicast, labeled unicast and VPN families; ok is
// false for the others.
func gobgpPrefixNLRI(nlri gobgp.NLRI) (pfx netip.Prefix, labels []uint32, rd gobgp.RouteDistinguisherInterface, ok bool) {
	switch n := nlri.(type) {
	case *gobgp.IPAddrPrefix:
		return n.Prefix, nil, nil, true
	case *gobgp.LabeledIPAddrPrefix:
		return n.Prefix, n.Labels.Labels, nil, true
	case *gobgp.LabeledVPNIPAddrPrefix:
		return n.Prefix, n.Labels.Labels, n.RD, true
	}
	return pfx, nil, nil, false
}

// prefixFamily reports whether bgplens decodes the NLRI of the family
// into routes; for the others it keeps the NLRI raw (bgp.Family.Prefixes).
func prefixFamily(afi uint16, safi uint8) bool {
	return bgp.Family{AFI: bgp.AFI(afi), SAFI: bgp.SAFI(safi)}.Prefixes()
}

func gobgpUpdate(f facts, u *gobgp.BGPUpdate) {
	var ann, wd, types []string
	for _, p := range u.NLRI {
		ann = append(ann, gobgpRoute(1, 1, p))
	}
	for _, p := range u.WithdrawnRoutes {
		wd = append(wd, gobgpRoute(1, 1, p))
	}
	seen := map[gobgp.BGPAttrType]bool{}
	for _, a := range u.PathAttributes {
		types = append(types, strconv.Itoa(int(a.GetType())))
		if seen[a.GetType()] {
			continue
		}
		seen[a.GetType()] = true
		switch a := a.(type) {
		case *gobgp.PathAttributeOrigin:
			f["origin"] = strconv.Itoa(int(a.Value))
		case *gobgp.PathAttributeAsPath:
			var segs []string
			for _, p := range a.Value {
				var asns []string
				for _, as := range p.GetAS() {
					asns = append(asns, u32(as))
				}
				segs = append(segs, strconv.Itoa(int(p.GetType()))+":"+strings.Join(asns, ","))
			}
			f["as_path"] = join(segs)
		case *gobgp.PathAttributeAs4Path:
			var segs []string
			for _, p := range a.Value {
				var asns []string
				for _, as := range p.AS {
					asns = append(asns, u32(as))
				}
				segs = append(segs, strconv.Itoa(int(p.Type))+":"+strings.Join(asns, ","))
			}
			f["as4_path"] = join(segs)
		case *gobgp.PathAttributeNextHop:
			f["next_hop"] = a.Value.String()
		case *gobgp.PathAttributeMultiExitDisc:
			f["med"] = u32(a.Value)
		case *gobgp.PathAttributeLocalPref:
			f["local_pref"] = u32(a.Value)
		case *gobgp.PathAttributeAtomicAggregate:
			f["atomic_aggregate"] = "yes"
		case *gobgp.PathAttributeAggregator:
			f["aggregator"] = u32(a.Value.AS) + "@" + a.Value.Address.String()
		case *gobgp.PathAttributeAs4Aggregator:
			f["as4_aggregator"] = u32(a.Value.AS) + "@" + a.Value.Address.String()
		case *gobgp.PathAttributeCommunities:
			var cs []string
			for _, c := range a.Value {
				cs = append(cs, u32(c))
			}
			f["communities"] = join(cs)
		case *gobgp.PathAttributeLargeCommunities:
			var cs []string
			for _, c := range a.Values {
				cs = append(cs, u32(c.ASN)+":"+u32(c.LocalData1)+":"+u32(c.LocalData2))
			}
			f["large_communities"] = join(cs)
		case *gobgp.PathAttributeExtendedCommunities:
			var cs []string
			for _, c := range a.Value {
				b, _ := c.Serialize()
				cs = append(cs, hex.EncodeToString(b))
			}
			f["ext_communities"] = join(cs)
		case *gobgp.PathAttributeOriginatorId:
			f["originator_id"] = a.Value.String()
		case *gobgp.PathAttributeClusterList:
			var ids []string
			for _, id := range a.Value {
				ids = append(ids, id.String())
			}
			f["cluster_list"] = join(ids)
		case *gobgp.PathAttributeMpReachNLRI:
			f["mp_reach"] = fam(a.AFI, a.SAFI)
			if a.Nexthop.IsValid() {
				f["mp_next_hop"] = addrString(a.Nexthop) + " " + addrString(a.LinkLocalNexthop)
			}
			if prefixFamily(a.AFI, a.SAFI) {
				for _, p := range a.Value {
					ann = append(ann, gobgpRoute(a.AFI, a.SAFI, p))
				}
			}
		case *gobgp.PathAttributeMpUnreachNLRI:
			f["mp_unreach"] = fam(a.AFI, a.SAFI)
			if prefixFamily(a.AFI, a.SAFI) {
				for _, p := range a.Value {
					wd = append(wd, gobgpRoute(a.AFI, a.SAFI, p))
				}
			}
		}
	}
	f["announced"], f["withdrawn"], f["attr_types"] = join(ann), join(wd), join(types)
}

func gobgpOpen(f facts, o *gobgp.BGPOpen) {
	f["open"] = "v" + strconv.Itoa(int(o.Version)) + " as " + u32(uint32(o.MyAS)) + " hold " + strconv.Itoa(int(o.HoldTime)) + " id " + o.ID.String()
	var codes, mp, ap []string
	for _, p := range o.OptParams {
		pc, ok := p.(*gobgp.OptionParameterCapability)
		if !ok {
			continue
		}
		for _, c := range pc.Capability {
			codes = append(codes, strconv.Itoa(int(c.Code())))
			switch c := c.(type) {
			case *gobgp.CapMultiProtocol:
				mp = append(mp, fam(c.CapValue.Afi(), c.CapValue.Safi()))
			case *gobgp.CapFourOctetASNumber:
				f["cap_as4"] = u32(c.CapValue)
			case *gobgp.CapAddPath:
				for _, t := range c.Tuples {
					ap = append(ap, fam(t.Family.Afi(), t.Family.Safi())+"="+strconv.Itoa(int(t.Mode)))
				}
			}
		}
	}
	f["cap_codes"], f["cap_mp"], f["cap_addpath"] = join(codes), join(mp), join(ap)
}

// diffFacts lists the keys whose values differ, sorted.
func diffFacts(a, b facts) []string {
	var keys []string
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			keys = append(keys, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// updateFamilies returns the families an UPDATE uses, as GoBGP's
// ValidateUpdateMsg wants the negotiated ones.
func updateFamilies(u *gobgp.BGPUpdate) map[gobgp.Family]gobgp.BGPAddPathMode {
	rfs := map[gobgp.Family]gobgp.BGPAddPathMode{gobgp.RF_IPv4_UC: gobgp.BGP_ADD_PATH_NONE}
	for _, a := range u.PathAttributes {
		switch a := a.(type) {
		case *gobgp.PathAttributeMpReachNLRI:
			rfs[gobgp.NewFamily(a.AFI, a.SAFI)] = gobgp.BGP_ADD_PATH_NONE
		case *gobgp.PathAttributeMpUnreachNLRI:
			rfs[gobgp.NewFamily(a.AFI, a.SAFI)] = gobgp.BGP_ADD_PATH_NONE
		}
	}
	return rfs
}
