package explain

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bgplens/bgplens/bgp"
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
// text, which the log reader takes: valid UTF-8 without NUL, and also a
// log with a few bytes of another encoding (Latin-1) or a run of NULs
// after a crash.
func binaryInput(text string, opt Options) ([]*Explanation, bool) {
	if strings.IndexByte(text, 0) < 0 && utf8.ValidString(text) {
		return nil, false
	}
	b := []byte(text)
	format, isCapture := capture.Sniff(b)
	if !startsMessage(b) && !isCapture && !mrt.Sniff(b) && !mostlyNotText(b) {
		return nil, false
	}
	if startsMessage(b) {
		x := hexOctets(b, itoa(len(b))+" octets of binary input", opt) // the octets are in x.Hex once
		x.Line.Kind = KindBinary
		x.Line.Why = "raw octets (the input is binary, not text) that start with a message header"
		return []*Explanation{x}, true
	}
	why := "binary input that does not begin as a BGP message (marker) or a BMP message (version 3 common header)"
	switch {
	case isCapture:
		if xs := captureStreams(b, format, opt); len(xs) > 0 {
			return xs, true
		}
		why = "a " + format.String() + " packet capture with no TCP stream that holds a BGP or BMP message from its start: bgplens dump reads captures"
	case mrt.Sniff(b):
		why = "an MRT route archive (RFC 6396), not a message: bgplens dump reads archives"
	}
	// The first octets, shown as one node that says why they are not read.
	head := b[:min(len(b), 32)]
	x := &Explanation{Hex: hex.EncodeToString(head), Line: &LineInfo{
		Text: hex.EncodeToString(head), Kind: KindBinary, Start: StartUnknown, Why: why,
		Code: -1, Subcode: -1, Length: -1, Present: len(b)}}
	x.Messages = []*Node{(&builder{in: head}).node("octets", 0, len(head), nil, "the first octets of the input, not read as BGP or BMP", "")}
	return []*Explanation{x}, true
}

// captureStreams explains the BGP and BMP in a capture: each TCP stream,
// reassembled, from its first BGP marker (a capture may start after the
// OPENs) or, for BMP, from its start.
func captureStreams(b []byte, format capture.Format, opt Options) []*Explanation {
	streams, _, err := capture.Read(bytes.NewReader(b), capture.Options{}, nil)
	if err != nil && len(streams) == 0 {
		return nil
	}
	var xs []*Explanation
	for _, st := range streams {
		k := findMarker(st.Data, false)
		switch {
		case LooksLikeBMP(st.Data):
			k = 0
		case k < 0 || len(st.Data)-k < bgp.HeaderLen:
			continue
		}
		x := hexOctets(st.Data[k:], st.Flow.String(), opt)
		x.Line.Kind = KindBinary
		x.Line.Why = "the TCP stream " + st.Flow.String() + " of the " + format.String() + " capture (frames " +
			itoa(st.FirstFrame) + " to " + itoa(st.LastFrame) + "), reassembled"
		if k > 0 {
			x.Line.Why += ", from its first marker (" + itoa(k) + " octets before it: the capture began mid-stream)"
		}
		if len(st.Gaps) > 0 {
			x.Notes = append(x.Notes, "the capture misses "+itoa(len(st.Gaps))+" stretch(es) of this stream (packets not captured): the messages around them may not frame")
		}
		xs = append(xs, x)
	}
	return xs
}

// mostlyNotText reports whether more than a third of the first 512 octets
// are neither UTF-8 text nor its whitespace.
func mostlyNotText(b []byte) bool {
	head := b[:min(len(b), 512)]
	bad := 0
	for i := 0; i < len(head); {
		r, n := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && n == 1 || r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			bad++
		}
		i += n
	}
	return 3*bad > len(head)
}

// fromUTF16 returns text decoded from UTF-16 (a Windows tool's log), by
// its byte-order mark, or by a NUL in every other octet of its start;
// other text is returned as it is.
func fromUTF16(text string) string {
	b := []byte(text)
	little := false
	switch {
	case len(b) >= 2 && b[0] == 0xff && b[1] == 0xfe:
		little, b = true, b[2:]
	case len(b) >= 2 && b[0] == 0xfe && b[1] == 0xff:
		b = b[2:]
	case len(b) >= 8 && b[1] == 0 && b[3] == 0 && b[5] == 0 && b[7] == 0 && b[0] >= 0x20 && b[2] >= 0x20:
		little = true
	case len(b) >= 8 && b[0] == 0 && b[2] == 0 && b[4] == 0 && b[6] == 0 && b[1] >= 0x20 && b[3] >= 0x20:
	default:
		return text
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if little {
			u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		} else {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
	}
	return string(utf16.Decode(u))
}
