package explain

import "testing"

// Round 12: real lines held out from the corpus (testdata/loglines
// README, "Round 12"), from open-source projects' issue trackers, by
// class. Each case names what the words say that was not read before.

// Graceful Restart's stale routes: OpenBGPD flushes them when the new
// OPEN does not keep the family's forwarding state, FRR when its own
// stale path timer runs out; neither is the neighbour's Restart Time.
func TestRound12GracefulRestartFlush(t *testing.T) {
	says(t, "Oct 30 19:08:15 lg02 bgpd[101680]: neighbor 2a06:4000:0:4::5 (KVIKNET_DK01-v6): graceful restart of IPv6 unicast, not restarted, flushing",
		"F bit is clear", "within its Restart Time")
	says(t, "192.168.0.1(exit1-debian-11) graceful restart stalepath timer expired", "stalepath-time", "within its Restart Time")
	says(t, "2024/01/01 BGP: 192.0.2.1 graceful restart timer expired", "within its Restart Time", "stalepath-time")
}

// Words of one event each with no row before: GoBGP's reason and dial
// failure, ENOTCONN, BIRD's KEEPALIVE trace, FRR's NHT wait and ADD-PATH
// reset, OpenBMP's Peer Up without its OPEN.
func TestRound12EventWords(t *testing.T) {
	says(t, `2021-06-25T14:38:06.201608135-04:00 stderr F time="2021-06-25T18:38:06Z" level=debug msg="state changed" Key=192.168.42.1 Topic=Peer new=BGP_FSM_IDLE old=BGP_FSM_OPENCONFIRM reason=invalid-msg`,
		"GoBGP found an error in a message")
	says(t, `time="2021-08-19T16:35:41Z" level=debug msg="failed to connect: dial tcp 0.0.0.0:0->169.254.255.1:179: i/o timeout" Key=169.254.255.1 Topic=Peer`,
		"could not be opened (RFC 4271 §8.1.4, event 18")
	says(t, "Sep 18 09:59:14 ER-4 BGP[3612]:  BGP-3: [SOCK CB] sock_getpeer() failed (134:Transport endpoint is not connected), FD(10)", "ENOTCONN")
	says(t, "2018-09-07 12:08:19 <TRACE> node_10_17_8_36: Sending KEEPALIVE", "RFC 4271 §4.4")
	says(t, "2018-09-07 12:08:19 <TRACE> node_10_17_8_36: Got KEEPALIVE", "RFC 4271 §4.4")
	// A KEEPALIVE is BGP's word; an UPDATE sent is any program's.
	says(t, "app[12]: Sending UPDATE to 10.0.0.5: connection refused", "", "TcpConnectionFails")
	says(t, "exabgp: out loop, peer reset, message [notification sent (4,0)] error[Hold timer expired / Unspecific / problem with network while trying to send keepalive]",
		"", "BIRD's trace of a KEEPALIVE")
	says(t, "2024/09/07 05:10:09 BGP: [S7AHN-X0695] 10.0.255.5 [FSM] Waiting for NHT, no path to neighbor present", "next-hop tracking")
	says(t, "2024/09/07 05:10:07 BGP: [GJPH1-W8PZV] Resetting peer 10.0.255.5(Unknown) due to change in addpath config", "RFC 7911 §4")
	says(t, "ERROR: Invalid BGP MSG for BMP Sent OPEN message, expected OPEN message.", "RFC 7854 §4.10")
}

// FRR's OPEN trace numbers what it names: the code or type is read from
// the registries.
func TestRound12OpenTraceNumbers(t *testing.T) {
	says(t, "2024-09-24 04:30:21.292 [DEBG] bgpd: [SCW43-WN4M1] 10.0.0.2 OPEN has BGP Extended Message capability (6), length 0", "capability code 6 is BGP Extended Message (RFC 8654")
	says(t, "2024-09-24 04:30:21.292 [DEBG] bgpd: [SCW43-WN4M1] 10.0.0.2 OPEN has Enhanced Route Refresh capability (70), length 0", "capability code 70 is Enhanced Route Refresh")
	says(t, "2024-09-24 04:30:21.292 [DEBG] bgpd: [NVZPF-5ST3B] 10.0.0.2 rcvd OPEN w/ optional parameter type 2 (Capability) len 6", "optional parameter type 2 is Capabilities (RFC 5492")
	says(t, "2024-09-24 04:30:21.292 [DEBG] bgpd: 10.0.0.2 OPEN has capability (239), length 0", "capability code 239 is")
}

// GoBGP's own prints: its API peer event's state, and a message header
// printed as a Go struct.
func TestRound12GoBGPPrints(t *testing.T) {
	says(t, `2023/04/23 13:16:45 type:STATE peer:{conf:{local_asn:4210001021 neighbor_address:"10.0.10.10" peer_asn:4200001000} state:{local_asn:4210001021 neighbor_address:"10.0.10.10" peer_asn:4200001000 session_state:IDLE router_id:"<nil>"} transport:{local_address:"10.0.10.21" local_port:41475 remote_port:179}}`,
		"reports the session in idle")
	says(t, `time="2021-06-25T18:38:15Z" level=debug msg=sent Key=192.168.42.1 State=BGP_FSM_ESTABLISHED Topic=Peer data="&{{[] 19 4} 0x3686798}"`,
		"Type 4 (KEEPALIVE, RFC 4271 §4.1)")
	says(t, `time="2021-06-25T18:38:15Z" level=debug msg=sent Key=192.168.42.1 Topic=Peer data="&{{[] 45 2} 0x3686798}"`,
		"Type 2 (UPDATE", "19-octet header alone")
}

// tcpdump's line of one attribute with its flags in letters, and what
// RFC 4271 §5 does with an optional attribute of no known type.
func TestRound12AttributeLine(t *testing.T) {
	says(t, "          Unknown Attribute (30), length: 21, Flags [OTP]:", "flags 0xe0 (optional|transitive|partial), length 21")
	says(t, "          Unknown Attribute (30), length: 21, Flags [OTP]:", "a router on the path already passed it on unrecognised")
	says(t, "          Unknown Attribute (99), length: 4, Flags [O]:", "quietly ignored")
	says(t, "          Origin (1), length: 1, Flags [T]: IGP", "attribute 1 (ORIGIN)", "has no name in the registry")
}

// A type past one octet is no header GoBGP printed.
func TestRound12GoBGPStructBounds(t *testing.T) {
	says(t, `time="2021-06-25T18:38:15Z" level=debug msg=sent Key=192.168.42.1 Topic=Peer data="&{{[] 19 260} 0x3686798}"`, "", "Type 260", "KEEPALIVE")
}
