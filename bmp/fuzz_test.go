package bmp

import (
	"bufio"
	"bytes"
	"io"
	"iter"
	"reflect"
	"testing"
	"testing/iotest"

	"github.com/bgplens/bgplens/bgp"
)

// fuzzSession builds a session from the fuzzer's context octet: AS4,
// extended messages, ADD-PATH for IPv4 and IPv6 unicast.
func fuzzSession(ctx uint8) bgp.Session {
	s := bgp.Session{AS4: ctx&1 != 0, ExtendedMsg: ctx&2 != 0}
	s = s.WithAddPath(bgp.IPv4Unicast, ctx&4 != 0)
	return s.WithAddPath(bgp.IPv6Unicast, ctx&8 != 0)
}

// fuzzSeeds are the vectors of message_test.go and a few messages of
// each type from the real streams.
func fuzzSeeds(t testing.TB) [][]byte {
	seeds := [][]byte{
		unhex(t, "03 00000016 04 0001 0004 74657374 0002 0004 72746131"),
		unhex(t, "03 00000013 05 0000 0003 627965 0001 0002 0001"),
		unhex(t, "03 00000047 00"+vecPeer+vecEoR),
		unhex(t, "03 00000057 01"+vecPeer+"00000003 0000 0004 0000000e 0007 0008 0000000000001000 0009 000b 0002 01 0000000000000020"),
		unhex(t, "03 00000046 02"+vecPeer+"01 ffffffffffffffffffffffffffffffff 0015 03 06 02"),
		unhex(t, "03 0000003b 02"+vecPeer+"06 0003 0006 676c6f62616c"),
		unhex(t, "04 00000039 02"+vecPeer+"02 0000 0000 0002 6869"),
		unhex(t, "03 00000096 03"+vecPeer+"00000000 00000000 00000000 c00002fe 00b3 9c40"+vecOpenSent+vecOpenRcvd+"0000 0004 70656572"),
		unhex(t, "03 0000004d 06"+vecPeer+"0000 0013 ffffffffffffffffffffffffffffffff 0013 04 0001 0002 0001"),
		unhex(t, "04 00000059 00"+vecPeer+"0005 0006 0000 676c6f62616c 0007 0017 0000"+vecEoR),
		unhex(t, "03 00000009 09 aabbcc"),
	}
	for _, rel := range []string{"frr-bmp/frr-small-100.bmp", "gobgp-bmp/gobgp-small-100.bmp"} {
		b := readTestdata(t, rel)
		per := map[MsgType]int{}
		for msg := range messages(b) {
			h, _ := ParseHeader(msg)
			if per[h.Type] < 3 {
				per[h.Type]++
				seeds = append(seeds, msg)
			}
		}
	}
	return seeds
}

// FuzzParseMessage: no panic; a message ParseMessage accepts decodes,
// re-encodes to the same octets, and decodes again to the same value;
// the views' readers run on it.
func FuzzParseMessage(f *testing.F) {
	for i, s := range fuzzSeeds(f) {
		f.Add(s, uint8(i))
	}
	f.Fuzz(func(t *testing.T, data []byte, ctx uint8) {
		v, err := ParseMessage(data)
		if err != nil {
			return
		}
		msg := v.Message()
		m, err := v.Decode()
		if err != nil {
			t.Fatalf("Decode after ParseMessage: %v", err)
		}
		out, err := m.Append(nil)
		if err != nil {
			t.Fatalf("Append: %v", err)
		}
		if !bytes.Equal(out, msg) {
			t.Fatalf("round trip\n got %x\nwant %x", out, msg)
		}
		m2, err := DecodeMessage(out)
		if err != nil || !reflect.DeepEqual(m, m2) {
			t.Fatalf("decode(encode(x)) differs: %v\n%#v\n%#v", err, m, m2)
		}
		if rm, ok := v.RouteMonitoring(); ok {
			u, err := rm.Update(fuzzSession(ctx))
			if err == nil {
				for range u.Announced() {
				}
				for range u.Withdrawals() {
				}
			}
			for tl := range rm.TLVs() {
				if rm.TLVKind(tl) == V4KindPathStatus {
					if pm, ok := ParsePathMarking(tl.Value); ok {
						_ = pm.String()
					}
				}
				_ = rm.Numbering().TypeString(tl.Type)
			}
			rm.TableName()
		}
		if pu, ok := v.PeerUp(); ok {
			for _, rib := range []RIB{RIBInPre, RIBOutPost, RIBLoc} {
				pu.Session(rib)
			}
			for range pu.Information() {
			}
			_ = pu.LocalAddress()
		}
		switch mm := m.(type) {
		case StatisticsReport:
			for _, s := range mm.Stats {
				s.Counter()
				s.Gauge()
				s.FamilyGauge()
				s.Uint()
				_ = s.Type.String() + s.Type.Width().String()
			}
		case PeerDown:
			mm.DecodeNotification()
			_ = mm.Reason.String()
		case Termination:
			mm.Reason()
		}
		if h, ok := v.Peer(); ok {
			_ = h.Key().String() + h.FlagNames()
		}
	})
}

// FuzzReader: framing arbitrary octets never panics; every message
// returned has a valid header whose length is its size, offsets follow
// each other, and the stream ends with io.EOF exactly at a message
// boundary.
func FuzzReader(f *testing.F) {
	all := bytes.Join(fuzzSeeds(f), nil)
	f.Add(all, uint16(0))
	f.Add(all[:len(all)-3], uint16(100))
	f.Add([]byte{3, 0xff, 0xff, 0xff, 0xff, 0}, uint16(0))
	var legacy []byte
	for _, v := range legacyVectors {
		legacy = append(legacy, unhex(f, v.legacy)...)
	}
	f.Add(append(legacy, all...), uint16(65532))
	f.Add(legacy[:len(legacy)-1], uint16(12))
	f.Fuzz(func(t *testing.T, data []byte, max uint16) {
		// An odd max reads the data in halves: the buffer then grows as
		// octets arrive, a read at a time. A max of 2 modulo 4 reads
		// through a small bufio.Reader: the messages are then framed in
		// its buffer, or gathered when longer.
		var src io.Reader = bytes.NewReader(data)
		if max%2 == 1 {
			src = iotest.HalfReader(src)
		}
		if max%4 == 2 {
			src = bufio.NewReaderSize(src, 16+int(max%64))
		}
		r := NewReader(src)
		if max > 0 {
			r.SetMaxMessageLen(int(max))
		}
		legacy := max%8 == 4 // versions 1 and 2 read, in their version 3 form
		r.ReadLegacy(legacy)
		var pos int64
		for {
			msg, err := r.Next()
			if err == io.EOF {
				if pos != int64(len(data)) {
					t.Fatalf("EOF at %d of %d", pos, len(data))
				}
				return
			}
			if err != nil {
				se, ok := err.(*StreamError)
				if !ok || se.Offset != pos {
					t.Fatalf("error %v at %d", err, pos)
				}
				return
			}
			if legacy && IsLegacyVersion(data[pos]) {
				up, n, uerr := UpgradeLegacy(data[pos:])
				if uerr != nil || !bytes.Equal(up, msg) || r.Offset() != pos {
					t.Fatalf("bad version %d message at %d: %v", data[pos], pos, uerr)
				}
				pos += int64(n)
				continue
			}
			h, herr := ParseHeader(msg)
			if herr != nil || int(h.Length) != len(msg) || r.Offset() != pos || !bytes.Equal(msg, data[pos:pos+int64(len(msg))]) {
				t.Fatalf("bad message at %d: %v", pos, herr)
			}
			pos += int64(len(msg))
			if n := r.BufferSize(); n > readerChunk && n > 2*len(data) {
				t.Fatalf("buffer of %d octets for a stream of %d", n, len(data))
			}
		}
	})
}

// messages yields the messages SplitMessage frames in b, up to the first
// it cannot frame.
func messages(b []byte) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		for len(b) > 0 {
			msg, rest, err := SplitMessage(b)
			if err != nil || !yield(msg) {
				return
			}
			b = rest
		}
	}
}

// addStreamSeeds seeds a fuzz target taking a stream and a Peers
// capacity: the start of each real stream, and every message seed at once.
func addStreamSeeds(f *testing.F) {
	for _, rel := range []string{"frr-bmp/frr-small-100.bmp", "gobgp-bmp/gobgp-small-100.bmp"} {
		b := readTestdata(f, rel)
		f.Add(b[:min(len(b), 3000)], uint8(3))
	}
	f.Add(bytes.Join(fuzzSeeds(f), nil), uint8(0))
}

// FuzzPeersState: any sequence of messages fed to a Peers never panics,
// never tracks more RIBs than its cap, and a clean reading has no
// verdict.
func FuzzPeersState(f *testing.F) {
	addStreamSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, capacity uint8) {
		limit := int(capacity%8) + 1
		p := NewPeers(limit)
		defer func() {
			if n := len(p.All()); n > limit {
				t.Fatalf("All lists %d RIBs over a cap of %d", n, limit)
			}
		}()
		for msg := range messages(data) {
			v, err := ParseMessage(msg)
			if err != nil {
				continue
			}
			u, r, ok, err := observeRead(p, v)
			if !ok || err != nil {
				continue
			}
			if r.Clean != (u.Verdict() == nil) {
				t.Fatalf("Clean %v with verdict %v", r.Clean, u.Verdict())
			}
			if u.Session() != r.Session {
				t.Fatal("view read with another session than reported")
			}
			for range u.Announced() {
			}
			if len(p.sessions) > limit {
				t.Fatalf("%d sessions tracked over a cap of %d", len(p.sessions), limit)
			}
			if n := len(p.ribs); n > limit {
				t.Fatalf("%d RIBs tracked over a cap of %d", n, limit)
			}
		}
	})
}
