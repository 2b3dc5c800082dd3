package bgp

import (
	"encoding/binary"
	"net"
	"strconv"
	"strings"
)

// The text forms of the EVPN (RFC 7432 §7.5-7.7, RFC 9135, RFC 8214) and
// flow spec action (RFC 8955 §7) extended communities: a form per layout,
// read by AppendText and ParseExtCommunity through the registry row's
// form column. A value with reserved bits set, or flags bgplens does not
// name, keeps the hex form so that it reads back unchanged.

const (
	extMobility      extForm = iota + 100 // MAC Mobility: "<seq>" or "<seq>:sticky"
	extESILabel                           // ESI Label: "<label>" or "<label>:single-active"
	extMAC                                // a MAC address: "00:00:5e:00:53:01"
	extL2Attr                             // Layer 2 Attributes: "<mtu>" or "<mtu>:<flags>"
	extTrafficAction                      // traffic-action: "terminal", "sample", "sample,terminal", "none"
	extMarking                            // traffic-marking: the DSCP value
)

// l2AttrFlags are the EVPN Layer 2 Attributes control flags bgplens names
// (IANA "EVPN Layer 2 Attributes Control Flags": RFC 8214 §3.1 C control
// word, P primary, B backup; F flow label and CI control word indicator,
// registered since, at the bits tshark decodes them), in wire order.
var l2AttrFlags = [...]struct {
	bit  uint16
	name string
}{{0x0010, "CI"}, {0x0008, "F"}, {0x0004, "C"}, {0x0002, "P"}, {0x0001, "B"}}

// appendExtForm appends the value of c in form f, or reports false when
// the value has bits the form does not show.
func appendExtForm(b []byte, c ExtCommunity, f extForm) ([]byte, bool) {
	switch f {
	case extMobility:
		if c[2]&^1 != 0 || c[3] != 0 {
			return b, false
		}
		b = strconv.AppendUint(b, uint64(binary.BigEndian.Uint32(c[4:])), 10)
		if c[2]&1 != 0 {
			b = append(b, ":sticky"...)
		}
		return b, true
	case extESILabel:
		if c[2]&^1 != 0 || c[3]|c[4] != 0 || c[7]&0x0f != 0 {
			return b, false
		}
		b = strconv.AppendUint(b, uint64(c[5])<<12|uint64(c[6])<<4|uint64(c[7]>>4), 10)
		if c[2]&1 != 0 {
			b = append(b, ":single-active"...)
		}
		return b, true
	case extMAC:
		return MAC(c[2:]).AppendText(b), true
	case extL2Attr:
		flags := binary.BigEndian.Uint16(c[2:])
		if flags&^0x001f != 0 || c[6]|c[7] != 0 {
			return b, false
		}
		b = strconv.AppendUint(b, uint64(binary.BigEndian.Uint16(c[4:])), 10)
		sep := byte(':')
		for _, fl := range l2AttrFlags {
			if flags&fl.bit != 0 {
				b = append(b, sep)
				b = append(b, fl.name...)
				sep = ','
			}
		}
		return b, true
	case extTrafficAction:
		if c[2]|c[3]|c[4]|c[5]|c[6] != 0 || c[7]&^3 != 0 {
			return b, false
		}
		switch c[7] {
		case 0:
			return append(b, "none"...), true
		case 1:
			return append(b, "terminal"...), true
		case 2:
			return append(b, "sample"...), true
		}
		return append(b, "sample,terminal"...), true
	case extMarking:
		if c[2]|c[3]|c[4]|c[5]|c[6] != 0 || c[7]&^0x3f != 0 {
			return b, false
		}
		return strconv.AppendUint(b, uint64(c[7]), 10), true
	}
	return b, false
}

// parseExtForm reads what appendExtForm writes into c's value. The hex
// form (12 digits) is never one of these.
func parseExtForm(c *ExtCommunity, f extForm, s string) bool {
	var hex [6]byte
	if parseHexInto(hex[:], s) {
		return false
	}
	v := c[2:]
	switch f {
	case extMobility, extESILabel:
		num, flag, has := strings.Cut(s, ":")
		want := "sticky"
		if f == extESILabel {
			want = "single-active"
		}
		if has && flag != want {
			return false
		}
		n, err := strconv.ParseUint(num, 10, 32)
		if err != nil || f == extESILabel && n >= 1<<20 {
			return false
		}
		if has {
			v[0] = 1
		}
		if f == extMobility {
			binary.BigEndian.PutUint32(v[2:], uint32(n))
		} else {
			v[3], v[4], v[5] = byte(n>>12), byte(n>>4), byte(n<<4)
		}
		return true
	case extMAC:
		hw, err := net.ParseMAC(s)
		if err != nil || len(hw) != 6 || len(s) != 17 {
			return false
		}
		copy(v, hw)
		return true
	case extL2Attr:
		num, flags, has := strings.Cut(s, ":")
		mtu, err := strconv.ParseUint(num, 10, 16)
		if err != nil {
			return false
		}
		var bits uint16
		if has {
			for name := range strings.SplitSeq(flags, ",") {
				found := false
				for _, fl := range l2AttrFlags {
					if fl.name == name && bits&fl.bit == 0 {
						bits |= fl.bit
						found = true
					}
				}
				if !found {
					return false
				}
			}
		}
		binary.BigEndian.PutUint16(v, bits)
		binary.BigEndian.PutUint16(v[2:], uint16(mtu))
		return true
	case extTrafficAction:
		for i, w := range [...]string{"none", "terminal", "sample", "sample,terminal"} {
			if s == w {
				v[5] = byte(i)
				return true
			}
		}
	case extMarking:
		n, err := strconv.ParseUint(s, 10, 8)
		if err != nil || n > 0x3f {
			return false
		}
		v[5] = byte(n)
		return true
	}
	return false
}
