package explain

import (
	"strconv"
	"strings"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// This file reads BMP (RFC 7854) as collectors print it once decoded,
// for the route model (routeElem, collectors.go): pmacct's BMP log
// records as JSON (pmbmpd, nfacctd), OpenBMP's message-bus records in
// goBMP's one field a line form ("8: (peer_ip): 10.0.0.7"), and a BMP
// client's JSON of the message's own structure (Header, PeerHeader,
// Body). Each is a route, or a peer's event, that a BMP message carried.

// bmpMsgNames are the BMP message types by the names collectors print.
var bmpMsgNames = map[string]bmp.MsgType{
	"route_monitor": bmp.MsgRouteMonitoring, "route_monitoring": bmp.MsgRouteMonitoring, "stats": bmp.MsgStatisticsReport,
	"peer_down": bmp.MsgPeerDown, "peer_up": bmp.MsgPeerUp, "init": bmp.MsgInitiation, "term": bmp.MsgTermination,
	"route_mirror": bmp.MsgRouteMirroring, "route_mirroring": bmp.MsgRouteMirroring,
}

// bmpMsgWords names a BMP message type with its number and section.
func bmpMsgWords(t bmp.MsgType) string {
	return "a BMP " + t.String() + " message (type " + itoa(int(t)) + ", " + t.Ref() + ")"
}

// pmacctOrigins are ORIGIN as pmacct prints it.
var pmacctOrigins = map[string]string{"i": "IGP", "e": "EGP", "?": "INCOMPLETE", "u": "INCOMPLETE"}

// pmacctFlags are pmacct's flags of where in the router the route was
// taken (the per-peer header's L and O flags, RFC 7854 §4.2, RFC 8671 §4;
// the Loc-RIB peer type, RFC 9069).
var pmacctFlags = []struct{ key, words string }{
	{"is_in", "taken from the Adj-RIB-In (RFC 7854 §4.2)"},
	{"is_out", "taken from the Adj-RIB-Out (RFC 8671)"},
	{"is_post", "post-policy: after the router's import policy (the L flag, RFC 7854 §4.2)"},
	{"is_loc", "from the Loc-RIB: the routes the router selected (RFC 9069)"},
}

// pmacctBMP reads one of pmacct's BMP log records (bmp_msg_type names
// the BMP message; event_type log is a message as it came, dump a
// snapshot of the table).
func pmacctBMP(text string) (routeElem, bool) {
	if !strings.Contains(strings.ToLower(text), `"bmp_msg_type"`) {
		return routeElem{}, false
	}
	m := jsonObject(text)
	t, ok := bmpMsgNames[strings.ToLower(jsonWord(m["bmp_msg_type"]))]
	if m == nil || !ok {
		return routeElem{}, false
	}
	w := func(k string) string { return jsonWord(m[k]) }
	e := routeElem{form: formBMP, printed: w("bmp_msg_type"), tool: "BMP record of pmacct (pmbmpd, or nfacctd's BMP thread) as JSON", bmpMsg: bmpMsgWords(t),
		time: w("timestamp"), peerIP: w("peer_ip"), peerAS: w("peer_asn"), routerIP: w("bmp_router"), prefix: w("ip_prefix"), pathID: w("as_path_id"),
		path: w("as_path"), origin: pmacctOrigins[w("origin")], nextHop: w("bgp_nexthop"), localPref: w("local_pref"), med: w("med"),
		comms: strings.TrimSpace(w("comms") + " " + w("lcomms")), extComms: w("ecomms")}
	switch strings.ToLower(w("log_type")) {
	case "update":
		e.kind = "A"
	case "withdraw", "delete":
		e.kind = "W"
	}
	if e.routerIP != "" {
		e.router = "BMP router"
	}
	if s := w("seq"); s != "" {
		e.notes = append(e.notes, "seq "+s+": pmacct's count of the records it wrote")
	}
	switch strings.ToLower(w("event_type")) {
	case "log":
		e.notes = append(e.notes, "event_type log: logged as the BMP message came (msglog), not a dump of the table")
	case "dump":
		e.notes = append(e.notes, "event_type dump: one route of a periodic dump of the table, not a change")
	}
	if afi, err := strconv.Atoi(w("afi")); err == nil {
		safi, _ := strconv.Atoi(w("safi"))
		e.notes = append(e.notes, "family "+familyWords(bgp.Family{AFI: bgp.AFI(afi), SAFI: bgp.SAFI(safi)}))
	}
	if w("peer_tcp_port") == "0" {
		e.notes = append(e.notes, "peer_tcp_port 0: the peer's TCP port is not known from a Route Monitoring message (only a Peer Up carries the ports, RFC 7854 §4.10)")
	}
	if p := w("bmp_router_port"); p != "" {
		e.notes = append(e.notes, "bmp_router_port "+p+": the router's end of its TCP connection to the collector")
	}
	for _, f := range pmacctFlags {
		if v := w(f.key); v == "1" || v == "true" {
			e.notes = append(e.notes, f.key+": "+f.words)
		}
	}
	if e.prefix == "0.0.0.0/0" || e.prefix == "::/0" {
		e.notes = append(e.notes, "prefix "+e.prefix+" is the default route")
	}
	return e, true
}

// obmpFields reads OpenBMP's message-bus record written one field a
// line, as goBMP's notes print it: "N: (name): value". It returns the
// fields by name, or nil when the text is not such a record.
func obmpFields(text string) map[string]string {
	if !strings.Contains(text, "(action):") {
		return nil
	}
	f := map[string]string{}
	for _, l := range strings.Split(text, "\n") {
		num, rest, ok := strings.Cut(strings.TrimSpace(l), ": (")
		name, v, ok2 := strings.Cut(rest, "):")
		if _, err := strconv.Atoi(num); ok && ok2 && err == nil {
			f[strings.ToLower(name)] = strings.TrimSpace(v)
		}
	}
	if len(f) < 5 {
		return nil
	}
	return f
}

// obmpRecord reads an OpenBMP unicast_prefix or peer record.
func obmpRecord(text string) (routeElem, bool) {
	return obmpElem(obmpFields(text), "message bus, one field a line")
}

// gobmpJSON reads goBMP's JSON of the same records (its Kafka topics
// gobmp.parsed.unicast_prefix_v4, ..., peer), whose attributes are in
// base_attrs, perhaps after a Kafka console consumer's record fields.
func gobmpJSON(text string) (routeElem, bool) {
	lower := strings.ToLower(text)
	if !strings.Contains(lower, `"peer_hash"`) && !strings.Contains(lower, `"base_attrs"`) {
		return routeElem{}, false
	}
	m := jsonObject(text)
	if m == nil {
		return routeElem{}, false
	}
	f := map[string]string{}
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			for k2, v2 := range sub {
				f[strings.ToLower(k2)] = jsonWord(v2)
			}
			continue
		}
		f[strings.ToLower(k)] = jsonWord(v) // the route's own fields win over base_attrs'
	}
	e, ok := obmpElem(f, "goBMP's JSON of the message bus")
	if i := strings.Index(lower, "createtime:"); ok && i >= 0 {
		ms := strings.TrimLeft(lower[i+len("createtime:"):], " ")
		if j := strings.IndexFunc(ms, func(r rune) bool { return r < '0' || r > '9' }); j > 3 {
			e.notes = append(e.notes, "CreateTime "+ms[:j]+": the Kafka record's time in milliseconds ("+unixTime(ms[:j-3]+"."+ms[j-3:j])+"), printed by the console consumer with its partition and offset")
		}
	}
	return e, ok
}

// obmpElem reads the fields of an OpenBMP or goBMP record, printed in
// the form named.
func obmpElem(f map[string]string, form string) (routeElem, bool) {
	if f == nil || f["action"] == "" {
		return routeElem{}, false
	}
	e := routeElem{form: formBMP, printed: f["action"], time: f["timestamp"], routerIP: f["router_ip"], router: "BMP router"}
	var hashes []string
	for _, k := range []string{"hash", "router_hash", "peer_hash", "base_attr_hash"} {
		if f[k] != "" {
			hashes = append(hashes, k+" "+f[k])
		}
	}
	if len(hashes) > 0 {
		e.notes = append(e.notes, strings.Join(hashes, ", ")+": IDs the collector computes, MD5 hashes of the key fields of the record, router, peer and attribute set; no octets of BGP")
	}
	if s := f["sequence"]; s != "" {
		e.notes = append(e.notes, "sequence "+s+": the collector's count of the records of this object")
	}
	switch {
	case f["prefix"] != "":
		e = obmpPrefix(e, f)
	case f["remote_ip"] != "" || f["bmp_reason"] != "":
		e = obmpPeer(e, f)
	default:
		return routeElem{}, false
	}
	e.tool += " (" + form + ")"
	return e, true
}

// obmpPrefix reads a unicast_prefix record: a route of a Route
// Monitoring message.
func obmpPrefix(e routeElem, f map[string]string) routeElem {
	e.tool, e.bmpMsg = "OpenBMP unicast_prefix record", bmpMsgWords(bmp.MsgRouteMonitoring)
	e.kind = map[string]string{"add": "A", "del": "W"}[strings.ToLower(f["action"])]
	e.peerIP, e.peerAS, e.prefix = f["peer_ip"], f["peer_asn"], f["prefix"]+"/"+f["prefix_len"]
	e.path, e.origin, e.nextHop, e.med, e.localPref = f["as_path"], f["origin"], f["nexthop"], f["med"], f["local_pref"]
	e.comms, e.extComms = f["community_list"], f["ext_community_list"]
	if a := f["is_atomic_agg"] + f["isatomicagg"]; a != "" {
		e.atomic = map[string]string{"1": "true", "0": "false"}[a]
		if e.atomic == "" {
			e.atomic = a
		}
	}
	if p := f["path_id"]; p != "" && p != "0" {
		e.pathID = p
	}
	if f["local_pref"] == "0" && e.peerAS != "" {
		e.zeroMeans = true // the bus prints 0 for an absent LOCAL_PREF
	}
	e.notes = append(e.notes, obmpRIB(f)...)
	if c := f["cluster_list"]; c != "" {
		e.notes = append(e.notes, "CLUSTER_LIST "+c+" (RFC 4456 §8)")
	}
	if o := f["originator_id"]; o != "" {
		e.notes = append(e.notes, "ORIGINATOR_ID "+o+" (RFC 4456 §8)")
	}
	return e
}

// obmpRIB says which of the router's tables a record's route is from.
func obmpRIB(f map[string]string) []string {
	var out []string
	switch f["isprepolicy"] + f["is_prepolicy"] {
	case "1", "true":
		out = append(out, "pre-policy: as the peer sent it, before the router's import policy (the per-peer header's L flag clear, RFC 7854 §4.2)")
	case "0", "false":
		out = append(out, "post-policy: after the router's import policy (the L flag set, RFC 7854 §4.2)")
	}
	switch f["is_adj_rib_in"] {
	case "1", "true":
		out = append(out, "from the Adj-RIB-In (RFC 7854 §4.2)")
	case "0", "false":
		out = append(out, "from the Adj-RIB-Out (the O flag, RFC 8671 §4)")
	}
	for _, b := range []struct{ key, words string }{
		{"is_adj_rib_in_post_policy", "post-policy Adj-RIB-In: after the router's import policy (the L flag, RFC 7854 §4.2)"},
		{"is_adj_rib_out_post_policy", "post-policy Adj-RIB-Out: as the router sent it (the O and L flags, RFC 8671 §4)"},
	} {
		if f[b.key] == "true" {
			out = append(out, b.words)
		}
	}
	if f["is_locrib"] == "1" {
		out = append(out, "from the Loc-RIB (RFC 9069)")
	}
	return out
}

// obmpPeer reads a peer record: a Peer Up or Peer Down Notification.
func obmpPeer(e routeElem, f map[string]string) routeElem {
	e.tool = "OpenBMP peer record"
	e.peerIP, e.peerAS = f["remote_ip"], f["remote_asn"]
	switch strings.ToLower(f["action"]) {
	case "down":
		e.bmpMsg = bmpMsgWords(bmp.MsgPeerDown)
	case "up":
		e.bmpMsg = bmpMsgWords(bmp.MsgPeerUp)
	}
	if id := f["remote_bgp_id"]; id != "" {
		e.notes = append(e.notes, "the peer's BGP Identifier "+id)
	}
	if rd := f["peer_rd"]; rd == "0:0" {
		e.notes = append(e.notes, "peer distinguisher 0:0: a global instance peer (RFC 7854 §4.2)")
	}
	if r, err := strconv.Atoi(f["bmp_reason"]); err == nil {
		pr := bmp.PeerDownReason(r)
		e.notes = append(e.notes, "Peer Down reason "+itoa(r)+": "+pr.String()+" ("+pr.Ref()+")")
	}
	c, errC := strconv.Atoi(f["bgp_error_code"])
	s, errS := strconv.Atoi(f["bgp_error_sub_code"])
	if errC == nil && errS == nil {
		code := bgp.Code(c)
		n := "the NOTIFICATION's error " + itoa(c) + "/" + itoa(s) + ": " + code.String()
		if sn := bgp.SubcodeName(code, uint8(s)); sn != "" {
			n += " / " + sn
		}
		if t := f["error_text"]; t != "" {
			n += " (the collector's words: " + t + ")"
		}
		e.notes = append(e.notes, n)
	}
	if l := f["local_ip"]; l != "" {
		e.local = strings.TrimSpace(l + " AS" + f["local_asn"])
	}
	if h := f["remote_holddown"]; h != "" {
		e.notes = append(e.notes, "hold times "+h+" (the peer's OPEN) and "+f["adv_holddown"]+" (the router's): the session uses the smaller (RFC 4271 §4.2)")
	}
	return e
}

// bmpStructJSON reads a BMP message printed as JSON of its own
// structure (a common header, a per-peer header, a body with the BGP
// UPDATE), as BMPClient prints it.
func bmpStructJSON(text string) (routeElem, bool) {
	if !strings.Contains(strings.ToLower(text), `"peerheader"`) {
		return routeElem{}, false
	}
	m, _ := lowerKeys(jsonObject(text)).(map[string]any) // the events read the entry in lower case, the tree as printed
	h, _ := m["header"].(map[string]any)
	p, _ := m["peerheader"].(map[string]any)
	if h == nil || p == nil {
		return routeElem{}, false
	}
	t, _ := strconv.Atoi(jsonWord(h["type"]))
	e := routeElem{form: formBMP, printed: jsonWord(h["type"]), tool: "BMP message as JSON of its fields (BMPClient)", bmpMsg: bmpMsgWords(bmp.MsgType(t)),
		time: jsonWord(p["timestamp"]), peerIP: jsonWord(p["peeraddress"]), peerAS: jsonWord(p["peeras"])}
	e.notes = append(e.notes, "BMP version "+jsonWord(h["version"])+", "+jsonWord(h["length"])+" octets with its common header (RFC 7854 §4.1)")
	pt, _ := strconv.Atoi(jsonWord(p["peertype"]))
	e.notes = append(e.notes, "peer type "+itoa(pt)+": "+bmp.PeerType(pt).String()+" ("+bmp.PeerType(pt).Ref()+")")
	if jsonWord(p["ispostpolicy"]) == "false" {
		e.notes = append(e.notes, "pre-policy: the route as the peer sent it, before the router's import policy (RFC 7854 §4.2)")
	} else if jsonWord(p["ispostpolicy"]) == "true" {
		e.notes = append(e.notes, "post-policy: after the router's import policy (RFC 7854 §4.2)")
	}
	if fl, err := strconv.Atoi(jsonWord(p["flags"])); err == nil {
		e.notes = append(e.notes, "peer flags "+itoa(fl)+" (0x"+strconv.FormatInt(int64(fl), 16)+"): "+peerFlagWords(uint8(fl)))
	}
	if id := jsonWord(p["peerbgpid"]); id != "" {
		e.notes = append(e.notes, "the peer's BGP Identifier "+id)
	}
	body, _ := m["body"].(map[string]any)
	if u, ok := body["bgpupdate"].(map[string]any); ok {
		e.kind = "A"
		e.readStructUpdate(u)
	}
	return e, true
}

// peerFlagWords reads the per-peer header's flags (RFC 7854 §4.2).
func peerFlagWords(fl uint8) string {
	var out []string
	for _, b := range []struct {
		bit       uint8
		set, nope string
	}{{0x80, "V: the peer's address is IPv6", "V clear: IPv4 peer address"}, {0x40, "L: post-policy", "L clear: pre-policy"},
		{0x20, "A: the AS_PATH is in the old 2-octet form", "A clear: 4-octet AS numbers"}} {
		if fl&b.bit != 0 {
			out = append(out, b.set)
		} else {
			out = append(out, b.nope)
		}
	}
	return strings.Join(out, ", ")
}

// readStructUpdate reads the UPDATE of a BMP message printed as JSON.
func (e *routeElem) readStructUpdate(u map[string]any) {
	uh, _ := u["header"].(map[string]any)
	ub, _ := u["body"].(map[string]any)
	e.notes = append(e.notes, "a BGP UPDATE of "+jsonWord(uh["length"])+" octets: withdrawn routes length "+jsonWord(ub["withdrawnrouteslength"])+", path attributes length "+jsonWord(ub["totalpathattributelength"])+" (RFC 4271 §4.3)")
	e.withdrawn = strings.Fields(jsonWord(ub["withdrawnroutes"]))
	for _, a := range asList(ub["pathattributes"]) {
		am, _ := a.(map[string]any)
		switch jsonWord(am["type"]) {
		case "1":
			e.origin = [...]string{"IGP", "EGP", "INCOMPLETE", ""}[min(3, max(0, atoiOr(jsonWord(am["origin"]), 3)))]
		case "2":
			for _, s := range asList(am["aspaths"]) {
				sm, _ := s.(map[string]any)
				if jsonWord(sm["segmenttype"]) == "1" {
					e.path += " {" + strings.ReplaceAll(jsonWord(sm["asns"]), " ", ",") + "}"
				} else {
					e.path += " " + jsonWord(sm["asns"])
				}
			}
			e.path = strings.TrimSpace(e.path)
		case "3", "14":
			e.nextHop = jsonWord(am["nexthop"])
			e.announced = append(e.announced, strings.Fields(jsonWord(am["value"]))...)
			e.notes = append(e.notes, "announced via next hop "+e.nextHop+": "+jsonWord(am["value"]))
			if am["afi"] != nil {
				e.notes = append(e.notes, "MP_REACH_NLRI (RFC 4760 §3) for "+familyWords(bgp.Family{AFI: bgp.AFI(atoiOr(jsonWord(am["afi"]), 0)), SAFI: bgp.SAFI(atoiOr(jsonWord(am["safi"]), 0))}))
			}
		}
	}
}

// extCommWords reads extended communities as tools print them: a type
// word, then the global and local administrators ("SoO:196844:2",
// "rt 65000:1").
func extCommWords(list string) string {
	words := map[string]string{"soo": "Route Origin (site of origin)", "rt": "Route Target", "ro": "Route Origin"}
	var out []string
	for _, c := range strings.Fields(list) {
		typ, _, _ := strings.Cut(c, ":")
		if w, ok := words[strings.ToLower(typ)]; ok {
			c += " (" + w + ")"
		}
		out = append(out, c)
	}
	return "EXTENDED_COMMUNITIES " + strings.Join(out, " ") + " (RFC 4360: a type, then the administrator that defines it and its value)"
}

// lowerKeys writes every key of decoded JSON in lower case.
func lowerKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[strings.ToLower(k)] = lowerKeys(x)
		}
		return out
	case []any:
		for i, x := range v {
			v[i] = lowerKeys(x)
		}
	}
	return v
}

// reOBMPRouter is OpenBMP's router record (openbmp.parsed.router) in its
// tab-separated form or as a consumer printed its fields: action, sequence,
// name, hash, address, description, termination code and reason, ...,
// timestamp.
var reOBMPRouter = gate(`\b(first|init|term)\s+(\d+)\s+(?:(\S+)\s+)?([0-9a-f]{32})\s+([0-9a-f.:]+)\s+(?:(\d{1,5})\s+)?(\(\d+\)[^\t\n\]]*?)?\s*(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?)`)

// obmpRouterActions say what a router record's action means.
var obmpRouterActions = map[string]string{
	"first": "the collector's first record of the router, before its Initiation",
	"init":  bmpMsgWords(bmp.MsgInitiation) + " arrived: the router's BMP session began",
	"term":  bmpMsgWords(bmp.MsgTermination) + " arrived, or the router's TCP connection closed: the BMP session ended",
}

// obmpRouter reads an OpenBMP router record.
func obmpRouter(text string) (routeElem, bool) {
	m := reOBMPRouter.find(newScan(text, strings.ToLower(text)))
	if m == nil {
		return routeElem{}, false
	}
	e := routeElem{form: formBMP, printed: m[1], tool: "OpenBMP router record (message bus)", bmpMsg: obmpRouterActions[m[1]],
		time: m[8], router: m[3], routerIP: m[5]}
	e.notes = append(e.notes, "sequence "+m[2]+": the collector's count of router records", "hash "+m[4]+": OpenBMP's ID of the router, an MD5 hash of its address, no octets of BGP")
	if c := m[6]; c != "" {
		s := "termination code " + c
		if n := atoiOr(c, -1); n >= 0 && n <= 4 {
			s += ": " + bmp.TerminationReason(n).String() + " (RFC 7854 §4.5)"
		} else {
			s += ": not one of RFC 7854 §4.5's reasons (0 to 4), a code of the collector's own"
		}
		e.notes = append(e.notes, s)
	}
	if r := strings.TrimSpace(m[7]); r != "" {
		e.notes = append(e.notes, "reason "+r+", in the collector's words")
	}
	return e, true
}
