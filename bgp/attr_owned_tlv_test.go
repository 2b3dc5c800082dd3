package bgp

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/internal/testcorpus"
)

// ownedTLVWant is the owned type each TLV attribute decodes to.
var ownedTLVWant = map[AttrType]reflect.Type{
	AttrPMSITunnel:  reflect.TypeFor[PMSITunnel](),
	AttrTunnelEncap: reflect.TypeFor[TunnelEncap](),
	AttrBGPLS:       reflect.TypeFor[BGPLSAttr](),
	AttrPrefixSID:   reflect.TypeFor[PrefixSID](),
	AttrSet:         reflect.TypeFor[AttrSetValue](),
	AttrBGPsecPath:  reflect.TypeFor[BGPsecPath](),
}

// TestOwnedTLVAttrsRealData: on every message of the captures (MRT dumps
// aside: they carry none of these) and of ExaBGP's decoding tests, each PMSI_TUNNEL, TUNNEL_ENCAPSULATION,
// BGP-LS, BGP_PREFIX_SID, ATTR_SET and BGPsec_PATH that reads decodes to
// its owned type (not kept as octets), encodes back to the same octets,
// and decoding that again gives the same value: decode(encode(x)) == x.
func TestOwnedTLVAttrsRealData(t *testing.T) {
	seen := map[AttrType]int{}
	for _, rf := range realFiles {
		if !strings.HasSuffix(rf.path, ".pcap") && !strings.HasSuffix(rf.path, ".pcapng") {
			continue
		}
		msgs, err := testcorpus.Load(rf.path)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range msgs {
			if m.Type() != uint8(MsgUpdate) || m.Partial || m.Damaged {
				continue
			}
			s := toSession(m.Session)
			u, err := ParseUpdate(m.Data, s)
			if err != nil {
				continue
			}
			for a := range u.Attrs() {
				want, ok := ownedTLVWant[a.Type]
				if !ok || a.Type.validateErr(a) != nil {
					continue
				}
				seen[a.Type]++
				checkOwnedTLV(t, rf.path, i, a, s, want)
			}
		}
	}
	// ExaBGP's BGP-LS and SR Policy decoding tests: one UPDATE in hex on
	// the second line.
	files, _ := filepath.Glob("../testdata/exabgp/qa/decoding/bgp-[ls][sr]-*")
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(raw), "\n")
		if len(lines) < 2 || strings.HasPrefix(lines[0], "nlri") {
			continue // an NLRI alone
		}
		msg := unhex(t, strings.NewReplacer(" ", "", ":", "").Replace(lines[1]))
		if !bytes.HasPrefix(msg, bytes.Repeat([]byte{0xff}, 16)) { // an UPDATE's body
			msg = append(append(bytes.Repeat([]byte{0xff}, 16), byte((len(msg)+19)>>8), byte(len(msg)+19), 2), msg...)
		}
		s := Session{AS4: true}
		u, err := ParseUpdate(msg, s)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for a := range u.Attrs() {
			if want, ok := ownedTLVWant[a.Type]; ok && a.Type.validateErr(a) == nil {
				seen[a.Type]++
				checkOwnedTLV(t, f, 0, a, s, want)
			}
		}
	}
	// Where they are: tcpdump's crafted PMSI captures, ExaBGP's SR Policy
	// (TUNNEL_ENCAP) and BGP-LS tests, the Cisco SRv6 captures
	// (PREFIX_SID), bgp_vpn_attrset (ATTR_SET), bgp-bgpsec (BGPsec_PATH).
	for typ := range ownedTLVWant {
		if seen[typ] == 0 {
			t.Errorf("no %v in the captures", typ)
		}
	}
	t.Logf("attributes checked: %v", seen)
}

// validateErr is the getter's verdict on a, for the types of
// ownedTLVWant.
func (t AttrType) validateErr(a AttrView) error {
	var err error
	switch t {
	case AttrPMSITunnel:
		_, err = a.PMSITunnel()
	case AttrTunnelEncap:
		_, err = a.TunnelEncap()
	case AttrBGPLS:
		_, err = a.BGPLS()
	case AttrPrefixSID:
		_, err = a.PrefixSID()
	case AttrSet:
		_, err = a.AttrSet()
	case AttrBGPsecPath:
		_, err = a.BGPsecPath()
	}
	return err
}

func checkOwnedTLV(t *testing.T, where string, i int, a AttrView, s Session, want reflect.Type) {
	t.Helper()
	v, ok := decodeAttrValue(a, s)
	if !ok || reflect.TypeOf(v) != want {
		t.Errorf("%s #%d: %v decodes to %T (%v)", where, i, a.Type, v, ok)
		return
	}
	out, err := v.appendAttrValue(nil, a.Type, s)
	if err != nil || !bytes.Equal(out, a.Value) {
		t.Errorf("%s #%d: %v re-encoded %x (%v), want %x", where, i, a.Type, out, err, a.Value)
		return
	}
	again, ok := decodeAttrValue(AttrView{Flags: a.Flags, Type: a.Type, Value: out, Off: a.Off}, s)
	if !ok || !reflect.DeepEqual(again, v) {
		t.Errorf("%s #%d: %v decode(encode(x)) = %+v, want %+v", where, i, a.Type, again, v)
	}
}

// TestOwnedTLVAttrsVectors: the vectors of each attribute's tests (written
// from the RFCs' figures) round trip through the owned values, BGP-LS
// included, which the captures do not carry.
func TestOwnedTLVAttrsVectors(t *testing.T) {
	check := func(typ AttrType, hexes ...string) {
		for _, h := range hexes {
			a := AttrView{Flags: FlagOptional | FlagTransitive, Type: typ, Value: unhex(t, h)}
			if typ.validateErr(a) != nil {
				t.Fatalf("%v %s: %v", typ, h, typ.validateErr(a))
			}
			checkOwnedTLV(t, "vector", 0, a, Session{AS4: true}, ownedTLVWant[typ])
		}
	}
	for _, v := range pmsiVectors {
		check(AttrPMSITunnel, v.hex)
	}
	for _, v := range bgplsAttrVectors {
		check(AttrBGPLS, v.hex)
	}
	for _, v := range bgpsecVectors {
		check(AttrBGPsecPath, v.hex)
	}
	// TUNNEL_ENCAPSULATION (RFC 9012 §2): a VXLAN tunnel with a 1-octet
	// length sub-TLV (Color) and an SR Policy with a 2-octet one (Segment
	// List, type 128). ATTR_SET (RFC 6368 §5): Origin AS, then ORIGIN and
	// LOCAL_PREF.
	check(AttrTunnelEncap, "0008 000a 04 08 030b0000 00000064", "000f 0009 80 0006 00 01 c0000201")
	check(AttrSet, "0000fde9 40010100 4005040000002c")
}

// TestOwnedTLVLimits: the owned values refuse lengths their fields cannot
// hold.
func TestOwnedTLVLimits(t *testing.T) {
	for name, v := range map[string]AttrValue{
		"sub-TLV of 256 octets, 1-octet length": TunnelEncap{[]TunnelEncapTLV{{8, []TunnelSubTLV{{4, make([]byte, 256)}}}}},
		"sub-TLV of 65536 octets":               TunnelEncap{[]TunnelEncapTLV{{8, []TunnelSubTLV{{128, make([]byte, 0x10000)}}}}},
		"tunnel of 65536 octets":                TunnelEncap{[]TunnelEncapTLV{{8, []TunnelSubTLV{{128, make([]byte, 0xffff)}}}}},
		"BGP-LS TLV of 65536 octets":            BGPLSAttr{[]BGPLSAttrTLV{{1026, make([]byte, 0x10000)}}},
	} {
		if _, err := v.appendAttrValue(nil, 0, Session{}); !errors.Is(err, errTLVLen) {
			t.Errorf("%s: %v", name, err)
		}
	}
	set := AttrSetValue{OriginAS: 1, Attrs: []PathAttr{{Type: AttrOrigin}}}
	if _, err := set.appendAttrValue(nil, AttrSet, Session{}); !errors.Is(err, errNoValue) {
		t.Errorf("ATTR_SET with an attribute without value: %v", err)
	}
}
