package station

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/mrt"
)

// TestRIBArchive: a station configured to dump its RIB writes, atomically,
// gzip-compressed TABLE_DUMP_V2 files holding one entry per route of every
// pre-policy Adj-RIB-In and Loc-RIB.
func TestRIBArchive(t *testing.T) {
	dir := t.TempDir()
	msgs, scans, iD := frrSteps(t)
	ts := startStation(t, Config{Archive: ArchiveConfig{RIBInterval: 100 * time.Millisecond,
		RIBPath: filepath.Join(dir, "%Y%m%d", "rib.%H%M%S.mrt.gz"), CollectorID: "192.0.2.250"}})
	const router = "127.0.0.70"
	f := newFeeder(t, ts, router, msgs)
	f.sendUntil(iD)
	want := 0
	for _, p := range ts.peers(t, router) {
		for _, tb := range p.Tables {
			if tb.RIB == "adj-rib-in-pre" || tb.RIB == "loc-rib" {
				want += tb.Routes
			}
		}
	}
	if want == 0 || len(oracleAt(scans, iD)) == 0 {
		t.Fatal("no routes to dump")
	}
	// A dump written after the routes are in: wait for two more files.
	var files []string
	waitFor(t, "RIB dumps", 10*time.Second, func() bool {
		files, _ = filepath.Glob(filepath.Join(dir, "*", "rib.*.mrt.gz"))
		return len(files) >= 3
	})
	if tmp, _ := filepath.Glob(filepath.Join(dir, "*", ".*.tmp")); len(tmp) > 1 {
		t.Errorf("temporary files left: %v", tmp) // at most the one being written
	}
	r := testrig.OpenMRT(t, files[len(files)-1])
	entries := 0
	for rec := range r.Records() {
		switch rec.Kind() {
		case mrt.KindPeerIndex:
			pi, _ := rec.PeerIndex()
			if pi.CollectorID.String() != "192.0.2.250" || len(pi.Peers) == 0 || pi.Peers[0].AS == 0 {
				t.Errorf("peer index %+v", pi)
			}
		case mrt.KindRIB, mrt.KindRIBGeneric:
			v, err := rec.RIB()
			if err != nil {
				t.Fatal(err)
			}
			entries += int(v.Count)
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if entries != want {
		t.Errorf("%d RIB entries, want %d", entries, want)
	}
}

func TestExpandTime(t *testing.T) {
	tm := time.Date(2026, 12, 7, 4, 5, 6, 0, time.UTC)
	if got := expandTime("ribs/%Y%m%d/rib.%Y%m%d.%H%M%S.%%.%q.mrt", tm); got != "ribs/20261207/rib.20261207.040506.%.%q.mrt" {
		t.Errorf("expandTime = %q", got)
	}
}

func TestArchiveConfig(t *testing.T) {
	for _, a := range []ArchiveConfig{{RIBInterval: time.Hour}, {RIBInterval: -1, RIBPath: "x"}, {CollectorID: "2001:db8::1"}} {
		if a.validate() == nil {
			t.Errorf("%+v accepted", a)
		}
	}
	if err := (ArchiveConfig{RIBInterval: time.Hour, RIBPath: "x", CollectorID: "192.0.2.1"}).validate(); err != nil {
		t.Error(err)
	}
}

// TestUpdateArchive: with update files configured, every UPDATE of a
// pre-policy Adj-RIB-In Route Monitoring message is written, in order, as
// a BGP4MP_ET message record with the peer's AS and address; the file gets
// its name when the station stops (written under a temporary one before).
func TestUpdateArchive(t *testing.T) {
	dir := t.TempDir()
	msgs, _, iD := frrSteps(t)
	ts := startStation(t, Config{Archive: ArchiveConfig{UpdateInterval: time.Hour,
		UpdatePath: filepath.Join(dir, "updates.%Y%m%d.%H%M.mrt")}})
	f := newFeeder(t, ts, "127.0.0.71", msgs)
	f.sendUntil(iD)
	var want [][]byte
	var wantAS []uint32
	for _, m := range msgs[:iD] {
		v, err := bmp.ParseMessage(m)
		if err != nil || v.Type() != bmp.MsgRouteMonitoring {
			continue
		}
		rm, _ := v.RouteMonitoring()
		if rm.Peer().RIB() == bmp.RIBInPre {
			want = append(want, rm.BGPMessage())
			wantAS = append(wantAS, rm.Peer().AS)
		}
	}
	if err := ts.stop(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "updates.*.mrt"))
	if len(files) != 1 {
		t.Fatalf("files %v", files)
	}
	r := testrig.OpenMRT(t, files[0])
	i := 0
	for rec := range r.Records() {
		v, err := rec.BGP4MP()
		if err != nil {
			t.Fatal(err)
		}
		if i >= len(want) || !bytes.Equal(v.Message, want[i]) || v.PeerAS != wantAS[i] || rec.Header.Type != mrt.TypeBGP4MPET {
			t.Fatalf("record %d: %s, peer AS %d", i, rec.Header.SubtypeName(), v.PeerAS)
		}
		i++
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if i != len(want) || i == 0 {
		t.Errorf("%d records, want %d", i, len(want))
	}
	// Debian's bgpdump reads the file too: a line per route.
	out, err := exec.Command("bgpdump", "-m", files[0]).Output()
	if err != nil {
		t.Fatalf("bgpdump (installed by .ci/run): %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 100 || !strings.HasPrefix(lines[0], "BGP4MP_ET|") {
		t.Errorf("bgpdump: %d lines for %d UPDATEs, first %q", len(lines), len(want), lines[0])
	}
	for _, l := range lines {
		if strings.Contains(l, "|0.0.0.0/0|") { // what a Path Identifier read as a prefix gives
			t.Fatalf("bgpdump misreads the file: %s", l)
		}
	}
}
