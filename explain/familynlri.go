package explain

import (
	"encoding/hex"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// NLRI printed alone for a family the entry names (ExaBGP's parser lines,
// debug output of an MP_REACH_NLRI's NLRI): read as that family's NLRI,
// as an MP_REACH_NLRI holds them (RFC 4760 §3).

// namedFamilyNLRI returns the family the entry names, other than IPv4
// unicast (which the IPv4 reading takes), and whether its NLRI carry
// ADD-PATH Path Identifiers, when head frames exactly as that family's
// NLRI: first without Path Identifiers, then with them.
func namedFamilyNLRI(head []byte, lower string) (bgp.Family, bool, bool) {
	f, ok := familyInWords(lower)
	if !ok || f == bgp.IPv4Unicast || len(head) == 0 {
		return bgp.Family{}, false, false
	}
	order := []bool{false, true}
	if reAddPathWords.MatchString(lower) && !strings.Contains(lower, "without path-information") {
		order = []bool{true, false} // the words say so: the other reading may frame too
	}
	for _, addPath := range order {
		if framesAsNLRI(head, f, addPath) {
			return f, addPath, true
		}
	}
	return bgp.Family{}, false, false
}

// framesAsNLRI reports whether b is a whole NLRI field of f.
func framesAsNLRI(b []byte, f bgp.Family, addPath bool) bool {
	n := 0
	for e, err := range f.Entries(b, 0, addPath) {
		if err != nil {
			return false
		}
		n = e.ValueOff + len(e.Value)
	}
	return n == len(b)
}

// familyNLRI explains head as the NLRI of f.
func familyNLRI(head []byte, f bgp.Family, addPath bool, li *LineInfo, opt Options) *Explanation {
	li.Start = StartNLRI
	li.Why = "the entry names the family " + f.String() + " and speaks of NLRI, prefixes or routes, and the octets frame exactly as its NLRI (" + f.Ref() + ")"
	if addPath {
		li.Why += ", each with an ADD-PATH Path Identifier (RFC 7911 §3)"
	}
	x := &Explanation{Hex: hex.EncodeToString(head), Session: sessionInfo(opt.Session)}
	b := &builder{in: head}
	nl := b.node("nlri", 0, len(head), nil, f.String()+" NLRI, as an MP_REACH_NLRI carries them", "RFC 4760 §3")
	m := bgp.MPReachView{Family: f, NLRI: head, AddPath: addPath}
	walkMPInto(b, nl, f, m.Routes(), m.Entries(), 0, len(head), 0, addPath, "prefix", "nlri_entry")
	x.Messages = []*Node{nl}
	return x
}
