package mrt

import (
	"bytes"
	"net/netip"
)

// BGP4MP is a BGP4MP or BGP4MP_ET record, a message or a state change
// (RFC 6396 §4.4, RFC 8050 §3), or a record of the deprecated BGP type
// (RFC 6396 Appendix B.2.1), which carries the same facts in another
// layout. Read from a record by RecordView.BGP4MP it is a view: Message
// aliases the record. DecodeRecord gives it as an owned value (Message
// copied), and Append writes the body back.
type BGP4MP struct {
	PeerAS, LocalAS uint32
	IfIndex         uint16     // BGP4MP only
	AFI             uint16     // BGP4MP only: 1 (IPv4) or 2 (IPv6), the width of the addresses
	PeerIP          netip.Addr // unset in a Shortened record
	LocalIP         netip.Addr // unset in a Shortened record and in a deprecated STATE_CHANGE

	// OldState and NewState are the BGP FSM states of a state change
	// (1 Idle ... 6 Established, RFC 6396 §4.4.1).
	OldState, NewState uint16

	// Message is the BGP message of a message record. For BGP4MP it is
	// the whole message, header included. Records of the deprecated BGP
	// type hold it without the 19-octet header: Headerless is set and
	// MsgType (from the subtype) says what it is.
	Message    []byte
	MessageOff int // offset of Message in the record
	Headerless bool
	MsgType    uint8

	// SyncView and SyncFile are the View Number and the NUL-terminated
	// file name of a deprecated BGP_SYNC record.
	SyncView uint16
	SyncFile []byte

	// Shortened marks a damaged record of historical Zebra writers whose
	// peer header stops after the two AS numbers, found in RIPE RIS
	// archives of 2000-2001: the BGP marker (or the two states) follows at
	// once. It is read as such only when the octets show it.
	Shortened bool

	AS4, AddPath, Local bool // from the subtype
}

// BGP4MP reads the record's body as a BGP4MP message or state change, or
// a deprecated BGP-type record (Kind KindBGP4MPState, KindBGP4MPMessage,
// KindLegacyMessage, KindLegacyState, KindLegacySync).
func (r RecordView) BGP4MP() (BGP4MP, error) {
	row := subRowOf(r.Type, r.Subtype)
	v := BGP4MP{AS4: row.as4, AddPath: row.addPath, Local: row.local, MsgType: row.msgType}
	c := cursor{b: r.Body, base: r.bodyOff()}
	switch r.Kind() {
	case KindBGP4MPState, KindBGP4MPMessage:
		readBGP4MP(&c, &v, r.Kind() == KindBGP4MPState)
	case KindLegacyMessage, KindLegacyState, KindLegacySync:
		readLegacy(&c, &v, r.Kind(), typeRowOf(r.Type).ip)
	default:
		return v, errAt(OffType, "not a BGP4MP or BGP record")
	}
	if c.err != nil {
		return v, c.err
	}
	return v, nil
}

// readBGP4MPPeer reads the peer header of RFC 6396 §4.4.1 (never
// shortened: the ENTRY records that use it alone have none so).
func readBGP4MPPeer(c *cursor, v *BGP4MP) {
	v.PeerAS = c.as(v.AS4, "BGP4MP peer header cut short in the Peer AS")
	v.LocalAS = c.as(v.AS4, "BGP4MP peer header cut short in the Local AS")
	readBGP4MPAddrs(c, v)
}

// readBGP4MPAddrs reads the peer header from the Interface Index on.
func readBGP4MPAddrs(c *cursor, v *BGP4MP) {
	v.IfIndex = c.u16("BGP4MP peer header cut short in the Interface Index")
	v.AFI = c.u16("BGP4MP peer header cut short in the Address Family")
	n := afiAddrLen(v.AFI)
	if c.err == nil && n == 0 {
		c.err = errAt(c.off()-2, "BGP4MP Address Family is neither IPv4 (1) nor IPv6 (2)")
		return
	}
	v.PeerIP = c.addr(n, "BGP4MP peer header cut short in the Peer IP Address")
	v.LocalIP = c.addr(n, "BGP4MP peer header cut short in the Local IP Address")
}

// appendPeerHeader appends the peer header of a record that has a whole
// one.
func (v *BGP4MP) appendPeerHeader(dst []byte) ([]byte, error) {
	n := afiAddrLen(v.AFI)
	if n == 0 || v.PeerIP.BitLen()/8 != n || v.LocalIP.BitLen()/8 != n {
		return dst, errAddrFamily
	}
	dst = appendAS(dst, v.PeerAS, v.AS4)
	dst = appendAS(dst, v.LocalAS, v.AS4)
	dst = append(dst, byte(v.IfIndex>>8), byte(v.IfIndex), byte(v.AFI>>8), byte(v.AFI))
	dst = appendAddr(dst, v.PeerIP)
	return appendAddr(dst, v.LocalIP), nil
}

// readBGP4MP reads the peer header of RFC 6396 §4.4.1 and what follows.
func readBGP4MP(c *cursor, v *BGP4MP, state bool) {
	v.PeerAS = c.as(v.AS4, "BGP4MP peer header cut short in the Peer AS")
	v.LocalAS = c.as(v.AS4, "BGP4MP peer header cut short in the Local AS")
	if c.err != nil {
		return
	}
	if shortened(c.rest(), state) {
		v.Shortened = true
	} else {
		readBGP4MPAddrs(c, v)
		if c.err != nil {
			return
		}
	}
	if state {
		v.OldState = c.u16("BGP4MP state change cut short in the Old State")
		v.NewState = c.u16("BGP4MP state change cut short in the New State")
		if c.err == nil && c.i != len(c.b) {
			c.err = errAt(c.off(), "octets after the BGP4MP state change")
		}
		return
	}
	v.MessageOff = c.off()
	v.Message = c.rest()
}

// shortened recognises Zebra's cut peer header by what follows the AS
// numbers: a BGP marker for a message (where the Address Family would be
// 0xffff, which is none), or exactly the two states (a whole peer header
// is at least 12 octets more).
func shortened(rest []byte, state bool) bool {
	if state {
		return len(rest) == 4
	}
	return len(rest) >= 16 && bytes.Equal(rest[:16], marker[:])
}

var marker = [16]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// readLegacy reads a deprecated BGP-type record (RFC 6396 Appendix
// B.2.1): Peer AS (2), Peer IP, then for messages Local AS (2), Local IP
// and the message without its header; for state changes the two states;
// SYNC has a View Number and a file name.
func readLegacy(c *cursor, v *BGP4MP, k Kind, ip int) {
	if k == KindLegacySync {
		v.SyncView = c.u16("BGP_SYNC cut short in the View Number")
		v.SyncFile = c.rest()
		return
	}
	v.PeerAS = c.as(false, "BGP record cut short in the Peer AS")
	v.PeerIP = c.addr(ip, "BGP record cut short in the Peer IP Address")
	if k == KindLegacyState {
		v.OldState = c.u16("BGP_STATE_CHANGE cut short in the Old State")
		v.NewState = c.u16("BGP_STATE_CHANGE cut short in the New State")
		if c.err == nil && c.i != len(c.b) {
			c.err = errAt(c.off(), "octets after the BGP_STATE_CHANGE")
		}
		return
	}
	v.LocalAS = c.as(false, "BGP record cut short in the Local AS")
	v.LocalIP = c.addr(ip, "BGP record cut short in the Local IP Address")
	v.Headerless = true
	v.MessageOff = c.off()
	v.Message = c.rest()
}

// appendBody appends the body of a record of kind k; ip is the address
// width of the deprecated BGP types.
func (v *BGP4MP) appendBody(dst []byte, k Kind, ip int) ([]byte, error) {
	switch k {
	case KindLegacySync:
		dst = append(dst, byte(v.SyncView>>8), byte(v.SyncView))
		return append(dst, v.SyncFile...), nil
	case KindLegacyState, KindLegacyMessage:
		if v.PeerIP.BitLen()/8 != ip || k == KindLegacyMessage && v.LocalIP.BitLen()/8 != ip {
			return dst, errAddrFamily
		}
		dst = appendAS(dst, v.PeerAS, false)
		dst = appendAddr(dst, v.PeerIP)
		if k == KindLegacyState {
			return append(dst, byte(v.OldState>>8), byte(v.OldState), byte(v.NewState>>8), byte(v.NewState)), nil
		}
		dst = appendAS(dst, v.LocalAS, false)
		dst = appendAddr(dst, v.LocalIP)
		return append(dst, v.Message...), nil
	}
	if v.Shortened {
		dst = appendAS(dst, v.PeerAS, v.AS4)
		dst = appendAS(dst, v.LocalAS, v.AS4)
	} else {
		var err error
		if dst, err = v.appendPeerHeader(dst); err != nil {
			return dst, err
		}
	}
	if k == KindBGP4MPState {
		return append(dst, byte(v.OldState>>8), byte(v.OldState), byte(v.NewState>>8), byte(v.NewState)), nil
	}
	return append(dst, v.Message...), nil
}
