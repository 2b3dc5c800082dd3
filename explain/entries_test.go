package explain

import (
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bgp"
)

// A pasted log as an operator would paste it: several entries, one
// wrapped by a mail archive, one followed by its hex rows, a show block,
// a dump after a words line, quoting, blank lines.
const pastedLog = `2019/12/24 21:49:19 BGP: %NOTIFICATION: received from neighbor 192.168.1.100 4/0 (Hold Timer Expired) 0 bytes
*Jul 4 13:47:13.108: %BGP-4-MSGDUMP: unsupported or mal-formatted message received from 192.168.12.1:
FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF 0039 0104 0064 00B4 0101 0101 1C02 0601
0400 0100 0102 0280 0002 0202 0002 0246 0002 0641 0400 0000 64
## 2006-08-17 19:17:05 : [bgp/stack]:     send NOTIFICATION msg code 
(Open-Error)
subcode(Open Message Error: Unsupported Capability) to peer w9.x4.y7.z9 
via socket 415

  Time since last notification received from neighbor: 00:00:42
  Error Code: administrative reset
  Notification data received:
    34546869 73206973 20612074 65737420
> Apr 25 00:28:13.085: %BGP-3-NOTIFICATION: received from neighbor xx 4/0 (hold time expired) 0 bytes
> 00000000: ffff ffff ffff ffff ffff ffff ffff ffff  ................
> 00000010: 0015 0306 0a                             .....`

func TestEntries(t *testing.T) {
	got := Entries(pastedLog)
	want := []string{"%NOTIFICATION: received", "%BGP-4-MSGDUMP", "send NOTIFICATION msg code", "Time since last notification", "%BGP-3-NOTIFICATION: received from neighbor xx"}
	if len(got) != len(want) {
		t.Fatalf("%d entries, want %d:\n%s", len(got), len(want), strings.Join(got, "\n----\n"))
	}
	for i, w := range want {
		if !strings.Contains(got[i], w) {
			t.Errorf("entry %d = %q, want it to hold %q", i, got[i], w)
		}
	}
	if !strings.HasSuffix(got[1], "0000 64") || !strings.HasSuffix(got[2], "via socket 415") || !strings.Contains(got[4], "0015 0306 0a") {
		t.Errorf("continuation lines lost: %q", got)
	}
	xs := Decode(pastedLog, Options{Session: bgp.Session{AS4: true}})
	if len(xs) != len(want) {
		t.Fatalf("Decode gave %d explanations", len(xs))
	}
	if xs[1].Line.Start != StartMessage || xs[1].Line.Present != 57 {
		t.Errorf("MSGDUMP: %s, %d octets", xs[1].Line.Start, xs[1].Line.Present)
	}
	if xs[2].Line.Code != 2 || xs[2].Line.Subcode != 7 {
		t.Errorf("wrapped entry: code %d/%d", xs[2].Line.Code, xs[2].Line.Subcode)
	}
	if xs[4].Line.Kind != KindDump || xs[4].Line.Present != 21 || xs[4].Line.Start != StartMessage {
		t.Errorf("quoted line with its dump: %+v", xs[4].Line)
	}
}

// Log lines pasted one after another without time stamps are told apart
// when the line above ended with its octets or their count, or the next
// starts like a record of its own (a program and its pid, a CLI prompt).
func TestEntriesWithoutTimestamps(t *testing.T) {
	lines := []string{
		"notification msg sent (nbr 192.0.2.1, 32 bytes, code 3/4) - 0000 0000 ffff ffff ffff ffff ffff ffff ffff ffff 0020 0303 04e0 0708 0003 02ed 5bdc 3f01",
		"NOTIFICATION received from 192.0.2.2 (External AS 64496): code 3 (Update Message Error) subcode 4 (attribute flags error), Data: e0 07 08 00 03 02 ed 5b dc 3f 01",
		"BGP: %NOTIFICATION: received from neighbor 192.0.2.3 4/0 (Hold Timer Expired) 0 bytes",
		"Last reset 00:00:41, due to Closed by neighbor",
		"exabgp: 4353   network       Peer  b.b.b.b ASN xxxx    out loop, peer reset, message [notification sent (4,0)] error[Hold timer expired]",
		"Dell#Show ip bgp neighbor Last reset 00:01:47, due to Maximum prefix limit reached",
	}
	got := Entries(strings.Join(lines, "\n"))
	if len(got) != len(lines) {
		t.Fatalf("%d entries, want %d:\n%s", len(got), len(lines), strings.Join(got, "\n----\n"))
	}
}

// ExaBGP logs a message's header and body as two records; Decode joins
// them because the header's length asks for the body.
func TestDecodeJoinsMessagePieces(t *testing.T) {
	in := "14:08:22 | 6672   | incoming-2    | received TCP payload (  19) FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF 0055 01\n" +
		"14:08:22 | 6672   | incoming-2    | received TCP payload (  66) 04FD F200 B4AC 1200 0838 0206 0104 0001 0001 0202 8000 0202 0200 0206 4104 0000 FDF2 0206 4504 0001 0101 0210 490E 0C34 3463 3761 3238 3239 6461 6600 0204 4002 0078"
	xs := Decode(in, Options{})
	if len(xs) != 1 {
		t.Fatalf("%d explanations, want 1", len(xs))
	}
	if xs[0].Line.Present != 85 || len(xs[0].Errors) != 0 {
		t.Errorf("present %d, errors %v", xs[0].Line.Present, xs[0].Errors)
	}
	// Two FortiOS debug lines, each a "program: %TAG" record.
	fg := "BGP: %BGP-3-NOTIFICATION: sending to 10.0.0.1 4/0 (Hold Timer Expired/Unspecified Error Subcode) 0 data-bytes"
	if got := Entries(fg + "\n" + fg); len(got) != 2 {
		t.Errorf("%d entries for two FortiOS lines", len(got))
	}
	// Two whole KEEPALIVEs on two records stay two entries.
	ka := "Nov 18 06:59:22 gnlb exabgp[881]: outgoing-6    received TCP payload (  19) FFFF FFFF FFFF FFFF FFFF FFFF FFFF FFFF 0013 04"
	if xs := Decode(ka+"\n"+ka, Options{}); len(xs) != 2 {
		t.Errorf("%d explanations for two KEEPALIVEs", len(xs))
	}
}

// Dumps: offsets and ASCII columns dropped, octets placed by offset,
// hexdump's "*" repeat row expanded (output of hexdump -C, xxd and od on
// the same 94-octet NOTIFICATION, whose text has a run of spaces).
func TestDumpFormats(t *testing.T) {
	const (
		hexdumpC = `00000000  ff ff ff ff ff ff ff ff  ff ff ff ff ff ff ff ff  |................|
00000010  00 5e 03 06 02 48 62 61  63 6b 20 73 6f 6f 6e 3a  |.^...Hback soon:|
00000020  20 20 20 20 20 20 20 20  20 20 20 20 20 20 20 20  |                |
*
00000050  20 20 20 20 20 20 20 20  20 20 20 20 6f 6b        |            ok|
0000005e`
		short = `00000000: ffff ffff ffff ffff ffff ffff ffff ffff  ................
00000010: 0015 0306 0a                             .....`
	)
	x := Line(hexdumpC, Options{})
	if x.Line.Kind != KindDump || x.Line.Present != 94 || x.Line.Missing != 0 {
		t.Fatalf("hexdump -C: kind %s, %d octets, %d missing", x.Line.Kind, x.Line.Present, x.Line.Missing)
	}
	if n := find(x, "shutdown_communication"); n == nil || n.Value != "back soon:"+strings.Repeat(" ", 60)+"ok" {
		t.Errorf("text %+v", n)
	}
	// The ASCII column of a short last row ("....." or hex-looking text)
	// is not read as octets.
	x = Line(short, Options{})
	if x.Line.Present != 21 || x.Line.Error == "" || !strings.Contains(x.Line.Error, "(6/10)") {
		t.Errorf("xxd: %d octets, error %q", x.Line.Present, x.Line.Error)
	}
	x = Line("00000010: 0015 0306 0a                             cafe", Options{})
	if x.Line.Present != 5 {
		t.Errorf("ASCII column read as hex: %d octets", x.Line.Present)
	}
}

// Where the hex is: glued to 0x or a key, quoted, bracketed, in JSON, in
// groups with ':' or '-', in decimal; and what is not data.
func TestInlineHexForms(t *testing.T) {
	cases := []struct {
		in      string
		present int
		start   string
	}{
		{`NOTIFICATION sent 2/2 data=0x00640000`, 4, StartData},
		{`{"code":2,"subcode":2,"data":"fde8"}`, 2, StartData},
		{`notification 6/2 Data: [0b 6d 61 69 6e 74 65 6e 61 6e 63 65]`, 12, StartData},
		{`notification 6/1 data ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:00:15:03:06:01`, 21, StartMessage},
		{`notification 6/1 data 00-01-01-00-00-00-64`, 7, StartData},
		{`Code=3 Data="[64 3 4 127 0 0 2]" Subcode=8`, 7, StartData},
		{`<pre>ffffffffffffffffffffffffffffffff 0015 0306 04</pre>`, 21, StartMessage},
		{`deadbeef`, 4, StartUnknown},
		// Times, pids, ASNs, counts, addresses: not data.
		{`exabgp: 4353 network Peer 192.0.2.1 ASN 65001 out loop, message [notification sent (4,0)] error[Hold timer expired]`, 0, StartData},
		{`2017 May 4 13:58:24.709 GMT N9k01 %BGP-5-ADJCHANGE: bgp-65000 [8122] (default) neighbor 2.2.2.2 Down - holdtimer expired error`, 0, StartData},
	}
	for _, c := range cases {
		x := Line(c.in, Options{})
		if x.Line.Present != c.present || x.Line.Start != c.start {
			t.Errorf("%q: %s with %d octets, want %s with %d (%s)", c.in, x.Line.Start, x.Line.Present, c.start, c.present, x.Line.Why)
		}
	}
}

// The NOTIFICATION is always named in words with its RFC section, also
// when the entry holds no octets or only a code.
func TestErrorNamed(t *testing.T) {
	cases := map[string]string{
		"%BGP-3-NOTIFICATION: sent to neighbor 192.0.2.1 2/2 (peer in wrong AS) 2 bytes 0064":                     "OPEN Message Error / Bad Peer AS (2/2), RFC 4271",
		"BGP: %BGP-3-NOTIFICATION: received from 10.0.0.1 6/2 (Cease/Administratively Shutdown.) 0 data-bytes []": "Cease / Administrative Shutdown (6/2), RFC 4486",
		"neighbor 2.2.2.2 Down - holdtimer expired error":                                                         "Hold Timer Expired (4/0)",
		`{"error":"got BGP notification code 0x0400 (unknown code)"}`:                                             "Hold Timer Expired (4/0)",
	}
	for in, want := range cases {
		if got := Line(in, Options{}).Line.Error; !strings.Contains(got, want) {
			t.Errorf("%q: error %q, want %q", in, got, want)
		}
	}
}

func TestFrameDumpPrefix(t *testing.T) {
	// tshark -x of a captured frame: Ethernet, IPv4, TCP, then BGP.
	const frame = `0000  ff ff ff ff ff ff 00 00 00 00 00 00 08 00 45 00   ..............E.
0010  00 3d 00 01 00 00 40 06 7c b8 7f 00 00 01 7f 00   .=....@.|.......
0020  00 01 00 14 00 b3 00 00 00 00 00 00 00 00 50 02   ..............P.
0030  20 00 83 e9 00 00 ff ff ff ff ff ff ff ff ff ff    ...............
0040  ff ff ff ff ff ff 00 15 03 06 0a                  ...........`
	x := Line(frame, Options{})
	if x.Line.Prefix != 54 || x.Line.Start != StartMessage || !strings.Contains(x.Line.Why, "Ethernet, IPv4 and TCP headers") {
		t.Fatalf("prefix %d, %s: %s", x.Line.Prefix, x.Line.Start, x.Line.Why)
	}
	if m := messageNode(x); m == nil || m.Off != 54 {
		t.Errorf("message node %+v: offsets must be the dump's", m)
	}
}

// Plain hex is read as hex whatever it holds, and the tree has the same
// shape (a LineInfo) as for a log entry.
func TestDecodePlainHex(t *testing.T) {
	for _, in := range []string{"ffffffffffffffffffffffffffffffff 0013 04", "deadbeef", "0300000010040000000000000000000000"} {
		xs := Decode(in, Options{})
		if len(xs) != 1 || xs[0].Line == nil || xs[0].Line.Kind != KindHex {
			t.Errorf("%q: %+v", in, xs)
		}
	}
}

// Dumps whose rows parse as plain hex (xxd, tcpdump -X) are still read as
// dumps, one entry per dump.
func TestDecodeDumpsNotPlainHex(t *testing.T) {
	const dump = "00000000: ffff ffff ffff ffff ffff ffff ffff ffff  ................\n00000010: 0015 0306 0a                             ....."
	xs := Decode(dump+"\n\n"+dump, Options{})
	if len(xs) != 2 {
		t.Fatalf("%d explanations, want 2", len(xs))
	}
	for _, x := range xs {
		if x.Line.Kind != KindDump || x.Line.Present != 21 || x.Line.Start != StartMessage {
			t.Errorf("%+v", x.Line)
		}
	}
}

// BMP problems are said in BMP terms, not as NOTIFICATION codes.
func TestBMPProblemInBMPTerms(t *testing.T) {
	x := Decode("0300000010040000000000000000000000", Options{})[0]
	if len(x.Errors) == 0 || x.Errors[0].Protocol != "BMP" || strings.Contains(x.Errors[0].Name, "Code(") || strings.Contains(x.Errors[0].Action, "7606") {
		t.Fatalf("errors %+v", x.Errors)
	}
}

// FuzzDecode: for any input Decode never panics, reads each log entry
// within 100 ms, and every octet it finds is in a field of the tree
// (explained, or marked as not read with the reason). Seeded with the
// corpus.
func FuzzDecode(f *testing.F) {
	for _, e := range loadCorpus(f) {
		f.Add(e.Input)
	}
	f.Add(pastedLog)
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 1<<16 {
			return
		}
		for _, e := range Entries(in) {
			if d := fastest(func() { Line(e, Options{}) }); d > 100*time.Millisecond {
				t.Errorf("reading an entry of %d octets took %v", len(e), d)
			}
		}
		xs := Decode(in, Options{Session: bgp.Session{AS4: true}})
		for _, x := range xs {
			if _, err := hex.DecodeString(x.Hex); err != nil {
				t.Fatalf("hex: %v", err)
			}
			checkCovered(t, x)
		}
	})
}

// fastest times f, and on a slow first run (the machine is shared: the
// scheduler, not the code, can stall one run) takes the best of three, so
// that only a reader that is slow every time fails.
func fastest(f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range 3 {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
		if best <= 100*time.Millisecond {
			break
		}
	}
	return best
}

// BenchmarkDecodeCorpus reads every corpus entry once per iteration: the
// time per entry a pasted log costs.
func BenchmarkDecodeCorpus(b *testing.B) {
	corpus := loadCorpus(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range corpus {
			Decode(e.Input, Options{Session: bgp.Session{AS4: true}})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(corpus)), "ns/entry")
}

// TestNormalizedOnce: what a publisher escaped is undone once. An
// escaped HTML break ("&amp;lt;br&amp;gt;", a page showing the text "<br>")
// is text of the entry, not a line break, however many steps the paste
// goes through (Decode, its entries, each entry's Line).
func TestNormalizedOnce(t *testing.T) {
	const n = "%BGP-3-NOTIFICATION: received from neighbor 192.0.2.1 6/2 (cease) 0 bytes"
	if got := len(Decode(n+" &amp;lt;br&amp;gt; the same entry", Options{})); got != 1 {
		t.Errorf("an escaped break: %d entries, want 1", got)
	}
	if got := len(Decode(n+"<br>"+n, Options{})); got != 2 {
		t.Errorf("a break: %d entries, want 2", got)
	}
}
