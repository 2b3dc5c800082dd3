package replay

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"time"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/capture"
	"github.com/bgplens/bgplens/mrt"
)

// File replays a file, whatever feed it holds: a pcap or pcapng capture
// (the BMP of every TCP direction that carries it, in turn), an MRT archive
// (FromMRT, as router sysName; gzip and bzip2 read transparently) or a raw
// BMP stream (gzip read transparently).
func File(path, sysName string, emit Emit) (Stats, error) {
	if f, err := capture.Open(path); err == nil {
		return fromCapture(f, emit)
	} else if !errors.Is(err, capture.ErrFormat) {
		return Stats{}, err
	}
	fh, err := os.Open(path)
	if err != nil {
		return Stats{}, err
	}
	defer fh.Close()
	br := bufio.NewReaderSize(fh, 64<<10)
	head, _ := br.Peek(mrt.HeaderLen)
	if len(head) >= 3 && string(head[:3]) == "BZh" || mrt.Sniff(head) && !bmp.HeaderOK(head, bmp.DefaultMaxMessageLen) {
		return fromMRTReader(br, sysName, emit)
	}
	if len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return Stats{}, err
		}
		defer zr.Close()
		zb := bufio.NewReaderSize(zr, 64<<10)
		if h, _ := zb.Peek(mrt.HeaderLen); mrt.Sniff(h) && !bmp.HeaderOK(h, bmp.DefaultMaxMessageLen) {
			return fromMRTReader(zb, sysName, emit)
		}
		return FromBMP(zb, emit)
	}
	return FromBMP(br, emit)
}

func fromMRTReader(r io.Reader, sysName string, emit Emit) (Stats, error) {
	mr, err := mrt.NewReader(r)
	if err != nil {
		return Stats{}, err
	}
	defer mr.Close()
	return FromMRT(mr, sysName, emit)
}

// fromCapture replays the BMP streams of a capture, one after the other.
func fromCapture(f *capture.File, emit Emit) (Stats, error) {
	streams, err := f.Streams(nil)
	if err != nil && len(streams) == 0 {
		return Stats{}, err
	}
	var st Stats
	for _, s := range streams {
		if !bmp.LooksLikeStream(s.Data, bmp.DefaultMaxMessageLen) {
			continue
		}
		got, err := FromBMP(bytes.NewReader(s.Data), emit)
		st.Messages, st.Routes = st.Messages+got.Messages, st.Routes+got.Routes
		if err != nil && !errors.Is(err, ErrNotBMP) {
			return st, err
		}
	}
	return st, nil
}

// Paced returns an Emit that writes each message to w, at most rate
// messages a second (0: as fast as w takes them).
func Paced(w io.Writer, rate int) Emit {
	var start time.Time
	n := 0
	return func(msg []byte) error {
		if rate > 0 {
			if n == 0 {
				start = time.Now()
			}
			n++
			if due := start.Add(time.Duration(n) * time.Second / time.Duration(rate)); time.Until(due) > time.Millisecond {
				time.Sleep(time.Until(due))
			}
		}
		_, err := w.Write(msg)
		return err
	}
}
