package bmp

import "strconv"

// codeRow is one row of an IANA registry: the registry's name for the
// code point and the document that defines it. Every registry of this
// package is a table of such rows indexed by the code point, so that
// String, Ref and the explainer's labels read the same data.
type codeRow struct {
	name string
	ref  string
}

// lookupRow returns the row of code v, or an empty row.
func lookupRow(tab []codeRow, v int) codeRow {
	if v >= 0 && v < len(tab) {
		return tab[v]
	}
	return codeRow{}
}

// codeString prints a code point by its registry name, or as
// "Prefix(N)" when the registry has no name for it.
func codeString(tab []codeRow, v int, prefix string, expLo, expHi int) string {
	if r := lookupRow(tab, v); r.name != "" {
		return r.name
	}
	if v >= expLo && v <= expHi {
		return "Experimental"
	}
	return prefix + "(" + strconv.Itoa(v) + ")"
}

// MsgType is the Message Type of the common header (RFC 7854 §4.1; IANA
// "BMP Message Types").
type MsgType uint8

// BMP message types.
const (
	MsgRouteMonitoring  MsgType = 0 // RFC 7854 §4.6
	MsgStatisticsReport MsgType = 1 // RFC 7854 §4.8
	MsgPeerDown         MsgType = 2 // RFC 7854 §4.9
	MsgPeerUp           MsgType = 3 // RFC 7854 §4.10
	MsgInitiation       MsgType = 4 // RFC 7854 §4.3
	MsgTermination      MsgType = 5 // RFC 7854 §4.5
	MsgRouteMirroring   MsgType = 6 // RFC 7854 §4.7
)

var msgTypeTable = []codeRow{
	MsgRouteMonitoring:  {"Route Monitoring", "RFC 7854 §4.6"},
	MsgStatisticsReport: {"Statistics Report", "RFC 7854 §4.8"},
	MsgPeerDown:         {"Peer Down Notification", "RFC 7854 §4.9"},
	MsgPeerUp:           {"Peer Up Notification", "RFC 7854 §4.10"},
	MsgInitiation:       {"Initiation", "RFC 7854 §4.3"},
	MsgTermination:      {"Termination", "RFC 7854 §4.5"},
	MsgRouteMirroring:   {"Route Mirroring", "RFC 7854 §4.7"},
	// Not an IANA code point: Huawei VRP sends its route policy and
	// attribute trace (draft-xu-grow-bmp-route-policy-attr-trace) as type
	// 100, as the shared Huawei captures show. Named, not decoded.
	msgRouteTrace: {"Route Policy and Attribute Trace", "draft-xu-grow-bmp-route-policy-attr-trace (Huawei VRP)"},
}

// msgRouteTrace is the message type Huawei VRP uses for its route policy
// and attribute trace.
const msgRouteTrace MsgType = 100

// String returns the IANA name, e.g. "Peer Up Notification", "Experimental"
// for 251-254, or "MsgType(N)".
func (t MsgType) String() string { return codeString(msgTypeTable, int(t), "MsgType", 251, 254) }

// Ref returns the defining document, or "".
func (t MsgType) Ref() string { return lookupRow(msgTypeTable, int(t)).ref }

// Known reports whether the type is one this package decodes.
func (t MsgType) Known() bool { return t <= MsgRouteMirroring }

// HasPeerHeader reports whether messages of this type start with a
// per-peer header (RFC 7854 §4.2): every type but Initiation and
// Termination. Unknown types are taken to have none.
func (t MsgType) HasPeerHeader() bool {
	return t.Known() && t != MsgInitiation && t != MsgTermination
}

// PeerType is the Peer Type of the per-peer header (RFC 7854 §4.2; IANA
// "BMP Peer Types").
type PeerType uint8

// BMP peer types.
const (
	PeerGlobal PeerType = 0 // Global Instance Peer, RFC 7854 §4.2
	PeerRD     PeerType = 1 // RD Instance Peer, RFC 7854 §4.2
	PeerLocal  PeerType = 2 // Local Instance Peer, RFC 7854 §4.2
	PeerLocRIB PeerType = 3 // Loc-RIB Instance Peer, RFC 9069 §4.1
)

var peerTypeTable = []codeRow{
	PeerGlobal: {"Global Instance Peer", "RFC 7854 §4.2"},
	PeerRD:     {"RD Instance Peer", "RFC 7854 §4.2"},
	PeerLocal:  {"Local Instance Peer", "RFC 7854 §4.2"},
	PeerLocRIB: {"Loc-RIB Instance Peer", "RFC 9069 §4.1"},
}

// String returns the IANA name, e.g. "Loc-RIB Instance Peer", or
// "PeerType(N)".
func (t PeerType) String() string { return codeString(peerTypeTable, int(t), "PeerType", 251, 254) }

// Ref returns the defining document, or "".
func (t PeerType) Ref() string { return lookupRow(peerTypeTable, int(t)).ref }

// PeerFlags is the Peer Flags octet of the per-peer header. Its bits mean
// different things for the Loc-RIB peer type (IANA "BMP Peer Flags for
// Peer Types 0 through 2" and "BMP Peer Flags for Loc-RIB Instance Peer
// Type 3"); read them through PeerHeader, which knows the peer type.
type PeerFlags uint8

// Peer flags for peer types 0 to 2 (RFC 7854 §4.2, RFC 8671 §4). Bit 0 of
// the RFC figures is the most significant bit.
const (
	FlagV PeerFlags = 0x80 // IPv6 peer address, RFC 7854 §4.2
	FlagL PeerFlags = 0x40 // post-policy Adj-RIB, RFC 7854 §4.2
	FlagA PeerFlags = 0x20 // legacy 2-octet AS_PATH format, RFC 7854 §4.2
	FlagO PeerFlags = 0x10 // Adj-RIB-Out, RFC 8671 §4
)

// Peer flags for the Loc-RIB peer type (RFC 9069 §4.2).
const (
	FlagF PeerFlags = 0x80 // the Loc-RIB is filtered, RFC 9069 §4.2
)

// peerFlagTable names the bits for peer types 0 to 2, most significant
// first; locRIBFlagTable for the Loc-RIB peer type.
var peerFlagTable = [8]codeRow{
	{"V", "RFC 7854 §4.2"}, {"L", "RFC 7854 §4.2"}, {"A", "RFC 7854 §4.2"}, {"O", "RFC 8671 §4"},
}

var locRIBFlagTable = [8]codeRow{
	{"F", "RFC 9069 §4.2"},
}

// appendFlagNames appends the letters of the set flags for peer type t,
// e.g. "V,L", or "-" when none is set; unnamed bits print as "bit4".
func appendFlagNames(b []byte, t PeerType, f PeerFlags) []byte {
	tab := &peerFlagTable
	if t == PeerLocRIB {
		tab = &locRIBFlagTable
	}
	n := 0
	for i := 0; i < 8; i++ {
		if f&(0x80>>i) == 0 {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		if tab[i].name != "" {
			b = append(b, tab[i].name...)
		} else {
			b = append(b, "bit"...)
			b = strconv.AppendInt(b, int64(i), 10)
		}
	}
	if n == 0 {
		b = append(b, '-')
	}
	return b
}

// PeerDownReason is the Reason octet of a Peer Down Notification (RFC 7854
// §4.9; IANA "BMP Peer Down Reason Codes").
type PeerDownReason uint8

// Peer Down reasons.
const (
	DownLocalNotification  PeerDownReason = 1 // local system closed, NOTIFICATION PDU follows
	DownLocalFSMEvent      PeerDownReason = 2 // local system closed, FSM Event follows
	DownRemoteNotification PeerDownReason = 3 // remote system closed, NOTIFICATION PDU follows
	DownRemoteNoData       PeerDownReason = 4 // remote system closed, no data
	DownDeconfigured       PeerDownReason = 5 // peer de-configured
	DownLocalTLV           PeerDownReason = 6 // local system closed, TLV data follows (RFC 9069 §5.3)
)

// PeerDownData is the layout of the data that follows a Peer Down reason
// (RFC 7854 §4.9, RFC 9069 §5.3): what each registry row calls for.
type PeerDownData uint8

// Peer Down data layouts.
const (
	PeerDownDataUnknown      PeerDownData = iota // a reason the registry does not define: the data is opaque
	PeerDownDataNone                             // nothing follows (reasons 4 and 5)
	PeerDownDataNotification                     // a BGP NOTIFICATION message, header included (reasons 1 and 3)
	PeerDownDataFSMEvent                         // a 2-octet FSM event code, RFC 4271 §8.1 (reason 2)
	PeerDownDataTLVs                             // information TLVs (reason 6)
)

type peerDownRow struct {
	codeRow
	data PeerDownData
}

// peerDownReasonTable is the IANA "BMP Peer Down Reason Codes" registry
// with the data layout each reason calls for. 0 is reserved: GoBGP sends
// it when it restarts a session (sbezverk/gobmp#209), with no data.
var peerDownReasonTable = []peerDownRow{
	0:                      {codeRow{"Reserved", "RFC 7854 §10.8"}, PeerDownDataUnknown},
	DownLocalNotification:  {codeRow{"Local system closed, NOTIFICATION PDU follows", "RFC 7854 §4.9"}, PeerDownDataNotification},
	DownLocalFSMEvent:      {codeRow{"Local system closed, FSM Event follows", "RFC 7854 §4.9"}, PeerDownDataFSMEvent},
	DownRemoteNotification: {codeRow{"Remote system closed, NOTIFICATION PDU follows", "RFC 7854 §4.9"}, PeerDownDataNotification},
	DownRemoteNoData:       {codeRow{"Remote system closed, no data", "RFC 7854 §4.9"}, PeerDownDataNone},
	DownDeconfigured:       {codeRow{"Peer de-configured", "RFC 7854 §4.9"}, PeerDownDataNone},
	DownLocalTLV:           {codeRow{"Local system closed, TLV data follows", "RFC 9069 §5.3"}, PeerDownDataTLVs},
}

func (r PeerDownReason) row() peerDownRow {
	if int(r) < len(peerDownReasonTable) {
		return peerDownReasonTable[r]
	}
	return peerDownRow{}
}

// String returns the IANA description, "Experimental" for 251-254, or
// "PeerDownReason(N)".
func (r PeerDownReason) String() string {
	if n := r.row().name; n != "" {
		return n
	}
	return codeString(nil, int(r), "PeerDownReason", 251, 254)
}

// Data returns the layout of the data the reason calls for.
func (r PeerDownReason) Data() PeerDownData { return r.row().data }

// Ref returns the defining document, or "".
func (r PeerDownReason) Ref() string { return r.row().ref }
