package bgp

import (
	"encoding/binary"
	"errors"
)

// Owned values of the TLV attributes: PMSI_TUNNEL (22, attr_pmsi.go),
// TUNNEL_ENCAPSULATION (23), BGP-LS (29), BGP_PREFIX_SID (40,
// attr_prefixsid.go), ATTR_SET (128) and BGPsec_PATH (33,
// attr_bgpsec.go). Each keeps its TLVs in order with their types and
// values; lengths are computed when written, so a decoded value encodes
// back to the octets it was read from.

var errTLVLen = errors.New("bgp: TLV value longer than its length field holds")

// TunnelEncap is the owned value of TUNNEL_ENCAPSULATION (RFC 9012 §2).
type TunnelEncap struct {
	Tunnels []TunnelEncapTLV
}

// TunnelEncapTLV is one Tunnel TLV: its Tunnel Type and sub-TLVs.
type TunnelEncapTLV struct {
	Type    uint16
	SubTLVs []TunnelSubTLV
}

// TunnelSubTLV is one sub-TLV; its length takes one octet for types 0-127
// and two for 128-255 (RFC 9012 §2).
type TunnelSubTLV struct {
	Type  uint8
	Value []byte
}

// Owned returns the view's owned value; one copy of the value backs every
// sub-TLV.
func (v TunnelEncapView) Owned() TunnelEncap {
	c := TunnelEncapView{ownedBytes(v.b), v.off}
	var o TunnelEncap
	for t := range c.Tunnels() {
		tt := TunnelEncapTLV{Type: t.Type}
		for s := range t.SubTLVs() {
			tt.SubTLVs = append(tt.SubTLVs, TunnelSubTLV{uint8(s.Type), s.Value})
		}
		o.Tunnels = append(o.Tunnels, tt)
	}
	return o
}

func (e TunnelEncap) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	for _, t := range e.Tunnels {
		start := len(dst)
		dst = binary.BigEndian.AppendUint16(dst, t.Type)
		dst = append(dst, 0, 0)
		for _, s := range t.SubTLVs {
			switch {
			case s.Type < 128 && len(s.Value) <= 0xff:
				dst = append(dst, s.Type, byte(len(s.Value)))
			case s.Type >= 128 && len(s.Value) <= 0xffff:
				dst = binary.BigEndian.AppendUint16(append(dst, s.Type), uint16(len(s.Value)))
			default:
				return dst, errTLVLen
			}
			dst = append(dst, s.Value...)
		}
		n := len(dst) - start - 4
		if n > 0xffff {
			return dst, errTLVLen
		}
		binary.BigEndian.PutUint16(dst[start+2:], uint16(n))
	}
	return dst, nil
}

// BGPLSAttr is the owned value of the BGP-LS attribute (RFC 9552 §5.3):
// its TLVs in order, each value holding any sub-TLVs as sent.
type BGPLSAttr struct {
	TLVs []BGPLSAttrTLV
}

// BGPLSAttrTLV is one TLV of an owned BGPLSAttr.
type BGPLSAttrTLV struct {
	Type  uint16
	Value []byte
}

// Owned returns the view's owned value; one copy of the value backs every
// TLV.
func (v BGPLSAttrView) Owned() BGPLSAttr {
	var o BGPLSAttr
	for t := range (BGPLSAttrView{ownedBytes(v.b), v.off}).TLVs() {
		o.TLVs = append(o.TLVs, BGPLSAttrTLV{t.Type, t.Value})
	}
	return o
}

func (l BGPLSAttr) appendAttrValue(dst []byte, _ AttrType, _ Session) ([]byte, error) {
	for _, t := range l.TLVs {
		if len(t.Value) > 0xffff {
			return dst, errTLVLen
		}
		dst = binary.BigEndian.AppendUint16(binary.BigEndian.AppendUint16(dst, t.Type), uint16(len(t.Value)))
		dst = append(dst, t.Value...)
	}
	return dst, nil
}

// AttrSetValue is the owned value of ATTR_SET (RFC 6368 §5): the Origin AS
// and the attributes, each decoded as an UPDATE's are.
type AttrSetValue struct {
	OriginAS uint32
	Attrs    []PathAttr
}

// Owned returns the set as an owned value, its attributes decoded in
// session s (the UPDATE's); one that does not decode keeps its octets.
func (v AttrSetView) Owned(s Session) AttrSetValue {
	o := AttrSetValue{OriginAS: v.OriginAS()}
	for a := range v.Attrs() {
		p := PathAttr{Flags: a.Flags, Type: a.Type}
		var ok bool
		if p.Value, ok = decodeAttrValue(a, s); !ok {
			p.Value = RawAttr(ownedBytes(a.Value))
		}
		o.Attrs = append(o.Attrs, p)
	}
	return o
}

func (o AttrSetValue) appendAttrValue(dst []byte, _ AttrType, s Session) ([]byte, error) {
	dst = binary.BigEndian.AppendUint32(dst, o.OriginAS)
	for _, a := range o.Attrs {
		var err error
		if dst, err = a.Append(dst, s); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// decodeTLVAttrValue is decodeAttrValue for the attributes of this file.
func decodeTLVAttrValue(a AttrView, s Session) (AttrValue, bool) {
	switch a.Type {
	case AttrPMSITunnel:
		p, err := a.PMSITunnel()
		p.TunnelID = ownedBytes(p.TunnelID)
		return p, err == nil
	case AttrTunnelEncap:
		v, err := a.TunnelEncap()
		return v.Owned(), err == nil
	case AttrBGPLS:
		v, err := a.BGPLS()
		return v.Owned(), err == nil
	case AttrPrefixSID:
		v, err := a.PrefixSID()
		if err != nil {
			return nil, false
		}
		return v.Owned(), true
	case AttrSet:
		v, err := a.AttrSet()
		if err != nil {
			return nil, false
		}
		return v.Owned(s), true
	case AttrBGPsecPath:
		v, err := a.BGPsecPath()
		if err != nil {
			return nil, false
		}
		return v.Owned(), true
	}
	return nil, false
}
