package bgp

import (
	"bytes"
	"errors"
	"iter"
	"reflect"
	"testing"
)

// fuzzSession turns the fuzzer's context octet into a Session: bit 0
// 4-octet AS, bit 1 ADD-PATH for IPv4 unicast, bit 2 for IPv6 unicast,
// bit 3 extended messages, bit 4 AFI/SAFI disable for MP attribute errors.
func fuzzSession(ctx uint8) Session {
	s := Session{AS4: ctx&1 != 0, ExtendedMsg: ctx&8 != 0, AFISAFIDisable: ctx&16 != 0}
	s = s.WithAddPath(IPv4Unicast, ctx&2 != 0)
	return s.WithAddPath(IPv6Unicast, ctx&4 != 0)
}

// sessionCtx is the inverse of fuzzSession for the seed vectors (ADD-PATH
// for other families is not expressible and maps to none).
func sessionCtx(s Session) uint8 {
	var c uint8
	if s.AS4 {
		c |= 1
	}
	if s.AddPath(IPv4Unicast) {
		c |= 2
	}
	if s.AddPath(IPv6Unicast) {
		c |= 4
	}
	if s.ExtendedMsg {
		c |= 8
	}
	if s.AFISAFIDisable {
		c |= 16
	}
	return c
}

func addUpdateSeeds(f *testing.F) {
	for _, v := range ownedVectors {
		f.Add(updateMsg(f, v.body), sessionCtx(v.sess))
	}
	for _, v := range malformedVectors {
		f.Add(updateMsg(f, v.body), sessionCtx(v.sess))
	}
	f.Add(unhex(f, simpleUpdate), uint8(1))
	f.Add(unhex(f, simpleUpdate), uint8(0))
}

// FuzzDecodeUpdate checks that decoding never panics, that a clean decode
// appends back to the same bytes and decodes to the same value, and that a
// decode RFC 7606 lets a receiver keep can still be written.
func FuzzDecodeUpdate(f *testing.F) {
	addUpdateSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, ctx uint8) {
		s := fuzzSession(ctx)
		u, err := DecodeUpdate(data, s)
		var e *Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("error of type %T", err)
		}
		if err != nil && e.Action == SessionReset {
			return
		}
		out, aerr := u.Append(nil, s)
		if aerr != nil {
			t.Fatalf("Append after decode (verdict %v): %v", err, aerr)
		}
		if err != nil {
			return
		}
		h, _ := ParseHeader(data, s)
		if !bytes.Equal(out, data[:h.Length]) {
			t.Fatalf("round trip\n% x\nwant\n% x", out, data[:h.Length])
		}
		again, err := DecodeUpdate(out, s)
		if err != nil || !reflect.DeepEqual(again, u) {
			t.Fatalf("decode of the appended message differs: %v", err)
		}
	})
}

// FuzzParseUpdate walks everything the view offers: no panic, and every
// recorded problem lies inside the message.
func FuzzParseUpdate(f *testing.F) {
	addUpdateSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, ctx uint8) {
		s := fuzzSession(ctx)
		u, err := ParseUpdate(data, s)
		if err != nil {
			return
		}
		n := len(u.Message())
		for _, e := range u.Errors() {
			if e.Off < 0 || e.Off > n {
				t.Fatalf("error offset %d outside the %d-octet message: %v", e.Off, n, e)
			}
		}
		for a := range u.Attrs() {
			if a.Off < 0 || a.Off+a.Len() > n {
				t.Fatalf("attribute at %d+%d outside the message", a.Off, a.Len())
			}
			walkAttrForFuzz(a, s)
		}
		for _, r := range u.Withdrawals() {
			_ = r.Prefix.IsValid()
		}
		for _, r := range u.Announced() {
			_ = r.Prefix.IsValid()
		}
		u.EndOfRIB()
		_ = u.Verdict()
	})
}

// walkAttrForFuzz calls every getter on a (most refuse the wrong type) and
// walks what they return.
func walkAttrForFuzz(a AttrView, s Session) {
	_, _ = a.Origin()
	_, _ = a.NextHop()
	_, _ = a.Uint32()
	_ = a.AtomicAggregate()
	_, _ = a.Aggregator(s.AS4)
	_, _ = a.OriginatorID()
	if p, err := a.ASPath(s.AS4 || a.Type == AttrAS4Path); err == nil {
		for sg := range p.Segments() {
			for range sg.ASNs() {
			}
		}
		_ = p.Len()
	}
	walkAll(a.ClusterList())
	walkAll(a.Communities())
	if v, err := a.ExtCommunities(); err == nil {
		for c := range v.All() {
			_ = c.String()
		}
	}
	walkAll(a.IPv6ExtCommunities())
	walkAll(a.LargeCommunities())
	if v, err := a.AIGP(); err == nil {
		for range v.TLVs() {
		}
		v.Metric()
	}
	if m, err := a.MPReach(s); err == nil {
		m.NextHops()
		for range m.Routes() {
		}
	}
	if m, err := a.MPUnreach(s); err == nil {
		for range m.Routes() {
		}
	}
}

// walkAll walks the elements of a list attribute's view when it read.
func walkAll[E any, V interface{ All() iter.Seq[E] }](v V, err error) {
	if err == nil {
		for range v.All() {
		}
	}
}
