package explain

import "strings"

// birdProtoStates are BIRD's protocol states as its "State changed to X"
// trace names them (nest/proto.c, proto_state_name): the protocol's life
// in BIRD, not RFC 4271's FSM, whose state BIRD gives only in "show
// protocols all". "wait" is left out: its meaning could not be checked.
var birdProtoStates = []struct{ name, meaning string }{
	{"start", "the protocol is starting: for BGP the session is not up yet, BIRD connects to the neighbour or waits for it (the BGP FSM is in Idle, Connect, Active, OpenSent or OpenConfirm)"},
	{"feed", "the session is up (Established) and BIRD is sending the neighbour its routes"},
	{"up", "the session is up (Established) and BIRD has sent the neighbour its routes; routes are exchanged from now on"},
	{"stop", "the protocol is shutting down: for BGP the session is closing (an error, a NOTIFICATION sent or received, the operator, a reconfiguration: the lines before it say which) and BIRD withdraws the routes it learnt over it"},
	{"flush", "the session is down and BIRD is removing the routes it learnt over it from its tables"},
	{"down", "the protocol has stopped; BIRD starts it again after its error wait time unless it was disabled"},
}

// birdProtoState says what the BIRD protocol state the entry (lower
// case) changed to means, or "" when it names none BIRD has.
func birdProtoState(lower string) string {
	_, rest, ok := strings.Cut(lower, "state changed to ")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
	for _, s := range birdProtoStates {
		if name == s.name {
			return ": " + s.name + ", " + s.meaning
		}
	}
	return ""
}
