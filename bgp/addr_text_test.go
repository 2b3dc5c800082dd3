package bgp

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// TestAppendAddr: AppendAddr writes every address as netip does, over the
// edge cases of RFC 5952's zero compression and random addresses with
// many zero groups.
func TestAppendAddr(t *testing.T) {
	check := func(a netip.Addr) {
		t.Helper()
		if got, want := string(AppendAddr([]byte("x"), a)), string(a.AppendTo([]byte("x"))); got != want {
			t.Fatalf("AppendAddr(%v) = %q, want %q", a, got, want)
		}
	}
	for _, s := range []string{"::", "::1", "1::", "1::1", "0:1::", "::1:0", "1:0:1::", "1:0:0:1::1", "1:0:0:1:0:0:1:0",
		"1:0:1:0:1:0:1:0", "2001:db8::", "2001:db8:f00::", "2001:db8:ffff::1", "fe80::1", "fe80::1%eth0",
		"::ffff:192.0.2.1", "::192.0.2.1", "192.0.2.1", "0.0.0.0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		"1:2:3:4:5:6:7:8", "1:0:0:2:0:0:0:3", "0:0:1:0:0:1:0:0", "a:bc:def:1234::"} {
		check(netip.MustParseAddr(s))
	}
	check(netip.Addr{})
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var b [16]byte
		for i := 0; i < 16; i += 2 {
			switch r.IntN(4) {
			case 0, 1: // zero groups, often in runs
			case 2:
				b[i+1] = byte(r.IntN(256))
			default:
				b[i], b[i+1] = byte(r.IntN(256)), byte(r.IntN(256))
			}
		}
		check(netip.AddrFrom16(b))
	}
	for _, s := range []string{"2001:db8::/32", "2001:db8:f00::/48", "::/0", "::1/128", "::ffff:192.0.2.0/120", "192.0.2.0/24", "0.0.0.0/0"} {
		p := netip.MustParsePrefix(s)
		if got := string(AppendPrefix(nil, p)); got != s {
			t.Errorf("AppendPrefix(%v) = %q", p, got)
		}
	}
	if got := string(AppendPrefix(nil, netip.Prefix{})); got != "" {
		t.Errorf("AppendPrefix of the zero Prefix = %q", got)
	}
}

func BenchmarkAppendAddr(b *testing.B) {
	addrs := []netip.Addr{netip.MustParseAddr("2001:db8:f00::"), netip.MustParseAddr("2001:db8:ffff::1"), netip.MustParseAddr("fe80::1:2:3:4")}
	buf := make([]byte, 0, 256)
	b.Run("bgp", func(b *testing.B) {
		for range b.N {
			buf = buf[:0]
			for _, a := range addrs {
				buf = AppendAddr(buf, a)
			}
		}
	})
	b.Run("netip", func(b *testing.B) {
		for range b.N {
			buf = buf[:0]
			for _, a := range addrs {
				buf = a.AppendTo(buf)
			}
		}
	})
}
