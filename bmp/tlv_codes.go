package bmp

// The TLV registries of BMP. Each message type has its own namespace
// (RFC 9736 split the Peer Up namespace from the Initiation one); the TLV
// value stays as bytes in TLV.Value and these types name TLV.Type.

// InitiationTLVType is the Information Type of an Initiation TLV (RFC 7854
// §4.4; IANA "BMP Initiation Information TLVs").
type InitiationTLVType uint16

// Initiation information types.
const (
	InitString   InitiationTLVType = 0 // free-form UTF-8 string, RFC 7854 §4.4
	InitSysDescr InitiationTLVType = 1 // ASCII sysDescr, RFC 7854 §4.4
	InitSysName  InitiationTLVType = 2 // ASCII sysName, RFC 7854 §4.4
)

var initTLVTable = []codeRow{
	InitString:   {"String", "RFC 7854 §4.4"},
	InitSysDescr: {"sysDescr", "RFC 7854 §4.4"},
	InitSysName:  {"sysName", "RFC 7854 §4.4"},
}

// String returns the IANA name, e.g. "sysName", or "InitiationTLVType(N)".
func (t InitiationTLVType) String() string {
	return codeString(initTLVTable, int(t), "InitiationTLVType", 65531, 65534)
}

// Ref returns the defining document, or "".
func (t InitiationTLVType) Ref() string { return lookupRow(initTLVTable, int(t)).ref }

// PeerUpTLVType is the Information Type of a Peer Up information TLV (RFC
// 7854 §4.10; IANA "BMP Peer Up Message TLVs", created by RFC 9736).
type PeerUpTLVType uint16

// Peer Up information types. Types 1 and 2 come from the namespace the
// Peer Up shared with the Initiation message before RFC 9736.
const (
	PeerUpString       PeerUpTLVType = 0 // free-form UTF-8 string, RFC 7854 §4.10
	PeerUpSysDescr     PeerUpTLVType = 1 // RFC 7854 §4.4 (shared namespace)
	PeerUpSysName      PeerUpTLVType = 2 // RFC 7854 §4.4 (shared namespace)
	PeerUpVRFTableName PeerUpTLVType = 3 // UTF-8, 1 to 255 octets, RFC 9069 §5.2.1
	PeerUpAdminLabel   PeerUpTLVType = 4 // UTF-8, RFC 8671
)

var peerUpTLVTable = []codeRow{
	PeerUpString:       {"String", "RFC 7854 §4.10, RFC 9736"},
	PeerUpSysDescr:     {"sysDescr", "RFC 7854 §4.4"},
	PeerUpSysName:      {"sysName", "RFC 7854 §4.4"},
	PeerUpVRFTableName: {"VRF/Table Name", "RFC 9069 §5.2.1, RFC 9736"},
	PeerUpAdminLabel:   {"Admin Label", "RFC 8671, RFC 9736"},
}

// String returns the IANA name, e.g. "VRF/Table Name", or
// "PeerUpTLVType(N)".
func (t PeerUpTLVType) String() string {
	return codeString(peerUpTLVTable, int(t), "PeerUpTLVType", 65531, 65534)
}

// Ref returns the defining document, or "".
func (t PeerUpTLVType) Ref() string { return lookupRow(peerUpTLVTable, int(t)).ref }

// PeerDownTLVType is the type of a TLV that follows Peer Down reason 6
// (RFC 9069 §5.3), or any Peer Down reason in BMP version 4
// (draft-ietf-grow-bmp-tlv).
type PeerDownTLVType uint16

// Peer Down information types.
const (
	PeerDownVRFTableName PeerDownTLVType = 3 // UTF-8, 1 to 255 octets, RFC 9069 §5.3
)

var peerDownTLVTable = []codeRow{
	PeerDownVRFTableName: {"VRF/Table Name", "RFC 9069 §5.3"},
}

// String returns the name, e.g. "VRF/Table Name", or "PeerDownTLVType(N)".
func (t PeerDownTLVType) String() string {
	return codeString(peerDownTLVTable, int(t), "PeerDownTLVType", 65531, 65534)
}

// Ref returns the defining document, or "".
func (t PeerDownTLVType) Ref() string { return lookupRow(peerDownTLVTable, int(t)).ref }

// TerminationTLVType is the Information Type of a Termination TLV (RFC
// 7854 §4.5; IANA "BMP Termination Message TLVs").
type TerminationTLVType uint16

// Termination information types.
const (
	TermString TerminationTLVType = 0 // free-form UTF-8 string, RFC 7854 §4.5
	TermReason TerminationTLVType = 1 // 2-octet TerminationReason, RFC 7854 §4.5
)

var termTLVTable = []codeRow{
	TermString: {"String", "RFC 7854 §4.5"},
	TermReason: {"Reason", "RFC 7854 §4.5"},
}

// String returns the IANA name, or "TerminationTLVType(N)".
func (t TerminationTLVType) String() string {
	return codeString(termTLVTable, int(t), "TerminationTLVType", 65531, 65534)
}

// Ref returns the defining document, or "".
func (t TerminationTLVType) Ref() string { return lookupRow(termTLVTable, int(t)).ref }

// TerminationReason is the value of a Reason TLV of a Termination message
// (RFC 7854 §4.5; IANA "BMP Termination Message Reason Codes").
type TerminationReason uint16

// Termination reasons.
const (
	TermAdminClosed     TerminationReason = 0 // session administratively closed
	TermUnspecified     TerminationReason = 1 // unspecified reason
	TermOutOfResources  TerminationReason = 2 // out of resources
	TermRedundant       TerminationReason = 3 // redundant connection
	TermPermAdminClosed TerminationReason = 4 // session permanently administratively closed
)

var termReasonTable = []codeRow{
	TermAdminClosed:     {"Session administratively closed", "RFC 7854 §4.5"},
	TermUnspecified:     {"Unspecified reason", "RFC 7854 §4.5"},
	TermOutOfResources:  {"Out of resources", "RFC 7854 §4.5"},
	TermRedundant:       {"Redundant connection", "RFC 7854 §4.5"},
	TermPermAdminClosed: {"Session permanently administratively closed", "RFC 7854 §4.5"},
}

// String returns the IANA description, or "TerminationReason(N)".
func (r TerminationReason) String() string {
	return codeString(termReasonTable, int(r), "TerminationReason", 65531, 65534)
}

// Ref returns the defining document, or "".
func (r TerminationReason) Ref() string { return lookupRow(termReasonTable, int(r)).ref }

// MirroringTLVType is the type of a Route Mirroring TLV (RFC 7854 §4.7;
// IANA "BMP Route Mirroring TLVs").
type MirroringTLVType uint16

// Route Mirroring TLV types.
const (
	MirrorBGPMessage  MirroringTLVType = 0 // a whole BGP message, header included
	MirrorInformation MirroringTLVType = 1 // a 2-octet MirroringInfo code
)

var mirrorTLVTable = []codeRow{
	MirrorBGPMessage:  {"BGP Message", "RFC 7854 §4.7"},
	MirrorInformation: {"Information", "RFC 7854 §4.7"},
}

// String returns the IANA name, or "MirroringTLVType(N)".
func (t MirroringTLVType) String() string {
	return codeString(mirrorTLVTable, int(t), "MirroringTLVType", 65531, 65534)
}

// Ref returns the defining document, or "".
func (t MirroringTLVType) Ref() string { return lookupRow(mirrorTLVTable, int(t)).ref }

// MirroringInfo is the code of a Route Mirroring Information TLV (RFC
// 7854 §4.7; IANA "BMP Route Mirroring Information Codes").
type MirroringInfo uint16

// Route Mirroring information codes.
const (
	MirrorErroredPDU   MirroringInfo = 0 // the mirrored message was found in error
	MirrorMessagesLost MirroringInfo = 1 // messages were lost
)

var mirrorInfoTable = []codeRow{
	MirrorErroredPDU:   {"Errored PDU", "RFC 7854 §4.7"},
	MirrorMessagesLost: {"Messages Lost", "RFC 7854 §4.7"},
}

// String returns the IANA name, or "MirroringInfo(N)".
func (c MirroringInfo) String() string {
	return codeString(mirrorInfoTable, int(c), "MirroringInfo", 65531, 65534)
}

// Ref returns the defining document, or "".
func (c MirroringInfo) Ref() string { return lookupRow(mirrorInfoTable, int(c)).ref }

// V4TLVType is the type of a TLV of a BMP version 4 Route Monitoring
// message (draft-ietf-grow-bmp-tlv), as revision -20 numbers it; the
// constants below are those code points. The most significant bit is the
// Enterprise bit (V4Enterprise): such TLVs are vendor-specific and kept
// raw. What a type means in a given message depends on the numbering the
// exporter followed (V4Numbering): read it with
// RouteMonitoringView.TLVKind, not with String.
type V4TLVType uint16

// BMP version 4 Route Monitoring TLV types (draft-ietf-grow-bmp-tlv-20).
const (
	V4SequenceNumber   V4TLVType = 1
	V4ExtendedFlags    V4TLVType = 2
	V4Timestamp        V4TLVType = 3
	V4Group            V4TLVType = 4 // a group index, then the 2-octet indexes it groups
	V4VRFTableName     V4TLVType = 5 // UTF-8 string
	V4StatelessParsing V4TLVType = 6
	V4BGPMessage       V4TLVType = 7 // the BGP UPDATE, header included

	// V4Enterprise is the E bit: the rest of the type is vendor-defined.
	V4Enterprise V4TLVType = 0x8000
)

// String returns the name revision -20 gives the type, "Enterprise(N)"
// for vendor types, or "V4TLVType(N)".
func (t V4TLVType) String() string {
	if k := V4Draft20.Kind(uint16(t)); k != V4KindUnknown && k != V4KindEnterprise {
		return k.String()
	}
	if t&V4Enterprise != 0 {
		return codeString(nil, int(t&^V4Enterprise), "Enterprise", -1, -1)
	}
	return codeString(nil, int(t), "V4TLVType", -1, -1)
}

// Ref returns the defining document, or "".
func (t V4TLVType) Ref() string { return V4Draft20.Kind(uint16(t)).Ref() }

// V4TLVKind is what a version 4 Route Monitoring TLV is, whichever code
// point the exporter gave it.
type V4TLVKind uint8

// Route Monitoring TLV kinds.
const (
	V4KindUnknown V4TLVKind = iota // a type the message's numbering does not assign
	V4KindSequenceNumber
	V4KindExtendedFlags
	V4KindTimestamp
	V4KindGroup            // 2-octet indexes the TLV's index stands for
	V4KindVRFTableName     // UTF-8 string
	V4KindStatelessParsing // a BGP capability to read the UPDATE with
	V4KindBGPMessage       // the BGP UPDATE, header included
	V4KindPathStatus       // draft-ietf-grow-bmp-path-marking-tlv: PathMarking
	V4KindEnterprise       // the E bit is set: vendor-defined
)

const (
	v4Ref = "draft-ietf-grow-bmp-tlv-20"
	pmRef = "draft-ietf-grow-bmp-path-marking-tlv-05"
)

var v4KindTable = []codeRow{
	V4KindSequenceNumber:   {"Sequence Number", v4Ref},
	V4KindExtendedFlags:    {"Extended Flags", v4Ref},
	V4KindTimestamp:        {"Timestamp", v4Ref},
	V4KindGroup:            {"Group", v4Ref},
	V4KindVRFTableName:     {"VRF/Table Name", v4Ref + ", RFC 9069 §5.2.1"},
	V4KindStatelessParsing: {"Stateless Parsing", v4Ref},
	V4KindBGPMessage:       {"BGP Message", v4Ref},
	V4KindPathStatus:       {"Path Status", pmRef},
	V4KindEnterprise:       {"Enterprise", v4Ref},
}

// String returns the kind's name, e.g. "Path Status", or "unknown".
func (k V4TLVKind) String() string {
	if r := lookupRow(v4KindTable, int(k)); r.name != "" {
		return r.name
	}
	return "unknown"
}

// Ref returns the defining document, or "".
func (k V4TLVKind) Ref() string { return lookupRow(v4KindTable, int(k)).ref }

// V4Numbering is the set of Route Monitoring TLV code points a version 4
// message follows. Revisions of draft-ietf-grow-bmp-tlv up to -19 left
// them "TBD"; exporters and collectors agreed on interim numbers (the
// NetGauze captures in testdata/bmp/netgauze carry them: Group 2,
// VRF/Table Name 3, BGP Message 4, Path Status 5), and revision -20 asked
// IANA for others. A message shows which it follows by where its UPDATE
// is: a type-7 TLV holding one BGP message is -20, a type-4 one is
// interim (RouteMonitoringView.Numbering).
type V4Numbering uint8

// Numberings of version 4 Route Monitoring TLVs.
const (
	V4Draft20 V4Numbering = iota // draft-ietf-grow-bmp-tlv-20
	V4Interim                    // before -20: 1 Stateless Parsing, 2 Group, 3 VRF/Table Name, 4 BGP Message, 5 Path Status
)

// v4Numberings maps each numbering's code points (without the E bit) to
// their kinds. Path Status has no code point in -20 (its draft still says
// "TBD"), so it is only recognised in interim messages.
var v4Numberings = [...][8]V4TLVKind{
	V4Draft20: {1: V4KindSequenceNumber, 2: V4KindExtendedFlags, 3: V4KindTimestamp, 4: V4KindGroup,
		5: V4KindVRFTableName, 6: V4KindStatelessParsing, 7: V4KindBGPMessage},
	V4Interim: {1: V4KindStatelessParsing, 2: V4KindGroup, 3: V4KindVRFTableName, 4: V4KindBGPMessage,
		5: V4KindPathStatus},
}

// Kind returns what a TLV of type t is under numbering n.
func (n V4Numbering) Kind(t uint16) V4TLVKind {
	switch {
	case t&uint16(V4Enterprise) != 0:
		return V4KindEnterprise
	case int(n) < len(v4Numberings) && int(t) < len(v4Numberings[n]):
		return v4Numberings[n][t]
	}
	return V4KindUnknown
}

// String returns "draft-ietf-grow-bmp-tlv-20" or "interim".
func (n V4Numbering) String() string {
	if n == V4Interim {
		return "interim (before draft-ietf-grow-bmp-tlv-20)"
	}
	return v4Ref
}

// TypeString names a TLV type under numbering n: the kind's name,
// "Enterprise(N)" or "V4TLVType(N)".
func (n V4Numbering) TypeString(t uint16) string {
	switch k := n.Kind(t); k {
	case V4KindUnknown:
		return codeString(nil, int(t), "V4TLVType", -1, -1)
	case V4KindEnterprise:
		return codeString(nil, int(t&^uint16(V4Enterprise)), "Enterprise", -1, -1)
	default:
		return k.String()
	}
}
