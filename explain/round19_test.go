package explain

import "testing"

// Round 19: show-command neighbour blocks of other vendors held out from
// the corpus (testdata/loglines README, "Round 19"), by class.

// EOS prints the state as "BGP state is Established", older GoBGP as
// "BGP state = BGP_FSM_ESTABLISHED".
func TestRound19StateForms(t *testing.T) {
	says(t, "BGP neighbor is 192.0.2.1, remote AS 65100, external link\n  BGP state is Established, up for 00:00:19", "session is in established")
	says(t, "BGP neighbor is 192.0.2.1, remote AS 65001\n  BGP state = BGP_FSM_ACTIVE\n  BGP OutQ = 0, Flops = 0", "session is in active")
}

// EOS names its last event with Junos's names ("Last event was
// RecvKeepAlive"); Comware's show block its current event ("BGP current
// event: CRTimerExpired").
func TestRound19ShowBlockEvents(t *testing.T) {
	says(t, "  BGP state is Established, up for 00:00:19\n  Last state was OpenConfirm\n  Last event was RecvKeepAlive", "event 26 KeepAliveMsg")
	says(t, "Peer: 1::2 Local: 1::3\nType: EBGP link\nBGP current state: Connect\nBGP current event: CRTimerExpired", "event 9 ConnectRetryTimer_Expires")
}
