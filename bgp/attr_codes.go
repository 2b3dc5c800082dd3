package bgp

// AttrType is a path attribute type code (RFC 4271 §4.3; IANA "BGP Path
// Attributes").
type AttrType uint8

// Path attribute type codes.
const (
	AttrOrigin             AttrType = 1   // RFC 4271 §5.1.1
	AttrASPath             AttrType = 2   // RFC 4271 §5.1.2
	AttrNextHop            AttrType = 3   // RFC 4271 §5.1.3
	AttrMultiExitDisc      AttrType = 4   // RFC 4271 §5.1.4
	AttrLocalPref          AttrType = 5   // RFC 4271 §5.1.5
	AttrAtomicAggregate    AttrType = 6   // RFC 4271 §5.1.6
	AttrAggregator         AttrType = 7   // RFC 4271 §5.1.7
	AttrCommunities        AttrType = 8   // RFC 1997
	AttrOriginatorID       AttrType = 9   // RFC 4456 §8
	AttrClusterList        AttrType = 10  // RFC 4456 §8
	AttrMPReachNLRI        AttrType = 14  // RFC 4760 §3
	AttrMPUnreachNLRI      AttrType = 15  // RFC 4760 §4
	AttrExtCommunities     AttrType = 16  // RFC 4360
	AttrAS4Path            AttrType = 17  // RFC 6793
	AttrAS4Aggregator      AttrType = 18  // RFC 6793
	AttrPMSITunnel         AttrType = 22  // RFC 6514
	AttrTunnelEncap        AttrType = 23  // RFC 9012
	AttrTrafficEngineering AttrType = 24  // RFC 5543
	AttrIPv6ExtCommunities AttrType = 25  // RFC 5701
	AttrAIGP               AttrType = 26  // RFC 7311
	AttrPEDistinguisher    AttrType = 27  // RFC 6514
	AttrBGPLS              AttrType = 29  // RFC 9552
	AttrLargeCommunities   AttrType = 32  // RFC 8092
	AttrBGPsecPath         AttrType = 33  // RFC 8205
	AttrOTC                AttrType = 35  // RFC 9234 (Only to Customer)
	AttrDPath              AttrType = 36  // RFC 9015
	AttrSFP                AttrType = 37  // RFC 9015
	AttrBFDDiscriminator   AttrType = 38  // RFC 9026
	AttrPrefixSID          AttrType = 40  // RFC 8669
	AttrSet                AttrType = 128 // RFC 6368
)

// Expected Optional/Transitive bits of an attribute, as a mask of AttrFlags.
const (
	wellKnown  = FlagTransitive
	optTrans   = FlagOptional | FlagTransitive
	optNonTran = FlagOptional
)

// attrInfo is one row of the path attribute registry. Everything that
// depends on the type code reads this row: String, JSON names, flag checks,
// the RFC 7606 action and the explainer's labels.
type attrInfo struct {
	name  string    // the RFC's spelling, e.g. "AS_PATH"
	json  string    // snake_case for JSON output
	ref   string    // defining document and section
	flags AttrFlags // expected Optional and Transitive bits
	onErr Action    // RFC 7606 §7 (or the attribute's own RFC) when malformed
	size  int       // exact value length, or 0 when variable
	// value says whether a value of the right length is well formed
	// (attr_check.go); nil when any value is. Check, the getters and the
	// explainer all ask it.
	value valueCheck
}

var attrTable = [256]attrInfo{
	AttrOrigin:             {"ORIGIN", "origin", "RFC 4271 §5.1.1", wellKnown, TreatAsWithdraw, 1, checkOrigin},
	AttrASPath:             {"AS_PATH", "as_path", "RFC 4271 §5.1.2", wellKnown, TreatAsWithdraw, 0, checkASPathValue},
	AttrNextHop:            {"NEXT_HOP", "next_hop", "RFC 4271 §5.1.3", wellKnown, TreatAsWithdraw, 4, nil},
	AttrMultiExitDisc:      {"MULTI_EXIT_DISC", "med", "RFC 4271 §5.1.4", optNonTran, TreatAsWithdraw, 4, nil},
	AttrLocalPref:          {"LOCAL_PREF", "local_pref", "RFC 4271 §5.1.5", wellKnown, TreatAsWithdraw, 4, nil},
	AttrAtomicAggregate:    {"ATOMIC_AGGREGATE", "atomic_aggregate", "RFC 4271 §5.1.6", wellKnown, AttributeDiscard, 0, checkEmpty},
	AttrAggregator:         {"AGGREGATOR", "aggregator", "RFC 4271 §5.1.7, RFC 6793", optTrans, AttributeDiscard, 0, checkAggregator},
	AttrCommunities:        {"COMMUNITIES", "communities", "RFC 1997", optTrans, TreatAsWithdraw, 0, checkCommunities},
	AttrOriginatorID:       {"ORIGINATOR_ID", "originator_id", "RFC 4456 §8", optNonTran, TreatAsWithdraw, 4, nil},
	AttrClusterList:        {"CLUSTER_LIST", "cluster_list", "RFC 4456 §8", optNonTran, TreatAsWithdraw, 0, checkClusterList},
	AttrMPReachNLRI:        {"MP_REACH_NLRI", "mp_reach_nlri", "RFC 4760 §3", optNonTran, SessionReset, 0, nil},
	AttrMPUnreachNLRI:      {"MP_UNREACH_NLRI", "mp_unreach_nlri", "RFC 4760 §4", optNonTran, SessionReset, 0, nil},
	AttrExtCommunities:     {"EXTENDED_COMMUNITIES", "extended_communities", "RFC 4360 §2", optTrans, TreatAsWithdraw, 0, checkExtCommunities},
	AttrAS4Path:            {"AS4_PATH", "as4_path", "RFC 6793 §3", optTrans, AttributeDiscard, 0, checkAS4Path},
	AttrAS4Aggregator:      {"AS4_AGGREGATOR", "as4_aggregator", "RFC 6793 §3", optTrans, AttributeDiscard, 8, checkAS4Aggregator},
	AttrPMSITunnel:         {"PMSI_TUNNEL", "pmsi_tunnel", "RFC 6514 §5", optTrans, TreatAsWithdraw, 0, checkPMSI},
	AttrTunnelEncap:        {"TUNNEL_ENCAPSULATION", "tunnel_encapsulation", "RFC 9012 §2", optTrans, TreatAsWithdraw, 0, checkTunnelEncap},
	AttrTrafficEngineering: {"TRAFFIC_ENGINEERING", "traffic_engineering", "RFC 5543 §2", optNonTran, TreatAsWithdraw, 0, nil},
	AttrIPv6ExtCommunities: {"IPV6_ADDRESS_SPECIFIC_EXTENDED_COMMUNITY", "ipv6_extended_communities", "RFC 5701 §2", optTrans, TreatAsWithdraw, 0, checkIPv6ExtCommunities},
	AttrAIGP:               {"AIGP", "aigp", "RFC 7311 §3", optNonTran, AttributeDiscard, 0, checkAIGPValue},
	AttrPEDistinguisher:    {"PE_DISTINGUISHER_LABELS", "pe_distinguisher_labels", "RFC 6514 §8", optTrans, TreatAsWithdraw, 0, nil},
	AttrBGPLS:              {"BGP-LS", "bgp_ls", "RFC 9552 §5.3", optNonTran, AttributeDiscard, 0, checkBGPLSAttr},
	AttrLargeCommunities:   {"LARGE_COMMUNITY", "large_communities", "RFC 8092 §3", optTrans, TreatAsWithdraw, 0, checkLargeCommunities},
	AttrBGPsecPath:         {"BGPsec_PATH", "bgpsec_path", "RFC 8205 §3", optNonTran, TreatAsWithdraw, 0, checkBGPsec},
	AttrOTC:                {"OTC", "otc", "RFC 9234 §5", optTrans, TreatAsWithdraw, 4, nil},
	AttrDPath:              {"D-PATH", "d_path", "RFC 9015 §3.2.1", optTrans, TreatAsWithdraw, 0, nil},
	AttrSFP:                {"SFP", "sfp", "RFC 9015 §3.2.1", optTrans, TreatAsWithdraw, 0, nil},
	AttrBFDDiscriminator:   {"BFD_DISCRIMINATOR", "bfd_discriminator", "RFC 9026 §3.1.6", optTrans, TreatAsWithdraw, 0, nil},
	AttrPrefixSID:          {"BGP_PREFIX_SID", "bgp_prefix_sid", "RFC 8669 §3", optTrans, AttributeDiscard, 0, checkPrefixSID},
	AttrSet:                {"ATTR_SET", "attr_set", "RFC 6368 §5", optTrans, TreatAsWithdraw, 0, checkAttrSet},
	// Deprecated or historic code points keep their names so logs make sense.
	11:  {"DPA", "dpa", "draft-ietf-idr-bgp-dpa (deprecated)", optTrans, TreatAsWithdraw, 0, nil},
	12:  {"ADVERTISER", "advertiser", "RFC 1863 (historic)", optNonTran, TreatAsWithdraw, 0, nil},
	13:  {"RCID_PATH / CLUSTER_ID", "rcid_path", "RFC 1863 (historic)", optTrans, TreatAsWithdraw, 0, nil},
	19:  {"SAFI Specific Attribute", "ssa", "draft-kapoor-nalawade-idr-bgp-ssa (deprecated)", optTrans, TreatAsWithdraw, 0, nil},
	20:  {"Connector Attribute", "connector", "RFC 6037 (deprecated)", optTrans, TreatAsWithdraw, 0, nil},
	21:  {"AS_PATHLIMIT", "as_pathlimit", "draft-ietf-idr-as-pathlimit (deprecated)", optTrans, TreatAsWithdraw, 0, nil},
	28:  {"BGP Entropy Label Capability", "entropy_label", "RFC 6790 (deprecated)", optTrans, TreatAsWithdraw, 0, nil},
	255: {"Reserved for development", "development", "RFC 2042", optTrans, TreatAsWithdraw, 0, nil},
}

// String returns the RFC name of the attribute, e.g. "AS_PATH", or
// "AttrType(N)" for an unassigned code.
func (t AttrType) String() string {
	if n := attrTable[t].name; n != "" {
		return n
	}
	return UnnamedCode(t, "AttrType")
}

// JSONName returns the snake_case name used in JSON output, or
// "attr_N" for an unassigned code.
func (t AttrType) JSONName() string {
	if n := attrTable[t].json; n != "" {
		return n
	}
	return "attr_" + itoa(int(t))
}

// Ref returns the document and section that define the attribute, or "".
func (t AttrType) Ref() string { return attrTable[t].ref }

// Known reports whether the type code is in the registry.
func (t AttrType) Known() bool { return attrTable[t].name != "" }

// ExpectedFlags returns the Optional and Transitive bits the registry
// prescribes for the attribute, and false for an unassigned code.
func (t AttrType) ExpectedFlags() (AttrFlags, bool) {
	r := attrTable[t]
	return r.flags, r.name != ""
}

// ErrorAction is the RFC 7606 action for a malformed attribute of type t.
// Unknown optional attributes are passed on, not judged, so for them this
// is the default treat-as-withdraw.
func (t AttrType) ErrorAction() Action {
	if a := attrTable[t].onErr; a != NoAction {
		return a
	}
	return TreatAsWithdraw
}
