package bgp

import (
	"github.com/bgplens/bgplens/internal/hexvec"
	"net/netip"
	"strings"
	"testing"
)

// noAllocs fails t when f allocates.
func noAllocs(t *testing.T, f func()) {
	t.Helper()
	if n := testing.AllocsPerRun(100, f); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
}

// unhex decodes a hex vector written with spaces, newlines and comments
// (from '#' to the end of a line).
func unhex(t testing.TB, s string) []byte { t.Helper(); return hexvec.Decode(t, s) }

// simpleUpdate announces 10.0.0.0/8 and 192.0.2.0/24 and withdraws
// 198.51.100.0/24, with 4-octet ASNs.
const simpleUpdate = `
ffffffff ffffffff ffffffff ffffffff # marker
003c 02                             # length 60, UPDATE
0004 18 c63364                      # withdrawn: 198.51.100.0/24
001b                                # total path attribute length 27
40 01 01 00                         # ORIGIN IGP
40 02 06 02 01 0000fde9             # AS_PATH AS_SEQUENCE [65001]
40 03 04 c0000201                   # NEXT_HOP 192.0.2.1
80 04 04 00000064                   # MED 100
08 0a                               # NLRI 10.0.0.0/8
18 c00002                           # NLRI 192.0.2.0/24
`

func TestParseUpdateSimple(t *testing.T) {
	msg := unhex(t, simpleUpdate)
	u, err := ParseUpdate(msg, Session{AS4: true})
	if err != nil {
		t.Fatal(err)
	}
	if v := u.Verdict(); v != nil {
		t.Fatalf("verdict %v", v)
	}
	var ann, wd []string
	for f, r := range u.Announced() {
		ann = append(ann, f.String()+" "+r.Prefix.String())
	}
	for _, r := range u.Withdrawals() {
		wd = append(wd, r.Prefix.String())
	}
	if got := strings.Join(ann, ","); got != "IPv4 Unicast 10.0.0.0/8,IPv4 Unicast 192.0.2.0/24" {
		t.Errorf("announced %q", got)
	}
	if got := strings.Join(wd, ","); got != "198.51.100.0/24" {
		t.Errorf("withdrawn %q", got)
	}
	a, ok := u.Attr(AttrASPath)
	if !ok {
		t.Fatal("no AS_PATH")
	}
	p, err := a.ASPath(true)
	if err != nil {
		t.Fatal(err)
	}
	for s := range p.Segments() {
		if s.Type != SegmentSequence || s.Len() != 1 || s.At(0) != 65001 {
			t.Errorf("segment %v len %d", s.Type, s.Len())
		}
	}
	if a.Off != 31 {
		t.Errorf("AS_PATH offset %d, want 31", a.Off)
	}
	_ = netip.Prefix{}
}

func TestParseUpdateAS2Reading(t *testing.T) {
	// The same bytes read with 2-octet ASNs: the AS_PATH segment claims one
	// ASN but holds 4 octets, so the second segment header is 0xfd 0xe9.
	msg := unhex(t, simpleUpdate)
	u, err := ParseUpdate(msg, Session{})
	if err != nil {
		t.Fatal(err)
	}
	v := u.Verdict()
	if v == nil || v.Code != CodeUpdate || v.Subcode != SubMalformedASPath || v.Action != TreatAsWithdraw || v.Off != 31 {
		t.Fatalf("verdict %v", v)
	}
	if len(v.Data) != 0 {
		t.Errorf("Malformed AS_PATH carries no data, got % x", v.Data)
	}
}

// Two /24s without Path Identifiers also read as one /24 with identifier
// 0x180a0000; Oddities tells the readings apart.
func TestOddities(t *testing.T) {
	msg := unhex(t, `ffffffffffffffffffffffffffffffff 0033 02 0000 0014
		40010100 400206020100000001 400304c0000201
		18 0a0000 18 0a0100 # two /24s, or path ID 0x180a0000 + 10.1.0.0/24`)
	plain, err := ParseUpdate(msg, Session{AS4: true})
	if err != nil || plain.Verdict() != nil {
		t.Fatal(err, plain.Verdict())
	}
	ap, err := ParseUpdate(msg, Session{AS4: true}.WithAddPath(IPv4Unicast, true))
	if err != nil || ap.Verdict() != nil {
		t.Fatal(err, ap.Verdict())
	}
	if plain.Oddities() != 0 || ap.Oddities() != 1 {
		t.Errorf("oddities: plain %d, add-path %d; want 0 and 1", plain.Oddities(), ap.Oddities())
	}
	// Path identifier 1 read without ADD-PATH: three /0s and a /1.
	msg = unhex(t, `ffffffffffffffffffffffffffffffff 0033 02 0000 0014
		40010100 400206020100000001 400304c0000201
		00000001 18 0a0000 # path ID 1, 10.0.0.0/24`)
	plain, _ = ParseUpdate(msg, Session{AS4: true})
	ap, _ = ParseUpdate(msg, Session{AS4: true}.WithAddPath(IPv4Unicast, true))
	if plain.Verdict() == nil && plain.Oddities() <= ap.Oddities() {
		t.Errorf("identifier read as prefixes not flagged: plain %d, add-path %d", plain.Oddities(), ap.Oddities())
	}
}

// A real default route must not make a clean reading look misread: the
// /0 counts in both readings.
func TestOdditiesDefaultRoute(t *testing.T) {
	msg := unhex(t, `ffffffffffffffffffffffffffffffff 0030 02 0000 0014
		40010100 400206020100000001 400304c0000201
		00 18 0a0000 # 0.0.0.0/0 and 10.0.0.0/24`)
	plain, _ := ParseUpdate(msg, Session{AS4: true})
	ap, _ := ParseUpdate(msg, Session{AS4: true}.WithAddPath(IPv4Unicast, true))
	if plain.Verdict() != nil {
		t.Fatal(plain.Verdict())
	}
	if ap.Verdict() == nil && ap.Oddities() < plain.Oddities() {
		t.Errorf("the ADD-PATH misreading looks more plausible: %d < %d", ap.Oddities(), plain.Oddities())
	}
}
