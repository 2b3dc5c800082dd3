package explain

import (
	"slices"
	"strconv"
	"strings"
)

// This file reads BGP state as monitoring and automation tools show it:
// the MIBs' varbinds and traps as SNMP tools print them, Prometheus
// exporters' metrics, NAPALM's neighbour dictionaries and a monitoring
// plugin's summary.

// reMIBState is a state in the BGP4-MIB (RFC 4273 bgpPeerState: idle(1)
// to established(6)), as Huawei's traps print it ("BgpPeerState = 2"), a
// trap receiver prints a varbind ("bgpPeerState.10.0.0.1 | BGP4-MIB | 6",
// "= INTEGER: established(6)", snmptrapd's "bgpPeerState.10.0.0.1
// established") and tcpdump or snmptrapd -On by number
// (".1.3.6.1.2.1.15.3.1.2.10.0.0.1=6"); CISCO-BGP4-MIB's cbgpPeerPrevState
// (and the Peer2 and BGP4V2 tables) number theirs the same way, "prev"
// naming the state left.
var reMIBState = gate(`(?:\b(?:c|jnx)?bgp(?:4v2|m2)?peer2?(prev)?state|\b1\.3\.6\.1\.2\.1\.15\.3\.1\.2)(?:\.[0-9a-f.:]+)?` +
	`(?:\s*(?:[=:]|\|[^|\n]{0,40}\|)\s*(?:integer:\s*)?(?:[a-z]+\()?"?([1-6])\b|\s+(idle|connect|active|opensent|openconfirm|established)\b)`)

// reMIBTrap is the trap's identity: RFC 4273's notifications by name
// (bgpEstablished, bgpBackwardTransition and their ...Notification
// successors) or number (bgpTraps 1.3.6.1.2.1.15.7.n, bgpNotification
// 1.3.6.1.2.1.15.0.n), and the Zebra enterprise's bgpd traps that Quagga
// and FRR send (GNOME-PRODUCT-ZEBRA-MIB::bgpd.0.n, 1.3.6.1.4.1.3317.1.2.2.0.n):
// 1 established, 2 backward.
var reMIBTrap = gate(`\bbgp(established|backwardtrans)|(?:\b1\.3\.6\.1\.2\.1\.15\.[07]|zebra-mib::bgpd\.0|\b1\.3\.6\.1\.4\.1\.3317\.1\.2\.2\.0)\.([12])\b`)

// mibTrap returns "established" or "backward" for the trap the entry
// (lower case) reports, or "".
func mibTrap(lower string) string {
	m := reMIBTrap.find(newScan(lower, lower))
	switch {
	case m == nil:
		return ""
	case m[1] == "established" || m[2] == "1":
		return "established"
	}
	return "backward"
}

// mibTrapNames says what each trap reports (RFC 4273 §4's notifications).
var mibTrapNames = map[string]string{
	"established": "the trap is bgpEstablished (RFC 4273): the session entered Established",
	"backward":    "the trap is bgpBackwardTransition (RFC 4273): the session moved from a higher numbered state to a lower one, usually out of Established: it went down",
}

// mibState says what a state the MIB's way means, with the trap that
// carries it when the entry names one; "" if none.
func mibState(lower string) string {
	m := reMIBState.find(newScan(lower, lower))
	trap := mibTrap(lower)
	if m == nil {
		if trap != "" {
			return mibTrapNames[trap]
		}
		return ""
	}
	num := m[2]
	if num == "" {
		num = strconv.Itoa(slices.Index(fsmStates, m[3]) + 1)
	}
	state := fsmStates[atoiOr(num, 1)-1]
	if m[1] != "" {
		return "the session left " + state + ": state " + num + " in the MIB's numbering (CISCO-BGP4-MIB cbgpPeerPrevState, numbered as RFC 4273's bgpPeerState, of RFC 4271 §8.2.2's states) is the one before this change; the trap's bgpPeerState is the one it moved to"
	}
	s := "bgpPeerState " + num + " is " + state + " (RFC 4273's numbering of RFC 4271 §8.2.2's states)"
	backward := trap == "backward" || strings.Contains(lower, "backward") || strings.Contains(lower, "higher numbered state to a lower")
	switch {
	case backward && state == "established":
		return mibTrapNames["backward"] + "; its " + s + ": bgpd (Quagga, FRR) has sent this trap with the state the session left, a known fault of its traps (FRR issues 4840, 5963), so the session did go down; its last error (bgpPeerLastError) says why" + mibNoError(lower)
	case backward:
		return "the session fell back to a lower state (RFC 4273 bgpBackwardTransition), now " + s + ": it went down or its attempt failed; its last error (bgpPeerLastError) or the entries logged with it say why"
	case trap == "established":
		return mibTrapNames["established"] + "; " + s + mibNoError(lower)
	}
	return "the session is in " + state + ": " + s + "; " + stateWaits[state] + mibNoError(lower)
}

// mibNoError says that a last error of 00 00 names none: RFC 4273's
// bgpPeerLastError is zero until an error occurs.
func mibNoError(lower string) string {
	if m := reMIBLastError.find(newScan(lower, lower)); m != nil && m[1] == "00" && m[2] == "00" {
		return "; its last error (bgpPeerLastError) 00 00 is the MIB's zero: no NOTIFICATION seen on this connection yet"
	}
	return ""
}

// exporterMetric is one Prometheus metric an exporter writes per peer:
// the exporter, and what the metric or each of its values means.
type exporterMetric struct {
	tool    string
	meaning string            // for a counter or gauge of amounts
	values  map[string]string // for a state gauge: its values
}

// exporterMetrics are the metrics read, by name, as their exporters
// document them (frr_exporter, MetalLB and FRR-K8s, bird_exporter).
var exporterMetrics = map[string]exporterMetric{
	"frr_bgp_peer_state": {tool: "frr_exporter", values: map[string]string{
		"0": "the session is not Established (any other state) and not shut down",
		"1": "the session is Established",
		"2": "the neighbour is shut down by configuration (FRR's Idle (Admin)); no session is attempted",
	}},
	"metallb_bgp_session_up":                       {tool: "MetalLB", values: upDown},
	"frrk8s_bgp_session_up":                        {tool: "FRR-K8s", values: upDown},
	"bird_protocol_up":                             {tool: "bird_exporter", values: map[string]string{"0": "the protocol is not up (for BGP: the session is not Established)", "1": "the protocol is up (for BGP: the session is Established)"}},
	"frr_bgp_peer_prefixes_advertised_count_total": {tool: "frr_exporter", meaning: "the number of prefixes advertised to the peer in this address family"},
	"frr_bgp_peer_prefixes_received_count_total":   {tool: "frr_exporter", meaning: "the number of prefixes received from the peer in this address family"},
	"frr_bgp_peer_message_received_total":          {tool: "frr_exporter", meaning: "the number of BGP messages received from the peer (all types, OPEN to ROUTE-REFRESH)"},
	"frr_bgp_peer_message_sent_total":              {tool: "frr_exporter", meaning: "the number of BGP messages sent to the peer (all types, OPEN to ROUTE-REFRESH)"},
	"frr_bgp_peer_uptime_seconds":                  {tool: "frr_exporter", meaning: "the seconds since the session came up (FRR's Up/Down time)"},
}

// upDown are the values of a session's up gauge.
var upDown = map[string]string{"0": "the session is not Established", "1": "the session is Established"}

// reMetric is a Prometheus sample: name{labels} value, as the exposition
// format writes it or a test quotes it ("name{labels}": 0.0).
var reMetric = gate(`\b([a-z][a-z0-9_]*(?:bgp|bird)[a-z0-9_]*)\{([^}\n]*)\}"?:?\s+(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)`)

// rePeerLabel is a sample's peer label, quoted or not.
var rePeerLabel = gate(`\bpeer="?([^",}]+)`)

// exporterSamples says what each known metric sample in the entry
// (lower case) means.
func exporterSamples(lower string) string {
	var out []string
	for _, m := range reMetric.findAll(newScan(lower, lower), 20) {
		e, ok := exporterMetrics[m[1]]
		if !ok {
			continue
		}
		v := m[3]
		if f, err := strconv.ParseFloat(v, 64); err == nil && f == float64(int64(f)) {
			v = strconv.FormatInt(int64(f), 10)
		}
		s := "the metric " + m[1] + " of " + e.tool
		if p := rePeerLabel.find(newScan(m[2], m[2])); p != nil {
			s += " for peer " + p[1]
		}
		s += " is " + v + ": "
		switch w, ok := e.values[v]; {
		case e.values == nil:
			s += e.meaning
		case ok:
			s += w
		default:
			s += "a value the exporter does not define"
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

// reNapalm is one key of NAPALM's get_bgp_neighbors dictionary, printed
// by Python or as JSON: is_up (the session is Established), is_enabled
// (not shut down by configuration).
var reNapalm = gate(`['"](is_up|is_enabled)['"]\s*:\s*(true|false)\b`)

// reNapalmUptime is the neighbour's uptime key, in seconds.
var reNapalmUptime = gate(`['"]uptime['"]\s*:\s*(\d{1,10})\b`)

// secondsSpan writes a number of seconds as days, hours, minutes and
// seconds: "46d 01:56:11".
func secondsSpan(n int) string {
	d, h, m, sec := n/86400, n/3600%24, n/60%60, n%60
	two := func(v int) string { return strconv.Itoa(v/10) + strconv.Itoa(v%10) }
	return strconv.Itoa(d) + "d " + two(h) + ":" + two(m) + ":" + two(sec)
}

// reNapalmPeerKey is a dictionary keyed by an IPv4 address, as
// get_bgp_neighbors keys its peers (get_interfaces keys by name).
var reNapalmPeerKey = gate(`['"](?:\d{1,3}\.){3}\d{1,3}['"]\s*:\s*\{`)

// napalmNeighbor says what NAPALM's reading of a neighbour means; only in
// an entry that holds the neighbour's AS or is keyed by its address
// (get_interfaces has is_up too).
func napalmNeighbor(lower string) string {
	if !strings.Contains(lower, "remote_as") && !reNapalmPeerKey.match(newScan(lower, lower)) {
		return ""
	}
	got := map[string]string{}
	for _, m := range reNapalm.findAll(newScan(lower, lower), 4) {
		got[m[1]] = m[2]
	}
	if len(got) == 0 {
		return ""
	}
	var out []string
	switch got["is_up"] {
	case "true":
		out = append(out, "NAPALM get_bgp_neighbors is_up True: the session is Established")
	case "false":
		out = append(out, "NAPALM get_bgp_neighbors is_up False: the session is not Established (any other state of RFC 4271 §8.2.2)")
	}
	switch got["is_enabled"] {
	case "true":
		out = append(out, "is_enabled True: not shut down by configuration")
	case "false":
		out = append(out, "is_enabled False: shut down by configuration (the operator's stop, Idle (Admin))")
	}
	if m := reNapalmUptime.find(newScan(lower, lower)); m != nil {
		out = append(out, "uptime "+m[1]+" is in seconds ("+secondsSpan(atoiOr(m[1], 0))+"): how long the session has been up, or, for one that is down, how long since it went down (as Junos's driver reads it)")
	}
	if got["is_up"] == "true" && got["is_enabled"] == "false" {
		out = append(out, "the two contradict: a session shut down by configuration is not Established, so the driver misread one of them (its admin state, as NAPALM's IOS XR driver did)")
	}
	return strings.Join(out, "; ")
}

// reCentreon is centreon-plugins' bgppeerstate summary: the MIB's admin
// status and state in its words ("AdminState=start Connection=idle"), or
// the established state it reports with its age.
var reCentreon = gate(`\badminstate=(start|stop)\s+connection=(idle|connect|active|opensent|openconfirm|established)\b|\bpeer are in an? (established) state since ([^|\n]{1,40}?)\s*(?:\||$)`)

// reCentreonDetail is the rest of centreon-plugins' summary: the remote
// port (bgpPeerRemotePort) and the seconds since the last UPDATE
// (bgpPeerInUpdateElapsedTime).
var reCentreonDetail = gate(`\[remote addr:[^\]]*?:(\d{1,5}) as:[^\]]*\]\s*\[last update (\d{1,10}) s\]`)

// centreonPeer says what centreon-plugins' summary of a peer means.
func centreonPeer(lower string) string {
	m := reCentreon.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	state := m[2] + m[3]
	s := "the session is in " + state + " (RFC 4271 §8.2.2): " + stateWaits[state]
	if m[4] != "" {
		s += "; for " + m[4] + " (bgpPeerFsmEstablishedTime)"
	}
	switch m[1] {
	case "start":
		s += "; its admin status is start(2) (RFC 4273 bgpPeerAdminStatus): configured to run, not stopped by the operator"
	case "stop":
		s += "; its admin status is stop(1) (RFC 4273 bgpPeerAdminStatus): stopped by the operator"
	}
	if d := reCentreonDetail.find(newScan(lower, lower)); d != nil {
		if d[1] == "0" {
			s += "; remote port 0 (bgpPeerRemotePort): no TCP connection is up"
		} else {
			s += "; remote port " + d[1] + " (bgpPeerRemotePort)"
		}
		s += "; last update " + d[2] + " s (bgpPeerInUpdateElapsedTime): seconds since the last UPDATE arrived, 0 when none has"
	}
	return s
}

// monitoringShown says what the entry's state as a monitoring or
// automation tool shows it means, or "".
func monitoringShown(lower string) string {
	for _, f := range []func(string) string{exporterSamples, napalmNeighbor, centreonPeer} {
		if s := f(lower); s != "" {
			return s
		}
	}
	return ""
}
