package main

import (
	"bufio"
	"strconv"
	"strings"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// textTypeNames are the message types as the text output spells them.
var textTypeNames = map[string]string{
	"route_monitoring":  "Route Monitoring",
	"statistics_report": "Statistics Report",
	"peer_down":         "Peer Down",
	"peer_up":           "Peer Up",
	"initiation":        "Initiation",
	"termination":       "Termination",
	"route_mirroring":   "Route Mirroring",
	"bgp_open":          "BGP OPEN",
	"bgp_update":        "BGP UPDATE",
	"bgp_notification":  "BGP NOTIFICATION",
	"bgp_keepalive":     "BGP KEEPALIVE",
	"bgp_route_refresh": "BGP ROUTE-REFRESH",
	"state_change":      "STATE_CHANGE",
	"rib_entry":         "RIB entry",
	"peer_index_table":  "PEER_INDEX_TABLE",
	"mrt_skipped":       "MRT records skipped",
}

// maxRoutesPerLine is how many routes a text line holds before the list
// goes on on the next line.
const maxRoutesPerLine = 8

// writeText writes a record as the text output: a first line with the
// time, the router, the type and the peer, then indented details.
func writeText(w *bufio.Writer, r *dumpRecord) {
	ts := r.Timestamp
	if ts == "" {
		ts = r.RouterTime
	}
	if ts == "" {
		ts = "-"
	}
	router := r.RouterIP
	if router == "" {
		router = r.SysName
	}
	if strings.HasPrefix(r.Type, "bgp_") && r.Flow != "" {
		router = r.Flow
	}
	if router == "" {
		router = "-"
	}
	name := textTypeNames[r.Type]
	if name == "" {
		name = "BMP type " + strconv.Itoa(deref(r.BMPType))
		if n := bmp.MsgType(deref(r.BMPType)).String(); !strings.HasPrefix(n, "MsgType(") {
			name += " (" + n + ")"
		}
	}
	w.WriteString(ts + " " + router + " " + name)
	if p := peerText(r); p != "" {
		w.WriteString(" " + p)
	}
	w.WriteString(" @" + strconv.FormatInt(r.Offset, 10) + "\n")

	writeMRTText(w, r)
	writeRoutes(w, "+", r.Announced)
	writeRoutes(w, "-", r.Withdrawn)
	for _, n := range r.OtherNLRI {
		sign := "+"
		if n.Withdrawn {
			sign = "-"
		}
		w.WriteString("    " + sign + " " + n.Family)
		if n.NextHop != "" {
			w.WriteString(" via " + n.NextHop)
		}
		w.WriteString(": ")
		if n.PathID != nil {
			w.WriteString("path " + strconv.FormatUint(uint64(*n.PathID), 10) + " ")
		}
		if n.Error != "" {
			w.WriteString("(" + n.Error + ")")
		}
		w.WriteString(n.Text + "\n")
	}
	if r.EndOfRIB != "" {
		w.WriteString("    End-of-RIB " + r.EndOfRIB + "\n")
	}
	if a := attrsText(r); a != "" {
		w.WriteString("    attrs: " + a + "\n")
	}
	writePeerUp(w, r)
	if r.Open != nil {
		w.WriteString("    " + openText(r.Open) + "\n")
	}
	if r.Reason != nil {
		w.WriteString("    reason " + strconv.Itoa(*r.Reason) + ": " + r.ReasonText + "\n")
	}
	if r.Notification != nil {
		w.WriteString("    NOTIFICATION " + r.Notification.Text + "\n")
	}
	if r.FSMEvent != nil {
		w.WriteString("    FSM event " + strconv.Itoa(int(*r.FSMEvent)) + " (" + bgp.FSMEvent(*r.FSMEvent).String() + ")\n")
	}
	if r.RouteRefresh != "" {
		w.WriteString("    " + r.RouteRefresh + "\n")
	}
	for _, s := range r.Stats {
		v := strconv.FormatUint(s.Value, 10)
		if s.Raw != "" {
			v = "0x" + s.Raw
		}
		if s.Family != "" {
			v = s.Family + " " + v
		}
		w.WriteString("    " + s.Name + " (" + strconv.Itoa(s.Type) + "): " + v + "\n")
	}
	for _, t := range r.Information {
		w.WriteString("    " + t.Name + ": " + strconv.Quote(t.Value) + "\n")
	}
	for _, m := range r.Mirrored {
		w.WriteString("    mirrored BGP " + m + "\n")
	}
	for _, t := range r.TLVs {
		w.WriteString("    TLV " + t.Name + ": " + t.Value + "\n")
	}
	if r.Data != "" {
		w.WriteString("    data " + shortHex(r.Data) + "\n")
	}
	writeNotes(w, r)
}

func deref[T ~int | ~uint32 | ~uint16 | ~uint8](p *T) T {
	if p == nil {
		return 0
	}
	return *p
}

// peerText describes the per-peer header: type, address, AS, BGP ID,
// distinguisher and RIB.
func peerText(r *dumpRecord) string {
	if r.PeerType == "" && r.PeerIP == "" {
		return ""
	}
	var parts []string
	if r.PeerType != "" {
		parts = append(parts, r.PeerType)
	}
	if r.PeerDistinguisher != "" {
		parts = append(parts, "rd "+r.PeerDistinguisher)
	}
	if r.PeerIP != "" && !(r.PeerType == "loc_rib" && (r.PeerIP == "0.0.0.0" || r.PeerIP == "::")) {
		parts = append(parts, r.PeerIP)
	}
	if r.PeerASN != nil {
		parts = append(parts, "AS"+strconv.FormatUint(uint64(*r.PeerASN), 10))
	}
	if r.PeerBGPID != "" {
		parts = append(parts, "id "+r.PeerBGPID)
	}
	if r.RIB != "" {
		parts = append(parts, r.RIB)
	}
	return strings.Join(parts, " ")
}

// writeRoutes writes routes grouped by family and next hop, in order.
func writeRoutes(w *bufio.Writer, sign string, routes []dumpRoute) {
	for i := 0; i < len(routes); {
		j := i + 1
		for j < len(routes) && routes[j].Family == routes[i].Family && routes[j].NextHop == routes[i].NextHop &&
			routes[j].NextHopLinkLocal == routes[i].NextHopLinkLocal {
			j++
		}
		head := "    " + sign + " " + routes[i].Family
		if nh := routes[i].NextHop; nh != "" {
			head += " via " + nh
			if ll := routes[i].NextHopLinkLocal; ll != "" {
				head += " (" + ll + ")"
			}
		}
		for k := i; k < j; k += maxRoutesPerLine {
			if k == i {
				w.WriteString(head + ": ")
			} else {
				w.WriteString("      ")
			}
			end := min(k+maxRoutesPerLine, j)
			for n := k; n < end; n++ {
				w.WriteString(routeText(routes[n]))
				if n < end-1 {
					w.WriteString(", ")
				}
			}
			w.WriteString("\n")
		}
		i = j
	}
}

// routeText is a prefix with its path identifier, labels and route
// distinguisher.
func routeText(rt dumpRoute) string {
	var q []string
	if rt.PathID != nil {
		q = append(q, "path-id "+strconv.FormatUint(uint64(*rt.PathID), 10))
	}
	if len(rt.Labels) > 0 {
		ls := make([]string, len(rt.Labels))
		for i, l := range rt.Labels {
			ls[i] = strconv.FormatUint(uint64(l), 10)
		}
		q = append(q, "label "+strings.Join(ls, "/"))
	}
	if rt.RD != "" {
		q = append(q, "rd "+rt.RD)
	}
	if len(q) == 0 {
		return rt.Prefix
	}
	return rt.Prefix + " (" + strings.Join(q, ", ") + ")"
}

// attrsText lists the path attributes of an UPDATE.
func attrsText(r *dumpRecord) string {
	p := r.path
	if p == nil {
		return ""
	}
	var parts []string
	add := func(name string, v []byte) {
		if len(v) != 0 {
			parts = append(parts, name+" "+string(v))
		}
	}
	if o, ok := p.Origin(); ok {
		add("origin", o.AppendText(nil))
	}
	if path, ok := p.ASPath(); ok {
		if len(path.Segments) == 0 {
			parts = append(parts, "as-path (empty)")
		}
		add("as-path", path.AppendText(nil))
	}
	if n, ok := p.MED(); ok {
		add("med", strconv.AppendUint(nil, uint64(n), 10))
	}
	if n, ok := p.LocalPref(); ok {
		add("local-pref", strconv.AppendUint(nil, uint64(n), 10))
	}
	if p.AtomicAggregate() {
		parts = append(parts, "atomic-aggregate")
	}
	if g, ok := p.Aggregator(); ok {
		add("aggregator", g.AppendText(nil))
	}
	if v, ok := p.Communities(); ok {
		add("communities", textList(v.Len(), v.At))
	}
	if v, ok := p.ExtCommunities(); ok {
		add("ext-communities", textList(v.Len(), v.At))
	}
	if v, ok := p.LargeCommunities(); ok {
		add("large-communities", textList(v.Len(), v.At))
	}
	if id, ok := p.OriginatorID(); ok {
		add("originator-id", id.AppendTo(nil))
	}
	if v, ok := p.ClusterList(); ok {
		var ids []byte
		for id := range v.All() {
			if len(ids) > 0 {
				ids = append(ids, ' ')
			}
			ids = id.AppendTo(ids)
		}
		add("cluster-list", ids)
	}
	var other []byte
	for a := range p.All() {
		switch a.Type {
		case bgp.AttrOrigin, bgp.AttrASPath, bgp.AttrAS4Path, bgp.AttrNextHop, bgp.AttrMPReachNLRI,
			bgp.AttrMPUnreachNLRI, bgp.AttrAS4Aggregator, bgp.AttrMultiExitDisc, bgp.AttrLocalPref,
			bgp.AttrAtomicAggregate, bgp.AttrAggregator, bgp.AttrCommunities, bgp.AttrExtCommunities,
			bgp.AttrLargeCommunities, bgp.AttrOriginatorID, bgp.AttrClusterList:
			continue
		}
		if len(other) > 0 {
			other = append(other, ' ')
		}
		other = append(other, a.Type.String()...)
	}
	add("other", other)
	return strings.Join(parts, ", ")
}

// textList writes n values separated by blanks.
func textList[T interface{ AppendText([]byte) []byte }](n int, at func(int) T) []byte {
	var b []byte
	for i := range n {
		if i > 0 {
			b = append(b, ' ')
		}
		b = at(i).AppendText(b)
	}
	return b
}

// writePeerUp writes the details of a Peer Up.
func writePeerUp(w *bufio.Writer, r *dumpRecord) {
	if r.Type != "peer_up" {
		return
	}
	w.WriteString("    local " + r.LocalIP + " port " + strconv.Itoa(int(deref(r.LocalPort))) +
		", remote port " + strconv.Itoa(int(deref(r.RemotePort))) + "\n")
	if r.SentOpen != nil {
		w.WriteString("    sent " + openText(r.SentOpen) + "\n")
	}
	if r.ReceivedOpen != nil {
		w.WriteString("    received " + openText(r.ReceivedOpen) + "\n")
	}
	if n := r.Negotiated; n != nil {
		as := "2-octet AS"
		if n.AS4 {
			as = "4-octet AS"
		}
		if n.AFlag {
			as += " (A flag)"
		}
		t := "negotiated: " + as
		if len(n.Families) > 0 {
			t += ", families " + strings.Join(n.Families, ", ")
		}
		t += "; ADD-PATH receive " + listOrNone(n.AddPathIn) + ", send " + listOrNone(n.AddPathOut)
		if n.Extended {
			t += "; extended messages"
		}
		w.WriteString("    " + t + "\n")
	}
}

func listOrNone(l []string) string {
	if len(l) == 0 {
		return "none"
	}
	return strings.Join(l, ", ")
}

func openText(o *dumpOpen) string {
	t := "OPEN AS" + strconv.FormatUint(uint64(o.ASN), 10) + " hold " + strconv.Itoa(int(o.HoldTime)) + " id " + o.BGPID
	if len(o.Capabilities) > 0 {
		t += " caps: " + strings.Join(o.Capabilities, "; ")
	}
	return t
}

// writeNotes writes how an UPDATE was read and what is wrong.
func writeNotes(w *bufio.Writer, r *dumpRecord) {
	if r.Note != "" {
		w.WriteString("    note: " + r.Note + "\n")
	}
	if r.NoPeerUp && r.Session != nil {
		w.WriteString("    note: no Peer Up for this peer: read with " + r.Session.String() + "\n")
	}
	if r.Fallback != "" && r.Expected != nil && r.Session != nil {
		src := "Peer Up"
		if strings.HasPrefix(r.Type, "bgp_") {
			src = "OPENs"
		}
		if r.MRTType != "" {
			src = "MRT subtype"
		}
		if r.NoPeerUp {
			src = "default reading"
		}
		w.WriteString("    note: read " + sessDiff(r.Expected, r.Session) + ", unlike what the " + src +
			" says (fallback " + r.Fallback + ")\n")
	}
	if r.AFlagMismatch {
		w.WriteString("    note: the A flag disagrees with the AS width the OPENs negotiated\n")
	}
	for _, m := range r.Mismatches {
		w.WriteString("    mismatch: " + m + "\n")
	}
	if r.Verdict != "" {
		w.WriteString("    malformed (" + r.Verdict + ")\n")
	}
	for _, p := range r.Problems {
		w.WriteString("    problem: " + p + "\n")
	}
}

func shortHex(h string) string {
	if len(h) > 64 {
		return h[:64] + "... (" + strconv.Itoa(len(h)/2) + " octets)"
	}
	return h
}

// sessDiff says how the session an UPDATE was read with departs from the
// expected one, e.g. "without ADD-PATH for IPv4 Unicast".
func sessDiff(exp, got *dumpSess) string {
	var parts []string
	if exp.AS4 != got.AS4 {
		if got.AS4 {
			parts = append(parts, "with 4-octet AS numbers")
		} else {
			parts = append(parts, "with 2-octet AS numbers")
		}
	}
	if l := missing(exp.AddPath, got.AddPath); len(l) > 0 {
		parts = append(parts, "without ADD-PATH path identifiers for "+strings.Join(l, ", "))
	}
	if l := missing(got.AddPath, exp.AddPath); len(l) > 0 {
		parts = append(parts, "with ADD-PATH path identifiers for "+strings.Join(l, ", "))
	}
	return strings.Join(parts, " and ")
}

// missing returns the elements of a that are not in b.
func missing(a, b []string) []string {
	var out []string
	for _, x := range a {
		found := false
		for _, y := range b {
			found = found || x == y
		}
		if !found {
			out = append(out, x)
		}
	}
	return out
}
