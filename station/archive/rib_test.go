package archive

import (
	"bytes"
	"iter"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/mrt/mrtbgp"
	"github.com/bgplens/bgplens/station/rib"
)

var (
	at   = time.Date(2026, 12, 7, 4, 0, 0, 0, time.UTC)
	keyA = rib.TableKey{Router: "r1", Peer: rib.PeerID{Addr: netip.MustParseAddr("192.0.2.1")}, RIB: rib.AdjInPre}
	keyB = rib.TableKey{Router: "r1", Peer: rib.PeerID{Addr: netip.MustParseAddr("2001:db8::2")}, RIB: rib.AdjInPre}
	keyP = rib.TableKey{Router: "r1", Peer: rib.PeerID{Addr: netip.MustParseAddr("192.0.2.3")}, RIB: rib.AdjInPost}
)

// apply builds an UPDATE with b and applies it to table k.
func apply(t *testing.T, db *rib.DB, k rib.TableKey, s bgp.Session, build func(b *bgp.UpdateBuilder)) {
	t.Helper()
	b := bgp.NewUpdateBuilder(nil, s)
	build(b)
	msg, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	u, err := bgp.ParseUpdate(msg, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Apply(k, u, at); err != nil {
		t.Fatal(err)
	}
}

func seq(asns ...uint32) bgp.ASPath {
	return bgp.ASPath{Segments: []bgp.ASSegment{{Type: bgp.SegmentSequence, ASNs: asns}}}
}

// testDB holds: peer A (4-octet AS) with two IPv4 prefixes and one IPv6
// prefix; peer B (a 2-octet AS session with AS4_PATH) with one of the
// IPv4 prefixes; a post-policy table that the default dump leaves out.
func testDB(t *testing.T) *rib.DB {
	db := rib.New(rib.Config{})
	as4 := bgp.Session{AS4: true}
	apply(t, db, keyA, as4, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginIGP)
		b.ASPath(seq(65001, 4200000001))
		b.NextHop(netip.MustParseAddr("192.0.2.1"))
		b.Announce(bgp.Route{Prefix: netip.MustParsePrefix("198.51.100.0/24")})
		b.Announce(bgp.Route{Prefix: netip.MustParsePrefix("203.0.113.0/24")})
	})
	apply(t, db, keyA, as4, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginIGP)
		b.ASPath(seq(65001, 64500))
		b.MPReach(bgp.IPv6Unicast, netip.MustParseAddr("2001:db8::1"), bgp.Route{Prefix: netip.MustParsePrefix("2001:db8:1::/48")})
	})
	apply(t, db, keyB, bgp.Session{}, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginEGP)
		b.ASPath(seq(65002, bgp.ASTrans))
		b.NextHop(netip.MustParseAddr("192.0.2.2"))
		b.Attr(bgp.PathAttr{Flags: bgp.FlagOptional | bgp.FlagTransitive, Type: bgp.AttrAS4Path, Value: seq(65002, 4200000002)})
		b.Announce(bgp.Route{Prefix: netip.MustParsePrefix("198.51.100.0/24")})
	})
	apply(t, db, keyP, as4, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginIGP)
		b.ASPath(seq(65003))
		b.NextHop(netip.MustParseAddr("192.0.2.3"))
		b.Announce(bgp.Route{Prefix: netip.MustParsePrefix("192.0.2.128/25")})
	})
	return db
}

func dump(t *testing.T, db *rib.DB) []byte {
	var buf bytes.Buffer
	d := RIBDump{Collector: netip.MustParseAddr("192.0.2.254"), View: "bgplens", Time: at,
		Peer: func(k rib.TableKey) (uint32, netip.Addr) {
			if k.Peer.Addr.Is4() {
				return 65001, k.Peer.Addr
			}
			return 65002, netip.MustParseAddr("192.0.2.2")
		}}
	skipped, err := d.Write(&buf, db)
	if err != nil || skipped != 0 {
		t.Fatalf("Write: %v, %d skipped", err, skipped)
	}
	return buf.Bytes()
}

// dumpRecords yields the records of db's dump as package mrt reads them
// back, failing t when the stream does not end cleanly.
func dumpRecords(t *testing.T, db *rib.DB) iter.Seq[mrt.RecordView] {
	r, err := mrt.NewReader(bytes.NewReader(dump(t, db)))
	if err != nil {
		t.Fatal(err)
	}
	return func(yield func(mrt.RecordView) bool) {
		for rec := range r.Records() {
			if !yield(rec) {
				return
			}
		}
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
	}
}

// sameLines fails t unless got and want hold the same lines.
func sameLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestRIBDump reads a dump back with the mrt package: the peer index, one
// record per prefix with an entry per peer, 4-octet AS paths (the 2-octet
// session's merged with its AS4_PATH) and the next hops.
func TestRIBDump(t *testing.T) {
	var got []string
	var peers []mrt.Peer
	var rr mrtbgp.RIBReader
	for rec := range dumpRecords(t, testDB(t)) {
		if rec.Header.Timestamp != uint32(at.Unix()) {
			t.Errorf("timestamp %d", rec.Header.Timestamp)
		}
		switch rec.Kind() {
		case mrt.KindPeerIndex:
			pi, err := rec.PeerIndex()
			if err != nil {
				t.Fatal(err)
			}
			peers = pi.Peers
		case mrt.KindRIB, mrt.KindRIBGeneric:
			v, err := rec.RIB()
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range v.All() {
				if err := rr.Entry(&v, e); err != nil || rr.V.Verdict() != nil {
					t.Fatalf("%v: entry of peer %d: %v %v", v.Prefix, e.PeerIndex, err, rr.V.Verdict())
				}
				p := rr.V.View().Path()
				path, _ := p.ASPath()
				f := bgp.IPv4Unicast
				if v.Prefix.Addr().Is6() {
					f = bgp.IPv6Unicast
				}
				nh, _, _ := p.NextHop(f)
				got = append(got, v.Prefix.String()+" "+peers[e.PeerIndex].IP.String()+" "+path.String()+" "+nh.String())
			}
		}
	}
	want := []string{
		"198.51.100.0/24 192.0.2.1 65001 4200000001 192.0.2.1",
		"198.51.100.0/24 2001:db8::2 65002 4200000002 192.0.2.2",
		"203.0.113.0/24 192.0.2.1 65001 4200000001 192.0.2.1",
		"2001:db8:1::/48 192.0.2.1 65001 64500 2001:db8::1",
	}
	sameLines(t, got, want)
	if len(peers) != 2 || peers[1].AS != 65002 || peers[1].Type&mrt.PeerTypeIPv6 == 0 {
		t.Errorf("peer index %+v", peers)
	}
}

// TestRIBDumpBgpdump: Debian's bgpdump reads the dump as bgplens does.
func TestRIBDumpBgpdump(t *testing.T) {
	bin, err := exec.LookPath("bgpdump")
	if err != nil {
		t.Fatal("bgpdump not installed (.ci/run installs it)")
	}
	file := filepath.Join(t.TempDir(), "rib.mrt")
	if err := os.WriteFile(file, dump(t, testDB(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "-m", file)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bgpdump: %v\n%s", err, stderr.Bytes())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 4 {
		t.Fatalf("bgpdump printed %d lines:\n%s", len(lines), out)
	}
	for i, want := range []string{"|198.51.100.0/24|65001 4200000001|IGP|192.0.2.1|", "|198.51.100.0/24|65002 4200000002|EGP|192.0.2.2|",
		"|203.0.113.0/24|65001 4200000001|IGP|", "|2001:db8:1::/48|65001 64500|IGP|2001:db8::1|"} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("line %d: %s, want %s", i, lines[i], want)
		}
	}
}
