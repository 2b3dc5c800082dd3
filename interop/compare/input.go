package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/capture"
	"github.com/bgplens/bgplens/interop/gen"
)

// loadStream reads the BMP stream of path for -in: a file of BMP messages
// back to back (what a collector's raw dump or `nc -l` writes), or a pcap
// or pcapng capture, whose TCP directions that start with a BMP message
// and have no holes are taken in the capture's order. The messages are
// repeated until the stream holds at least n Route Monitoring messages, so
// that a small capture times as well as a generated stream; each pass
// starts with the capture's own Peer Up messages, so sessions hold.
//
// What the generator would have said it wrote is not known: Announced and
// Withdrawn are -1, and agree checks the parsers against each other only.
func loadStream(path string, n int) (gen.Stream, error) {
	one, err := readBMP(path)
	if err != nil {
		return gen.Stream{}, err
	}
	var pass gen.Stream
	r := bmp.NewBytesReader(one)
	for {
		msg, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return gen.Stream{}, fmt.Errorf("%s: message %d: %w", path, pass.Messages, err)
		}
		pass.Messages++
		if bmp.MsgType(msg[bmp.OffType]) == bmp.MsgRouteMonitoring {
			pass.RouteMonitoring++
		}
	}
	if pass.RouteMonitoring == 0 {
		return gen.Stream{}, errors.New(path + ": no Route Monitoring message")
	}
	reps := (n + pass.RouteMonitoring - 1) / pass.RouteMonitoring
	st := gen.Stream{Data: bytes.Repeat(one, reps), Messages: reps * pass.Messages,
		RouteMonitoring: reps * pass.RouteMonitoring, Announced: -1, Withdrawn: -1}
	return st, nil
}

// readBMP returns the BMP octets of path, raw or captured.
func readBMP(path string) ([]byte, error) {
	if f, err := capture.Open(path); err == nil {
		streams, err := f.Streams(nil)
		if err != nil && len(streams) == 0 {
			return nil, err
		}
		var out []byte
		for _, s := range streams {
			if len(s.Gaps) == 0 && framesAsBMP(s.Data) {
				out = append(out, s.Data...)
			}
		}
		if len(out) == 0 {
			return nil, errors.New(path + ": no TCP stream of the capture carries BMP from its start")
		}
		return out, nil
	} else if !errors.Is(err, capture.ErrFormat) {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !framesAsBMP(b) {
		return nil, errors.New(path + ": neither a capture nor BMP messages back to back")
	}
	return b, nil
}

// framesAsBMP reports whether b is BMP messages back to back, whole.
func framesAsBMP(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	r := bmp.NewBytesReader(b)
	for {
		if _, err := r.Next(); err != nil {
			return err == io.EOF
		}
	}
}
