package station

import (
	"context"
	"io"
	"net"
	"strconv"
	"sync"
	"time"
)

// memListener hands the station one in-memory connection per stream,
// each reading its stream and then waiting until closed (a router that
// stays connected), so that a benchmark measures the station alone.
type memListener struct {
	conns  []net.Conn
	next   chan net.Conn
	ready  chan struct{} // closed to let the connections be accepted
	closed chan struct{}
	once   sync.Once
}

func newMemListener(streams [][]byte) *memListener {
	ln := &memListener{next: make(chan net.Conn, len(streams)), ready: make(chan struct{}), closed: make(chan struct{})}
	for i, s := range streams {
		c := &memConn{data: s, port: 40000 + i, done: make(chan struct{})}
		ln.conns = append(ln.conns, c)
		ln.next <- c
	}
	return ln
}

func (l *memListener) Accept() (net.Conn, error) {
	select {
	case <-l.ready:
	case <-l.closed:
		return nil, net.ErrClosed
	}
	select {
	case c := <-l.next:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *memListener) Close() error { l.once.Do(func() { close(l.closed) }); return nil }

func (l *memListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 11019} }

// serveMem runs st.Serve on ln and returns the function that stops it.
func serveMem(st *Station, ln *memListener) func() error {
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- st.Serve(ctx, ln) }()
	return func() error {
		cancel()
		ln.Close()
		select {
		case err := <-served:
			return err
		case <-time.After(time.Minute):
			return io.ErrNoProgress
		}
	}
}

// memConn reads data, then blocks until closed.
type memConn struct {
	mu   sync.Mutex
	data []byte
	port int
	done chan struct{}
	once sync.Once
}

func (c *memConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	if len(c.data) > 0 {
		n := copy(p, c.data)
		c.data = c.data[n:]
		c.mu.Unlock()
		return n, nil
	}
	c.mu.Unlock()
	<-c.done
	return 0, io.EOF
}

func (c *memConn) Write(p []byte) (int, error) { return len(p), nil }
func (c *memConn) Close() error                { c.once.Do(func() { close(c.done) }); return nil }
func (c *memConn) LocalAddr() net.Addr         { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 11019} }
func (c *memConn) RemoteAddr() net.Addr {
	a, _ := net.ResolveTCPAddr("tcp", "127.0.0.1:"+strconv.Itoa(c.port))
	return a
}
func (c *memConn) SetDeadline(time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(time.Time) error { return nil }
