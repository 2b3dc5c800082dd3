// Package jsonl is the station's JSON lines output: one event per line,
// in the versioned schema of output.Event.AppendJSON (docs/station.md),
// to a file or to standard output.
package jsonl

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"sync"

	"github.com/bgplens/bgplens/station/output"
)

// Sink writes events as JSON lines to a writer, buffered; the station
// flushes it whenever its queue runs empty, and Close flushes it.
type Sink struct {
	name string
	mu   sync.Mutex
	w    *bufio.Writer
	c    io.Closer // nil for a writer the sink does not own
	buf  []byte
	enc  output.Encoder // the routes of one UPDATE share their attributes' encoding
	err  error
}

// New returns a sink writing to w. Close flushes but does not close w.
func New(w io.Writer) *Sink {
	return &Sink{name: "jsonl", w: bufio.NewWriterSize(w, 64<<10)}
}

// Open returns a sink writing to the file path (appending; created with
// mode 0644 if needed), or to standard output when path is "-". Close
// closes the file.
func Open(path string) (*Sink, error) {
	if path == "-" {
		return New(os.Stdout), nil
	}
	if path == "" {
		return nil, errors.New("jsonl: no file name")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	s := New(f)
	s.name = "jsonl:" + path
	s.c = f
	return s, nil
}

// Name returns "jsonl", or "jsonl:PATH" for a file.
func (s *Sink) Name() string { return s.name }

// Publish writes one line. After a write error every call returns it.
func (s *Sink) Publish(_ context.Context, ev *output.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.buf = s.enc.Append(s.buf[:0], ev)
	s.buf = append(s.buf, '\n')
	if _, err := s.w.Write(s.buf); err != nil {
		s.err = err
	}
	return s.err
}

// Flush writes out what is buffered.
func (s *Sink) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.err = s.w.Flush()
	return s.err
}

// Close flushes and closes the file the sink opened.
func (s *Sink) Close() error {
	err := s.Flush()
	if s.c != nil {
		if cerr := s.c.Close(); err == nil {
			err = cerr
		}
		s.c = nil
	}
	return err
}
