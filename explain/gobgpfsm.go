package explain

import (
	"regexp"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// GoBGP's debug "state changed" names the states as its log fields, the
// new one first: JSON "new":"BGP_FSM_IDLE","old":"BGP_FSM_OPENSENT",
// logfmt new=BGP_FSM_IDLE old=BGP_FSM_OPENSENT (read in lower case).
var reGoBGPState = regexp.MustCompile(`\b(old|new)"?\s*[:=]\s*"?bgp_fsm_(idle|connect|active|opensent|openconfirm|established)\b`)

// gobgpMove returns the states a GoBGP "state changed" entry (lower
// case) moves between, or "", "" if it names no such pair. The reason's
// type number is left alone: GoBGP renumbered it between versions.
func gobgpMove(lower string) (from, to string) {
	if !strings.Contains(lower, "bgp_fsm_") {
		return "", ""
	}
	for _, m := range reGoBGPState.FindAllStringSubmatch(lower, 4) {
		if m[1] == "old" && from == "" {
			from = m[2]
		} else if m[1] == "new" && to == "" {
			to = m[2]
		}
	}
	if from == "" || to == "" {
		return "", ""
	}
	return from, to
}

// GoBGP's API peer event in protobuf text (its WatchEvent, as kube-vip
// logs it): "state:{... session_state:IDLE ...}".
var reGoBGPAPIState = gate(`\bsession_state:"?(idle|connect|active|opensent|openconfirm|established)\b`)

// gobgpAPIState says which state a GoBGP API peer event (lower case)
// reports, or "".
func gobgpAPIState(lower string) string {
	m := reGoBGPAPIState.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	return "GoBGP's API peer event reports the session in " + m[1] + " (RFC 4271 §8.2.2): " + stateWaits[m[1]]
}

// GoBGP's JSON log (logrus, before its states were logged by name) gives
// the state as its FSMState number: "State":4,"Topic":"Peer". The numbers
// follow RFC 4271 §8.2.2's order, Idle 0 to Established 5.
var reGoBGPNumState = gate(`"state":([0-5])[,}]`)

// gobgpNumState names the state a GoBGP JSON peer entry (lower case)
// gives by number, or "".
func gobgpNumState(lower string) string {
	if !strings.Contains(lower, `"topic":"peer"`) {
		return ""
	}
	m := reGoBGPNumState.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	st := fsmStates[m[1][0]-'0'] // RFC 4271's order, as GoBGP numbers them
	return "GoBGP's \"State\":" + m[1] + " is its FSM state number for " + st + " (RFC 4271 §8.2.2), the state the session was in as the event happened: " + stateWaits[st]
}

// GoBGP's debug "sent" and "received" print the message as a Go struct:
// data="&{{[] 19 4} 0x3686798}" is the header (marker left out, Length,
// Type) and a pointer to the body.
var reGoBGPStruct = gate(`\bdata="?&\{\{\[[^\]]*\] (\d{1,5}) (\d{1,3})\}`)

// Older GoBGP logs JSON (logrus): the same message is
// "data":{"Header":{"Marker":null,"Len":19,"Type":4},"Body":{}}, its
// header's fields by name and an empty body for a KEEPALIVE.
var reGoBGPJSONHeader = gate(`"header":\{"marker":(?:null|\[[^\]]*\]),"len":(\d{1,5}),"type":(\d{1,3})\},"body":\{\}`)

// gobgpStructHeader reads the header of a message GoBGP printed as a Go
// struct or as JSON with an empty body (lower case entry), or "".
func gobgpStructHeader(lower string) string {
	form := "GoBGP's debug print of a message as its Go struct"
	unprinted := "the marker and the body (a pointer) are not printed"
	m := reGoBGPStruct.find(newScan(lower, lower))
	if m == nil {
		if m = reGoBGPJSONHeader.find(newScan(lower, lower)); m == nil {
			return ""
		}
		form = "GoBGP's debug JSON of a message"
		unprinted = "its Body is empty and its marker not printed (null)"
	}
	n, t := atoiOr(m[1], 0), atoiOr(m[2], 0)
	if t > 255 {
		return ""
	}
	s := form + ": the header's Length is " + m[1] + " and its Type " + m[2] + " (" + bgp.MessageType(t).String() + ", RFC 4271 §4.1); " + unprinted
	if t == 4 && n == 19 {
		s += "; a KEEPALIVE is the 19-octet header alone (RFC 4271 §4.4): not an error"
	}
	return s
}

// GoBGP's %v of an UPDATE body (its PR 2667 and debug output):
// &{WithdrawnRoutesLen WithdrawnRoutes TotalPathAttributeLen
// PathAttributes NLRI}, each attribute by its String(): "{Origin: i}",
// the AS_PATH bare ("134911"), "{Aggregate: {AS: 134911, Address: ...}}".
var (
	reGoBGPUpdate     = gate(`^&\{(\d{1,5}) \[[^\]]*\] (\d{1,5}) \[(.*)\] \[(.*)\]\s*$`)
	reGoBGPAggregator = gate(`\{aggregate: \{as: (\d{1,10}),[^}]*\}\}.*\{as4aggregator: \{as: (\d{1,10}),`)
)

// gobgpAttrNames are GoBGP's names of attributes in its print, as the
// registry's.
var gobgpAttrNames = map[string]bgp.AttrType{"mpreach": bgp.AttrMPReachNLRI, "mpunreach": bgp.AttrMPUnreachNLRI, "origin": bgp.AttrOrigin,
	"nexthop": bgp.AttrNextHop, "med": bgp.AttrMultiExitDisc, "localpref": bgp.AttrLocalPref, "atomicaggregate": bgp.AttrAtomicAggregate,
	"aggregate": bgp.AttrAggregator, "communities": bgp.AttrCommunities, "originatorid": bgp.AttrOriginatorID, "clusterlist": bgp.AttrClusterList,
	"extcomms": bgp.AttrExtCommunities, "as4path": bgp.AttrAS4Path, "as4aggregator": bgp.AttrAS4Aggregator,
	"largecommunity": bgp.AttrLargeCommunities, "prefixsid": bgp.AttrPrefixSID}

// gobgpStructUpdate reads GoBGP's print of an UPDATE body (lower case
// entry), or "".
func gobgpStructUpdate(lower string) string {
	m := reGoBGPUpdate.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	s := "GoBGP's print of an UPDATE as its Go struct (WithdrawnRoutesLen, WithdrawnRoutes, TotalPathAttributeLen, PathAttributes, NLRI; RFC 4271 §4.3): " +
		m[1] + " octets of withdrawn routes, " + m[2] + " octets of path attributes"
	if strings.TrimSpace(m[4]) == "" {
		s += ", an empty NLRI field"
	}
	names := gobgpAttrsPrinted(m[3])
	if len(names) > 0 {
		s += "; the attributes, in GoBGP's words (the AS_PATH printed bare, as its AS numbers): " + strings.Join(names, ", ")
	}
	if a := reGoBGPAggregator.find(newScan(m[3], m[3])); a != nil && atoiOr(a[1], 0) > 65535 {
		s += "; AGGREGATOR already holds the 4-octet AS " + a[1] + ", so the session carries 4-octet AS numbers, and AS4_AGGREGATOR belongs only on a session with a speaker without them: between two speakers with them it must not be sent, and is discarded on receipt (RFC 6793 §3)"
	}
	return s
}

// gobgpAttrsPrinted names the attributes of GoBGP's printed list, in
// order: each "{Name: ...}" at the top level, and the AS_PATH, which it
// prints bare.
func gobgpAttrsPrinted(list string) []string {
	var names []string
	depth, start := 0, -1
	for i := 0; i < len(list); i++ {
		switch c := list[i]; {
		case c == '{':
			if depth == 0 {
				start = i + 1
			}
			depth++
		case c == '}':
			if depth--; depth == 0 && start >= 0 {
				key := strings.TrimSpace(list[start:min(i, start+strings.IndexAny(list[start:i]+":", ":("))])
				if t, ok := gobgpAttrNames[key]; ok {
					names = append(names, t.String())
				}
			}
		case depth == 0 && isDigit(c) && (i == 0 || list[i-1] == ' '):
			names = append(names, bgp.AttrASPath.String())
			for i < len(list) && list[i] != '{' && list[i] != ']' {
				i++ // the path's numbers and set braces: one attribute
			}
			i--
		}
	}
	return names
}
