package main

import (
	"os"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/internal/testrig"
)

const mrtTestdata = "../../testdata/"

// TestDumpMRTBgpdump: `dump --format bgpdump` prints bgpdump's own
// expected output for its test files, byte for byte, read from the file
// and from standard input.
func TestDumpMRTBgpdump(t *testing.T) {
	for data, exp := range map[string]string{
		"bgpdump/test_data/updates.20071015.1505.gz":           "mrt/bgpdump/test_expect/updates.20071015.1505.gz.bgp.gz",
		"mrt/bgpdump/test_data/bview.ipv6_unicast_add_path.gz": "mrt/bgpdump/test_expect/bview.ipv6_unicast_add_path.gz.bgp.gz",
	} {
		want := string(testrig.ReadTestdata(t, exp))
		rc, out, errs := runCmd(t, "", "dump", "--format", "bgpdump", mrtTestdata+data)
		if rc != exitOK || out != want {
			t.Errorf("%s: exit %d %s, output equal: %v", data, rc, errs, out == want)
		}
		raw, _ := os.ReadFile(mrtTestdata + data)
		if rc, out, _ := runCmd(t, string(raw), "dump", "--format", "bgpdump", "-"); rc != exitOK || out != want {
			t.Errorf("%s from stdin: exit %d", data, rc)
		}
	}
	// -M: dates, and the A lines end after ORIGIN.
	rc, out, _ := runCmd(t, "", "dump", "--format", "bgpdump-M", mrtTestdata+"mrt/mrtparse/samples/quagga_rib")
	first, _, _ := strings.Cut(out, "\n")
	if rc != exitOK || first != "TABLE_DUMP2|02/11/17 08:40:00|B|192.168.0.10|65000|172.17.0.0/24|4200000000 4200000000 4200000000 64512 64512 64512|IGP" {
		t.Errorf("exit %d, first line %q", rc, first)
	}
}

// TestDumpMRTJSON reads a TABLE_DUMP_V2 dump: the PEER_INDEX_TABLE with its
// peers, then one rib_entry per RIB entry with the peer it names, the
// prefix and the next hop of the abbreviated MP_REACH_NLRI.
func TestDumpMRTJSON(t *testing.T) {
	rc, recs, errs := dumpJSON(t, "", mrtTestdata+"mrt/mrtparse/samples/quagga_rib")
	if rc != exitOK || len(recs) != 10 {
		t.Fatalf("exit %d, %d records: %s", rc, len(recs), errs)
	}
	if recs[0]["type"] != "peer_index_table" || len(list(recs[0]["peers"])) != 2 || recs[0]["collector_id"] != "192.168.0.18" {
		t.Errorf("%v", recs[0])
	}
	r := recs[4] // the first IPv6 entry
	ann := list(r["announced"])
	if r["type"] != "rib_entry" || r["peer_ip"] != "fd02::10" || r["mrt_subtype"] != "RIB_IPV6_UNICAST" || len(ann) != 1 {
		t.Fatalf("%v", r)
	}
	a := ann[0].(map[string]any)
	if a["prefix"] != "fd01:1::/64" || a["next_hop"] != "fd02::10" || a["next_hop_link_local"] != "fe80::206:aff:fe0e:fff0" {
		t.Errorf("%v", a)
	}
}

// TestDumpMRTUpdates reads BGP4MP update files: state changes with their
// names, UPDATEs with the session their subtype implies, and BIRD's Path
// Identifiers in MESSAGE_AS4 records read as such and flagged.
func TestDumpMRTUpdates(t *testing.T) {
	rc, recs, errs := dumpJSON(t, "", "--stats", mrtTestdata+"mrtparse/samples/bird_bgp")
	if rc != exitOK {
		t.Fatalf("exit %d: %s", rc, errs)
	}
	types := map[string]int{}
	fallbacks := 0
	for _, r := range recs {
		types[r["type"].(string)]++
		if r["fallback"] == "add-path" {
			fallbacks++
		}
	}
	if types["state_change"] != 12 || types["bgp_update"] != 8 || types["bgp_open"] != 2 || fallbacks != 6 {
		t.Errorf("types %v, %d fallbacks", types, fallbacks)
	}
	if recs[0]["old_state"] != "Idle" || recs[0]["new_state"] != "Active" {
		t.Errorf("%v", recs[0])
	}
}

// TestDumpMRTSkipsAndErrors: records of a subtype bgplens does not read
// are noted once and skipped; a file cut inside a record prints what came
// before and fails with the offset; --format bgpdump refuses what is not
// MRT, and an unknown format is a usage error.
func TestDumpMRTSkipsAndErrors(t *testing.T) {
	b, _ := os.ReadFile(mrtTestdata + "mrt/mrtparse/samples/openbgpd_rib_table-mp")
	b[7] = 3 // BGP4MP SNAPSHOT, which bgplens does not read
	rc, out, _ := runCmd(t, string(b[:0x5c]), "dump", "-")
	if rc != exitOK || strings.Count(out, "not read by bgplens") != 1 {
		t.Errorf("exit %d: %s", rc, out)
	}
	rc, out, errs := runCmd(t, "", "dump", "--format", "bgpdump", mrtTestdata+"mrt/pyasn/data/rib6.20151101.0600_firstMB.bz2")
	if rc != exitInput || strings.Count(out, "\n") != 149578 || !strings.Contains(errs, "stream offset 12131168") {
		t.Errorf("exit %d, %d lines, %s", rc, strings.Count(out, "\n"), errs)
	}
	if rc, _, errs := runCmd(t, "", "dump", "--format", "bgpdump", frrStream); rc != exitInput || !strings.Contains(errs, "MRT") {
		t.Errorf("BMP with --format bgpdump: exit %d %s", rc, errs)
	}
	if rc, _, _ := runCmd(t, "", "dump", "--format", "xml", frrStream); rc != exitUsage {
		t.Errorf("--format xml: exit %d", rc)
	}
	if rc, _, _ := runCmd(t, "", "dump", "--json", "--format", "bgpdump", frrStream); rc != exitUsage {
		t.Errorf("--json with --format bgpdump: exit %d", rc)
	}
}

// TestDumpMRTDocumented: the keys and types of MRT records are in
// docs/json.md.
func TestDumpMRTDocumented(t *testing.T) {
	_, recs, _ := dumpJSON(t, "", "--stats", mrtTestdata+"mrt/mrtparse/samples/quagga_rib", mrtTestdata+"mrtparse/samples/bird_bgp",
		mrtTestdata+"mrt/mrtparse/samples/openbgpd_rib_table", mrtTestdata+"mrt/mrtparse/samples/openbgpd_rib_table-mp")
	checkDocumented(t, recs)
}

// TestDumpMRTFilters: the same filter keeps the same routes in the JSON
// output as in the bgpdump lines, and bad filter flags are usage errors.
func TestDumpMRTFilters(t *testing.T) {
	file := mrtTestdata + "bgpdump/test_data/updates.20100722.2015.gz"
	for _, args := range [][]string{
		{"--origin-as", "8452"},
		{"--peer-as", "286", "--type", "withdraw"},
		{"--prefix", "41.0.0.0/8", "--prefix-match", "more"},
		{"--as-path", " 3549 ", "--community", "3549:2713"},
	} {
		_, recs, _ := dumpJSON(t, "", append(args, file)...)
		routes := 0
		for _, r := range recs {
			routes += len(list(r["announced"])) + len(list(r["withdrawn"]))
		}
		rc, out, errs := runCmd(t, "", append(append([]string{"dump", "--format", "bgpdump"}, args...), file)...)
		if lines := strings.Count(out, "\n"); rc != exitOK || routes == 0 || lines != routes {
			t.Errorf("%v: exit %d %s, %d routes in JSON, %d lines", args, rc, errs, routes, lines)
		}
	}
	for _, bad := range [][]string{{"--prefix", "x"}, {"--prefix-match", "x"}, {"--origin-as", "x"}, {"--peer-as", "x"},
		{"--peer-ip", "x"}, {"--as-path", "("}, {"--community", "x"}, {"--since", "x"}, {"--until", "x"}, {"--type", "x"}} {
		if rc, _, errs := runCmd(t, "", append(append([]string{"dump"}, bad...), file)...); rc != exitUsage || !strings.Contains(errs, bad[0]) {
			t.Errorf("%v: exit %d, %q", bad, rc, errs)
		}
	}
}
