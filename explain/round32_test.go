package explain

import (
	"strings"
	"testing"
)

// Held-out round 32 (testdata/loglines/README.md): the envelopes of the
// newest open-source daemons are read as an entry's elements: FRR's
// message ID and bracketed level, Go's key=value text (GoBGP 3 and 4),
// and bunyan's JSON (maghemite's slog-rs); an address glued to its key
// (bfdd's "peer:192.0.2.1") and FRR's "vrf VRF default" are read.
func TestRound32Envelopes(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string // field=value pairs the entry's elements must hold
	}{
		{"2025/01/17 09:22:11 BGP: [MQAC4-8G3WW] Creating Default VRF, AS 12813593", []string{"message_id=[MQAC4-8G3WW]", "program=BGP"}},
		{"2023/12/14 10:17:55 BFD: [SEY1D-NT8EQ] state-change: [mhop:no peer:192.168.216.16 local:0.0.0.0 vrf:default] up -> down reason:neighbor-down", []string{"program=BFD", "message_id=[SEY1D-NT8EQ]", "address=192.168.216.16"}},
		{"2025/01/17 09:22:11 BGP: [HXW3G-K1M2A] sendmsg_zebra_rnh: sending cmd ZEBRA_IMPORT_ROUTE_REGISTER for 20.20.20.95/32 (vrf VRF default)", []string{"vrf=default", "address=20.20.20.95"}},
		{"2024-09-24 04:30:19.277 [DEBG] bgpd: [V4R0W-D4WGF] 10.0.0.2(Unknown) Update Group Hash: sort: 1 sub_sort: 0 UpdGrpFlags: 0 UpdGrpAFFlags: 553648135", []string{"level=[DEBG]", "program=bgpd", "message_id=[V4R0W-D4WGF]"}},
		{`time=2026-01-11T11:01:22.622Z level=DEBUG msg="IdleHoldTimer expired" Topic=Peer Key=192.168.1.3 State=BGP_FSM_IDLE Duration=5`, []string{"timestamp=2026-01-11T11:01:22.622Z", "level=DEBUG", "msg=IdleHoldTimer expired", "topic=Peer", "key=192.168.1.3", "duration=5"}},
		{`{"msg":"listener bind: 127.0.0.3:10179","v":0,"name":"slog-rs","level":20,"time":"2026-01-01T19:43:27.300491886Z","hostname":"w-01KDXGR71VXBF2F94YJH13NSHD","pid":6145,"listen_address":"127.0.0.3:10179","unit":"dispatcher","module":"neighbor","component":"bgp"}`, []string{"level=20", "timestamp=2026-01-01T19:43:27.300491886Z", "hostname=w-01KDXGR71VXBF2F94YJH13NSHD", "pid=6145", "listen_address=127.0.0.3:10179"}},
	} {
		hasElements(t, c.text, c.want...)
	}
	// Bunyan's numbers are its levels; a bracketed word that is no FRR
	// level is no level, and pairs with no msg are no envelope.
	x := Line(`{"msg":"spawning session for r2","level":30}`, Options{})
	if f := fieldNamed(x.Line.Fields, "level"); f == nil || !strings.Contains(f.Meaning, "info") {
		t.Errorf("bunyan level 30 not told as info: %v", x.Line.Fields)
	}
	if f := fieldNamed(Line("2024-09-24 04:30:19 [FOO] bgpd: level=DEBUG Topic=Peer", Options{}).Line.Fields, "topic"); f != nil {
		t.Errorf("a pair with no msg read: %v", f)
	}
}

func fieldNamed(fs []EntryField, name string) *EntryField {
	for i := range fs {
		if fs[i].Name == name {
			return &fs[i]
		}
	}
	return nil
}
