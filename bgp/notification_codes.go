package bgp

// Code is a NOTIFICATION error code (RFC 4271 §4.5; IANA "BGP Error
// (Notification) Codes"). IANA marks 0 Reserved; 9-255 are unassigned.
type Code uint8

// NOTIFICATION error codes.
const (
	CodeMessageHeader        Code = 1 // Message Header Error, RFC 4271 §6.1
	CodeOpen                 Code = 2 // OPEN Message Error, RFC 4271 §6.2
	CodeUpdate               Code = 3 // UPDATE Message Error, RFC 4271 §6.3
	CodeHoldTimerExpired     Code = 4 // Hold Timer Expired, RFC 4271 §6.5
	CodeFSM                  Code = 5 // Finite State Machine Error, RFC 4271 §6.6 (subcodes RFC 6608)
	CodeCease                Code = 6 // Cease, RFC 4271 §6.7 (subcodes RFC 4486)
	CodeRouteRefresh         Code = 7 // ROUTE-REFRESH Message Error, RFC 7313
	CodeSendHoldTimerExpired Code = 8 // Send Hold Timer Expired, RFC 9687
)

// SubUnspecific is subcode 0 of Message Header, OPEN and UPDATE Message
// Errors: "no appropriate Error Subcode is defined" (RFC 4271 §4.5; IANA
// registers it as "Unspecific", RFC 4271 Erratum 4493). For Cease and
// ROUTE-REFRESH Message Error IANA marks 0 Reserved.
const SubUnspecific uint8 = 0

// Message Header Error subcodes (RFC 4271 §6.1). 4-255 are unassigned.
const (
	SubConnectionNotSynchronized uint8 = 1
	SubBadMessageLength          uint8 = 2
	SubBadMessageType            uint8 = 3
)

// OPEN Message Error subcodes (RFC 4271 §6.2 and later RFCs). 5 is
// deprecated (Authentication Failure, RFC 1771), 8-10 are deprecated
// (RFC 9234: squatted by deployed implementations), 12-255 unassigned.
const (
	SubUnsupportedVersionNumber     uint8 = 1
	SubBadPeerAS                    uint8 = 2
	SubBadBGPIdentifier             uint8 = 3
	SubUnsupportedOptionalParameter uint8 = 4
	SubUnacceptableHoldTime         uint8 = 6
	SubUnsupportedCapability        uint8 = 7  // RFC 5492
	SubRoleMismatch                 uint8 = 11 // RFC 9234
)

// UPDATE Message Error subcodes (RFC 4271 §6.3). 7 is deprecated (AS
// Routing Loop, RFC 1771); 12-255 are unassigned.
const (
	SubMalformedAttributeList         uint8 = 1
	SubUnrecognizedWellKnownAttribute uint8 = 2
	SubMissingWellKnownAttribute      uint8 = 3
	SubAttributeFlagsError            uint8 = 4
	SubAttributeLengthError           uint8 = 5
	SubInvalidOrigin                  uint8 = 6
	SubInvalidNextHop                 uint8 = 8
	SubOptionalAttributeError         uint8 = 9
	SubInvalidNetworkField            uint8 = 10
	SubMalformedASPath                uint8 = 11
)

// Finite State Machine Error subcodes (RFC 6608 §3). 4-255 are unassigned.
const (
	SubFSMUnspecified           uint8 = 0
	SubFSMUnexpectedOpenSent    uint8 = 1
	SubFSMUnexpectedOpenConfirm uint8 = 2
	SubFSMUnexpectedEstablished uint8 = 3
)

// Cease subcodes (RFC 4486 and later RFCs). 0 is Reserved, 11-255 are
// unassigned.
const (
	SubMaxPrefixes                   uint8 = 1
	SubAdministrativeShutdown        uint8 = 2
	SubPeerDeconfigured              uint8 = 3
	SubAdministrativeReset           uint8 = 4
	SubConnectionRejected            uint8 = 5
	SubOtherConfigurationChange      uint8 = 6
	SubConnectionCollisionResolution uint8 = 7
	SubOutOfResources                uint8 = 8
	SubHardReset                     uint8 = 9  // RFC 8538
	SubBFDDown                       uint8 = 10 // RFC 9384
)

// ROUTE-REFRESH Message Error subcodes (RFC 7313 §5). 0 is Reserved,
// 2-255 are unassigned.
const (
	SubInvalidMessageLength uint8 = 1
)

// CodeInfo is one row of the IANA error code registry.
type CodeInfo struct {
	Name string // IANA name, e.g. "UPDATE Message Error"
	Ref  string // defining RFC and section
	// data and dataRef say what the Data field holds whatever the
	// subcode, for codes without subcodes; dataRef "" leaves it to the
	// subcode's row (DataKindOf).
	data    DataKind
	dataRef string
}

// SubcodeInfo is one row of an IANA error subcode registry.
type SubcodeInfo struct {
	Name       string
	Ref        string
	Deprecated bool // IANA marks the value deprecated: not to be sent
	Reserved   bool // IANA marks the value Reserved
	// data is what the Data field holds with this subcode and dataRef the
	// section that says so; "" for none (DataRaw).
	data    DataKind
	dataRef string
}

// codeTable is the IANA "BGP Error (Notification) Codes" registry.
var codeTable = [...]CodeInfo{
	CodeMessageHeader:        {"Message Header Error", "RFC 4271 §4.5, §6.1", DataRaw, ""},
	CodeOpen:                 {"OPEN Message Error", "RFC 4271 §4.5, §6.2", DataRaw, ""},
	CodeUpdate:               {"UPDATE Message Error", "RFC 4271 §4.5, §6.3", DataRaw, ""},
	CodeHoldTimerExpired:     {"Hold Timer Expired", "RFC 4271 §4.5, §6.5", DataNone, "RFC 4271 §6.5"},
	CodeFSM:                  {"Finite State Machine Error", "RFC 4271 §4.5, §6.6", DataRaw, ""},
	CodeCease:                {"Cease", "RFC 4271 §4.5, §6.7", DataRaw, ""},
	CodeRouteRefresh:         {"ROUTE-REFRESH Message Error", "RFC 7313 §5", DataRaw, ""},
	CodeSendHoldTimerExpired: {"Send Hold Timer Expired", "RFC 9687", DataNone, "RFC 9687"},
}

// subcodeTable holds the subcode registries, indexed by code.
var subcodeTable = [...]map[uint8]SubcodeInfo{
	CodeMessageHeader: {
		SubUnspecific:                {"Unspecific", "RFC 4271 §4.5, Erratum 4493", false, false, DataNone, "RFC 4271 §6.1"},
		SubConnectionNotSynchronized: {"Connection Not Synchronized", "RFC 4271 §6.1", false, false, DataNone, "RFC 4271 §6.1"},
		SubBadMessageLength:          {"Bad Message Length", "RFC 4271 §6.1", false, false, DataLength, "RFC 4271 §6.1"},
		SubBadMessageType:            {"Bad Message Type", "RFC 4271 §6.1", false, false, DataMessageType, "RFC 4271 §6.1"},
	},
	CodeOpen: {
		SubUnspecific:                   {"Unspecific", "RFC 4271 §4.5, Erratum 4493", false, false, DataNone, "RFC 4271 §6.2"},
		SubUnsupportedVersionNumber:     {"Unsupported Version Number", "RFC 4271 §6.2", false, false, DataVersion, "RFC 4271 §6.2"},
		SubBadPeerAS:                    {"Bad Peer AS", "RFC 4271 §6.2", false, false, DataPeerAS, "RFC 4271 §6.2"},
		SubBadBGPIdentifier:             {"Bad BGP Identifier", "RFC 4271 §6.2", false, false, DataNone, "RFC 4271 §6.2"},
		SubUnsupportedOptionalParameter: {"Unsupported Optional Parameter", "RFC 4271 §6.2", false, false, DataNone, "RFC 4271 §6.2"},
		5:                               {"Authentication Failure (deprecated)", "RFC 4271 §4.5, Appendix A; RFC 1771 §4.5", true, false, DataRaw, ""},
		SubUnacceptableHoldTime:         {"Unacceptable Hold Time", "RFC 4271 §6.2", false, false, DataNone, "RFC 4271 §6.2"},
		SubUnsupportedCapability:        {"Unsupported Capability", "RFC 5492 §5", false, false, DataCapabilities, "RFC 5492 §5"},
		8:                               {"Deprecated", "RFC 9234", true, false, DataRaw, ""},
		9:                               {"Deprecated", "RFC 9234", true, false, DataRaw, ""},
		10:                              {"Deprecated", "RFC 9234", true, false, DataRaw, ""},
		SubRoleMismatch:                 {"Role Mismatch", "RFC 9234 §4.2", false, false, DataNone, "RFC 9234 §4.2"},
	},
	CodeUpdate: {
		SubUnspecific:                     {"Unspecific", "RFC 4271 §4.5, Erratum 4493", false, false, DataNone, "RFC 4271 §6.3"},
		SubMalformedAttributeList:         {"Malformed Attribute List", "RFC 4271 §6.3", false, false, DataNone, "RFC 4271 §6.3"},
		SubUnrecognizedWellKnownAttribute: {"Unrecognized Well-known Attribute", "RFC 4271 §6.3", false, false, DataAttribute, "RFC 4271 §6.3"},
		SubMissingWellKnownAttribute:      {"Missing Well-known Attribute", "RFC 4271 §6.3", false, false, DataAttrTypeCode, "RFC 4271 §6.3"},
		SubAttributeFlagsError:            {"Attribute Flags Error", "RFC 4271 §6.3", false, false, DataAttribute, "RFC 4271 §6.3"},
		SubAttributeLengthError:           {"Attribute Length Error", "RFC 4271 §6.3", false, false, DataAttribute, "RFC 4271 §6.3"},
		SubInvalidOrigin:                  {"Invalid ORIGIN Attribute", "RFC 4271 §6.3", false, false, DataAttribute, "RFC 4271 §6.3"},
		7:                                 {"AS Routing Loop (deprecated)", "RFC 4271 §4.5, Appendix A; RFC 1771 §4.5", true, false, DataRaw, ""},
		SubInvalidNextHop:                 {"Invalid NEXT_HOP Attribute", "RFC 4271 §6.3", false, false, DataAttribute, "RFC 4271 §6.3"},
		SubOptionalAttributeError:         {"Optional Attribute Error", "RFC 4271 §6.3", false, false, DataAttribute, "RFC 4271 §6.3"},
		SubInvalidNetworkField:            {"Invalid Network Field", "RFC 4271 §6.3", false, false, DataNone, "RFC 4271 §6.3"},
		SubMalformedASPath:                {"Malformed AS_PATH", "RFC 4271 §6.3", false, false, DataNone, "RFC 4271 §6.3"},
	},
	CodeFSM: {
		SubFSMUnspecified:           {"Unspecified Error", "RFC 6608 §3", false, false, DataNone, "RFC 6608 §4"},
		SubFSMUnexpectedOpenSent:    {"Receive Unexpected Message in OpenSent State", "RFC 6608 §3", false, false, DataMessageType, "RFC 6608 §4"},
		SubFSMUnexpectedOpenConfirm: {"Receive Unexpected Message in OpenConfirm State", "RFC 6608 §3", false, false, DataMessageType, "RFC 6608 §4"},
		SubFSMUnexpectedEstablished: {"Receive Unexpected Message in Established State", "RFC 6608 §3", false, false, DataMessageType, "RFC 6608 §4"},
	},
	CodeCease: {
		0:                                {"Reserved", "IANA (RFC 4486)", false, true, DataNone, "RFC 4486 §4"},
		SubMaxPrefixes:                   {"Maximum Number of Prefixes Reached", "RFC 4486 §4", false, false, DataMaxPrefixes, "RFC 4486 §4"},
		SubAdministrativeShutdown:        {"Administrative Shutdown", "RFC 4486 §4, RFC 9003", false, false, DataShutdownCommunication, "RFC 9003 §2"},
		SubPeerDeconfigured:              {"Peer De-configured", "RFC 4486 §4", false, false, DataNone, "RFC 4486 §4"},
		SubAdministrativeReset:           {"Administrative Reset", "RFC 4486 §4, RFC 9003", false, false, DataShutdownCommunication, "RFC 9003 §2"},
		SubConnectionRejected:            {"Connection Rejected", "RFC 4486 §4", false, false, DataNone, "RFC 4486 §4"},
		SubOtherConfigurationChange:      {"Other Configuration Change", "RFC 4486 §4", false, false, DataNone, "RFC 4486 §4"},
		SubConnectionCollisionResolution: {"Connection Collision Resolution", "RFC 4486 §4", false, false, DataNone, "RFC 4486 §4"},
		SubOutOfResources:                {"Out of Resources", "RFC 4486 §4", false, false, DataNone, "RFC 4486 §4"},
		SubHardReset:                     {"Hard Reset", "RFC 8538 §3", false, false, DataHardReset, "RFC 8538 §3"},
		SubBFDDown:                       {"BFD Down", "RFC 9384", false, false, DataNone, "RFC 9384"},
	},
	CodeRouteRefresh: {
		0:                       {"Reserved", "RFC 7313 §5", false, true, DataRaw, ""},
		SubInvalidMessageLength: {"Invalid Message Length", "RFC 7313 §5", false, false, DataMessage, "RFC 7313 §5"},
	},
}

// String returns the IANA name of the code, or "Code(N)" if unassigned.
func (c Code) String() string {
	if int(c) < len(codeTable) && codeTable[c].Name != "" {
		return codeTable[c].Name
	}
	return UnnamedCode(c, "Code")
}

// Info returns the registry row for c and whether c is assigned.
func (c Code) Info() (CodeInfo, bool) {
	if int(c) < len(codeTable) && codeTable[c].Name != "" {
		return codeTable[c], true
	}
	return CodeInfo{}, false
}

// LookupSubcode returns the registry row for a code/subcode pair and whether
// it is assigned. Subcode 0 of a code without a subcode registry is
// reported as "Unspecific" (RFC 4271 §4.5: "If no appropriate Error Subcode
// is defined, then a zero (Unspecific) value is used").
func LookupSubcode(c Code, sub uint8) (SubcodeInfo, bool) {
	if int(c) < len(subcodeTable) && subcodeTable[c] != nil {
		if s, ok := subcodeTable[c][sub]; ok {
			return s, true
		}
	}
	if sub == 0 {
		return SubcodeInfo{Name: "Unspecific", Ref: "RFC 4271 §4.5"}, true
	}
	return SubcodeInfo{}, false
}

// SubcodeName returns the name of a subcode, "Subcode(N)" when the
// subcode is not assigned, or "" for subcode 0 where it carries no
// meaning: codes without subcodes (Hold Timer Expired, Send Hold Timer
// Expired) and registries where IANA marks 0 Reserved (Cease,
// ROUTE-REFRESH Message Error), which senders use for "no subcode".
func SubcodeName(c Code, sub uint8) string {
	if sub == 0 && (int(c) >= len(subcodeTable) || subcodeTable[c] == nil || subcodeTable[c][0].Reserved) {
		return ""
	}
	if s, ok := LookupSubcode(c, sub); ok {
		return s.Name
	}
	return UnnamedCode(sub, "Subcode")
}
