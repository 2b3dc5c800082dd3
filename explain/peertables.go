package explain

import (
	"net/netip"
	"slices"
	"strings"
)

// This file reads the peers' states that a show command lists several
// of at once: the summary tables (FRR's and FortiOS's show bgp summary,
// Junos's show bgp summary, SR OS's show router bgp summary, VRP's and
// Comware's display bgp peer) and the per-peer lists of PAN-OS's show
// routing protocol bgp summary and RouterOS's peer print status.

// rePeerTableHead is a summary table's column head up to its state
// column, with the counts that column holds once a session is up:
// "Up/Down  State/PfxRcd" (FRR, FortiOS, IOS), "Up/Down   State|Recv/Actv/Sent"
// (SR OS), "Last Up/Dwn State|#Active/Received/Accepted/Damped..." (Junos),
// "Up/Down       State PrefRcv" (VRP: prefixes in a column of their own).
var rePeerTableHead = gate(`\bup/(?:down|dwn)\s+state([|/][#a-z/.]+)?`)

// tableStates are the state column's words: RFC 4271 §8.2.2's states, as
// Junos cuts Established.
var tableStates = map[string]string{"idle": "idle", "connect": "connect", "active": "active", "opensent": "opensent",
	"openconfirm": "openconfirm", "established": "established", "establ": "established"}

// stateNames are the states as RFC 4271 §8.2.2 spells them.
var stateNames = map[string]string{"idle": "Idle", "connect": "Connect", "active": "Active", "opensent": "OpenSent",
	"openconfirm": "OpenConfirm", "established": "Established", "clearing": "Clearing"}

// countNames says what the names of a state column's counts mean.
var countNames = map[string]string{"pfxrcd": "prefixes received", "recv": "routes received", "actv": "active (best)",
	"sent": "sent", "active": "active (best)", "received": "received", "accepted": "accepted after import policy", "damped": "damped"}

// peerState is one peer's row: its address, state and, once Established,
// the counts its state column holds instead.
type peerState struct{ peer, state, counts, name string }

// peerTable says what the rows of a summary table in the entry (lower
// case) show, or "".
func peerTable(lower string) string {
	at := rePeerTableHead.findIndex(newScan(lower, lower))
	if at == nil {
		return ""
	}
	var labels []string
	if at[2] >= 0 {
		for _, l := range strings.Split(strings.Trim(lower[at[2]+1:at[3]], "#."), "/") {
			labels = append(labels, countNames[strings.Trim(l, "#.")])
		}
	}
	lines := strings.Split(lower[at[1]:], "\n")
	// SONiC's CLI adds a NeighborName column after the state's.
	named := strings.TrimSpace(lines[0]) == "neighborname"
	var rows []peerState
	for _, line := range lines[1:] {
		fs := strings.Fields(line)
		name := ""
		if named && len(fs) > 2 {
			name, fs = fs[len(fs)-1], fs[:len(fs)-1]
		}
		n := len(rows)
		if rows = tableRow(rows, fs); len(rows) > n {
			rows[n].name = name
		}
	}
	s := peersSaid(rows, labels)
	if s == "" {
		return ""
	}
	if named {
		s += "; NeighborName is SONiC's column: the neighbour's name from its CONFIG_DB entry (BGP_NEIGHBOR), not anything BGP sends"
	}
	return "a summary table of the BGP peers: each row's State column is the session's state (RFC 4271 §8.2.2) or, once it is Established, the routes counted in its place; " + s
}

// tableRow adds what a row's fields show to rows: a row opening with the
// peer's address, that address alone on its line (SR OS wraps it), or the
// counts of the previous peer on a line of their own (Junos's RIB lines).
func tableRow(rows []peerState, fs []string) []peerState {
	if len(fs) == 0 {
		return rows
	}
	if _, err := netip.ParseAddr(fs[0]); err == nil {
		rows = append(rows, peerState{peer: fs[0]})
		fs = fs[1:]
	}
	if len(rows) == 0 || len(fs) == 0 {
		return rows
	}
	r := &rows[len(rows)-1]
	word := false
	for i := len(fs) - 1; i >= 0 && !word; i-- {
		if st, ok := tableStates[fs[i]]; ok && r.state == "" {
			r.state, word = st, true
		}
	}
	// Counts in the state column: on the row (FRR, SR OS) or on the
	// peer's next line (Junos's "inet.0: 23/224/224/0" after "Establ");
	// not a column after a state word (VRP's PrefRcv).
	if c := fs[len(fs)-1]; !word && r.counts == "" && (r.state == "" || r.state == "established") && isCounts(c) && len(fs) > 1 {
		r.state, r.counts = "established", c
	}
	return rows
}

// tableHead reports whether a line is a summary table's column head.
func tableHead(line string) bool {
	l := strings.ToLower(line)
	return rePeerTableHead.match(newScan(l, l))
}

// isCounts reports whether a field is a state column's counts: "2/2/1",
// "23/224/224/0", or FRR's prefixes received alone.
func isCounts(f string) bool {
	for _, p := range strings.Split(f, "/") {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}

// peersSaid groups the peers by state and says what each state means,
// with the counts of those Established named by labels; "" if no peer
// shows a state.
func peersSaid(rows []peerState, labels []string) string {
	var parts []string
	for _, st := range fsmStates {
		var peers []string
		for _, r := range rows {
			if r.state != st {
				continue
			}
			p := r.peer
			if r.name != "" {
				p += " (" + r.name + ")"
			}
			if r.counts != "" {
				p += " (" + countsSaid(r.counts, labels) + ")"
			}
			peers = append(peers, p)
		}
		if len(peers) > 0 {
			parts = append(parts, stateNames[st]+": "+strings.Join(peers, ", ")+": "+stateWaits[st])
		}
	}
	return strings.Join(parts, "; ")
}

// countsSaid names each of a row's counts by its column label.
func countsSaid(counts string, labels []string) string {
	ns := strings.Split(counts, "/")
	if len(ns) != len(labels) || slices.Contains(labels, "") {
		return counts
	}
	for i, n := range ns {
		ns[i] = n + " " + labels[i]
	}
	return strings.Join(ns, ", ")
}

// Per-peer lists: PAN-OS's "peer NAME: AS 65253, Established, IP
// 192.168.1.1" and RouterOS v6's records "remote-address=… state=idle".
var (
	rePanPeer      = gate(`\bpeer [^\n:]{1,60}: as \d{1,10}, ([a-z]+), ip (\S+)`)
	reROSAddress   = gate(`\bremote-address=(\S+)`)
	reROSPeerState = gate(`\bstate=([a-z]+)`)
)

// peerList says what the states of the peers a list in the entry (lower
// case) shows mean, or "".
func peerList(lower string) string {
	t := newScan(lower, lower)
	var rows []peerState
	for _, m := range rePanPeer.findAll(t, -1) {
		rows = append(rows, peerState{peer: m[2], state: tableStates[m[1]]})
	}
	if addrs, states := reROSAddress.findAll(t, -1), reROSPeerState.findAll(t, -1); len(rows) == 0 && len(addrs) > 1 && len(addrs) == len(states) {
		for i, m := range addrs {
			rows = append(rows, peerState{peer: m[1], state: tableStates[states[i][1]]})
		}
	}
	if len(rows) < 2 {
		return ""
	}
	if s := peersSaid(rows, nil); s != "" {
		return "the peers listed, by the state of each one's session (RFC 4271 §8.2.2): " + s
	}
	return ""
}

// showEvents are sessionEvents rows for the words of neighbour show
// output, kept here by topic.
var showEvents = eventRows("show")

// reSessionCounts is the session counts of IOS's, FRR's and FortiOS's
// show bgp neighbors: "Connections established 9; dropped 8".
var reSessionCounts = gate(`\bconnections established (\d{1,9}); dropped (\d{1,9})\b`)

// sessionCounts says what the counts mean for the session now.
func sessionCounts(lower string) string {
	m := reSessionCounts.find(newScan(lower, lower))
	if m == nil {
		return ""
	}
	up, down := atoiOr(m[1], 0), atoiOr(m[2], 0)
	s := "; up " + m[1] + " times, down " + m[2]
	switch {
	case up == down+1:
		return s + ": it is up now, and went down " + m[2] + " times before (each time with a reason: the last reset line names the latest)"
	case up == down:
		return s + ": it is down now (every session it brought up ended)"
	}
	return s
}

// reROSFlagged is a RouterOS record's number and its flag E.
var reROSFlagged = gate(`(?m)^\s*\d{1,5} e\b`)

// rosFlagged counts the records flagged E.
func rosFlagged(lower string) string {
	n := len(reROSFlagged.findAll(newScan(lower, lower), -1))
	if n == 0 {
		return ""
	}
	return "; sessions flagged E here: " + itoa(n)
}
