package bgp

// This file holds two IANA registries used by the OPEN message: "Capability
// Codes" (RFC 5492 §4) and "BGP OPEN Optional Parameter Types" (RFC 9072
// §5). Everything that depends on a code reads its row: String, JSON names,
// references and the explainer's labels.
//
// To add a capability: a row in capTable (and a CapCodeXxx constant if code
// uses it), then in capability.go a CapXxx owned type with capCode and
// appendCapValue, a case in checkCapValue and decodeCapValue, a view getter
// if the value has structure, and a vector in capability_test.go.

// CapCode is a capability code (RFC 5492 §4; IANA "Capability Codes").
type CapCode uint8

// Capability codes. Every assigned code point is named in capTable; the
// constants cover the ones bgplens code refers to.
const (
	CapCodeMultiprotocol        CapCode = 1   // RFC 4760 §8
	CapCodeRouteRefresh         CapCode = 2   // RFC 2918 §2
	CapCodeORF                  CapCode = 3   // RFC 5291 §4
	CapCodeMultipleRoutes       CapCode = 4   // RFC 3107 (deprecated by RFC 8277)
	CapCodeExtendedNextHop      CapCode = 5   // RFC 8950 §4
	CapCodeExtendedMessage      CapCode = 6   // RFC 8654 §3
	CapCodeBGPsec               CapCode = 7   // RFC 8205 §2
	CapCodeMultipleLabels       CapCode = 8   // RFC 8277 §2.1
	CapCodeRole                 CapCode = 9   // RFC 9234 §4.1
	CapCodeGracefulRestart      CapCode = 64  // RFC 4724 §3
	CapCodeAS4                  CapCode = 65  // RFC 6793 §3
	CapCodeDynamic              CapCode = 67  // draft-ietf-idr-dynamic-cap
	CapCodeMultisession         CapCode = 68  // draft-ietf-idr-bgp-multisession
	CapCodeAddPath              CapCode = 69  // RFC 7911 §4
	CapCodeEnhancedRouteRefresh CapCode = 70  // RFC 7313 §3.1
	CapCodeLLGR                 CapCode = 71  // RFC 9494 §3
	CapCodeRPD                  CapCode = 72  // draft-ietf-idr-rpd
	CapCodeFQDN                 CapCode = 73  // draft-walton-bgp-hostname-capability
	CapCodeBFD                  CapCode = 74  // draft-ietf-idr-bgp-bfd-strict-mode
	CapCodeSoftwareVersion      CapCode = 75  // draft-abraitis-bgp-version-capability
	CapCodePathsLimit           CapCode = 76  // draft-abraitis-idr-addpath-paths-limit
	CapCodeRouteRefreshCisco    CapCode = 128 // prestandard Route Refresh, RFC 8810
	CapCodeMultisessionCisco    CapCode = 131 // prestandard Multisession, RFC 8810
)

// capInfo is one row of the capability registry.
type capInfo struct {
	name string // short RFC name, used by String and the explainer
	desc string // the IANA registry's description
	json string // snake_case for JSON output
	ref  string // defining document and section
}

// capTable is the IANA "Capability Codes" registry (RFC 5492 §4, updated
// by RFC 8810 for the deprecated prestandard code points). Codes 239-254
// are for experimental use (RFC 8810) and handled in capRow.
var capTable = [256]capInfo{
	0:                           {"Reserved", "Reserved", "reserved", "RFC 5492 §4"},
	CapCodeMultiprotocol:        {"Multiprotocol Extensions", "Multiprotocol Extensions for BGP-4", "multiprotocol", "RFC 2858, RFC 4760 §8"},
	CapCodeRouteRefresh:         {"Route Refresh", "Route Refresh Capability for BGP-4", "route_refresh", "RFC 2918 §2"},
	CapCodeORF:                  {"Outbound Route Filtering", "Outbound Route Filtering Capability", "orf", "RFC 5291 §4"},
	CapCodeMultipleRoutes:       {"Multiple Routes", "Multiple routes to a destination capability (deprecated)", "multiple_routes", "RFC 3107, RFC 8277"},
	CapCodeExtendedNextHop:      {"Extended Next Hop Encoding", "Extended Next Hop Encoding", "extended_next_hop", "RFC 8950 §4"},
	CapCodeExtendedMessage:      {"Extended Message", "BGP Extended Message", "extended_message", "RFC 8654 §3"},
	CapCodeBGPsec:               {"BGPsec", "BGPsec Capability", "bgpsec", "RFC 8205 §2"},
	CapCodeMultipleLabels:       {"Multiple Labels", "Multiple Labels Capability", "multiple_labels", "RFC 8277 §2.1"},
	CapCodeRole:                 {"BGP Role", "BGP Role", "role", "RFC 9234 §4.1"},
	CapCodeGracefulRestart:      {"Graceful Restart", "Graceful Restart Capability", "graceful_restart", "RFC 4724 §3"},
	CapCodeAS4:                  {"4-octet AS", "Support for 4-octet AS number capability", "as4", "RFC 6793 §3"},
	66:                          {"Deprecated", "Deprecated (2003-03-06)", "deprecated_66", "IANA"},
	CapCodeDynamic:              {"Dynamic Capability", "Support for Dynamic Capability (capability specific)", "dynamic", "draft-ietf-idr-dynamic-cap"},
	CapCodeMultisession:         {"Multisession", "Multisession BGP Capability", "multisession", "draft-ietf-idr-bgp-multisession"},
	CapCodeAddPath:              {"ADD-PATH", "ADD-PATH Capability", "add_path", "RFC 7911 §4"},
	CapCodeEnhancedRouteRefresh: {"Enhanced Route Refresh", "Enhanced Route Refresh Capability", "enhanced_route_refresh", "RFC 7313 §3.1"},
	CapCodeLLGR:                 {"Long-Lived Graceful Restart", "Long-Lived Graceful Restart (LLGR) Capability", "llgr", "RFC 9494 §3"},
	CapCodeRPD:                  {"Routing Policy Distribution", "Routing Policy Distribution", "rpd", "draft-ietf-idr-rpd"},
	CapCodeFQDN:                 {"FQDN", "FQDN Capability", "fqdn", "draft-walton-bgp-hostname-capability"},
	CapCodeBFD:                  {"BFD", "BFD Capability", "bfd", "draft-ietf-idr-bgp-bfd-strict-mode"},
	CapCodeSoftwareVersion:      {"Software Version", "Software Version Capability", "software_version", "draft-abraitis-bgp-version-capability"},
	CapCodePathsLimit:           {"PATHS-LIMIT", "PATHS-LIMIT Capability", "paths_limit", "draft-abraitis-idr-addpath-paths-limit"},
	CapCodeRouteRefreshCisco:    {"Route Refresh (Cisco)", "Prestandard Route Refresh (deprecated)", "route_refresh_cisco", "RFC 8810"},
	129:                         {"Outbound Route Filtering (prestandard)", "Prestandard Outbound Route Filtering (deprecated), prestandard Routing Policy Distribution (deprecated)", "orf_prestandard", "RFC 8810"},
	130:                         {"Outbound Route Filtering (Cisco)", "Prestandard Outbound Route Filtering (deprecated)", "orf_cisco", "RFC 8810"},
	CapCodeMultisessionCisco:    {"Multisession (Cisco)", "Prestandard Multisession (deprecated)", "multisession_cisco", "RFC 8810"},
	184:                         {"FQDN (prestandard)", "Prestandard FQDN (deprecated)", "fqdn_prestandard", "RFC 8810"},
	185:                         {"OPERATIONAL (prestandard)", "Prestandard OPERATIONAL message (deprecated)", "operational_prestandard", "RFC 8810"},
	255:                         {"Reserved", "Reserved", "reserved_255", "RFC 8810"},
}

// capRow returns the registry row for c; the zero row if unassigned.
func capRow(c CapCode) capInfo {
	if c >= 239 && c <= 254 {
		return capInfo{"Experimental", "Reserved for Experimental Use", "experimental_" + itoa(int(c)), "RFC 8810"}
	}
	return capTable[c]
}

// String returns the short name of the capability, e.g. "ADD-PATH", or
// "CapCode(N)" for an unassigned code.
func (c CapCode) String() string {
	if n := capRow(c).name; n != "" {
		if n == "Experimental" {
			return UnnamedCode(c, "Experimental")
		}
		return n
	}
	return UnnamedCode(c, "CapCode")
}

// Description returns the IANA registry's description of the code, or "".
func (c CapCode) Description() string { return capRow(c).desc }

// JSONName returns the snake_case name used in JSON output, or "cap_N".
func (c CapCode) JSONName() string {
	if n := capRow(c).json; n != "" {
		return n
	}
	return "cap_" + itoa(int(c))
}

// Ref returns the document and section that define the capability, or "".
func (c CapCode) Ref() string { return capRow(c).ref }

// Known reports whether the code is in the registry (experimental codes
// included).
func (c CapCode) Known() bool { return capRow(c).name != "" }

// OptParamType is the type of an OPEN Optional Parameter (RFC 4271 §4.2;
// IANA "BGP OPEN Optional Parameter Types").
type OptParamType uint8

// Optional Parameter types.
const (
	// OptParamAuthentication is the Authentication Information parameter
	// of RFC 1771 §4.2, which RFC 4271 dropped; IANA lists it deprecated.
	OptParamAuthentication OptParamType = 1
	// OptParamCapabilities carries capabilities (RFC 5492 §4).
	OptParamCapabilities OptParamType = 2
	// OptParamExtendedLength marks the extended OPEN format (RFC 9072 §2);
	// it is never an ordinary parameter type.
	OptParamExtendedLength OptParamType = 255
)

// optParamTable is the IANA "BGP OPEN Optional Parameter Types" registry:
// name and defining document.
var optParamTable = map[OptParamType]struct{ name, ref string }{
	0:                      {"Reserved", ""},
	OptParamAuthentication: {"Authentication (deprecated)", "RFC 1771 §4.2 (deprecated)"},
	OptParamCapabilities:   {"Capabilities", "RFC 5492 §4"},
	OptParamExtendedLength: {"Extended Length", "RFC 9072 §2"},
}

// String returns the IANA name, e.g. "Capabilities", or "OptParamType(N)".
func (t OptParamType) String() string {
	if r, ok := optParamTable[t]; ok {
		return r.name
	}
	return UnnamedCode(t, "OptParamType")
}

// Ref returns the document that defines the parameter type, or "".
func (t OptParamType) Ref() string { return optParamTable[t].ref }
