package kafka_test

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station"
	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/output/kafka"
)

// obmpFields is the number of fields of each object in OpenBMP's message
// bus API v1.7 ("Kafka Message Schema", github.com/OpenBMP/OpenBMP.github.io,
// api/kafka_message_schema.md).
var obmpFields = map[string]int{"collector": 7, "router": 12, "peer": 31, "bmp_stat": 17,
	"base_attribute": 24, "unicast_prefix": 32, "l3vpn": 34, "evpn": 40, "ls_node": 27, "ls_link": 46, "ls_prefix": 34}

// obmpRow is one record of the parsed feed in OpenBMP's format, read
// back by kcat.
type obmpRow struct {
	key    string
	fields []string
}

// readOBMP reads a topic with kcat and checks every record's headers
// against the schema: V 1.7, the collector hash, T the object, L the
// length of the data, R 1 and one row of the object's field count.
func readOBMP(t *testing.T, b *broker, object, admin string) []obmpRow {
	t.Helper()
	ch := md5.Sum([]byte(admin))
	var out []obmpRow
	for _, rec := range kcat(t, b, "openbmp.parsed."+object) {
		head, data, ok := bytes.Cut(rec.value, []byte("\n\n"))
		if !ok {
			t.Fatalf("%s offset %d: no empty line after the headers: %q", object, rec.offset, rec.value)
		}
		h := map[string]string{}
		for _, l := range strings.Split(string(head), "\n") {
			k, v, ok := strings.Cut(l, ": ")
			if !ok {
				t.Fatalf("%s: header line %q", object, l)
			}
			h[k] = v
		}
		want := map[string]string{"V": "1.7", "C_HASH_ID": hex.EncodeToString(ch[:]), "T": object,
			"L": strconv.Itoa(len(data)), "R": "1"}
		for k, v := range want {
			if h[k] != v {
				t.Fatalf("%s offset %d: header %s is %q, want %q (%q)", object, rec.offset, k, h[k], v, head)
			}
		}
		if len(h) != len(want) || !bytes.HasSuffix(data, []byte("\n")) || bytes.Count(data, []byte("\n")) != 1 {
			t.Fatalf("%s offset %d: %d headers, data %q: want 5 and one row", object, rec.offset, len(h), data)
		}
		f := strings.Split(strings.TrimSuffix(string(data), "\n"), "\t")
		if len(f) != obmpFields[object] {
			t.Fatalf("%s offset %d: %d fields, the schema has %d: %q", object, rec.offset, len(f), obmpFields[object], data)
		}
		if _, err := time.Parse("2006-01-02 15:04:05.000000", f[tsField[object]]); err != nil {
			t.Errorf("%s offset %d: timestamp %q: %v", object, rec.offset, f[tsField[object]], err)
		}
		out = append(out, obmpRow{key: rec.key, fields: f})
	}
	return out
}

// tsField is the index of each object's timestamp.
var tsField = map[string]int{"collector": 6, "router": 10, "peer": 7, "bmp_stat": 7, "base_attribute": 8, "unicast_prefix": 9,
	"l3vpn": 9, "evpn": 9, "ls_node": 9, "ls_link": 9, "ls_prefix": 9}

// TestOpenBMPFormat: with parsed_format openbmp, a router replaying a
// real FRR capture gives OpenBMP's v1.7 objects, which kcat reads back:
// every record's headers and field count are the schema's, and the
// fields say what the station's events say, row for row, in order, the
// hashes tying prefixes to their peer, router and attribute set.
func TestOpenBMPFormat(t *testing.T) {
	b := startBroker(t)
	cfg := testConfig(b, t.TempDir())
	cfg.Publish, cfg.ParsedFormat = []string{kafka.FeedParsed}, kafka.FormatOpenBMP
	r := startRig(t, cfg, station.QueueConfig{})
	r.feed("127.0.0.74", captureMsgs(t))
	allSent(t, r)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	evs := r.mem.events()
	admin := "bgplens-test"

	// collector: started, a change per router up and down, stopped.
	col := readOBMP(t, b, "collector", admin)
	ch := md5.Sum([]byte(admin))
	var actions []string
	for _, c := range col {
		actions = append(actions, c.fields[0]+"/"+c.fields[4]+"/"+c.fields[5])
		if c.fields[2] != admin || c.fields[3] != hex.EncodeToString(ch[:]) || c.key != c.fields[3] {
			t.Errorf("collector row %q key %q", c.fields, c.key)
		}
	}
	if got := strings.Join(actions, " "); got != "started//0 change/127.0.0.74/1 change//0 stopped//0" {
		t.Errorf("collector actions %s", got)
	}

	// router: init and term with the Initiation's strings.
	routers := readOBMP(t, b, "router", admin)
	if len(routers) != 2 || routers[0].fields[0] != "init" || routers[1].fields[0] != "term" {
		t.Fatalf("router rows %q", routers)
	}
	var up *output.Event
	for _, ev := range evs {
		if ev.Type == output.EventRouterUp {
			up = ev
		}
	}
	rf := routers[0].fields
	if rf[2] != up.Router.Name || rf[4] != "127.0.0.74" || rf[5] != up.Session.SysDescr || rf[3] != routers[1].fields[3] {
		t.Errorf("router init %q, event %+v", rf, up.Session)
	}
	routerHash := rf[3]
	if rh := md5.Sum(append([]byte("127.0.0.74"), ch[:]...)); routerHash != hex.EncodeToString(rh[:]) || routers[0].key != routerHash {
		t.Errorf("router hash %s (key %s): want MD5 of the address and the collector hash", routerHash, routers[0].key)
	}

	// peer: one row per peer_up and peer_down, in order per peer (the
	// key: the peer hash).
	peerRows := map[string][]obmpRow{}
	for _, p := range readOBMP(t, b, "peer", admin) {
		peerRows[p.key] = append(peerRows[p.key], p)
	}
	npeer := 0
	for _, ev := range evs {
		if ev.Type != output.EventPeerUp && ev.Type != output.EventPeerDown {
			continue
		}
		ph := peerHashOf(ev, routerHash)
		if len(peerRows[ph]) == 0 {
			t.Fatalf("no peer row left for %v (hash %s)", ev.Peer, ph)
		}
		f := peerRows[ph][0].fields
		peerRows[ph] = peerRows[ph][1:]
		npeer++
		action := map[output.EventType]string{output.EventPeerUp: "up", output.EventPeerDown: "down"}[ev.Type]
		if f[0] != action || f[2] != ph || f[3] != routerHash || f[9] != ev.Peer.Addr.String() || f[8] != strconv.FormatUint(uint64(ev.Peer.AS), 10) ||
			f[5] != ev.Peer.BGPID.String() || f[6] != "127.0.0.74" {
			t.Errorf("peer row %q for %s of %v", f, action, ev.Peer)
		}
		if ev.PeerUp != nil && (f[12] != strconv.FormatUint(uint64(ev.PeerUp.SentOpen.AS), 10) || f[13] != ev.PeerUp.LocalAddr.String() ||
			f[19] != strconv.Itoa(int(ev.PeerUp.ReceivedOpen.HoldTime)) || f[21] != "") {
			t.Errorf("peer up row %q, event %+v", f, ev.PeerUp)
		}
		if ev.PeerDown != nil && f[21] != strconv.Itoa(int(ev.PeerDown.Reason)) {
			t.Errorf("peer down row %q, reason %v", f, ev.PeerDown.Reason)
		}
	}
	for k, rows := range peerRows {
		if len(rows) > 0 {
			t.Errorf("peer %s: %d rows without an event", k, len(rows))
		}
	}
	if npeer == 0 {
		t.Error("no peer events")
	}

	// base_attribute and unicast_prefix: per peer (their key), the rows in
	// the order of the peer's route events; an announcement's attribute
	// hash names an attribute set published before it for that peer.
	attrs := map[string]map[string][]string{} // key -> hash -> fields
	for _, a := range readOBMP(t, b, "base_attribute", admin) {
		if attrs[a.key] == nil {
			attrs[a.key] = map[string][]string{}
		}
		attrs[a.key][a.fields[2]] = a.fields
	}
	byKey := map[string][]obmpRow{}
	for _, p := range readOBMP(t, b, "unicast_prefix", admin) {
		byKey[p.key] = append(byKey[p.key], p)
	}
	n := 0
	for _, ev := range evs {
		if ev.Type != output.EventRoute || ev.Family.SAFI != bgp.SAFIUnicast {
			continue
		}
		ph := peerHashOf(ev, routerHash)
		rows := byKey[ph]
		if len(rows) == 0 {
			t.Fatalf("no unicast_prefix row left for %v %v (peer hash %s)", ev.Peer.Addr, ev.Route.Prefix, ph)
		}
		f := rows[0].fields
		byKey[ph] = rows[1:]
		n++
		checkPrefixRow(t, f, ev, routerHash, ph, attrs[ph])
	}
	for k, rows := range byKey {
		if len(rows) > 0 {
			t.Errorf("peer %s: %d unicast_prefix rows without an event", k, len(rows))
		}
	}
	if n == 0 {
		t.Fatal("no unicast route events")
	}
}

// peerHashOf is the peer hash docs/kafka.md gives: MD5 of the peer's
// address and distinguisher as text and the router hash's octets.
func peerHashOf(ev *output.Event, routerHash string) string {
	rh, _ := hex.DecodeString(routerHash)
	b := ev.Peer.Addr.String() + ev.Peer.Distinguisher.String()
	s := md5.Sum(append([]byte(b), rh...))
	return hex.EncodeToString(s[:])
}

func checkPrefixRow(t *testing.T, f []string, ev *output.Event, routerHash, peerHash string, attrs map[string][]string) {
	t.Helper()
	pfx := ev.Route.Prefix
	action := "add"
	if ev.Withdraw {
		action = "del"
	}
	pre := "0"
	if ev.Peer.RIB == bmp.RIBInPre {
		pre = "1"
	}
	v4 := "0"
	if pfx.Addr().Is4() {
		v4 = "1"
	}
	want := map[int]string{0: action, 3: routerHash, 4: "127.0.0.74", 6: peerHash, 7: ev.Peer.Addr.String(),
		8: strconv.FormatUint(uint64(ev.Peer.AS), 10), 10: pfx.Addr().String(), 11: strconv.Itoa(pfx.Bits()), 12: v4,
		27: strconv.FormatUint(uint64(ev.Route.PathID), 10), 29: pre, 30: "1"}
	if ev.Withdraw {
		want[5], want[13], want[14], want[17] = "", "", "", ""
	} else {
		p := ev.Path
		path, _ := p.ASPath()
		o, _ := p.Origin()
		nh, _, _ := p.NextHop(ev.Family)
		want[13], want[14], want[15], want[17] = strings.ToLower(o.String()), path.String(), strconv.Itoa(path.Len()), nh.String()
		if med, ok := p.MED(); ok {
			want[18] = strconv.FormatUint(uint64(med), 10)
		}
		if lp, ok := p.LocalPref(); ok {
			want[19] = strconv.FormatUint(uint64(lp), 10)
		}
		a := attrs[f[5]]
		if a == nil {
			t.Errorf("prefix %v: attribute hash %q has no base_attribute row for its peer", pfx, f[5])
		} else if strings.Join(a[9:23], "\t") != strings.Join(f[13:27], "\t") || a[23] != f[31] || a[5] != peerHash || a[3] != routerHash {
			t.Errorf("prefix %v: fields %q, its base_attribute row %q", pfx, f[13:27], a[9:23])
		}
	}
	for i, w := range want {
		if f[i] != w {
			t.Errorf("prefix %v (%s): field %d is %q, want %q (row %q)", pfx, action, i+1, f[i], w, f)
		}
	}
}
