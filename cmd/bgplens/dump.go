package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/capture"
	"github.com/bgplens/bgplens/mrt"
	"github.com/bgplens/bgplens/mrt/filter"
	"github.com/bgplens/bgplens/station"
)

const dumpDescription = `Print every message of BMP feeds, BGP sessions and MRT archives, one or a few
lines each, or as JSON lines (--json), or MRT archives as bgpdump does.

Each FILE is one of:
  - a raw BMP stream: the octets a collector receives from a router, BMP
    messages back to back, optionally gzip-compressed;
  - a raw BGP stream: BGP messages back to back (what one speaker sent);
  - a pcap or pcapng capture, optionally gzip-compressed. Every TCP
    connection in it is reassembled and each direction is recognised by its
    first octets, whatever the port: BMP (a version 3 or 4 common header) or
    BGP (the 16-octet marker). Other traffic is skipped;
  - an MRT archive (RFC 6396, RFC 8050: RIB dumps and update files of
    RIPE RIS, RouteViews and routers), gzip- or bzip2-compressed or not:
    each BGP4MP message and state change, and each RIB entry with its peer
    from the PEER_INDEX_TABLE. --format bgpdump prints the lines of
    bgpdump -m, --format bgpdump-M those of bgpdump -M
    (docs/bgpdump-format.md says where they differ and why).
"-" reads a raw stream from standard input.

A Route Monitoring message is read with the session of its peer and RIB as
the stream's Peer Up announced it (4-octet AS, ADD-PATH per family and
direction, the A flag). Routers do not all encode Route Monitoring the way
their Peer Up says, so when the octets do not fit, the other readings are
tried and the one that fits is used and reported ("fallback"). Route
Monitoring for a peer with no Peer Up is read as well as it can be and
flagged "no Peer Up".

Text output, one message per entry:
  TIME ROUTER TYPE [PEER]   the per-peer header's timestamp (or -), the router
                            (its address in a capture, else its sysName), the
                            message type, the peer and the RIB
      + FAMILY via NEXTHOP: PREFIX...   announced routes (id N: ADD-PATH id)
      - FAMILY: PREFIX...               withdrawn routes
      attrs: ...                        the path attributes of the UPDATE
      note: ...                         fallbacks, problems, mismatches
Lines starting with "#" describe the files and streams.

--json prints one JSON object per message and per note instead; the schema
is in docs/json.md. --stats adds counts at the end: messages per type,
and per router, peer and RIB the Route Monitoring messages, prefixes
announced and withdrawn, fallbacks and decode errors (-q leaves out the
messages themselves).

Exit status: 0 when every message of every file was decoded; 1 when some
input could not be (a framing error, a message cut short, a capture gap, an
unreadable file: the error names the file and the stream offset, and the
remaining files are still read); 2 on a usage error.

Examples:
  bgplens dump router.bmp
  bgplens dump --json feed.bmp.gz | jq 'select(.type=="peer_up")'
  bgplens dump --stats -q capture.pcapng
`

// dumpOptions are the command's flags.
type dumpOptions struct {
	json, stats, quiet bool
	maxLen             int
	format             string // "", or for MRT input "bgpdump" or "bgpdump-M"
}

// dumper prints the messages of every input and keeps the counts.
type dumper struct {
	opt    dumpOptions
	out    *bufio.Writer
	stderr io.Writer
	stats  *dumpStats
	failed bool // some input could not be decoded
	filter *filter.Filter
}

func runDump(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("dump", "[flags] FILE...", dumpDescription, stdout, stderr)
	asJSON := fs.Bool("json", false, "print JSON lines (schema: docs/json.md) instead of text")
	stats := fs.Bool("stats", false, "print counts per message type, and per router, peer and RIB, at the end")
	quiet := fs.Bool("q", false, "do not print the messages (with --stats: only the counts; errors are still reported)")
	maxLen := fs.Int("max-message", bmp.DefaultMaxMessageLen, "largest BMP message accepted, in `octets`")
	filters := addFilterFlags(fs)
	format := fs.String("format", "text", "output `format`: text, json, or for MRT files bgpdump (as bgpdump -m) or bgpdump-M (as bgpdump -M)")
	if rc := parseFlags(fs, args, stdout); rc >= 0 {
		return rc
	}
	flt, err := filters.build()
	if err != nil {
		fmt.Fprintln(stderr, "bgplens dump: "+err.Error())
		return exitUsage
	}
	switch *format {
	case "text":
		*format = ""
	case "json":
		*format, *asJSON = "", true
	case "bgpdump", "bgpdump-M":
		if *asJSON {
			fmt.Fprintln(stderr, "bgplens dump: --json and --format "+*format+" exclude each other")
			return exitUsage
		}
	default:
		fmt.Fprintf(stderr, "bgplens dump: unknown --format %q (text, json, bgpdump, bgpdump-M)\n", *format)
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "bgplens dump: no input files (see 'bgplens dump -h')")
		return exitUsage
	}
	if *maxLen < bmp.CommonHeaderLen {
		fmt.Fprintf(stderr, "bgplens dump: --max-message must be at least %d\n", bmp.CommonHeaderLen)
		return exitUsage
	}
	d := &dumper{
		opt:    dumpOptions{json: *asJSON, stats: *stats, quiet: *quiet, maxLen: *maxLen, format: *format},
		out:    bufio.NewWriterSize(stdout, 64<<10),
		stderr: stderr,
		stats:  newDumpStats(),
		filter: flt,
	}
	for _, path := range fs.Args() {
		d.dumpFile(path, stdin)
	}
	if *stats {
		d.stats.write(d.out, d.opt.json)
	}
	if err := d.out.Flush(); err != nil {
		fmt.Fprintf(stderr, "bgplens dump: %v\n", err)
		return exitInput
	}
	if d.failed {
		return exitInput
	}
	return exitOK
}

// streamCtx is what the messages of one stream share: where they come from
// and the per-peer session state of the BMP stream.
type streamCtx struct {
	file    string
	flow    string        // "src -> dst" in a capture, "" for a raw stream
	router  string        // the router's address in a capture
	sysName string        // from the stream's Initiation message
	namer   station.Namer // names the router for --stats as the station does
	peers   *bmp.Peers
	bgp     *bgpSession // for a BGP stream
}

// where names the stream in errors and notes.
func (sc *streamCtx) where() string {
	if sc.flow == "" {
		return sc.file
	}
	return sc.file + " (" + sc.flow + ")"
}

// fail reports an input error: the file, the stream and the offset.
func (d *dumper) fail(sc *streamCtx, off int64, msg string) {
	d.failed = true
	d.stats.errors++
	d.flushOut()
	fmt.Fprintf(d.stderr, "bgplens dump: %s: stream offset %d: %s\n", sc.where(), off, msg)
	if d.opt.json && !d.opt.quiet {
		d.emit(&dumpRecord{Type: "error", File: sc.file, Flow: sc.flow, RouterIP: sc.router, Offset: off, Error: msg})
	}
}

// flushOut writes what is buffered so that an error on stderr comes after
// the messages before it.
func (d *dumper) flushOut() { _ = d.out.Flush() }

// note prints a "#" line (text) or a note object (JSON) about a file or a
// stream.
func (d *dumper) note(sc *streamCtx, off int64, text string) {
	if d.opt.quiet {
		return
	}
	if d.opt.json {
		d.emit(&dumpRecord{Type: "note", File: sc.file, Flow: sc.flow, RouterIP: sc.router, Offset: off, Note: text})
		return
	}
	fmt.Fprintf(d.out, "# %s: %s\n", sc.where(), text)
}

func (d *dumper) dumpFile(path string, stdin io.Reader) {
	sc := &streamCtx{file: path}
	if path == "-" {
		d.dumpRaw(sc, stdin)
		return
	}
	f, err := capture.Open(path)
	switch {
	case errors.Is(err, capture.ErrFormat):
		file, err := os.Open(path)
		if err != nil {
			d.fail(sc, 0, err.Error())
			return
		}
		defer file.Close()
		d.dumpRaw(sc, withProgress(file, d.stderr))
		return
	case err != nil:
		d.fail(sc, 0, err.Error())
		return
	}
	if d.opt.format != "" {
		d.fail(sc, 0, "--format "+d.opt.format+" prints MRT archives, and this is a capture")
		return
	}
	streams, err := f.Streams(nil)
	d.note(sc, 0, f.Format.String()+" capture, "+strconv.Itoa(len(streams))+" TCP directions")
	for i := range streams {
		d.dumpCaptured(path, &streams[i], reverseOf(streams, i))
	}
	if err != nil {
		d.fail(sc, 0, "capture read only in part: "+err.Error())
	}
}

// peekUpTo returns the first n octets of br, or as many as it has.
func peekUpTo(br *bufio.Reader, n int) []byte {
	b, _ := br.Peek(min(n, br.Size()))
	return b
}

// dumpRaw reads a raw BMP or BGP stream, gzip-compressed or not.
func (d *dumper) dumpRaw(sc *streamCtx, r io.Reader) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			d.fail(sc, 0, "gzip: "+err.Error())
			return
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	head, _ := br.Peek(bgp.HeaderLen)
	switch {
	case len(head) == 0:
		d.note(sc, 0, "empty")
	case bytes.HasPrefix(head, []byte("BZh")):
		d.dumpMRT(sc, br) // only MRT archives come bzip2-compressed
	case bgp.LooksLikeHeader(head) && d.opt.format == "":
		sc.bgp = newBGPSession()
		d.dumpBGPReader(sc, br)
	case len(head) >= bmp.CommonHeaderLen && bmp.HeaderOK(head, d.opt.maxLen) && d.opt.format == "",
		// A version 1 or 2 message is checked whole: as far as the buffer
		// goes (a 4 KiB UPDATE and its headers are over 4 KiB).
		d.opt.format == "" && bmp.IsLegacyVersion(head[0]) && bmp.LooksLikeLegacy(peekUpTo(br, br.Size())):
		sc.peers = bmp.NewPeers(0)
		d.dumpBMPReader(sc, br)
	case mrt.Sniff(head): // after BGP and BMP: an MRT header's first octets are a time, anything
		d.dumpMRT(sc, br)
	case d.opt.format != "":
		d.fail(sc, 0, "--format "+d.opt.format+" prints MRT archives, and this is none")
	default:
		d.fail(sc, 0, "neither BMP (version 3 or 4 common header) nor BGP (marker) nor MRT, nor a pcap or pcapng capture")
	}
}

// dumpBMPReader frames the messages of a raw BMP stream.
func (d *dumper) dumpBMPReader(sc *streamCtx, r io.Reader) {
	rd := bmp.NewReader(r)
	rd.SetMaxMessageLen(d.opt.maxLen)
	rd.ReadLegacy(true) // a file: nothing else follows its framing
	d.frames(sc, rd.Next, func(msg []byte) { d.bmpMessage(sc, msg, rd.Offset()) }, func(err error) (int64, string) {
		var se *bmp.StreamError
		if errors.As(err, &se) {
			return se.Offset, streamErrText(se.Err)
		}
		return rd.Offset(), err.Error()
	})
}

func streamErrText(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "the stream ends inside a message"
	}
	return err.Error()
}

// dumpBGPReader frames the messages of a raw BGP stream.
func (d *dumper) dumpBGPReader(sc *streamCtx, r io.Reader) {
	rd := bgp.NewReader(r)
	d.frames(sc, rd.Next, func(msg []byte) { d.bgpMessage(sc, msg, rd.Offset()) }, func(err error) (int64, string) {
		var e *bgp.Error
		if errors.As(err, &e) {
			return rd.Offset(), e.Reason
		}
		return rd.Offset(), err.Error()
	})
}

// frames hands each message next frames to each, up to the end of the
// stream or the first error, which it reports where and as failure says.
func (d *dumper) frames(sc *streamCtx, next func() ([]byte, error), each func(msg []byte), failure func(error) (int64, string)) {
	for {
		msg, err := next()
		if err == io.EOF {
			return
		}
		if err != nil {
			off, text := failure(err)
			d.fail(sc, off, text)
			return
		}
		each(msg)
	}
}

// reverseOf returns the other direction of the connection of streams[i],
// or nil if it was not captured.
func reverseOf(streams []capture.Stream, i int) *capture.Stream {
	for j := range streams {
		if j != i && streams[j].Conn == streams[i].Conn {
			return &streams[j]
		}
	}
	return nil
}

// dumpCaptured reads one direction of a captured TCP connection; rev is the
// other direction, whose OPEN a BGP session is negotiated with.
func (d *dumper) dumpCaptured(file string, s, rev *capture.Stream) {
	if len(s.Data) == 0 {
		return
	}
	sc := &streamCtx{file: file, flow: s.Flow.String(), router: s.Src().Addr().String()}
	sc.namer.ID.Addr = s.Src().Addr()
	kind, start := classify(s, d.opt.maxLen)
	switch kind {
	case streamBMP:
		sc.peers = bmp.NewPeers(0)
	case streamBGP:
		sc.bgp = newBGPSession()
		if rev != nil {
			sc.bgp.peerOpen, _ = firstOpen(rev.Data)
		}
	default:
		if !d.opt.quiet && !d.opt.json {
			d.note(sc, 0, strconv.Itoa(len(s.Data))+" octets, neither BMP nor BGP: skipped")
		}
		return
	}
	what := "BMP"
	if kind == streamBGP {
		what = "BGP"
	}
	text := what + ", " + strconv.Itoa(len(s.Data)) + " octets, frames " + strconv.Itoa(s.FirstFrame) + "-" + strconv.Itoa(s.LastFrame)
	if !s.SYN {
		text += ", no SYN (the capture starts mid-connection)"
	}
	d.note(sc, 0, text)
	if start > 0 {
		d.note(sc, int64(start), "the first "+strconv.Itoa(start)+" octets are the end of a message sent before the capture started: skipped")
	}
	d.dumpChunks(sc, s, kind, start)
}

// dumpChunks decodes the contiguous runs of a stream. Where the capture
// lost octets (a Gap), the message they belong to is lost and the next
// whole message is looked for after the gap.
func (d *dumper) dumpChunks(sc *streamCtx, s *capture.Stream, kind streamKind, start int) {
	first := true
	for off, chunk := range s.Chunks() {
		if off+len(chunk) <= start {
			continue
		}
		if off < start {
			chunk, off = chunk[start-off:], start
		}
		// Every run but the first follows a gap: the message the gap cut
		// is lost, and the next one has to be found.
		if !first {
			skip := resync(kind, chunk, d.opt.maxLen)
			if skip < 0 {
				d.fail(sc, int64(off), "after a gap in the capture, no whole message was found in the next "+
					strconv.Itoa(len(chunk))+" octets")
				continue
			}
			if skip > 0 {
				d.note(sc, int64(off), "after the gap, "+strconv.Itoa(skip)+" octets of a message cut by it: skipped")
			}
			chunk, off = chunk[skip:], off+skip
		}
		first = false
		rest := d.dumpChunk(sc, kind, chunk, int64(off))
		end := off + len(chunk)
		gapBefore := end < len(s.Data) || hasGapAt(s, end)
		switch {
		case rest > 0 && gapBefore:
			d.fail(sc, int64(end-rest), "a gap in the capture ("+gapSize(s, end)+") cuts the message here: "+
				strconv.Itoa(rest)+" octets of it were captured")
		case rest > 0:
			d.fail(sc, int64(end-rest), "the capture ends inside a message: "+strconv.Itoa(rest)+" octets of it were captured")
		case gapBefore:
			d.fail(sc, int64(end), "a gap in the capture ("+gapSize(s, end)+"): messages may be missing")
		}
	}
}

func hasGapAt(s *capture.Stream, off int) bool {
	for _, g := range s.Gaps {
		if g.Offset == off {
			return true
		}
	}
	return false
}

func gapSize(s *capture.Stream, off int) string {
	for _, g := range s.Gaps {
		if g.Offset == off {
			if g.Size < 0 {
				return "size unknown"
			}
			return strconv.FormatInt(g.Size, 10) + " octets missing"
		}
	}
	return "size unknown"
}

// legacyMessage decodes the BMP version 1 or 2 message at the start of b
// (at off in the stream) in its version 3 form and returns its length; or
// minus the octets left over when b holds only part of it; or 0 when it
// cannot be framed, which is reported.
func (d *dumper) legacyMessage(sc *streamCtx, b []byte, off int64) int {
	n, need, err := bmp.LegacyFrame(b)
	switch {
	case err != nil:
		d.fail(sc, off, err.Error()+": the stream cannot be framed further")
		return 0
	case need > 0:
		return -len(b)
	}
	up, _, _ := bmp.UpgradeLegacy(b[:n]) // LegacyFrame framed it
	d.bmpMessage(sc, up, off)
	return n
}

// dumpChunk decodes the whole messages of b and returns the number of
// octets left over at its end (a message cut short).
func (d *dumper) dumpChunk(sc *streamCtx, kind streamKind, b []byte, base int64) int {
	off := 0
	for off < len(b) {
		rest := b[off:]
		var n int
		switch kind {
		case streamBMP:
			if len(rest) < bmp.CommonHeaderLen {
				return len(rest)
			}
			if bmp.IsLegacyVersion(rest[bmp.OffVersion]) {
				if n = d.legacyMessage(sc, rest, base+int64(off)); n <= 0 {
					return -n
				}
				break
			}
			if !bmp.HeaderOK(rest, d.opt.maxLen) {
				h, err := bmp.ParseHeader(rest)
				reason := "message longer than --max-message"
				if err != nil {
					reason = err.Error()
				} else if h.Length < bmp.CommonHeaderLen {
					reason = "impossible length"
				}
				d.fail(sc, base+int64(off), reason+": the stream cannot be framed further")
				return 0
			}
			h, _ := bmp.ParseHeader(rest) // HeaderOK said it parses
			n = int(h.Length)
			if n > len(rest) {
				return len(rest)
			}
			d.bmpMessage(sc, rest[:n:n], base+int64(off))
		case streamBGP:
			if len(rest) < bgp.HeaderLen {
				return len(rest)
			}
			if !bgp.LooksLikeHeader(rest) {
				skip := bgp.FindHeader(rest)
				if skip <= 0 {
					d.fail(sc, base+int64(off), "no BGP marker and length here: the stream cannot be framed further")
					return 0
				}
				d.fail(sc, base+int64(off), strconv.Itoa(skip)+" octets that are not a BGP message: skipped to the next marker")
				off += skip
				continue
			}
			h, _ := bgp.ParseHeader(rest, bgp.Session{ExtendedMsg: true}) // LooksLikeHeader said it parses
			n = int(h.Length)
			if n > len(rest) {
				return len(rest)
			}
			d.bgpMessage(sc, rest[:n:n], base+int64(off))
		}
		off += n
	}
	return 0
}

// streamKind is what a captured TCP direction carries.
type streamKind uint8

const (
	streamOther streamKind = iota
	streamBMP
	streamBGP
)

// classify recognises a captured direction by its first octets: a BMP
// common header whose length leads to the next one, or a BGP marker. A
// direction whose SYN was not captured may start inside a message: then
// the first place where whole messages line up is looked for, and start
// is the number of octets before it.
func classify(s *capture.Stream, maxLen int) (kind streamKind, start int) {
	var first []byte
	for off, c := range s.Chunks() {
		if off == 0 {
			first = c
		}
		break
	}
	if first == nil {
		return streamOther, 0
	}
	if bgp.LooksLikeHeader(first) {
		return streamBGP, 0
	}
	if bmp.LooksLikeStream(first, maxLen) {
		return streamBMP, 0
	}
	if s.SYN {
		return streamOther, 0
	}
	if i := bmp.Resync(first, maxLen); i > 0 {
		return streamBMP, i
	}
	if i := bgp.FindHeader(first); i > 0 {
		return streamBGP, i
	}
	return streamOther, 0
}

// resync returns the offset in b of the first whole message of the given
// kind, or -1.
func resync(kind streamKind, b []byte, maxLen int) int {
	if kind == streamBGP {
		return bgp.FindHeader(b)
	}
	return bmp.Resync(b, maxLen)
}
