package rib

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// fuzzMsgs turns fuzz data into UPDATE messages: each record is a table
// number (1 octet), a body length (2 octets) and the body, which gets a
// BGP header with the UPDATE type.
func fuzzMsgs(data []byte, fn func(table int, msg []byte)) {
	for len(data) >= 3 {
		tbl, n := int(data[0]), int(binary.BigEndian.Uint16(data[1:]))
		data = data[3:]
		n = min(n, len(data))
		body := data[:n]
		data = data[n:]
		msg := make([]byte, 0, bgp.HeaderLen+len(body))
		for range 16 {
			msg = append(msg, 0xff)
		}
		msg = binary.BigEndian.AppendUint16(msg, uint16(bgp.HeaderLen+len(body)))
		msg = append(msg, byte(bgp.MsgUpdate))
		msg = append(msg, body...)
		fn(tbl, msg)
	}
}

func fuzzRecord(tbl int, msg []byte) []byte {
	body := msg[bgp.HeaderLen:]
	out := []byte{byte(tbl), byte(len(body) >> 8), byte(len(body))}
	return append(out, body...)
}

// FuzzApply feeds arbitrary octets as UPDATEs (ParseUpdate first) to a
// few tables, with the session bits from ctx, then checks the invariants:
// route counts equal the sum over tables and every interned set's
// reference count equals the routes using it; clearing everything frees
// every set.
func FuzzApply(f *testing.F) {
	s := as4.WithAddPath(bgp.IPv4Unicast, true)
	seed := func(ctx uint8, msgs ...bgp.UpdateView) {
		var data []byte
		for i, u := range msgs {
			data = append(data, fuzzRecord(i%3, u.Message())...)
		}
		f.Add(data, ctx)
	}
	seed(1, announce4(f, as4, pathAB, nh4, rt("10.0.0.0/8"), rt("10.1.2.3/16")), withdraw4(f, as4, rt("10.0.0.0/8")))
	seed(3, announce4(f, s, pathAB, nh4, rtID("10.0.0.0/8", 1), rtID("10.0.0.0/8", 2)), withdraw4(f, s, rtID("10.0.0.0/8", 2)))
	seed(1, build(f, as4, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginIGP)
		b.ASPath(pathAB)
		b.MPReach(bgp.IPv6Unicast, nh6, rt("2001:db8::/32"))
		b.MPUnreach(bgp.IPv4VPN)
	}))
	vpn := rt("10.0.0.0/24")
	vpn.RD[7], vpn.Labels[0], vpn.NumLabels = 1, bgp.Label(5<<4|1), 1
	seed(1, build(f, as4, func(b *bgp.UpdateBuilder) {
		b.Origin(bgp.OriginIGP)
		b.ASPath(pathAB)
		b.MPReach(bgp.IPv4VPN, nh4, vpn)
	}), build(f, as4, func(b *bgp.UpdateBuilder) { b.MPUnreach(bgp.IPv4VPN, vpn) }))
	seed(0, announce4(f, bgp.Session{}, pathAB, nh4, rt("192.0.2.0/24")))
	// Routes kept as NLRI entries: EVPN announced, replaced and withdrawn
	// by key, FlowSpec, BGP-LS.
	seed(1, entryUpdate(f, as4, famEVPN, macIP1+macIP2, ""), entryUpdate(f, as4, famEVPN, macIP1Relabeled, macIP2),
		entryUpdate(f, as4, famFlow4, flowRule, ""), entryUpdate(f, as4, famLS, lsNode, ""),
		entryUpdate(f, as4, famEVPN, "", macIP1))
	f.Fuzz(func(t *testing.T, data []byte, ctx uint8) {
		sess := bgp.Session{AS4: ctx&1 != 0}
		sess = sess.WithAddPath(bgp.IPv4Unicast, ctx&2 != 0).WithAddPath(bgp.IPv6Unicast, ctx&4 != 0)
		max := 0
		if ctx&8 != 0 {
			max = 5
		}
		db := New(Config{HistoryTotal: 16, MaxRoutes: max})
		keys := []TableKey{keyA, keyB, keyC}
		at := t0
		fuzzMsgs(data, func(tbl int, msg []byte) {
			u, err := bgp.ParseUpdate(msg, sess)
			if err != nil {
				return
			}
			at = at.Add(time.Second)
			db.Apply(keys[tbl%3], u, at)
			if tbl >= 0xf0 {
				db.MarkStale(keys[tbl%3].Router, at)
			}
		})
		checkInvariants(t, db)
		// Every stored set must be a well-formed attribute sequence.
		for _, k := range keys {
			for _, fam := range []bgp.Family{bgp.IPv4Unicast, bgp.IPv6Unicast, bgp.IPv4VPN, bgp.IPv6VPN, bgp.IPv4Labeled, bgp.IPv6Labeled} {
				page, _ := db.Routes(k, fam, "", 0)
				for _, r := range page {
					n := 0
					for a := range pathOf(r.Attrs).All() {
						n += a.Len()
					}
					if n != r.Attrs.Len() {
						t.Fatalf("stored set %x does not frame", r.Attrs.Bytes())
					}
				}
			}
		}
		db.SweepStale(at.Add(time.Hour))
		checkInvariants(t, db)
		for _, k := range keys {
			db.ClearPeer(k.Router, k.Peer)
		}
		if st := db.Stats(); st.Routes != 0 || st.Sets != 0 || st.SetBytes != 0 || st.EntryBytes != 0 {
			t.Fatalf("cleared DB: %+v", st)
		}
	})
}
