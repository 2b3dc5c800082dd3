package bmp

// StatType is the Stat Type of a Statistics Report TLV (RFC 7854 §4.8;
// IANA "BMP Statistics Types").
type StatType uint16

// StatWidth is the layout of a statistic's value.
type StatWidth uint8

// Statistic value layouts (RFC 7854 §4.8).
const (
	StatUnknown      StatWidth = 0
	StatCounter32    StatWidth = 1 // 32-bit counter, 4 octets
	StatGauge64      StatWidth = 2 // 64-bit gauge, 8 octets
	StatFamilyGauge  StatWidth = 3 // 2-octet AFI, 1-octet SAFI, 64-bit gauge: 11 octets
	statWidthEntries           = 4
)

var statWidthLen = [statWidthEntries]int{0, 4, 8, 11}
var statWidthNames = [statWidthEntries]string{"unknown", "32-bit counter", "64-bit gauge", "AFI/SAFI 64-bit gauge"}

// Len returns the value length of the layout, or 0 for StatUnknown.
func (w StatWidth) Len() int {
	if int(w) < len(statWidthLen) {
		return statWidthLen[w]
	}
	return 0
}

// String returns e.g. "64-bit gauge".
func (w StatWidth) String() string {
	if int(w) < len(statWidthNames) {
		return statWidthNames[w]
	}
	return "unknown"
}

// Statistics types. RFC 7854 §4.8 defines 0 to 13, RFC 8671 §5 14 to 17
// and RFC 9972 18 to 43.
const (
	StatRejectedPrefixes          StatType = 0
	StatDuplicatePrefixes         StatType = 1
	StatDuplicateWithdraws        StatType = 2
	StatClusterListLoop           StatType = 3
	StatASPathLoop                StatType = 4
	StatOriginatorIDLoop          StatType = 5
	StatASConfedLoop              StatType = 6
	StatAdjRIBInRoutes            StatType = 7
	StatLocRIBRoutes              StatType = 8
	StatFamilyAdjRIBInRoutes      StatType = 9
	StatFamilyLocRIBRoutes        StatType = 10
	StatTreatAsWithdrawUpdates    StatType = 11
	StatTreatAsWithdrawPrefixes   StatType = 12
	StatDuplicateUpdates          StatType = 13
	StatPreAdjRIBOutRoutes        StatType = 14
	StatPostAdjRIBOutRoutes       StatType = 15
	StatFamilyPreAdjRIBOutRoutes  StatType = 16
	StatFamilyPostAdjRIBOutRoutes StatType = 17
)

type statRow struct {
	name  string
	width StatWidth
	ref   string
}

const (
	ref7854 = "RFC 7854 §4.8"
	ref8671 = "RFC 8671 §5"
	ref9972 = "RFC 9972"
)

// statTable is the IANA "BMP Statistics Types" registry: name, value
// layout and defining document. Types 65531-65534 are for experimental use.
var statTable = []statRow{
	0:  {"Number of prefixes rejected by inbound policy", StatCounter32, ref7854},
	1:  {"Number of (known) duplicate prefix advertisements", StatCounter32, ref7854},
	2:  {"Number of (known) duplicate withdraws", StatCounter32, ref7854},
	3:  {"Number of updates invalidated due to CLUSTER_LIST loop", StatCounter32, ref7854},
	4:  {"Number of updates invalidated due to AS_PATH loop", StatCounter32, ref7854},
	5:  {"Number of updates invalidated due to ORIGINATOR_ID", StatCounter32, ref7854},
	6:  {"Number of updates invalidated due to a loop found in AS_CONFED_SEQUENCE or AS_CONFED_SET", StatCounter32, ref7854},
	7:  {"Number of routes in Adj-RIBs-In", StatGauge64, ref7854},
	8:  {"Number of routes in Loc-RIB", StatGauge64, ref7854},
	9:  {"Number of routes in per-AFI/SAFI Adj-RIB-In", StatFamilyGauge, ref7854},
	10: {"Number of routes in per-AFI/SAFI Loc-RIB", StatFamilyGauge, ref7854},
	11: {"Number of updates subjected to treat-as-withdraw", StatCounter32, ref7854},
	12: {"Number of prefixes subjected to treat-as-withdraw", StatCounter32, ref7854},
	13: {"Number of duplicate update messages received", StatCounter32, ref7854},
	14: {"Number of routes in pre-policy Adj-RIB-Out", StatGauge64, ref8671},
	15: {"Number of routes in post-policy Adj-RIB-Out", StatGauge64, ref8671},
	16: {"Number of routes in per-AFI/SAFI pre-policy Adj-RIB-Out", StatFamilyGauge, ref8671},
	17: {"Number of routes in per-AFI/SAFI post-policy Adj-RIB-Out", StatFamilyGauge, ref8671},
	18: {"Number of routes currently in the pre-policy Adj-RIB-In", StatGauge64, ref9972},
	19: {"Number of routes currently in the per-AFI/SAFI pre-policy Adj-RIB-In", StatFamilyGauge, ref9972},
	20: {"Number of routes currently in the post-policy Adj-RIB-In", StatGauge64, ref9972},
	21: {"Number of routes currently in the per-AFI/SAFI post-policy Adj-RIB-In", StatFamilyGauge, ref9972},
	22: {"Number of routes currently in the per-AFI/SAFI pre-policy Adj-RIB-In rejected by an inbound policy", StatFamilyGauge, ref9972},
	23: {"Number of routes currently in the per-AFI/SAFI post-policy Adj-RIB-In accepted by an inbound policy", StatFamilyGauge, ref9972},
	24: {"Number of routes currently in per-AFI/SAFI selected as primary route", StatFamilyGauge, ref9972},
	25: {"Number of routes currently in per-AFI/SAFI selected as a backup route", StatFamilyGauge, ref9972},
	26: {"Number of routes currently in the per-AFI/SAFI post-policy Adj-RIB-In or Loc-RIB suppressed by a configured route-damping policy", StatFamilyGauge, ref9972},
	27: {"Number of routes currently in the per-AFI/SAFI post-policy Adj-RIB-In or Loc-RIB marked as stale by Graceful Restart", StatFamilyGauge, ref9972},
	28: {"Number of routes currently in the per-AFI/SAFI post-policy Adj-RIB-In or Loc-RIB marked as stale by Long-Lived Graceful Restart", StatFamilyGauge, ref9972},
	29: {"Number of routes currently in the post-policy Adj-RIB-In left before exceeding the received-route threshold", StatGauge64, ref9972},
	30: {"Number of routes currently in the per-AFI/SAFI post-policy Adj-RIB-In left before exceeding the received-route threshold", StatFamilyGauge, ref9972},
	31: {"Number of routes currently in the post-policy Adj-RIB-In or Loc-RIB left before exceeding a license-customized route threshold", StatGauge64, ref9972},
	32: {"Number of routes currently in the per-AFI/SAFI post-policy Adj-RIB-In or Loc-RIB left before exceeding a license-customized route threshold", StatFamilyGauge, ref9972},
	33: {"Number of routes currently in the pre-policy Adj-RIB-In rejected due to exceeding the maximum AS_PATH length", StatGauge64, ref9972},
	34: {"Number of routes currently in the per-AFI/SAFI pre-policy Adj-RIB-In rejected due to exceeding the maximum AS_PATH length", StatFamilyGauge, ref9972},
	35: {"Number of routes currently in the per-AFI/SAFI post-policy Adj-RIB-In invalidated after verifying the route origin ASN through ROA of RPKI", StatFamilyGauge, ref9972},
	36: {"Number of routes currently in the per-AFI/SAFI post-policy Adj-RIB-In validated after verifying the route origin ASN through ROA of RPKI", StatFamilyGauge, ref9972},
	37: {"Number of routes currently in the per-AFI/SAFI post-policy Adj-RIB-In whose RPKI route origin validation state is NotFound", StatFamilyGauge, ref9972},
	38: {"Number of routes currently in the per-AFI/SAFI pre-policy Adj-RIB-Out rejected by an outbound policy", StatFamilyGauge, ref9972},
	39: {"Number of routes currently in the pre-policy Adj-RIB-Out filtered due to AS_PATH length exceeding the locally configured maximum", StatGauge64, ref9972},
	40: {"Number of routes currently in the per-AFI/SAFI pre-policy Adj-RIB-Out filtered due to AS_PATH length exceeding the locally configured maximum", StatFamilyGauge, ref9972},
	41: {"Number of routes currently in the per-AFI/SAFI post-policy Adj-RIB-Out invalidated after verifying the route origin ASN through ROA of RPKI", StatFamilyGauge, ref9972},
	42: {"Number of routes currently in the per-AFI/SAFI post-policy Adj-RIB-Out validated after verifying the route origin ASN through ROA of RPKI", StatFamilyGauge, ref9972},
	43: {"Number of routes currently in the per-AFI/SAFI post-policy Adj-RIB-Out whose RPKI route origin validation state is NotFound", StatFamilyGauge, ref9972},
}

func (t StatType) row() statRow {
	if int(t) < len(statTable) {
		return statTable[t]
	}
	return statRow{}
}

// String returns the IANA description, "Experimental" for 65531-65534, or
// "StatType(N)".
func (t StatType) String() string {
	if r := t.row(); r.name != "" {
		return r.name
	}
	return codeString(nil, int(t), "StatType", 65531, 65534)
}

// Width returns the layout the registry gives the type's value, or
// StatUnknown.
func (t StatType) Width() StatWidth { return t.row().width }

// Ref returns the defining document, or "".
func (t StatType) Ref() string { return t.row().ref }
