package station

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"net"
	"net/netip"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/bgplens/bgplens/bmp"
)

// Serve accepts router connections on ln until ctx is done, then closes
// ln and every router session it accepted, waits for them to finish
// (their last messages applied and queued for the sinks), and returns
// nil. It returns early with the error if ln fails otherwise. Serve may
// be called once per listener, concurrently; call Close after the last
// Serve has returned.
//
// Each connection is checked against the allow-list and the router cap,
// wrapped in TLS when the configuration has a certificate, and read by a
// goroutine of its own (see router.go).
func (st *Station) Serve(ctx context.Context, ln net.Listener) error {
	st.log.Info("accepting BMP", "addr", ln.Addr().String(), "tls", st.tls != nil)
	st.mu.Lock()
	st.bmpAddrs = append(st.bmpAddrs, ln.Addr().String())
	st.mu.Unlock()
	var sessions sync.WaitGroup
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	var err error
	var delay time.Duration
	for {
		c, aerr := ln.Accept()
		if aerr != nil {
			if ctx.Err() != nil {
				break
			}
			var ne net.Error
			if errors.As(aerr, &ne) && ne.Timeout() {
				// Out of file descriptors and the like: back off, as
				// net/http does, rather than spin.
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				time.Sleep(delay)
				continue
			}
			err = aerr
			break
		}
		delay = 0
		st.accept(ctx, c, &sessions)
	}
	ln.Close()
	sessions.Wait()
	return err
}

// accept vets a new connection and starts its session.
func (st *Station) accept(ctx context.Context, c net.Conn, sessions *sync.WaitGroup) {
	ap, _ := netip.ParseAddrPort(c.RemoteAddr().String())
	addr := ap.Addr().Unmap()
	if !st.allowed(addr) {
		st.m.connections.WithLabelValues("refused_allow").Inc()
		if ok, held := st.refusedAllowLog.allow(time.Now()); ok {
			st.log.Warn("router refused: not in the allow-list", "addr", ap.String(), "refused_since_last_line", held)
		}
		c.Close()
		return
	}
	r, ok := st.register(addr, ap.Port(), c)
	if !ok {
		st.m.connections.WithLabelValues("refused_max_routers").Inc()
		if ok, held := st.refusedMaxLog.allow(time.Now()); ok {
			st.log.Warn("router refused: max_routers reached", "addr", ap.String(), "max_routers", st.cfg.MaxRouters, "refused_since_last_line", held)
		}
		c.Close()
		return
	}
	st.m.connections.WithLabelValues("accepted").Inc()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetKeepAlive(true)
		_ = tc.SetKeepAlivePeriod(30 * time.Second)
	}
	sessions.Add(1)
	go func() {
		defer sessions.Done()
		stop := context.AfterFunc(ctx, func() { r.shutdown() })
		defer stop()
		if st.tls != nil {
			tc := tls.Server(c, st.tls)
			_ = c.SetDeadline(time.Now().Add(st.cfg.StallTimeout))
			if err := tc.HandshakeContext(ctx); err != nil {
				st.m.connections.WithLabelValues("tls_failed").Inc()
				r.finish("tls handshake: "+err.Error(), "error")
				c.Close()
				return
			}
			_ = c.SetDeadline(time.Time{})
			r.conn = tc
		}
		r.run()
	}()
}

// allowed reports whether addr may connect.
func (st *Station) allowed(addr netip.Addr) bool {
	if len(st.allow) == 0 {
		return true
	}
	for _, p := range st.allow {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// register creates the router of a new connection, unless max_routers
// sessions are open. It is listed once it is named (settleName), at its
// first message or when its session ends.
func (st *Station) register(addr netip.Addr, port uint16, c net.Conn) (*router, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.active >= st.cfg.MaxRouters {
		return nil, false
	}
	st.everConnected.Store(true)
	st.active++
	r := newRouter(st, netip.AddrPortFrom(addr, port), c)
	st.traffic.open(&r.routerTraffic)
	return r, true
}

// unregister is called when a session has ended: the router stays listed
// (disconnected) among the last maxGoneRouters.
func (st *Station) unregister(r *router) {
	st.traffic.close(&r.routerTraffic)
	st.mu.Lock()
	defer st.mu.Unlock()
	st.active--
	if st.routers[r.key] != r {
		return
	}
	st.gone = append(st.gone, r.key)
	for len(st.gone) > maxGoneRouters {
		k := st.gone[0]
		st.gone = st.gone[1:]
		if old, ok := st.routers[k]; ok && !old.isConnected() {
			delete(st.routers, k)
		}
	}
}

// forgetLocked drops a disconnected router's entry (st.mu held).
func (st *Station) forgetLocked(key string) {
	delete(st.routers, key)
	for i, k := range st.gone {
		if k == key {
			st.gone = append(st.gone[:i], st.gone[i+1:]...)
			break
		}
	}
}

// minMessageRate is the slowest a router may send a message: a message
// of n octets must be whole within stall_timeout plus n/minMessageRate
// seconds of its first octet. Routers send a message at once; a trickle
// is a connection holding a slot (and a buffer) for nothing.
const minMessageRate = 16 << 10 // octets per second

// stallReader reads a router's connection and follows the BMP framing of
// what passes through, so that it can tell a router that is quiet between
// messages (allowed for as long as it likes) from one that is slow to
// finish a message or to send its first. The first common header must
// come within the stall timeout of connecting; each message must be whole
// within its budget (stall timeout + length / minMessageRate) of its
// first octet. Only the time spent waiting for the router counts, not
// the station's own pauses (a blocking output) between reads. It reads
// only the length field of each common header; bmp.Reader checks the rest.
type stallReader struct {
	c       net.Conn
	timeout time.Duration
	hdr     [bmp.CommonHeaderLen]byte
	nhdr    int    // octets of the current common header seen
	left    uint64 // octets of the current message still to come, after its header
	length  uint64 // the current message's length, once its header is whole
	started bool   // a whole common header has come
	spent   time.Duration
	budget  time.Duration
	armed   bool         // a deadline is set
	check   func() error // called before every read; its error ends the session (the memory cap)
	// at is when the last read that returned octets did: the time the
	// messages it completed were received, read once a read instead of
	// once a message (a clock read costs more than framing a message).
	at time.Time
}

func newStallReader(c net.Conn, timeout time.Duration) *stallReader {
	return &stallReader{c: c, timeout: timeout, budget: timeout}
}

// Read sets or clears the read deadline, reads, and advances the framing.
func (s *stallReader) Read(p []byte) (int, error) {
	if s.check != nil {
		if err := s.check(); err != nil {
			return 0, err
		}
	}
	waiting := !s.started || s.nhdr > 0 || s.left > 0
	if waiting {
		rest := s.budget - s.spent
		if rest <= 0 {
			return 0, os.ErrDeadlineExceeded
		}
		_ = s.c.SetReadDeadline(time.Now().Add(rest))
		s.armed = true
	} else if s.armed {
		_ = s.c.SetReadDeadline(time.Time{})
		s.armed = false
	}
	var start time.Time
	if waiting {
		start = time.Now()
	}
	n, err := s.c.Read(p)
	if n > 0 || waiting {
		end := time.Now()
		if waiting {
			s.spent += end.Sub(start)
		}
		if n > 0 {
			s.at = end
			s.advance(p[:n])
		}
	}
	return n, err
}

// advance follows message boundaries through b.
func (s *stallReader) advance(b []byte) {
	for len(b) > 0 {
		if s.left > 0 {
			k := min(uint64(len(b)), s.left)
			s.left -= k
			b = b[k:]
			if s.left == 0 {
				s.next()
			}
			continue
		}
		k := copy(s.hdr[s.nhdr:], b)
		s.nhdr += k
		b = b[k:]
		if s.nhdr < bmp.CommonHeaderLen {
			return
		}
		s.nhdr, s.started = 0, true
		s.length = uint64(binary.BigEndian.Uint32(s.hdr[bmp.OffLength:]))
		if s.length <= bmp.CommonHeaderLen {
			s.next()
			continue
		}
		s.left = s.length - bmp.CommonHeaderLen
		s.budget = s.timeout + time.Duration(s.length)*time.Second/minMessageRate
	}
}

// next starts the clock of the next message.
func (s *stallReader) next() {
	s.spent, s.budget = 0, s.timeout
}

// stallReason says what a deadline that expired was waiting for.
func (s *stallReader) stallReason() string {
	if !s.started {
		return "no BMP message within " + s.timeout.String() + " of connecting"
	}
	if s.left == 0 {
		return "stalled in a message header for " + s.timeout.String()
	}
	return "stalled: a message of " + strconv.FormatUint(s.length, 10) + " octets not whole after " +
		s.budget.Round(time.Millisecond).String() + " (stall_timeout + " + strconv.Itoa(minMessageRate>>10) + " KiB/s)"
}

// isTimeout reports whether err is a deadline expiry.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
