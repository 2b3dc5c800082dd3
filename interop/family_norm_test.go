package interop

import (
	"encoding/hex"
	"net/netip"
	"strconv"
	"strings"
)

// The normalized forms of the family differential: each side fills these
// from its own decoding, so that a field compares as text only when both
// decoded it to the same value.

func idNorm(id uint32) string {
	if id == 0 {
		return ""
	}
	return "id=" + u32(id) + " "
}

// evpnN is an EVPN route of types 1-5 (RFC 7432 §7, RFC 9136 §3.1).
type evpnN struct {
	typ     uint8
	rd, esi []byte
	etag    uint32
	mac     string
	ip, gw  netip.Addr
	prefix  string
	labels  []uint32 // the 3-octet label fields as sent
}

func (n evpnN) String() string {
	s := "evpn" + strconv.Itoa(int(n.typ)) + " rd=" + hex.EncodeToString(n.rd)
	if n.esi != nil {
		s += " esi=" + hex.EncodeToString(n.esi)
	}
	if n.typ != 4 {
		s += " etag=" + u32(n.etag)
	}
	if n.mac != "" {
		s += " mac=" + n.mac
	}
	if n.ip.IsValid() {
		s += " ip=" + n.ip.String()
	}
	if n.prefix != "" {
		s += " prefix=" + n.prefix + " gw=" + addrString(n.gw)
	}
	if len(n.labels) > 0 {
		var ls []string
		for _, l := range n.labels {
			ls = append(ls, "0x"+strconv.FormatUint(uint64(l), 16))
		}
		s += " labels=" + strings.Join(ls, ",")
	}
	return s
}

// flowPrefixNorm renders a prefix component (RFC 8955 §4.2.2.1-2, RFC
// 8956 §3.1): the prefix with the bits past its length cleared (GoBGP
// clears them, bgplens keeps them for re-encoding) and the IPv6 offset.
func flowPrefixNorm(t uint8, p netip.Prefix, offset int) string {
	s := "t" + strconv.Itoa(int(t)) + "=" + p.Masked().String()
	if p.Addr().Is6() {
		s += "/off" + strconv.Itoa(offset)
	}
	return s
}

// flowOpNorm renders one operator/value pair with the operator octet as
// sent (end, and, length and comparison bits; RFC 8955 §4.2.1).
func flowOpNorm(op uint8, v uint64) string {
	return strconv.FormatUint(uint64(op), 16) + ":" + strconv.FormatUint(v, 10)
}

func flowOpsNorm(t uint8, ops []string) string {
	return "t" + strconv.Itoa(int(t)) + "=" + strings.Join(ops, ",")
}

func flowSpecNorm(rd []byte, components []string) string {
	s := "flow"
	if rd != nil {
		s += " rd=" + hex.EncodeToString(rd)
	}
	return s + " " + strings.Join(components, " ")
}

// flowRateNorm: traffic-rate-bytes (sub-type 06) and traffic-rate-packets
// (0c), RFC 8955 §7.1-7.2.
func flowRateNorm(sub uint8, as uint16, rate float32) string {
	return "rate" + strconv.Itoa(int(sub)) + " " + u32(uint32(as)) + ":" + strconv.FormatFloat(float64(rate), 'g', -1, 32)
}

// flowActionNorm: traffic-action, RFC 8955 §7.3 (S and T bits).
func flowActionNorm(sample, terminal bool) string {
	return "action sample=" + strconv.FormatBool(sample) + " terminal=" + strconv.FormatBool(terminal)
}

func macMobilityNorm(sticky bool, seq uint32) string {
	return "mac-mobility sticky=" + strconv.FormatBool(sticky) + " seq=" + u32(seq)
}

func esiLabelNorm(singleActive bool, label uint32) string {
	return "esi-label single-active=" + strconv.FormatBool(singleActive) + " label=0x" + strconv.FormatUint(uint64(label), 16)
}

// rtcNorm renders an RTC entry (RFC 4684 §4): the length in bits and the
// prefix octets (origin AS, route target) with the bits past the length
// cleared.
func rtcNorm(bits int, prefix []byte) string {
	p := append([]byte(nil), prefix[:(bits+7)/8]...)
	if r := bits % 8; r != 0 {
		p[len(p)-1] &= byte(uint16(0xff00) >> r)
	}
	return "rtc bits=" + strconv.Itoa(bits) + " " + hex.EncodeToString(p)
}

// vplsNorm renders an RFC 4761 §3.2.2 label block; the label base is the
// 20-bit label.
func vplsNorm(rd []byte, ve, off, size uint16, base uint32) string {
	return "vpls rd=" + hex.EncodeToString(rd) + " ve=" + u32(uint32(ve)) + " offset=" + u32(uint32(off)) +
		" size=" + u32(uint32(size)) + " base=" + u32(base)
}

// srPolicyNorm renders an SR Policy NLRI (RFC 9830 §2.1).
func srPolicyNorm(dist, color uint32, endpoint []byte) string {
	ep, _ := netip.AddrFromSlice(endpoint)
	return "srpolicy dist=" + u32(dist) + " color=" + u32(color) + " endpoint=" + addrString(ep)
}

// mupN is a MUP route's fields (draft-mpmz-bess-mup-safi §3.1.1-§3.1.4)
// as both sides decode them.
type mupN struct {
	arch          uint8
	typ           uint16
	rd            []byte
	prefix        string // ISD, T1ST
	addr, ep, src string // DSD; T1ST, T2ST; T1ST
	teid          uint32 // T1ST, T2ST: the 32-bit field, bits not sent as 0
	teidBits, qfi int
	tlvs          []string
}

func (m mupN) String() string {
	return "mup arch=" + strconv.Itoa(int(m.arch)) + " type=" + strconv.Itoa(int(m.typ)) + " rd=" + hex.EncodeToString(m.rd) +
		" prefix=" + m.prefix + " addr=" + m.addr + " ep=" + m.ep + " teid=" + u32(m.teid) + "/" + strconv.Itoa(m.teidBits) +
		" qfi=" + strconv.Itoa(m.qfi) + " src=" + m.src + " tlvs=[" + strings.Join(m.tlvs, " ") + "]"
}

// mupNorm renders a MUP entry of a route type one side does not decode:
// architecture type, route type, value octets (§3.1).
func mupNorm(b []byte) string {
	if len(b) < 4 {
		return "mup " + hex.EncodeToString(b)
	}
	return "mup arch=" + strconv.Itoa(int(b[0])) + " type=" + strconv.Itoa(int(b[1])<<8|int(b[2])) + " " + hex.EncodeToString(b[4:])
}

// tlvNorm renders a TLV as its type and value octets.
func tlvNorm(t int, v []byte) string {
	return strconv.Itoa(t) + ":" + hex.EncodeToString(v)
}

// bgplsNorm renders a BGP-LS NLRI (RFC 9552 §5.2): its type, Protocol-ID,
// Identifier and descriptor TLVs in wire order.
func bgplsNorm(typ uint16, proto uint8, id uint64, tlvs []string) string {
	return "ls" + strconv.Itoa(int(typ)) + " proto=" + strconv.Itoa(int(proto)) + " id=" + strconv.FormatUint(id, 10) +
		" [" + strings.Join(tlvs, " ") + "]"
}

// pmsiNorm renders a PMSI_TUNNEL (RFC 6514 §5): GoBGP keeps only the
// Leaf Information Required flag.
func pmsiNorm(leaf bool, typ uint8, label uint32, id []byte) string {
	return "pmsi leaf=" + strconv.FormatBool(leaf) + " type=" + strconv.Itoa(int(typ)) + " label=0x" +
		strconv.FormatUint(uint64(label), 16) + " id=" + hex.EncodeToString(id)
}

func tunnelNorm(typ uint16, subs []string) string {
	return "tunnel" + strconv.Itoa(int(typ)) + " [" + strings.Join(subs, " ") + "]"
}

// sidInfoNorm renders an SRv6 SID Information Sub-TLV (RFC 9252 §3.1).
func sidInfoNorm(sid []byte, flags uint8, behavior uint16, subs []string) string {
	a, _ := netip.AddrFromSlice(sid)
	return "sid=" + addrString(a) + " flags=" + strconv.Itoa(int(flags)) + " behavior=" + strconv.Itoa(int(behavior)) +
		" [" + strings.Join(subs, " ") + "]"
}

// sidStructureNorm renders an SRv6 SID Structure Sub-Sub-TLV (RFC 9252
// §3.2.1): block, node, function, argument, transposition length and
// offset.
func sidStructureNorm(s [6]uint8) string {
	var xs []string
	for _, v := range s {
		xs = append(xs, strconv.Itoa(int(v)))
	}
	return "structure=" + strings.Join(xs, ",")
}
