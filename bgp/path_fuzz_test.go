package bgp

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"testing"
)

// FuzzPath: any octets read as a path attributes field give a Path whose
// getters do not panic and whose JSON is valid; what frames is what
// ReadPath keeps, and AppendPathAttrs of an UPDATE reads back.
func FuzzPath(f *testing.F) {
	f.Add([]byte{0x40, 1, 1, 0, 0x40, 2, 6, 2, 1, 0, 0, 0xfd, 0xe8, 0x40, 3, 4, 192, 0, 2, 1}, byte(1))
	f.Add([]byte{0x80, 0x0e, 0x15, 0, 2, 1, 16, 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0}, byte(3))
	f.Add([]byte{0xc0, 0x11, 6, 2, 1, 0, 1, 0x86, 0xa0, 0xc0, 7, 6, 0x5b, 0xa0, 192, 0, 2, 1}, byte(0))
	f.Fuzz(func(t *testing.T, attrs []byte, ctx byte) {
		s := Session{AS4: ctx&1 != 0}.WithAddPath(IPv4Unicast, ctx&2 != 0)
		p, err := ReadPath(attrs, s)
		if err == nil && len(attrs) > 0 && p.end != len(attrs) {
			t.Fatal("no error, but not every octet framed")
		}
		p.ASPath()
		p.Aggregator()
		p.Origin()
		p.AIGP()
		if out, err := p.AppendAS4(nil); err == nil {
			if _, err := ReadPath(out, Session{AS4: true}); err != nil {
				t.Fatalf("AppendAS4 wrote attributes that do not frame: %v", err)
			}
		}
		for _, fam := range []Family{IPv4Unicast, IPv6Unicast, IPv4VPN} {
			p.NextHop(fam)
			b := append([]byte(`{"x":0`), p.AppendJSON(nil)...)
			b = append(p.AppendNextHopJSON(b, fam), '}')
			if !json.Valid(b) {
				t.Fatalf("invalid JSON %s", b)
			}
		}
		// As an UPDATE's attributes: what a RIB stores reads back as a path.
		msg := append(bytes.Repeat([]byte{0xff}, 16), 0, 0, byte(MsgUpdate), 0, 0, byte(len(attrs)>>8), byte(len(attrs)))
		msg = append(msg, attrs...)
		if len(msg) > 0xffff {
			return
		}
		msg[16], msg[17] = byte(len(msg)>>8), byte(len(msg))
		u, err := ParseUpdate(msg, Session{AS4: s.AS4, ExtendedMsg: true})
		if err != nil {
			return
		}
		set := u.AppendPathAttrs(nil, u.Verdict())
		if _, err := ReadPath(set, s); err != nil {
			t.Fatalf("the stored set does not frame: %v", err)
		}
		if walk := u.appendPathAttrsWalk(nil, u.Verdict()); !bytes.Equal(set, walk) {
			t.Fatalf("AppendPathAttrs %x, the walk over the attributes %x", set, walk)
		}
	})
}

// FuzzEntries: every family's framing of any NLRI field ends in an error
// or accounts for every octet, and never panics.
func FuzzEntries(f *testing.F) {
	f.Add([]byte{3, 17, 0, 0, 0xfd, 0xe8, 0, 0, 0, 100, 0, 0, 0, 0, 32, 192, 0, 2, 1}, byte(0), false)
	f.Add([]byte{0xf0, 5, 1, 24, 192, 0, 2}, byte(1), true)
	f.Fuzz(func(t *testing.T, b []byte, row byte, addPath bool) {
		fam := familyRows[int(row)%len(familyRows)].f
		n := 0
		for e, err := range fam.Entries(b, 0, addPath) {
			if err != nil {
				return
			}
			if e.Off != n {
				t.Fatalf("entry at %d, want %d", e.Off, n)
			}
			n = e.Off + len(e.Value)
			if addPath {
				n += 4
			}
		}
		if n != len(b) {
			t.Fatalf("entries end at %d of %d", n, len(b))
		}
	})
}

// FuzzReadUpdate: the session search never panics, and what it returns is
// the reading of the session it says.
func FuzzReadUpdate(f *testing.F) {
	f.Add(unhexF("ffffffffffffffffffffffffffffffff002f020000001440010100400206020100000001400304c000020118c63364"), byte(0), byte(1))
	f.Fuzz(func(t *testing.T, msg []byte, exp, first byte) {
		sess := func(c byte) Session {
			return Session{AS4: c&1 != 0, ExtendedMsg: true}.WithAddPath(IPv4Unicast, c&2 != 0).WithAddPath(IPv6Unicast, c&4 != 0)
		}
		var u UpdateView
		r, err := ReadUpdate(&u, msg, sess(exp), sess(first), SearchOptions{FixedAS4: exp&8 != 0, FixedAddPath: exp&16 != 0})
		if err != nil {
			return
		}
		if u.Session() != r.Session || (u.Verdict() == nil) != r.Clean {
			t.Fatalf("reading %+v, view session %+v verdict %v", r, u.Session(), u.Verdict())
		}
		if exp&8 != 0 && r.Session.AS4 != sess(first).AS4 {
			t.Fatal("the AS width was fixed")
		}
	})
}

// FuzzReader: bgp.Reader frames any stream into messages that each look
// like a header and have its length, or stops with an error.
func FuzzReader(f *testing.F) {
	f.Add(unhexF("ffffffffffffffffffffffffffffffff001304ffffffffffffffffffffffffffffffff001304"))
	f.Fuzz(func(t *testing.T, stream []byte) {
		r := NewReader(bytes.NewReader(stream))
		total := 0
		for {
			m, err := r.Next()
			if err != nil {
				return
			}
			if !LooksLikeHeader(m) || int(m[16])<<8|int(m[17]) != len(m) || int64(total) != r.Offset() {
				t.Fatalf("message %x at %d", m, r.Offset())
			}
			total += len(m)
		}
	})
}

// unhexF decodes a seed written in hex.
func unhexF(s string) []byte {
	b, _ := hex.DecodeString(s)
	return b
}
