package bgp

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// entrySamples holds, per decoded family, entries written from the RFC
// figures (hex) and the text each must read as. Every row with a codec
// must have at least one (TestEntryCodecs).
var entrySamples = map[Family][]struct{ hex, text string }{
	IPv4Unicast:   {{"18 c00002", "192.0.2.0/24"}},
	IPv4Multicast: {{"20 e0000001", "224.0.0.1/32"}},
	// RFC 8277 §2: one label (16, bottom of stack), then the prefix.
	IPv4Labeled: {{"30 000101 c63364", "198.51.100.0/24 label 16"}},
	// RFC 4364 §4.3.4: label 100, RD 65000:7, 10.1.0.0/16.
	IPv4VPN:                     {{"68 000641 0000fde800000007 0a01", "rd 65000:7 10.1.0.0/16 label 100"}},
	{AFIIPv4, SAFIMCASTMPLSVPN}: {{"68 000641 0000fde800000007 0a01", "rd 65000:7 10.1.0.0/16 label 100"}},
	IPv6Unicast:                 {{"20 20010db8", "2001:db8::/32"}},
	IPv6Multicast:               {{"10 ff0e", "ff0e::/16"}},
	IPv6Labeled:                 {{"50 000100 000201 20010db8", "2001:db8::/32 label 16/32"}},
	IPv6VPN:                     {{"78 000641 0001c000020100 07 20010db8", "rd 192.0.2.1:7 2001:db8::/32 label 100"}},
	{AFIIPv6, SAFIMCASTMPLSVPN}: {{"78 000641 0001c000020100 07 20010db8", "rd 192.0.2.1:7 2001:db8::/32 label 100"}},
}

// TestEntryCodecs walks the family registry: every row with a codec has
// samples, each sample's JSON is one valid object with documented keys and
// no error, and its text is the expected line; a row without a codec
// writes the octets.
func TestEntryCodecs(t *testing.T) {
	documented := entryKeysDocumented(t)
	for _, r := range familyRows {
		samples := entrySamples[r.f]
		if r.codec == nil {
			if len(samples) > 0 {
				t.Errorf("%v: samples but no codec", r.f)
			}
			e := NLRI{Value: []byte{1, 2}}
			if got := string(r.f.AppendEntryJSON(nil, e)); got != `{"hex":"0102"}` {
				t.Errorf("%v: %s", r.f, got)
			}
			if got := r.f.EntryText(e); got != "hex 0102" {
				t.Errorf("%v: %s", r.f, got)
			}
			continue
		}
		if r.codec.json == nil || r.codec.text == nil {
			t.Errorf("%v: incomplete codec", r.f)
		}
		if len(samples) == 0 {
			t.Errorf("%v: a codec without samples", r.f)
		}
		for _, s := range samples {
			e := NLRI{Value: unhex(t, s.hex), ValueOff: 10}
			js := r.f.AppendEntryJSON([]byte("x"), e)[1:]
			var obj map[string]any
			if err := json.Unmarshal(js, &obj); err != nil {
				t.Errorf("%v %s: %v: %s", r.f, s.hex, err, js)
				continue
			}
			if _, bad := obj["error"]; bad {
				t.Errorf("%v %s: %s", r.f, s.hex, js)
			}
			for _, k := range jsonKeys(obj) {
				if !documented[k] {
					t.Errorf("%v: key %q is not documented in docs/json.md", r.f, k)
				}
			}
			if got := r.f.EntryText(e); got != s.text {
				t.Errorf("%v %s: text\n %q, want\n %q", r.f, s.hex, got, s.text)
			}
			checkEntryFields(t, r, e)
		}
	}
}

// TestEntryCodecErrors: an entry that does not decode keeps its octets
// and says why, with the offset in the message.
func TestEntryCodecErrors(t *testing.T) {
	for _, tc := range []struct {
		f    Family
		hex  string
		want string // in the error
	}{
		{IPv4Unicast, "21 c0000201 00", "offset 10"},
		{IPv4Unicast, "18 c0000201", "offset 14"},
		{IPv4VPN, "30 000641 0000fde8", "offset 10"},
	} {
		e := NLRI{Value: unhex(t, tc.hex), ValueOff: 10}
		var obj struct{ Hex, Error string }
		js := tc.f.AppendEntryJSON(nil, e)
		if err := json.Unmarshal(js, &obj); err != nil || obj.Hex != hexOf(e.Value) || !strings.Contains(obj.Error, tc.want) {
			t.Errorf("%v %s: %s (%v)", tc.f, tc.hex, js, err)
		}
		if txt := tc.f.EntryText(e); !strings.HasPrefix(txt, "hex "+hexOf(e.Value)+" (") || !strings.Contains(txt, tc.want) {
			t.Errorf("%v %s: %s", tc.f, tc.hex, txt)
		}
	}
}

// entryKeysDocumented reads the keys of docs/json.md's tables.
func entryKeysDocumented(t *testing.T) map[string]bool {
	doc, err := os.ReadFile("../docs/json.md")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	// The first cell of each table row: `key` or `key1`, `key2`.
	cell := regexp.MustCompile("(?m)^\\| (`[^|]*) \\|")
	key := regexp.MustCompile("`([a-z0-9_]+)`")
	for _, c := range cell.FindAllSubmatch(doc, -1) {
		for _, m := range key.FindAllSubmatch(c[1], -1) {
			keys[string(m[1])] = true
		}
	}
	return keys
}

// jsonKeys lists the keys of obj and of the objects inside it.
func jsonKeys(v any) []string {
	var keys []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			keys = append(keys, k)
			keys = append(keys, jsonKeys(x)...)
		}
	case []any:
		for _, x := range v {
			keys = append(keys, jsonKeys(x)...)
		}
	}
	return keys
}

// checkEntryFields: the fields of a family with its own decoder tile the
// entry (depth 0) and each depth-0 field's parts tile it (depth 1), each
// with a name, a value and a reference.
func checkEntryFields(t *testing.T, r familyRow, e NLRI) {
	t.Helper()
	fields, err := r.f.EntryFields(e)
	if err != nil || (len(fields) == 0) != (r.kind != nlriOpaque) {
		t.Fatalf("%v %x: %d fields, %v", r.f, e.Value, len(fields), err)
	}
	at, sub, subEnd, parts := e.ValueOff, -1, -1, false
	for _, f := range fields {
		if f.Name == "" || f.Value == "" || f.Ref == "" {
			t.Errorf("%v %x: incomplete field %+v", r.f, e.Value, f)
		}
		switch f.Depth {
		case 0:
			if parts && sub != subEnd {
				t.Errorf("%v %x: parts end at %d of %d", r.f, e.Value, sub, subEnd)
			}
			if f.Off != at {
				t.Errorf("%v %x: %s at %d, want %d", r.f, e.Value, f.Name, f.Off, at)
			}
			at += f.Len
			sub, subEnd, parts = f.Off, f.Off+f.Len, false
		case 1:
			parts = true
			if f.Off != sub {
				t.Errorf("%v %x: part %s at %d, want %d", r.f, e.Value, f.Name, f.Off, sub)
			}
			sub += f.Len
		}
	}
	if parts && sub != subEnd {
		t.Errorf("%v %x: last parts end at %d of %d", r.f, e.Value, sub, subEnd)
	}
	if len(fields) > 0 && at != e.ValueOff+len(e.Value) {
		t.Errorf("%v %x: fields end at %d of %d", r.f, e.Value, at, e.ValueOff+len(e.Value))
	}
}
