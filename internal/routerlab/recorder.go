package routerlab

import (
	"bytes"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// Recorder is a BMP listener for tests: it keeps every octet each router
// sends, and when given an upstream (a collector under test) it relays
// them there, one upstream connection per router connection, closed when
// the router's closes (and the other way round). Tables built from the
// recorded bytes tell what the router sent apart from what the collector
// made of it.
type Recorder struct {
	ln       net.Listener
	upstream string
	source   net.Addr // the local address of upstream connections; nil: any
	t        testing.TB

	mu    sync.Mutex
	conns []*recConn
	wg    sync.WaitGroup
}

type recConn struct {
	mu     sync.Mutex
	data   []byte
	closed bool
	start  time.Time
	c, up  net.Conn
}

// Stream is a snapshot of one recorded connection.
type Stream struct {
	Data   []byte
	Closed bool      // the router closed it (or the upstream did)
	Start  time.Time // when it was accepted
}

// Tables decodes the stream (a message cut short at the end, as on a live
// connection, is left out).
func (s Stream) Tables() *Tables {
	t := NewTables()
	_ = t.ReadStream(bytes.NewReader(s.Data))
	return t
}

// NewRecorder listens on 127.0.0.1 (a free port) until the test ends.
// upstream, when not "", is the address every connection is relayed to.
func NewRecorder(t testing.TB, upstream string) *Recorder {
	t.Helper()
	return newRecorder(t, upstream, nil)
}

func newRecorder(t testing.TB, upstream string, source net.Addr) *Recorder {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &Recorder{ln: ln, upstream: upstream, source: source, t: t}
	r.wg.Add(1)
	go r.accept()
	t.Cleanup(r.close)
	return r
}

// Addr is the address routers should send BMP to.
func (r *Recorder) Addr() string { return r.ln.Addr().String() }

func (r *Recorder) accept() {
	defer r.wg.Done()
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		rc := &recConn{c: c, start: time.Now()}
		if r.upstream != "" {
			d := net.Dialer{Timeout: 5 * time.Second, LocalAddr: r.source}
			up, err := d.Dial("tcp", r.upstream)
			if err != nil {
				r.t.Logf("routerlab: recorder: dialing %s: %v", r.upstream, err)
				c.Close()
				continue
			}
			rc.up = up
		}
		r.mu.Lock()
		r.conns = append(r.conns, rc)
		r.mu.Unlock()
		r.wg.Add(1)
		go r.relay(rc)
	}
}

// relay copies the router's octets to the record and the upstream; when
// either side ends, both connections are closed.
func (r *Recorder) relay(rc *recConn) {
	defer r.wg.Done()
	if rc.up != nil {
		go func() {
			// BMP flows one way; a read here only sees the upstream close.
			_, _ = io.Copy(io.Discard, rc.up)
			rc.c.Close()
		}()
	}
	buf := make([]byte, 64<<10)
	for {
		n, err := rc.c.Read(buf)
		if n > 0 {
			rc.mu.Lock()
			rc.data = append(rc.data, buf[:n]...)
			rc.mu.Unlock()
			if rc.up != nil {
				if _, werr := rc.up.Write(buf[:n]); werr != nil {
					err = werr
				}
			}
		}
		if err != nil {
			break
		}
	}
	rc.mu.Lock()
	rc.closed = true
	rc.mu.Unlock()
	rc.c.Close()
	if rc.up != nil {
		rc.up.Close()
	}
}

// Streams gives a snapshot of every connection so far, oldest first.
func (r *Recorder) Streams() []Stream {
	r.mu.Lock()
	conns := append([]*recConn(nil), r.conns...)
	r.mu.Unlock()
	out := make([]Stream, 0, len(conns))
	for _, rc := range conns {
		rc.mu.Lock()
		out = append(out, Stream{Data: append([]byte(nil), rc.data...), Closed: rc.closed, Start: rc.start})
		rc.mu.Unlock()
	}
	return out
}

// Latest gives the newest connection whose Initiation carried sysName,
// decoded; ok is false when there is none.
func (r *Recorder) Latest(sysName string) (Stream, *Tables, bool) {
	ss := r.Streams()
	for i := len(ss) - 1; i >= 0; i-- {
		if t := ss[i].Tables(); t.SysName == sysName {
			return ss[i], t, true
		}
	}
	return Stream{}, nil, false
}

func (r *Recorder) close() {
	r.ln.Close()
	r.mu.Lock()
	for _, rc := range r.conns {
		rc.c.Close()
		if rc.up != nil {
			rc.up.Close()
		}
	}
	r.mu.Unlock()
	r.wg.Wait()
}
