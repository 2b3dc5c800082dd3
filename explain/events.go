package explain

import (
	"regexp"
	"slices"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// sessionEvent is what a router's words say happened to a session or an
// UPDATE when they are not a NOTIFICATION's code: a TCP connection that
// failed or was closed without one, a local administrative action, an
// RFC 7606 action taken on an UPDATE, a prefix-count warning. Such entries
// are most of what a router logs when a session goes down; each says in
// its own words what the RFCs make of it.
type sessionEvent struct {
	words   []string // lower-case spellings, any of which names the event
	meaning string
	unless  []string // spellings of another event that rule this one out
	also    []string // if set, one of these must be there too
	// passed is the event meant instead when the entry's numbers show a
	// count past its limit, whatever the words call it.
	passed *sessionEvent
	// detail, if set, adds what the entry (lower case) states of the
	// event, such as the family an End-of-RIB is for.
	detail func(lower string) string
}

// The prefix limit passed and its warning threshold reached: vendors
// name the two apart (IOS MAXPFXEXCEED and MAXPFX), but IOS XR logs
// both as MAXPFX, so the numbers decide where the entry states them.
var (
	prefixLimitPassed = sessionEvent{words: []string{"maxpfxexceed", "exceed limit", "exceeds the limit", "exceeded the limit"},
		meaning: "the prefixes received passed the configured maximum: a router set to close the session sends Cease / Maximum Number of Prefixes Reached (6/1, RFC 4486 §4), logged with it (old IOS sent UPDATE Message Error / Malformed Attribute List, 3/1, instead)",
		detail:  limitDetail}
	prefixThreshold = sessionEvent{words: []string{"maxpfx", "prefix_thresh", "prefix-limit threshold", "prefix limit threshold", "prefix threshold"},
		meaning: "the prefixes received reached the warning threshold set for the configured maximum: a warning only; Cease / Maximum Number of Prefixes Reached (6/1, RFC 4486 §4) is sent when the count passes the maximum itself, if the router is set to close the session",
		unless:  prefixLimitPassed.words, passed: &prefixLimitPassed, detail: limitDetail}
)

// thresholdOnly reports whether the entry (lower case) is a prefix-count
// warning and no more: its words ("prefix-limit threshold") then name no
// NOTIFICATION, though "prefix-limit" alone names 6/1.
func thresholdOnly(lower string) bool {
	return containsAny(lower, prefixThreshold.words) && !containsAny(lower, prefixLimitPassed.words) && !pastLimit(lower)
}

// openDelayed is IOS's "active open failed - open timer running": an
// attempt put off, not a failed one.
var openDelayed = sessionEvent{words: []string{"open timer running"},
	meaning: "the router put off its own connection attempt: IOS's open timer (the wait between active opens, with jitter) is still running, so it waits the delay it states and tries again; no connection failed, and the neighbour may still connect to it (RFC 4271 §8.2.2, ConnectRetryTimer)"}

// treatAsWithdraw is what every router's words for RFC 7606's
// treat-as-withdraw mean.
const treatAsWithdraw = "the router treated the UPDATE as a withdrawal of its routes (RFC 7606 §2 treat-as-withdraw): the session stays up and no NOTIFICATION is sent"

// sessionEvents lists the events, more specific ones first (an entry
// names several: an IOS XR UPDATE_FILTERED line's "TreatAsWdr" is both a
// filter's action and treat-as-withdraw).
var sessionEvents = []sessionEvent{
	// ExaBGP 4's reader marks what it received with "<<" before it parses
	// the message (the "received TCP payload" or "parsing" lines hold it).
	{words: []string{"<< message of type"},
		meaning: "ExaBGP received a message of the type named and starts to parse it: its octets are on the \"received TCP payload\" or \"parsing\" lines logged with it; not an error"},
	// Its parser's summary lines of an UPDATE, after the per-attribute ones.
	{words: []string{"| withdrawn nlri "},
		meaning: "ExaBGP's parse of the UPDATE: the routes it withdraws (\"none\" when its Withdrawn Routes field, and any MP_UNREACH_NLRI, are empty; RFC 4271 §4.3, RFC 4760 §4); not an error"},
	{words: []string{"| announced nlri "},
		meaning: "ExaBGP's parse of the UPDATE: a route it announces, with the next hop it will use (the NLRI field or MP_REACH_NLRI with NEXT_HOP; RFC 4271 §4.3, RFC 4760 §3); \"none\" when it announces no route; not an error"},
	{words: []string{"connection reset by peer", "peer closed the session", "remote end closed connection", "closed by peer", "closed by remote", "connection closed by", "unexpected eof",
		// BIRD's last error when the neighbour closed TCP without errno
		// (BE_SOCKET with 0), in its log and its show protocols columns.
		"socket: connection closed",
		// OpenBGPD's state change "OpenSent -> Active, reason: Connection closed".
		"reason: connection closed",
		// EOS's ADJCHANGE "old state Established event Closed new state Idle".
		"event closed"},
		meaning: "the other side closed or reset the TCP connection without a NOTIFICATION (RFC 4271 §8.1.4, event 18 TcpConnectionFails): its BGP process restarted, a middlebox cut the connection, or it closed before saying why; no BGP error code was exchanged"},
	{words: []string{"tcp socket error", "socket error", "reason=read-failed", "reason=write-failed", `"reason":"read-failed"`, `"reason":"write-failed"`},
		meaning: "the TCP connection failed under the session (RFC 4271 §8.1.4, event 18 TcpConnectionFails): no NOTIFICATION was exchanged; the cause is in the transport (link, MTU, filters, TCP MD5 or TCP-AO)"},
	{words: []string{"unexpected connect from unknown address", "can't find configuration for a new passive connection", "connection attempt from unconfigured neighbor", "incoming conn rejected",
		"connection from non-peer", "not configured and not valid for dynamic"},
		meaning: "a TCP connection to port 179 came from an address no neighbour is configured for here (FRR also refuses a neighbour with no address family active): the router closes it before any OPEN, or Junos with Cease / Connection Rejected (6/5, RFC 4486 §4); configure the neighbour on this side, or make the other side connect from the address configured (its update-source)"},
	{words: []string{"closed an accepted connection", "accepted conn is closed"},
		meaning: "the router closed a TCP connection the neighbour opened to it, before any OPEN: its FSM for that neighbour was not in a state to take one (Idle, waiting out the idle hold time after a reset, or already busy with another connection; RFC 4271 §8.2.2 has Idle refuse incoming connections); not an error in itself, the neighbour retries, but if it goes on the session never comes up"},
	{words: []string{"md5 digest", "bad md5", "md5 signature", "md5 authentication"},
		meaning: "a TCP MD5 signature check failed (RFC 2385): the two sides' passwords differ or one side has none; TCP drops the segments, so the session never reaches BGP and no NOTIFICATION is sent"},
	openDelayed,
	{unless: append(slices.Clone(openDelayed.words), birdSocketWords...), words: []string{"active open failed", "connection timed out", "connection refused", "no route to host", "network is unreachable", "host is unreachable", "bgp_connect_failed",
		// OpenBGPD's "reason: Connection open failed", FRR's FSM event.
		"connection open failed", "tcp_connection_open_failed",
		// GoBGP's "failed to connect: dial tcp ...: i/o timeout": Go's
		// dial is only ever the active open.
		"dial tcp"},
		meaning: "the TCP connection to the neighbour's port 179 could not be opened (RFC 4271 §8.1.4, event 18 TcpConnectionFails): it is unreachable, not listening, or drops the SYN (a filter, no neighbor statement for this address, an MD5 mismatch); no BGP message was exchanged"},
	{words: []string{"event bfddown", "bfd session down", "bfd down", "bfd_down",
		// IOS's reset reason "(BFD adjacency down)".
		"bfd adjacency down"}, unless: []string{"<trace>"},
		meaning: "BFD (RFC 5880) declared the path to the neighbour down and the router closed the session at once, without waiting for the hold timer (RFC 5882 §10.2); RFC 9384 gives this Cease / BFD Down (6/10), some routers send Cease / Hard Reset (6/9, RFC 8538) instead"},
	// SR Linux's sr_bfd_mgr as BGP takes a BFD session up or lets it go:
	// "The protocol BGP is now using BFD session from 10.0.0.2:16395 to
	// 10.0.0.5:0", "The protocol BGP using BFD session ... has been cleared".
	{words: []string{"protocol bgp is now using bfd session"},
		meaning: "BGP became a client of the BFD session to the neighbour (RFC 5882 §10.2): from now on BFD declaring the path down closes the BGP session at once, with Cease / BFD Down (6/10, RFC 9384), rather than after the hold time; a normal step, not an error"},
	{words: []string{"protocol bgp using bfd session"}, also: []string{"has been cleared"},
		meaning: "BGP let go of the BFD session to the neighbour: its BGP session went down or BFD was turned off for it, so BFD no longer watches that path for it; a consequence, whose cause is logged around it, not a BFD failure"},
	// FRR bgpd told by BFD: "bfd_session_status_update: neighbor ... bfd
	// state Up -> Down".
	{words: []string{"bfd state up -> down", "bfd state up->down"},
		meaning: "BFD told the BGP process that the path to the neighbour is down (RFC 5882 §10.2): it closes the session with Cease / BFD Down (6/10, RFC 9384) at once, or, with FRR's BFD strict mode, when its hold time runs out; the NOTIFICATION logged after it says which"},
	// FRR bfdd's "Session 0x1 down peer ... Rsn DetectTime", "Detect
	// timeout on session ...".
	{words: []string{"rsn detecttime", "detect timeout", "detection time expired", "reason:control-expired"},
		meaning: "BFD's detection time ran out (RFC 5880 §6.8.4): no BFD control packet came from the neighbour within it, so BFD declared its session down (diagnostic 1, Control Detection Time Expired, §4.1): the path lost packets or the neighbour's BFD stopped; the BGP sessions that use it are told and close (Cease / BFD Down, 6/10, RFC 9384)"},
	// FRR's "BFD Strict mode Hold timer expire for Incoming".
	{words: []string{"strict mode hold timer expire"},
		meaning: "FRR's BFD strict mode hold timer ran out (neighbor bfd strict hold-time): BFD was down, or not yet up, for that long, so the BGP process closes the session, or refuses it, with Cease / BFD Down (6/10, RFC 9384); this is not BGP's hold timer and no Hold Timer Expired (4/0) is sent"},
	{words: []string{"event holdtime"},
		meaning: "the hold timer expired (RFC 4271 §8.1.3, event 10 HoldTimer_Expires): the router sends Hold Timer Expired (4/0, RFC 4271 §6.5), logged with it"},
	{words: []string{"event recvnotify", "receive_notification_message"},
		meaning: "a NOTIFICATION from the neighbour closed the session (RFC 4271 §8.1.5, event 25 NotifMsg): the router's NOTIFICATION entry, logged with it, names the error"},
	// IronWare's (NetIron, FastIron) "BGP: Peer 192.0.2.1 DOWN (Hold
	// Timer Expired)", "DOWN (Rcv Notification:Hold Timer Expired)".
	{words: []string{" down (rcv notification"}, also: []string{"bgp: peer", "bgp peer"},
		meaning: "the session went down on a NOTIFICATION the neighbour sent (IronWare's \"Rcv Notification:\" and the error it carried; RFC 4271 §8.1.5, event 25 NotifMsg): the error is the neighbour's finding, e.g. its hold timer expiring because this router's KEEPALIVEs did not reach it"},
	{words: []string{" down ("}, also: []string{"bgp: peer", "bgp peer"}, unless: []string{"rcv notification"},
		meaning: "the session went down (IronWare's \"BGP Peer ... DOWN\"), for the reason in brackets, this router's own: an error it found is one it sent the neighbour a NOTIFICATION for, a timer or an operator's action (User Reset Peer Session, Peer Shutdown) one it acted on itself"},
	// Junos's "BGP_IO_ERROR_CLOSE_SESSION: BGP peer 192.0.2.1 (External AS
	// 65032): Error event Operation timed out(60) for I/O session -
	// closing it".
	{words: []string{"bgp_io_error_close_session", "for i/o session - closing it"},
		meaning: "Junos's rpd got an error on the session's TCP connection, the errno named (FreeBSD's numbers: Operation timed out(60) is ETIMEDOUT, the neighbour stopped acknowledging; Connection reset by peer(54) is ECONNRESET), and closed the session without a NOTIFICATION (RFC 4271 §8.1.4, event 18 TcpConnectionFails): the cause is in the path or the neighbour, not a BGP error"},
	// EOS's ADJCHANGE events for a Cease: "old state Established event
	// OtherConfigurationChange new state Idle", "event RecvHardReset".
	{words: []string{"event otherconfigurationchange"},
		meaning: "a configuration change on this router that needs a new session (EOS's event OtherConfigurationChange) made it close the session: it sends Cease / Other Configuration Change (6/6, RFC 4486 §4), logged with it (with \"<Hard Reset>\" when sent as Cease / Hard Reset, 6/9, RFC 8538 §3), and sets the session up again; not an error"},
	{words: []string{"event recvhardreset"},
		meaning: "the neighbour closed the session with Cease / Hard Reset (6/9, RFC 8538 §3; EOS's event RecvHardReset, RFC 4271 §8.1.5 event 25 NotifMsg): the Cease it wraps, logged with it, says why; unlike other NOTIFICATIONs under Graceful Restart's N bit, a Hard Reset drops the routes learnt over the session at once, none kept as stale (RFC 8538 §4)"},
	{words: []string{"event stop"},
		meaning: "the session was stopped on purpose (RFC 4271 §8.1.2, event 2 ManualStop or event 8 AutomaticStop): configuration, an operator, or the router itself closed it; the NOTIFICATION sent with it, if any, is Cease (6/x, RFC 4486 §4)"},
	{words: []string{"bgp session closed"},
		meaning: "BIRD's trace of the session leaving Established, for whatever cause: the lines logged around it (a NOTIFICATION sent or received, an error, a shutdown or reconfiguration) say why"},
	{words: []string{"peer down"},
		meaning: "the session with the neighbour went down (GoBGP's Peer Down, or a BMP Peer Down Notification, RFC 7854 §4.9); the reason logged with it says why"},
	// GoBGP logs Peer Up as the session reaches Established, with the
	// state it leaves (OpenConfirm); MetalLB's own speaker logs "BGP
	// session down" (event sessionDown; its "BGP session established"
	// is read as the state reached).
	{words: []string{"peer up"}, unless: []string{"missing peer up"},
		meaning: "the session with the neighbour came up (RFC 4271 §8.2.2, OpenConfirm to Established on the neighbour's KEEPALIVE): GoBGP's Peer Up, or a BMP Peer Up Notification (RFC 7854 §4.10); not an error"},
	{words: []string{"bgp session down", `"event":"sessiondown"`},
		meaning: "the session with the neighbour went down (MetalLB's sessionDown): the entry logged before it (a NOTIFICATION received or sent, a connection error, a hold timer) says why"},
	// GoBGP's admin state: "Administrative start" (enable), and a
	// connection refused for a neighbour administratively down.
	{words: []string{"administrative start"},
		meaning: "GoBGP's neighbour was enabled by an operator (its admin state set up): it leaves Idle and starts connecting once its idle hold timer expires (RFC 4271 §8.1.2, event 1 ManualStart); not an error"},
	{words: []string{"non admin-state-up peer"},
		meaning: "GoBGP closed a TCP connection the neighbour opened because this neighbour is administratively down (disabled) here: no OPEN is exchanged until an operator enables it (RFC 4271 §8.2.2, Idle refuses incoming connections)"},
	{words: []string{"interface down",
		// IOS's reset reason "(Interface flap)": the interface went down.
		"interface flap"},
		meaning: "the interface the session runs over went down and the router closed the session at once rather than wait for the hold timer (fast external fallover, RFC 4271 §8.1.4 event 18): no NOTIFICATION can reach the neighbour over a link that is down"},
	{words: []string{"missing peer up"},
		meaning: "the BMP collector dropped a message about a peer it has no Peer Up for: RFC 7854 §4.10 has the monitored router send a Peer Up before any Route Monitoring of that peer, so the router broke that order or the collector lost or could not read the Peer Up"},
	{words: []string{"admin. shutdown", "admin shutdown", "adminshutdown", "reason=admin-down"},
		meaning: "a local administrative shutdown (neighbor shutdown) closed the session; RFC 4486 §4 has the router send Cease / Administrative Shutdown (6/2)"},
	{words: []string{"adminreset", "admin. reset", "admin reset", "user reset"},
		meaning: "a local administrative reset (clear) closed the session; RFC 4486 §4 has the router send Cease / Administrative Reset (6/4)"},
	// Quagga's and FRR's ADJCHANGE reasons for a neighbour removed from,
	// or changed in, the configuration (bgpd's peer_down_str).
	{words: []string{"down neighbor deleted", "down peer-group delete"},
		meaning: "the neighbour was removed from the router's configuration (no neighbor, or its peer group deleted): the router closes the session and, if it was up, sends Cease / Peer De-configured (6/3, RFC 4486 §4), logged with it; not an error"},
	{words: []string{"down remote as changed", "down router id changed", "down cluster id changed", "down rr client config change", "down update source change", "down multihop change"},
		meaning: "a configuration change that needs a new session (the neighbour's AS, the router ID, how it is reached) made the router reset it: it sends Cease / Other Configuration Change (6/6, RFC 4486 §4) if the session was up, logged with it, and sets the session up again; not an error"},
	// BIRD's trace as it closes a protocol (bgp_shutdown), and its log of
	// a protocol the new configuration leaves out.
	{words: []string{"shutdown requested"},
		meaning: "BIRD is closing the session on request: it sends Cease with the subcode for why (RFC 4486 §4), Peer De-configured (6/3) when the configuration removed or disabled the protocol, Other Configuration Change (6/6) when a reconfiguration needs a restart, Administrative Shutdown (6/2) for birdc disable, Administrative Reset (6/4) for birdc restart, Maximum Number of Prefixes Reached (6/1) for a route limit; the NOTIFICATION line logged with it names it"},
	{words: []string{"removing protocol"},
		meaning: "BIRD's new configuration no longer has this protocol: BIRD removes it and, if its session was up, closes it with Cease / Peer De-configured (6/3, RFC 4486 §4); not an error"},
	// SONiC's bgpcfgd writes FRR's configuration from CONFIG_DB.
	{words: []string{"can't update the peer"},
		meaning: "SONiC's bgpcfgd refused a change to a BGP neighbour already configured: it applies only admin_status (shutdown or not) to an existing neighbour, and other fields take effect when the neighbour is removed and added again or the configuration reloaded; the session itself is not touched and no NOTIFICATION is sent"},
	// FortiGate's ADJCHANGE reason; its KB logs it after a Cease received.
	{words: []string{"down bgp notification fsm-err"},
		meaning: "FortiGate took the session down on a NOTIFICATION, received (RFC 4271 §8.1.5, event 25 NotifMsg) or sent for an error it found: \"FSM-ERR\" is its label for that path of its FSM, not Finite State Machine Error (5/x); the %BGP-3-NOTIFICATION entry logged with it names the code"},
	{words: []string{"skipped asn negotiation"},
		meaning: "GoBGP has no AS configured for this neighbour (peer-as 0, as for a dynamic neighbour), so it skipped RFC 4271 §6.2's check of the OPEN's AS against the one expected (Bad Peer AS, 2/2) and took the AS the OPEN carries; it calls the session internal (iBGP) when that AS is its own, else external; not an error"},
	{words: []string{"bgp protocol initialization"},
		meaning: "IOS resets the neighbour as BGP starts it afresh, after a NOTIFICATION it received or a clear; the NOTIFICATION entry logged with it names the error"},
	// IOS-XE's %BGP_SESSION-5-ADJCHANGE per family: "IPv4 Unicast
	// topology base removed from session", "link-state link-state
	// topology" (BGP-LS).
	{words: []string{"topology base removed from session"},
		meaning: "IOS took the address family it names out of the session with its base topology (the default routing topology, not a multi-topology one): the routes of that family from the neighbour are withdrawn; the reason follows"},
	{words: []string{"link-state link-state topology"},
		meaning: "IOS's line for the link-state family (BGP-LS, AFI 16388 SAFI 71, RFC 9552): the session's change of state, logged with it, applies to the topology data this family carries too"},
	{words: []string{"capability changed"},
		meaning: "the address family left the session because the capabilities negotiated changed (the new OPEN no longer offers it, RFC 4760 §8, RFC 5492)"},
	{words: []string{"unexpected packet", "unexpected message received", "packet received in state",
		// FRR's "Update packet received under status OpenSent".
		"packet received under status"},
		meaning: "a message arrived in a state that does not allow it (RFC 4271 §8.2.2); the router answers with Finite State Machine Error (5/1 in OpenSent, 5/2 in OpenConfirm, 5/3 in Established, RFC 6608 §3), logged with it"},
	prefixLimitPassed,
	prefixThreshold,
	{words: []string{"tcp_connection_open", "tcp connection open", "reason: connection opened"}, unless: []string{"open_failed", "open failed"},
		meaning: "the TCP connection came up (RFC 4271 §8.1.4, events 16 and 17) and the router sends its OPEN: a normal step, not an error"},
	{words: []string{"bgp_stop"},
		meaning: "FRR's FSM event BGP_Stop: the session leaves its state and its routes are cleared, after a NOTIFICATION sent or received or a clear; the entries logged with it say which"},
	{words: []string{"update_filtered", "attributes were filtered", "attribute filtered"},
		meaning: "the router's own attribute filter acted on the UPDATE: local policy, not an error in it; the session stays up and no NOTIFICATION is sent"},
	{words: []string{"treataswithdraw", "treataswdr", "treat-as-withdraw", "treat as withdraw", "treating as withdraw", "treated as withdraw",
		// FRR's "rcvd UPDATE with errors in attr(s)!! Withdrawing route."
		"errors in attr(s)"},
		meaning: treatAsWithdraw},
	// BIRD 2's "Invalid route 198.51.100.0/24 withdrawn", after the error.
	{words: []string{"invalid route"}, also: []string{"withdrawn"}, meaning: treatAsWithdraw},
	{words: []string{"next-hop length", "nexthop length", "bad multiprotocol nexthop", "bad nlri nexthop", "missing next hop address"},
		meaning: "the next hop of an MP_REACH_NLRI does not fit its address family (its length is not one the AFI/SAFI allows, RFC 4760 §3, or it is missing): RFC 7606 §7.11 has the session reset or the AFI/SAFI disabled (§5.3), as the NLRI after it cannot be trusted; routers that reset send UPDATE Message Error, Optional Attribute Error (3/9, RFC 4760 §7) or Malformed Attribute List (3/1), logged with it"},
	{words: []string{"idleholdtimer expired", "idle hold timer expired", "idle_hold_timer_expired", "idle hold timer expires", "reason=idle-hold-timer-expired", `"reason":"idle-hold-timer-expired"`},
		meaning: "the IdleHoldTimer ran out (RFC 4271 §8.1.3, event 13 IdleHoldTimer_Expires; the timer is an optional attribute, §8.1.1): the router leaves Idle and tries the session again; it holds off retries after a failure, so this follows an earlier reset and is no error itself"},
	// OpenBGPD logs the Shutdown Communication on a line of its own, after
	// the NOTIFICATION's.
	{words: []string{"received shutdown reason:", "sending shutdown reason:"},
		meaning: "the text is the Shutdown Communication (RFC 9003 §2) of a Cease / Administrative Shutdown (6/2) or Administrative Reset (6/4), the NOTIFICATION logged just before it: the reason the other side's operator gave for closing the session, not an error"},
	{words: []string{"hits route receive limit", "hits route import limit"},
		meaning: "BIRD counted more routes from the neighbour than its receive or import limit allows (RFC 4271 §8.2.2 leaves the limit to the implementation): with the action disable or restart it closes the session with Cease / Maximum Number of Prefixes Reached (6/1, RFC 4486 §4), with block it drops the routes over the limit, with warn it only logs; the action is in the line"},
	{words: []string{"attribute received from ebgp neighbor", "unexpected_local_pref", "included localpref attribute"},
		meaning: "an external neighbour sent an attribute that stays inside an AS: LOCAL_PREF, which RFC 4271 §5.1.5 says must not be sent to, and is ignored from, an external peer (confederations aside), or ORIGINATOR_ID or CLUSTER_LIST (RFC 4456), which RFC 7606 has discarded from one; the router drops the attribute (attribute discard) and keeps the route: no NOTIFICATION; the neighbour's export policy or software adds it"},
	{words: []string{"bit length is too long", "prefix length too long", "prefix length is too long"},
		meaning: "an NLRI prefix length is longer than the family allows (32 for IPv4, 128 for IPv6): the NLRI cannot be read, so RFC 7606 §5.3 has the session reset or the AFI/SAFI disabled; when the two sides disagree on ADD-PATH (RFC 7911 §3: one sends a 4-octet Path Identifier before each prefix, the other does not expect it) the identifier is read as prefix length and address, which gives exactly this"},
	{words: []string{"will be reset due to malformed", "reset due to malformed bgp message"},
		meaning: "the router could not parse a message from the neighbour and resets the session (RFC 4271 §6): it sends a NOTIFICATION with the error its parser found (for an UPDATE, UPDATE Message Error, 3/x), logged with it; the error text says what did not parse"},
	{words: []string{"discardattr", "attribute discard", "discarding attribute",
		// Brocade FastIron's words for RFC 6793 §6's discard.
		"entire as4_path ignored", "entire as4_aggregator ignored"},
		meaning: "the router discarded the attribute and kept the rest of the UPDATE (RFC 7606 §2 attribute discard): no NOTIFICATION is sent"},
	{words: []string{"failed to read nlri", "error parsing nlri", "nlri parse"},
		meaning: "the router could not parse the NLRI: RFC 7606 §5.3 (and §7.11 for an MP_REACH_NLRI whose next hop length hides where its NLRI start) has it handled by session reset or AFI/SAFI disable, since routes that cannot be read cannot be withdrawn; for a bad MP_REACH_NLRI or MP_UNREACH_NLRI, RFC 4760 §7 has a session that is closed closed with Optional Attribute Error (3/9), but FRR sends Malformed Attribute List (3/1) when it cannot read the attribute (bgp_mp_reach_parse) and Invalid Network Field (3/10) when the NLRI field does not parse; the NOTIFICATION sent is logged with it"},
	// FRR's "BGP attribute PREFIX_SID, fetch error": the attribute's own
	// length and what its parser read of it disagree.
	{words: []string{"parse error", "failed to parse", "fetch error"}, also: []string{"attribute"},
		meaning: "the router could not parse what it names (see evidence): the attribute is malformed; RFC 7606 §7 asks, by attribute, for treat-as-withdraw, attribute discard or (MP_REACH_NLRI, MP_UNREACH_NLRI) a session reset, and a NOTIFICATION the router sent is logged with it",
		detail:  attrActionNamed},
	{words: []string{"open receipt failed"},
		meaning: "the router rejected the neighbour's OPEN (RFC 4271 §6.2, or a connection collision resolved against it, RFC 4271 §6.8); the NOTIFICATION it sent, logged with it, names the error"},
	// Junos rpd's block for an UPDATE it found malformed, after the
	// NOTIFICATION it sent for it, if any: "Received malformed update from
	// X", then "Family inet-unicast, prefix P" and "Malformed Attribute
	// NAME(type) flag 0xNN length N.".
	{words: []string{"received malformed update"},
		meaning: "Junos received an UPDATE it found malformed: the lines logged after this one name the family, a prefix of the UPDATE and the attribute at fault; without bgp-error-tolerance Junos closes the session with the NOTIFICATION logged just before (which gives the subcode), with it Junos keeps the session and hides the UPDATE's routes (RFC 7606 treat-as-withdraw)"},
	{words: []string{"family inet-unicast, prefix", "family inet6-unicast, prefix", "family inet-vpn-unicast, prefix", "family inet6-vpn-unicast, prefix"},
		meaning: "Junos's line after \"Received malformed update\": the family of the malformed UPDATE (inet: IPv4, inet6: IPv6; unicast or vpn-unicast) and the prefix it logs for it (0.0.0.0/0 or ::/0 when it names none); the attribute at fault is on the next line; not a NOTIFICATION"},
	{words: []string{"update receipt failed"},
		meaning: "the router rejected an UPDATE from this neighbour; the NOTIFICATION it sent, logged with it, names the error"},
	{words: []string{"end-of-rib", "end of rib", "eor marker"},
		meaning: "an End-of-RIB marker (RFC 4724 §2): an UPDATE without routes, for IPv4 unicast, or holding only an empty MP_UNREACH_NLRI with the family: the side that sends it has now sent its whole table for that family; not an error",
		detail:  familyNamed},
	{words: []string{"peer graceful restart", "reason=graceful-restart", `"reason":"graceful-restart"`, "keeping routes"},
		meaning: "the session went down with Graceful Restart in force (RFC 4724 §4.2): the receiver keeps the neighbour's routes, marked stale, while it restarts, instead of withdrawing them; they are replaced when it comes back and sends End-of-RIB"},
	// OpenBGPD's "graceful restart of IPv6 unicast, not restarted, flushing",
	// logged as the new session's OPEN arrives, and FRR's "Address family
	// IPv4 Unicast is not preserved" as it reads that OPEN.
	{words: []string{"not restarted, flushing", "is not preserved"},
		meaning: "the neighbour came back, but its new OPEN does not show the family's forwarding state kept across the restart (its Graceful Restart capability leaves the family out, or the family's F bit is clear, RFC 4724 §4.2): the stale routes kept for it are deleted at once, without waiting for End-of-RIB"},
	{words: []string{"stalepath timer expired", "stale path timer expired", "stale-path timer expired"},
		meaning: "the router's own limit on how long it keeps a restarting neighbour's stale routes (FRR's stalepath-time; RFC 4724 §4.2 lets the receiver set one) ran out before the neighbour sent End-of-RIB: the routes still marked stale are deleted now"},
	{words: []string{"graceful restart timer expired", "restart timer expired", "reason=restart-timer-expired"},
		meaning: "the neighbour did not come back within its Restart Time (RFC 4724 §4.2): the stale routes kept for it are deleted now, except those of a family for which Long-Lived Graceful Restart was agreed, kept on as long-lived stale (RFC 9494 §4.2)"},
	{words: []string{"sendq progress"},
		meaning: "the neighbour has not read what the router sent it for a whole hold time (its TCP receive window stays shut): RFC 9687 has the router close the session with Send Hold Timer Expired (8/0) when that goes on for its send hold time; the neighbour is overloaded or stuck"},
	{words: []string{"enforce neighbor-as", "enforce-first-as", "enforce first-as", "enforce first as"},
		meaning: "the AS_PATH from an external neighbour does not start with the neighbour's own AS, which the router is set to check (RFC 4271 §6.3): the UPDATE is an error, Malformed AS_PATH (3/11), and the router sends it or treats the routes as withdrawn (RFC 7606 §7.2), as logged with it; a route server in the path that does not add its AS gives this"},
	// FRR's "OPEN has BGP Extended Message capability (6), length 0" and
	// "rcvd OPEN w/ optional parameter type 2 (Capability) len 6"; IOS
	// debug's "rcv OPEN w/ OPTION parameter len: 28".
	{words: []string{"open has", "rcvd open w/", "rcv open w/"}, also: []string{"cap", "option"},
		meaning: "a debug trace of the neighbour's OPEN (RFC 4271 §4.2) and the capabilities it offers (RFC 5492): not an error; the capabilities both sides offer are the ones the session uses",
		detail:  func(lower string) string { return openTraceNumbers(lower) + optParmLen(lower) }},
	{words: []string{"not allowed in"}, also: []string{"idle", "connect", "active", "opensent", "openconfirm", "established"},
		meaning: "the FSM got an event its current state has no transition for: RFC 4271 §8.2.2 lists the events each state takes (a timer such as IdleHoldTimer_Expires, event 13, belongs to Idle), so the implementation drops it or treats it as an FSM error; a race between its own timers, not the neighbour's doing"},
	{words: []string{"does not match the actual length", "length mismatch"}, unless: []string{"max-length mismatch"},
		meaning: "a parser was given a different number of octets than the BGP message's Length field says (RFC 4271 §4.1): the message is cut or padded, or the caller handed it more than one message (a BMP Peer Up carries two OPENs back to back, RFC 7854 §4.10)"},
	{words: []string{"could not read capabilities", "full param length"},
		meaning: "the collector could not read the OPEN's optional parameters: Opt Parm Len (RFC 4271 §4.2) counts more octets than it was given, so the OPEN is cut (or the collector's buffer is)"},
	{words: []string{"could not decode message", "can not decode update message", "cannot decode message", "cannot decode update message", "can not decode message"},
		meaning: "the router's own parser could not read a message (the number in quotes is its type: 2 UPDATE, RFC 4271 §4.1); ExaBGP then closes the session with Message Header Error / Unspecific (1/0) and the reason as text, a code RFC 4271 keeps for header errors"},
	{words: []string{"unrecognized capability", "unknown capability", "capability, ignoring", "capability - ignored", "capability ignored"},
		meaning: "the router does not know or support this capability (or a part of it, such as one AFI/SAFI of a list) and ignores it, as RFC 5492 §4 has a speaker do with a capability it does not understand: not an error; the session comes up without what it offers",
		detail:  extNextHopTuple},
	{words: []string{"unknown transitive attribute", "unrecognized transitive", "unknown optional transitive"},
		meaning: "the router does not know this optional transitive attribute: RFC 4271 §5 has it kept and passed on with the Partial bit set; not an error"},
	{words: []string{"incoming connection from", "bgp connection from host"}, unless: []string{"reject", "refuse", "closed"},
		meaning: "the neighbour opened a TCP connection to port 179 here (RFC 4271 §8.1.4, event 17 TcpConnectionConfirmed): the router takes it and waits for the neighbour's OPEN; a normal step, not an error"},
	{words: []string{"make dummy peer structure", "transfer accept bgp peer"},
		meaning: "FRR keeps a connection the neighbour opened on a temporary peer until its OPEN names the neighbour, then hands it to the configured one (RFC 4271 §6.8: two connections may exist until the collision is resolved); a normal step, not an error"},
	{words: []string{"bgp_start"},
		meaning: "FRR's FSM event BGP_Start (RFC 4271 §8.1.2, event 1 ManualStart or event 3 AutomaticStart): the router starts the session and tries to connect; \"fd -1\" means no socket is open yet; a normal step"},
	// FRR's FSM debug "Timer (start timer expire)" and the like: its
	// timers by their names in bgp_fsm.c.
	{words: []string{"(start timer expire"},
		meaning: "FRR's start timer (its idle hold time, RFC 4271 §8.1.1 IdleHoldTimer) ran out: it raises BGP_Start (event 3 AutomaticStart) and tries the session again; a normal step after a session went down or at start"},
	{words: []string{"(connect timer expire"},
		meaning: "FRR's connect timer ran out (RFC 4271 §8.1.3, event 9 ConnectRetryTimer_Expires): no TCP connection came up in time, so it drops the attempt and tries again; it repeats while the neighbour is unreachable or not listening"},
	{words: []string{"(keepalive timer expire"},
		meaning: "FRR's keepalive timer ran out (RFC 4271 §8.1.3, event 11 KeepaliveTimer_Expires): it sends a KEEPALIVE and restarts the timer; a normal step"},
	{words: []string{"(routeadv timer expire"},
		meaning: "FRR's route advertisement timer ran out (RFC 4271 §9.2.1.1, MinRouteAdvertisementIntervalTimer): it sends the UPDATEs held back for the neighbour; a normal step"},
	// FRR's "[FSM] Non blocking connect waiting result, fd 25".
	{words: []string{"non blocking connect"},
		meaning: "FRR has started a TCP connection to the neighbour's port 179 without waiting for it (Connect state, RFC 4271 §8.2.2) and waits for the result: TCP_connection_open or TCP_connection_open_failed follows; a normal step"},
	// ExaBGP's "network       out loop, intialising" (its spelling).
	{words: []string{"out loop, intialising", "out loop, initialising"},
		meaning: "ExaBGP (re)starts its loop for the outgoing connection to the neighbour: it will connect and send its OPEN; logged at start and after every reset, which the lines before it explain; not an error"},
	{words: []string{"clearing_completed"},
		meaning: "FRR's FSM event Clearing_Completed: it has removed the routes learnt over the session that went down and returns to Idle (RFC 4271 §8.2.2, Idle after a session ends); the cause is logged before it"},
	{words: []string{"connect delayed by"},
		meaning: "BIRD waits the time it states before its own TCP connection attempt (its connect delay, like RFC 4271 §8's ConnectRetryTimer, after a start or a failure); not an error"},
	// BIRD's protocol trace "Mesh_192_0_2_1: State changed to stop".
	{words: []string{"state changed to"}, also: []string{"bird"},
		meaning: "BIRD's protocol state changed (BIRD's own states, not RFC 4271's FSM)",
		detail:  birdProtoState},
	{words: []string{"graceful restart detected"},
		meaning: "the neighbour restarted and had announced the Graceful Restart capability: BIRD keeps the routes it learnt from it, marked stale, and waits for the session to come back and for its End-of-RIB, removing those not announced again, or all of them when the restart time runs out (RFC 4724 §4.2); not a fault in itself"},
	// BIRD's "Connecting to 192.0.2.1 from local address 192.0.2.2".
	// IOS debug's "BGP: 192.0.2.1 open active, local address 192.0.2.2".
	{words: []string{"from local address", "open active, local address"}, also: []string{"connecting to", "open active,"},
		meaning: "the router opens its own TCP connection to the neighbour's port 179 from the local address stated (an active open, Connect state, RFC 4271 §8.2.2): TcpConnectionConfirmed (event 17) or TcpConnectionFails (event 18) follows; a normal step, not an error"},
	// GoBGP's neighbour configuration (Cilium, kube-vip, kube-router):
	// "Adding peer 192.0.2.1/32 65012 to local ASN 65001", "Delete a peer
	// configuration"; kube-router's own klog line "Successfully configured
	// 192.0.2.1 in ASN 64513 as BGP peer to the node".
	{words: []string{"delete a peer configuration", "deleting peer", "removing peer"},
		meaning: "the neighbour was removed from the router's configuration: the session is stopped (RFC 4271 §8.1.2, event 2 ManualStop), with Cease / Peer De-configured (6/3, RFC 4486 §4) sent first if it was up; no fault, an operator or controller changed the configuration"},
	{words: []string{"adding peer", "add a peer configuration", "as bgp peer to the node"}, also: []string{"local asn", "peer configuration", "as bgp peer to the node"},
		meaning: "the neighbour was added to the router's configuration: the router starts the session (RFC 4271 §8.1.2, event 1 ManualStart) and tries to connect; a normal step, not an error"},
	// FRR's update-group debug "u1:s6 send UPDATE len 53 numpfx 1".
	{words: []string{"send update len"}, also: []string{"numpfx"},
		meaning: "FRR sent an UPDATE built for an update group and subgroup (\"uN:sM\", the neighbours that share an outbound policy): len is the message's length in octets (at least 23, RFC 4271 §4.3), numpfx the prefixes it announces or withdraws; a normal step, not an error"},
	{words: []string{"nh unresolved", "nexthop unresolved", "next hop unresolved", "nexthop is unresolved"},
		meaning: "the route's NEXT_HOP cannot be reached through the routing table (RFC 4271 §9.1.2: a route whose NEXT_HOP is unresolvable is excluded from the decision process): the route is kept but not used or passed on until the next hop resolves; not a protocol error"},
	{words: []string{"does not have a v6 ll address"},
		meaning: "the interface has no IPv6 link-local address yet: FRR needs one to run a session over the interface (unnumbered, RFC 8950) and as the link-local next hop it sends (RFC 2545 §3), so it waits until the address exists; not a BGP error"},
	// PAN-OS routed's exception text ("UPDATE message contains NLRI of
	// 0.0.0.0.", "NM has received an UPDATE message that failed to parse.").
	{words: []string{"message contains nlri of"},
		meaning: "the UPDATE announces a prefix the router will not take (its address, e.g. 0.0.0.0, is semantically wrong): RFC 4271 §6.3 says such a prefix SHOULD be logged and ignored, and RFC 7606 §5.3 keeps a session reset for an NLRI field that cannot be parsed; a router that resets anyway sends Invalid Network Field (3/10), logged with it"},
	{words: []string{"update message that failed to parse"},
		meaning: "the router could not parse an UPDATE from the neighbour and resets the session with UPDATE Message Error (3/x, RFC 4271 §6.3), the NOTIFICATION logged with it naming the subcode; RFC 7606 would treat most such errors as withdraw or attribute discard instead"},
	// FRR's "192.0.2.1 passive open", IOS debug's "passive rcv ...".
	{words: []string{"passive open"}, unless: []string{"open failed", "open_failed"},
		meaning: "the neighbour opened the TCP connection and the router accepted it (a passive open, RFC 4271 §8.1.4 event 17 TcpConnectionConfirmed): it sends its OPEN on it; a normal step, not an error"},
	// IOS debug's "ses global 192.0.2.1 (...) pas Receive OPEN", FRR's FSM
	// event Receive_OPEN_message.
	{words: []string{"receive open", "receive_open_message"},
		meaning: "the neighbour's OPEN arrived (RFC 4271 §8.1.5, event 19 BGPOpen): the router checks it (§6.2) and, if it is good, answers with a KEEPALIVE and moves to OpenConfirm"},
	// IOS debug's "pas Setting open delay timer to 60 seconds".
	{words: []string{"open delay timer", "delayopentimer", "delay open timer", "delay_open_timer"},
		meaning: "the DelayOpenTimer (RFC 4271 §8.1.1 DelayOpen, §8.2.2): on this connection the router waits up to the time stated for the neighbour's OPEN before it sends its own (event 12 DelayOpenTimer_Expires when it runs out); a normal step, not an error"},
	// FRR's "Sending hostname cap with hn = r1, dn = (null)".
	{words: []string{"hostname cap", "fqdn cap"},
		meaning: "the hostname capability (code 73, FQDN, draft-walton-bgp-hostname-capability): the router's host and domain names in its OPEN (RFC 5492), for show commands; information only, not an error"},
	// A show block's neighbour router ID while no OPEN came ("RouterID:
	// 0.0.0.0", FRR's "remote router ID 0.0.0.0").
	{words: []string{"routerid: 0.0.0.0", "router id: 0.0.0.0", "router-id: 0.0.0.0", "remote router id 0.0.0.0"},
		meaning: "the neighbour's BGP Identifier shows as 0.0.0.0: no OPEN has come from it yet (the identifier is learned from its OPEN, RFC 4271 §4.2, and 0 is never a valid one, RFC 6286 §2.1)"},
	{words: []string{"reason=invalid-msg", `"reason":"invalid-msg"`},
		meaning: "GoBGP found an error in a message from the neighbour (an OPEN it rejects, a bad header or UPDATE, RFC 4271 §6) and sent the NOTIFICATION that names it, logged with it (\"sent notification\" Code= Subcode=); the session returns to Idle"},
	{words: []string{"transport endpoint is not connected"},
		meaning: "the TCP connection was already gone when the router used it (ENOTCONN): a connection to or from the neighbour closed or was reset just after it opened (RFC 4271 §8.1.4, event 18 TcpConnectionFails); no BGP message was exchanged on it"},
	{words: []string{"sending keepalive", "got keepalive"},
		meaning: "BIRD's trace of a KEEPALIVE sent or received (RFC 4271 §4.4: the 19-octet header alone, type 4, sent at about a third of the hold time and as the answer to an accepted OPEN): not an error"},
	{words: []string{"waiting for nht", "no path to neighbor", "no path to specified neighbor"},
		meaning: "FRR does not try the TCP connection while the neighbour's address does not resolve through the routing table (its next-hop tracking, NHT): no route to it yet, so no SYN is sent and the session waits; a routing problem (a multihop or loopback neighbour without an IGP or static route), not a BGP error"},
	// FRR's reset reason for an attempt that ended in OpenSent.
	{words: []string{"waiting for peer open"},
		meaning: "FRR's reset reason: the last attempt ended while FRR waited for the neighbour's OPEN (OpenSent, RFC 4271 §8.2.2): the TCP connection came up but it closed, or OpenSent's hold timer ran out (4/0, RFC 4271 §8.2.2 suggests 4 minutes), before an OPEN arrived; no NOTIFICATION from the neighbour names it; if the session is Established now, the reason is about an earlier attempt"},
	{words: []string{"change in addpath"},
		meaning: "ADD-PATH (RFC 7911 §4) is agreed in the OPEN, so a change to its configuration takes a new session: the router resets the session (an established one with Cease / Other Configuration Change, 6/6, RFC 4486 §4) and the new OPENs carry the new capability"},
	{words: []string{"send-timer"},
		meaning: "ExaBGP's countdown to its next KEEPALIVE (RFC 4271 §4.4: sent at about a third of the hold time): not an error"},
	// FortiOS's (ZebOS's) debug: its periodic table scan, a message from
	// its routing manager, its graceful restart deferral, a capability it
	// rejects by length.
	{words: []string{"scanning bgp network routes", "scanning bgp rib"},
		meaning: "FortiOS's periodic scan of its BGP table and network statements (next hops checked again, routes to originate): routine housekeeping, not about a session"},
	{words: []string{"nsm message"},
		meaning: "a message from FortiOS's routing manager (NSM, ZebOS's Network Services Module) to its BGP process, such as an interface or address change, traced as it arrives: internal to the router, not a BGP message; an interface going down takes the sessions over it down"},
	{words: []string{"announce defer"},
		meaning: "FortiOS's graceful restart (GRST) check of its deferral: after a restart a router defers route selection and its UPDATEs until its neighbours' End-of-RIB or its deferral timer (RFC 4724 §4.1); information only"},
	{words: []string{"cap-length error"},
		meaning: "FortiOS found a capability in the neighbour's OPEN whose Capability Length (RFC 5492 §4) it does not accept for that code (its \"Open DYN\" is the Dynamic Capability, code 67, draft-ietf-idr-dynamic-cap; the number is the length received): it rejects the OPEN with a NOTIFICATION, logged next with its code; have the neighbour stop sending that capability"},
	// "Open Cap: Cap Code 66, Cap Len 0": one capability of the OPEN.
	{words: []string{"open cap: cap code"},
		meaning: "a debug trace of one capability in the neighbour's OPEN (RFC 5492 §4: code, length, value): not an error; the capabilities both sides offer are the ones the session uses",
		detail:  openTraceNumbers},
	// Comware's "CAP Type: 1 (Multiprotocol) CAP Len: 4", printed under
	// the OPEN it sends or receives.
	{words: []string{"cap type:"}, also: []string{"cap len"},
		meaning: "a debug trace of one capability of an OPEN the router sent or received (the Send or Recv line above it says which; RFC 5492 §4: code, length, value): not an error; the capabilities both sides offer are the ones the session uses",
		detail:  openTraceNumbers},
	// IOS debug traces the FSM of each of a neighbour's connections:
	// "BGP: 192.0.2.1 active went from Active to Idle".
	{words: []string{" active went from", " passive went from"},
		meaning: "IOS's debug follows each TCP connection to the neighbour apart: \"active\" is the one the router opened itself, \"passive\" the one the neighbour opened (RFC 4271 §6.8 lets both exist until collision detection keeps one); the states named are that connection's, and an active connection back to Idle is its own attempt ending"},
	// IOS's "Active open failed - tcb is not available, open active
	// delayed 12288ms (35000ms max, 60% jitter)".
	{words: []string{"open active delayed"},
		meaning: "IOS waits before its next own connection attempt: its open timer (like RFC 4271 §8's ConnectRetryTimer) grows after each failed attempt up to a maximum and is varied by a jitter; the neighbour may still connect to it meanwhile",
		detail:  openActiveDelay},
	// SR OS's and SR Linux's "moved into established state", IronWare's
	// (NetIron, FastIron) "BGP: Peer 192.0.2.1 UP (ESTABLISHED)", D-Link
	// DxS's "BGP connection is successfully established".
	{words: []string{"session established", "moved into established state", "moved into the established state", " up (established)", "connection is successfully established"}, unless: []string{"not established"},
		meaning: "the session reached Established (RFC 4271 §8.2.2): OPENs were accepted and a KEEPALIVE answered, so UPDATEs can flow; not an error (repeated with drops between, it is a flap)"},
	// D-Link DxS names why a session closed: "BGP connection is normally
	// closed", "... closed due to Notify: Code <4> Subcode <0>", "... closed
	// due to error (Code:<2> Subcode:<7> Field:<...>", "... due to Event:
	// <10>" (that one is the FSM event's, fsmEventNumbered).
	{words: []string{"connection is normally closed"},
		meaning: "D-Link closed the session without an error: an operator's or configuration's action ended it (shutdown, reset or removal of the neighbour, RFC 4271 §8.1.2 event 2 ManualStop, with a Cease sent), or the neighbour's; a protocol error, a NOTIFICATION received or an FSM event it logs as \"closed due to\" that instead"},
	{words: []string{"closed due to notify"},
		meaning: "a NOTIFICATION from the neighbour closed the session (D-Link's \"Notify\"; RFC 4271 §8.1.5, event 25 NotifMsg): the code and subcode logged are the error it carried, the neighbour's finding"},
	{words: []string{"closed due to error"},
		meaning: "the router found an error in what the neighbour sent and closed the session with a NOTIFICATION of the code and subcode logged (RFC 4271 §6, this router's finding); D-Link's Field, when logged, names the check that failed (\"Strict\" for an OPEN option checked strictly, as a strict capability match makes it) and \"Err-Data present\" that the NOTIFICATION carried a data field, which the entry does not print"},
	// FRR's zebra: "[EC 4043309122] Client 'bgp' encountered an error and
	// is shutting down."
	{words: []string{"client 'bgp' encountered an error"},
		meaning: "FRR's zebra lost its connection to bgpd (its zserv client \"bgp\"): bgpd stopped, crashed or was restarted (a service reload gives this too); zebra removes the routes bgpd installed, and the neighbours see their sessions go down"},
	{words: []string{"receive-timer"},
		meaning: "ExaBGP's countdown of the hold timer: at 0, with no KEEPALIVE or UPDATE from the neighbour, it sends Hold Timer Expired (4/0, RFC 4271 §6.5)"},
}

// bgpContext finds what makes an entry a BGP one: a BGP daemon's tag or
// name (bgpd, %BGP-, exabgp, gobgp, openbgpd, bird, a BMP collector), a
// neighbour or peer named by its address, port 179 (IOS's "1.1.1.1(179)",
// tcpdump's "192.0.2.1.179", "[2001:db8::1]:179"), BGP's own words
// (NLRI, OpenSent, Cease, an UPDATE or OPEN message, a path attribute),
// ExaBGP's connection names ("incoming-1", "ka-outgoing-5"), or BIRD's
// last error by its class ("Last error: Socket: ...", "Active
// Received: ..." in show protocols and calicoctl's copy of it). The
// events' words ("connection refused", "parse error") are said by any
// program; without such context they say nothing of BGP.
// BIRD's <RMT> class is for errors a remote speaker made.
var bgpContext = anyGate(`bgp`, `\bbird6?\b`, `\bbmp\b`, `openbmp`, `peerup`, `<rmt>`, `<trace>`,
	// Cloud and Kubernetes speakers' own words (cloudevents.go): Google's
	// Cloud Router, Azure's gateway peer status, calicoctl's peer types,
	// cilium bgp peers' header.
	`\bcloud router\b`, `\bconnectedduration\b`, `\|\s*(?:node-to-node mesh|node specific|global)\s*\|`, `\blocal as\s+peer as\b`,
	// GoBGP's own log fields (logfmt Topic=Peer, JSON "Topic":"Peer"),
	// RFC 4271's FSM timers by name (Maghemite's "idle hold timer
	// expires"), and Junos's kernel check of a TCP MD5 signature.
	`\btopic"?\s*[:=]\s*"?peer\b`,
	// GoBGP's print of an UPDATE body (gobgpStructUpdate).
	`^&\{\d{1,5} \[[^\]]*\] \d{1,5} \[\{`,
	// Junos rpd's block for a malformed UPDATE (events.go rows).
	`\breceived malformed update\b`, `\bfamily inet6?(?:-vpn)?-unicast, prefix\b`,
	// The BGP4-MIB's and bgpd's trap OIDs by number (tcpdump, snmptrapd -On),
	// NAPALM's neighbour dictionary, centreon-plugins' bgppeerstate summary.
	`\b1\.3\.6\.1\.2\.1\.15\.\d`, `\b1\.3\.6\.1\.4\.1\.3317\.1\.2\.2\b`, `['"]remote_as['"]\s*:`, `['"](?:\d{1,3}\.){3}\d{1,3}['"]\s*:\s*\{[^}\n]{0,200}['"]is_up['"]`,
	`\badminstate=(?:start|stop)\s+connection=`, `\bpeer are in an? \w+ state since\b`, `\b(?:idle[ _]?hold|connect[ _]?retry|delay[ _]?open)[ _]?timer`, `\btcp_auth_ok\b`,
	`\b(?:neighbou?r|nbr|peer)s?\b\W{0,3}(?:[0-9x]{1,3}(?:\.[0-9x]{1,3}){3}|[0-9a-f]{0,4}:[0-9a-f:]*:[0-9a-f]{0,4})`,
	`\(179\)`, `\bport 179\b`, `\d+\.\d+\.\d+\.\d+\.179\b`, `\]:179\b`,
	`nlri`, `opensent`, `openconfirm`, `\bcease\b`, `\b(?:update|open) message`, `transitive attribute`, `path attribute`, `end[- ]of[- ]rib`,
	`\b(?:ka-)?(?:incoming|outgoing)-\d+\b`,
	// A BGP message's type awaited by the FSM (FlapAlerted's "unexpected
	// message of type '3', expected keepalive").
	`\bmessage of type '?\d{1,3}'?,? expected (?:open|keepalive|update|notification)\b`,
	// FortiOS's (ZebOS's) BGP debug: "10.0.0.1-Outgoing [DECODE] Open Cap:",
	// "[GRST] Timer ...", "[RIB] Scanning BGP ...".
	`\b(?:incoming|outgoing) \[(?:fsm|decode|encode|network)\]`, `\[grst\]`,
	// The families BGP alone carries (EVPN, FRR's nexthop cache for its
	// routes, ExaBGP's routes of a family a neighbour lacks): their lines
	// need not say BGP (familyevents.go).
	`\bevpn\b`, `\ballocated bnc\b`, `\bnh unresolved\b`, `\broute family is not configured on neighbou?r\b`,
	// FRR's nexthop tracking lines (frrdebug.go): "Rcvd NH update",
	// "Found existing bnc", "bnc info not found".
	`\bnh update\b`, `\bexisting bnc\b`, `\bbnc info not found\b`,
	// Comware's OPEN debug: "CAP Type: 1 (Multiprotocol) CAP Len: 4".
	`\bcap type:\s*\d{1,3}\b[^\n]{0,40}\bcap len\b`,
	// Brocade's and Extreme's show ip bgp neighbor: "KeepAliveTime: 30,
	// HoldTime: 90".
	`\bkeepalive ?time\s*:\s*\d+,\s*hold ?time\s*:`,
	// FRR's graceful restart stale path timer, GoBGP's API fields in
	// protobuf text (peer_asn:65001), and BIRD's trace of a KEEPALIVE
	// ("Sending KEEPALIVE", "Got KEEPALIVE"): its "Sending UPDATE" could be
	// any program's words.
	`stalepath`, `\bpeer_asn\b`, `\b(?:sending|got) keepalive\b`,
	// The session counts of IOS's, FRR's and FTOS's show bgp neighbors:
	// "Connections established 1; dropped 0".
	`\bconnections established \d+; dropped \d+\b`,
	// A peer summary table's column head (peertables.go).
	`\bup/(?:down|dwn)\s+state\b`,
	// openbmpd's log names its function in a column: "| INFO | ReadIncomingMsg |".
	`\|\s*(?:readincomingmsg|handleinitmsg|handletermmsg|handle(?:up|down)event|parsepeer\w+|parsebgpheader)\s*\|`,
	`(?:last error:|\b(?:idle|connect|active|opensent|openconfirm|established))\s+(?:socket|received|error|bgp error|automatic shutdown):`)

// aboutBGP reports whether an entry, as logged (its date and time
// unmasked: FRR's "2019/04/12 13:18:08.916 BGP:" puts its tag where a
// time zone goes), is about BGP, so that its events are read.
func aboutBGP(text string) bool {
	lower := strings.ToLower(text)
	return bgpContext.match(newScan(lower, lower))
}

// sessionEventsIn returns the meaning of every event the entry's words
// (lower case) name, first match first. They are read only in entries
// aboutBGP (ParseLogLine).
func sessionEventsIn(lower string) []string {
	var out []string
	for _, t := range []string{stateChange(lower), fsmEventNumbered(lower), keyedEvent(lower), junosEvent(lower), comwareEvent(lower), msgTraced(lower), asTransOpen(lower), gobgpStructUpdate(lower), msgTypeWords(lower), msgHdrType(lower), typeExpected(lower), ciliumPeerRow(lower), peerTable(lower), peerList(lower), timersShown(lower), monitoringShown(lower), bmpStationShown(lower), routesShown(lower), gobgpAPIState(lower), gobgpNumState(lower), gobgpStructHeader(lower), birdProtoStep(lower), birdRouteTrace(lower)} {
		if t != "" {
			out = append(out, t)
		}
	}
	out = append(out, featureEventsIn(lower)...)
	var text pairIndex
	text.reset(lower)
	return rowsSaid(out, &text, lower, allEvents)
}

// rowsSaid appends the meaning of every row of table whose words the
// entry (lower case, indexed in text) holds.
func rowsSaid(out []string, text *pairIndex, lower string, table []sessionEvent) []string {
	for _, e := range table {
		if !text.hasAny(e.words) || text.hasAny(e.unless) || e.also != nil && !text.hasAny(e.also) {
			continue
		}
		if e.passed != nil && pastLimit(lower) {
			e = *e.passed
		}
		m := e.meaning
		if e.detail != nil {
			m += e.detail(lower)
		}
		out = append(out, m)
	}
	return out
}

// allEvents are the rows of every table of events: sessionEvents and the
// tables kept by topic in files of their own (bmplog.go, cloudevents.go,
// featureevents.go, daemonevents.go, familyevents.go, birdtraces.go,
// frrdebug.go).
var allEvents = slices.Concat(sessionEvents, bmpEvents, cloudEvents, featureEvents, showEvents, daemonEvents, familyEvents, birdEvents, frrDebugEvents)

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// eventsSay puts the events an entry reports where they are read: in the
// diagnosis when the entry is about no NOTIFICATION (they are then all
// there is to say), else among the evidence, beside the error's own.
func eventsSay(x *Explanation, events []string) {
	if len(events) == 0 {
		return
	}
	if len(x.Diagnosis) == 0 {
		for _, e := range events {
			x.Diagnosis = append(x.Diagnosis, strings.ToUpper(e[:1])+e[1:]+".")
		}
		return
	}
	for _, e := range events {
		x.Line.Evidence = append(x.Line.Evidence, "the words report: "+e)
	}
}

// reStateChange is a move of the FSM between two of RFC 4271's states as
// logs write it: "OpenSent -> Active" (OpenBGPD), "(OpenSent->Idle)"
// (FRR), "changed state from Connect to Idle" (Junos), "moved from higher
// state OPENSENT to lower state IDLE" (Nokia), "old state Established
// event HoldTime new state Idle" (Junos, EOS). Words take "from": "to"
// alone is English ("failed to connect to active neighbor").
var reStateChange = regexp.MustCompile(`\b(idle|connect|active|opensent|openconfirm|established)\s*(?:->|→)\s*(idle|connect|active|opensent|openconfirm|established|clearing)\b|` +
	`\bfrom\s+(?:[a-z]+\s+state\s+)?(idle|connect|active|opensent|openconfirm|established)\s+to\s+(?:[a-z]+\s+state\s+)?(idle|connect|active|opensent|openconfirm|established|clearing|deleted)\b|` +
	`\bold state (idle|connect|active|opensent|openconfirm|established)\b.{0,60}?\bnew state (idle|connect|active|opensent|openconfirm|established)\b`)

// fsmStates are RFC 4271 §8.2.2's states in its order (FRR's Clearing,
// which follows Established, last), for telling a move forward from one
// back.
var fsmStates = []string{"idle", "connect", "active", "opensent", "openconfirm", "established", "clearing"}

// stateChange says what a move of the FSM the entry (lower case) logs
// means, or "" if it logs none.
func stateChange(lower string) string {
	var from, to string
	if m := stateChangeAt.find(lower); m != nil { // reStateChange's first match
		from, to = m[1]+m[3]+m[5], m[2]+m[4]+m[6]
	} else if from, to = gobgpMove(lower); from == "" {
		if s := mibState(lower); s != "" {
			return s
		}
		if s := adjacencyUp(lower); s != "" {
			return s
		}
		return stateShown(lower)
	}
	s := "the session moved from " + from + " to " + to + " (RFC 4271 §8.2.2): "
	switch {
	case to == "established":
		return s + "a KEEPALIVE answered its OPEN (event 26) and it came up; not an error"
	case to == "openconfirm":
		return s + "the neighbour's OPEN was accepted (event 19) and a KEEPALIVE is awaited; a normal step"
	case to == "opensent":
		return s + "the TCP connection came up (events 16, 17) and the router sent its OPEN; a normal step"
	case from == "active" && to == "connect":
		return s + "its ConnectRetryTimer expired (event 9) and the router tries its own TCP connection again; a retry while the session is not yet up, not a session going down"
	case from == "connect" && to == "active":
		return s + "the router's own TCP connection attempt failed (event 18 TcpConnectionFails); it waits in Active for the neighbour to connect, and tries again when its ConnectRetryTimer expires"
	case to == "deleted" || to == "clearing":
		return s + stateWaits[to]
	case slices.Index(fsmStates, to) < slices.Index(fsmStates, from):
		return s + "the session went down or its attempt failed; the event or reason logged with it says why (a NOTIFICATION, the TCP connection closed, a timer, an operator)"
	}
	return s + "a step in setting the session up"
}

// attrActionNamed is RFC 7606's action for the one attribute an entry
// (lower case) names, or "".
func attrActionNamed(lower string) string {
	t := attrInWords(lower)
	if t == 0 || t.ErrorAction() == bgp.NoAction {
		return ""
	}
	return "; for " + t.String() + " it is " + t.ErrorAction().String()
}

// familyNamed adds the address family the entry names, in words or as
// AFI/SAFI numbers.
func familyNamed(lower string) string {
	if f, ok := familyInWords(lower); ok {
		return "; here for " + familyWords(f)
	}
	return ""
}

// familyWords names a family with its registry numbers: "IPv6 unicast
// (AFI 2, SAFI 1)".
func familyWords(f bgp.Family) string {
	return f.String() + " (AFI " + itoa(int(f.AFI)) + ", SAFI " + itoa(int(f.SAFI)) + ")"
}

// reExtNextHop is an Extended Next Hop capability's tuple in FRR's words,
// "afi/safi/next-hop afi: IPv4/multicast/2": the NLRI's family and the
// AFI of the next hop.
var reExtNextHop = gate(`\b((?:ipv4|ipv6)[/ ][a-z-]+)/(\d{1,5})\b`)

// extNextHopTuple says what an Extended Next Hop capability tuple the
// entry names is (RFC 8950 §4: NLRI AFI, NLRI SAFI, Nexthop AFI).
func extNextHopTuple(lower string) string {
	m := reExtNextHop.find(newScan(lower, lower))
	if m == nil || !strings.Contains(lower, "extended next") {
		return ""
	}
	f, ok := familyInWords(m[1])
	if !ok {
		return ""
	}
	return "; the tuple named is " + familyWords(f) + " NLRI over a next hop of AFI " + m[2] + " (" + bgp.AFI(atoiOr(m[2], 0)).String() + "), RFC 8950 §4"
}
