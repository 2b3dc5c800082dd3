package bgp

import "encoding/binary"

// What makes an attribute's value well formed, one function per type, read
// from the registry row (attrInfo.value): AttrView.Check, the getters and
// the explainer all ask the row, so each rule is written once. The fast
// checks of ParseUpdate and UpdateValues (attrFastTable) are shortcuts for
// the common types that tests hold to the same answers.

// valueCheck says whether an attribute value v, whose length already
// matches the type's fixed length if it has one, is well formed with the
// session's AS width (as4). It returns the UPDATE Message Error subcode
// (RFC 4271 §6.3, RFC 7606) and the reason, or reason "".
type valueCheck func(v []byte, as4 bool) (sub uint8, reason string)

// problem says what is wrong with a's value for its type: its fixed length
// (the registry's size column) and then the row's value check.
func (a *AttrView) problem(as4 bool) (sub uint8, reason string) {
	row := &attrTable[a.Type]
	if row.size != 0 && len(a.Value) != row.size {
		return SubAttributeLengthError, "attribute length differs from the fixed length of the type"
	}
	if row.value != nil {
		return row.value(a.Value, as4)
	}
	return 0, ""
}

// FixedLen returns the exact length of the attribute's value, or 0 when
// it varies (or depends on the session, as AGGREGATOR's does).
func (t AttrType) FixedLen() int { return attrTable[t].size }

func checkOrigin(v []byte, _ bool) (uint8, string) {
	if v[0] > byte(OriginIncomplete) {
		return SubInvalidOrigin, "ORIGIN value is not IGP, EGP or INCOMPLETE"
	}
	return 0, ""
}

func checkASPathValue(v []byte, as4 bool) (uint8, string) {
	if why := checkASPath(v, as4); why != "" {
		return SubMalformedASPath, why
	}
	return 0, ""
}

// checkAS4Path: AS4_PATH has 4-octet ASNs whatever the session; a
// malformed one is an Optional Attribute Error (RFC 6793 §6).
func checkAS4Path(v []byte, _ bool) (uint8, string) {
	if why := checkASPath(v, true); why != "" {
		return SubOptionalAttributeError, why
	}
	return 0, ""
}

func checkEmpty(v []byte, _ bool) (uint8, string) {
	if len(v) != 0 {
		return SubAttributeLengthError, "ATOMIC_AGGREGATE must be empty"
	}
	return 0, ""
}

// checkAggregator: 6 octets with 2-octet AS numbers, 8 with 4-octet ones
// (RFC 6793 §3); AS 0 is malformed (RFC 7607 §2).
func checkAggregator(v []byte, as4 bool) (uint8, string) {
	want := 6
	if as4 {
		want = 8
	}
	if len(v) != want {
		return SubAttributeLengthError, "AGGREGATOR length does not match the session's AS width"
	}
	if v[0] == 0 && v[1] == 0 && (want == 6 || v[2] == 0 && v[3] == 0) {
		return SubOptionalAttributeError, "AGGREGATOR holds AS 0, which RFC 7607 §2 forbids"
	}
	return 0, ""
}

func checkAS4Aggregator(v []byte, _ bool) (uint8, string) {
	if binary.BigEndian.Uint32(v) == 0 {
		return SubOptionalAttributeError, "AS4_AGGREGATOR holds AS 0, which RFC 7607 §2 forbids"
	}
	return 0, ""
}

// checkList returns the check for a non-empty list of n-octet entries
// (RFC 7606 §7.8, §7.10, §7.14, §7.15, RFC 8092 §6), with the subcode and
// the reason naming the attribute.
func checkList(n int, sub uint8, name string) valueCheck {
	reason := name + " length is not a non-zero multiple of " + itoa(n)
	return func(v []byte, _ bool) (uint8, string) {
		if len(v) == 0 || len(v)%n != 0 {
			return sub, reason
		}
		return 0, ""
	}
}

var (
	checkCommunities        = checkList(4, SubOptionalAttributeError, "COMMUNITIES")
	checkClusterList        = checkList(4, SubAttributeLengthError, "CLUSTER_LIST")
	checkExtCommunities     = checkList(8, SubOptionalAttributeError, "EXTENDED_COMMUNITIES")
	checkIPv6ExtCommunities = checkList(20, SubOptionalAttributeError, "IPv6 extended communities")
	checkLargeCommunities   = checkList(12, SubOptionalAttributeError, "LARGE_COMMUNITY")
)

func checkAIGPValue(v []byte, _ bool) (uint8, string) {
	if why := checkAIGP(v); why != "" {
		return SubOptionalAttributeError, why
	}
	return 0, ""
}
