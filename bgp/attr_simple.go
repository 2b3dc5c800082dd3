package bgp

import (
	"encoding/binary"
	"iter"
	"net/netip"
	"strconv"
)

// This file holds the getters for the attributes with small, fixed or
// list-shaped values. Each getter checks the type code and the value the
// way Check does (same subcode, same RFC 7606 action from the attribute
// table, offset a.Off) but not the flags, so that an explainer can still
// show the value of an attribute whose flags are wrong: use Check for the
// full verdict. The errors' Data is empty because a getter does not see
// the attribute header; Check fills it in.

// Origin is the value of the ORIGIN attribute (RFC 4271 §4.3, §5.1.1).
type Origin uint8

// ORIGIN values (RFC 4271 §4.3).
const (
	OriginIGP        Origin = 0 // NLRI interior to the originating AS
	OriginEGP        Origin = 1 // NLRI learned via the EGP protocol
	OriginIncomplete Origin = 2 // NLRI learned by some other means
)

var originNames = [...]string{"IGP", "EGP", "INCOMPLETE"}

// String returns "IGP", "EGP" or "INCOMPLETE" (RFC 4271 §4.3), or
// "Origin(N)" for another value.
func (o Origin) String() string { return string(o.AppendText(nil)) }

// AppendText appends the String form of o to b.
func (o Origin) AppendText(b []byte) []byte {
	if int(o) < len(originNames) {
		return append(b, originNames[o]...)
	}
	b = append(b, "Origin("...)
	b = strconv.AppendUint(b, uint64(o), 10)
	return append(b, ')')
}

// Aggregator is the value of the AGGREGATOR (RFC 4271 §5.1.7, with the
// 4-octet form of RFC 6793 §3) or AS4_AGGREGATOR (RFC 6793 §3) attribute:
// the AS and the IPv4 address of the speaker that formed the aggregate.
// It is comparable.
type Aggregator struct {
	AS      uint32
	Address netip.Addr
}

// String returns "AS address", e.g. "197357 91.220.63.1".
func (g Aggregator) String() string { return string(g.AppendText(nil)) }

// AppendText appends the String form of g to b.
func (g Aggregator) AppendText(b []byte) []byte {
	b = strconv.AppendUint(b, uint64(g.AS), 10)
	b = append(b, ' ')
	return g.Address.AppendTo(b)
}

// AIGP TLV types (IANA "BGP AIGP Attribute Types").
const (
	AIGPTypeMetric uint8 = 1 // AIGP TLV: the accumulated metric, RFC 7311 §3
)

// aigpMetricTLVLen is the length of the AIGP TLV including its type and
// length fields (RFC 7311 §3).
const aigpMetricTLVLen = 11

// AIGPTLV is one TLV of the AIGP attribute (RFC 7311 §3): a 1-octet type,
// a 2-octet length that counts the whole TLV, and the value. In a view,
// Value aliases the input.
type AIGPTLV struct {
	Type  uint8
	Value []byte
}

// AIGPView is the value of an AIGP attribute in place (RFC 7311 §3): a
// sequence of TLVs whose framing has been checked. It aliases the input.
type AIGPView struct {
	b   []byte
	off int // offset of the value in the message
}

// TLVs iterates over the TLVs in wire order, with the offset of each TLV's
// type octet in the message.
func (v AIGPView) TLVs() iter.Seq2[int, AIGPTLV] {
	return func(yield func(int, AIGPTLV) bool) {
		b, off := v.b, v.off
		for len(b) >= 3 {
			n := int(binary.BigEndian.Uint16(b[1:]))
			if n < 3 || n > len(b) {
				return
			}
			if !yield(off, AIGPTLV{Type: b[0], Value: b[3:n:n]}) {
				return
			}
			b, off = b[n:], off+n
		}
	}
}

// Metric returns the accumulated IGP metric: the value of the first AIGP
// TLV (type 1). RFC 7311 §3 has a receiver use the first one and ignore
// any other. ok is false when there is none or it is not 11 octets long.
func (v AIGPView) Metric() (metric uint64, ok bool) {
	for _, t := range v.TLVs() {
		if t.Type == AIGPTypeMetric {
			if len(t.Value) != aigpMetricTLVLen-3 {
				return 0, false
			}
			return binary.BigEndian.Uint64(t.Value), true
		}
	}
	return 0, false
}

// Bytes returns the attribute value; it aliases the input.
func (v AIGPView) Bytes() []byte { return v.b }

// AddrListView is a list of IPv4 addresses in place, as in CLUSTER_LIST
// (RFC 4456 §8). It aliases the input.
type AddrListView struct {
	b   []byte
	off int // offset of the value in the message
}

// Len returns the number of addresses.
func (v AddrListView) Len() int { return len(v.b) / 4 }

// At returns the i-th address; i must be in [0, Len()).
func (v AddrListView) At(i int) netip.Addr {
	return netip.AddrFrom4([4]byte(v.b[4*i : 4*i+4]))
}

// Off returns the offset in the message of the i-th address.
func (v AddrListView) Off(i int) int { return v.off + 4*i }

// All iterates over the addresses in wire order.
func (v AddrListView) All() iter.Seq[netip.Addr] {
	return func(yield func(netip.Addr) bool) {
		for i := 0; i+4 <= len(v.b); i += 4 {
			if !yield(netip.AddrFrom4([4]byte(v.b[i : i+4]))) {
				return
			}
		}
	}
}

// Contains reports whether addr is in the list (the loop check of
// RFC 4456 §8).
func (v AddrListView) Contains(addr netip.Addr) bool {
	if !addr.Is4() {
		return false
	}
	a := addr.As4()
	for i := 0; i+4 <= len(v.b); i += 4 {
		if [4]byte(v.b[i:i+4]) == a {
			return true
		}
	}
	return false
}

// Bytes returns the attribute value; it aliases the input.
func (v AddrListView) Bytes() []byte { return v.b }

// valueErr builds the error a getter returns for a malformed value, as
// Check would: UPDATE Message Error with subcode sub, the attribute's RFC
// 7606 action, at the attribute's offset.
func (a AttrView) valueErr(sub uint8, reason string) error {
	e := newErr(a.Off, CodeUpdate, sub, a.Type.ErrorAction(), reason)
	e.Attr = a.Type
	return e
}

// validate is the registry row's verdict on a's value (AttrView.problem)
// as a getter's error, or nil.
func (a AttrView) validate(as4 bool) error {
	if sub, why := a.problem(as4); why != "" {
		return a.valueErr(sub, why)
	}
	return nil
}

// fixedLenErr is the error for a value whose length differs from the
// type's fixed length (RFC 4271 §6.3, Attribute Length Error).
func (a AttrView) fixedLenErr() error {
	return a.valueErr(SubAttributeLengthError, "attribute length differs from the fixed length of the type")
}

// checked is the check of a reader of type t's attributes: the getter
// fits the attribute, and the value passes the type's checks (validate).
func (a AttrView) checked(t AttrType) error {
	if a.Type != t {
		return wrongType(a)
	}
	return a.validate(false)
}

// valueView is the form of the views of list and TLV attributes: the
// value in place and its offset in the message.
type valueView interface {
	~struct {
		b   []byte
		off int
	}
}

// readView reads an attribute of type t whose view is its value in place,
// once checked passes.
func readView[V valueView](a AttrView, t AttrType) (V, error) {
	if err := a.checked(t); err != nil {
		return V{}, err
	}
	return V{a.Value, a.valueOff()}, nil
}

// ipv4 reads an attribute of type t whose value is an IPv4 address.
func (a AttrView) ipv4(t AttrType) (netip.Addr, error) {
	if a.Type != t {
		return netip.Addr{}, wrongType(a)
	}
	if len(a.Value) != 4 {
		return netip.Addr{}, a.fixedLenErr()
	}
	return netip.AddrFrom4([4]byte(a.Value)), nil
}

// valueOff is the offset of the attribute value in the message.
func (a AttrView) valueOff() int { return a.Off + a.HeaderLen() }

// Origin reads an ORIGIN attribute (RFC 4271 §5.1.1): one octet, 0 to 2.
func (a AttrView) Origin() (Origin, error) {
	if a.Type != AttrOrigin {
		return 0, wrongType(a)
	}
	if len(a.Value) != 1 {
		return 0, a.fixedLenErr()
	}
	return Origin(a.Value[0]), a.validate(false)
}

// NextHop reads a NEXT_HOP attribute (RFC 4271 §5.1.3): an IPv4 address.
// Only the syntax is checked; RFC 4271 §6.3's semantic checks (not the
// receiver's own address, not multicast) need the session's addresses.
func (a AttrView) NextHop() (netip.Addr, error) { return a.ipv4(AttrNextHop) }

// Uint32 reads an attribute whose value is one 4-octet number:
// MULTI_EXIT_DISC (RFC 4271 §5.1.4), LOCAL_PREF (§5.1.5) or OTC
// (RFC 9234 §5).
func (a AttrView) Uint32() (uint32, error) {
	if a.Type != AttrMultiExitDisc && a.Type != AttrLocalPref && a.Type != AttrOTC {
		return 0, wrongType(a)
	}
	if len(a.Value) != 4 {
		return 0, a.fixedLenErr()
	}
	return binary.BigEndian.Uint32(a.Value), nil
}

// AtomicAggregate checks an ATOMIC_AGGREGATE attribute (RFC 4271 §5.1.6),
// whose value is empty.
func (a AttrView) AtomicAggregate() error {
	return a.checked(AttrAtomicAggregate)
}

// Aggregator reads an AGGREGATOR attribute (RFC 4271 §5.1.7): a 2-octet AS
// and an IPv4 address, or with 4-octet AS numbers in use (as4, RFC 6793
// §3) a 4-octet AS. AS4_AGGREGATOR (RFC 6793 §3) always has the 4-octet
// form whatever as4 says. AggregatorForm guesses as4 from the length when
// the session is unknown.
func (a AttrView) Aggregator(as4 bool) (Aggregator, error) {
	switch a.Type {
	case AttrAggregator:
	case AttrAS4Aggregator:
		if len(a.Value) != 8 {
			return Aggregator{}, a.fixedLenErr()
		}
		as4 = true
	default:
		return Aggregator{}, wrongType(a)
	}
	v := a.Value
	var g Aggregator
	switch {
	case as4 && len(v) == 8:
		g = Aggregator{binary.BigEndian.Uint32(v), netip.AddrFrom4([4]byte(v[4:8]))}
	case !as4 && len(v) == 6:
		g = Aggregator{uint32(binary.BigEndian.Uint16(v)), netip.AddrFrom4([4]byte(v[2:6]))}
	}
	// A value of AS 0 (RFC 7607 §2: attribute discard) is returned with
	// the error, so that a caller can show what was sent.
	return g, a.validate(as4)
}

// AggregatorForm guesses the AS width of an AGGREGATOR from its length
// alone: 6 octets is the 2-octet form, 8 the 4-octet form (RFC 6793 §3).
// ok is false for another length or another attribute. AS4_AGGREGATOR is
// 4-octet when it is 8 octets long.
func (a AttrView) AggregatorForm() (as4 bool, ok bool) {
	switch {
	case a.Type == AttrAggregator && len(a.Value) == 6:
		return false, true
	case (a.Type == AttrAggregator || a.Type == AttrAS4Aggregator) && len(a.Value) == 8:
		return true, true
	}
	return false, false
}

// OriginatorID reads an ORIGINATOR_ID attribute (RFC 4456 §8): the
// BGP Identifier of the route's originator, as an IPv4 address.
func (a AttrView) OriginatorID() (netip.Addr, error) { return a.ipv4(AttrOriginatorID) }

// ClusterList reads a CLUSTER_LIST attribute (RFC 4456 §8): a non-empty
// list of 4-octet CLUSTER_IDs (RFC 7606 §7.10). The view aliases the
// input.
func (a AttrView) ClusterList() (AddrListView, error) {
	return readView[AddrListView](a, AttrClusterList)
}

// Communities reads a COMMUNITIES attribute (RFC 1997): a non-empty list
// of 4-octet communities (RFC 7606 §7.8). The view aliases the input.
func (a AttrView) Communities() (CommunitiesView, error) {
	return readView[CommunitiesView](a, AttrCommunities)
}

// ExtCommunities reads an EXTENDED_COMMUNITIES attribute (RFC 4360 §2): a
// non-empty list of 8-octet communities (RFC 7606 §7.14). The view aliases
// the input.
func (a AttrView) ExtCommunities() (ExtCommunitiesView, error) {
	return readView[ExtCommunitiesView](a, AttrExtCommunities)
}

// IPv6ExtCommunities reads an IPv6 Address Specific Extended Community
// attribute (RFC 5701 §2): a non-empty list of 20-octet communities
// (RFC 7606 §7.15). The view aliases the input.
func (a AttrView) IPv6ExtCommunities() (IPv6ExtCommunitiesView, error) {
	return readView[IPv6ExtCommunitiesView](a, AttrIPv6ExtCommunities)
}

// LargeCommunities reads a LARGE_COMMUNITY attribute (RFC 8092 §3): a
// non-empty list of 12-octet communities (RFC 8092 §6). The view aliases
// the input.
func (a AttrView) LargeCommunities() (LargeCommunitiesView, error) {
	return readView[LargeCommunitiesView](a, AttrLargeCommunities)
}

// AIGP reads an AIGP attribute (RFC 7311 §3): a sequence of TLVs, each
// with a 1-octet type and a 2-octet length counting the whole TLV. The
// view aliases the input.
func (a AttrView) AIGP() (AIGPView, error) {
	return readView[AIGPView](a, AttrAIGP)
}
