package bgp

import (
	"encoding/binary"
	"iter"
	"strconv"
)

// familyRow is one row of the family registry: what bgplens knows of an
// AFI/SAFI pair. Everything that depends on the family reads its row: how
// its NLRI are laid out (IP families, decoded into Routes) or framed (the
// others, kept as NLRI entries), and its names. A new family is one row
// here and, for its decoder, one file.
type familyRow struct {
	f     Family
	name  string       // the JSON and API name, e.g. "ipv4-unicast", "l2vpn-evpn"
	alias []string     // other spellings ParseFamily accepts
	ref   string       // the defining document
	kind  nlriKind     // the IP layouts; nlriOpaque for the others
	frame frameFunc    // the length of the NLRI entry at the start of b (after any Path Identifier)
	codec *familyCodec // how an entry is written as JSON and text (family_entry.go); nil: kept as octets
	key   keyFunc      // which octets of an entry identify its route (family_key.go); nil: all of them
}

// frameFunc returns the length of the NLRI entry at the start of b, or ok
// false when b does not hold a whole one.
type frameFunc func(b []byte) (n int, ok bool)

var familyRows = [...]familyRow{
	{IPv4Unicast, "ipv4-unicast", []string{"ipv4"}, "RFC 4271 §4.3", nlriPrefix, framePrefix, ipCodec, ipKey},
	{IPv4Multicast, "ipv4-multicast", nil, "RFC 4760", nlriPrefix, framePrefix, ipCodec, ipKey},
	{IPv4Labeled, "ipv4-labeled", []string{"ipv4-labeled-unicast", "ipv4-lu"}, "RFC 8277", nlriLabeled, framePrefix, ipCodec, ipKey},
	{IPv4VPN, "ipv4-vpn", []string{"vpnv4"}, "RFC 4364 §4.3.4", nlriVPN, framePrefix, ipCodec, ipKey},
	{Family{AFIIPv4, SAFIMCASTMPLSVPN}, "ipv4-multicast-vpn", nil, "RFC 6514 §4", nlriVPN, framePrefix, ipCodec, ipKey},
	{IPv6Unicast, "ipv6-unicast", []string{"ipv6"}, "RFC 4760, RFC 2545", nlriPrefix, framePrefix, ipCodec, ipKey},
	{IPv6Multicast, "ipv6-multicast", nil, "RFC 4760", nlriPrefix, framePrefix, ipCodec, ipKey},
	{IPv6Labeled, "ipv6-labeled", []string{"ipv6-labeled-unicast", "ipv6-lu"}, "RFC 8277", nlriLabeled, framePrefix, ipCodec, ipKey},
	{IPv6VPN, "ipv6-vpn", []string{"vpnv6"}, "RFC 4659 §3.2", nlriVPN, framePrefix, ipCodec, ipKey},
	{Family{AFIIPv6, SAFIMCASTMPLSVPN}, "ipv6-multicast-vpn", nil, "RFC 6514 §4", nlriVPN, framePrefix, ipCodec, ipKey},
	{Family{AFIIPv4, SAFIRouteTarget}, "rtc", []string{"ipv4-rtc"}, "RFC 4684 §4", nlriOpaque, framePrefix, rtcCodec, rtcKey},
	{Family{AFIIPv4, SAFIFlowSpec}, "ipv4-flowspec", nil, "RFC 8955 §4", nlriOpaque, frameFlowSpec, flowSpecCodec, flowSpecKey},
	{Family{AFIIPv6, SAFIFlowSpec}, "ipv6-flowspec", nil, "RFC 8956 §3", nlriOpaque, frameFlowSpec, flowSpecCodec, flowSpecKey},
	{Family{AFIIPv4, SAFIFlowSpecVPN}, "ipv4-flowspec-vpn", nil, "RFC 8955 §8", nlriOpaque, frameFlowSpec, flowSpecCodec, flowSpecKey},
	{Family{AFIIPv6, SAFIFlowSpecVPN}, "ipv6-flowspec-vpn", nil, "RFC 8956 §3", nlriOpaque, frameFlowSpec, flowSpecCodec, flowSpecKey},
	{Family{AFIIPv4, SAFIMCASTVPN}, "ipv4-mvpn", nil, "RFC 6514 §4", nlriOpaque, frameTypeLen1, mvpnCodec, nil},
	{Family{AFIIPv6, SAFIMCASTVPN}, "ipv6-mvpn", nil, "RFC 6515", nlriOpaque, frameTypeLen1, mvpnCodec, nil},
	{Family{AFIIPv4, SAFISRTE}, "ipv4-sr-policy", nil, "RFC 9830 §2.1", nlriOpaque, framePrefix, srPolicyCodec, nil},
	{Family{AFIIPv6, SAFISRTE}, "ipv6-sr-policy", nil, "RFC 9830 §2.1", nlriOpaque, framePrefix, srPolicyCodec, nil},
	{Family{AFIIPv4, SAFIMUP}, "ipv4-mup", nil, "draft-mpmz-bess-mup-safi §3", nlriOpaque, frameMUP, mupCodec, mupKey},
	{Family{AFIIPv6, SAFIMUP}, "ipv6-mup", nil, "draft-mpmz-bess-mup-safi §3", nlriOpaque, frameMUP, mupCodec, mupKey},
	{Family{AFIL2VPN, SAFIEVPN}, "l2vpn-evpn", []string{"evpn"}, "RFC 7432 §7", nlriOpaque, frameTypeLen1, evpnCodec, evpnKey},
	{Family{AFIL2VPN, SAFIVPLS}, "l2vpn-vpls", []string{"vpls"}, "RFC 4761 §3.2.2", nlriOpaque, frameLen2, vplsCodec, vplsKey},
	{Family{AFIBGPLS, SAFIBGPLS}, "bgp-ls", nil, "RFC 9552 §5.2", nlriOpaque, frameTypeLen2, bgplsCodec, nil},
	{Family{AFIBGPLS, SAFIBGPLSVPN}, "bgp-ls-vpn", nil, "RFC 9552 §5.2", nlriOpaque, frameTypeLen2, bgplsCodec, nil},
}

var (
	familyIndex = func() map[Family]*familyRow {
		m := make(map[Family]*familyRow, len(familyRows))
		for i := range familyRows {
			m[familyRows[i].f] = &familyRows[i]
		}
		return m
	}()
	familyByName = func() map[string]Family {
		m := map[string]Family{}
		for _, r := range familyRows {
			m[r.name] = r.f
			for _, a := range r.alias {
				m[a] = r.f
			}
		}
		return m
	}()
	// ipKinds is the kind column for AFI 1 and 2, read by Family.kind.
	ipKinds = func() (t [2][256]nlriKind) {
		for _, r := range familyRows {
			if r.f.AFI == AFIIPv4 || r.f.AFI == AFIIPv6 {
				t[r.f.AFI-1][r.f.SAFI] = r.kind
			}
		}
		return t
	}()
)

// Known reports whether the family is in bgplens' registry: its NLRI are
// decoded into Routes (Prefixes) or framed into entries (Entries).
func (f Family) Known() bool { return familyIndex[f] != nil }

// Ref returns the document that defines the family's NLRI, or "".
func (f Family) Ref() string {
	if r := familyIndex[f]; r != nil {
		return r.ref
	}
	return ""
}

// JSONName returns the name every JSON output and the station's API use for
// the family, e.g. "ipv4-unicast", "l2vpn-evpn"; "AFI-SAFI" in numbers for
// a family not in the registry.
func (f Family) JSONName() string {
	if r := familyIndex[f]; r != nil {
		return r.name
	}
	return strconv.Itoa(int(f.AFI)) + "-" + strconv.Itoa(int(f.SAFI))
}

// ParseFamily reads what JSONName writes, and the registry's other
// spellings ("ipv4", "vpnv4", "evpn", ...).
func ParseFamily(s string) (Family, bool) {
	if f, ok := familyByName[s]; ok {
		return f, true
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '-' {
			afi, err1 := strconv.ParseUint(s[:i], 10, 16)
			safi, err2 := strconv.ParseUint(s[i+1:], 10, 8)
			if err1 != nil || err2 != nil {
				return Family{}, false
			}
			return Family{AFI: AFI(afi), SAFI: SAFI(safi)}, true
		}
	}
	return Family{}, false
}

// NLRI is one entry of an NLRI field of any family, as sent: framed by the
// family's registry row, not decoded (IP families decode into Routes).
type NLRI struct {
	PathID   uint32 // the Path Identifier, when the session carries them for the family (RFC 7911)
	Value    []byte // the entry after its Path Identifier; aliases the message
	Off      int    // offset of the entry (its Path Identifier, if any)
	ValueOff int    // offset of Value
}

// Entries iterates over the entries of an NLRI field b of family f whose
// offset is off, with Path Identifiers when addPath. A family not in the
// registry yields the whole field as one entry. An entry that does not
// frame ends the walk with an error at its offset (Invalid Network Field,
// RFC 4760 §7: a session reset, or AFI/SAFI disable).
func (f Family) Entries(b []byte, off int, addPath bool) iter.Seq2[NLRI, error] {
	frame := frameWhole
	if r := familyIndex[f]; r != nil {
		frame = r.frame
	}
	return func(yield func(NLRI, error) bool) {
		for len(b) > 0 {
			e := NLRI{Off: off}
			i := 0
			if addPath {
				if len(b) < 4 {
					yield(e, nlriErr(off, "path identifier truncated"))
					return
				}
				e.PathID, i = binary.BigEndian.Uint32(b), 4
			}
			n, ok := frame(b[i:])
			if !ok || n == 0 {
				yield(e, nlriErr(off+i, f.String()+" NLRI entry overruns the NLRI field"))
				return
			}
			e.Value, e.ValueOff = b[i:i+n:i+n], off+i
			if !yield(e, nil) {
				return
			}
			b, off = b[i+n:], off+i+n
		}
	}
}

// frameWhole takes the rest of the field as one entry.
func frameWhole(b []byte) (int, bool) { return len(b), true }

// framePrefix: a length in bits, then as many octets as it needs (RFC 4271
// §4.3 and the families built on it: labels and RDs are counted in the
// bits, as are RFC 4684's origin AS and route target and RFC 9830's
// distinguisher, color and endpoint).
func framePrefix(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	n := 1 + (int(b[0])+7)/8
	return n, n <= len(b)
}

// frameTypeLen1: a type octet and a length octet, then the value (EVPN,
// RFC 7432 §7; MCAST-VPN, RFC 6514 §4).
func frameTypeLen1(b []byte) (int, bool) { return frameHead(b, 2, 1) }

// frameHead frames an entry whose head of h octets ends in the value's
// length, of width octets (1 or 2): the layouts below.
func frameHead(b []byte, h, width int) (int, bool) {
	if len(b) < h {
		return 0, false
	}
	n := int(b[h-1])
	if width == 2 {
		n = int(binary.BigEndian.Uint16(b[h-2:]))
	}
	n += h
	return n, n <= len(b)
}

// frameTypeLen2: a 2-octet type and a 2-octet length, then the value
// (BGP-LS, RFC 9552 §5.2).
func frameTypeLen2(b []byte) (int, bool) { return frameHead(b, 4, 2) }

// frameLen2: a 2-octet length, then the value (VPLS, RFC 4761 §3.2.2).
func frameLen2(b []byte) (int, bool) { return frameHead(b, 2, 2) }

// frameFlowSpec: a length of one octet below 240, else of 12 bits in two
// octets whose first nibble is 0xf (RFC 8955 §4.1).
func frameFlowSpec(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	n := 1 + int(b[0])
	if b[0] >= 0xf0 {
		if len(b) < 2 {
			return 0, false
		}
		n = 2 + (int(b[0]&0x0f)<<8 | int(b[1]))
	}
	return n, n <= len(b)
}

// frameMUP: an architecture type octet, a 2-octet route type and a length
// octet, then the value (draft-mpmz-bess-mup-safi §3.1).
func frameMUP(b []byte) (int, bool) { return frameHead(b, 4, 1) }
