package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"io"
	"maps"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

const (
	frrStream   = "../../testdata/frr-bmp/frr-small-100.bmp"
	gobgpStream = "../../testdata/gobgp-bmp/gobgp-small-100.bmp"
	// Cisco IOS XR 7.10 over IPv6, with Peer Down messages (testdata/README.md).
	ciscoCapture = "../../testdata/bmp/pmacct/tests/204-BMP-CISCO-peer_down/traffic-00.pcap"
	// A replay that ends 156 octets into a Route Monitoring message: the
	// stream is 12659 octets as capture reassembles it (the SYN carries the
	// first octet; see capture.Stream.SYNSeqQuirk), so the cut message
	// starts at 12503.
	cutCapture = "../../testdata/bmp/pmacct/tests/202-BMP-CISCO-HUAWEI-multiple-sources/traffic-02.pcap"
)

// dumpJSON runs `dump --json` and decodes every line.
func dumpJSON(t *testing.T, stdin string, args ...string) (int, []map[string]any, string) {
	t.Helper()
	rc, out, errs := runCmd(t, stdin, append([]string{"dump", "--json"}, args...)...)
	var recs []map[string]any
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %d is not JSON: %v\n%s", i+1, err, line)
		}
		recs = append(recs, m)
	}
	return rc, recs, errs
}

func countTypes(recs []map[string]any) map[string]int {
	n := map[string]int{}
	for _, r := range recs {
		n[r["type"].(string)]++
	}
	return n
}

func TestDumpUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		rc   int
	}{
		{"help", []string{"dump", "-h"}, exitOK},
		{"help command", []string{"help", "dump"}, exitOK},
		{"no files", []string{"dump"}, exitUsage},
		{"bad flag", []string{"dump", "--nope", frrStream}, exitUsage},
		{"max-message too small", []string{"dump", "--max-message", "5", frrStream}, exitUsage},
		{"missing file", []string{"dump", "no/such/file.bmp"}, exitInput},
		{"raw stream", []string{"dump", "-q", frrStream}, exitOK},
		{"flags after files", []string{"dump", frrStream, "--stats", "-q"}, exitOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc, out, errs := runCmd(t, "", tc.args...)
			if rc != tc.rc {
				t.Errorf("exit %d, want %d\nstdout: %.500s\nstderr: %s", rc, tc.rc, out, errs)
			}
		})
	}
	_, out, _ := runCmd(t, "", "dump", "-h")
	for _, want := range []string{"Usage: bgplens dump [flags] FILE...", "-json", "-stats", "pcapng", "fallback",
		"docs/json.md", "Exit status", "Examples:"} {
		if !strings.Contains(out, want) {
			t.Errorf("dump -h lacks %q", want)
		}
	}
	_, out, _ = runCmd(t, "", "help")
	if !strings.Contains(out, "dump") {
		t.Error("help does not list dump")
	}
}

// TestDumpFRR checks the FRR 8.4.4 stream against the counts of its
// notes (testdata/README.md) and the quirks the exporters' README
// documents: ADD-PATH negotiated with 127.0.0.2 but never used in Route
// Monitoring, and FRR's own routes reported from peer 0.0.0.0 with no
// Peer Up.
func TestDumpFRR(t *testing.T) {
	rc, recs, errs := dumpJSON(t, "", frrStream)
	if rc != exitOK {
		t.Fatalf("exit %d: %s", rc, errs)
	}
	want := map[string]int{"route_monitoring": 936, "route_mirroring": 185, "statistics_report": 27,
		"peer_down": 15, "peer_up": 3, "initiation": 1}
	if got := countTypes(recs); !maps.Equal(got, want) {
		t.Errorf("types %v, want %v", got, want)
	}
	var addPathFallbacks, selfNoPeerUp int
	for _, r := range recs {
		if r["type"] != "route_monitoring" {
			continue
		}
		switch r["peer_ip"] {
		case "127.0.0.2":
			if r["fallback"] != "add-path" {
				t.Errorf("offset %v: 127.0.0.2 read without the ADD-PATH fallback: %v", r["offset"], r)
			}
			addPathFallbacks++
			for _, a := range list(r["announced"]) {
				if _, ok := a.(map[string]any)["path_id"]; ok {
					t.Errorf("offset %v: path_id on a route FRR sent without one", r["offset"])
				}
			}
		case "0.0.0.0":
			if r["no_peer_up"] != true {
				t.Errorf("offset %v: peer 0.0.0.0 not flagged no_peer_up", r["offset"])
			}
			selfNoPeerUp++
		}
	}
	if addPathFallbacks != 878 || selfNoPeerUp != 2 {
		t.Errorf("%d ADD-PATH fallbacks (want 878: all of 127.0.0.2's pre- and post-policy messages), %d self routes (want 2)",
			addPathFallbacks, selfNoPeerUp)
	}
}

// TestDumpGoBGP checks the gobgpd 3.10.0 stream: path identifiers in the
// pre-policy Route Monitoring only, Loc-RIB with no Peer Up.
func TestDumpGoBGP(t *testing.T) {
	rc, recs, errs := dumpJSON(t, "", gobgpStream)
	if rc != exitOK {
		t.Fatalf("exit %d: %s", rc, errs)
	}
	want := map[string]int{"route_monitoring": 1116, "statistics_report": 5, "peer_up": 2, "initiation": 1,
		"peer_down": 1, "termination": 1}
	if got := countTypes(recs); !maps.Equal(got, want) {
		t.Errorf("types %v, want %v", got, want)
	}
	ribs := map[string]int{}
	for _, r := range recs {
		if r["type"] != "route_monitoring" {
			continue
		}
		rib := r["rib"].(string)
		ribs[rib]++
		for _, a := range list(r["announced"]) {
			_, hasID := a.(map[string]any)["path_id"]
			if hasID != (rib == "adj-rib-in-pre") {
				t.Errorf("offset %v (%s): path_id present %v", r["offset"], rib, hasID)
			}
		}
		if rib == "loc-rib" && r["no_peer_up"] != true {
			t.Errorf("offset %v: Loc-RIB not flagged no_peer_up", r["offset"])
		}
		if rib == "adj-rib-in-post" && r["fallback"] != "add-path" {
			t.Errorf("offset %v: post-policy read without the ADD-PATH fallback", r["offset"])
		}
	}
	if want := map[string]int{"adj-rib-in-pre": 378, "adj-rib-in-post": 500, "loc-rib": 238}; !maps.Equal(ribs, want) {
		t.Errorf("RIBs %v, want %v", ribs, want)
	}
	term := recs[len(recs)-1]
	if term["type"] != "termination" || term["reason"] == nil {
		t.Errorf("last record %v", term)
	}
}

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// TestDumpJSONShape checks every key of every record is snake_case, and
// that each type has the fields docs/json.md promises.
func TestDumpJSONShape(t *testing.T) {
	_, recs, _ := dumpJSON(t, "", "--stats", frrStream, gobgpStream, ciscoCapture)
	required := map[string][]string{
		"route_monitoring":  {"file", "offset", "length", "bmp_version", "router_timestamp", "peer_type", "peer_ip", "peer_asn", "peer_bgp_id", "rib", "session"},
		"peer_up":           {"peer_ip", "peer_asn", "rib", "local_ip", "local_port", "remote_port", "sent_open", "received_open", "negotiated"},
		"peer_down":         {"peer_ip", "reason_code", "reason"},
		"statistics_report": {"peer_ip", "stats"},
		"initiation":        {"information"},
		"note":              {"note"},
		"stats":             {"messages", "errors", "peers"},
	}
	seen := map[string]bool{}
	for _, r := range recs {
		typ := r["type"].(string)
		seen[typ] = true
		for _, k := range required[typ] {
			if _, ok := r[k]; !ok {
				t.Errorf("%s record without %q: %v", typ, k, r)
				delete(required, typ) // one report per type
				break
			}
		}
		checkKeys(t, typ, r)
	}
	for _, typ := range []string{"route_monitoring", "peer_up", "peer_down", "statistics_report", "initiation", "termination", "route_mirroring", "note", "stats"} {
		if !seen[typ] {
			t.Errorf("no %s record", typ)
		}
	}
	// A route as the schema describes it.
	for _, r := range recs {
		if r["type"] == "route_monitoring" && r["peer_ip"] == "127.0.0.3" && r["rib"] == "adj-rib-in-pre" {
			a := list(r["announced"])[0].(map[string]any)
			if _, ok := a["path_id"]; !ok || a["prefix"] == nil || a["family"] == nil || a["next_hop"] == nil {
				t.Errorf("route %v", a)
			}
			if r["as_path"] == nil || r["origin"] == nil {
				t.Errorf("record %v", r)
			}
			break
		}
	}
	last := recs[len(recs)-1]
	if last["type"] != "stats" {
		t.Fatalf("last record %v", last)
	}
	msgs := last["messages"].(map[string]any)
	if msgs["route_monitoring"].(float64) != 936+1116+301 {
		t.Errorf("stats messages %v", msgs)
	}
	sum := 0.0
	for _, p := range list(last["peers"]) {
		sum += p.(map[string]any)["messages"].(float64)
	}
	if sum != 936+1116+301 {
		t.Errorf("per-peer messages add up to %v", sum)
	}
}

func checkKeys(t *testing.T, typ string, v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if !snakeCase.MatchString(k) {
				t.Errorf("%s: key %q is not snake_case", typ, k)
			}
			checkKeys(t, typ, x)
		}
	case []any:
		for _, x := range v {
			checkKeys(t, typ, x)
		}
	}
}

// TestDumpCapture reads a capture: the counts are the README's (tshark's),
// and the three Peer Down messages have reason 4.
func TestDumpCapture(t *testing.T) {
	rc, recs, errs := dumpJSON(t, "", ciscoCapture)
	if rc != exitOK {
		t.Fatalf("exit %d: %s", rc, errs)
	}
	got := countTypes(recs)
	delete(got, "note")
	want := map[string]int{"route_monitoring": 301, "statistics_report": 28, "peer_up": 10, "peer_down": 3, "initiation": 1}
	if !maps.Equal(got, want) {
		t.Errorf("types %v, want %v", got, want)
	}
	for _, r := range recs {
		if r["type"] == "peer_down" && r["reason_code"].(float64) != 4 {
			t.Errorf("Peer Down %v", r)
		}
		if r["type"] == "route_monitoring" && (r["router_ip"] != "2001:db8:90::1" || r["flow"] == nil) {
			t.Errorf("Route Monitoring without its router %v", r)
			break
		}
	}
	// Text: one first line per message, starting with the time (or -).
	_, out, _ := runCmd(t, "", "dump", ciscoCapture)
	n := 0
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, " 2001:db8:90::1 ") && !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "#") {
			n++
		}
	}
	if n != 343 {
		t.Errorf("%d message lines, want 343", n)
	}
}

// TestDumpCutCapture: a capture that ends inside a message is an error
// naming the file and the stream offset, after every whole message.
func TestDumpCutCapture(t *testing.T) {
	rc, out, errs := runCmd(t, "", "dump", "--stats", "-q", cutCapture)
	if rc != exitInput {
		t.Errorf("exit %d, want %d", rc, exitInput)
	}
	if !strings.Contains(errs, cutCapture) || !strings.Contains(errs, "stream offset 12503") ||
		!strings.Contains(errs, "156 octets") {
		t.Errorf("stderr: %s", errs)
	}
	if !strings.Contains(out, "# messages: 66, input errors: 1") {
		t.Errorf("stdout: %s", out)
	}
}

// TestDumpBadInput: what cannot be read gives exit status 1 and an error
// with the file and the offset, never a panic.
func TestDumpBadInput(t *testing.T) {
	dir := t.TempDir()
	stream, err := os.ReadFile(gobgpStream)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// The third message (offset 299, a Peer Up) with a bad version.
	badVersion := append([]byte(nil), stream...)
	badVersion[299] = 7
	// A length of 4 GiB: more than --max-message.
	hugeLen := append([]byte(nil), stream...)
	binary.BigEndian.PutUint32(hugeLen[299+1:], 0xffffffff)
	for _, tc := range []struct {
		name, file, want string
	}{
		{"garbage", write("garbage", []byte("hello, world\n")), "neither BMP"},
		{"cut", write("cut.bmp", stream[:1000]), "stream offset 860: the stream ends inside a message"},
		{"bad version", write("version.bmp", badVersion), "stream offset 299: bmp: offset 0: "},
		{"huge length", write("huge.bmp", hugeLen), "stream offset 299: "},
		{"bad gzip", write("bad.gz", []byte{0x1f, 0x8b, 0, 0}), "gzip"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc, _, errs := runCmd(t, "", "dump", "-q", tc.file)
			if rc != exitInput {
				t.Errorf("exit %d, want %d", rc, exitInput)
			}
			if !strings.Contains(errs, tc.file) || !strings.Contains(errs, tc.want) {
				t.Errorf("stderr %q lacks the file and %q", errs, tc.want)
			}
		})
	}
	// The messages before the error are printed.
	_, recs, _ := dumpJSON(t, "", write("version2.bmp", badVersion))
	if got := countTypes(recs); got["route_monitoring"] != 2 || got["initiation"] != 1 || got["error"] != 1 {
		t.Errorf("before the bad version: %v", got)
	}
}

// TestDumpGzipAndStdin: a gzip-compressed stream and standard input give
// the same messages as the file.
func TestDumpGzipAndStdin(t *testing.T) {
	stream, err := os.ReadFile(gobgpStream)
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(stream)
	zw.Close()
	p := filepath.Join(t.TempDir(), "s.bmp.gz")
	if err := os.WriteFile(p, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, want, _ := runCmd(t, "", "dump", gobgpStream)
	_, fromGz, _ := runCmd(t, "", "dump", p)
	_, fromStdin, _ := runCmd(t, string(stream), "dump", "-")
	if fromGz != want || fromStdin != want {
		t.Errorf("gzip or stdin output differs from the file's (%d, %d, %d octets)", len(fromGz), len(fromStdin), len(want))
	}
}

// dumpGoBGPRM dumps the GoBGP stream's first 560 octets (its Initiation
// and Peer Up) and then a Route Monitoring made of the stream's next head
// octets and extra, its length set to match; the dump must succeed, and
// the Route Monitoring's record is returned.
func dumpGoBGPRM(t *testing.T, head int, extra ...byte) map[string]any {
	t.Helper()
	stream, err := os.ReadFile(gobgpStream)
	if err != nil {
		t.Fatal(err)
	}
	rm := append(append([]byte(nil), stream[560:560+head]...), extra...)
	binary.BigEndian.PutUint32(rm[1:], uint32(len(rm)))
	in := append(append([]byte(nil), stream[:560]...), rm...)
	rc, recs, errs := dumpJSON(t, string(in), "-")
	if rc != exitOK {
		t.Fatalf("exit %d: %s", rc, errs)
	}
	return recs[len(recs)-1]
}

// TestDumpTrailingOctets: a version 3 Route Monitoring with octets after
// its UPDATE (Huawei VRP sends such) is read and the octets reported.
func TestDumpTrailingOctets(t *testing.T) {
	// A pre-policy Route Monitoring, and 8 octets after its UPDATE.
	r := dumpGoBGPRM(t, 152, 0xea, 0x62, 0, 4, 0, 0, 0, 0x0a)
	if r["type"] != "route_monitoring" || len(list(r["announced"])) != 1 {
		t.Fatalf("record %v", r)
	}
	if p := list(r["problems"]); len(p) != 1 || !strings.Contains(p[0].(string), "8 octets after the BGP message") ||
		!strings.Contains(p[0].(string), "ea6200040000000a") {
		t.Errorf("problems %v", p)
	}
}

// TestDumpBGPStream reads a raw BGP stream: OPEN, UPDATE, KEEPALIVE.
func TestDumpBGPStream(t *testing.T) {
	id := netip.MustParseAddr("192.0.2.1")
	open, err := bgp.NewOpen(65001, 90, id, bgp.NewCapability(bgp.CapAS4{AS: 65001})).Append(nil, bgp.Session{})
	if err != nil {
		t.Fatal(err)
	}
	// ORIGIN IGP, AS_PATH 65001 65002 (4-octet), NEXT_HOP 192.0.2.1, NLRI 198.51.100.0/24.
	update := unhexDump(t, "ffffffffffffffffffffffffffffffff 0033 02 0000 0018"+
		"40 01 01 00"+
		"40 02 0a 02 02 0000fde9 0000fdea"+
		"40 03 04 c0000201"+
		"18 c63364")
	keep := unhexDump(t, "ffffffffffffffffffffffffffffffff 0013 04")
	in := string(open) + string(update) + string(keep)
	rc, recs, errs := dumpJSON(t, in, "-")
	if rc != exitOK {
		t.Fatalf("exit %d: %s", rc, errs)
	}
	if got := countTypes(recs); !maps.Equal(got, map[string]int{"bgp_open": 1, "bgp_update": 1, "bgp_keepalive": 1}) {
		t.Fatalf("types %v", got)
	}
	u := recs[1]
	a := list(u["announced"])
	if len(a) != 1 || a[0].(map[string]any)["prefix"] != "198.51.100.0/24" || a[0].(map[string]any)["next_hop"] != "192.0.2.1" ||
		u["as_path"] != "65001 65002" || u["peer_asn"].(float64) != 65001 || u["fallback"] != nil {
		t.Errorf("UPDATE %v", u)
	}
}

func unhexDump(t *testing.T, s string) []byte {
	t.Helper()
	var b []byte
	for _, f := range strings.Fields(s) {
		for i := 0; i+1 < len(f); i += 2 {
			var v byte
			for _, c := range f[i : i+2] {
				v <<= 4
				switch {
				case c >= '0' && c <= '9':
					v |= byte(c - '0')
				case c >= 'a' && c <= 'f':
					v |= byte(c-'a') + 10
				default:
					t.Fatalf("bad hex %q", f)
				}
			}
			b = append(b, v)
		}
	}
	return b
}

// TestDumpMutations feeds damaged copies of a real stream to dump: it must
// never panic, and exit with 0 or 1.
func TestDumpMutations(t *testing.T) {
	stream, err := os.ReadFile(frrStream)
	if err != nil {
		t.Fatal(err)
	}
	stream = stream[:20000]
	rng := rand.New(rand.NewPCG(1, 2))
	n := 200
	if testing.Short() {
		n = 40
	}
	for i := 0; i < n; i++ {
		b := append([]byte(nil), stream...)
		for j := 0; j < 1+rng.IntN(4); j++ {
			b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
		}
		if rng.IntN(3) == 0 {
			b = b[:rng.IntN(len(b))]
		}
		rc, _, _ := runCmd(t, string(b), "dump", "--json", "--stats", "-")
		if rc != exitOK && rc != exitInput {
			t.Fatalf("mutation %d: exit %d", i, rc)
		}
	}
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// TestDumpJSONDocumented: every key dump prints appears, in backquotes, in
// docs/json.md, and so does every type.
func TestDumpJSONDocumented(t *testing.T) {
	_, recs, _ := dumpJSON(t, "", "--stats", frrStream, gobgpStream, ciscoCapture,
		"../../testdata/bmp/traffic-reproducer/examples/pcaps/bmp-traffic.pcap")
	checkDocumented(t, recs)
}

// checkDocumented fails t for each member name of recs, at any depth, and
// each record type that docs/json.md (one schema page for every output)
// does not name in backquotes.
func checkDocumented(t *testing.T, recs []map[string]any) {
	t.Helper()
	doc, err := os.ReadFile("../../docs/json.md")
	if err != nil {
		t.Fatal(err)
	}
	missing := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if !bytes.Contains(doc, []byte("`"+k+"`")) {
					missing[k] = true
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, r := range recs {
		walk(r)
		if typ := r["type"].(string); !bytes.Contains(doc, []byte("`"+typ+"`")) {
			missing["type "+typ] = true
		}
	}
	for k := range missing {
		t.Errorf("%s is not in docs/json.md", k)
	}
}

// TestDumpBadOpen: FRR 8.0.1 fabricates Loc-RIB Peer Up OPENs with My AS 0
// (testdata/README.md); bgp.ParseOpen refuses them, dump still shows their
// fields and capabilities, and the problem.
func TestDumpBadOpen(t *testing.T) {
	rc, recs, errs := dumpJSON(t, "", "../../testdata/bmp/pmacct/tests/205-BMP-6wind-FRR-peer_down/traffic-00.pcap")
	if rc != exitOK {
		t.Fatalf("exit %d: %s", rc, errs)
	}
	for _, r := range recs {
		if r["type"] != "peer_up" || r["offset"].(float64) != 86 {
			continue
		}
		o, _ := r["sent_open"].(map[string]any)
		if o == nil || o["asn"].(float64) != 0 || o["hold_time"].(float64) != 180 ||
			!slices.Contains(list(o["capabilities"]), any("ADD-PATH")) {
			t.Errorf("sent_open %v", o)
		}
		if p := list(r["problems"]); len(p) != 2 || !strings.Contains(p[0].(string), "My Autonomous System is zero") {
			t.Errorf("problems %v", p)
		}
		return
	}
	t.Fatal("no Peer Up at offset 86")
}

// TestDumpRouteRefreshInRM reads a Route Monitoring message that carries
// a ROUTE-REFRESH (an End-of-RIB-Refresh marker, RFC 7313 §3.2, as Cisco
// IOS XR sends them): a note and the refresh described, not an error.
func TestDumpRouteRefreshInRM(t *testing.T) {
	// The headers of a pre-policy Route Monitoring, then a ROUTE-REFRESH:
	// AFI 1, subtype 2 (EoRR), SAFI 1.
	r := dumpGoBGPRM(t, 6+42, append(bytes.Repeat([]byte{0xff}, 16), 0, 23, 5, 0, 1, 2, 1)...)
	if r["type"] != "route_monitoring" || r["problems"] != nil || !strings.Contains(r["note"].(string), "ROUTE-REFRESH") ||
		r["route_refresh"] != "EoRR IPv4 Unicast" {
		t.Errorf("record %v", r)
	}
}

// TestDumpStatsRouterNames: --stats names routers as the station does
// (station.Namer): by sysName, not by the address they send from, so that
// exporters behind one address stay apart and a router that reconnects
// is one router.
func TestDumpStatsRouterNames(t *testing.T) {
	_, recs, _ := dumpJSON(t, "", "--stats", "-q", "../../testdata/bmp/traffic-reproducer/examples/pcap_processing/bmp-multi-sources.pcap")
	last := recs[len(recs)-1]
	names := map[string]bool{}
	for _, p := range last["peers"].([]any) {
		names[p.(map[string]any)["router"].(string)] = true
	}
	if !names["ipf-zbl1243-r-daisy-23"] || names["203.0.113.23"] || len(names) != 11 {
		t.Errorf("routers %v", names)
	}
}

// TestDumpHuaweiTrace: Huawei VRP's route policy and attribute trace
// messages (BMP type 100, 4 in this capture per testdata/README.md) are
// named, though not decoded.
func TestDumpHuaweiTrace(t *testing.T) {
	_, out, _ := runCmd(t, "", "dump", "../../testdata/bmp/traffic-reproducer/examples/pcaps/bmp-traffic.pcap")
	if n := strings.Count(out, "BMP type 100 (Route Policy and Attribute Trace)"); n != 4 {
		t.Errorf("%d type 100 messages named", n)
	}
}

// TestDumpJSONNotEscaped: dump --json writes "<", ">" and "&" as they are
// (a FlowSpec rule's operators), in the records with a path too.
func TestDumpJSONNotEscaped(t *testing.T) {
	_, out, _ := runCmd(t, "", "dump", "--json", "../../testdata/os-ken/os_ken/tests/packet_data/bgp4/flowspec_nlri_ipv4.pcap")
	if !strings.Contains(out, ">= 8080 && <= 8888") || strings.Contains(out, `\u003e`) {
		t.Errorf("operators escaped or missing: %.400s", out)
	}
}

// TestProgress: the progress line counts what was read, and ends with a
// newline at the end of the file; a file on a non-terminal is not wrapped.
func TestProgress(t *testing.T) {
	var out bytes.Buffer
	p := &progress{r: strings.NewReader(strings.Repeat("x", 1000)), w: &out, name: "f", total: 1000}
	if n, err := io.Copy(io.Discard, p); n != 1000 || err != nil {
		t.Fatal(n, err)
	}
	if s := out.String(); !strings.Contains(s, "\rf: 100% of 0 MiB") || !strings.HasSuffix(s, "\n") {
		t.Errorf("progress %q", s)
	}
	f, err := os.Open("../../testdata/frr-bmp/frr-small-100.bmp")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if withProgress(f, &out) != io.Reader(f) {
		t.Error("wrapped for a writer that is not a terminal")
	}
}

// TestBGPTypeName: the JSON types of the five BGP messages, and of a type
// out of range on either side.
func TestBGPTypeName(t *testing.T) {
	for typ, want := range map[bgp.MessageType]string{0: "bgp_unknown", bgp.MsgOpen: "bgp_open", bgp.MsgUpdate: "bgp_update",
		bgp.MsgNotification: "bgp_notification", bgp.MsgKeepalive: "bgp_keepalive", bgp.MsgRouteRefresh: "bgp_route_refresh", 6: "bgp_unknown"} {
		if got := bgpTypeName(typ); got != want {
			t.Errorf("%d: %q, want %q", typ, got, want)
		}
	}
}

// TestDumpLegacyBMP: a raw stream of BMP version 1 messages (early
// drafts, no length field; Junos 10.4) is taken for BMP and dumped message
// by message at their offsets, not refused as unknown input.
func TestDumpLegacyBMP(t *testing.T) {
	const peer = "00 00 0000000000000000 000000000000000000000000c0000201 0000fdea c0000201 5f5e1000 00000001"
	stream := unhexDump(t, "01 00"+peer+"ffffffffffffffffffffffffffffffff 0017 02 0000 0000"+"01 02"+peer+"02 0012")
	rc, recs, errs := dumpJSON(t, string(stream), "-")
	if rc != 0 || len(recs) != 2 {
		t.Fatalf("exit %d, %d records, stderr %s", rc, len(recs), errs)
	}
	if n := countTypes(recs); n["route_monitoring"] != 1 || n["peer_down"] != 1 {
		t.Errorf("types %v", n)
	}
	// The text names the Peer Down's FSM event (RFC 4271 §8.1.4).
	if _, out, _ := runCmd(t, string(stream), "dump", "-"); !strings.Contains(out, "FSM event 18 (TcpConnectionFails)") {
		t.Errorf("text output:\n%s", out)
	}
}

// TestDumpLegacyBMPLargeFirst: a version 1 stream whose first message is
// longer than 4 KiB (a Route Monitoring of a 4096-octet UPDATE) is
// recognised: its framing is checked over the whole message.
func TestDumpLegacyBMPLargeFirst(t *testing.T) {
	const peer = "00 00 0000000000000000 000000000000000000000000c0000201 0000fdea c0000201 5f5e1000 00000001"
	update := unhexDump(t, "ffffffffffffffffffffffffffffffff 1000 02 0fe9")
	update = append(append(update, make([]byte, 0x0fe9)...), 0, 0) // 4073 withdrawn default routes, no attributes
	stream := append(unhexDump(t, "01 00"+peer), update...)
	stream = append(stream, unhexDump(t, "01 02"+peer+"02 0012")...)
	rc, recs, errs := dumpJSON(t, string(stream), "-")
	if n := countTypes(recs); rc != 0 || n["route_monitoring"] != 1 || n["peer_down"] != 1 {
		t.Fatalf("exit %d, types %v, stderr %s", rc, n, errs)
	}
}

// TestDumpLegacyBMPCapture: the same version 1 stream inside a pcap
// capture (one TCP segment to port 1790, mid-connection) is recognised and
// dumped message by message.
func TestDumpLegacyBMPCapture(t *testing.T) {
	const peer = "00 00 0000000000000000 000000000000000000000000c0000201 0000fdea c0000201 5f5e1000 00000001"
	payload := unhexDump(t, "01 00"+peer+"ffffffffffffffffffffffffffffffff 0017 02 0000 0000"+"01 02"+peer+"02 0012")
	ip := unhexDump(t, "4500 0000 0000 4000 4006 0000 0a010101 0a020202")
	binary.BigEndian.PutUint16(ip[2:], uint16(20+20+len(payload)))
	tcp := unhexDump(t, "9c40 06fe 00000001 00000000 5018 ffff 0000 0000")
	frame := append(unhexDump(t, "020000000002 020000000001 0800"), ip...)
	frame = append(append(frame, tcp...), payload...)
	pcap := unhexDump(t, "d4c3b2a1 0200 0400 00000000 00000000 ffff0000 01000000")
	rec := make([]byte, 16)
	binary.LittleEndian.PutUint32(rec[8:], uint32(len(frame)))
	binary.LittleEndian.PutUint32(rec[12:], uint32(len(frame)))
	pcap = append(append(pcap, rec...), frame...)
	p := filepath.Join(t.TempDir(), "v1.pcap")
	if err := os.WriteFile(p, pcap, 0o644); err != nil {
		t.Fatal(err)
	}
	rc, recs, errs := dumpJSON(t, "", p)
	if n := countTypes(recs); rc != 0 || n["route_monitoring"] != 1 || n["peer_down"] != 1 {
		t.Fatalf("exit %d, types %v, stderr %s", rc, n, errs)
	}
}
