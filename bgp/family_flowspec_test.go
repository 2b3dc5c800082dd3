package bgp

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/internal/hexvec"
)

var (
	fs4    = Family{AFIIPv4, SAFIFlowSpec}
	fs6    = Family{AFIIPv6, SAFIFlowSpec}
	fsVPN4 = Family{AFIIPv4, SAFIFlowSpecVPN}
	fsVPN6 = Family{AFIIPv6, SAFIFlowSpecVPN}
)

// flowSpecVectors are flow specification entries: the examples of RFC 8955
// §4.3 and RFC 8956 §3.8, and entries written from the component figures.
var flowSpecVectors = []struct {
	name string
	f    Family
	hex  string
	text string
}{
	{"RFC 8955 §4.3 example 1", fs4, "0b 01 18 c00002 03 81 06 04 81 19",
		"destination 192.0.2.0/24, protocol = 6, port = 25"},
	{"RFC 8955 §4.3 example 2", fs4, "12 01 18 c00002 02 18 cb0071 04 03 89 45 8b 91 1f90",
		"destination 192.0.2.0/24, source 203.0.113.0/24, port >= 137 && <= 139 || = 8080"},
	{"RFC 8955 §4.3 example 3", fs4, "09 01 20 c0000201 0c 80 05",
		"destination 192.0.2.1/32, fragment any DF|FF"},
	{"every numeric type, the issue's rule", fs4, "0f 01 18 c00002 03 81 11 05 81 35 0a 93 0200",
		"destination 192.0.2.0/24, protocol = 17, destination-port = 53, packet-length >= 512"},
	{"ICMP, TCP flags, DSCP and the operators", fs4, "18 03 81 06 06 14 0400 d6 0400 07 81 08 08 81 00 09 01 12 83 04 0b 83 2e",
		"protocol = 6, source-port < 1024 && != 1024, icmp-type = 8, icmp-code = 0, tcp-flags all SYN|ACK || not-all RST, dscp >= 46"},
	{"false and true", fs4, "05 0a 00 00 c7 00", "packet-length false 0 && true 0"},
	{"two-octet length", fs4, "f00b 01 18 c00002 03 81 06 04 81 19",
		"destination 192.0.2.0/24, protocol = 6, port = 25"},
	{"VPN", fsVPN4, "13 0000fde800000064 01 18 c00002 03 81 06 04 81 19",
		"rd 65000:100 destination 192.0.2.0/24, protocol = 6, port = 25"},
	{"no components", fs4, "00", "any"},
	{"RFC 8956 §3.8 example 1", fs6, "12 01 20 00 20010db8 02 68 40 123456789a 03 81 06",
		"destination 2001:db8::/32, source ::1234:5678:9a00:0/104 offset 64, next-header = 6"},
	{"RFC 8956 §3.8 example 2: offset 65, a bit of padding", fs6, "0f 01 20 00 20010db8 02 68 41 2468acf134",
		"destination 2001:db8::/32, source ::1234:5678:9a00:0/104 offset 65"},
	{"IPv6 next header, flow label", fs6, "10 01 20 00 20010db8 03 81 3a 0d a1 00012345",
		"destination 2001:db8::/32, next-header = 58, flow-label = 74565"},
	{"IPv6, the pattern as whole octets (os-ken, against RFC 8956 §3.1)", fs6, "13 01 80 20 20010000000000000000000000000002",
		"destination 2001::2/128 offset 32 (IPv6 patterns as whole octets, not RFC 8956 §3.1)"},
	{"IPv6 VPN", fsVPN6, "0f 00010a00000100 07 01 20 00 20010db8",
		"rd 10.0.0.1:7 destination 2001:db8::/32"},
	{"an 8-octet value", fs4, "0a 0a b1 0000000000000200", "packet-length = 512"},
}

func init() {
	for _, v := range flowSpecVectors {
		entrySamples[v.f] = append(entrySamples[v.f], struct{ hex, text string }{v.hex, v.text})
	}
}

func TestFlowSpec(t *testing.T) {
	for _, tc := range flowSpecVectors {
		t.Run(tc.name, func(t *testing.T) {
			b := unhex(t, tc.hex)
			v, err := ParseFlowSpec(tc.f, b, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(v.AppendText(nil)); got != tc.text {
				t.Errorf("text\n %s, want\n %s", got, tc.text)
			}
			r, err := DecodeFlowSpec(tc.f, b, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.AppendBinary(nil); !bytes.Equal(got, b) {
				t.Errorf("re-encoded %x, want %x", got, b)
			}
			// Components tile the entry after its length and RD.
			at := len(b)
			for c := range v.Components() {
				at = min(at, c.Off)
			}
			for c := range v.Components() {
				if c.Off != at {
					t.Errorf("%v at %d, want %d", c.Type, c.Off, at)
				}
				at += len(c.Bytes())
			}
			if at != len(b) {
				t.Errorf("components end at %d of %d", at, len(b))
			}
		})
	}
}

func TestFlowSpecErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		f      Family
		hex    string
		off    int
		reason string
	}{
		{"length mismatch", fs4, "06 01 18 c00002", 0, "length does not match"},
		{"out of order", fs4, "06 03 81 06 01 08 0a", 4, "out of type order"},
		{"a type twice", fs4, "06 03 81 06 03 81 11", 4, "out of type order"},
		{"flow label on IPv4", fs4, "06 0d a1 00012345", 1, "type unknown"},
		{"type 14", fs4, "03 0e 81 01", 1, "type unknown"},
		{"type 0", fs4, "03 00 81 01", 1, "type unknown"},
		{"IPv4 prefix of 33 bits", fs4, "07 01 21 c0000201 00", 1, "longer than the address"},
		{"prefix cut", fs4, "05 01 20 c00002", 1, "overruns"},
		{"operators not ended", fs4, "03 03 01 06", 1, "not ended"},
		{"value overruns", fs4, "03 03 91 06", 1, "overruns"},
		{"IPv6 offset past the length", fs6, "04 01 08 10 ff", 1, "offset past"},
		{"IPv6 prefix cut", fs6, "03 01 20 00", 1, "overruns"},
		{"VPN without RD", fsVPN4, "04 0000fde8", 1, "route distinguisher"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFlowSpec(tc.f, unhex(t, tc.hex), 0)
			var e *Error
			if !errors.As(err, &e) || e.Off != tc.off || !strings.Contains(e.Reason, tc.reason) {
				t.Errorf("error %v, want offset %d %q", err, tc.off, tc.reason)
			}
		})
	}
}

func TestFlowSpecAllocs(t *testing.T) {
	b := unhex(t, flowSpecVectors[1].hex)
	noAllocs(t, func() {
		v, err := ParseFlowSpec(fs4, b, 0)
		if err != nil {
			t.Fatal(err)
		}
		for c := range v.Components() {
			_, _ = c.Prefix()
			for range c.Ops() {
			}
		}
	})
	// An IPv6 entry that only reads with whole-octet patterns (os-ken's,
	// GoBGP's) is read the second way without allocating for the first.
	var w []byte
	for _, tc := range flowSpecVectors {
		if strings.HasPrefix(tc.name, "IPv6, the pattern as whole octets") {
			w = unhex(t, tc.hex)
		}
	}
	if v, err := ParseFlowSpec(fs6, w, 0); err != nil || !v.WholeOctetPatterns() {
		t.Fatalf("whole-octet vector: %v, whole-octet %v", err, v.WholeOctetPatterns())
	}
	noAllocs(t, func() { _, _ = ParseFlowSpec(fs6, w, 0) })
}

func BenchmarkFlowSpecView(b *testing.B) {
	m := unhex(b, flowSpecVectors[1].hex)
	b.ReportAllocs()
	for b.Loop() {
		v, _ := ParseFlowSpec(fs4, m, 0)
		for c := range v.Components() {
			_, _ = c.Prefix()
			for range c.Ops() {
			}
		}
	}
}

func BenchmarkFlowSpecText(b *testing.B) {
	e := NLRI{Value: unhex(b, flowSpecVectors[1].hex)}
	dst := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		dst = fs4.AppendEntryText(dst[:0], e)
	}
}

// FuzzFlowSpec: no input panics, and what parses re-encodes to itself; the
// octet before the entry picks the family.
func FuzzFlowSpec(f *testing.F) {
	fams := [4]Family{fs4, fs6, fsVPN4, fsVPN6}
	for _, tc := range flowSpecVectors {
		b, _ := hexvec.Parse(tc.hex)
		for i, fam := range fams {
			if fam == tc.f {
				f.Add(append([]byte{byte(i)}, b...))
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 {
			return
		}
		fam := fams[b[0]&3]
		fuzzEntry(t, fam, b[1:], func(b []byte, off int) (string, []byte, error) {
			v, err := ParseFlowSpec(fam, b, off)
			if err != nil {
				return "", nil, err
			}
			return string(v.AppendText(nil)), v.Rule().AppendBinary(nil), nil
		})
	})
}

// TestFlowSpecBuild: a rule built by hand encodes to the RFC's octets,
// and one of 240 octets or more takes the two-octet length.
func TestFlowSpecBuild(t *testing.T) {
	r := FlowSpecRule{Components: []FlowSpecComponent{
		{Type: FlowDestination, Length: 24, Pattern: []byte{192, 0, 2}},
		{Type: FlowProtocol, Ops: []FlowOp{{Op: FlowOpEnd | FlowOpEQ, Value: 6}}},
		{Type: FlowPort, Ops: []FlowOp{{Op: FlowOpEnd | FlowOpEQ, Value: 25}}},
	}}
	if got, want := r.AppendBinary(nil), unhex(t, flowSpecVectors[0].hex); !bytes.Equal(got, want) {
		t.Errorf("built %x, want %x", got, want)
	}
	var ops []FlowOp
	for range 80 {
		ops = append(ops, FlowOp{Op: 0x10 | FlowOpEQ, Value: 80}) // 2-octet values
	}
	ops[len(ops)-1].Op |= FlowOpEnd
	big := FlowSpecRule{Components: []FlowSpecComponent{{Type: FlowPort, Ops: ops}}}
	b := big.AppendBinary(nil)
	if b[0] != 0xf0 || int(b[1]) != len(b)-2 || len(b)-2 != 241 {
		t.Fatalf("length %x", b[:2])
	}
	if r2, err := DecodeFlowSpec(fs4, b, 0); err != nil || len(r2.Components[0].Ops) != 80 {
		t.Errorf("%v", err)
	}
}
