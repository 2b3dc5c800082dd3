package testcorpus

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	s = strings.Join(strings.Fields(s), "")
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const keepalive = "ffffffffffffffffffffffffffffffff 0013 04"

// TestReadMRT walks hand-built records (RFC 6396 §2, §3, §4.4; RFC 8050).
func TestReadMRT(t *testing.T) {
	file := unhex(t, ""+
		// BGP4MP_ET (17) MESSAGE_AS4_ADDPATH (9), length 4+8+4+32+19 = 67
		"5a000000 0011 0009 00000043"+
		"000f4240"+ // microseconds
		"0000fde8 0000fde9"+ // peer AS, local AS (4 octets)
		"0000 0002"+ // interface index, AFI IPv6
		"20010db8000000000000000000000001 20010db8000000000000000000000002"+
		keepalive+
		// BGP4MP (16) STATE_CHANGE (0): skipped
		"5a000000 0010 0000 00000010"+
		"fde8 fde9 0000 0001 c0000201 c0000202"+
		// BGP4MP MESSAGE (1), IPv4, length 4+4+8+19 = 35
		"5a000000 0010 0001 00000023"+
		"fde8 fde9 0000 0001 c0000201 c0000202"+
		keepalive+
		// TABLE_DUMP_V2 (13): skipped
		"5a000000 000d 0001 00000000"+
		// BGP4MP MESSAGE with the peer header cut after the AS numbers
		"5a000000 0010 0001 00000017"+
		"fde8 fde9"+
		keepalive)
	msgs, st, err := ReadMRTStats(file)
	if err != nil {
		t.Fatal(err)
	}
	if st.Records != 5 || st.Skipped != 2 || st.Shortened != 1 || len(msgs) != 3 {
		t.Fatalf("stats %+v, %d messages; want 5 records, 2 skipped, 1 shortened, 3 messages", st, len(msgs))
	}
	ka := unhex(t, keepalive)
	for i, m := range msgs {
		if !bytes.Equal(m.Data, ka) || m.Type() != 4 {
			t.Errorf("message %d = %x, want the KEEPALIVE", i, m.Data)
		}
	}
	if s := msgs[0].Session; !s.AS4 || !s.HasAddPath(Family{2, 1}) || !s.HasAddPath(Family{1, 1}) {
		t.Errorf("ET AS4 ADDPATH record: session %+v", s)
	}
	if s := msgs[1].Session; s.AS4 || len(s.AddPath) != 0 {
		t.Errorf("plain MESSAGE: session %+v", s)
	}
	if msgs[1].Off != 79+28 || msgs[1].Rec != 2 {
		t.Errorf("second message at record %d offset %d", msgs[1].Rec, msgs[1].Off)
	}
	if !msgs[2].Damaged || msgs[1].Damaged {
		t.Error("Damaged flag wrong")
	}
	if _, err := ReadMRT(file[:len(file)-1]); err == nil {
		t.Error("record overrunning the file: no error")
	}
}

// pcapFile builds a classic little-endian pcap of raw IPv4 packets.
func pcapFile(pkts ...[]byte) []byte {
	b := binary.LittleEndian.AppendUint32(nil, 0xa1b2c3d4)
	b = binary.LittleEndian.AppendUint16(b, 2)
	b = binary.LittleEndian.AppendUint16(b, 4)
	b = append(b, make([]byte, 8)...)
	b = binary.LittleEndian.AppendUint32(b, 65535)
	b = binary.LittleEndian.AppendUint32(b, linkRaw)
	for _, p := range pkts {
		b = append(b, make([]byte, 8)...)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p)))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	return b
}

// tcp4 builds an IPv4/TCP packet (no options) with flags and payload,
// followed by two octets of link padding that the IP length excludes.
func tcp4(src, dst byte, sport, dport uint16, seq uint32, flags byte, data []byte) []byte {
	ip := []byte{0x45, 0, 0, 0, 0, 0, 0, 0, 64, 6, 0, 0, 10, 0, 0, src, 10, 0, 0, dst}
	binary.BigEndian.PutUint16(ip[2:], uint16(40+len(data)))
	tcp := make([]byte, 20)
	binary.BigEndian.PutUint16(tcp, sport)
	binary.BigEndian.PutUint16(tcp[2:], dport)
	binary.BigEndian.PutUint32(tcp[4:], seq)
	tcp[12], tcp[13] = 5<<4, flags
	return append(append(append(ip, tcp...), data...), 0, 0)
}

func TestReadCapture(t *testing.T) {
	// OPENs: A (10.0.0.1) offers 4-octet AS and ADD-PATH send/receive
	// for IPv4 unicast; B (10.0.0.2) 4-octet AS and ADD-PATH receive.
	openA := unhex(t, "ffffffffffffffffffffffffffffffff 002b 01 04 fde8 00b4 0a000001 0e"+
		"02 0c 41 04 0000fde8 45 04 0001 01 03")
	openB := unhex(t, "ffffffffffffffffffffffffffffffff 002b 01 04 fde9 00b4 0a000002 0e"+
		"02 0c 41 04 0000fde9 45 04 0001 01 01")
	update := unhex(t, "ffffffffffffffffffffffffffffffff 0017 02 0000 0000")
	ka := unhex(t, keepalive)
	const syn, ack = 0x02, 0x10
	stream := slices.Concat(openA, update, ka) // A's stream, cut in three
	cut1, cut2 := len(openA)+5, len(openA)+len(update)+3
	file := pcapFile(
		tcp4(1, 2, 40000, 179, 999, syn, nil),
		tcp4(2, 1, 179, 40000, 4999, syn|ack, nil),
		tcp4(2, 1, 179, 40000, 5000, ack, openB),
		tcp4(1, 2, 40000, 179, 1000, ack, stream[:cut1]),
		tcp4(1, 2, 40000, 179, 1000+uint32(cut2), ack, stream[cut2:]),         // early
		tcp4(1, 2, 40000, 179, 1000+uint32(cut1), ack, stream[cut1:cut2]),     // fills the hole
		tcp4(1, 2, 40000, 179, 1000+uint32(cut1), ack, stream[cut1:cut1+2]),   // retransmission
		tcp4(3, 2, 40001, 179, 7, ack, ka[:18]),                               // ends mid-message
		tcp4(1, 2, 40000, 80, 1, ack, ka),                                     // not BGP
		tcp4(2, 1, 179, 40000, 5000+uint32(len(openB)), ack, []byte{1, 2, 3}), // junk, skipped
	)
	msgs, st, err := ReadCapture(file, Session{ExtendedMsg: true})
	if err != nil {
		t.Fatal(err)
	}
	var types []uint8
	for _, m := range msgs {
		types = append(types, m.Type())
	}
	if !slices.Equal(types, []uint8{1, 1, 2, 4, 0}) {
		t.Fatalf("types %v, want OPEN OPEN UPDATE KEEPALIVE partial", types)
	}
	if !bytes.Equal(msgs[2].Data, update) || !bytes.Equal(msgs[3].Data, ka) {
		t.Errorf("reassembled %x %x", msgs[2].Data, msgs[3].Data)
	}
	// A may send ADD-PATH IPv4 unicast and B receive it.
	if s := msgs[2].Session; !s.AS4 || s.ExtendedMsg || !slices.Equal(s.AddPath, []Family{{1, 1}}) {
		t.Errorf("A->B session %+v", s)
	}
	if msgs[2].Flow != "10.0.0.1:40000>10.0.0.2:179" || msgs[2].Rec != 5 {
		t.Errorf("flow %q packet %d", msgs[2].Flow, msgs[2].Rec)
	}
	// The flow from 10.0.0.3 saw no OPEN: the hint applies.
	if m := msgs[4]; !m.Partial || len(m.Data) != 18 || !m.Session.ExtendedMsg {
		t.Errorf("partial message %+v", m)
	}
	if st.Packets != 10 || st.Skipped != 3 || st.Gaps != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestMirror(t *testing.T) {
	// Only A's OPEN is seen: B is assumed to agree to 4-octet AS numbers
	// and extended messages, not to ADD-PATH.
	o := &openCaps{as4: true, ext: true, addPath: map[Family]uint8{{1, 1}: 3}}
	if m := o.mirror(); !m.as4 || !m.ext || len(m.addPath) != 0 {
		t.Errorf("mirror %+v", m)
	}
	r := reassembler{flows: map[flowKey]*flow{}}
	f := r.flow(flowKey{netip.MustParseAddrPort("192.0.2.1:179"), netip.MustParseAddrPort("192.0.2.2:40000")})
	f.open = o
	if s := r.session(f); !s.AS4 || !s.ExtendedMsg || len(s.AddPath) != 0 {
		t.Errorf("session with one OPEN: %+v", s)
	}
}
