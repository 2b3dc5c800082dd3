package explain

import (
	"strings"
	"testing"
)

// Indentation that belongs to the paste (a Markdown code block, a mail's
// indent) does not join log records, and a show block published with
// blank lines between its rows stays one entry.
func TestPastedIndentation(t *testing.T) {
	down := "Oct  7 09:21:00: %BGP-5-ADJCHANGE: neighbor 192.0.2.1 Down"
	up := "Oct  7 09:22:00: %BGP-5-ADJCHANGE: neighbor 192.0.2.1 Up"
	for _, c := range []struct {
		in   string
		want int
	}{
		{"    " + down + "\n    " + up, 2},                         // all indented alike
		{"Here is my log:\n\n    " + down + "\n    " + up, 3},      // words, then a code block
		{"    " + down + "\n      continued on a wrapped line", 1}, // indented beyond the paste's own
		{"Peer: 10.0.0.1+179 AS 65001    Local: 10.0.0.2+52132 AS 65000\n\n  Type: External    State: Established\n\n" +
			"  Last State: OpenConfirm   Last Event: RecvKeepAlive\n\n  Last Error: Cease\n\n  Holdtime: 90 Preference: 170", 1},
		{"BGP neighbor is 192.0.2.1,  remote AS 65001, external link\n\n  BGP version 4, remote router ID 192.0.2.1\n\n" +
			"  Last reset 00:01:02, due to BGP Notification received of session 1, Administrative Reset", 1},
	} {
		if es := Entries(c.in); len(es) != c.want {
			t.Errorf("%d entries, want %d:\n%s", len(es), c.want, strings.Join(es, "\n----\n"))
		}
	}
}

// A paste indented as a whole reads as the same paste without the indent.
func TestIndentedPasteSameEntries(t *testing.T) {
	var ind []string
	for _, l := range strings.Split(pastedLog, "\n") {
		if l != "" {
			l = "    " + l
		}
		ind = append(ind, l)
	}
	want, got := Entries(pastedLog), Entries(strings.Join(ind, "\n"))
	if len(got) != len(want) {
		t.Fatalf("%d entries indented, %d not:\n%s", len(got), len(want), strings.Join(got, "\n----\n"))
	}
}

// FRR's daemon name after the time is a word of the log, not a time zone.
func TestDaemonNameNotTimeZone(t *testing.T) {
	got := maskLinePrefixes("2019/12/24 21:49:19 BGP: %NOTIFICATION: received\nOct  7 09:21:00.342 UTC: %BGP-5-ADJCHANGE")
	if !strings.Contains(got, "BGP: %NOTIFICATION") || strings.Contains(got, "21:49") || strings.Contains(got, "UTC") {
		t.Errorf("masked %q", got)
	}
}
