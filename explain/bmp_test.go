package explain

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"os"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/capture"
)

// TestBMPAgreesWithDecoder explains every message of two real BMP streams
// (FRR and gobgpd exporting; testdata/README.md) and checks it against the
// bmp decoder: the fields tile each message, the per-peer header values
// are the decoder's, and the routes shown are those the per-peer state
// reads.
func TestBMPAgreesWithDecoder(t *testing.T) {
	for _, f := range []string{"../testdata/frr-bmp/frr-small-100.bmp", "../testdata/gobgp-bmp/gobgp-small-100.bmp"} {
		t.Run(f, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			peers := bmp.NewPeers(0)
			n := 0
			for rest := data; len(rest) > 0; n++ {
				msg, r, err := bmp.SplitMessage(rest)
				if err != nil {
					t.Fatal(err)
				}
				rest = r
				x := BMP(msg, Options{Session: bgp.Session{AS4: true}})
				if len(x.Messages) != 1 {
					t.Fatalf("message %d: %d trees", n, len(x.Messages))
				}
				checkTiling(t, msg, x)
				mv, err := bmp.ParseMessage(msg)
				if err != nil {
					t.Fatal(err)
				}
				if p, ok := mv.Peer(); ok {
					if got := find(x, "peer_address").Value; got != p.Address.String() {
						t.Errorf("message %d: peer address %v, decoder %v", n, got, p.Address)
					}
					if got := find(x, "peer_as").Value; got != uint64(p.AS) {
						t.Errorf("message %d: peer AS %v, decoder %d", n, got, p.AS)
					}
				}
				peers.Observe(mv)
				switch mv.Type() {
				case bmp.MsgRouteMonitoring:
					rm, _ := mv.RouteMonitoring()
					u, rd, err := peers.ReadUpdate(rm)
					if err != nil || !rd.Clean {
						continue // the decoder's own tests cover these
					}
					// With the session the state found, the explanation
					// must show the same prefixes.
					x := BMP(msg, Options{Session: rd.Session, FixedAS4: true, FixedAddPath: true})
					var want, got []string
					for _, r := range u.Announced() {
						want = append(want, r.Prefix.String())
					}
					x.Messages[0].Walk(func(nd *Node, _ int) {
						if nd.Name == "prefix" && len(nd.Children) > 0 {
							got = append(got, nd.Value.(string))
						}
					})
					if join(got, ",") != join(want, ",") {
						t.Errorf("message %d: explained %v, decoded %v", n, got, want)
					}
				}
			}
			if n < 100 {
				t.Errorf("only %d messages", n)
			}
		})
	}
}

// The version 4 Route Monitoring vector of the bmp package's tests
// (draft-ietf-grow-bmp-tlv-20 numbering): a VRF/Table Name TLV and the BGP
// Message TLV, both with index 0, so the Index field is there though zero.
const bmpV4Vector = `04 00000059 00
00 00 0000000000000000 000000000000000000000000c0000201 0000fdea c0000201 5f5e1000 00000001
0005 0006 0000 676c6f62616c
0007 0017 0000 ffffffffffffffffffffffffffffffff 0017 02 0000 0000`

// TestBMPv4TLVs explains version 4 Route Monitoring messages: the TLVs
// with index 0 keep their Index field (the fields tile the message), the
// UPDATE is the value of the BGP Message TLV, and each type is named by
// the numbering the message follows.
func TestBMPv4TLVs(t *testing.T) {
	in := mustHex(t, bmpV4Vector)
	x := BMP(in, Options{Session: bgp.Session{AS4: true}})
	checkTiling(t, in, x)
	var names []string
	for _, n := range findAll(x, "route_monitoring_tlv") {
		names = append(names, n.Value.(string))
	}
	if got := join(names, ","); got != "VRF/Table Name,BGP Message" {
		t.Errorf("TLVs %s", got)
	}
	if v := findAll(x, "value"); len(v) == 0 || v[0].Value != "global" {
		t.Errorf("VRF/Table Name value %+v", v)
	}
	if u := find(x, "bgp_update"); u == nil || u.Off != 66 || u.Len != 23 {
		t.Errorf("UPDATE node %+v", u)
	}
}

// TestBMPv4InterimCapture explains the version 4 messages of NetGauze's
// path-status capture (testdata/README.md), which number the TLVs as
// exporters did before draft-ietf-grow-bmp-tlv-20: Group 2, VRF/Table
// Name 3, BGP Message 4, Path Status 5. NetGauze's own decode of the
// capture (ipv4_unicast_path_marking-bmp.json upstream) shows the same
// TLVs and the status "BEST | PRIMARY | ADD_PATH".
func TestBMPv4InterimCapture(t *testing.T) {
	f, err := capture.Open("../testdata/bmp/netgauze/assets/pcaps/bmp/path-status/ipv4_unicast_path_marking.pcap")
	if err != nil {
		t.Fatal(err)
	}
	ss, err := f.Streams(capture.PortFilter(10000))
	if err != nil || len(ss) != 1 {
		t.Fatalf("streams %d, %v", len(ss), err)
	}
	var tlvs, status []string
	for rest := ss[0].Data; len(rest) > 0; {
		msg, r, err := bmp.SplitMessage(rest)
		if err != nil {
			t.Fatal(err)
		}
		rest = r
		x := BMP(msg, Options{Session: bgp.Session{AS4: true}})
		checkTiling(t, msg, x)
		for _, n := range findAll(x, "route_monitoring_tlv") {
			tlvs = append(tlvs, n.Value.(string))
		}
		for _, n := range findAll(x, "path_status") {
			status = append(status, n.Meaning)
		}
	}
	want := "Group,VRF/Table Name,BGP Message,Path Status,VRF/Table Name,BGP Message,Path Status,VRF/Table Name,BGP Message"
	if got := join(tlvs, ","); got != want {
		t.Errorf("TLVs\n got %s\nwant %s", got, want)
	}
	if got := join(status, ";"); got != "Best, Primary, Add-Path;Best, Primary, Add-Path" {
		t.Errorf("path status %s", got)
	}
}

// TestBMPv4PeerDownTLVs: in version 4 TLVs may follow the data of any
// Peer Down reason (the bmp package's vector: reason 2, FSM event 0, one
// TLV); they are explained, not left as undecoded octets.
func TestBMPv4PeerDownTLVs(t *testing.T) {
	in := mustHex(t, `04 00000039 02
00 00 0000000000000000 000000000000000000000000c0000201 0000fdea c0000201 5f5e1000 00000001
02 0000 0000 0002 6869`)
	x := BMP(in, Options{})
	checkTiling(t, in, x)
	if n := findAll(x, "information_tlv"); len(n) != 1 || len(x.Errors) != 0 {
		t.Errorf("TLVs %d, errors %v", len(n), x.Errors)
	}
}

// TestBMPPeerDownDataMismatch: a Peer Down whose data is not what its
// reason calls for (FRR before FRRouting/frr#8067 sent reason 1 with no
// NOTIFICATION; an unassigned reason with data) is reported at the
// reason, with the offset, as a problem the collector reads past; the
// well-formed reasons report nothing.
func TestBMPPeerDownDataMismatch(t *testing.T) {
	const peer = "00 00 0000000000000000 000000000000000000000000c0000201 0000fdea c0000201 5f5e1000 00000001"
	tests := []struct {
		name, hex string
		off       int // -1: no problem
	}{
		{"reason 1 without its NOTIFICATION", "03 00000031 02" + peer + "01", 49},
		{"unassigned reason 7 with data", "03 00000033 02" + peer + "07 0001", 49},
		{"reason 4 with data, version 3", "03 00000032 02" + peer + "04 00", 49},
		{"reason 2 with its FSM event", "03 00000033 02" + peer + "02 0012", -1},
		{"reserved reason 0 with no data", "03 00000031 02" + peer + "00", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := mustHex(t, tt.hex)
			x := BMP(in, Options{})
			checkTiling(t, in, x)
			r := find(x, "reason")
			if tt.off < 0 {
				if len(x.Errors) != 0 || r.Problem != "" {
					t.Fatalf("errors %v, reason problem %q", x.Errors, r.Problem)
				}
				return
			}
			if len(x.Errors) != 1 || x.Errors[0].Offset != tt.off || r.Problem == "" {
				t.Fatalf("errors %+v, reason problem %q", x.Errors, r.Problem)
			}
			if e := x.Errors[0]; e.Protocol != "BMP" || !strings.Contains(e.Action, "reads on") {
				t.Errorf("error %+v: want a BMP problem the collector reads past", e)
			}
		})
	}
}

// TestBMPStatWidthMismatch: a statistic sent with another length than the
// registry gives its type (a 64-bit gauge in 4 octets) is read by its own
// length (tshark 4.0 reads 8 octets and runs into the next statistic) and
// the length is flagged; types the registry does not know, and
// statistics of the right width, are not.
func TestBMPStatWidthMismatch(t *testing.T) {
	in := mustHex(t, `03 00000050 01
00 00 0000000000000000 000000000000000000000000c0000201 0000fdea c0000201 5f5e1000 00000001
00000003
0007 0004 00000064
fffb 0004 00000005
0008 0008 0000000000000007`)
	x := BMP(in, Options{})
	checkTiling(t, in, x)
	stats := findAll(x, "stat")
	if len(stats) != 3 || len(x.Errors) != 0 {
		t.Fatalf("%d stats, errors %v", len(stats), x.Errors)
	}
	for i, want := range []struct {
		value   uint64
		problem bool
	}{{100, true}, {5, false}, {7, false}} {
		st := stats[i]
		if st.Value != want.value || (st.Children[1].Problem != "") != want.problem {
			t.Errorf("stat %d: value %v, length problem %q", i, st.Value, st.Children[1].Problem)
		}
	}
}

// TestBMPLegacyVersions: BMP versions 1 and 2 (early drafts, Junos 10.4
// sends version 1) have no length field; a stream of them is explained
// message by message, framed by their bodies, with the 44-octet header's
// fields where they are; a version 2 Peer Up, which nothing frames, is
// said to be so.
func TestBMPLegacyVersions(t *testing.T) {
	const peer = "00 00 0000000000000000 000000000000000000000000c0000201 0000fdea c0000201 5f5e1000 00000001"
	in := mustHex(t, "01 00"+peer+"ffffffffffffffffffffffffffffffff 0017 02 0000 0000"+
		"01 02"+peer+"02 0012")
	if !LooksLikeBMP(in) {
		t.Fatal("not taken for BMP")
	}
	x := BMP(in, Options{})
	checkTiling(t, in, x)
	if len(x.Messages) != 2 || len(x.Errors) != 0 || x.Trailing != 0 {
		t.Fatalf("%d messages, errors %v, trailing %d", len(x.Messages), x.Errors, x.Trailing)
	}
	if as := find(x, "peer_as"); as == nil || as.Off != 28 || as.Value != uint64(65002) {
		t.Errorf("peer_as %+v", as)
	}
	if u := find(x, "bgp_update"); u == nil || u.Off != 44 {
		t.Errorf("bgp_update %+v", u)
	}
	if ev := find(x, "fsm_event_code"); ev == nil || ev.Off != 67+45 || ev.Value != 18 || !strings.HasPrefix(ev.Meaning, "TcpConnectionFails") {
		t.Errorf("fsm_event_code %+v", ev)
	}

	if h := Hex(in, "01 00 ...", Options{}); h.Line == nil || !strings.Contains(h.Line.Why, "(version 1)") {
		t.Errorf("line %+v", h.Line)
	}

	pu := mustHex(t, "02 03"+peer+"00")
	if !LooksLikeBMP(pu) {
		t.Fatal("version 2 Peer Up not taken for BMP")
	}
	x = BMP(pu, Options{})
	if len(x.Errors) != 1 || x.Messages[0].Problem == "" {
		t.Fatalf("errors %v", x.Errors)
	}
	if LooksLikeBMP(mustHex(t, "01 00"+peer+"00000000")) {
		t.Error("version 1 header without a BGP message taken for BMP")
	}
}

// TestBMPStatsCount: the statistics are those Stats Count counts, as the
// decoder reads them (octets after them are its Trailing, flagged in
// version 3); a count that overruns the message is a problem of that
// message only: it frames, and the next message is explained.
func TestBMPStatsCount(t *testing.T) {
	const peer = "00 00 0000000000000000 000000000000000000000000c0000201 0000fdea c0000201 5f5e1000 00000001"
	in := mustHex(t, "03 00000044 01"+peer+"00000001 0000 0004 00000001 0001 0004 00000002")
	x := BMP(in, Options{})
	checkTiling(t, in, x)
	tr := find(x, "trailing")
	if n := len(findAll(x, "stat")); n != 1 || tr == nil || tr.Off != 60 || tr.Len != 8 || tr.Problem == "" {
		t.Fatalf("%d stats, trailing %+v", n, tr)
	}
	m, err := bmp.DecodeMessage(in)
	if sr, ok := m.(bmp.StatisticsReport); err != nil || !ok || len(sr.Stats) != 1 || len(sr.Trailing) != 8 {
		t.Fatalf("decoder: %#v, %v", m, err)
	}

	over := mustHex(t, "03 0000003c 01"+peer+"00000002 0000 0004 00000001"+
		"03 00000033 02"+peer+"02 0012")
	x = BMP(over, Options{})
	checkTiling(t, over, x)
	if len(x.Messages) != 2 || len(x.Errors) != 1 || !strings.Contains(x.Errors[0].Action, "reads on") {
		t.Fatalf("%d messages, errors %+v", len(x.Messages), x.Errors)
	}
}

// TestBMPTerminationReason: a Termination's Reason TLV is named by the
// registry (tshark names it too); one that is not 2 octets is flagged.
func TestBMPTerminationReason(t *testing.T) {
	in := mustHex(t, "03 00000013 05 0000 0003 627965 0001 0002 0001")
	x := BMP(in, Options{})
	checkTiling(t, in, x)
	tlvs := findAll(x, "information_tlv")
	if len(tlvs) != 2 {
		t.Fatalf("%d TLVs", len(tlvs))
	}
	if v := tlvs[1].Children[2]; v.Value != 1 || v.Meaning != "Unspecified reason" || v.Problem != "" {
		t.Errorf("reason %+v", v)
	}
	bad := mustHex(t, "03 0000000e 05 0001 0004 00000001")
	x = BMP(bad, Options{})
	if v := findAll(x, "information_tlv")[0].Children[2]; v.Problem == "" {
		t.Errorf("4-octet reason %+v", v)
	}
}

// FuzzBMP: explaining any octets as BMP (versions 1 to 4) never panics,
// and every field lies inside the input.
func FuzzBMP(f *testing.F) {
	const peer = "00 00 0000000000000000 000000000000000000000000c0000201 0000fdea c0000201 5f5e1000 00000001"
	for _, s := range []string{
		"01 00" + peer + "ffffffffffffffffffffffffffffffff 0017 02 0000 0000" + "01 02" + peer + "02 0012",
		"02 03" + peer,
		"03 00000031 02" + peer + "01",
		"03 0000003c 01" + peer + "00000002 0000 0004 00000001",
		"03 00000044 01" + peer + "00000001 0000 0004 00000001 0001 0004 00000002",
		"04 00000039 02" + peer + "02 0000 0000 0002 6869",
		"03 00000013 05 0000 0003 627965 0001 0002 0001",
	} {
		f.Add(mustHexF(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		x := BMP(in, Options{})
		var buf bytes.Buffer
		if err := WriteText(&buf, x, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		for _, m := range x.Messages {
			for _, l := range m.Leaves() {
				if l.Off < 0 || l.Off+l.Len > len(in) {
					t.Fatalf("leaf %s [%d,+%d) outside input of %d", l.Name, l.Off, l.Len, len(in))
				}
			}
		}
	})
}

// TestBMPPortsSwapped: a Peer Up whose ports read 45824 (179 with its
// octets swapped, FRR before 8.5) gets a note saying so.
func TestBMPPortsSwapped(t *testing.T) {
	open, err := bgp.NewOpen(65001, 90, netip.MustParseAddr("192.0.2.1")).Append(nil, bgp.Session{})
	if err != nil {
		t.Fatal(err)
	}
	pu := bmp.PeerUp{Peer: bmp.PeerHeader{Address: netip.MustParseAddr("192.0.2.1"), AS: 65001, BGPID: netip.MustParseAddr("192.0.2.1")},
		LocalAddress: netip.MustParseAddr("192.0.2.2"), LocalPort: 45824, RemotePort: 0x409c, SentOpen: open, ReceivedOpen: open}
	in, err := pu.Append(nil)
	if err != nil {
		t.Fatal(err)
	}
	x := BMP(in, Options{})
	if len(x.Notes) != 1 || !strings.Contains(x.Notes[0], "45824 is BGP's port 179") {
		t.Errorf("notes %q", x.Notes)
	}
	pu.LocalPort, pu.RemotePort = 179, 40000
	in, _ = pu.Append(nil)
	if x := BMP(in, Options{}); len(x.Notes) != 0 {
		t.Errorf("network-order ports: notes %q", x.Notes)
	}
}

// TestBMPPeerUpPartial: a Peer Up whose Received OPEN is cut short is
// explained as far as it frames (addresses, ports, the Sent OPEN), then
// the problem, instead of leaving all its octets undecoded.
func TestBMPPeerUpPartial(t *testing.T) {
	open, err := bgp.NewOpen(65001, 90, netip.MustParseAddr("192.0.2.1")).Append(nil, bgp.Session{})
	if err != nil {
		t.Fatal(err)
	}
	pu := bmp.PeerUp{Peer: bmp.PeerHeader{Address: netip.MustParseAddr("192.0.2.1"), AS: 65001, BGPID: netip.MustParseAddr("192.0.2.1")},
		LocalAddress: netip.MustParseAddr("192.0.2.2"), LocalPort: 179, RemotePort: 40000, SentOpen: open, ReceivedOpen: open}
	in, _ := pu.Append(nil)
	in = in[:bmp.OffPeerUpSentOpen+len(open)+5]
	binary.BigEndian.PutUint32(in[bmp.OffLength:], uint32(len(in)))
	x := BMP(in, Options{})
	checkTiling(t, in, x)
	if find(x, "remote_port") == nil || find(x, "sent_open_message") == nil || find(x, "received_open_message") != nil {
		t.Fatal("fields that frame not explained")
	}
	if len(x.Errors) != 1 || x.Errors[0].Offset != len(in) {
		t.Errorf("errors %+v", x.Errors)
	}
}

// TestBMPInitiationNote: an Initiation without the sysDescr and sysName
// RFC 7854 §4.3 requires gets a note naming what it lacks; one with both
// (an empty sysName counts: Junos sends one without a configured name)
// gets none.
func TestBMPInitiationNote(t *testing.T) {
	for _, tt := range []struct {
		hex, want string
	}{
		{"03 00000006 04", "no sysDescr and sysName"},
		{"03 0000000f 04 0001 0005 4a756e6f73", "no sysName"},
		{"03 00000013 04 0001 0005 4a756e6f73 0002 0000", ""},
	} {
		x := BMP(mustHex(t, tt.hex), Options{})
		switch {
		case tt.want == "" && len(x.Notes) != 0:
			t.Errorf("%s: notes %q", tt.hex, x.Notes)
		case tt.want != "" && (len(x.Notes) != 1 || !strings.Contains(x.Notes[0], tt.want)):
			t.Errorf("%s: notes %q, want %q", tt.hex, x.Notes, tt.want)
		}
	}
}

// TestBMPRouteMonitoringTrailing: a version 3 Route Monitoring with
// octets after its UPDATE (Huawei VRP 8.230 appends vendor TLVs, as the
// pmacct captures show) has its UPDATE explained, then the octets, as
// TLVs since they frame, with the problem; it does not stop the stream.
func TestBMPRouteMonitoringTrailing(t *testing.T) {
	const peer = "00 00 0000000000000000 000000000000000000000000c0000201 0000fdea c0000201 5f5e1000 00000001"
	rm := mustHex(t, "03 0000004f 00"+peer+"ffffffffffffffffffffffffffffffff 0017 02 0000 0000"+"ea62 0004 0000000a")
	in := append(rm, mustHex(t, "03 00000033 02"+peer+"02 0012")...)
	x := BMP(in, Options{})
	checkTiling(t, in, x)
	tr := find(x, "trailing")
	if len(x.Messages) != 2 || find(x, "bgp_update") == nil || tr == nil || tr.Off != 71 || tr.Problem == "" || len(tr.Children) != 1 {
		t.Fatalf("%d messages, trailing %+v", len(x.Messages), tr)
	}
	if len(x.Errors) != 1 || x.Errors[0].Offset != 71 || !strings.Contains(x.Errors[0].Action, "reads on") {
		t.Errorf("errors %+v", x.Errors)
	}
}
