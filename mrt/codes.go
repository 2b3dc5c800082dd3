package mrt

import "strconv"

// Type is the Type field of the MRT common header (RFC 6396 §2; IANA "MRT
// Types").
type Type uint16

// MRT types this package reads. The deprecated types of RFC 6396 Appendix
// B that real archives still hold (BGP, BGP4PLUS) are here too.
const (
	TypeBGP         Type = 5  // deprecated, RFC 6396 Appendix B.2.1
	TypeBGP4Plus    Type = 9  // deprecated, RFC 6396 Appendix B.2.2: TypeBGP with IPv6 addresses
	TypeBGP4Plus01  Type = 10 // deprecated, RFC 6396 Appendix B.2.3: same layout
	TypeTableDump   Type = 12 // RFC 6396 §4.2
	TypeTableDumpV2 Type = 13 // RFC 6396 §4.3
	TypeBGP4MP      Type = 16 // RFC 6396 §4.4
	TypeBGP4MPET    Type = 17 // RFC 6396 §4.4 with the microsecond timestamp of §3
)

// Kind says how the body of a record is laid out: each row of the
// registry names one, and the views and owned values dispatch on it.
type Kind uint8

// Body layouts.
const (
	KindUnknown       Kind = iota // a type or subtype this package does not read: the body is kept raw
	KindBGP4MPState               // BGP4MP STATE_CHANGE(_AS4), RFC 6396 §4.4.1
	KindBGP4MPMessage             // BGP4MP MESSAGE and its _AS4, _LOCAL and _ADDPATH variants, RFC 6396 §4.4.2, RFC 8050 §3
	KindTableDump                 // TABLE_DUMP, RFC 6396 §4.2
	KindPeerIndex                 // TABLE_DUMP_V2 PEER_INDEX_TABLE, RFC 6396 §4.3.1
	KindRIB                       // TABLE_DUMP_V2 RIB_<AFI>_<SAFI>(_ADDPATH), RFC 6396 §4.3.2, RFC 8050 §4
	KindRIBGeneric                // TABLE_DUMP_V2 RIB_GENERIC(_ADDPATH), RFC 6396 §4.3.3, RFC 8050 §4
	KindLegacyMessage             // deprecated BGP type: UPDATE, OPEN, NOTIFY, KEEPALIVE without the BGP header
	KindLegacyState               // deprecated BGP type: STATE_CHANGE
	KindLegacySync                // deprecated BGP type: SYNC (view number and file name)
	KindBGP4MPEntry               // BGP4MP ENTRY: one route, from drafts before RFC 6396 (OpenBGPD writes it)
)

// subRow is one subtype of one type: its name, its reference and
// everything that makes its layout differ from its neighbours'. The
// readers and writers take these flags from the row, never from the
// subtype number.
type subRow struct {
	name    string
	ref     string
	kind    Kind
	as4     bool   // AS numbers are 4 octets (BGP4MP _AS4; TABLE_DUMP_V2 always)
	addPath bool   // RFC 8050: Path Identifiers present
	local   bool   // _LOCAL: a message the collector sent
	afi     uint16 // fixed AFI of the subtype (TABLE_DUMP, RIB_<AFI>_<SAFI>), 0 if the body says
	safi    uint8
	msgType uint8 // deprecated BGP type: the BGP message type the subtype carries
}

// typeRow is one MRT type: its name, reference, whether it has the
// microsecond timestamp (RFC 6396 §3), the width of addresses for the
// deprecated types, and its subtypes indexed by number.
type typeRow struct {
	name string
	ref  string
	et   bool
	ip   int // deprecated BGP types: octets per address
	subs []subRow
}

// bgp4mpSubs are the subtypes of BGP4MP and BGP4MP_ET (IANA "BGP4MP
// Subtype Codes"). 2 and 3 (ENTRY, SNAPSHOT) come from the drafts before
// RFC 6396; OpenBGPD still writes ENTRY, which is read; SNAPSHOT is left
// unknown.
var bgp4mpSubs = []subRow{
	0:  {name: "STATE_CHANGE", ref: "RFC 6396 §4.4.1", kind: KindBGP4MPState},
	1:  {name: "MESSAGE", ref: "RFC 6396 §4.4.2", kind: KindBGP4MPMessage},
	2:  {name: "ENTRY", ref: "draft-ietf-grow-mrt-00 §5.8 (not in RFC 6396)", kind: KindBGP4MPEntry},
	4:  {name: "MESSAGE_AS4", ref: "RFC 6396 §4.4.3", kind: KindBGP4MPMessage, as4: true},
	5:  {name: "STATE_CHANGE_AS4", ref: "RFC 6396 §4.4.4", kind: KindBGP4MPState, as4: true},
	6:  {name: "MESSAGE_LOCAL", ref: "RFC 6396 §4.4.5", kind: KindBGP4MPMessage, local: true},
	7:  {name: "MESSAGE_AS4_LOCAL", ref: "RFC 6396 §4.4.6", kind: KindBGP4MPMessage, as4: true, local: true},
	8:  {name: "MESSAGE_ADDPATH", ref: "RFC 8050 §3", kind: KindBGP4MPMessage, addPath: true},
	9:  {name: "MESSAGE_AS4_ADDPATH", ref: "RFC 8050 §3", kind: KindBGP4MPMessage, as4: true, addPath: true},
	10: {name: "MESSAGE_LOCAL_ADDPATH", ref: "RFC 8050 §3", kind: KindBGP4MPMessage, local: true, addPath: true},
	11: {name: "MESSAGE_AS4_LOCAL_ADDPATH", ref: "RFC 8050 §3", kind: KindBGP4MPMessage, as4: true, local: true, addPath: true},
}

// legacySubs are the subtypes of the deprecated BGP, BGP4PLUS and
// BGP4PLUS_01 types (RFC 6396 Appendix B.2.1). PREF_UPDATE was never
// defined in full and is left unknown.
var legacySubs = []subRow{
	0: {name: "BGP_NULL", ref: "RFC 6396 Appendix B.2.1"},
	1: {name: "BGP_UPDATE", ref: "RFC 6396 Appendix B.2.1", kind: KindLegacyMessage, msgType: 2},
	2: {name: "BGP_PREF_UPDATE", ref: "RFC 6396 Appendix B.2.1"},
	3: {name: "BGP_STATE_CHANGE", ref: "RFC 6396 Appendix B.2.1", kind: KindLegacyState},
	4: {name: "BGP_SYNC", ref: "RFC 6396 Appendix B.2.1", kind: KindLegacySync},
	5: {name: "BGP_OPEN", ref: "RFC 6396 Appendix B.2.1", kind: KindLegacyMessage, msgType: 1},
	6: {name: "BGP_NOTIFY", ref: "RFC 6396 Appendix B.2.1", kind: KindLegacyMessage, msgType: 3},
	7: {name: "BGP_KEEPALIVE", ref: "RFC 6396 Appendix B.2.1", kind: KindLegacyMessage, msgType: 4},
}

// typeTable is the registry of MRT types, indexed by type.
var typeTable = []typeRow{
	TypeBGP:        {name: "BGP", ref: "RFC 6396 Appendix B.2.1", ip: 4, subs: legacySubs},
	TypeBGP4Plus:   {name: "BGP4PLUS", ref: "RFC 6396 Appendix B.2.2", ip: 16, subs: legacySubs},
	TypeBGP4Plus01: {name: "BGP4PLUS_01", ref: "RFC 6396 Appendix B.2.3", ip: 16, subs: legacySubs},
	11:             {name: "OSPFv2", ref: "RFC 6396 §4.1"},
	TypeTableDump: {name: "TABLE_DUMP", ref: "RFC 6396 §4.2", subs: []subRow{
		1: {name: "AFI_IPv4", ref: "RFC 6396 §4.2", kind: KindTableDump, afi: 1},
		2: {name: "AFI_IPv6", ref: "RFC 6396 §4.2", kind: KindTableDump, afi: 2},
	}},
	TypeTableDumpV2: {name: "TABLE_DUMP_V2", ref: "RFC 6396 §4.3", subs: []subRow{
		1:  {name: "PEER_INDEX_TABLE", ref: "RFC 6396 §4.3.1", kind: KindPeerIndex},
		2:  {name: "RIB_IPV4_UNICAST", ref: "RFC 6396 §4.3.2", kind: KindRIB, as4: true, afi: 1, safi: 1},
		3:  {name: "RIB_IPV4_MULTICAST", ref: "RFC 6396 §4.3.2", kind: KindRIB, as4: true, afi: 1, safi: 2},
		4:  {name: "RIB_IPV6_UNICAST", ref: "RFC 6396 §4.3.2", kind: KindRIB, as4: true, afi: 2, safi: 1},
		5:  {name: "RIB_IPV6_MULTICAST", ref: "RFC 6396 §4.3.2", kind: KindRIB, as4: true, afi: 2, safi: 2},
		6:  {name: "RIB_GENERIC", ref: "RFC 6396 §4.3.3", kind: KindRIBGeneric, as4: true},
		7:  {name: "GEO_PEER_TABLE", ref: "RFC 6397"},
		8:  {name: "RIB_IPV4_UNICAST_ADDPATH", ref: "RFC 8050 §4", kind: KindRIB, as4: true, addPath: true, afi: 1, safi: 1},
		9:  {name: "RIB_IPV4_MULTICAST_ADDPATH", ref: "RFC 8050 §4", kind: KindRIB, as4: true, addPath: true, afi: 1, safi: 2},
		10: {name: "RIB_IPV6_UNICAST_ADDPATH", ref: "RFC 8050 §4", kind: KindRIB, as4: true, addPath: true, afi: 2, safi: 1},
		11: {name: "RIB_IPV6_MULTICAST_ADDPATH", ref: "RFC 8050 §4", kind: KindRIB, as4: true, addPath: true, afi: 2, safi: 2},
		12: {name: "RIB_GENERIC_ADDPATH", ref: "RFC 8050 §4", kind: KindRIBGeneric, as4: true, addPath: true},
	}},
	TypeBGP4MP:   {name: "BGP4MP", ref: "RFC 6396 §4.4", subs: bgp4mpSubs},
	TypeBGP4MPET: {name: "BGP4MP_ET", ref: "RFC 6396 §4.4", et: true, subs: bgp4mpSubs},
	32:           {name: "ISIS", ref: "RFC 6396 §4.5"},
	33:           {name: "ISIS_ET", ref: "RFC 6396 §4.5", et: true},
	48:           {name: "OSPFv3", ref: "RFC 6396 §4.6"},
	49:           {name: "OSPFv3_ET", ref: "RFC 6396 §4.6", et: true},
}

// typeRowOf returns the row of t, or an empty row.
func typeRowOf(t Type) typeRow {
	if int(t) < len(typeTable) {
		return typeTable[t]
	}
	return typeRow{}
}

// subRowOf returns the row of subtype s of type t, or an empty row.
func subRowOf(t Type, s uint16) subRow {
	subs := typeRowOf(t).subs
	if int(s) < len(subs) {
		return subs[s]
	}
	return subRow{}
}

// String returns the IANA name of the type, e.g. "TABLE_DUMP_V2", or
// "Type(N)".
func (t Type) String() string {
	if r := typeRowOf(t); r.name != "" {
		return r.name
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// Ref returns the document that defines the type, or "".
func (t Type) Ref() string { return typeRowOf(t).ref }

// Extended reports whether records of the type carry the Microsecond
// Timestamp after the common header (the _ET types, RFC 6396 §3).
func (t Type) Extended() bool { return typeRowOf(t).et }

// SubtypeName returns the IANA name of subtype s of type t, e.g.
// "RIB_IPV4_UNICAST_ADDPATH", or "Subtype(N)".
func SubtypeName(t Type, s uint16) string {
	if r := subRowOf(t, s); r.name != "" {
		return r.name
	}
	return "Subtype(" + strconv.Itoa(int(s)) + ")"
}

// KindOf returns the body layout of records of type t and subtype s:
// KindUnknown for a type or subtype this package does not read.
func KindOf(t Type, s uint16) Kind {
	if typeRowOf(t).et && t != TypeBGP4MPET {
		return KindUnknown // ISIS_ET, OSPFv3_ET: not read here
	}
	return subRowOf(t, s).kind
}

// AddPath reports whether the subtype is one of RFC 8050's ADD-PATH ones,
// whose NLRI or RIB entries carry Path Identifiers.
func (h Header) AddPath() bool { return subRowOf(h.Type, h.Subtype).addPath }

var kindNames = [...]string{
	KindUnknown:       "unknown",
	KindBGP4MPState:   "BGP4MP state change",
	KindBGP4MPMessage: "BGP4MP message",
	KindTableDump:     "TABLE_DUMP entry",
	KindPeerIndex:     "PEER_INDEX_TABLE",
	KindRIB:           "RIB",
	KindRIBGeneric:    "RIB_GENERIC",
	KindLegacyMessage: "BGP (deprecated) message",
	KindLegacyState:   "BGP (deprecated) state change",
	KindLegacySync:    "BGP (deprecated) sync",
	KindBGP4MPEntry:   "BGP4MP entry",
}

// String names the layout.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// stateNames are the BGP FSM states of BGP4MP STATE_CHANGE (RFC 6396
// §4.4.1); 7 and 8 are Quagga's Clearing and Deleted, which its update
// files hold though no RFC defines them.
var stateNames = [...]string{"", "Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established", "Clearing", "Deleted"}

// StateName returns the name of a BGP FSM state of a state change record,
// or "State(N)".
func StateName(s uint16) string {
	if s >= 1 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// Sniff reports whether b, the first octets of a stream, look like an MRT
// record header: a type of the registry and a length under
// DefaultMaxRecordLen. The subtype is not asked for: a file of subtypes
// this package skips is still MRT.
func Sniff(b []byte) bool {
	h, err := ParseHeader(b)
	return err == nil && typeRowOf(h.Type).name != "" && h.Length <= DefaultMaxRecordLen
}
