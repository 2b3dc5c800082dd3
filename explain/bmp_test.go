package explain

import (
	"os"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
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
				switch mv.Type() {
				case bmp.MsgPeerUp:
					pu, _ := mv.PeerUp()
					peers.PeerUp(pu)
				case bmp.MsgPeerDown:
					p, _ := mv.Peer()
					peers.PeerDown(p)
				case bmp.MsgRouteMonitoring:
					rm, _ := mv.RouteMonitoring()
					u, rd, err := peers.RouteMonitoring(rm)
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
