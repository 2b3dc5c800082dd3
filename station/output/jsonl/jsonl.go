// Package jsonl is the station's JSON lines output: one event per line,
// in the versioned schema of output.Event.AppendJSON (docs/station.md),
// to a file or to standard output.
//
// Lines are written whole: the sink buffers whole lines and hands them to
// the writer in one call each time, so that a file never ends in half a
// line while the process lives, and a process killed mid-write leaves at
// most one torn line at the end, which Open sets aside on the next start.
package jsonl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/bgplens/bgplens/station/output"
)

// bufSize is how many octets of whole lines the sink gathers before
// writing them.
const bufSize = 64 << 10

// Sink writes events as JSON lines to a writer, buffered; the station
// flushes it whenever its queue runs empty, and Close flushes it.
type Sink struct {
	name string
	mu   sync.Mutex
	w    io.Writer
	c    io.Closer // nil for a writer the sink does not own
	buf  []byte    // whole lines not yet written
	enc  output.Encoder
	err  error
	file bool

	tornOctets int64  // a torn last line Open set aside
	tornPath   string // where it went
}

// New returns a sink writing to w. Close flushes but does not close w.
func New(w io.Writer) *Sink {
	return &Sink{name: "jsonl", w: w, buf: make([]byte, 0, bufSize)}
}

// Open returns a sink appending to the file path (created with mode 0644
// if needed), or writing to standard output when path is "-". Close
// closes the file.
//
// A file that does not end in a newline (the process writing it was
// killed in the middle of a line) is repaired first: the torn last line
// is appended to PATH.torn and cut from the file, so that the next line
// starts a line of its own. SetAside says what was moved.
func Open(path string) (*Sink, error) {
	if path == "-" {
		return New(os.Stdout), nil
	}
	if path == "" {
		return nil, errors.New("jsonl: no file name")
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	torn, err := repair(f, path+".torn")
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("jsonl: repairing %s: %w", path, err)
	}
	s := New(f)
	s.name = "jsonl:" + path
	s.c = f
	s.file = true
	if torn > 0 {
		s.tornOctets, s.tornPath = torn, path+".torn"
	}
	return s, nil
}

// repair cuts a torn last line (the octets after the last newline) from f
// and appends it to aside; it returns how many octets it moved.
func repair(f *os.File, aside string) (int64, error) {
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil || size == 0 {
		return 0, err
	}
	// Look back for the last newline, a block at a time.
	var block [4096]byte
	end := size
	for end > 0 {
		start := max(0, end-int64(len(block)))
		b := block[:end-start]
		if _, err := f.ReadAt(b, start); err != nil {
			return 0, err
		}
		if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
			end = start + int64(i) + 1
			break
		}
		end = start
	}
	if end == size {
		return 0, nil
	}
	torn := make([]byte, size-end)
	if _, err := f.ReadAt(torn, end); err != nil {
		return 0, err
	}
	a, err := os.OpenFile(aside, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return 0, err
	}
	_, err = a.Write(append(torn, '\n'))
	if cerr := a.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	return int64(len(torn)), f.Truncate(end)
}

// SetAside returns the octets of a torn last line Open moved out of the
// file, and the file it moved them to (0 and "" if the file was whole).
func (s *Sink) SetAside() (octets int64, path string) { return s.tornOctets, s.tornPath }

// Block reports whether the sink should slow the routers down rather than
// lose events when it falls behind: yes for a file (a disk that is slow
// for a moment should not cost events), no for standard output.
func (s *Sink) Block() bool { return s.file }

// Name returns "jsonl", or "jsonl:PATH" for a file.
func (s *Sink) Name() string { return s.name }

// Publish adds one line; lines are written out whole once bufSize octets
// have gathered. After a write error every call returns it.
func (s *Sink) Publish(_ context.Context, ev *output.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.buf = s.enc.Append(s.buf, ev)
	s.buf = append(s.buf, '\n')
	if len(s.buf) >= bufSize {
		s.writeOut()
	}
	return s.err
}

// writeOut writes the gathered lines in one call (s.mu held).
func (s *Sink) writeOut() {
	if len(s.buf) == 0 {
		return
	}
	_, s.err = s.w.Write(s.buf)
	s.buf = s.buf[:0]
}

// Flush writes out what is buffered.
func (s *Sink) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.writeOut()
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
