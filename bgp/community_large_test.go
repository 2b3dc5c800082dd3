package bgp

import "testing"

func TestLargeCommunityText(t *testing.T) {
	for _, tc := range []struct {
		c    LargeCommunity
		text string
		wire string
	}{
		{LargeCommunity{4200000000, 100, 2}, "4200000000:100:2", "fa56ea00 00000064 00000002"},
		{LargeCommunity{}, "0:0:0", "00000000 00000000 00000000"},
		{LargeCommunity{4294967295, 4294967295, 4294967295}, "4294967295:4294967295:4294967295", "ffffffff ffffffff ffffffff"},
	} {
		if got := tc.c.String(); got != tc.text {
			t.Errorf("String = %q, want %q", got, tc.text)
		}
		if c, err := ParseLargeCommunity(tc.text); err != nil || c != tc.c {
			t.Errorf("ParseLargeCommunity(%q) = %v, %v", tc.text, c, err)
		}
		if got := tc.c.AppendBinary(nil); string(got) != string(unhex(t, tc.wire)) {
			t.Errorf("AppendBinary = %x, want %s", got, tc.wire)
		}
	}
	for _, bad := range []string{"", "1:2", "1:2:3:4", "1::3", "4294967296:0:0", "a:b:c", "1:2:-3", " 1:2:3"} {
		if c, err := ParseLargeCommunity(bad); err == nil {
			t.Errorf("ParseLargeCommunity(%q) = %v, want an error", bad, c)
		}
	}
}

func BenchmarkLargeCommunitiesWalk(b *testing.B) {
	buf := []byte{0xc0, 0x20, 240}
	for i := range 20 {
		buf = append(buf, 0xfa, 0x56, 0xea, 0, 0, 0, 0, 100, 0, 0, 0, byte(i))
	}
	a, err := ParseAttr(buf)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var n uint32
	for b.Loop() {
		v, err := a.LargeCommunities()
		if err != nil {
			b.Fatal(err)
		}
		for c := range v.All() {
			n += c.LocalData2
		}
	}
	_ = n
}
