package station

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/internal/routerlab"
)

// A real router originating the families operators run: gobgpd adds EVPN
// routes (MAC/IP Advertisement, Inclusive Multicast Ethernet Tag, IP
// Prefix), IPv4 and IPv6 FlowSpec rules with rate-limit, redirect and
// discard actions, and VPNv4 routes, and exports them over BMP. The API
// must show, per family, the routes "gobgp global rib -a FAMILY -j" shows:
// the same set, compared field by field from gobgp's JSON and the API's;
// lookups by MAC, address and prefix inside a rule find them; a
// withdrawal by gobgp removes its route.
//
// gobgpd 3.10 exports its locally originated routes without AS_PATH, which
// RFC 4271 §5.1.2 makes mandatory (empty for a local route); the station
// then treats them as withdrawn (RFC 7606 §3.d). The routes are therefore
// added with an AS_PATH ("aspath 65010"); TestOriginWithoutASPath checks the
// treat-as-withdraw.

// originRoutes are the routes added, per gobgp family name.
var originRoutes = []struct {
	family string
	args   []string
}{
	{"evpn", strings.Fields("macadv aa:bb:cc:dd:ee:01 10.0.0.1 esi 0 etag 0 label 100 rd 65010:1 rt 65010:1 encap vxlan aspath 65010")},
	{"evpn", strings.Fields("macadv aa:bb:cc:dd:ee:02 10.0.0.2 esi 0 etag 7 label 101 rd 65010:1 rt 65010:1 aspath 65010")},
	{"evpn", strings.Fields("multicast 10.0.0.1 etag 0 rd 65010:1 rt 65010:1 encap vxlan aspath 65010")},
	{"evpn", strings.Fields("prefix 192.0.2.0/24 esi 0 etag 0 label 200 rd 65010:2 rt 65010:2 gw 10.0.0.254 aspath 65010")},
	{"ipv4-flowspec", strings.Fields("match destination 192.0.2.0/24 protocol udp destination-port ==53 packet-length >=512 then rate-limit 1000 aspath 65010")},
	{"ipv4-flowspec", strings.Fields("match source 198.51.100.0/24 destination-port >=1024&<=2048 then redirect 65010:100 aspath 65010")},
	{"ipv4-flowspec", strings.Fields("match destination 203.0.113.0/24 then discard aspath 65010")},
	{"ipv6-flowspec", strings.Fields("match destination 2001:db8::/32 source 2001:db8:1::/48 then redirect 65010:100 aspath 65010")},
	{"ipv6-flowspec", strings.Fields("match destination 2001:db8:5::/48 protocol tcp then rate-limit 500 aspath 65010")},
	{"vpnv4", strings.Fields("10.1.0.0/16 label 300 rd 65010:3 rt 65010:3 nexthop 192.0.2.9 aspath 65010")},
	{"vpnv4", strings.Fields("10.2.0.0/24 label 301 rd 65010:4 rt 65010:4 nexthop 192.0.2.9 aspath 65010")},
}

// originFamilies maps gobgp's family names to the API's.
var originFamilies = map[string]string{"evpn": "l2vpn-evpn", "ipv4-flowspec": "ipv4-flowspec", "ipv6-flowspec": "ipv6-flowspec", "vpnv4": "ipv4-vpn"}

func TestOriginFamilies(t *testing.T) {
	sink := &memSink{name: "mem"}
	ts := startStation(t, Config{}, sink)
	g := routerlab.StartOrigin(t, ts.addr, "gobgp-families")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, r := range originRoutes {
		if err := g.Add(ctx, r.family, r.args...); err != nil {
			t.Fatal(err)
		}
	}
	peer := waitOrigin(t, ctx, ts, g)
	for gf, af := range originFamilies {
		out, err := g.RIBJSON(ctx, gf)
		if err != nil {
			t.Fatal(err)
		}
		want := gobgpRoutes(t, gf, out)
		got := stationRoutes(t, ts, peer, af)
		if !slices.Equal(got, want) {
			t.Errorf("%s: the station shows\n  %s\ngobgp shows\n  %s", af, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
	}
	checkOriginLookups(t, ts)
	checkEntryEvents(t, sink)
	// Every key of the API's entry routes is documented.
	keys := map[string]bool{}
	for _, path := range []string{"/api/v1/lookup?q=10.0.0.1", "/api/v1/lookup?q=192.0.2.53",
		"/api/v1/routers/gobgp-families/peers/" + url.PathEscape(peer) + "/routes?peer_type=loc_rib&rib=loc-rib&family=ipv6-flowspec"} {
		var raw any
		ts.get(t, path, &raw)
		collectKeys(raw, keys)
	}
	if !keys["nlri"] || !keys["components"] || !keys["mac"] {
		t.Errorf("API keys %v: no entry routes?", keys)
	}
	checkDocumented(t, keys, "../docs/station.md", "../docs/json.md")

	// A withdrawal removes the route by its key.
	if err := g.Del(ctx, "evpn", strings.Fields("macadv aa:bb:cc:dd:ee:01 10.0.0.1 esi 0 etag 0 label 100 rd 65010:1")...); err != nil {
		t.Fatal(err)
	}
	err := routerlab.Poll(ctx, 50*time.Millisecond, func() (bool, error) {
		return len(stationRoutes(t, ts, peer, "l2vpn-evpn")) == 3, nil
	})
	if err != nil {
		t.Fatalf("the withdrawn MAC/IP route stays: %q", stationRoutes(t, ts, peer, "l2vpn-evpn"))
	}
	var lk entryLookupAnswer
	ts.get(t, "/api/v1/lookup?q=aa:bb:cc:dd:ee:01", &lk)
	if len(lk.Matches) != 0 {
		t.Errorf("the withdrawn MAC is still found: %+v", lk.Matches)
	}
}

// waitOrigin waits until the station holds, in gobgpd's Loc-RIB, as many
// routes per family as gobgp shows, and returns the Loc-RIB peer's
// address.
func waitOrigin(t *testing.T, ctx context.Context, ts *testStation, g *routerlab.GoBGPd) string {
	t.Helper()
	want := map[string]int{}
	for gf, af := range originFamilies {
		out, err := g.RIBJSON(ctx, gf)
		if err != nil {
			t.Fatal(err)
		}
		want["loc-rib "+af] = len(gobgpRoutes(t, gf, out))
	}
	var peer string
	var got map[string]int
	err := routerlab.Poll(ctx, 50*time.Millisecond, func() (bool, error) {
		if _, ok := ts.router(t, "gobgp-families"); !ok {
			return false, nil
		}
		for _, p := range ts.peers(t, "gobgp-families") {
			if p.Type == "loc_rib" {
				peer, got = p.Address, tableRoutes(p)
			}
		}
		for k, n := range want {
			if got[k] != n {
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		t.Fatalf("the station's Loc-RIB of gobgpd holds %v, want %v", got, want)
	}
	return peer
}

// stationRoutes lists the routes of a family of the peer's Loc-RIB in the
// API, each as one comparable line.
func stationRoutes(t *testing.T, ts *testStation, peer, family string) []string {
	t.Helper()
	var page struct {
		Routes []map[string]any `json:"routes"`
	}
	ts.get(t, "/api/v1/routers/gobgp-families/peers/"+url.PathEscape(peer)+"/routes?peer_type=loc_rib&rib=loc-rib&family="+family, &page)
	var out []string
	for _, r := range page.Routes {
		out = append(out, apiRouteLine(r))
	}
	sort.Strings(out)
	return out
}

// apiRouteLine writes the fields compared of an API route.
func apiRouteLine(r map[string]any) string {
	s := func(m map[string]any, k string) string {
		if v, ok := m[k]; ok {
			return fmt.Sprint(v)
		}
		return "-"
	}
	var b strings.Builder
	if n, ok := r["nlri"].(map[string]any); ok {
		if comps, ok := n["components"].([]any); ok {
			b.WriteString("rule")
			for _, c := range comps {
				c := c.(map[string]any)
				b.WriteString(" [" + s(c, "component"))
				if p, ok := c["prefix"]; ok {
					b.WriteString(" " + fmt.Sprint(p))
				}
				ops, _ := c["ops"].([]any)
				for _, o := range ops {
					o := o.(map[string]any)
					b.WriteString(fmt.Sprintf(" and=%v %v%v", o["and"], o["match"], o["value"]))
				}
				b.WriteString("]")
			}
		} else {
			ip := s(n, "ip")
			if o, ok := n["originator"]; ok {
				ip = fmt.Sprint(o)
			}
			fmt.Fprintf(&b, "%s rd %s esi %s tag %s mac %s ip %s prefix %s gw %s label %s", s(n, "route"), s(n, "rd"), s(n, "esi"),
				s(n, "ethernet_tag"), s(n, "mac"), ip, s(n, "prefix"), s(n, "gateway"), s(n, "vni"))
		}
	} else {
		fmt.Fprintf(&b, "rd %s %s labels %s", s(r, "rd"), s(r, "prefix"), s(r, "labels"))
	}
	var ecs []string
	if l, ok := r["extended_communities"].([]any); ok {
		for _, e := range l {
			ecs = append(ecs, fmt.Sprint(e))
		}
	}
	sort.Strings(ecs)
	fmt.Fprintf(&b, " | origin %s as_path %s next_hop %s ext %s", s(r, "origin"), s(r, "as_path"), s(r, "next_hop"), strings.Join(ecs, ","))
	return b.String()
}

// gobgp's JSON of a path: its NLRI and attributes as gobgp writes them.
type gobgpJSONPath struct {
	NLRI  json.RawMessage   `json:"nlri"`
	Attrs []json.RawMessage `json:"attrs"`
}

// gobgpRoutes reads "gobgp global rib -a family -j" into the lines
// apiRouteLine writes, translating gobgp's fields to the RFC's.
func gobgpRoutes(t *testing.T, family string, out []byte) []string {
	t.Helper()
	var m map[string][]gobgpJSONPath
	if s := strings.TrimSpace(string(out)); s == "" || s == "null" {
		return nil
	}
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("gobgp %s: %v\n%s", family, err, out)
	}
	var lines []string
	for _, paths := range m {
		for _, p := range paths {
			var b strings.Builder
			switch family {
			case "evpn":
				b.WriteString(gobgpEVPN(t, p.NLRI))
			case "ipv4-flowspec", "ipv6-flowspec":
				b.WriteString(gobgpFlowSpec(t, p.NLRI, family == "ipv6-flowspec"))
			default:
				var n struct {
					Prefix string   `json:"prefix"`
					Labels []uint32 `json:"labels"`
					RD     gobgpRD  `json:"rd"`
				}
				if err := json.Unmarshal(p.NLRI, &n); err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, "rd %s %s labels %v", n.RD, n.Prefix, n.Labels)
			}
			b.WriteString(gobgpAttrs(t, p.Attrs, strings.HasSuffix(family, "flowspec")))
			lines = append(lines, b.String())
		}
	}
	sort.Strings(lines)
	return lines
}

// gobgpRD is gobgp's route distinguisher: type, admin and assigned.
type gobgpRD struct {
	Type     int             `json:"type"`
	Admin    json.RawMessage `json:"admin"`
	Assigned uint32          `json:"assigned"`
}

func (r gobgpRD) String() string {
	return strings.Trim(string(r.Admin), `"`) + ":" + fmt.Sprint(r.Assigned)
}

func gobgpEVPN(t *testing.T, raw json.RawMessage) string {
	var n struct {
		Type  int `json:"type"`
		Value struct {
			RD      gobgpRD  `json:"rd"`
			ESI     string   `json:"esi"`
			ETag    uint32   `json:"etag"`
			MAC     string   `json:"mac"`
			IP      string   `json:"ip"`
			Labels  []uint32 `json:"labels"`
			Label   *uint32  `json:"label"`
			Prefix  string   `json:"prefix"`
			Gateway string   `json:"gateway"`
		} `json:"value"`
	}
	if err := json.Unmarshal(raw, &n); err != nil {
		t.Fatal(err)
	}
	v := n.Value
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	esi := "-"
	switch v.ESI {
	case "single-homed":
		esi = "0"
	case "":
	default:
		esi = v.ESI
	}
	label := "-"
	if len(v.Labels) > 0 {
		label = fmt.Sprint(v.Labels[0]) // gobgp gives the whole 24-bit field: the API's vni
	} else if v.Label != nil {
		label = fmt.Sprint(*v.Label)
	}
	route := map[int]string{2: "mac-ip", 3: "inclusive-multicast", 5: "ip-prefix"}[n.Type]
	return fmt.Sprintf("%s rd %s esi %s tag %d mac %s ip %s prefix %s gw %s label %s", route, v.RD, esi, v.ETag,
		dash(v.MAC), dash(v.IP), dash(v.Prefix), dash(v.Gateway), label)
}

// gobgpFlowSpec reads gobgp's components: the type numbers of RFC 8955
// §4.2.2 (RFC 8956 §3 for IPv6) and the numeric operator octets of RFC
// 8955 §4.2.1.1, translated here independently of bgplens' decoder.
func gobgpFlowSpec(t *testing.T, raw json.RawMessage, v6 bool) string {
	var n struct {
		Value []struct {
			Type  int             `json:"type"`
			Value json.RawMessage `json:"value"`
		} `json:"value"`
	}
	if err := json.Unmarshal(raw, &n); err != nil {
		t.Fatal(err)
	}
	names := map[int]string{1: "destination", 2: "source", 3: "protocol", 4: "port", 5: "destination-port", 6: "source-port",
		7: "icmp-type", 8: "icmp-code", 10: "packet-length", 11: "dscp"}
	if v6 {
		names[3] = "next-header"
	}
	// lt, gt, eq bits of a numeric operator.
	match := map[int]string{0: "false", 1: "=", 2: ">", 3: ">=", 4: "<", 5: "<=", 6: "!=", 7: "true"}
	var b strings.Builder
	b.WriteString("rule")
	for _, c := range n.Value {
		b.WriteString(" [" + names[c.Type])
		if c.Type == 1 || c.Type == 2 {
			var p struct {
				Prefix string `json:"prefix"`
			}
			if err := json.Unmarshal(c.Value, &p); err != nil {
				t.Fatal(err)
			}
			b.WriteString(" " + p.Prefix)
		} else {
			var ops []struct {
				Op    int    `json:"op"`
				Value uint64 `json:"value"`
			}
			if err := json.Unmarshal(c.Value, &ops); err != nil {
				t.Fatal(err)
			}
			for _, o := range ops {
				fmt.Fprintf(&b, " and=%v %s%d", o.Op&0x40 != 0, match[o.Op&7], o.Value)
			}
		}
		b.WriteString("]")
	}
	return b.String()
}

// gobgpAttrs writes ORIGIN, AS_PATH, the next hop and the extended
// communities as the API names them.
func gobgpAttrs(t *testing.T, attrs []json.RawMessage, flowSpec bool) string {
	origin, asPath, nh := "-", "-", "-"
	var ecs []string
	for _, raw := range attrs {
		var a struct {
			Type    int `json:"type"`
			Value   json.RawMessage
			ASPaths []struct {
				ASNs []uint32 `json:"asns"`
			} `json:"as_paths"`
			Nexthop string `json:"nexthop"`
		}
		if err := json.Unmarshal(raw, &a); err != nil {
			t.Fatal(err)
		}
		switch a.Type {
		case 1:
			var o int
			json.Unmarshal(a.Value, &o)
			origin = [...]string{"igp", "egp", "incomplete"}[o%3]
		case 2:
			var asns []string
			for _, s := range a.ASPaths {
				for _, n := range s.ASNs {
					asns = append(asns, fmt.Sprint(n))
				}
			}
			asPath = strings.Join(asns, " ")
		case 3, 14:
			// gobgp shows the absent next hop of FlowSpec (MP_REACH_NLRI
			// with a next hop of length 0, RFC 8955 §4) as 0.0.0.0 or ::;
			// the API writes none.
			if a.Nexthop != "0.0.0.0" && a.Nexthop != "::" || !flowSpec {
				nh = a.Nexthop
			}
		case 16:
			var list []struct {
				Type       int     `json:"type"`
				Subtype    int     `json:"subtype"`
				Value      string  `json:"value"`
				AS         uint32  `json:"as"`
				Rate       float64 `json:"rate"`
				TunnelType int     `json:"tunnel_type"`
			}
			if err := json.Unmarshal(a.Value, &list); err != nil {
				t.Fatal(err)
			}
			for _, e := range list {
				switch {
				case e.Subtype == 2:
					ecs = append(ecs, "rt:"+e.Value)
				case e.Type == 3 && e.Subtype == 12:
					ecs = append(ecs, fmt.Sprintf("encap:%d", e.TunnelType))
				case e.Type == 0x80 && e.Subtype == 6:
					ecs = append(ecs, fmt.Sprintf("traffic-rate:%d:%v", e.AS, e.Rate))
				case e.Type == 0x80 && e.Subtype == 8:
					ecs = append(ecs, "redirect:"+e.Value)
				default:
					ecs = append(ecs, fmt.Sprintf("type %d subtype %d %s", e.Type, e.Subtype, raw))
				}
			}
		}
	}
	sort.Strings(ecs)
	return fmt.Sprintf(" | origin %s as_path %s next_hop %s ext %s", origin, asPath, nh, strings.Join(ecs, ","))
}

// entryLookupAnswer reads a lookup's matches, routes as maps.
type entryLookupAnswer struct {
	Matches []struct {
		RIB    string         `json:"rib"`
		Family string         `json:"family"`
		Route  map[string]any `json:"route"`
	} `json:"matches"`
	Truncated bool `json:"truncated"`
}

// checkOriginLookups: lookups by MAC, address and prefix find the routes
// that name them, in the Loc-RIB and in the pseudo-peer's table gobgpd
// also exports.
func checkOriginLookups(t *testing.T, ts *testStation) {
	t.Helper()
	for _, tc := range []struct {
		q    string
		want []string // family and text of each match in the Loc-RIB
	}{
		{"aa:bb:cc:dd:ee:01", []string{"l2vpn-evpn mac-ip rd 65010:1 esi 0 tag 0 mac aa:bb:cc:dd:ee:01 ip 10.0.0.1 label 6/vni 100"}},
		{"aabb.ccdd.ee02", []string{"l2vpn-evpn mac-ip rd 65010:1 esi 0 tag 7 mac aa:bb:cc:dd:ee:02 ip 10.0.0.2 label 6/vni 101"}},
		{"10.0.0.1", []string{
			"l2vpn-evpn inclusive-multicast rd 65010:1 tag 0 originator 10.0.0.1",
			"l2vpn-evpn mac-ip rd 65010:1 esi 0 tag 0 mac aa:bb:cc:dd:ee:01 ip 10.0.0.1 label 6/vni 100"}},
		{"192.0.2.53", []string{
			"ipv4-flowspec destination 192.0.2.0/24, protocol = 17, destination-port = 53, packet-length >= 512",
			"l2vpn-evpn ip-prefix rd 65010:2 esi 0 tag 0 prefix 192.0.2.0/24 gateway 10.0.0.254 label 12/vni 200"}},
		{"198.51.100.0/25", []string{"ipv4-flowspec source 198.51.100.0/24, destination-port >= 1024 && <= 2048"}},
		{"2001:db8:1::7", []string{"ipv6-flowspec destination 2001:db8::/32, source 2001:db8:1::/48"}},
		{"10.1.2.3", []string{"ipv4-vpn rd 65010:3 10.1.0.0/16"}},
		{"as:65010", nil},
	} {
		var lk entryLookupAnswer
		if code := ts.get(t, "/api/v1/lookup?q="+url.QueryEscape(tc.q), &lk); code != 200 {
			t.Errorf("q=%s: status %d", tc.q, code)
			continue
		}
		var got []string
		for _, m := range lk.Matches {
			if m.RIB != "loc-rib" {
				continue
			}
			text, _ := m.Route["text"].(string)
			if text == "" {
				text = fmt.Sprintf("rd %v %v", m.Route["rd"], m.Route["prefix"])
			}
			got = append(got, m.Family+" "+text)
		}
		sort.Strings(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("q=%s: Loc-RIB matches\n  %s\nwant\n  %s", tc.q, strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
		}
	}
	for _, q := range []string{"zz:zz", "as:x", "router-id:1.2.3", ""} {
		if code := ts.get(t, "/api/v1/lookup?q="+url.QueryEscape(q), nil); code != 400 {
			t.Errorf("q=%q: status %d, want 400", q, code)
		}
	}
}

// checkEntryEvents: the events of entry routes carry the entry's JSON,
// and every key they have is documented.
func checkEntryEvents(t *testing.T, sink *memSink) {
	t.Helper()
	keys := map[string]bool{}
	n := 0
	for _, ev := range sink.events() {
		if ev.Entry == nil {
			continue
		}
		n++
		var v map[string]any
		if err := json.Unmarshal(ev.AppendJSON(nil), &v); err != nil {
			t.Fatal(err)
		}
		if _, ok := v["nlri"].(map[string]any); !ok || v["text"] == "" || v["prefix"] != nil {
			t.Errorf("entry event %v", v)
		}
		collectKeys(v, keys)
	}
	if n < 9 {
		t.Errorf("%d entry events", n)
	}
	checkDocumented(t, keys, "../docs/station.md", "../docs/json.md")
}

// TestOriginWithoutASPath: gobgpd 3.10 exports a route it originates
// without AS_PATH; the station applies RFC 7606 §3.d (a missing well-known
// mandatory attribute: treat-as-withdraw), so the route is not held,
// while a route added with an AS_PATH is.
func TestOriginWithoutASPath(t *testing.T) {
	ts := startStation(t, Config{})
	g := routerlab.StartOrigin(t, ts.addr, "gobgp-families")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := g.Add(ctx, "evpn", strings.Fields("macadv aa:bb:cc:dd:ee:31 10.0.0.31 esi 0 etag 0 label 100 rd 65010:1 rt 65010:1")...); err != nil {
		t.Fatal(err)
	}
	if err := g.Add(ctx, "evpn", strings.Fields("macadv aa:bb:cc:dd:ee:32 10.0.0.32 esi 0 etag 0 label 100 rd 65010:1 rt 65010:1 aspath 65010")...); err != nil {
		t.Fatal(err)
	}
	out, err := g.RIBJSON(ctx, "evpn")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(gobgpRoutes(t, "evpn", out)); n != 2 {
		t.Fatalf("gobgp holds %d EVPN routes", n)
	}
	var lk entryLookupAnswer
	err = routerlab.Poll(ctx, 50*time.Millisecond, func() (bool, error) {
		ts.get(t, "/api/v1/lookup?q=aa:bb:cc:dd:ee:32", &lk)
		return len(lk.Matches) > 0, nil
	})
	if err != nil {
		t.Fatal("the route with an AS_PATH did not arrive")
	}
	ts.get(t, "/api/v1/lookup?q=aa:bb:cc:dd:ee:31", &lk)
	if len(lk.Matches) != 0 {
		t.Errorf("the route without AS_PATH is held: %+v", lk.Matches)
	}
}
