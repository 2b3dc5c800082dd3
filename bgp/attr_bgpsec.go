package bgp

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"iter"
	"strconv"
)

// BGPsec_PATH (type 33, RFC 8205 §3), shown and not validated: the
// Secure_Path (a 2-octet length that counts itself, then Secure_Path
// Segments of pCount (1), Flags (1) and AS Number (4)), then one or two
// Signature_Blocks (a 2-octet length that counts itself, the Algorithm
// Suite Identifier (1), then Signature Segments of SKI (20), Signature
// Length (2) and Signature). Whether the signatures are right, and
// whether a block has one signature per segment (RFC 8205 §5.2), is the
// validator's business; the framing is checked here, since without it
// nothing reads.

const (
	bgpsecSegLen = 6  // pCount, Flags, AS Number
	bgpsecSKILen = 20 // Subject Key Identifier, RFC 8205 §3.2
	// BGPsecConfedSegment is the Confed_Segment bit of a Secure_Path
	// Segment's Flags (RFC 8205 §3.1): the AS is a member AS of the
	// confederation the UPDATE is in.
	BGPsecConfedSegment = 0x80
)

// checkBGPsec: the Secure_Path and Signature_Blocks tile the value
// (malformed: RFC 8205 §5.2, treat-as-withdraw, the row's action).
func checkBGPsec(v []byte, _ bool) (uint8, string) {
	if _, why := bgpsecFrame(v); why != "" {
		return SubOptionalAttributeError, why
	}
	return 0, ""
}

// bgpsecFrame checks the framing and returns the number of
// Signature_Blocks, or why the value does not frame.
func bgpsecFrame(v []byte) (int, string) {
	if len(v) < 2 {
		return 0, "BGPsec_PATH shorter than its Secure_Path Length"
	}
	n := int(binary.BigEndian.Uint16(v))
	if n < 2+bgpsecSegLen || (n-2)%bgpsecSegLen != 0 || n > len(v) {
		return 0, "Secure_Path Length " + strconv.Itoa(n) + " is not 2 plus a positive multiple of 6 within the attribute's " + strconv.Itoa(len(v)) + " octets"
	}
	blocks := 0
	for at := n; at < len(v); blocks++ {
		if blocks == 2 {
			return 0, "a third Signature_Block at octet " + strconv.Itoa(at) + " (at most two, RFC 8205 §3)"
		}
		if len(v)-at < 3 {
			return 0, "Signature_Block at octet " + strconv.Itoa(at) + " shorter than its length and Algorithm Suite Identifier"
		}
		l := int(binary.BigEndian.Uint16(v[at:]))
		if l < 3 || l > len(v)-at {
			return 0, "Signature_Block Length " + strconv.Itoa(l) + " at octet " + strconv.Itoa(at) + " is under 3 or overruns the attribute"
		}
		for s := at + 3; s < at+l; {
			if at+l-s < bgpsecSKILen+2 {
				return 0, "Signature Segment at octet " + strconv.Itoa(s) + " shorter than its SKI and Signature Length"
			}
			sl := int(binary.BigEndian.Uint16(v[s+bgpsecSKILen:]))
			s += bgpsecSKILen + 2 + sl
			if s > at+l {
				return 0, "Signature Length " + strconv.Itoa(sl) + " at octet " + strconv.Itoa(s-sl-2) + " overruns its Signature_Block"
			}
		}
		at += l
	}
	if blocks == 0 {
		return 0, "no Signature_Block after the Secure_Path (one or two, RFC 8205 §3)"
	}
	return blocks, ""
}

// BGPsecPathView is a BGPsec_PATH attribute in place; it aliases the
// input.
type BGPsecPathView struct {
	b   []byte
	off int // of the value in the message
}

// SecurePathSegment is one Secure_Path Segment (RFC 8205 §3.1).
type SecurePathSegment struct {
	PCount uint8 // how many times AS appears in the path it stands for
	Flags  uint8 // BGPsecConfedSegment; the other bits are reserved
	AS     uint32
}

// SignatureSegment is one Signature Segment (RFC 8205 §3.2): the Subject
// Key Identifier of the router's key and its signature. In a view the
// Signature aliases the input.
type SignatureSegment struct {
	SKI       [bgpsecSKILen]byte
	Signature []byte
}

// SignatureBlockView is one Signature_Block in place.
type SignatureBlockView struct {
	AlgorithmSuite uint8 // IANA "BGPsec Algorithm Suite Registry"; 1: ECDSA P-256 with SHA-256 (RFC 8208)
	b              []byte
	off            int // of the block in the message
}

// BGPsecPath reads a BGPsec_PATH attribute.
func (a AttrView) BGPsecPath() (BGPsecPathView, error) {
	return readView[BGPsecPathView](a, AttrBGPsecPath)
}

// securePathLen is the Secure_Path Length (it counts its own 2 octets).
func (v BGPsecPathView) securePathLen() int { return int(binary.BigEndian.Uint16(v.b)) }

// Len returns the number of Secure_Path Segments.
func (v BGPsecPathView) Len() int { return (v.securePathLen() - 2) / bgpsecSegLen }

// Segments iterates over the Secure_Path Segments, the most recent AS
// first (RFC 8205 §3.1).
func (v BGPsecPathView) Segments() iter.Seq[SecurePathSegment] {
	return func(yield func(SecurePathSegment) bool) {
		for at := 2; at < v.securePathLen(); at += bgpsecSegLen {
			if !yield(SecurePathSegment{v.b[at], v.b[at+1], binary.BigEndian.Uint32(v.b[at+2:])}) {
				return
			}
		}
	}
}

// Blocks iterates over the Signature_Blocks (one, or two during an
// algorithm transition).
func (v BGPsecPathView) Blocks() iter.Seq[SignatureBlockView] {
	return func(yield func(SignatureBlockView) bool) {
		for at := v.securePathLen(); at < len(v.b); {
			l := int(binary.BigEndian.Uint16(v.b[at:]))
			if !yield(SignatureBlockView{v.b[at+2], v.b[at : at+l], v.off + at}) {
				return
			}
			at += l
		}
	}
}

// Signatures iterates over the block's Signature Segments, the most
// recent AS's first.
func (s SignatureBlockView) Signatures() iter.Seq[SignatureSegment] {
	return func(yield func(SignatureSegment) bool) {
		for at := 3; at < len(s.b); {
			var g SignatureSegment
			copy(g.SKI[:], s.b[at:])
			l := int(binary.BigEndian.Uint16(s.b[at+bgpsecSKILen:]))
			at += bgpsecSKILen + 2
			g.Signature = s.b[at : at+l : at+l]
			if !yield(g) {
				return
			}
			at += l
		}
	}
}

// appendSegmentText appends "65001", "65001x2" for a pCount other than 1,
// and "(confed)" for a confederation segment.
func appendSegmentText(dst []byte, s SecurePathSegment) []byte {
	dst = strconv.AppendUint(dst, uint64(s.AS), 10)
	if s.PCount != 1 {
		dst = strconv.AppendUint(append(dst, 'x'), uint64(s.PCount), 10)
	}
	if s.Flags&BGPsecConfedSegment != 0 {
		dst = append(dst, "(confed)"...)
	}
	return dst
}

// AppendText appends "secure-path 3 2 block suite 1 ski 0ca06bdf...
// 0a15fa1c..." (each block's SKIs in order; signatures are left to the
// JSON and the explainer).
func (v BGPsecPathView) AppendText(dst []byte) []byte {
	dst = append(dst, "secure-path"...)
	for s := range v.Segments() {
		dst = appendSegmentText(append(dst, ' '), s)
	}
	for b := range v.Blocks() {
		dst = strconv.AppendUint(append(dst, " block suite "...), uint64(b.AlgorithmSuite), 10)
		dst = append(dst, " ski"...)
		for g := range b.Signatures() {
			dst = hex.AppendEncode(append(dst, ' '), g.SKI[:])
		}
	}
	return dst
}

// jsonBGPsec writes "bgpsec_path": {"secure_path": [{"pcount", "flags",
// "as"}], "signature_blocks": [{"algorithm_suite", "signatures": [{"ski",
// "signature"}]}]}, the octets in hex.
func jsonBGPsec(dst []byte, _ Path, a AttrView) []byte {
	v, err := a.BGPsecPath()
	if err != nil {
		return dst
	}
	dst = append(appendAttrKey(dst, a.Type), `{"secure_path":[`...)
	sep := ""
	for s := range v.Segments() {
		dst = strconv.AppendUint(append(dst, sep+`{"pcount":`...), uint64(s.PCount), 10)
		dst = strconv.AppendUint(append(dst, `,"flags":`...), uint64(s.Flags), 10)
		dst = append(strconv.AppendUint(append(dst, `,"as":`...), uint64(s.AS), 10), '}')
		sep = ","
	}
	dst = append(dst, `],"signature_blocks":[`...)
	sep = ""
	for b := range v.Blocks() {
		dst = strconv.AppendUint(append(dst, sep+`{"algorithm_suite":`...), uint64(b.AlgorithmSuite), 10)
		dst = append(dst, `,"signatures":[`...)
		gs := ""
		for g := range b.Signatures() {
			dst = hex.AppendEncode(append(dst, gs+`{"ski":"`...), g.SKI[:])
			dst = append(hex.AppendEncode(append(dst, `","signature":"`...), g.Signature), `"}`...)
			gs = ","
		}
		dst = append(dst, "]}"...)
		sep = ","
	}
	return append(dst, "]}"...)
}

// Fields lists the attribute's fields for the explainer: the Secure_Path
// with its length and segments beneath, then each Signature_Block with
// its length, suite and each signature's SKI, length and octets.
func (v BGPsecPathView) Fields(dst []EntryField) []EntryField {
	const sp, sb = "RFC 8205 §3.1", "RFC 8205 §3.2"
	n := v.securePathLen()
	text := append([]byte{}, "secure-path"...)
	for s := range v.Segments() {
		text = appendSegmentText(append(text, ' '), s)
	}
	dst = append(dst, EntryField{Name: "Secure_Path", Off: v.off, Len: n, Value: string(text), Ref: sp},
		EntryField{Name: "Secure_Path Length", Off: v.off, Len: 2, Value: strconv.Itoa(n), Ref: sp, Depth: 1})
	at := v.off + 2
	for s := range v.Segments() {
		val := "pCount " + strconv.Itoa(int(s.PCount)) + " flags 0x" + hex.EncodeToString([]byte{s.Flags}) + " AS " + strconv.FormatUint(uint64(s.AS), 10)
		if s.Flags&BGPsecConfedSegment != 0 {
			val += " confed-segment"
		}
		dst = append(dst, EntryField{Name: "Secure_Path Segment", Off: at, Len: bgpsecSegLen, Value: val, Ref: sp, Depth: 1})
		at += bgpsecSegLen
	}
	for b := range v.Blocks() {
		dst = append(dst, EntryField{Name: "Signature_Block", Off: b.off, Len: len(b.b), Value: "suite " + strconv.Itoa(int(b.AlgorithmSuite)) + " (" + BGPsecSuiteName(b.AlgorithmSuite) + ")", Ref: sb},
			EntryField{Name: "Signature_Block Length", Off: b.off, Len: 2, Value: strconv.Itoa(len(b.b)), Ref: sb, Depth: 1},
			EntryField{Name: "Algorithm Suite Identifier", Off: b.off + 2, Len: 1, Value: strconv.Itoa(int(b.AlgorithmSuite)) + " (" + BGPsecSuiteName(b.AlgorithmSuite) + ")", Ref: "RFC 8208 §2", Depth: 1})
		at = b.off + 3
		for g := range b.Signatures() {
			dst = append(dst, EntryField{Name: "SKI", Off: at, Len: bgpsecSKILen, Value: hex.EncodeToString(g.SKI[:]), Ref: sb, Depth: 1},
				EntryField{Name: "Signature Length", Off: at + bgpsecSKILen, Len: 2, Value: strconv.Itoa(len(g.Signature)), Ref: sb, Depth: 1})
			at += bgpsecSKILen + 2
			if len(g.Signature) > 0 {
				dst = append(dst, EntryField{Name: "Signature", Off: at, Len: len(g.Signature), Value: hex.EncodeToString(g.Signature) + " (not validated)", Ref: sb, Depth: 1})
			}
			at += len(g.Signature)
		}
	}
	return dst
}

// BGPsecSuiteName names an Algorithm Suite Identifier (IANA "BGPsec
// Algorithm Suite Registry").
func BGPsecSuiteName(id uint8) string {
	if id == 1 {
		return "ECDSA P-256 with SHA-256"
	}
	return "unassigned"
}

// BGPsecPath is the owned value of BGPsec_PATH: the Secure_Path Segments
// and the Signature_Blocks. Lengths are computed when it is written.
type BGPsecPath struct {
	SecurePath []SecurePathSegment
	Blocks     []SignatureBlock
}

// SignatureBlock is one owned Signature_Block.
type SignatureBlock struct {
	AlgorithmSuite uint8
	Signatures     []SignatureSegment
}

var errBGPsec = errors.New("bgp: BGPsec_PATH needs 1 to 10922 segments, one or two Signature_Blocks, and lengths that fit 2 octets")

// Owned returns an owned copy of the attribute; one copy of the value
// backs every signature.
func (v BGPsecPathView) Owned() BGPsecPath {
	buf := ownedBytes(v.b)
	c := BGPsecPathView{buf, v.off}
	o := BGPsecPath{SecurePath: make([]SecurePathSegment, 0, v.Len())}
	for s := range c.Segments() {
		o.SecurePath = append(o.SecurePath, s)
	}
	for b := range c.Blocks() {
		sb := SignatureBlock{AlgorithmSuite: b.AlgorithmSuite}
		for g := range b.Signatures() {
			sb.Signatures = append(sb.Signatures, g)
		}
		o.Blocks = append(o.Blocks, sb)
	}
	return o
}

func (p BGPsecPath) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	n := 2 + bgpsecSegLen*len(p.SecurePath)
	if len(p.SecurePath) == 0 || n > 0xffff || len(p.Blocks) == 0 || len(p.Blocks) > 2 {
		return dst, errBGPsec
	}
	dst = binary.BigEndian.AppendUint16(dst, uint16(n))
	for _, s := range p.SecurePath {
		dst = binary.BigEndian.AppendUint32(append(dst, s.PCount, s.Flags), s.AS)
	}
	for _, b := range p.Blocks {
		start := len(dst)
		dst = append(dst, 0, 0, b.AlgorithmSuite)
		for _, g := range b.Signatures {
			if len(g.Signature) > 0xffff {
				return dst, errBGPsec
			}
			dst = binary.BigEndian.AppendUint16(append(dst, g.SKI[:]...), uint16(len(g.Signature)))
			dst = append(dst, g.Signature...)
		}
		if len(dst)-start > 0xffff {
			return dst, errBGPsec
		}
		binary.BigEndian.PutUint16(dst[start:], uint16(len(dst)-start))
	}
	return dst, nil
}
