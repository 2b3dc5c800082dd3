package bgp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var (
	bgplsFamily    = Family{AFIBGPLS, SAFIBGPLS}
	bgplsVPNFamily = Family{AFIBGPLS, SAFIBGPLSVPN}
)

// bgplsVectors are written from RFC 9552 §5.2 (Figures 6-11) and RFC 9514
// §6: NLRI Type, Total NLRI Length, Protocol-ID, Identifier, descriptors.
var bgplsVectors = []familyVector{
	{bgplsFamily, "node, IS-IS level 2", "0001 0027 02 0000000000000000 0100001a 02000004 0000fde8 02010004 00000000 02030006 000000000001",
		"node isis-l2 id 0 local-node {as 65000 bgp-ls-id 0 igp-router-id 0000.0000.0001}"},
	{bgplsFamily, "link, OSPFv2", "0002 0041 03 0000000000000000 01000010 02000004 0000fde8 02030004 c0000201 01010010 02000004 0000fde8 02030004 c0000202 01030004 c0000001 01040004 c0000002",
		"link ospfv2 id 0 local-node {as 65000 igp-router-id 192.0.2.1} remote-node {as 65000 igp-router-id 192.0.2.2} ipv4-interface 192.0.0.1 ipv4-neighbor 192.0.0.2"},
	{bgplsFamily, "IPv4 prefix, OSPF route type", "0003 0022 03 0000000000000007 01000008 02000004 0000fde8 01080001 01 01090004 18c63364",
		"ipv4-prefix ospfv2 id 7 local-node {as 65000} ospf-route-type 1 ip-reachability 198.51.100.0/24"},
	{bgplsFamily, "IPv6 prefix with MT-ID", "0004 0024 02 0000000000000000 01000008 02000004 0000fde8 01070002 0002 01090005 20 20010db8",
		"ipv6-prefix isis-l2 id 0 local-node {as 65000} mt-id 2 ip-reachability 2001:db8::/32"},
	{bgplsFamily, "SRv6 SID", "0006 0029 02 0000000000000000 01000008 02000004 0000fde8 02060010 20010db8000000000000000000000001",
		"srv6-sid isis-l2 id 0 local-node {as 65000} srv6-sid 2001:db8::1"},
	{bgplsFamily, "an IS-IS pseudonode and an OSPF DR", "0001 0024 02 0000000000000000 01000017 02030007 00000000000102 02030008 c0000201 c0000202",
		"node isis-l2 id 0 local-node {igp-router-id 0000.0000.0001.02 igp-router-id 192.0.2.1/192.0.2.2}"},
	{bgplsFamily, "an unknown TLV and NLRI type", "0009 0011 07 0000000000000000 ffff0004 01020304",
		"9 bgp id 0 tlv-65535 01020304"},
	{bgplsVPNFamily, "VPN node", "0001 001d 0000fde800000064 02 0000000000000000 01000008 02000004 0000fde8",
		"node rd 65000:100 isis-l2 id 0 local-node {as 65000}"},
}

func init() { addEntrySamples(bgplsVectors) }

func TestBGPLS(t *testing.T) {
	for _, tc := range bgplsVectors {
		b := unhex(t, tc.hex)
		v, err := ParseBGPLS(b, 0, tc.f == bgplsVPNFamily)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := string(v.AppendText(nil)); got != tc.text {
			t.Errorf("%s:\n %q, want\n %q", tc.name, got, tc.text)
		}
		if got := v.Route().AppendBinary(nil); !bytes.Equal(got, b) {
			t.Errorf("%s: re-encoded %x", tc.name, got)
		}
	}
	for _, tc := range []struct {
		name, hex string
		vpn       bool
		reason    string
		at        int
	}{
		{"empty", "", false, "length does not match", 5},
		{"length past the entry", "0001 0010 02 0000000000000000", false, "length does not match", 5},
		{"no identifier", "0001 0006 02 0000000000", false, "shorter than its Protocol-ID", 9},
		{"VPN without RD room", "0001 0009 02 0000000000000000", true, "shorter than its Protocol-ID", 9},
		{"TLV overruns", "0001 000f 02 0000000000000000 01000008 0200", false, "TLV 256 overruns", 18},
		{"sub-TLV overruns", "0001 0011 02 0000000000000000 01000004 02000008", false, "TLV 512 overruns", 22},
		{"TLV header cut", "0001 000b 02 0000000000000000 0100", false, "header truncated", 18},
	} {
		_, err := ParseBGPLS(unhex(t, tc.hex), 5, tc.vpn)
		var e *Error
		if !errors.As(err, &e) || e.Off != tc.at || !strings.Contains(e.Reason, tc.reason) {
			t.Errorf("%s: %v, want %q at %d", tc.name, err, tc.reason, tc.at)
		}
	}
}

// bgplsAttrVectors are BGP-LS attribute values written from RFC 9552
// §5.3, RFC 9085 §2 and RFC 9514 §4, §8.
var bgplsAttrVectors = []struct{ name, hex, text string }{
	{"node name and router ID", "04020002 7231 04040004 c0000201", "node-name r1 local-router-id 192.0.2.1"},
	{"IGP and TE metric, bandwidth", "04470003 00000a 04440004 00000014 04410004 4cee6b28", "igp-metric 10 te-metric 20 max-bandwidth 125000000"},
	{"adjacency SID label", "044b0007 30000000 0493e0", "adj-sid flags 0x30 algorithm-or-weight 0 label 300000"},
	{"prefix SID index", "04860008 00000000 00000064", "prefix-sid flags 0x00 algorithm-or-weight 0 index 100"},
	{"SR capabilities", "040a000c 8000 001f40 04890003 003e80", "sr-capabilities flags 0x80 range 8000 first 16000"},
	{"SRv6 End.X with SID structure", "0452001e 0039 80 00 00 00 fc000000000000000000000000000001 04e40004 20101000",
		"srv6-endx-sid behavior 57 flags 0x80 algorithm 0 weight 0 sid fc00::1 {srv6-sid-structure lb 32 ln 16 fun 16 arg 0}"},
	{"SRLG and unknown TLV", "04480008 00000001 00000002 fff00001 aa", "srlg 1 2 tlv-65520 aa"},
}

func TestBGPLSAttr(t *testing.T) {
	for _, tc := range bgplsAttrVectors {
		a := AttrView{Flags: FlagOptional, Type: AttrBGPLS, Value: unhex(t, tc.hex)}
		v, err := a.BGPLS()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := string(v.AppendText(nil)); got != tc.text {
			t.Errorf("%s:\n %q, want\n %q", tc.name, got, tc.text)
		}
		at := 0
		for _, f := range v.Fields(nil) {
			if f.Depth == 0 {
				if f.Off != at+a.valueOff() || f.Ref == "" {
					t.Errorf("%s: field %+v at %d", tc.name, f, at)
				}
				at += f.Len
			}
		}
		if at != len(a.Value) {
			t.Errorf("%s: fields cover %d of %d", tc.name, at, len(a.Value))
		}
	}
	for _, bad := range []string{"0402", "04020003 7231", "04000000 01", "0452001a"} {
		a := AttrView{Flags: FlagOptional, Type: AttrBGPLS, Value: unhex(t, bad)}
		var e *Error
		if _, err := a.BGPLS(); !errors.As(err, &e) || e.Action != AttributeDiscard {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// TestBGPLSExaBGP reads ExaBGP's BGP-LS decoding vectors (several from
// real speakers' bug reports; testdata/README.md): every BGP-LS NLRI and
// attribute decodes, re-encodes, and every value ExaBGP's JSON gives for
// the fields both decode appears in ours.
func TestBGPLSExaBGP(t *testing.T) {
	files, _ := filepath.Glob("../testdata/exabgp/qa/decoding/bgp-ls-*")
	if len(files) != 10 {
		t.Fatalf("%d files", len(files))
	}
	for _, name := range files {
		lines := readLines(t, name)
		raw := unhex(t, strings.NewReplacer(" ", "", ":", "").Replace(lines[1]))
		var ours []string
		if strings.HasPrefix(lines[0], "nlri") {
			v, err := ParseBGPLS(raw, 0, false)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			ours = append(ours, string(v.AppendText(nil)))
		} else {
			ours = bgplsUpdateText(t, name, raw)
		}
		exaAgree(t, name, lines[2], ours, exaBGPLSKeys, 1, func(all, want string) bool {
			return strings.Contains(all, want) || strings.Contains(strings.ReplaceAll(all, ".", ""), want)
		})
	}
}

// exaAgree checks that every value ExaBGP's JSON exa gives for the
// members in keys appears in ours, as found says, and that at least min
// were compared.
func exaAgree(t *testing.T, name, exa string, ours []string, keys map[string]bool, min int, found func(all, want string) bool) {
	t.Helper()
	all := strings.Join(ours, " ")
	var upd any
	if err := json.Unmarshal([]byte(exa), &upd); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, k := range []string{"neighbor", "message", "update"} {
		if m, ok := upd.(map[string]any)[k]; ok {
			upd = m
		}
	}
	n := 0
	for _, want := range exaValues(upd, "", keys) {
		n++
		if !found(all, want) {
			t.Errorf("%s: ExaBGP's %q not in ours:\n%s", name, want, all)
		}
	}
	if n < min {
		t.Errorf("%s: %d values compared, want %d or more", name, n, min)
	}
	t.Logf("%s: %d values agree: %s", filepath.Base(name), n, all)
}

// bgplsUpdateText decodes an UPDATE (with or without its header) and
// returns the text of its BGP-LS NLRI and attribute.
func bgplsUpdateText(t *testing.T, name string, raw []byte) []string {
	t.Helper()
	if !bytes.HasPrefix(raw, bytes.Repeat([]byte{0xff}, 16)) {
		h := append(bytes.Repeat([]byte{0xff}, 16), byte((len(raw)+19)>>8), byte(len(raw)+19), 2)
		raw = append(h, raw...)
	}
	text := func(a AttrView) (string, error) {
		v, err := a.BGPLS()
		return string(v.AppendText(nil)), err
	}
	return updateTexts(t, name, raw, AttrBGPLS, text, func(m MPReachView, e NLRI) ([]string, error) {
		v, err := ParseBGPLS(e.Value, e.ValueOff, m.Family.SAFI == SAFIBGPLSVPN)
		if got := v.Route().AppendBinary(nil); err == nil && !bytes.Equal(got, e.Value) {
			t.Errorf("%s: re-encoded %x", name, got)
		}
		return []string{string(v.AppendText(nil)), m.Family.EntryText(e)}, err
	})
}

// updateTexts decodes the UPDATE raw, which must be well formed, and
// returns the text of its attributes of type attr (text) and of each entry
// of its MP_REACH_NLRI (entry); an error of either fails the test.
func updateTexts(t *testing.T, name string, raw []byte, attr AttrType, text func(AttrView) (string, error),
	entry func(MPReachView, NLRI) ([]string, error)) []string {
	t.Helper()
	u, err := ParseUpdate(raw, Session{AS4: true})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := u.Verdict(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []string
	for a := range u.Attrs() {
		switch a.Type {
		case attr:
			s, err := text(a)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out = append(out, s)
		case AttrMPReachNLRI:
			m, err := a.MPReach(Session{})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for e, err := range m.Entries() {
				var s []string
				if err == nil {
					s, err = entry(m, e)
				}
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				out = append(out, s...)
			}
		}
	}
	return out
}

// exaBGPLSKeys are the members of ExaBGP's JSON whose values bgplens
// writes the same way (router IDs without dots: ExaBGP writes IS-IS system
// IDs as 12 hex digits).
var exaBGPLSKeys = map[string]bool{
	"autonomous-system": true, "bgp-ls-identifier": true, "ospf-area-id": true, "router-id": true,
	"designated-router-id": true, "interface-addresses": true, "neighbor-addresses": true,
	"ip-reach-prefix": true, "node-name": true, "igp-metric": true, "te-metric": true,
	"prefix-metric": true, "sid": true, "sids": true, "local-router-ids": true, "remote-router-ids": true,
	"maximum-link-bandwidth": true, "maximum-reservable-link-bandwidth": true,
	"unreserved-bandwidth": true, "behavior": true, "algorithm": true, "neighbor-id": true,
	"loc_block_len": true, "loc_node_len": true, "func_len": true,
	"local-id": true, "remote-id": true, "sr-algorithms": false,
}

// exaValues collects the values of the members of ExaBGP's JSON v named
// in keys, as text.
func exaValues(v any, key string, keys map[string]bool) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			out = append(out, exaValues(x, k, keys)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, exaValues(x, key, keys)...)
		}
	case string:
		if keys[key] {
			out = append(out, v)
		}
	case float64:
		if keys[key] {
			out = append(out, strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	return out
}

func readLines(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		lines = append(lines, s.Text())
	}
	if len(lines) < 3 {
		t.Fatalf("%s: %d lines", name, len(lines))
	}
	return lines
}

func BenchmarkBGPLSView(b *testing.B) {
	m := unhex(b, bgplsVectors[1].hex)
	b.ReportAllocs()
	for b.Loop() {
		v, _ := ParseBGPLS(m, 0, false)
		for t := range v.TLVs() {
			for s := range t.SubTLVs() {
				_ = s.Type
			}
		}
	}
}

func FuzzBGPLS(f *testing.F) {
	for _, v := range bgplsVectors {
		f.Add(unhex(f, v.hex), v.f == bgplsVPNFamily)
	}
	f.Fuzz(func(t *testing.T, b []byte, vpn bool) {
		fam := bgplsFamily
		if vpn {
			fam = bgplsVPNFamily
		}
		_ = fam.AppendEntryJSON(nil, NLRI{Value: b})
		_, _ = fam.EntryFields(NLRI{Value: b})
		a := AttrView{Type: AttrBGPLS, Flags: FlagOptional, Value: b}
		if v, err := a.BGPLS(); err == nil {
			_ = v.AppendText(nil)
			_ = v.Fields(nil)
		}
		v, err := ParseBGPLS(b, 0, vpn)
		if err != nil {
			return
		}
		_ = v.AppendText(nil)
		if got := v.Route().AppendBinary(nil); !bytes.Equal(got, b) {
			t.Fatalf("re-encoded %x, want %x", got, b)
		}
	})
}
