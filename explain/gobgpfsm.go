package explain

import (
	"regexp"
	"strings"
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
