package bmp

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/bgplens/bgplens/bgp"
)

// The real streams of testdata/frr-bmp and testdata/gobgp-bmp (see
// testdata/README.md): raw BMP as FRR 8.4.4 and gobgpd 3.10.0 sent it.
// The counts asserted here come from the .txt notes beside each file,
// written by an independent decoder and checked against tshark.

// realStream is what a test expects of one file.
type realStream struct {
	file string
	// per message type, from the .txt "Message types"
	types map[MsgType]int
	// Route Monitoring per peer type and flags, from the .txt "Message
	// type x peer type x peer flags"
	rmFlags map[[2]uint8]int
}

var realStreams = []realStream{
	{
		file: "frr-bmp/frr-small-100.bmp",
		types: map[MsgType]int{MsgRouteMonitoring: 936, MsgRouteMirroring: 185, MsgStatisticsReport: 27,
			MsgPeerDown: 15, MsgPeerUp: 3, MsgInitiation: 1},
		rmFlags: map[[2]uint8]int{{0, 0x40}: 459, {0, 0x00}: 457, {0, 0x80}: 10, {0, 0xc0}: 10},
	},
	{
		file: "gobgp-bmp/gobgp-small-100.bmp",
		types: map[MsgType]int{MsgRouteMonitoring: 1116, MsgStatisticsReport: 5, MsgPeerUp: 2,
			MsgInitiation: 1, MsgPeerDown: 1, MsgTermination: 1},
		rmFlags: map[[2]uint8]int{{0, 0x40}: 500, {0, 0x00}: 378, {3, 0x00}: 238},
	},
}

func readTestdata(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// plausible reports whether a route is one the exporters' scenario
// announces (run.sh, lib/genmrt.py and the exabgp template of
// shared/tools/bmp-exporters): IPv4 in 11.0.0.0/8, 100.64.0.0/10,
// 203.0.113.0/24, 198.51.100.0/24, 192.0.2.128/25 or 172.16.0.0/12, IPv6
// in 2001:db8::/32, with no bits set past the prefix length. A route read with the wrong ADD-PATH hypothesis fails
// this.
func plausible(r bgp.Route) bool {
	if r.Prefix.Masked() != r.Prefix {
		return false
	}
	for _, s := range []string{"11.0.0.0/8", "100.64.0.0/10", "203.0.113.0/24", "198.51.100.0/24", "192.0.2.128/25", "172.16.0.0/12", "2001:db8::/32"} {
		p := netip.MustParsePrefix(s)
		if p.Contains(r.Prefix.Addr()) && r.Prefix.Bits() >= p.Bits() {
			return true
		}
	}
	return false
}

// TestRealStreams reads every message of the real streams through a
// Reader, decodes it, re-encodes it byte for byte, and counts the types.
func TestRealStreams(t *testing.T) {
	for _, rs := range realStreams {
		t.Run(rs.file, func(t *testing.T) {
			data := readTestdata(t, rs.file)
			r := NewReader(bytes.NewReader(data))
			types := map[MsgType]int{}
			flags := map[[2]uint8]int{}
			var off int64
			for msg := range framed(t, r) {
				if r.Offset() != off {
					t.Fatalf("Offset %d, want %d", r.Offset(), off)
				}
				off += int64(len(msg))
				v, err := ParseMessage(msg)
				if err != nil {
					t.Fatalf("offset %d: %v", r.Offset(), err)
				}
				m, err := v.Decode()
				if err != nil {
					t.Fatalf("offset %d: %v", r.Offset(), err)
				}
				out, err := m.Append(nil)
				if err != nil || !bytes.Equal(out, msg) {
					t.Fatalf("offset %d: %v does not re-encode (%v)", r.Offset(), m.Type(), err)
				}
				types[m.Type()]++
				if h, ok := v.Peer(); ok && m.Type() == MsgRouteMonitoring {
					flags[[2]uint8{uint8(h.Type), uint8(h.Flags)}]++
				}
				if pd, ok := m.(PeerDown); ok && pd.Data != nil {
					t.Errorf("offset %d: Peer Down data kept raw: %x", r.Offset(), pd.Data)
				}
				if st, ok := m.(StatisticsReport); ok {
					for _, s := range st.Stats {
						if !s.WellFormed() && s.Type != 65531 { // FRR's experimental type
							t.Errorf("offset %d: statistic %d of length %d", r.Offset(), s.Type, len(s.Value))
						}
					}
				}
			}
			if off != int64(len(data)) {
				t.Errorf("read %d of %d octets", off, len(data))
			}
			if !maps.Equal(types, rs.types) {
				t.Errorf("types %v, want %v", types, rs.types)
			}
			if !maps.Equal(flags, rs.rmFlags) {
				t.Errorf("Route Monitoring by peer type and flags %v, want %v", flags, rs.rmFlags)
			}
		})
	}
}

// replay feeds a stream to a Peers and checks each reading with check.
func replay(t *testing.T, rel string, check func(h PeerHeader, u bgp.UpdateView, r Reading)) *Peers {
	t.Helper()
	p := NewPeers(0)
	r := NewReader(bytes.NewReader(readTestdata(t, rel)))
	for {
		msg, err := r.Next()
		if errors.Is(err, io.EOF) {
			return p
		}
		if err != nil {
			t.Fatal(err)
		}
		v, err := ParseMessage(msg)
		if err != nil {
			t.Fatal(err)
		}
		u, rd, ok, err := observeRead(p, v)
		if !ok {
			continue
		}
		if err != nil {
			t.Fatalf("offset %d: %v", r.Offset(), err)
		}
		for _, rt := range u.Announced() {
			if !plausible(rt) {
				t.Errorf("offset %d: %v announces %v (path id %d): misread", r.Offset(), rd.Peer, rt.Prefix, rt.PathID)
			}
		}
		for _, rt := range u.Withdrawals() {
			if !plausible(rt) {
				t.Errorf("offset %d: %v withdraws %v (path id %d): misread", r.Offset(), rd.Peer, rt.Prefix, rt.PathID)
			}
		}
		h, _ := v.Peer()
		check(h, u, rd)
	}
}

// carriesRoutes reports whether an UPDATE announces or withdraws routes,
// the messages whose reading depends on ADD-PATH.
func carriesRoutes(u bgp.UpdateView) bool {
	for range u.Announced() {
		return true
	}
	for range u.Withdrawals() {
		return true
	}
	return false
}

// pathIDs counts the routes of u with a non-zero path identifier, and all.
func pathIDs(u bgp.UpdateView) (withID, all int) {
	for _, r := range u.Announced() {
		all++
		if r.PathID != 0 {
			withID++
		}
	}
	for _, r := range u.Withdrawals() {
		all++
		if r.PathID != 0 {
			withID++
		}
	}
	return
}

// TestRealStreamsState replays the streams through Peers and checks that
// it finds exactly the exporter behaviours shared/tools/bmp-exporters
// documents, and nothing else.
func TestRealStreamsState(t *testing.T) {
	t.Run("FRR", func(t *testing.T) {
		src, mon, exa, own := mustAddr("127.0.0.2"), mustAddr("127.0.0.4"), mustAddr("::1"), mustAddr("0.0.0.0")
		p := replay(t, "frr-bmp/frr-small-100.bmp", func(h PeerHeader, u bgp.UpdateView, r Reading) {
			if !r.Clean {
				t.Errorf("%v: not clean: %v", r.Peer, u.Verdict())
			}
			if id, _ := pathIDs(u); id != 0 {
				t.Errorf("%v: FRR never sends path identifiers, read %d", r.Peer, id)
			}
			switch h.Address {
			case src:
				// ADD-PATH negotiated (src sends, FRR receives), never
				// used: every message with routes falls back.
				if want := carriesRoutes(u); (r.Fallback == FallbackAddPath) != want || r.Fallback&FallbackAS4 != 0 {
					t.Errorf("%v: fallback %v, routes %v", r.Peer, r.Fallback, want)
				}
			case exa:
				// No 4-octet AS: 2-octet AS_PATH plus AS4_PATH, A flag
				// never set.
				if !r.AFlag || r.Session.AS4 || r.Fallback != 0 {
					t.Errorf("%v: %+v", r.Peer, r)
				}
			case mon, own:
				if r.Fallback != 0 || r.AFlag {
					t.Errorf("%v: %+v", r.Peer, r)
				}
			default:
				t.Errorf("unexpected peer %v", r.Peer)
			}
			if r.PeerUp != (h.Address != own) {
				t.Errorf("%v: PeerUp %v", r.Peer, r.PeerUp)
			}
		})
		want := map[PeerKey]Stats{
			{Address: own, RIB: RIBInPost}: {Messages: 2, NoPeerUp: 2},
			{Address: src, RIB: RIBInPre}:  {Messages: 439, FallbackAddPath: 439},
			{Address: src, RIB: RIBInPost}: {Messages: 439, FallbackAddPath: 439},
			{Address: mon, RIB: RIBInPre}:  {Messages: 18},
			{Address: mon, RIB: RIBInPost}: {Messages: 18},
			{Address: exa, RIB: RIBInPre}:  {Messages: 10, AFlagMismatch: 10},
			{Address: exa, RIB: RIBInPost}: {Messages: 10, AFlagMismatch: 10},
		}
		checkPeerStats(t, p, want)
	})
	t.Run("gobgp", func(t *testing.T) {
		frr, src := mustAddr("127.0.0.3"), mustAddr("127.0.0.2")
		p := replay(t, "gobgp-bmp/gobgp-small-100.bmp", func(h PeerHeader, u bgp.UpdateView, r Reading) {
			id, all := pathIDs(u)
			switch r.Peer.RIB {
			case RIBInPre:
				// Path identifiers as negotiated.
				if !r.Clean || r.Fallback != 0 || id != all {
					t.Errorf("%v: %+v, %d of %d routes with path ids", r.Peer, r, id, all)
				}
			case RIBInPost:
				if !r.Clean || id != 0 || (r.Fallback == FallbackAddPath) != carriesRoutes(u) {
					t.Errorf("%v: %+v, %d path ids", r.Peer, r, id)
				}
			case RIBLoc:
				// No Peer Up; two locally selected routes come without
				// AS_PATH (the .txt counts 764 ORIGIN and 762 AS_PATH):
				// malformed whatever the session.
				if r.PeerUp || id != 0 || r.Fallback != 0 {
					t.Errorf("%v: %+v", r.Peer, r)
				}
				if !r.Clean {
					if _, ok := u.Attr(bgp.AttrASPath); ok {
						t.Errorf("%v: not clean: %v", r.Peer, u.Verdict())
					}
				}
			}
			if h.Address != frr && h.Address != src && r.Peer.RIB != RIBLoc {
				t.Errorf("unexpected peer %v", r.Peer)
			}
		})
		zero := mustAddr("0.0.0.0")
		want := map[PeerKey]Stats{
			{Address: src, RIB: RIBInPre}:                  {Messages: 128},
			{Address: src, RIB: RIBInPost}:                 {Messages: 244, FallbackAddPath: 244},
			{Address: frr, RIB: RIBInPre}:                  {Messages: 250},
			{Address: frr, RIB: RIBInPost}:                 {Messages: 256, FallbackAddPath: 256},
			{Type: PeerLocRIB, Address: zero, RIB: RIBLoc}: {Messages: 238, NoPeerUp: 238, Inconsistent: 2},
		}
		checkPeerStats(t, p, want)
	})
}

func checkPeerStats(t *testing.T, p *Peers, want map[PeerKey]Stats) {
	t.Helper()
	all := p.All()
	if len(all) != len(want) {
		t.Errorf("%d RIBs tracked, want %d: %+v", len(all), len(want), all)
	}
	for _, ps := range all {
		if w, ok := want[ps.Key]; !ok || w != ps.Stats {
			t.Errorf("%v: %+v, want %+v", ps.Key, ps.Stats, w)
		}
	}
}
