package capture

import (
	"bytes"
	"io"
	"iter"
	"net/netip"
	"slices"
	"time"
)

// Flow names one direction of a TCP connection: the two endpoints in their
// roles and which way the bytes go.
//
// The client is the side that sent the connection's SYN without ACK (or
// received its SYN-ACK). When the capture starts after the handshake
// (Stream.SYN false in both directions) the roles are guessed: the side
// using port 179 (BGP's port, RFC 4271) is the server if only one side uses
// it, otherwise the destination of the first packet seen is. Flow is
// comparable and can be a map key.
type Flow struct {
	Client     netip.AddrPort
	Server     netip.AddrPort
	FromClient bool // the bytes go Client -> Server
}

// Src is the address and port that sent the bytes of this direction.
func (f Flow) Src() netip.AddrPort {
	if f.FromClient {
		return f.Client
	}
	return f.Server
}

// Dst is the address and port that received the bytes of this direction.
func (f Flow) Dst() netip.AddrPort {
	if f.FromClient {
		return f.Server
	}
	return f.Client
}

// Reverse is the other direction of the same connection.
func (f Flow) Reverse() Flow {
	f.FromClient = !f.FromClient
	return f
}

// String prints "src -> dst", for example "192.0.2.55:28816 -> 192.0.2.6:1790".
func (f Flow) String() string {
	return f.Src().String() + " -> " + f.Dst().String()
}

// PortFilter returns a filter for File.Streams that keeps both directions of
// every connection where the client or the server uses one of ports: 179
// for BGP, and the ports BMP collectors listen on (BMP has no fixed port;
// the test data uses 1790 and 10000, and 5000 and 11019 are also common).
// With no ports it keeps nothing.
func PortFilter(ports ...uint16) func(Flow) bool {
	ports = slices.Clone(ports)
	return func(f Flow) bool {
		return slices.Contains(ports, f.Client.Port()) || slices.Contains(ports, f.Server.Port())
	}
}

// Gap is a hole in a reassembled stream: octets the sender sent (the TCP
// sequence numbers say so) that the capture does not hold, because they were
// not captured, or because more out-of-order data arrived than
// Options.MaxBuffered allows to wait for them.
type Gap struct {
	// Offset is where the missing octets belong: just before Data[Offset]
	// (Offset == len(Data) when the hole is at the end).
	Offset int
	// Size is the number of missing octets according to the sequence
	// numbers, or -1 when they do not say (the numbers went backwards).
	Size int64
}

// Stream is one direction of one TCP connection, reassembled: the payload
// octets in sequence order, each octet once.
//
// Retransmitted and overlapping segments contribute each octet once: the
// copy that was put in order first wins (data already delivered is never
// rewritten). Out-of-order segments are held until the hole before them is
// filled. A hole that is never filled becomes a Gap, and the bytes after it
// follow in Data: a reader must not parse across a gap (see Chunks).
//
// Data and Gaps are owned by the Stream.
type Stream struct {
	Flow
	// Conn numbers the TCP connections of the capture from 0 in the order of
	// their first packet, counting every connection, kept by the filter or
	// not, so both directions of a connection share it. A SYN without ACK on
	// a four-tuple already in use starts a new connection unless it repeats
	// the connection's own SYN before any data was sent.
	Conn int
	// Data is the reassembled payload.
	Data []byte
	// Gaps lists the holes in Data, in order of Offset.
	Gaps []Gap
	// First and Last are the capture timestamps of the first and last packet
	// of this direction, in file order.
	First, Last time.Time
	// FirstFrame and LastFrame are the 1-based numbers of those packets in
	// the file, as Wireshark numbers frames.
	FirstFrame, LastFrame int
	// Packets counts the TCP segments of this direction, with or without
	// payload, retransmissions included.
	Packets int
	// SYN is true when this direction's SYN was captured: Data then starts
	// with the first octet the sender sent. When false the capture started
	// mid-connection and Data starts at the first octet seen.
	SYN bool
	// SYNSeqQuirk is true when the SYN carried data and the next segment was
	// numbered as if the SYN took no sequence number (seq = SYN seq + its
	// length instead of + 1 + its length), which is how traffic-reproducer
	// (and the pmacct captures made with it) writes replayed sessions. The
	// segments were joined without the one-octet overlap a strict reading
	// would drop.
	SYNSeqQuirk bool
	// FIN and RST tell whether this direction sent a FIN or a RST.
	FIN, RST bool
}

// Reader returns a reader over Data (gaps are not marked in it).
func (s *Stream) Reader() io.Reader { return bytes.NewReader(s.Data) }

// Chunks yields the contiguous runs of Data between gaps, each with its
// offset in Data. Empty runs (two gaps at the same offset, a gap at the start
// or at the end) are skipped. The slices alias Data.
func (s *Stream) Chunks() iter.Seq2[int, []byte] {
	return func(yield func(int, []byte) bool) {
		start := 0
		for _, g := range s.Gaps {
			end := min(max(g.Offset, start), len(s.Data))
			if end > start && !yield(start, s.Data[start:end:end]) {
				return
			}
			start = end
		}
		if start < len(s.Data) {
			yield(start, s.Data[start:])
		}
	}
}

// Lost is the number of octets the gaps account for (gaps of unknown size
// count as 0).
func (s *Stream) Lost() int64 {
	var n int64
	for _, g := range s.Gaps {
		if g.Size > 0 {
			n += g.Size
		}
	}
	return n
}

// addGap records size missing octets at the current end of Data; a gap
// right after another one (nothing between) is merged into it.
func (s *Stream) addGap(size int64) {
	if n := len(s.Gaps); n > 0 && s.Gaps[n-1].Offset == len(s.Data) {
		g := &s.Gaps[n-1]
		if g.Size < 0 || size < 0 {
			g.Size = -1
		} else {
			g.Size += size
		}
		return
	}
	s.Gaps = append(s.Gaps, Gap{Offset: len(s.Data), Size: size})
}
