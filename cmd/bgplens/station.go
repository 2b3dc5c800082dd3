package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/bgplens/bgplens/station"
	"github.com/bgplens/bgplens/station/kafkain"
	"github.com/bgplens/bgplens/station/output"
	"github.com/bgplens/bgplens/station/output/jsonl"
	"github.com/bgplens/bgplens/station/output/kafka"
)

const stationDescription = `Run the BMP station: routers connect to it and send BMP (RFC 7854); the
station keeps every monitored peer, its routes (pre- and post-policy
Adj-RIB-In, Adj-RIB-Out, Loc-RIB per table) and its statistics, and serves
them over HTTP (JSON API and Prometheus /metrics).

With no flags it listens for BMP on :5000 and serves HTTP on
127.0.0.1:8080. Flags override the configuration file (YAML; a full example
is in docs/station.md). The HTTP API needs --token when it is bound to
anything but loopback; the token may also come from $BGPLENS_STATION_TOKEN.

SIGTERM or SIGINT stops accepting routers, closes their sessions, writes out
every queued event and exits.

Examples:
  bgplens station
  bgplens station --listen :5000 --listen [::]:11019 --jsonl events.jsonl
  bgplens station --config /etc/bgplens/station.yaml --log-format json
  bgplens station --http 0.0.0.0:8080 --token s3cret --allow 192.0.2.0/24
`

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// stationFlags are the command line of bgplens station.
type stationFlags struct {
	fs                           *flag.FlagSet
	config                       string
	listen, allow                listFlag
	http, token, jsonl           string
	kafka, kafkaPrefix           string
	kafkaFormat                  string
	fromKafka, kafkaGroup        string
	topics                       listFlag
	fromStart                    bool
	logFormat, logLevel          string
	tlsCert, tlsKey              string
	maxRouters, maxMessage       int
	staleGrace, stallTimeout     time.Duration
	queuePolicy                  string
	queueSize                    int
	maxRouterMemory, ribMaxRoute int64
}

func newStationFlags(stdout, stderr io.Writer) *stationFlags {
	f := &stationFlags{fs: newFlagSet("station", "[flags]", stationDescription, stdout, stderr)}
	fs := f.fs
	fs.StringVar(&f.config, "config", "", "read the configuration from `FILE` (YAML; flags override it)")
	fs.Var(&f.listen, "listen", "accept BMP on `ADDR` (host:port; repeatable; default "+station.DefaultListen+")")
	fs.StringVar(&f.http, "http", "", "serve the API and /metrics on `ADDR` (default "+station.DefaultHTTP+")")
	fs.StringVar(&f.token, "token", "", "bearer `TOKEN` the API asks for (required when --http is not loopback)")
	fs.StringVar(&f.jsonl, "jsonl", "", "write events as JSON lines to `FILE` (- for standard output)")
	fs.StringVar(&f.kafka, "kafka", "", "publish raw BMP and events to the Kafka brokers `BROKER[,BROKER...]` (host:port; docs/kafka.md)")
	fs.StringVar(&f.kafkaPrefix, "kafka-prefix", "", "start the Kafka topic names with `PREFIX` (default "+kafka.DefaultPrefix+")")
	fs.StringVar(&f.kafkaFormat, "kafka-format", "", "write the parsed Kafka topics as `FORMAT`: "+kafka.FormatJSON+" (default) or "+kafka.FormatOpenBMP+" (OpenBMP's TSV message bus, for its consumers)")
	fs.StringVar(&f.fromKafka, "from-kafka", "", "read the routers' BMP from the Kafka brokers `BROKER[,BROKER...]` instead of TCP (a query node; docs/kafka.md)")
	fs.Var(&f.topics, "topic", "with --from-kafka: read raw BMP (OpenBMP format) from `TOPIC` (repeatable; default openbmp.bmp_raw)")
	fs.StringVar(&f.kafkaGroup, "kafka-group", "", "with --from-kafka: the consumer `GROUP` (query nodes of one group split the routers)")
	fs.BoolVar(&f.fromStart, "from-start", false, "with --from-kafka: read the retained log from its start, not from now")
	fs.Var(&f.allow, "allow", "accept routers from `PREFIX` only (address or prefix; repeatable; default: all, with a warning)")
	fs.IntVar(&f.maxRouters, "max-routers", 0, "refuse routers beyond `N` sessions (default "+strconv.Itoa(station.DefaultMaxRouters)+")")
	fs.IntVar(&f.maxMessage, "max-message-size", 0, "disconnect a router that sends a BMP message over `N` octets (default 1048576)")
	fs.Int64Var(&f.maxRouterMemory, "max-router-memory", 0, "disconnect a router that makes the station hold over `N` octets (default 2 GiB)")
	fs.Int64Var(&f.ribMaxRoute, "max-routes", 0, "refuse routes beyond `N` over all tables (default: no limit)")
	fs.StringVar(&f.tlsCert, "tls-cert", "", "speak TLS to routers with the certificate in `FILE` (PEM)")
	fs.StringVar(&f.tlsKey, "tls-key", "", "the key of --tls-cert, in `FILE` (PEM)")
	fs.DurationVar(&f.staleGrace, "stale-grace", 0, "keep a disconnected router's routes, marked stale, for `DURATION` (default 0: clear at once)")
	fs.DurationVar(&f.stallTimeout, "stall-timeout", 0, "drop a router that sends no header within `DURATION` of connecting, or is slower over a message (default 30s)")
	fs.StringVar(&f.queuePolicy, "queue-policy", "", "what a full output queue does: `drop` (default; counted) or block")
	fs.IntVar(&f.queueSize, "queue-size", 0, "events an output queue holds (default "+strconv.Itoa(station.DefaultQueueSize)+")")
	fs.StringVar(&f.logFormat, "log-format", "", "log as `text` (default) or json, to standard error")
	fs.StringVar(&f.logLevel, "log-level", "", "log `LEVEL`: debug, info (default), warn or error")
	return f
}

// brokerList reads a comma-separated list of Kafka brokers, dropping
// blanks; nil when none is left.
func brokerList(s string) []string {
	var list []string
	for _, b := range strings.Split(s, ",") {
		if b = strings.TrimSpace(b); b != "" {
			list = append(list, b)
		}
	}
	return list
}

// stationConfig builds the configuration: the file if --config is given,
// then every flag that was set on top of it, then the defaults.
func (f *stationFlags) stationConfig() (station.Config, error) {
	var cfg station.Config
	if f.config != "" {
		var err error
		if cfg, err = station.LoadConfig(f.config, cfg); err != nil {
			return cfg, err
		}
	}
	f.fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "listen":
			cfg.Listen = append([]string(nil), f.listen...)
		case "http":
			cfg.HTTP = f.http
		case "token":
			cfg.Token = f.token
		case "jsonl":
			cfg.Outputs.JSONL = f.jsonl
		case "kafka":
			cfg.Outputs.Kafka.Brokers = brokerList(f.kafka)
		case "kafka-prefix":
			cfg.Outputs.Kafka.Prefix = f.kafkaPrefix
		case "kafka-format":
			cfg.Outputs.Kafka.ParsedFormat = f.kafkaFormat
		case "from-kafka":
			cfg.Inputs.Kafka.Brokers = brokerList(f.fromKafka)
		case "topic":
			cfg.Inputs.Kafka.Topics = append([]string(nil), f.topics...)
		case "kafka-group":
			cfg.Inputs.Kafka.Group = f.kafkaGroup
		case "from-start":
			cfg.Inputs.Kafka.FromStart = f.fromStart
		case "allow":
			cfg.Allow = append([]string(nil), f.allow...)
		case "max-routers":
			cfg.MaxRouters = f.maxRouters
		case "max-message-size":
			cfg.MaxMessageSize = f.maxMessage
		case "max-router-memory":
			cfg.MaxRouterMemory = f.maxRouterMemory
		case "max-routes":
			cfg.RIB.MaxRoutes = int(f.ribMaxRoute)
		case "tls-cert":
			cfg.TLSCert = f.tlsCert
		case "tls-key":
			cfg.TLSKey = f.tlsKey
		case "stale-grace":
			cfg.StaleGrace = f.staleGrace
		case "stall-timeout":
			cfg.StallTimeout = f.stallTimeout
		case "queue-policy":
			cfg.Queue.Policy = f.queuePolicy
		case "queue-size":
			cfg.Queue.Size = f.queueSize
		case "log-format":
			cfg.Log.Format = f.logFormat
		case "log-level":
			cfg.Log.Level = f.logLevel
		}
	})
	if cfg.Token == "" {
		cfg.Token = os.Getenv("BGPLENS_STATION_TOKEN")
	}
	cfg = cfg.Defaults()
	return cfg, cfg.Validate()
}

func runStation(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	f := newStationFlags(stdout, stderr)
	if rc := parseFlags(f.fs, args, stdout); rc >= 0 {
		return rc
	}
	if f.fs.NArg() > 0 {
		fmt.Fprintln(stderr, "bgplens station: takes no arguments (see 'bgplens station -h')")
		return exitUsage
	}
	cfg, err := f.stationConfig()
	if err != nil {
		fmt.Fprintf(stderr, "bgplens station: %v\n", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serveStation(ctx, cfg, stdout, stderr, nil); err != nil {
		fmt.Fprintf(stderr, "bgplens station: %v\n", err)
		return exitInput
	}
	return exitOK
}

// newLogger returns the logger the configuration asks for, on w.
func newLogger(cfg station.LogConfig, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.Level))
	opt := &slog.HandlerOptions{Level: level}
	if cfg.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opt))
	}
	return slog.New(slog.NewTextHandler(w, opt))
}

// serveStation runs a station for cfg until ctx is done. ready, if not
// nil, is told the addresses once every listener is open.
func serveStation(ctx context.Context, cfg station.Config, stdout, stderr io.Writer, ready func(bmp []net.Addr, http net.Addr)) error {
	log := newLogger(cfg.Log, stderr)
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	var sinks []output.Sink
	if cfg.Outputs.JSONL == "-" {
		sinks = append(sinks, jsonl.New(stdout))
	} else if cfg.Outputs.JSONL != "" {
		s, err := jsonl.Open(cfg.Outputs.JSONL)
		if err != nil {
			return err
		}
		if n, aside := s.SetAside(); n > 0 {
			log.Warn("the events file ended in half a line (the station was killed mid-write): moved aside",
				"file", cfg.Outputs.JSONL, "octets", n, "to", aside)
		}
		sinks = append(sinks, s)
	}
	if cfg.Outputs.Kafka.Enabled() {
		s, err := kafka.New(cfg.Outputs.Kafka, reg, log)
		if err != nil {
			for _, s := range sinks {
				s.Close()
			}
			return err
		}
		sinks = append(sinks, s)
	}
	st, err := station.New(cfg, log, reg, sinks...)
	if err != nil {
		for _, s := range sinks {
			s.Close()
		}
		return err
	}
	var lns []net.Listener
	closeAll := func() {
		for _, ln := range lns {
			ln.Close()
		}
	}
	var addrs []net.Addr
	listen := func(a string) (net.Listener, error) { return net.Listen("tcp", a) }
	sources := cfg.Listen
	if in := cfg.Inputs.Kafka; len(in.Brokers) > 0 {
		// A query node: the routers come from the raw topic, not TCP.
		topics := in.Topics
		if len(topics) == 0 {
			topics = []string{kafka.DefaultPrefix + ".bmp_raw"}
		}
		listen = func(string) (net.Listener, error) {
			return kafkain.Listen(kafkain.Config{Brokers: in.Brokers, Topics: topics, Group: in.Group, FromStart: in.FromStart}, log)
		}
		sources = []string{"kafka"}
	}
	for _, a := range sources {
		ln, err := listen(a)
		if err != nil {
			closeAll()
			st.Close()
			return err
		}
		lns = append(lns, ln)
		addrs = append(addrs, ln.Addr())
	}
	hln, err := net.Listen("tcp", cfg.HTTP)
	if err != nil {
		closeAll()
		st.Close()
		return err
	}
	reqCtx, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()
	srv := newHTTPServer(st.Handler(), reqCtx)
	go func() {
		if err := srv.Serve(hln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("HTTP server failed", "err", err)
		}
	}()
	log.Info("HTTP API and metrics", "addr", hln.Addr().String(), "token", cfg.Token != "")
	if ready != nil {
		ready(addrs, hln.Addr())
	}
	var wg sync.WaitGroup
	errs := make([]error, len(lns))
	for i, ln := range lns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = st.Serve(ctx, ln)
		}()
	}
	wg.Wait()
	log.Info("shutting down: draining outputs")
	errs = append(errs, st.Close())
	// Requests still running are asked to stop (handlers watch their
	// context), given shutdown_timeout, then cut: a client in the middle
	// of a long request is not a reason to fail the shutdown.
	cancelRequests()
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("HTTP requests still running at shutdown were cut short", "err", err)
		srv.Close()
	}
	return errors.Join(errs...)
}

// HTTP server timeouts: a request's headers must come within
// httpHeaderTimeout, and a keep-alive connection idle for httpIdleTimeout
// is closed (without them a client can hold connections for ever).
const (
	httpHeaderTimeout = 10 * time.Second
	httpIdleTimeout   = 2 * time.Minute
)

// newHTTPServer returns the API's server; its requests' contexts derive
// from base, so that cancelling base stops long handlers.
func newHTTPServer(h http.Handler, base context.Context) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: httpHeaderTimeout,
		IdleTimeout:       httpIdleTimeout,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
}
