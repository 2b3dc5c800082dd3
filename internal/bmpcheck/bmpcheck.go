// Package bmpcheck is test support: it lists the real BMP captures and
// streams copied under the repository's testdata/ directory and frames
// their BMP messages, for the tests that check the bmp package against
// tshark (this package's tests) and against GoBGP (the nested interop
// module, which may import it: Go's internal rule is about import paths).
//
// Messages are framed here with capture (TCP reassembly) and
// bmp.SplitMessage only; reading them is left to the tests.
package bmpcheck

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/capture"
)

// Capture is a capture file holding BMP, and the TCP ports BMP runs on in
// it (/work/shared/testdata/README.md and testdata/README.md).
type Capture struct {
	Path  string   // relative to testdata/
	Ports []uint16 // the collector's BMP ports
}

// Captures lists every capture under testdata/bmp. The tests check that
// the list names every file there.
var Captures = []Capture{
	{"bmp/netgauze/assets/pcaps/bmp/evpn/evpn.pcap", []uint16{1790}},
	{"bmp/netgauze/assets/pcaps/bmp/path-status/ipv4_unicast_path_marking.pcap", []uint16{10000}},
	{"bmp/netgauze/assets/pcaps/bmp/peers-with-different-caps/example.pcap", []uint16{1790}},
	{"bmp/netgauze/assets/pcaps/bmp/stateless-with-add-path/ipv4_unicast_all.pcap", []uint16{10000}},
	{"bmp/netgauze/assets/pcaps/bmp/unreachable-prefix-announcement/upa.pcap", []uint16{1790}},
	{"bmp/netgauze/assets/pcaps/bmp/vpnv4-stateless-with-withdraw/vpnv4-stateless-with-withdraw.pcap", []uint16{10000}},
	{"bmp/pmacct/tests/200-BMP-HUAWEI-locrib_instance/traffic-00.pcap", []uint16{1790}},
	{"bmp/pmacct/tests/201-BMP-CISCO-rd_instance/traffic-00.pcap", []uint16{1790}},
	{"bmp/pmacct/tests/202-BMP-CISCO-HUAWEI-multiple-sources/traffic-00.pcap", []uint16{1790}},
	{"bmp/pmacct/tests/202-BMP-CISCO-HUAWEI-multiple-sources/traffic-01.pcap", []uint16{1790}},
	{"bmp/pmacct/tests/202-BMP-CISCO-HUAWEI-multiple-sources/traffic-02.pcap", []uint16{1790}},
	{"bmp/pmacct/tests/204-BMP-CISCO-peer_down/traffic-00.pcap", []uint16{1790}},
	{"bmp/pmacct/tests/205-BMP-6wind-FRR-peer_down/traffic-00.pcap", []uint16{1790}},
	{"bmp/pmacct/tests/206-BMP-high-availability/traffic-00.pcap", []uint16{1790}},
	{"bmp/pmacct/tests/208-BMP-mem-leak-test/bmp-multi-sources-init.pcap", []uint16{1790}},
	{"bmp/pmacct/tests/208-BMP-mem-leak-test/bmp-multi-sources-peer-up.pcap", []uint16{1790}},
	{"bmp/pmacct/tests/400-IPFIXv10-BMP-CISCO-SRv6-multiple-sources/traffic-00.pcap", []uint16{1790}},
	{"bmp/pmacct/tests/400-IPFIXv10-BMP-CISCO-SRv6-multiple-sources/traffic-01.pcap", []uint16{1790}},
	{"bmp/pmacct/tests/401-IPFIXv10-BMP-IPv6-CISCO-MPLS-multiple-sources/traffic-00.pcap", []uint16{1790}},
	{"bmp/pmacct/tests/401-IPFIXv10-BMP-IPv6-CISCO-MPLS-multiple-sources/traffic-01.pcap", []uint16{1790}},
	{"bmp/pmacct/tests/403-IPFIXv10-BMP-IPv6-CISCO-locrib-peerdown-vrf/traffic-00.pcap", []uint16{1790}},
	{"bmp/traffic-reproducer/examples/pcap_processing/bmp-multi-sources.pcap", []uint16{1790}},
	{"bmp/traffic-reproducer/examples/pcap_processing/bmp.pcap", []uint16{1790}},
	{"bmp/traffic-reproducer/examples/pcap_processing/ipfix-bmp.pcap", []uint16{1790}},
	{"bmp/traffic-reproducer/examples/pcaps/bmp-multi-sources-route-monitoring-JUMBO.pcap", []uint16{1790}},
	{"bmp/traffic-reproducer/examples/pcaps/bmp-multi-sources-stats-JUMBO.pcap", []uint16{1790}},
	{"bmp/traffic-reproducer/examples/pcaps/bmp-traffic.pcap", []uint16{1790}},
	{"bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART1-bmp-init-and-peer-ups.pcap", []uint16{1790}},
	{"bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART2-bmp-route-monitoring-updates.pcap", []uint16{1790}},
	{"bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART3-bmp-loc-rib-peer-down.pcap", []uint16{1790}},
	{"bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART4-bmp-route-monitoring-withdrawals-updates.pcap", []uint16{1790}},
	{"bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART6-bmp-loc-rib-peer-up.pcap", []uint16{1790}},
	{"bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART7-bmp-global-peer-down.pcap", []uint16{1790}},
	{"bmp/traffic-reproducer/examples/pcaps/ipfix-bmp-scenario-PART8-bmp-global-peer-up.pcap", []uint16{1790}},
}

// RawStreams are the raw BMP streams (a collector's socket, byte for byte)
// under testdata/.
var RawStreams = []string{
	"frr-bmp/frr-small-100.bmp",
	"gobgp-bmp/gobgp-small-100.bmp",
}

// Testdata returns the absolute path of the repository's testdata/.
func Testdata() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata")
}

// Message is one BMP message of a stream.
type Message struct {
	Flow   string // "src -> dst" of a capture, or the file of a raw stream
	Offset int64  // in the stream
	Data   []byte // the whole message, common header included
}

// Stream is the messages of one direction of a TCP connection (or of a raw
// stream file), with what could not be framed.
type Stream struct {
	Flow     string
	Messages []Message
	// Tail is the number of octets at the end of the stream, or before a
	// gap, that do not make a whole message.
	Tail int
	// Gaps is the number of holes in the capture.
	Gaps int
	// Err is a framing error that stopped the walk, if any.
	Err error
}

// ReadCapture reassembles the BMP connections of c (both directions of
// every connection to one of c.Ports; the collector's direction is
// normally empty) and frames their messages. Streams are in capture
// order; a walk stops at a framing error or the first gap.
func ReadCapture(c Capture) ([]Stream, error) {
	f, err := capture.Open(filepath.Join(Testdata(), filepath.FromSlash(c.Path)))
	if err != nil {
		return nil, err
	}
	ss, err := f.Streams(capture.PortFilter(c.Ports...))
	if err != nil {
		return nil, err
	}
	var out []Stream
	for i := range ss {
		s := &ss[i]
		if len(s.Data) == 0 {
			continue
		}
		st := Stream{Flow: s.Flow.String(), Gaps: len(s.Gaps)}
		for off, chunk := range s.Chunks() {
			tail, err := split(&st, chunk, int64(off))
			st.Tail, st.Err = tail, err
			break // after a gap the framing is lost
		}
		out = append(out, st)
	}
	return out, nil
}

// ReadRaw frames the messages of a raw stream file under testdata/.
func ReadRaw(rel string) (Stream, error) {
	b, err := os.ReadFile(filepath.Join(Testdata(), filepath.FromSlash(rel)))
	if err != nil {
		return Stream{}, err
	}
	st := Stream{Flow: rel}
	st.Tail, st.Err = split(&st, b, 0)
	return st, nil
}

// split appends the whole messages of b to st and returns the octets left.
func split(st *Stream, b []byte, base int64) (int, error) {
	off := 0
	for off < len(b) {
		if len(b)-off < bmp.CommonHeaderLen {
			return len(b) - off, nil
		}
		msg, _, err := bmp.SplitMessage(b[off:])
		if err != nil {
			h, herr := bmp.ParseHeader(b[off:])
			if herr == nil && int64(h.Length) > int64(len(b)-off) {
				return len(b) - off, nil // cut short
			}
			return len(b) - off, err
		}
		st.Messages = append(st.Messages, Message{Flow: st.Flow, Offset: base + int64(off), Data: msg})
		off += len(msg)
	}
	return 0, nil
}

// ListCaptureFiles returns the capture files under testdata/bmp, relative
// to testdata/, sorted.
func ListCaptureFiles() ([]string, error) {
	root := Testdata()
	var out []string
	err := filepath.WalkDir(filepath.Join(root, "bmp"), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".pcap") || strings.HasSuffix(p, ".pcapng")) {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// CutAfterUpdate returns a copy of a version 3 Route Monitoring message
// cut where its UPDATE ends, with its length field fixed, when octets
// follow the UPDATE (Huawei VRP 8.230 puts some there, which RFC 7854
// §4.6 does not provide for and bmp.ParseMessage refuses).
func CutAfterUpdate(msg []byte) ([]byte, bool) {
	const off = bmp.OffBody
	if len(msg) < off+bgp.HeaderLen || msg[bmp.OffType] != byte(bmp.MsgRouteMonitoring) || msg[0] != bmp.Version3 {
		return nil, false
	}
	end := off + int(binary.BigEndian.Uint16(msg[off+bgp.OffLength:]))
	if end < off+bgp.HeaderLen || end >= len(msg) {
		return nil, false
	}
	cut := append([]byte(nil), msg[:end]...)
	binary.BigEndian.PutUint32(cut[bmp.OffLength:], uint32(end))
	return cut, true
}
