package bmp

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// PathStatus is the Path Status field of a Path Status TLV
// (draft-ietf-grow-bmp-path-marking-tlv): one bit per status, several
// may be set (a path can be best, primary and advertised with ADD-PATH).
type PathStatus uint32

// Path status bits.
const (
	PathInvalid          PathStatus = 1 << iota // not usable: see the reason
	PathBest                                    // the best path
	PathNonSelected                             // valid, not selected: see the reason
	PathPrimary                                 // installed as primary
	PathBackup                                  // installed as backup
	PathNonInstalled                            // not installed in the forwarding table
	PathBestExternal                            // best external (advertised to iBGP)
	PathAddPath                                 // advertised with ADD-PATH
	PathFilteredInbound                         // filtered by the inbound policy
	PathFilteredOutbound                        // filtered by the outbound policy
	PathStale                                   // stale (Graceful Restart)
	PathSuppressed                              // suppressed (route damping)
)

// pathStatusTable is the draft's registry of status bits, by bit number
// (bit 0 is the least significant).
var pathStatusTable = []codeRow{
	{"Invalid", pmRef}, {"Best", pmRef}, {"Non-selected", pmRef}, {"Primary", pmRef},
	{"Backup", pmRef}, {"Non-installed", pmRef}, {"Best-external", pmRef}, {"Add-Path", pmRef},
	{"Filtered in inbound policy", pmRef}, {"Filtered in outbound policy", pmRef},
	{"Stale", pmRef}, {"Suppressed", pmRef},
}

// String returns the names of the bits set, e.g. "Best, Primary,
// Add-Path"; a bit the draft does not name shows as "bit N"; no bit is
// "Unknown" (the draft's 0).
func (s PathStatus) String() string {
	if s == 0 {
		return "Unknown"
	}
	var b strings.Builder
	for i := 0; i < 32; i++ {
		if s&(1<<i) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		if r := lookupRow(pathStatusTable, i); r.name != "" {
			b.WriteString(r.name)
		} else {
			b.WriteString("bit " + strconv.Itoa(i))
		}
	}
	return b.String()
}

// PathReason is the Reason Code of a Path Status TLV
// (draft-ietf-grow-bmp-path-marking-tlv): why a path is invalid or not
// selected.
type PathReason uint16

// Path status reason codes.
const (
	ReasonASLoop              PathReason = 1
	ReasonUnresolvableNextHop PathReason = 2
	ReasonLocalPref           PathReason = 3
	ReasonASPathLength        PathReason = 4
	ReasonOrigin              PathReason = 5
	ReasonMED                 PathReason = 6
	ReasonPeerType            PathReason = 7
	ReasonIGPCost             PathReason = 8
	ReasonRouterID            PathReason = 9
	ReasonPeerAddress         PathReason = 10
	ReasonAIGP                PathReason = 11
)

var pathReasonTable = []codeRow{
	ReasonASLoop:              {"Invalid due to AS loop", pmRef},
	ReasonUnresolvableNextHop: {"Invalid due to unresolvable nexthop", pmRef},
	ReasonLocalPref:           {"Not preferred for local preference", pmRef},
	ReasonASPathLength:        {"Not preferred for AS Path Length", pmRef},
	ReasonOrigin:              {"Not preferred for origin", pmRef},
	ReasonMED:                 {"Not preferred for MED", pmRef},
	ReasonPeerType:            {"Not preferred for peer type", pmRef},
	ReasonIGPCost:             {"Not preferred for IGP cost", pmRef},
	ReasonRouterID:            {"Not preferred for router ID", pmRef},
	ReasonPeerAddress:         {"Not preferred for peer address", pmRef},
	ReasonAIGP:                {"Not preferred for AIGP", pmRef},
}

// String returns the draft's description, or "PathReason(N)".
func (r PathReason) String() string { return codeString(pathReasonTable, int(r), "PathReason", -1, -1) }

// Ref returns the defining document, or "".
func (r PathReason) Ref() string { return lookupRow(pathReasonTable, int(r)).ref }

// PathMarking is the value of a Path Status TLV: a 4-octet Path Status,
// then an optional 2-octet Reason Code. The TLV's Index says which NLRI
// of the UPDATE it marks.
type PathMarking struct {
	Status    PathStatus
	Reason    PathReason
	HasReason bool
}

// ParsePathMarking reads the value of a Path Status TLV; ok is false for
// a value that is neither 4 nor 6 octets.
func ParsePathMarking(v []byte) (m PathMarking, ok bool) {
	switch len(v) {
	case 6:
		m.Reason, m.HasReason = PathReason(binary.BigEndian.Uint16(v[4:])), true
		fallthrough
	case 4:
		m.Status = PathStatus(binary.BigEndian.Uint32(v))
		return m, true
	}
	return PathMarking{}, false
}

// String returns e.g. "Best, Primary, Add-Path" or "Non-selected (Not
// preferred for MED)".
func (m PathMarking) String() string {
	if m.HasReason {
		return m.Status.String() + " (" + m.Reason.String() + ")"
	}
	return m.Status.String()
}
