package station

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output/kafka"
	"github.com/bgplens/bgplens/station/rib"
)

// Defaults of Config, applied by Config.Defaults (and so by New).
const (
	DefaultListen          = ":5000"          // where OpenBMP and goBMP listen, so routers already point there
	DefaultHTTP            = "127.0.0.1:8080" // loopback: the API has no token unless given one
	DefaultMaxRouters      = 512
	DefaultMaxRouterMemory = 2 << 30 // 2 GiB: a few full tables, pre and post policy
	DefaultStallTimeout    = 30 * time.Second
	DefaultMirrorKeep      = 100
	DefaultQueueSize       = 16384
	DefaultShutdownTimeout = 10 * time.Second
	DefaultTimestampSkew   = 5 * time.Minute
	DefaultHistory         = rib.DefaultHistoryTotal
)

// Queue policies: what a sink's queue does when it is full.
const (
	PolicyDrop  = "drop"  // drop the event and count it; the router's read loop never waits
	PolicyBlock = "block" // wait for room: a slow sink slows the routers down
)

// What a malformed MP_REACH_NLRI or MP_UNREACH_NLRI does to an UPDATE
// (Config.MPErrorAction; RFC 4760 §7, RFC 7606 §7.11, §7.12).
const (
	MPErrorSessionReset   = "session-reset"    // nothing of the UPDATE is applied
	MPErrorAFISAFIDisable = "afi-safi-disable" // its routes are withdrawn, as for treat-as-withdraw
)

// Config is the station's configuration. The zero Config is usable:
// Defaults fills in every unset field, and the YAML file (ParseConfig)
// uses the same field names as the yaml tags below.
type Config struct {
	// Listen is where routers connect (BMP over TCP): host:port, as many
	// as needed. The command opens them; Serve takes listeners.
	Listen []string `yaml:"listen"`
	// HTTP is where the API and /metrics are served.
	HTTP string `yaml:"http"`
	// Token is the bearer token the API asks for. Required when HTTP is
	// not a loopback address.
	Token string `yaml:"token"`
	// TLSCert and TLSKey, both or neither, make Serve speak TLS to routers.
	TLSCert string `yaml:"tls_cert"`
	TLSKey  string `yaml:"tls_key"`
	// Allow lists the router addresses or prefixes that may connect.
	// Empty means everyone (a warning is logged).
	Allow []string `yaml:"allow"`
	// RouterNames names routers by the address their BMP sessions come
	// from: address -> name. A router without one is named by its sysName,
	// else its BGP Identifier, else its address (RouterIdentity).
	RouterNames map[string]string `yaml:"router_names"`
	// MaxRouters is the most router sessions at once; more are refused.
	MaxRouters int `yaml:"max_routers"`
	// MaxMessageSize is the largest BMP message accepted; a router that
	// sends a larger one is disconnected. 0 means bmp.DefaultMaxMessageLen.
	MaxMessageSize int `yaml:"max_message_size"`
	// MaxPeers is the most monitored peers and tables tracked per router.
	MaxPeers int `yaml:"max_peers"`
	// MaxRouterMemory caps what one router may make the station hold, in
	// octets: its read buffer, its mirrored messages, its peers' state and
	// an estimate of its routes. A router over it is disconnected and its
	// routes cleared.
	MaxRouterMemory int64 `yaml:"max_router_memory"`
	// StallTimeout drops a router that sends no message header within
	// this long of connecting, or takes longer than this plus its length
	// at 16 KiB/s over a message. A router idle between messages is not
	// timed out (BMP sessions can be quiet for hours); TCP keepalives find
	// dead peers.
	StallTimeout time.Duration `yaml:"stall_timeout"`
	// StaleGrace keeps the routes of a router whose session ended, marked
	// stale, for this long, so that a router that comes back quickly does
	// not empty and refill its tables. 0 clears them at once.
	StaleGrace time.Duration `yaml:"stale_grace"`
	// TimestampSkew is how far a per-peer header timestamp may be from the
	// receive time to be believed; further (FRR's 0 and boot times), the
	// receive time is used.
	TimestampSkew time.Duration `yaml:"timestamp_skew"`
	// MirrorKeep is how many Route Mirroring messages are kept per router.
	MirrorKeep int `yaml:"mirror_keep"`
	// Queue is the queue of every sink; Queues overrides it per sink name.
	Queue  QueueConfig            `yaml:"queue"`
	Queues map[string]QueueConfig `yaml:"queues"`
	// ShutdownTimeout bounds how long Close drains the sinks' queues.
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`
	// RIB bounds the routing tables.
	RIB RIBConfig `yaml:"rib"`
	// MPErrorAction is what a malformed MP_REACH_NLRI or MP_UNREACH_NLRI
	// makes of the UPDATE that carries it: MPErrorSessionReset (the
	// default: the router would reset the session, so nothing is applied)
	// or MPErrorAFISAFIDisable (the router would disable the family: the
	// UPDATE's routes are withdrawn).
	MPErrorAction string `yaml:"mp_error_action"`
	// Archive says which MRT archives the station writes (archives.go).
	Archive ArchiveConfig `yaml:"archive"`
	// Inputs says where BMP comes from instead of TCP: a Kafka topic of
	// raw BMP, for a query node (read by the command; docs/kafka.md).
	Inputs InputsConfig `yaml:"inputs"`
	// Log and Outputs are read by the command, not by the station.
	Log     LogConfig     `yaml:"log"`
	Outputs OutputsConfig `yaml:"outputs"`
}

// QueueConfig is the bounded queue in front of one sink.
type QueueConfig struct {
	Size int `yaml:"size"` // events; 0 means DefaultQueueSize
	// Policy is PolicyDrop or PolicyBlock; "" leaves it to the sink:
	// block for those that ask (output.Blocker: a file), else drop.
	Policy string `yaml:"policy"`
}

// RIBConfig is rib.Config in the file.
type RIBConfig struct {
	MaxRoutes        int `yaml:"max_routes"`         // over all tables; 0: no limit
	HistoryTotal     int `yaml:"history"`            // route changes remembered; 0: default, <0: none
	HistoryPerPrefix int `yaml:"history_per_prefix"` // changes shown per prefix; 0: default
}

// LogConfig is how the command logs.
type LogConfig struct {
	Format string `yaml:"format"` // text (default) or json
	Level  string `yaml:"level"`  // debug, info (default), warn, error
}

// OutputsConfig lists the outputs the command creates.
type OutputsConfig struct {
	JSONL string       `yaml:"jsonl"` // a file name, or "-" for standard output; "" for none
	Kafka kafka.Config `yaml:"kafka"` // with brokers: raw BMP and events to Kafka (docs/kafka.md)
}

// Defaults returns c with every unset field given its default.
func (c Config) Defaults() Config {
	if len(c.Listen) == 0 {
		c.Listen = []string{DefaultListen}
	}
	if c.HTTP == "" {
		c.HTTP = DefaultHTTP
	}
	if c.MaxRouters == 0 {
		c.MaxRouters = DefaultMaxRouters
	}
	if c.MaxMessageSize == 0 {
		c.MaxMessageSize = bmp.DefaultMaxMessageLen
	}
	if c.MaxPeers == 0 {
		c.MaxPeers = bmp.DefaultMaxPeers
	}
	if c.MaxRouterMemory == 0 {
		c.MaxRouterMemory = DefaultMaxRouterMemory
	}
	if c.StallTimeout == 0 {
		c.StallTimeout = DefaultStallTimeout
	}
	if c.TimestampSkew == 0 {
		c.TimestampSkew = DefaultTimestampSkew
	}
	if c.MirrorKeep == 0 {
		c.MirrorKeep = DefaultMirrorKeep
	}
	c.Queue = c.Queue.defaults()
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = DefaultShutdownTimeout
	}
	if c.MPErrorAction == "" {
		c.MPErrorAction = MPErrorSessionReset
	}
	if c.Log.Format == "" {
		c.Log.Format = "text"
	}
	if c.Log.Level == "" {
		c.Log.Level = "info"
	}
	if c.Outputs.Kafka.Enabled() {
		c.Outputs.Kafka = c.Outputs.Kafka.Defaults()
	}
	return c
}

func (q QueueConfig) defaults() QueueConfig {
	if q.Size == 0 {
		q.Size = DefaultQueueSize
	}
	return q
}

// queueFor returns the queue configuration of the sink named name.
func (c *Config) queueFor(name string) QueueConfig {
	if q, ok := c.Queues[name]; ok {
		if q.Size == 0 {
			q.Size = c.Queue.Size
		}
		if q.Policy == "" {
			q.Policy = c.Queue.Policy
		}
		return q.defaults()
	}
	return c.Queue.defaults()
}

// Validate checks a configuration after Defaults. It reports every
// problem it finds, joined.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if len(c.Listen) == 0 {
		bad("listen: no address")
	}
	for _, a := range c.Listen {
		if _, _, err := net.SplitHostPort(a); err != nil {
			bad("listen %q: %v", a, err)
		}
	}
	if loop, err := isLoopback(c.HTTP); err != nil {
		bad("http %q: %v", c.HTTP, err)
	} else if !loop && c.Token == "" {
		bad("http %q is not a loopback address: a token is required (--token or token:)", c.HTTP)
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		bad("tls_cert and tls_key go together")
	}
	if _, err := parseAllow(c.Allow); err != nil {
		errs = append(errs, err)
	}
	if _, err := parseRouterNames(c.RouterNames); err != nil {
		errs = append(errs, err)
	}
	if err := c.Archive.validate(); err != nil {
		errs = append(errs, err)
	}
	if c.MaxRouters < 1 {
		bad("max_routers %d: must be at least 1", c.MaxRouters)
	}
	if c.MaxMessageSize < bmp.CommonHeaderLen+bmp.PeerHeaderLen+19 {
		bad("max_message_size %d: too small for a BMP message carrying a BGP header", c.MaxMessageSize)
	}
	if c.MaxPeers < 1 {
		bad("max_peers %d: must be at least 1", c.MaxPeers)
	}
	if c.MaxRouterMemory < int64(c.MaxMessageSize) {
		bad("max_router_memory %d: less than max_message_size", c.MaxRouterMemory)
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"stall_timeout", c.StallTimeout}, {"stale_grace", c.StaleGrace}, {"timestamp_skew", c.TimestampSkew}, {"shutdown_timeout", c.ShutdownTimeout}} {
		if d.v < 0 {
			bad("%s %v: negative", d.name, d.v)
		}
	}
	if c.MirrorKeep < 0 {
		bad("mirror_keep %d: negative", c.MirrorKeep)
	}
	checkQueue := func(name string, q QueueConfig) {
		if q.Size < 1 {
			bad("%s: size %d: must be at least 1", name, q.Size)
		}
		if q.Policy != "" && q.Policy != PolicyDrop && q.Policy != PolicyBlock {
			bad("%s: policy %q: must be %q or %q", name, q.Policy, PolicyDrop, PolicyBlock)
		}
	}
	checkQueue("queue", c.Queue)
	for n := range c.Queues {
		checkQueue("queues."+n, c.queueFor(n))
	}
	if c.RIB.MaxRoutes < 0 {
		bad("rib.max_routes %d: negative", c.RIB.MaxRoutes)
	}
	if c.MPErrorAction != MPErrorSessionReset && c.MPErrorAction != MPErrorAFISAFIDisable {
		bad("mp_error_action %q: must be %q or %q", c.MPErrorAction, MPErrorSessionReset, MPErrorAFISAFIDisable)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		bad("log.format %q: must be text or json", c.Log.Format)
	}
	switch strings.ToLower(c.Log.Level) {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level %q: must be debug, info, warn or error", c.Log.Level)
	}
	if c.Outputs.Kafka.Enabled() {
		if err := c.Outputs.Kafka.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("outputs.%w", err))
		}
	}
	return errors.Join(errs...)
}

// isLoopback reports whether the host of a host:port is a loopback
// address or "localhost". An empty host (all interfaces) is not.
func isLoopback(hostport string) (bool, error) {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		return false, err
	}
	if host == "localhost" {
		return true, nil
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		if host == "" {
			return false, nil
		}
		return false, fmt.Errorf("host %q is not an IP address or localhost", host)
	}
	return a.Unmap().IsLoopback(), nil
}

// parseAllow reads the allow-list: addresses or prefixes.
func parseAllow(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	var errs []error
	for _, s := range list {
		s = strings.TrimSpace(s)
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		if a, err := netip.ParseAddr(s); err == nil {
			a = a.Unmap()
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		errs = append(errs, fmt.Errorf("allow %q: not an address or prefix", s))
	}
	return out, errors.Join(errs...)
}

// parseRouterNames reads router_names: an address, and a name that
// RouterIdentity would keep as it is.
func parseRouterNames(m map[string]string) (map[netip.Addr]string, error) {
	out := make(map[netip.Addr]string, len(m))
	var errs []error
	for a, name := range m {
		addr, err := netip.ParseAddr(strings.TrimSpace(a))
		if err != nil {
			errs = append(errs, fmt.Errorf("router_names %q: not an address", a))
			continue
		}
		if name == "" || cleanName(name) != name {
			errs = append(errs, fmt.Errorf("router_names %q: name %q: want 1 to %d letters, digits, '-', '.', '_' or ':' only", a, name, maxNameLen))
			continue
		}
		out[addr.Unmap()] = name
	}
	return out, errors.Join(errs...)
}

// ParseConfig reads a YAML configuration (field names as in Config's yaml
// tags; unknown fields are errors) on top of base: fields the file does
// not mention keep base's values.
func ParseConfig(data []byte, base Config) (Config, error) {
	c := base
	if err := yaml.UnmarshalWithOptions(data, &c, yaml.DisallowUnknownField()); err != nil {
		return base, fmt.Errorf("config: %s", yaml.FormatError(err, false, true))
	}
	return c, nil
}

// LoadConfig reads the YAML file path with ParseConfig.
func LoadConfig(path string, base Config) (Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return base, err
	}
	c, err := ParseConfig(b, base)
	if err != nil {
		return base, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// InputsConfig lists the station's inputs other than TCP.
type InputsConfig struct {
	Kafka KafkaInputConfig `yaml:"kafka"`
}

// KafkaInputConfig is a Kafka topic of raw BMP in the OpenBMP format (the
// raw topic of bgplens's Kafka output, of OpenBMP's collector, of
// RouteViews), read as the routers' sessions.
type KafkaInputConfig struct {
	Brokers []string `yaml:"brokers"`
	// Topics to read; default "openbmp.bmp_raw".
	Topics []string `yaml:"topics"`
	// Group is the consumer group: query nodes of one group split the
	// routers between them (the raw topic is keyed by router).
	Group string `yaml:"group"`
	// FromStart reads the retained log from its start, not from now.
	FromStart bool `yaml:"from_start"`
}
