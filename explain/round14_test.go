package explain

import "testing"

// Round 14: real lines held out from the corpus (testdata/loglines
// README, "Round 14"), from firewalls' and clouds' documentation, by
// class. Each case names what the words say that was not read before.

// FortiOS's (ZebOS's) debug tags make a line a BGP one even when it is
// quoted without its "BGP: <address>-" prefix.
func TestRound14FortiOSDebugContext(t *testing.T) {
	says(t, `Outgoing [DECODE] Open Cap: unrecognized capability code 66 len 0"`, "ignores it, as RFC 5492 §4")
	says(t, `2025-11-04 01:53:22 [root] Outgoing [FSM] State: Idle Event: 3`, "FSM event 3 AutomaticStart")
	// "Outgoing" alone is any program's word.
	says(t, "app[12]: Outgoing connection refused by 10.0.0.5", "", "TcpConnectionFails")
}

// FortiOS's traces number what they name: a capability by its code, a
// message header by its type.
func TestRound14FortiOSTraceNumbers(t *testing.T) {
	says(t, `Outgoing [DECODE] Open Cap: Cap Code 66, Cap Len 0"`, "capability code 66 is Deprecated")
	says(t, `BGP: 10.0.0.1-Outgoing [DECODE] Open Cap: Cap Code 64, Cap Len 2`, "capability code 64 is Graceful Restart")
	says(t, `Outgoing [ENCODE] Msg-Hdr: Type 3"`, "builds (encode) to send: type 3 is NOTIFICATION")
	says(t, `BGP: 10.0.0.1-Outgoing [DECODE] Msg-Hdr: Type 2`, "reads (decode) as it arrives: type 2 is UPDATE", "NOTIFICATION's code")
	says(t, `Outgoing [DECODE] Open DYN: Cap-length error 3"`, "Capability Length (RFC 5492 §4)")
}

// Words of one event each with no row before: FortiOS's table scan, NSM
// message and graceful restart deferral, a router's "Session
// Established", FRR zebra losing bgpd.
func TestRound14EventWords(t *testing.T) {
	says(t, "2025-08-23 22:11:55 [root] BGP: [RIB] Scanning BGP Network Routes for VRF 0...", "routine housekeeping")
	says(t, "2025-08-23 22:11:55 [root] BGP: [RIB] Scanning BGP RIB for VRF 0...", "routine housekeeping")
	says(t, "2025-08-23 22:12:05 [root] BGP: NSM Message Header", "routing manager (NSM")
	says(t, `id=20301 logdesc="Routing log" msg="BGP: [GRST] Timer Announce Defer: Check"`, "RFC 4724 §4.1")
	says(t, "2026-02-16 10:05:23 BGP Session Established", "reached Established")
	says(t, "2026-02-16 10:05:23 BGP session not established: connection refused", "", "reached Established")
	says(t, "2022-02-05T00:19:58\tWarning\tzebra\t[EC 4043309122] Client 'bgp' encountered an error and is shutting down.", "lost its connection to bgpd")
}
