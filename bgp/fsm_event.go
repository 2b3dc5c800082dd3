package bgp

// FSMEvent is an event of the BGP finite state machine (RFC 4271 §8.1),
// by its number there: what a BMP Peer Down of reason 2 names (RFC 7854
// §4.9, where 0 means no relevant event).
type FSMEvent uint16

// fsmEventNames are the names RFC 4271 §8.1.2 to §8.1.5 gives events 1 to
// 28.
var fsmEventNames = [...]string{
	0: "no relevant event",
	1: "ManualStart", 2: "ManualStop", 3: "AutomaticStart",
	4: "ManualStart_with_PassiveTcpEstablishment", 5: "AutomaticStart_with_PassiveTcpEstablishment",
	6: "AutomaticStart_with_DampPeerOscillations", 7: "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment",
	8: "AutomaticStop", 9: "ConnectRetryTimer_Expires", 10: "HoldTimer_Expires", 11: "KeepaliveTimer_Expires",
	12: "DelayOpenTimer_Expires", 13: "IdleHoldTimer_Expires",
	14: "TcpConnection_Valid", 15: "Tcp_CR_Invalid", 16: "Tcp_CR_Acked", 17: "TcpConnectionConfirmed", 18: "TcpConnectionFails",
	19: "BGPOpen", 20: "BGPOpen with DelayOpenTimer running", 21: "BGPHeaderErr", 22: "BGPOpenMsgErr",
	23: "OpenCollisionDump", 24: "NotifMsgVerErr", 25: "NotifMsg", 26: "KeepAliveMsg", 27: "UpdateMsg", 28: "UpdateMsgErr",
}

// String returns the RFC 4271 name, e.g. "TcpConnectionFails", or
// "FSMEvent(N)".
func (e FSMEvent) String() string { return CodeName(fsmEventNames[:], e, "FSMEvent") }

// Ref returns the section that defines the event, or "".
func (e FSMEvent) Ref() string {
	switch {
	case e == 0:
		return "RFC 7854 §4.9"
	case e <= 8:
		return "RFC 4271 §8.1.2"
	case e <= 13:
		return "RFC 4271 §8.1.3"
	case e <= 18:
		return "RFC 4271 §8.1.4"
	case e <= 28:
		return "RFC 4271 §8.1.5"
	}
	return ""
}
