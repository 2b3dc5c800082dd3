package kafka_test

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/capture"
	"github.com/bgplens/bgplens/internal/testcorpus"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/station"
	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/output/kafka"
)

// obmpSchema is each route object's field list in OpenBMP's message bus
// API v1.7 (api/kafka_message_schema.md of OpenBMP/OpenBMP.github.io), in
// order, with how a consumer reads the field: obmp-java-api-message's
// parsers (which obmp-psql runs) read "int" fields with Long.valueOf,
// "int?" the same unless empty, "hex" as 0x<field>; "hash" is an MD5 in
// hex (empty for a withdrawal's attribute hash), "ts" the schema's
// timestamp, "bool" 0 or 1, "ip?" an address or empty, "str" anything.
var obmpSchema = map[string][]string{
	"evpn": {"Action:str", "Sequence:int", "Hash:hash", "Router Hash:hash", "Router IP:ip?", "Base Attr Hash:hash",
		"Peer Hash:hash", "Peer IP:ip?", "Peer ASN:int", "Timestamp:ts", "Origin:str", "AS Path:str", "AS Path Count:int?",
		"Origin AS:int?", "Next Hop:ip?", "MED:int?", "Local Pref:int?", "Aggregator:str", "Community List:str",
		"Ext Community List:str", "Cluster List:str", "isAtomicAgg:bool?", "isNextHopIPv4:bool?", "Originator Id:ip?",
		"Path ID:int", "isPrePolicy:bool", "isAdjIn:bool", "Route Distinguisher:str", "Route Distinguisher Type:int",
		"Originating Router Ip Len:int", "Originating Router Ip:ip?", "Ethernet Tag Id Hex:hex?",
		"Ethernet Segment Identifier:str", "Mac Len:int", "Mac:str", "Ip Len:int", "Ip:ip?", "MPLS Label 1:int",
		"MPLS Label 2:int", "Large Community List:str"},
	"l3vpn": {"Action:str", "Sequence:int", "Hash:hash", "Router Hash:hash", "Router IP:ip?", "Base Attr Hash:hash",
		"Peer Hash:hash", "Peer IP:ip?", "Peer ASN:int", "Timestamp:ts", "Prefix:ip?", "Length:int", "isIPv4:bool",
		"Origin:str", "AS Path:str", "AS Path Count:int?", "Origin AS:int?", "Next Hop:ip?", "MED:int?", "Local Pref:int?",
		"Aggregator:str", "Community List:str", "Ext Community List:str", "Cluster List:str", "isAtomicAgg:bool?",
		"isNextHopIPv4:bool?", "Originator Id:ip?", "Path ID:int", "Labels:str", "isPrePolicy:bool", "isAdjIn:bool",
		"Route Distinguisher:str", "RD Type:int", "Large Community List:str"},
	"ls_node": {"Action:str", "Sequence:int", "Hash:hash", "Base Attr Hash:hash", "Router Hash:hash", "Router IP:ip?",
		"Peer Hash:hash", "Peer IP:ip?", "Peer ASN:int", "Timestamp:ts", "IGP Router Id:str", "Router Id:ip?",
		"Routing Id:int", "LS Id:hex", "Mt Id:str", "Ospf Area Id:ip?", "Isis Area Id:str", "Protocol:proto",
		"Flags:str", "AS Path:str", "Local Pref:int?", "MED:int?", "Next Hop:ip?", "Node Name:str", "isPrePolicy:bool",
		"isAdjIn:bool", "SR-Capabilities TLV:str"},
	"ls_link": {"Action:str", "Sequence:int", "Hash:hash", "Base Attr Hash:hash", "Router Hash:hash", "Router IP:ip?",
		"Peer Hash:hash", "Peer IP:ip?", "Peer ASN:int", "Timestamp:ts", "IGP Router Id:str", "Router Id:ip?",
		"Routing Id:int", "LS Id:hex", "Ospf Area Id:ip?", "Isis Area Id:str", "Protocol:proto", "AS Path:str",
		"Local Pref:int?", "MED:int?", "Next Hop:ip?", "Mt Id:int?", "Local Link Id:int?", "Remote Link Id:int?",
		"Interface IP:ip?", "Neighbor IP:ip?", "IGP Metric:int?", "Admin Group:int?", "Max Link BW:int?",
		"Max Resv BW:int?", "Unreserved BW:str", "TE Default Metric:int?", "Link Protection:str", "MPLS Proto Mask:str",
		"SRLG:str", "Link Name:str", "Remote Node Hash:hash", "Local Node Hash:hash", "Remote IGP Router Id:str",
		"Remote Router Id:ip?", "Local Node ASN:int", "Remote Node ASN:int", "EPE Peer Node SID:str", "isPrePolicy:bool",
		"isAdjIn:bool", "Adjacency Segment Identifier:str"},
	"ls_prefix": {"Action:str", "Sequence:int", "Hash:hash", "Base Attr Hash:hash", "Router Hash:hash", "Router IP:ip?",
		"Peer Hash:hash", "Peer IP:ip?", "Peer ASN:int", "Timestamp:ts", "IGP Router Id:str", "Router Id:ip?",
		"Routing Id:int", "LS Id:hex", "Ospf Area Id:ip?", "Isis Area Id:str", "Protocol:proto", "AS Path:str",
		"Local Pref:int?", "MED:int?", "Next Hop:ip?", "Local node Hash:hash", "Mt Id:int?", "Ospf Route Type:str",
		"IGP Flags:str", "Route Tag:int?", "External Route Tag:int?", "Ospf Forwarding Addr:ip?", "IGP Metric:int?",
		"Prefix:ip?", "Prefix Length:int", "isPrePolicy:bool", "isAdjIn:bool", "Prefix-SID TLV:str"},
}

var obmpKinds = map[string]*regexp.Regexp{
	"int": regexp.MustCompile(`^[0-9]+$`), "int?": regexp.MustCompile(`^[0-9]*$`),
	"hex": regexp.MustCompile(`^[0-9a-f]+$`), "hex?": regexp.MustCompile(`^[0-9a-f]*$`),
	"hash": regexp.MustCompile(`^([0-9a-f]{32})?$`), "bool": regexp.MustCompile(`^[01]$`), "bool?": regexp.MustCompile(`^[01]?$`),
	"ts":    regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$`),
	"proto": regexp.MustCompile(`^(IS-IS_L1|IS-IS_L2|OSPFv2|Direct|Static|OSPFv3|)$`), // obmp-psql's ls_proto
	"str":   regexp.MustCompile(`^[^\t\n]*$`),
}

// checkSchema checks a row's fields against the object's field list, by
// name, and returns them by name.
func checkSchema(t *testing.T, object string, f []string) map[string]string {
	t.Helper()
	spec := obmpSchema[object]
	if len(f) != len(spec) {
		t.Fatalf("%s: %d fields, the schema has %d: %q", object, len(f), len(spec), f)
	}
	out := map[string]string{}
	for i, s := range spec {
		name, kind, _ := strings.Cut(s, ":")
		v := f[i]
		if kind == "ip?" && v != "" {
			if _, err := netip.ParseAddr(v); err != nil {
				t.Errorf("%s field %d %s: %q is not an address", object, i+1, name, v)
			}
		} else if re := obmpKinds[kind]; re != nil && !re.MatchString(v) {
			t.Errorf("%s field %d %s: %q is not of kind %s", object, i+1, name, v, kind)
		}
		out[name] = v
	}
	return out
}

// familyFeed is a router's BMP messages for the test: a real BMP capture's
// streams, or BGP UPDATEs of real captures and ExaBGP's vectors framed as
// Route Monitoring messages of one peer.
type familyFeed struct {
	src  string
	msgs [][]byte
}

func bmpCaptureFeeds(t *testing.T, rel string, srcs ...string) []familyFeed {
	f, err := capture.Open(filepath.Join(testcorpus.Dir(), rel))
	if err != nil {
		t.Fatal(err)
	}
	ss, err := f.Streams(nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []familyFeed
	for _, s := range ss {
		if len(s.Data) > 0 {
			out = append(out, familyFeed{srcs[len(out)], testrig.SplitBMP(t, s.Data)})
		}
	}
	return out
}

// routeMonitoring frames UPDATE m (marker included) for peer 192.0.2.9.
func routeMonitoring(t *testing.T, m []byte) []byte {
	h := bmp.PeerHeader{Address: netip.MustParseAddr("192.0.2.9"), AS: 65009, BGPID: netip.MustParseAddr("192.0.2.9"),
		Seconds: 1700000000}
	b, err := h.AppendBinary([]byte{3, 0, 0, 0, 0, byte(bmp.MsgRouteMonitoring)})
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, m...)
	binary.BigEndian.PutUint32(b[1:], uint32(len(b)))
	return b
}

// exabgpUpdates returns the UPDATEs of ExaBGP's vectors whose name starts
// with prefix, with ExaBGP's JSON of each; an "nlri" vector is put in an
// MP_REACH_NLRI of BGP-LS.
func exabgpUpdates(t *testing.T, prefix string) (msgs [][]byte, want []string) {
	files, err := filepath.Glob(filepath.Join(testcorpus.Dir(), "exabgp/qa/decoding", prefix+"*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("ExaBGP vectors %s: %v", prefix, err)
	}
	for _, name := range files {
		text, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitN(string(text), "\n", 3)
		raw, err := hex.DecodeString(strings.NewReplacer(" ", "", ":", "").Replace(strings.TrimSpace(lines[1])))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.HasPrefix(lines[0], "nlri") {
			b := bgp.NewUpdateBuilder(nil, bgp.Session{AS4: true})
			b.Origin(bgp.OriginIGP)
			b.Attr(bgp.PathAttr{Flags: bgp.FlagOptional, Type: bgp.AttrMPReachNLRI,
				Value: bgp.MPReach{Family: bgp.Family{AFI: bgp.AFIBGPLS, SAFI: bgp.SAFIBGPLS}, NextHop: []byte{192, 0, 2, 1}, RawNLRI: raw}})
			if raw, err = b.Finish(); err != nil {
				t.Fatal(err)
			}
		} else if !bytes.HasPrefix(raw, bytes.Repeat([]byte{0xff}, 16)) {
			h := append(bytes.Repeat([]byte{0xff}, 16), byte((len(raw)+19)>>8), byte(len(raw)+19), byte(bgp.MsgUpdate))
			raw = append(h, raw...)
		}
		msgs = append(msgs, routeMonitoring(t, raw))
		want = append(want, lines[2])
	}
	return msgs, want
}

// pcapUpdates returns the UPDATEs of BGP captures, framed.
func pcapUpdates(t *testing.T, rels ...string) [][]byte {
	var out [][]byte
	for _, rel := range rels {
		ms, err := testcorpus.Load(rel)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if bgp.MessageType(m.Type()) == bgp.MsgUpdate && !m.Partial {
				out = append(out, routeMonitoring(t, m.Data))
			}
		}
	}
	return out
}

// obmpHashes returns the router hash and peer hash of an event as
// docs/kafka.md gives them.
func obmpHashes(ev *output.Event, admin string) (string, string) {
	ch := md5.Sum([]byte(admin))
	rh := md5.Sum(append([]byte(ev.Router.Addr.String()), ch[:]...))
	return hex.EncodeToString(rh[:]), peerHashOf(ev, hex.EncodeToString(rh[:]))
}

// familyRun publishes the feeds in OpenBMP's format and returns the
// station's events and each object's rows read back by kcat, by key.
func familyRun(t *testing.T, feeds []familyFeed, objects ...string) ([]*output.Event, map[string]map[string][]obmpRow) {
	b := startBroker(t)
	cfg := testConfig(b, t.TempDir())
	cfg.Publish, cfg.ParsedFormat = []string{kafka.FeedParsed}, kafka.FormatOpenBMP
	r := startRig(t, cfg, station.QueueConfig{})
	for _, f := range feeds {
		r.feed(f.src, f.msgs)
	}
	allSent(t, r)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	rows := map[string]map[string][]obmpRow{}
	for _, o := range objects {
		rows[o] = map[string][]obmpRow{}
		for _, row := range readOBMP(t, b, o, "bgplens-test") {
			rows[o][row.key] = append(rows[o][row.key], row)
		}
	}
	return r.mem.events(), rows
}

// popRow takes the next row of the event's peer.
func popRow(t *testing.T, rows map[string][]obmpRow, ev *output.Event, object string) map[string]string {
	t.Helper()
	rh, ph := obmpHashes(ev, "bgplens-test")
	if len(rows[ph]) == 0 {
		t.Fatalf("no %s row left for a route of %v (peer hash %s)", object, ev.Peer.Addr, ph)
	}
	f := checkSchema(t, object, rows[ph][0].fields)
	rows[ph] = rows[ph][1:]
	want := map[string]string{"Router Hash": rh, "Peer Hash": ph, "Router IP": ev.Router.Addr.String(),
		"Peer IP": ev.Peer.Addr.String(), "Peer ASN": strconv.FormatUint(uint64(ev.Peer.AS), 10), "Action": "add"}
	if ev.Withdraw {
		want["Action"], want["Base Attr Hash"] = "del", ""
	}
	checkFields(t, object, f, want)
	return f
}

func checkFields(t *testing.T, object string, f, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if f[k] != v {
			t.Errorf("%s %s: %q, want %q (row %v)", object, k, f[k], v, f)
		}
	}
}

func noneLeft(t *testing.T, object string, rows map[string][]obmpRow) {
	t.Helper()
	for k, r := range rows {
		if len(r) > 0 {
			t.Errorf("%s: %d rows of peer %s without an event", object, len(r), k)
		}
	}
}

var evpnBGPCaptures = []string{"tcpdump/tests/bgp-evpn.pcap",
	"os-ken/os_ken/tests/packet_data/bgp4/evpn_esi_arbitrary.pcap", "os-ken/os_ken/tests/packet_data/bgp4/evpn_esi_as_based.pcap",
	"os-ken/os_ken/tests/packet_data/bgp4/evpn_esi_l2_bridge.pcap", "os-ken/os_ken/tests/packet_data/bgp4/evpn_esi_lacp.pcap",
	"os-ken/os_ken/tests/packet_data/bgp4/evpn_esi_mac_base.pcap", "os-ken/os_ken/tests/packet_data/bgp4/evpn_esi_router_id.pcap",
	"os-ken/os_ken/tests/packet_data/bgp4/evpn_nlri_eth_a-d.pcap", "os-ken/os_ken/tests/packet_data/bgp4/evpn_nlri_eth_seg.pcap",
	"os-ken/os_ken/tests/packet_data/bgp4/evpn_nlri_inc_multi_eth_tag.pcap", "os-ken/os_ken/tests/packet_data/bgp4/evpn_nlri_ip_prefix.pcap",
	"os-ken/os_ken/tests/packet_data/bgp4/evpn_nlri_mac_ip_ad.pcap"}

// TestOpenBMPEVPN: the EVPN routes of real captures (a BMP capture of
// Route Monitoring, BGP captures of tcpdump and os-ken framed as Route
// Monitoring, ExaBGP's withdrawal vector) give one evpn row each, per
// peer in order, of the schema's 40 fields by name and kind, whose NLRI
// fields say what the route's NLRI says; and every distinguisher, MAC
// and label tshark decodes from the same captures is in a row.
func TestOpenBMPEVPN(t *testing.T) {
	feeds := bmpCaptureFeeds(t, "bmp/netgauze/assets/pcaps/bmp/evpn/evpn.pcap", "127.0.0.90", "127.0.0.91")
	feeds = append(feeds, familyFeed{"127.0.0.92", pcapUpdates(t, evpnBGPCaptures...)})
	wd, _ := exabgpUpdates(t, "bgp-evpn")
	feeds = append(feeds, familyFeed{"127.0.0.93", wd})
	evs, rows := familyRun(t, feeds, "evpn")
	seen := map[string]bool{}
	n, withdrawn := 0, 0
	for _, ev := range evs {
		if ev.Type != output.EventRoute || ev.Family.SAFI != bgp.SAFIEVPN {
			continue
		}
		v, err := bgp.ParseEVPN(ev.Entry, 0)
		if err != nil { // the RIB keeps it; OpenBMP's fields cannot be read from it: no row
			continue
		}
		f := popRow(t, rows["evpn"], ev, "evpn")
		n++
		labels, nl := v.Labels()
		want := map[string]string{"Path ID": strconv.FormatUint(uint64(ev.Route.PathID), 10),
			"MPLS Label 1": strconv.FormatUint(uint64(labels[0]>>4), 10), "MPLS Label 2": strconv.FormatUint(uint64(labels[1]>>4), 10),
			"Route Distinguisher": v.RD().String(), "Route Distinguisher Type": strconv.Itoa(int(v.RD().Type())),
			"isPrePolicy": "0", "isAdjIn": "1"}
		if ev.Peer.RIB == bmp.RIBInPre {
			want["isPrePolicy"] = "1"
		}
		if v.Has(bgp.EVPNMAC) {
			want["Mac"], want["Mac Len"] = v.MAC().String(), "48"
		}
		if ip := v.IP(); ip.IsValid() {
			want["Ip"], want["Ip Len"] = ip.String(), strconv.Itoa(ip.BitLen())
		}
		if o := v.Originator(); o.IsValid() {
			want["Originating Router Ip"], want["Originating Router Ip Len"] = o.String(), strconv.Itoa(o.BitLen())
		}
		if v.Has(bgp.EVPNEthernetTag) {
			want["Ethernet Tag Id Hex"] = strconv.FormatUint(uint64(v.EthernetTag()), 16)
		}
		if v.Has(bgp.EVPNESI) {
			want["Ethernet Segment Identifier"] = strconv.Itoa(int(v.ESI().Type())) + " "
			f["Ethernet Segment Identifier"] = f["Ethernet Segment Identifier"][:2]
		}
		if ev.Withdraw {
			withdrawn++
			want["Next Hop"], want["Origin"], want["AS Path"] = "", "", ""
		} else {
			nh, _, _ := ev.Path.NextHop(ev.Family)
			path, _ := ev.Path.ASPath()
			want["Next Hop"], want["AS Path"] = nh.String(), path.String()
		}
		checkFields(t, "evpn", f, want)
		seen["rd "+f["Route Distinguisher"]], seen["mac "+f["Mac"]] = true, true
		if nl > 0 {
			seen["label "+f["MPLS Label 1"]] = true
		}
	}
	noneLeft(t, "evpn", rows["evpn"])
	if n < 15 || withdrawn == 0 || withdrawn == n {
		t.Fatalf("%d EVPN routes, %d withdrawn: the captures hold more", n, withdrawn)
	}
	// tshark's reading of the NLRI (the BMP capture on port 1790).
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Skip("no tshark")
	}
	checked := 0
	for _, rel := range append([]string{"bmp/netgauze/assets/pcaps/bmp/evpn/evpn.pcap"}, evpnBGPCaptures...) {
		out, err := exec.Command("tshark", "-r", filepath.Join(testcorpus.Dir(), rel), "-d", "tcp.port==1790,bmp",
			"-Y", "bgp.evpn.nlri.rt", "-T", "fields", "-E", "separator=/t", "-e", "bgp.evpn.nlri.rd",
			"-e", "bgp.evpn.nlri.mac_addr", "-e", "bgp.evpn.nlri.mpls_ls1").Output()
		if err != nil {
			t.Fatalf("tshark %s: %v", rel, err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			cols := strings.Split(line, "\t")
			for i, kind := range []string{"rd", "mac", "label"} {
				if i >= len(cols) || cols[i] == "" {
					continue
				}
				for _, v := range strings.Split(cols[i], ",") {
					if kind == "rd" {
						b, err := hex.DecodeString(v)
						if err != nil || len(b) != 8 {
							t.Fatalf("tshark rd %q", v)
						}
						v = bgp.RD(b).String()
					}
					checked++
					if !seen[kind+" "+v] {
						t.Errorf("%s: tshark reads %s %s, which no evpn row has", rel, kind, v)
					}
				}
			}
		}
	}
	if checked < 20 {
		t.Errorf("tshark gave %d values", checked)
	}
}

// exaLS is what the test reads of ExaBGP's JSON of a BGP-LS vector.
type exaLS struct {
	Neighbor struct {
		Message struct {
			Update struct {
				Attribute struct {
					BGPLS map[string]any `json:"bgp-ls"`
				} `json:"attribute"`
				Announce map[string]map[string][]exaLSNLRI `json:"announce"`
			} `json:"update"`
		} `json:"message"`
	} `json:"neighbor"`
}

type exaLSNLRI struct {
	Type     string           `json:"ls-nlri-type"`
	Topology uint64           `json:"l3-routing-topology"`
	Protocol int              `json:"protocol-id"`
	Local    []map[string]any `json:"local-node-descriptors"`
	Node     []map[string]any `json:"node-descriptors"`
	Iface    []string         `json:"interface-addresses"`
	Neigh    []string         `json:"neighbor-addresses"`
	Prefix   string           `json:"ip-reach-prefix"`
}

// TestOpenBMPLS: ExaBGP's BGP-LS vectors (UPDATEs of real BGP-LS speakers
// from user reports) give one ls_node, ls_link or ls_prefix row per Node,
// Link and Prefix NLRI, of the schema's fields by name and kind (what
// obmp-psql's reader parses); and the fields say what ExaBGP's own
// decoding of each vector says: routing universe, protocol, local AS and
// BGP-LS id, OSPF area, IGP router id, interface and neighbor addresses,
// prefix, IGP and prefix metrics, TE metric, bandwidths, SIDs.
func TestOpenBMPLS(t *testing.T) {
	msgs, jsons := exabgpUpdates(t, "bgp-ls")
	var feeds []familyFeed
	for i, m := range msgs { // one router each: the rows of a vector are its NLRI
		feeds = append(feeds, familyFeed{"127.0.1." + strconv.Itoa(i+1), [][]byte{m}})
	}
	evs, rows := familyRun(t, feeds, "ls_node", "ls_link", "ls_prefix")
	objects := map[bgp.BGPLSNLRIType]string{bgp.BGPLSNode: "ls_node", bgp.BGPLSLink: "ls_link",
		bgp.BGPLSIPv4Prefix: "ls_prefix", bgp.BGPLSIPv6Prefix: "ls_prefix"}
	protocols := map[int]string{1: "IS-IS_L1", 2: "IS-IS_L2", 3: "OSPFv2", 4: "Direct", 5: "Static", 6: "OSPFv3"}
	next := map[string]int{} // router -> index of its next NLRI in ExaBGP's list
	n := map[string]int{}
	for _, ev := range evs {
		if ev.Type != output.EventRoute || ev.Family.AFI != bgp.AFIBGPLS {
			continue
		}
		v, err := bgp.ParseBGPLS(ev.Entry, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		object := objects[v.Type()]
		i, _ := strconv.Atoi(strings.TrimPrefix(ev.Router.Addr.String(), "127.0.1."))
		var exa exaLS
		if err := json.Unmarshal([]byte(jsons[i-1]), &exa); err != nil {
			t.Fatal(err)
		}
		var nlris []exaLSNLRI
		for _, byNH := range exa.Neighbor.Message.Update.Announce {
			for _, l := range byNH {
				nlris = append(nlris, l...)
			}
		}
		if len(nlris) == 0 { // an "nlri" vector: its JSON is the NLRI's
			var x exaLSNLRI
			if err := json.Unmarshal([]byte(jsons[i-1]), &x); err != nil {
				t.Fatal(err)
			}
			nlris = append(nlris, x)
		}
		k := ev.Router.Addr.String()
		if object == "" || next[k] >= len(nlris) {
			next[k]++
			continue
		}
		x := nlris[next[k]]
		next[k]++
		f := popRow(t, rows[object], ev, object)
		n[object]++
		want := map[string]string{"Routing Id": strconv.FormatUint(x.Topology, 10), "Protocol": protocols[x.Protocol]}
		local := x.Local
		if local == nil {
			local = x.Node
		}
		for _, d := range local {
			for key, val := range d {
				s := fmtJSON(val)
				switch key {
				case "autonomous-system":
					if object == "ls_link" {
						want["Local Node ASN"] = s
					}
				case "bgp-ls-identifier":
					id, _ := strconv.ParseUint(s, 10, 32)
					want["LS Id"] = strconv.FormatUint(id, 16)
				case "ospf-area-id":
					want["Ospf Area Id"] = s
				case "router-id":
					// ExaBGP writes an IS-IS system ID without dots.
					f["IGP Router Id"] = strings.ReplaceAll(f["IGP Router Id"], ".", "")
					want["IGP Router Id"] = strings.ReplaceAll(s, ".", "")
				}
			}
		}
		if len(x.Iface) == 1 {
			want["Interface IP"] = x.Iface[0]
		}
		if len(x.Neigh) == 1 {
			want["Neighbor IP"] = x.Neigh[0]
		}
		if x.Prefix != "" {
			p := netip.MustParsePrefix(x.Prefix)
			want["Prefix"], want["Prefix Length"] = p.Addr().String(), strconv.Itoa(p.Bits())
		}
		ls := exa.Neighbor.Message.Update.Attribute.BGPLS
		for key, field := range map[string]string{"igp-metric": "IGP Metric", "prefix-metric": "IGP Metric", "te-metric": "TE Default Metric"} {
			if val, ok := ls[key]; ok {
				want[field] = fmtJSON(val)
			}
		}
		if val, ok := ls["maximum-link-bandwidth"].(float64); ok {
			want["Max Link BW"] = strconv.FormatFloat(val*8/1000, 'f', 0, 64)
		}
		if adj, ok := ls["sr-adjs"].([]any); ok {
			var sids []string
			for _, a := range adj {
				for _, s := range a.(map[string]any)["sids"].([]any) {
					sids = append(sids, fmtJSON(s))
				}
			}
			got := strings.Split(f["Adjacency Segment Identifier"], ",")
			for j := range got {
				got[j] = got[j][strings.LastIndexByte(got[j], ' ')+1:]
			}
			f["Adjacency Segment Identifier"], want["Adjacency Segment Identifier"] = strings.Join(got, ","), strings.Join(sids, ",")
		}
		checkFields(t, object, f, want)
	}
	for _, o := range []string{"ls_node", "ls_link", "ls_prefix"} {
		noneLeft(t, o, rows[o])
		if n[o] == 0 {
			t.Errorf("no %s row checked", o)
		}
	}
	t.Logf("rows checked: %v", n)
}

func fmtJSON(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s, _ := v.(string)
	return s
}

// TestOpenBMPL3VPNCaptures: the VPN-IPv4 and VPN-IPv6 routes of two real
// BMP captures give one l3vpn row each, per peer in order, of the
// schema's 34 fields by name and kind, with the route's prefix, length,
// distinguisher and its type, labels, path id, next hop and AS path; and
// every (distinguisher, prefix, label) tshark decodes from the captures'
// MP_REACH_NLRI is in an add row.
func TestOpenBMPL3VPNCaptures(t *testing.T) {
	caps := map[string]string{"bmp/netgauze/assets/pcaps/bmp/evpn/evpn.pcap": "1790",
		"bmp/netgauze/assets/pcaps/bmp/vpnv4-stateless-with-withdraw/vpnv4-stateless-with-withdraw.pcap": "10000"}
	feeds := bmpCaptureFeeds(t, "bmp/netgauze/assets/pcaps/bmp/evpn/evpn.pcap", "127.0.0.94", "127.0.0.95")
	feeds = append(feeds, bmpCaptureFeeds(t, "bmp/netgauze/assets/pcaps/bmp/vpnv4-stateless-with-withdraw/vpnv4-stateless-with-withdraw.pcap", "127.0.0.96")...)
	evs, rows := familyRun(t, feeds, "l3vpn")
	seen := map[string]bool{}
	n, withdrawn := 0, 0
	for _, ev := range evs {
		if ev.Type != output.EventRoute || ev.Family.SAFI != bgp.SAFIMPLSVPN {
			continue
		}
		f := popRow(t, rows["l3vpn"], ev, "l3vpn")
		n++
		rt := &ev.Route
		var labels []string
		for _, l := range rt.LabelStack() {
			labels = append(labels, strconv.FormatUint(uint64(l.Value()), 10))
		}
		v4 := "0"
		if rt.Prefix.Addr().Is4() {
			v4 = "1"
		}
		want := map[string]string{"Prefix": rt.Prefix.Addr().String(), "Length": strconv.Itoa(rt.Prefix.Bits()), "isIPv4": v4,
			"Route Distinguisher": rt.RD.String(), "RD Type": strconv.Itoa(int(rt.RD.Type())), "Labels": strings.Join(labels, ","),
			"Path ID": strconv.FormatUint(uint64(rt.PathID), 10)}
		if ev.Withdraw {
			withdrawn++
			want["Next Hop"], want["AS Path"], want["Origin"] = "", "", ""
		} else {
			nh, _, _ := ev.Path.NextHop(ev.Family)
			path, _ := ev.Path.ASPath()
			// An IPv4-mapped next hop (VPN-IPv6 over IPv4) is written as IPv4.
			want["Next Hop"], want["AS Path"] = nh.Unmap().String(), path.String()
			seen[f["Route Distinguisher"]+" "+f["Prefix"]+" "+f["Labels"]] = true
		}
		checkFields(t, "l3vpn", f, want)
	}
	noneLeft(t, "l3vpn", rows["l3vpn"])
	if n < 100 || withdrawn == 0 {
		t.Fatalf("%d VPN routes, %d withdrawn: the captures hold more", n, withdrawn)
	}
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Skip("no tshark")
	}
	checked := 0
	for rel, port := range caps {
		out, err := exec.Command("tshark", "-r", filepath.Join(testcorpus.Dir(), rel), "-d", "tcp.port=="+port+",bmp",
			"-T", "fields", "-E", "separator=/t", "-e", "bgp.rd", "-e", "bgp.mp_reach_nlri_ipv4_prefix",
			"-e", "bgp.mp_reach_nlri_ipv6_prefix", "-e", "bgp.label_stack", "-e", "bgp.mp_unreach_nlri_ipv4_prefix",
			"-e", "bgp.mp_unreach_nlri_ipv6_prefix").Output()
		if err != nil {
			t.Fatalf("tshark %s: %v", rel, err)
		}
		for _, line := range strings.Split(string(out), "\n") {
			c := strings.Split(line, "\t")
			if len(c) < 6 || c[4] != "" || c[5] != "" || c[0] == "" { // withdrawals in the frame: the lists do not align
				continue
			}
			rds, labels := strings.Split(c[0], ","), strings.Split(c[3], ",")
			pfx := strings.Split(c[1]+c[2], ",")
			if len(rds) != len(pfx) || len(rds) != len(labels) {
				continue
			}
			for i := range rds {
				label, _, _ := strings.Cut(labels[i], " ")
				checked++
				if k := rds[i] + " " + pfx[i] + " " + label; !seen[k] {
					t.Errorf("%s: tshark reads %s, which no l3vpn row has", rel, k)
				}
			}
		}
	}
	if checked < 50 {
		t.Errorf("tshark gave %d routes", checked)
	}
	t.Logf("%d VPN routes (%d withdrawn), %d of them checked against tshark", n, withdrawn, checked)
}
