package bgp

import "iter"

// The BGP-LS attribute (type 29, RFC 9552 §5.3): the node, link and
// prefix attribute TLVs of the BGP-LS NLRI it comes with, named by the TLV
// registry of bgpls_tlv.go (RFC 9552, the SR extensions of RFC 9085 and
// RFC 9086, SRv6 of RFC 9514, RFC 8571's performance metrics).

// BGPLSAttrView is a BGP-LS attribute's TLVs in place; it aliases the
// input.
type BGPLSAttrView struct {
	b   []byte
	off int
}

// checkBGPLSAttr: the TLVs must frame; a value that does not is malformed
// and discarded (RFC 9552 §8.2.2, the row's action).
func checkBGPLSAttr(v []byte, _ bool) (uint8, string) {
	if err := checkBGPLSTLVs(v, 0, "BGP-LS attribute"); err != nil {
		return SubOptionalAttributeError, err.(*Error).Reason
	}
	return 0, ""
}

// BGPLS reads a BGP-LS attribute (RFC 9552 §5.3): a list of TLVs that
// frame.
func (a AttrView) BGPLS() (BGPLSAttrView, error) {
	return readView[BGPLSAttrView](a, AttrBGPLS)
}

// TLVs iterates over the attribute's TLVs, with their offsets in the
// message.
func (v BGPLSAttrView) TLVs() iter.Seq[BGPLSTLV] { return bgplsWalk(v.b, v.off) }

// AppendText appends the TLVs as "key value" pairs separated by spaces:
// "node-name r1 igp-metric 10".
func (v BGPLSAttrView) AppendText(dst []byte) []byte {
	return appendJoined(dst, v.TLVs(), " ", func(t BGPLSTLV, dst []byte) []byte {
		return t.AppendValueText(append(append(dst, t.key()...), ' '), false)
	})
}

// Fields lists the TLVs for the explainer: each TLV at depth 0 with its
// type, length and value (or sub-TLVs) at depth 1.
func (v BGPLSAttrView) Fields(dst []EntryField) []EntryField {
	for t := range v.TLVs() {
		dst = appendBGPLSTLVFields(dst, t, false)
	}
	return dst
}

// jsonBGPLS writes "bgp_ls": the TLVs as objects {"type","name","value"}.
func jsonBGPLS(dst []byte, _ Path, a AttrView) []byte {
	v, err := a.BGPLS()
	if err != nil {
		return dst
	}
	return appendBGPLSTLVsJSON(appendAttrKey(dst, a.Type), v.TLVs(), false)
}
