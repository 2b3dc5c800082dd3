package explain

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

// keepaliveList is a KEEPALIVE's 19 octets as the numbers of a list.
func keepaliveList(sep string, signed bool) string {
	var f []string
	for i := range 19 {
		n := 255
		switch {
		case i == 17:
			n = 19
		case i == 16:
			n = 0
		case i == 18:
			n = 4
		case signed:
			n = -1
		}
		f = append(f, fmt.Sprint(n))
	}
	return strings.Join(f, sep)
}

// A byte vector printed as a list of decimal numbers, in the shapes
// languages print them, is read as octets: Rust's and Python's lists, Go's
// %v, Java's signed bytes, Erlang's binary.
func TestNumberListOctets(t *testing.T) {
	for _, text := range []string{
		"bgp: bad message from 192.0.2.1: [" + keepaliveList(", ", false) + "]",
		"recv msg=[" + keepaliveList(" ", false) + "] from peer",
		"java: received bytes [" + keepaliveList(", ", true) + "]",
		"erlang: <<" + keepaliveList(",", false) + ">>",
	} {
		x := lineOf(text)
		if x.Hex != "ffffffffffffffffffffffffffffffff001304" || len(x.Errors) != 0 || len(x.Messages) != 1 {
			t.Errorf("%s: octets %s, %d messages, problems %+v; want one KEEPALIVE", text, x.Hex, len(x.Messages), x.Errors)
		}
	}
}

// Lists of numbers that are not a message are left alone: a number out
// of an octet's range, or octets that do not begin as BGP or BMP does.
func TestNumberListNotMessage(t *testing.T) {
	// Each out-of-range number would read as the octet the KEEPALIVE has
	// there, were the range not checked.
	last := func(n string) string { // the type octet, 4
		l := keepaliveList(", ", false)
		return l[:strings.LastIndex(l, " ")+1] + n
	}
	for _, list := range []string{
		last("260"),  // 260 mod 256
		last("-252"), // 256 - 252, beyond a signed byte
		strings.Replace(keepaliveList(", ", false), ", 0, ", ", -0, ", 1), // the length's first octet
		strings.Replace(keepaliveList(", ", false), "255", "254", 1),      // marker broken
		"3, 0, 0, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13",     // a BMP length past the list
		"3, 0, 0, 0, 5, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13",     // shorter than its header
		"2, 0, 0, 0, 19, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0",        // BMP version 2
	} {
		if runs := numberListRuns("[" + list + "]"); len(runs) != 0 {
			t.Errorf("[%s] read as octets %x", list, runs[0].Octets)
		}
	}
	// A BMP common header whose length fits is a message.
	if runs := numberListRuns("[3, 0, 0, 0, 19, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]"); len(runs) != 1 {
		t.Errorf("a BMP Initiation of 19 octets not read")
	}
}

// keepaliveOctets is a KEEPALIVE.
var keepaliveOctets = []byte("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00\x13\x04")

// Escapes printed without quotes, and base64 outside the JSON fields that
// name octets, are read when they hold a message.
func TestUnquotedEscapesAndBase64(t *testing.T) {
	var esc strings.Builder
	for _, c := range keepaliveOctets {
		fmt.Fprintf(&esc, `\x%02x`, c)
	}
	for _, text := range []string{
		"recv payload=" + esc.String() + " len=19",
		"bgp message (base64): " + base64.StdEncoding.EncodeToString(keepaliveOctets),
		`{"peer": "192.0.2.1", "msg": "` + base64.StdEncoding.EncodeToString(keepaliveOctets) + `"}`,
		`{"peer": "192.0.2.1", "data": "` + base64.StdEncoding.EncodeToString(keepaliveOctets) + `"}`, // read once
	} {
		x := lineOf(text)
		if x.Hex != "ffffffffffffffffffffffffffffffff001304" || len(x.Errors) != 0 || len(x.Messages) != 1 {
			t.Errorf("%s: octets %s, %d messages, problems %+v; want one KEEPALIVE", text, x.Hex, len(x.Messages), x.Errors)
		}
	}
	// A JSON field's base64 is one run, not one per rule that reads it.
	if runs := encodedRuns(`{"data": "` + base64.StdEncoding.EncodeToString(keepaliveOctets) + `"}`); len(runs) != 1 {
		t.Errorf("%d runs of one base64 field, want 1", len(runs))
	}
	// Base64 that is not a message, and three escapes, are not octets.
	for _, text := range []string{
		"session key " + base64.StdEncoding.EncodeToString([]byte("not a bgp message at all, just text")),
		`bytes \xff\xff\xff here`,
	} {
		if runs := encodedRuns(text); len(runs) != 0 {
			t.Errorf("%s: read as octets %x", text, runs[0].Octets)
		}
	}
}

// inside finds offsets in runs that overlap and come in any order, as the
// rules of encodedRuns give them.
func TestInsideSpans(t *testing.T) {
	s := spans([]HexRun{{Start: 50, End: 60}, {Start: 0, End: 100}, {Start: 10, End: 20}, {Start: 200, End: 210}, {Start: 100, End: 105}})
	for at, want := range map[int]bool{0: true, 55: true, 70: true, 99: true, 104: true, 105: false, 150: false, 200: true, 209: true, 210: false} {
		if got := inside(s, at); got != want {
			t.Errorf("inside(%d) = %v, want %v (spans %+v)", at, got, want, s)
		}
	}
}

// BenchmarkDecodeManyEncoded: one entry of many base64 messages (a
// collector's JSON dump pasted whole). Its time per message stays flat as
// the entry grows (the encoded rules were once quadratic in it).
func BenchmarkDecodeManyEncoded(b *testing.B) {
	for _, n := range []int{1000, 8000} {
		text := strings.Repeat(base64.StdEncoding.EncodeToString(keepaliveOctets)+" ", n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Decode(text, Options{})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/message")
		})
	}
}

// Escaped UTF-8 text (a name in another script) and base64 of all-ones
// octets with no message type (a ruler of slashes) are not octets.
func TestEncodedTextNotOctets(t *testing.T) {
	for _, text := range []string{
		`bgpd: neighbor 192.0.2.1 desc=\xe5\x8c\x97\xe4\xba\xac-IX Hold Timer Expired`,
		"bgpd: " + strings.Repeat("/", 40),
	} {
		if runs := encodedRuns(text); len(runs) != 0 {
			t.Errorf("%s: read as octets %x", text, runs[0].Octets)
		}
	}
}
