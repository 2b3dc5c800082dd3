package interop

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/testcorpus"
	"github.com/bgplens/bgplens/internal/testrig"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/mrt/mrtbgp"
	gomrt "github.com/osrg/gobgp/v4/pkg/packet/mrt"
)

// mrtFiles are the MRT files of testdata/ (the BGP4MP update files the
// BGP corpus uses, and testdata/mrt/).
func mrtFiles(t *testing.T) []string {
	var out []string
	for _, dir := range []string{"bgpdump", "bgpkit-parser", "libbgpstream", "mrtparse", "mrt"} {
		root := filepath.Join(testcorpus.Dir(), dir)
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && !strings.Contains(p, "test_expect") && !strings.HasSuffix(p, ".md") {
				out = append(out, p)
			}
			return err
		})
	}
	if len(out) < 30 {
		t.Fatalf("only %d MRT files", len(out))
	}
	return out
}

// attrCount counts the path attributes of a RIB entry, as framed by bgp.
func attrCount(b []byte) int {
	n := 0
	for len(b) > 0 {
		a, err := bgp.ParseAttr(b)
		if err != nil {
			return -1
		}
		b, n = b[a.Len():], n+1
	}
	return n
}

// TestMRTDifferential reads every record of every MRT file of testdata/
// with package mrt and with GoBGP's pkg/packet/mrt, and compares what both
// read: the PEER_INDEX_TABLE's collector and peers; each RIB record's
// sequence number, prefix and entries (peer index, time, path identifier,
// number of attributes); each BGP4MP record's peer header, states and BGP
// message. GoBGP does not read TABLE_DUMP, BGP4MP_ET, the deprecated BGP
// type, BGP4MP ENTRY, or RIB_GENERIC (which it parses without a family):
// those records must fail there, and are counted. Everything GoBGP reads,
// it reads as bgplens does.
func TestMRTDifferential(t *testing.T) {
	compared, unread, excused := 0, map[string]int{}, map[string]int{}
	for _, path := range mrtFiles(t) {
		r := testrig.OpenMRT(t, path)
		rel, _ := filepath.Rel(testcorpus.Dir(), path)
		for rec := range r.Records() { // up to the error of a cut or damaged file, tested in package mrt
			where := rel + " @" + itoa(int(r.Offset()))
			name := rec.Type.String() + " " + rec.SubtypeName()
			gh, err := gomrt.ParseHeader(rec.Raw)
			var gm *gomrt.MRTMessage
			if err == nil && !rec.Type.Extended() {
				gm, err = gomrt.ParseBody(rec.Raw[mrt.HeaderLen:], gh)
			}
			supported := rec.Kind() == mrt.KindPeerIndex || rec.Kind() == mrt.KindRIB ||
				(rec.Type == mrt.TypeBGP4MP && (rec.Kind() == mrt.KindBGP4MPMessage || rec.Kind() == mrt.KindBGP4MPState))
			if !supported || rec.Type.Extended() {
				unread[name]++
				continue
			}
			if err != nil {
				if why := gobgpMRTException(rec); why != "" {
					excused[why]++
				} else {
					t.Errorf("%s %s: GoBGP: %v", where, name, err)
				}
				continue
			}
			if gh.Timestamp != rec.Timestamp || uint16(gh.Type) != uint16(rec.Type) || gh.SubType != rec.Subtype {
				t.Errorf("%s: header %+v", where, gh)
			}
			compareMRTBody(t, where, rec, gm.Body)
			compared++
		}
	}
	if compared < 40000 {
		t.Errorf("only %d records compared", compared)
	}
	t.Logf("%d records compared; not read by GoBGP: %v; GoBGP errors where it is wrong: %v", compared, unread, excused)
	want := map[string]int{"gobgp-as4-in-message": 28800, "zebra-shortened": 63, "path-ids-before-rfc8050": 12, "gobgp-addpath-mp": 8}
	for k, n := range want {
		if excused[k] != n {
			t.Errorf("%s: %d records, want %d", k, excused[k], n)
		}
	}
}

// gobgpMRTException says why GoBGP cannot read a BGP4MP record that
// package mrt reads, when the record is one of the kinds where GoBGP is
// wrong, or returns "".
func gobgpMRTException(rec mrt.RecordView) string {
	v, err := rec.BGP4MP()
	if err != nil {
		return ""
	}
	if v.Shortened {
		// Zebra's damaged records (RIS 2000-2001): the peer header stops
		// after the AS numbers; GoBGP reads on into the BGP marker.
		return "zebra-shortened"
	}
	msg, ok := mrtbgp.Message(v, nil)
	if !ok || len(msg) < bgp.HeaderLen || msg[bgp.OffType] != byte(bgp.MsgUpdate) {
		return ""
	}
	var d bgp.UpdateValues
	rd, err := mrtbgp.DecodeUpdate(&d, msg, mrtbgp.Session(v))
	switch {
	case !v.AS4:
		// GoBGP's parseBGP4MPMessage reads every UPDATE with 4-octet AS
		// numbers, the MESSAGE subtype's (2-octet, RFC 6396 §4.4.2) too.
		return "gobgp-as4-in-message"
	case rd.Fallback:
		// BIRD 1.6: Path Identifiers in MESSAGE_AS4 (before RFC 8050).
		return "path-ids-before-rfc8050"
	case v.AddPath && err == nil && rd.Session.AddPath(bgp.IPv6Unicast):
		// GoBGP does not give MP_REACH_NLRI/MP_UNREACH_NLRI the Path
		// Identifiers of the _ADDPATH subtypes (RFC 8050 §3: every NLRI).
		return "gobgp-addpath-mp"
	}
	return ""
}

func compareMRTBody(t *testing.T, where string, rec mrt.RecordView, gb gomrt.Body) {
	switch rec.Kind() {
	case mrt.KindPeerIndex:
		v, err := rec.PeerIndex()
		g, ok := gb.(*gomrt.PeerIndexTable)
		if err != nil || !ok || g.CollectorBgpId != v.CollectorID || g.ViewName != string(v.ViewName) || len(g.Peers) != len(v.Peers) {
			t.Errorf("%s: PEER_INDEX_TABLE %v %+v", where, err, g)
			return
		}
		for i, p := range v.Peers {
			q := g.Peers[i]
			if q.Type != p.Type || q.BgpId != p.BGPID || q.IpAddress.Unmap() != p.IP.Unmap() || q.AS != p.AS {
				t.Errorf("%s: peer %d: %+v, bgplens %+v", where, i, q, p)
			}
		}
	case mrt.KindRIB:
		v, err := rec.RIB()
		g, ok := gb.(*gomrt.Rib)
		if err != nil || !ok || g.SequenceNumber != v.Sequence || len(g.Entries) != int(v.Count) {
			t.Errorf("%s: RIB %v %+v", where, err, g)
			return
		}
		if gp := g.Prefix.String(); gp != v.Prefix.Masked().String() && gp != v.Prefix.String() {
			t.Errorf("%s: prefix %s, bgplens %s", where, gp, v.Prefix)
		}
		for i, e := range v.All() {
			q := g.Entries[i]
			if q.PeerIndex != e.PeerIndex || q.OriginatedTime != e.Originated || q.PathIdentifier != e.PathID ||
				len(q.PathAttributes) != attrCount(e.Attrs) {
				t.Errorf("%s: entry %d: GoBGP %d %d %d %d attributes, bgplens %+v %d attributes", where, i,
					q.PeerIndex, q.OriginatedTime, q.PathIdentifier, len(q.PathAttributes), e, attrCount(e.Attrs))
			}
		}
	default:
		v, err := rec.BGP4MP()
		if err != nil {
			t.Errorf("%s: %v", where, err)
			return
		}
		var h *gomrt.BGP4MPHeader
		switch g := gb.(type) {
		case *gomrt.BGP4MPStateChange:
			h = g.BGP4MPHeader
			if uint16(g.OldState) != v.OldState || uint16(g.NewState) != v.NewState {
				t.Errorf("%s: states %d %d, bgplens %d %d", where, g.OldState, g.NewState, v.OldState, v.NewState)
			}
		case *gomrt.BGP4MPMessage:
			h = g.BGP4MPHeader
			if len(g.BGPMessagePayload) != len(v.Message) && g.BGPMessage == nil {
				t.Errorf("%s: message of %d octets, bgplens %d", where, len(g.BGPMessagePayload), len(v.Message))
			}
		default:
			t.Errorf("%s: GoBGP body %T", where, gb)
			return
		}
		if h.PeerAS != v.PeerAS || h.LocalAS != v.LocalAS || h.InterfaceIndex != v.IfIndex || h.AddressFamily != v.AFI ||
			h.PeerIpAddress.Unmap() != v.PeerIP.Unmap() || h.LocalIpAddress.Unmap() != v.LocalIP.Unmap() {
			t.Errorf("%s: peer header %+v, bgplens %+v", where, h, v)
		}
	}
}
