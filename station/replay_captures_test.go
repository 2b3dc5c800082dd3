package station_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/capture"
	"github.com/bgplens/bgplens/internal/routerlab"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/station"
	"github.com/bgplens/bgplens/station/output"
)

// Every real BMP stream of testdata/ (the raw FRR and gobgpd streams, and
// the router-to-collector streams of the BMP packet captures) is replayed
// over TCP into a station, each file's streams at once on connections of
// their own. The API must then show, per router, what decoding the same
// octets with the bmp package gives (routerlab.Tables: bmp.Reader,
// bmp.ParseMessage, bmp.Peers, announcements and withdrawals applied per
// peer and table): the sysName, the message count, the peers that are up,
// and the number of routes in every table.

// replayStream is one router's octets.
type replayStream struct {
	name string
	data []byte
}

// bmpPorts are the collector ports of the test data's BMP captures (see
// capture.PortFilter).
var bmpPorts = []uint16{1790, 10000, 5000, 11019}

// replayFiles lists the files to replay: raw BMP streams and captures.
func replayFiles(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "frr-bmp", "*.bmp"))
	more, _ := filepath.Glob(filepath.Join("..", "testdata", "gobgp-bmp", "*.bmp"))
	files = append(files, more...)
	err := filepath.WalkDir(filepath.Join("..", "testdata", "bmp"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".pcap") || strings.HasSuffix(p, ".pcapng")) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 {
		t.Fatalf("only %d BMP files under testdata", len(files))
	}
	return files
}

// streamsOf gives the BMP streams of a file: the file itself when it is a
// raw stream, else each TCP direction to or from a BMP port whose first
// octet is a BMP version (3 or 4), up to its first gap (BMP cannot be read
// across a hole).
func streamsOf(t *testing.T, path string) []replayStream {
	t.Helper()
	if strings.HasSuffix(path, ".bmp") {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return []replayStream{{filepath.Base(path), b}}
	}
	f, err := capture.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ss, err := f.Streams(capture.PortFilter(bmpPorts...))
	if err != nil {
		t.Logf("%s: %v (streams read up to there are used)", path, err)
	}
	var out []replayStream
	for i := range ss {
		s := &ss[i]
		var data []byte
		for off, chunk := range s.Chunks() {
			if off == 0 {
				data = chunk
			}
			break
		}
		if len(data) == 0 || (data[0] != bmp.Version3 && data[0] != 4) {
			continue
		}
		out = append(out, replayStream{s.Flow.String(), data})
	}
	return out
}

// reference decodes a stream as the station must: messages in order,
// the session ended by the first message the station cannot take.
func reference(data []byte) *routerlab.Tables {
	tb := routerlab.NewTables()
	tb.StopAtError = true
	_ = tb.ReadStream(bytes.NewReader(data))
	return tb
}

func TestReplayCaptures(t *testing.T) {
	var total, withRoutes, routes, stopped int
	for _, path := range replayFiles(t) {
		name := strings.TrimPrefix(filepath.ToSlash(path), "../testdata/")
		t.Run(name, func(t *testing.T) {
			streams := streamsOf(t, path)
			if len(streams) == 0 {
				t.Log("no BMP stream in this file") // not a skip: CI fails on skips
				return
			}
			total += len(streams)
			ts := startStation(t, station.Config{StallTimeout: 10 * time.Minute})
			type conn struct {
				s     replayStream
				c     net.Conn
				local netip.AddrPort // the session's, as the API shows it
				ref   *routerlab.Tables
			}
			var conns []conn
			for i, s := range streams {
				// Each from an address of its own: exporters without a
				// sysName or BGP ID are told apart by their address.
				src := &net.TCPAddr{IP: net.IPv4(127, 0, 3, byte(1+i))}
				c, err := (&net.Dialer{LocalAddr: src}).Dial("tcp", ts.bmpAddr)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { c.Close() })
				conns = append(conns, conn{s: s, c: c, local: netip.MustParseAddrPort(c.LocalAddr().String()), ref: reference(s.data)})
			}
			// Write every stream, all connections open at once; they stay
			// open while the API is read (a closed session's routes are
			// cleared).
			for _, x := range conns {
				go func() {
					_ = x.c.SetWriteDeadline(time.Now().Add(time.Minute))
					_, _ = x.c.Write(x.s.data)
				}()
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			for _, x := range conns {
				ref := x.ref
				if len(ref.Counts()) > 0 {
					withRoutes++
				}
				for _, n := range ref.Counts() {
					routes += n
				}
				if ref.Stopped {
					stopped++
				}
				var r apiRouter
				err := routerlab.Poll(ctx, 20*time.Millisecond, func() (bool, error) {
					rs, err := ts.api.routers()
					if err != nil {
						return false, err
					}
					for _, cand := range rs {
						// Address and port: two sources may be given the same port.
						if cand.Port == x.local.Port() && cand.Address == x.local.Addr().String() {
							r = cand
							// Read to the end: every whole message counted,
							// or the session ended on the bad one.
							return int64(cand.Octets) == ref.Octets && (cand.Connected != ref.Stopped), nil
						}
					}
					return false, nil
				})
				if err != nil {
					t.Fatalf("%s: the station did not read the stream (%v): router %+v, want %d octets, stopped %v",
						x.s.name, err, r, ref.Octets, ref.Stopped)
				}
				checkReplay(t, ts, x.s.name, r, ref)
			}
		})
	}
	t.Logf("%d streams replayed, %d with routes (%d routes in all), %d ended by a message the station cannot take",
		total, withRoutes, routes, stopped)
	if !t.Failed() && (total < 100 || withRoutes < 50) {
		t.Errorf("%d streams, %d with routes: the test data changed?", total, withRoutes)
	}
}

// checkReplay compares the station's view of one replayed stream with
// the reference decoding.
func checkReplay(t *testing.T, ts *testStation, name string, r apiRouter, ref *routerlab.Tables) {
	t.Helper()
	var msgs int
	for _, n := range ref.Messages {
		msgs += n
	}
	if r.MsgTotal != uint64(msgs) {
		t.Errorf("%s: %d messages, want %d (%v)", name, r.MsgTotal, msgs, ref.Messages)
	}
	if r.SysName != ref.SysName {
		t.Errorf("%s: sys_name %q, want %q", name, r.SysName, ref.SysName)
	}
	if ref.Stopped {
		if r.Routes != 0 || !strings.Contains(r.CloseReason, "malformed") {
			t.Errorf("%s: after a message the station cannot take: %d routes, close reason %q; want the session ended, no routes",
				name, r.Routes, r.CloseReason)
		}
		return
	}
	peers, err := ts.api.peers(r.Name)
	if err != nil {
		t.Fatal(err)
	}
	type tableName struct{ peer, table string }
	got := map[tableName]int{}
	up := map[string]bool{}
	for _, p := range peers {
		if p.State == "up" {
			up[p.ID] = true
		}
		for _, tab := range p.Tables {
			if tab.Routes > 0 {
				got[tableName{p.ID, tab.Table}] += tab.Routes
			}
		}
	}
	want := map[tableName]int{}
	for k, n := range ref.Counts() {
		want[tableName{replayPeerName(routerlab.ID(k)), k.RIB.String()}] += n
	}
	var diffs []string
	for k, n := range want {
		if got[k] != n {
			diffs = append(diffs, fmt.Sprintf("peer %s %s: %d routes, want %d", k.peer, k.table, got[k], n))
		}
	}
	for k, n := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("peer %s %s: %d routes, want none", k.peer, k.table, n))
		}
	}
	sort.Strings(diffs)
	for _, d := range diffs {
		t.Errorf("%s: %s", name, d)
	}
	wantUp := map[string]bool{}
	for id, isUp := range ref.Up {
		if isUp {
			wantUp[replayPeerName(id)] = true
		}
	}
	missing, extra := testrig.SetDiff(wantUp, up)
	for _, id := range missing {
		t.Errorf("%s: peer %s not up (a Peer Up and no Peer Down after it)", name, id)
	}
	for _, id := range extra {
		t.Errorf("%s: peer %s up, but its last word was not a Peer Up", name, id)
	}
}

// replayPeerName is the API's name of a peer (see the API's id field).
func replayPeerName(id routerlab.PeerID) string {
	if id.Type == bmp.PeerGlobal && id.Distinguisher == (bgp.RD{}) {
		return id.Address.String()
	}
	s := output.PeerTypeName(id.Type) + "/"
	if id.Distinguisher != (bgp.RD{}) {
		s += id.Distinguisher.String() + "/"
	}
	return s + id.Address.String()
}
