// Package kafkain makes a Kafka topic of raw BMP a source of router
// sessions for a station: the query node of a station that scales out on
// Kafka (`bgplens station --from-kafka`). It reads the OpenBMP raw format
// (the v1.7 binary header before each BMP message, as bgplens's Kafka
// output, OpenBMP's collector and RouteViews publish it) and gives the
// station one connection per router, in a net.Listener, so that a router
// fed from Kafka is read exactly as one connected over TCP: the same
// per-peer sessions, RIB, API and metrics.
package kafkain

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"sync"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/bmp/obmp"
)

// Config says what to read.
type Config struct {
	Brokers []string
	Topics  []string // raw BMP topics, e.g. "openbmp.bmp_raw"
	// Group, when set, is the consumer group: several query nodes with
	// the same group split the topic's partitions, and so the routers
	// (the raw topic is keyed by router).
	Group string
	// FromStart reads the retained log from its start; else only what is
	// published from now on.
	FromStart bool
	// Opts are further franz-go options (TLS, SASL).
	Opts []kgo.Opt
}

// Listener is a net.Listener whose connections are the routers of the
// topics: Accept returns one when a router's first message arrives, and
// every message of that router is then written to it in order.
type Listener struct {
	cl      *kgo.Client
	log     *slog.Logger
	conns   chan net.Conn
	routers map[[16]byte]net.Conn // by router hash: the write side
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{}
	once    sync.Once
	bad     int    // records that are not OpenBMP raw BMP
	port    uint16 // the last session's remote port: each session has its own
}

// Listen starts consuming.
func Listen(cfg Config, log *slog.Logger) (*Listener, error) {
	if len(cfg.Brokers) == 0 || len(cfg.Topics) == 0 {
		return nil, errors.New("kafkain: brokers and topics are needed")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts := []kgo.Opt{kgo.SeedBrokers(cfg.Brokers...), kgo.ConsumeTopics(cfg.Topics...)}
	if cfg.FromStart {
		opts = append(opts, kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	} else {
		opts = append(opts, kgo.ConsumeResetOffset(kgo.NewOffset().AtEnd()))
	}
	if cfg.Group != "" {
		opts = append(opts, kgo.ConsumerGroup(cfg.Group))
	}
	cl, err := kgo.NewClient(append(opts, cfg.Opts...)...)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	l := &Listener{cl: cl, log: log, conns: make(chan net.Conn), routers: map[[16]byte]net.Conn{},
		ctx: ctx, cancel: cancel, done: make(chan struct{})}
	go l.consume()
	return l, nil
}

// consume reads records and writes each BMP message to its router's
// connection, in order (a write waits for the station to read: the
// station's pace is the consumer's).
func (l *Listener) consume() {
	defer close(l.done)
	for l.ctx.Err() == nil {
		fs := l.cl.PollFetches(l.ctx)
		fs.EachError(func(t string, p int32, err error) {
			if !errors.Is(err, context.Canceled) {
				l.log.Warn("kafka fetch error", "topic", t, "partition", p, "err", err)
			}
		})
		fs.EachRecord(func(r *kgo.Record) {
			for b := r.Value; len(b) > 0 && l.ctx.Err() == nil; {
				h, msg, rest, err := obmp.Parse(b)
				if err != nil {
					l.bad++
					l.log.Debug("a record that is not OpenBMP raw BMP: skipped", "topic", r.Topic, "offset", r.Offset, "err", err)
					return
				}
				b = rest
				l.deliver(h, msg)
			}
		})
	}
}

// deliver writes msg to the router's connection, making it on the
// router's first message. The topic has no end of session, but the BMP
// stream does: an Initiation starts a session (RFC 7854 §4.3), so one
// that comes while the router has a connection ends that one (the router
// reconnected to its collector, or another router took its address and
// hash) and starts a new one; a Termination ends it (§4.5).
func (l *Listener) deliver(h obmp.Header, msg []byte) {
	var t bmp.MsgType
	if len(msg) >= bmp.CommonHeaderLen {
		t = bmp.MsgType(msg[bmp.OffType])
	}
	w, ok := l.routers[h.RouterHash]
	if ok && t == bmp.MsgInitiation {
		w.Close()
		delete(l.routers, h.RouterHash)
		ok = false
	}
	if !ok {
		station, client := net.Pipe()
		addr := h.RouterAddr
		if !addr.IsValid() {
			addr = netip.IPv4Unspecified()
		}
		if l.port++; l.port == 0 {
			l.port = 1
		}
		c := &routerConn{Conn: station, remote: net.TCPAddrFromAddrPort(netip.AddrPortFrom(addr, l.port))}
		select {
		case l.conns <- c:
		case <-l.ctx.Done():
			return
		}
		w = client
		l.routers[h.RouterHash] = w
	}
	if _, err := w.Write(msg); err != nil || t == bmp.MsgTermination {
		// The router ended the session, or the station did (a malformed
		// stream, a limit): the router's next message starts a new one.
		w.Close()
		delete(l.routers, h.RouterHash)
	}
}

// routerConn is the station's side of a router's pipe, with the router's
// address as its remote address (the allow-list and names read it).
type routerConn struct {
	net.Conn
	remote net.Addr
}

func (c *routerConn) RemoteAddr() net.Addr { return c.remote }

// Accept returns the connection of the next router seen.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.ctx.Done():
		return nil, net.ErrClosed
	}
}

// Close stops consuming and ends every router's session.
func (l *Listener) Close() error {
	l.once.Do(func() {
		l.cancel()
		<-l.done
		for _, w := range l.routers {
			w.Close()
		}
		l.cl.Close()
	})
	return nil
}

// Addr names the listener.
func (l *Listener) Addr() net.Addr { return kafkaAddr{} }

type kafkaAddr struct{}

func (kafkaAddr) Network() string { return "kafka" }
func (kafkaAddr) String() string  { return "kafka" }
