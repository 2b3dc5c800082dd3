package bgp

import (
	"encoding/binary"
	"errors"
	"iter"
	"strconv"
	"strings"
)

// LargeCommunity is one value of the LARGE_COMMUNITY attribute
// (RFC 8092 §3): a Global Administrator (by convention the ASN that
// defines it) and two operator-defined 4-octet values. It is comparable and
// usable as a map key.
type LargeCommunity struct {
	GlobalAdmin uint32
	LocalData1  uint32
	LocalData2  uint32
}

// String returns the canonical "GlobalAdmin:LocalData1:LocalData2" form
// (RFC 8092 §4), e.g. "4200000000:100:2".
func (c LargeCommunity) String() string { return string(c.AppendText(nil)) }

// AppendText appends the String form of c to b.
func (c LargeCommunity) AppendText(b []byte) []byte {
	b = AppendUint(b, uint64(c.GlobalAdmin))
	b = append(b, ':')
	b = AppendUint(b, uint64(c.LocalData1))
	b = append(b, ':')
	return AppendUint(b, uint64(c.LocalData2))
}

// AppendBinary appends the twelve octets of c as they appear in the
// attribute (RFC 8092 §3).
func (c LargeCommunity) AppendBinary(b []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, c.GlobalAdmin)
	b = binary.BigEndian.AppendUint32(b, c.LocalData1)
	return binary.BigEndian.AppendUint32(b, c.LocalData2)
}

var errLargeCommunitySyntax = errors.New("bgp: large community is not a:b:c with 32-bit decimal fields")

// ParseLargeCommunity parses the "a:b:c" form of RFC 8092 §4, each field
// a decimal number in [0, 4294967295].
func ParseLargeCommunity(s string) (LargeCommunity, error) {
	var f [3]uint32
	for i := range f {
		part := s
		if i < 2 {
			j := strings.IndexByte(s, ':')
			if j < 0 {
				return LargeCommunity{}, errLargeCommunitySyntax
			}
			part, s = s[:j], s[j+1:]
		}
		n, err := strconv.ParseUint(part, 10, 32)
		if err != nil {
			return LargeCommunity{}, errLargeCommunitySyntax
		}
		f[i] = uint32(n)
	}
	return LargeCommunity{f[0], f[1], f[2]}, nil
}

// LargeCommunitiesView is the value of a LARGE_COMMUNITY attribute in
// place (RFC 8092 §3): a checked, non-empty list of 12-octet communities.
// It aliases the input.
type LargeCommunitiesView struct {
	b   []byte
	off int // offset of the value in the message
}

// Len returns the number of large communities.
func (v LargeCommunitiesView) Len() int { return len(v.b) / 12 }

// At returns the i-th large community; i must be in [0, Len()).
func (v LargeCommunitiesView) At(i int) LargeCommunity {
	return largeCommunityAt(v.b[12*i:])
}

// Off returns the offset in the message of the i-th large community.
func (v LargeCommunitiesView) Off(i int) int { return v.off + 12*i }

// All iterates over the large communities in wire order.
func (v LargeCommunitiesView) All() iter.Seq[LargeCommunity] {
	return func(yield func(LargeCommunity) bool) {
		for i := 0; i+12 <= len(v.b); i += 12 {
			if !yield(largeCommunityAt(v.b[i:])) {
				return
			}
		}
	}
}

// Contains reports whether c is in the list.
func (v LargeCommunitiesView) Contains(c LargeCommunity) bool {
	for i := 0; i+12 <= len(v.b); i += 12 {
		if largeCommunityAt(v.b[i:]) == c {
			return true
		}
	}
	return false
}

// Bytes returns the attribute value; it aliases the input.
func (v LargeCommunitiesView) Bytes() []byte { return v.b }

func largeCommunityAt(b []byte) LargeCommunity {
	_ = b[11]
	return LargeCommunity{
		GlobalAdmin: binary.BigEndian.Uint32(b),
		LocalData1:  binary.BigEndian.Uint32(b[4:]),
		LocalData2:  binary.BigEndian.Uint32(b[8:]),
	}
}
