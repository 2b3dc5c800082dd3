package bgp

import (
	"net/netip"
	"testing"
)

// buildUpdate writes an UPDATE with an AS_PATH and two IPv4 routes in
// session s.
func buildUpdate(t *testing.T, s Session, asns ...uint32) []byte {
	t.Helper()
	b := NewUpdateBuilder(nil, s)
	b.Origin(OriginIGP)
	b.ASPath(ASPath{Segments: []ASSegment{{Type: SegmentSequence, ASNs: asns}}})
	b.NextHop(netip.MustParseAddr("192.0.2.1"))
	b.Announce(Route{Prefix: netip.MustParsePrefix("198.51.100.0/24"), PathID: 1})
	b.Announce(Route{Prefix: netip.MustParsePrefix("203.0.113.0/24"), PathID: 2})
	msg, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

func TestReadUpdate(t *testing.T) {
	as4 := Session{AS4: true}
	ap := Session{AS4: true}.WithAddPath(IPv4Unicast, true)
	for _, tc := range []struct {
		name            string
		sent, expected  Session
		first           Session
		opt             SearchOptions
		wantSess        Session
		wantFB          Fallback
		clean, searched bool
	}{
		{"as expected", as4, as4, as4, SearchOptions{}, as4, 0, true, false},
		{"other AS width", as4, Session{}, Session{}, SearchOptions{}, as4, FallbackAS4, true, true},
		{"AS width fixed", as4, Session{}, Session{}, SearchOptions{FixedAS4: true}, Session{}, 0, false, true},
		{"ADD-PATH", ap, as4, as4, SearchOptions{}, ap, FallbackAddPath, true, true},
		{"ADD-PATH fixed", ap, as4, as4, SearchOptions{FixedAddPath: true}, as4, 0, false, true},
		{"both", ap, Session{}, Session{}, SearchOptions{}, ap, FallbackAS4 | FallbackAddPath, true, true},
		// The hypothesis that last worked comes first; the fallback is
		// still said against what was expected.
		{"remembered", ap, as4, ap, SearchOptions{}, ap, FallbackAddPath, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := buildUpdate(t, tc.sent, 65001, 4200000001)
			var u UpdateView
			r, err := ReadUpdate(&u, msg, tc.expected, tc.first, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if r.Session != tc.wantSess || r.Fallback != tc.wantFB || r.Clean != tc.clean || r.Searched != tc.searched {
				t.Errorf("got %+v", r)
			}
			if u.Session() != r.Session || (u.Verdict() == nil) != r.Clean {
				t.Errorf("the view was read with %+v, verdict %v", u.Session(), u.Verdict())
			}
			if tc.searched && r.First == nil {
				t.Error("no verdict of the first reading")
			}
		})
	}
	// A clean reading whose routes look misread: a /24 with ADD-PATH Path
	// Identifier 0 also reads without ADD-PATH, as four /0 prefixes (the
	// identifier's octets) and the /24.
	b := NewUpdateBuilder(nil, ap)
	b.Origin(OriginIGP)
	b.ASPath(ASPath{Segments: []ASSegment{{Type: SegmentSequence, ASNs: []uint32{65001}}}})
	b.NextHop(netip.MustParseAddr("192.0.2.1"))
	b.Announce(Route{Prefix: netip.MustParsePrefix("198.51.100.0/24")})
	msg, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	var u UpdateView
	r, err := ReadUpdate(&u, msg, as4, as4, SearchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Session != ap || !r.Misread || !r.Clean {
		t.Errorf("misread: %+v", r)
	}
	if r, _ := ReadUpdate(&u, msg, as4, as4, SearchOptions{FixedAddPath: true}); r.Session != as4 || r.Misread {
		t.Errorf("misread with ADD-PATH fixed: %+v", r)
	}
	// Sections that cannot be located: ParseUpdate's error.
	if _, err := ReadUpdate(&u, msg[:HeaderLen+1], as4, as4, SearchOptions{}); err == nil {
		t.Error("no error for a cut UPDATE")
	}
}
