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
// message (draft-ietf-grow-bmp-tlv). The draft is not yet an RFC and its
// code points have moved between revisions; this table follows revision
// -20. The most significant bit is the Enterprise bit (V4Enterprise):
// such TLVs are vendor-specific and kept raw.
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

	// v4BGPMessageOld is the BGP Message TLV type of revisions -13 to -19
	// of the draft (where 4 was not yet the Group TLV). A type-4 TLV whose
	// value frames as one whole BGP message is read as the BGP message.
	v4BGPMessageOld V4TLVType = 4
)

const v4Ref = "draft-ietf-grow-bmp-tlv-20"

var v4TLVTable = []codeRow{
	V4SequenceNumber:   {"Sequence Number", v4Ref},
	V4ExtendedFlags:    {"Extended Flags", v4Ref},
	V4Timestamp:        {"Timestamp", v4Ref},
	V4Group:            {"Group", v4Ref},
	V4VRFTableName:     {"VRF/Table Name", v4Ref},
	V4StatelessParsing: {"Stateless Parsing", v4Ref},
	V4BGPMessage:       {"BGP Message", v4Ref},
}

// String returns the draft's name, "Enterprise(N)" for vendor types, or
// "V4TLVType(N)".
func (t V4TLVType) String() string {
	if t&V4Enterprise != 0 {
		return codeString(nil, int(t&^V4Enterprise), "Enterprise", -1, -1)
	}
	return codeString(v4TLVTable, int(t), "V4TLVType", -1, -1)
}

// Ref returns the defining document, or "".
func (t V4TLVType) Ref() string { return lookupRow(v4TLVTable, int(t)).ref }
