package explain

import (
	"compress/gzip"
	"encoding/hex"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/bgplens/bgplens/capture"
	"github.com/bgplens/bgplens/mrt"
)

// Input that is octets, not text: a message saved as it went on the wire
// (Wireshark's Export Packet Bytes, a collector's raw file, a test's
// fixture) is explained as its hex would be; a capture or a route archive
// is named, with what reads it.

// KindBinary is LineInfo.Kind for input given as raw octets.
const KindBinary = "binary"

// maxGunzip bounds what a gzip-compressed input may expand to, as the
// input itself is bounded.
const maxGunzip = 16 << 20

// gunzipped returns the content of gzip-compressed input (a log or a
// file compressed as archives are), and whether it was compressed.
func gunzipped(text string) (string, bool) {
	if len(text) < 2 || text[0] != 0x1f || text[1] != 0x8b { // RFC 1952 §2.3.1
		return text, false
	}
	zr, err := gzip.NewReader(strings.NewReader(text))
	if err != nil {
		return text, false
	}
	u, err := io.ReadAll(io.LimitReader(zr, maxGunzip))
	if err != nil && len(u) == 0 {
		return text, false
	}
	return string(u), true // a truncated stream gives what it holds
}

// binaryInput explains text that is raw octets; it reports false for
// text (valid UTF-8 without NUL), which the log reader takes.
func binaryInput(text string, opt Options) (*Explanation, bool) {
	if strings.IndexByte(text, 0) < 0 && utf8.ValidString(text) {
		return nil, false
	}
	b := []byte(text)
	if startsMessage(b) {
		x := hexOctets(b, hex.EncodeToString(b), opt)
		x.Line.Kind = KindBinary
		x.Line.Why = "raw octets (the input is binary, not text) that start with a message header"
		return x, true
	}
	why := "binary input that does not begin as a BGP message (marker) or a BMP message (version 3 common header)"
	if f, ok := capture.Sniff(b); ok {
		why = "a " + f.String() + " packet capture, not a message: bgplens dump reads the BGP and BMP in captures"
	} else if mrt.Sniff(b) {
		why = "an MRT route archive (RFC 6396), not a message: bgplens dump reads archives"
	}
	n := min(len(b), 32)
	return &Explanation{Hex: hex.EncodeToString(b[:n]), Line: &LineInfo{
		Text: hex.EncodeToString(b[:n]), Kind: KindBinary, Start: StartUnknown, Why: why,
		Code: -1, Subcode: -1, Length: -1, Present: len(b)}}, true
}
