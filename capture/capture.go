// Package capture reassembles TCP byte streams out of packet captures, so
// that BGP sessions and BMP feeds recorded with tcpdump or Wireshark can be
// decoded.
//
// It reads classic pcap (microsecond and nanosecond, either byte order) and
// pcapng files, optionally gzip-compressed, with Ethernet (802.1Q/802.1ad
// tags, MPLS), Linux cooked v1 and v2, raw IP, BSD/OpenBSD loopback, PPP,
// Cisco HDLC and Juniper Ethernet link layers, over IPv4 and IPv6. IP
// fragments are not reassembled (they are counted in Stats).
//
// Each direction of each TCP connection becomes a Stream: its payload in
// sequence order, with every hole the capture leaves recorded as a Gap
// instead of being glued over. Connections whose SYN was not captured (the
// capture started mid-connection, or it is a one-way replay) are reassembled
// from the first sequence number seen.
//
// It uses the standard library only.
//
//	f, err := capture.Open("bmp.pcap")
//	...
//	streams, err := f.Streams(capture.PortFilter(1790))
//	for _, s := range streams {
//		for off, chunk := range s.Chunks() { ... }
//	}
package capture

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"strconv"
)

// Format is a capture file format.
type Format uint8

// The formats Open recognises, by their magic numbers.
const (
	PCAP   Format = iota + 1 // classic libpcap: 0xa1b2c3d4 (µs) or 0xa1b23c4d (ns)
	PCAPNG                   // pcapng: a Section Header Block, 0x0a0d0d0a
)

// String returns "pcap" or "pcapng".
func (f Format) String() string {
	switch f {
	case PCAP:
		return "pcap"
	case PCAPNG:
		return "pcapng"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// ErrFormat reports a file that is neither pcap nor pcapng (nor either of
// them gzip-compressed).
var ErrFormat = errors.New("capture: not a pcap or pcapng file")

// Options tunes reassembly. The zero value gives the defaults.
type Options struct {
	// MaxBuffered bounds the out-of-order data held for one direction while
	// it waits for a hole to be filled, in octets (0: DefaultMaxBuffered).
	// Past it the hole is given up: it becomes a Gap and the held data
	// follows. Held data is stored in pages of 1900 octets, and every
	// out-of-order segment takes at least one, so the bound counts pages.
	MaxBuffered int
	// MaxBufferedTotal bounds the out-of-order data held for all
	// directions together (0: DefaultMaxBufferedTotal).
	MaxBufferedTotal int
}

// Defaults for Options.
const (
	DefaultMaxBuffered      = 4 << 20
	DefaultMaxBufferedTotal = 64 << 20
)

// Stats counts what became of the packets of a capture.
type Stats struct {
	Packets     int // packet records read
	TCP         int // TCP segments decoded
	Filtered    int // TCP segments of directions the filter rejected
	NotTCP      int // frames that are not IP, or IP not carrying TCP
	Fragments   int // IP fragments, skipped (not reassembled)
	Malformed   int // frames whose link, IP or TCP header did not decode
	UnknownLink int // frames of a link-layer type this package does not read
}

// File is a capture file found by Open.
type File struct {
	Path    string
	Format  Format
	Gzip    bool    // the file is gzip-compressed
	Options Options // reassembly options used by Streams; set before calling it
	stats   Stats
}

// Open checks that path is a pcap or pcapng file, gzip-compressed or not,
// by its magic numbers (the extension does not matter). The file is read by
// Streams.
func Open(path string) (*File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	_, format, gz, err := sniff(fh)
	if err != nil {
		return nil, err
	}
	return &File{Path: path, Format: format, Gzip: gz}, nil
}

// Streams reads the whole file and returns every direction of every TCP
// connection that filter accepts (nil accepts all) and that has at least one
// packet, ordered by Conn, the client's direction first.
//
// A file that ends early or turns bad part-way is common (a capture that
// was killed): Streams then returns what it reassembled up to that point
// together with the error.
func (f *File) Streams(filter func(Flow) bool) ([]Stream, error) {
	fh, err := os.Open(f.Path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	streams, stats, err := Read(fh, f.Options, filter)
	f.stats = stats
	return streams, err
}

// Stats returns the counts of the last call to Streams.
func (f *File) Stats() Stats { return f.stats }

// Read is Streams for a capture read from r (any format Open accepts), with
// the given options and filter, returning the counts that File.Stats gives.
//
// Memory: the streams hold the capture's TCP payload (of the directions
// kept) once; out-of-order data waiting for a hole is bounded by opts; per
// connection a few hundred octets of state; and one packet buffer.
func Read(r io.Reader, opts Options, filter func(Flow) bool) ([]Stream, Stats, error) {
	var stats Stats
	src, err := openSource(r)
	if err != nil {
		return nil, stats, err
	}
	a := newTCPAssembler(opts, filter, &stats)
	var d frameDecoder
	var readErr error
	for {
		data, ts, link, err := src.next()
		if err != nil {
			if err != io.EOF {
				readErr = errors.New("capture: packet " + strconv.Itoa(stats.Packets+1) + ": " + err.Error())
			}
			break
		}
		stats.Packets++
		srcIP, dstIP, out := d.decode(link, data)
		switch out {
		case outTCP:
			stats.TCP++
			a.add(srcIP, dstIP, &d.tcp, ts, stats.Packets)
		case outNotTCP:
			stats.NotTCP++
		case outFragment:
			stats.Fragments++
		case outMalformed:
			stats.Malformed++
		case outUnknownLink:
			stats.UnknownLink++
		}
	}
	return a.finish(), stats, readErr
}

// Sniff reports the format of a capture that begins with b (gzip-
// compressed or not), as Open would find it.
func Sniff(b []byte) (Format, bool) {
	_, f, _, err := sniff(bytes.NewReader(b))
	return f, err == nil
}

// sniff identifies the format from the first octets, looking through gzip.
// It returns a reader positioned at the start of the (decompressed) file.
func sniff(r io.Reader) (*bufio.Reader, Format, bool, error) {
	br := bufio.NewReader(r)
	gz := false
	if m, err := br.Peek(2); err == nil && m[0] == 0x1f && m[1] == 0x8b { // RFC 1952 §2.3.1
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, 0, false, errors.New("capture: gzip: " + err.Error())
		}
		br, gz = bufio.NewReader(zr), true
	}
	m, err := br.Peek(4)
	if err != nil {
		return nil, 0, gz, ErrFormat
	}
	switch binary.LittleEndian.Uint32(m) {
	case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1:
		return br, PCAP, gz, nil
	case ngSectionHeader:
		return br, PCAPNG, gz, nil
	}
	return nil, 0, gz, ErrFormat
}
