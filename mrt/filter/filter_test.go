package filter

import (
	"net/netip"
	"regexp"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

func TestPrefixMatch(t *testing.T) {
	q := netip.MustParsePrefix("10.1.0.0/16")
	for _, c := range []struct {
		p                      string
		exact, more, less, any bool
	}{
		{"10.1.0.0/16", true, true, true, true},
		{"10.1.2.0/24", false, true, false, true},
		{"10.0.0.0/8", false, false, true, true},
		{"10.2.0.0/16", false, false, false, false},
		{"11.0.0.0/8", false, false, false, false},
		{"10.1.0.1/16", true, true, true, true}, // bits past the length do not count
		{"::/0", false, false, false, false},    // another family
	} {
		p := netip.MustParsePrefix(c.p)
		for m, want := range map[Match]bool{Exact: c.exact, More: c.more, Less: c.less, Any: c.any} {
			f := Filter{Prefixes: []netip.Prefix{q}, Match: m}
			if got := f.Route(p, false, &bgp.Path{}, ""); got != want {
				t.Errorf("%s match %d: %v", c.p, m, got)
			}
		}
	}
}

// path reads attributes (4-octet ASNs unless as2).
func path(t *testing.T, as2 bool, attrs ...byte) *bgp.Path {
	p, err := bgp.ReadPath(attrs, bgp.Session{AS4: !as2})
	if err != nil {
		t.Fatal(err)
	}
	return &p
}

func TestRouteConditions(t *testing.T) {
	// AS_PATH 64496 64511, COMMUNITIES 65000:100.
	d := path(t, false, 0x40, 2, 10, 2, 2, 0, 0, 0xfb, 0xf0, 0, 0, 0xfb, 0xff, 0xc0, 8, 4, 0xfd, 0xe8, 0, 0x64)
	p := netip.MustParsePrefix("192.0.2.0/24")
	f := Filter{OriginAS: []uint32{64511}}
	if !f.Route(p, false, d, "") || f.Route(p, true, d, "") {
		t.Error("origin AS: a withdrawal has no origin")
	}
	set := path(t, false, 0x40, 2, 6, 1, 1, 0, 0, 0xfb, 0xff)
	if f.Route(p, false, set, "") {
		t.Error("an AS_SET at the end has no single origin")
	}
	// From a 2-octet session: AS_PATH 64496 AS_TRANS, AS4_PATH 64496 64511.
	as2 := path(t, true, 0x40, 2, 6, 2, 2, 0xfb, 0xf0, 0x5b, 0xa0, 0xc0, 17, 10, 2, 2, 0, 0, 0xfb, 0xf0, 0, 0, 0xfb, 0xff)
	if !f.Route(p, false, as2, "") {
		t.Error("origin AS with AS4_PATH merged")
	}
	f = Filter{ASPath: regexp.MustCompile(`^64496 `)}
	if !f.NeedsPath() || !f.Route(p, false, d, "64496 64511") || f.Route(p, false, d, "64511") {
		t.Error("AS path")
	}
	f = Filter{}
	if err := f.ParseCommunity("65000:100"); err != nil || !f.Route(p, false, d, "") {
		t.Error("community", err)
	}
	f = Filter{}
	if err := f.ParseCommunity("65000:1:2"); err != nil || f.Route(p, false, d, "") || len(f.LargeCommunities) != 1 {
		t.Error("large community", err)
	}
	if large := path(t, false, 0xc0, 32, 12, 0, 0, 0xfd, 0xe8, 0, 0, 0, 1, 0, 0, 0, 2); !f.Route(p, false, large, "") {
		t.Error("large community not found")
	}
	if f.ParseCommunity("x:y") == nil {
		t.Error("bad community accepted")
	}
	if (&Filter{}).RouteConditions() || !(&Filter{Kind: Withdraw}).RouteConditions() || !(&Filter{}).Empty() {
		t.Error("RouteConditions/Empty")
	}
}

func TestRecord(t *testing.T) {
	t0 := time.Unix(1000, 0)
	s := Session{Time: t0, PeerIP: netip.MustParseAddr("::ffff:192.0.2.1"), PeerAS: 64496}
	for f, want := range map[*Filter]bool{
		{Since: t0}:                  true,
		{Since: t0.Add(time.Second)}: false,
		{Until: t0}:                  false,
		{Until: t0.Add(time.Second)}: true,
		{PeerAS: []uint32{64496}}:    true,
		{PeerAS: []uint32{1}}:        false,
		{PeerIP: []netip.Addr{netip.MustParseAddr("192.0.2.1")}}: true, // IPv4-mapped peer
		{PeerIP: []netip.Addr{netip.MustParseAddr("192.0.2.2")}}: false,
	} {
		if f.Record(s) != want {
			t.Errorf("%+v: %v", f, !want)
		}
	}
}

func TestParse(t *testing.T) {
	if l, err := ParseASList("AS64496, 64511"); err != nil || len(l) != 2 || l[1] != 64511 {
		t.Error(l, err)
	}
	if _, err := ParseASList("x"); err == nil {
		t.Error("bad AS accepted")
	}
	if m, err := ParseMatch("less"); err != nil || m != Less {
		t.Error(m, err)
	}
	if _, err := ParseMatch("x"); err == nil {
		t.Error("bad match accepted")
	}
	if tm, err := ParseTime("1000"); err != nil || tm.Unix() != 1000 {
		t.Error(tm, err)
	}
	if tm, err := ParseTime("2024-01-15T16:00:00Z"); err != nil || tm.Unix() != 1705334400 {
		t.Error(tm, err)
	}
	if _, err := ParseTime("yesterday"); err == nil {
		t.Error("bad time accepted")
	}
}
