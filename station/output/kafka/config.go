package kafka

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"github.com/bgplens/bgplens/bmp/obmp"
)

// Defaults of Config, applied by Config.Defaults.
const (
	DefaultPrefix = "openbmp" // OpenBMP's, so that its consumers find the topics
	// snappy, franz-go's default too: the cheapest codec that compresses
	// (the raw feed costs the station ~380 instructions a prefix beside
	// ingest's ~1,090 without compression; snappy adds ~150, lz4 ~480,
	// zstd ~980),
	// for about a third of the octets on the wire and on the brokers
	// (PERFORMANCE.md, "The Kafka sink's cost, measured again").
	DefaultCompression  = "snappy"
	DefaultInFlight     = 65536    // records handed to the client and not yet acknowledged
	DefaultInFlightSize = 64 << 20 // their octets
	DefaultSpoolSize    = 1 << 30  // octets of records waiting on disk
	DefaultSegmentSize  = 64 << 20
	DefaultCloseTimeout = 5 * time.Second
)

// Feeds the sink can publish (Config.Publish).
const (
	FeedRaw    = "raw"    // every BMP message, OpenBMP-framed, to <prefix>.bmp_raw
	FeedParsed = "parsed" // the station's events as JSON, to <prefix>.parsed.<object>
)

// Formats of the parsed feed (Config.ParsedFormat).
const (
	FormatJSON    = "json"    // the station's events in the one JSON schema (docs/json.md)
	FormatOpenBMP = "openbmp" // OpenBMP's parsed message bus v1.7: header lines and TSV rows
)

// Config is the Kafka output: the brokers, what goes to which topic, how
// records are sent, and the spool that keeps them while the brokers are
// away. It is the "kafka" section of the station's outputs in the
// configuration file.
type Config struct {
	// Brokers are the seed brokers, host:port; none means no Kafka output.
	Brokers []string `yaml:"brokers"`
	// Prefix starts every topic name: <prefix>.bmp_raw and
	// <prefix>.parsed.<object>.
	Prefix string `yaml:"prefix"`
	// Publish lists the feeds: FeedRaw and FeedParsed (default both).
	Publish []string `yaml:"publish"`
	// ParsedFormat is the parsed feed's format: FormatJSON (default) or
	// FormatOpenBMP, for OpenBMP's consumers (obmp-psql).
	ParsedFormat string `yaml:"parsed_format"`
	// Topics renames topics by object ("bmp_raw", "unicast_prefix", ...).
	Topics map[string]string `yaml:"topics"`
	// Partitions, when above 0, makes the sink create the topics that do
	// not exist with this many partitions and ReplicationFactor replicas
	// (0 or -1: the broker's default). With 0 the topics must exist or
	// the brokers must create them on first use.
	Partitions        int32 `yaml:"partitions"`
	ReplicationFactor int16 `yaml:"replication_factor"`
	// Compression of record batches: none, gzip, snappy, lz4 or zstd.
	Compression string `yaml:"compression"`
	// AdminID names the collector in the OpenBMP header (default: the
	// host name); RouterGroup is the header's router group.
	AdminID     string `yaml:"admin_id"`
	RouterGroup string `yaml:"router_group"`
	// ClientID is the Kafka client id (default "bgplens").
	ClientID string     `yaml:"client_id"`
	TLS      TLSConfig  `yaml:"tls"`
	SASL     SASLConfig `yaml:"sasl"`
	// InFlight and InFlightSize bound the records handed to the Kafka
	// client and not yet acknowledged by all in-sync replicas; beyond
	// them records go to the spool.
	InFlight     int         `yaml:"max_in_flight"`
	InFlightSize int64       `yaml:"max_in_flight_size"`
	Spool        SpoolConfig `yaml:"spool"`
	// CloseTimeout bounds how long Close waits for the brokers to
	// acknowledge what is in flight before spooling it.
	CloseTimeout time.Duration `yaml:"close_timeout"`
}

// SpoolConfig is the on-disk spool: records wait there, in order, while
// the brokers are unreachable or slower than the routers.
type SpoolConfig struct {
	// Dir holds the spool's segment files; "" means no spool (the
	// sink then waits, and its queue's policy applies, as soon as
	// InFlight is reached).
	Dir string `yaml:"dir"`
	// Size bounds the octets of records waiting in the spool; a full
	// spool makes Publish wait, so the queue's policy applies.
	Size int64 `yaml:"size"`
	// SegmentSize is the size of one segment file.
	SegmentSize int64 `yaml:"segment_size"`
}

// TLSConfig is TLS to the brokers.
type TLSConfig struct {
	Enable             bool   `yaml:"enable"`
	CAFile             string `yaml:"ca_file"`   // PEM; "" means the system's roots
	CertFile           string `yaml:"cert_file"` // client certificate, PEM (with KeyFile)
	KeyFile            string `yaml:"key_file"`
	ServerName         string `yaml:"server_name"`
	InsecureSkipVerify bool   `yaml:"insecure_skip_verify"`
}

// SASLConfig is SASL authentication to the brokers.
type SASLConfig struct {
	Mechanism string `yaml:"mechanism"` // "" (none), PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
	Username  string `yaml:"username"`
	Password  string `yaml:"password"`
}

// Enabled reports whether the output is configured (has brokers).
func (c Config) Enabled() bool { return len(c.Brokers) > 0 }

// Defaults returns c with every unset field given its default.
func (c Config) Defaults() Config {
	if c.Prefix == "" {
		c.Prefix = DefaultPrefix
	}
	if len(c.Publish) == 0 {
		c.Publish = []string{FeedRaw, FeedParsed}
	}
	if c.ParsedFormat == "" {
		c.ParsedFormat = FormatJSON
	}
	if c.Compression == "" {
		c.Compression = DefaultCompression
	}
	if c.AdminID == "" {
		c.AdminID, _ = os.Hostname()
	}
	if c.ClientID == "" {
		c.ClientID = "bgplens"
	}
	if c.InFlight == 0 {
		c.InFlight = DefaultInFlight
	}
	if c.InFlightSize == 0 {
		c.InFlightSize = DefaultInFlightSize
	}
	if c.Spool.Size == 0 {
		c.Spool.Size = DefaultSpoolSize
	}
	if c.Spool.SegmentSize == 0 {
		c.Spool.SegmentSize = DefaultSegmentSize
	}
	if c.CloseTimeout == 0 {
		c.CloseTimeout = DefaultCloseTimeout
	}
	return c
}

// has reports whether feed is published.
func (c *Config) has(feed string) bool {
	for _, f := range c.Publish {
		if f == feed {
			return true
		}
	}
	return false
}

var codecs = map[string]kgo.CompressionCodec{
	"none":   kgo.NoCompression(),
	"gzip":   kgo.GzipCompression(),
	"snappy": kgo.SnappyCompression(),
	"lz4":    kgo.Lz4Compression(),
	"zstd":   kgo.ZstdCompression(),
}

// Validate checks a configuration after Defaults, reporting every problem.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf("kafka: "+format, a...)) }
	for _, b := range c.Brokers {
		if i := strings.LastIndexByte(b, ':'); i <= 0 || i == len(b)-1 {
			bad("broker %q: want host:port", b)
		}
	}
	for _, f := range c.Publish {
		if f != FeedRaw && f != FeedParsed {
			bad("publish %q: must be %q or %q", f, FeedRaw, FeedParsed)
		}
	}
	if c.ParsedFormat != FormatJSON && c.ParsedFormat != FormatOpenBMP {
		bad("parsed_format %q: must be %q or %q", c.ParsedFormat, FormatJSON, FormatOpenBMP)
	}
	for obj, t := range c.Topics {
		if _, ok := objectByName(obj); !ok {
			bad("topics: no object %q (objects: %s)", obj, strings.Join(objectNames[:], ", "))
		}
		if !validTopic(t) {
			bad("topics.%s: %q is not a valid topic name", obj, t)
		}
	}
	if !validTopic(c.Prefix + ".parsed.unicast_prefix") {
		bad("prefix %q: topic names would be invalid", c.Prefix)
	}
	if c.Partitions < 0 {
		bad("partitions %d: negative", c.Partitions)
	}
	if _, ok := codecs[c.Compression]; !ok {
		bad("compression %q: must be none, gzip, snappy, lz4 or zstd", c.Compression)
	}
	if len(c.AdminID) > 255 || len(c.RouterGroup) > 255 {
		bad("admin_id and router_group: at most 255 octets")
	}
	if c.InFlight < 1 || c.InFlightSize < 1 {
		bad("max_in_flight and max_in_flight_size: must be at least 1")
	}
	if c.Spool.Size < 1 || c.Spool.SegmentSize < 1 {
		bad("spool.size and spool.segment_size: must be at least 1")
	}
	if (c.TLS.CertFile == "") != (c.TLS.KeyFile == "") {
		bad("tls.cert_file and tls.key_file go together")
	}
	switch strings.ToUpper(c.SASL.Mechanism) {
	case "", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512":
	default:
		bad("sasl.mechanism %q: must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", c.SASL.Mechanism)
	}
	if c.CloseTimeout < 0 {
		bad("close_timeout %v: negative", c.CloseTimeout)
	}
	return errors.Join(errs...)
}

// validTopic reports whether t is a Kafka topic name: 1 to 249 of
// [a-zA-Z0-9._-], not "." or "..".
func validTopic(t string) bool {
	if t == "" || len(t) > 249 || t == "." || t == ".." {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// clientOpts returns the franz-go options: an idempotent producer (the
// default, kept) acknowledged by all in-sync replicas, records retried
// until they are delivered or the sink closes the client, and topics
// waited for rather than records failed when a topic does not exist yet.
func (c *Config) clientOpts() ([]kgo.Opt, error) {
	opts := []kgo.Opt{
		kgo.SeedBrokers(c.Brokers...),
		kgo.ClientID(c.ClientID),
		kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.ProducerBatchCompression(codecs[c.Compression]),
		kgo.UnknownTopicRetries(-1),
		kgo.AllowAutoTopicCreation(),
		// The sink bounds what it hands over (InFlight); the client's own
		// bound must never make Produce wait.
		kgo.MaxBufferedRecords(c.InFlight + 1),
		kgo.RecordPartitioner(newKeyPartitioner()),
	}
	if c.TLS.Enable {
		tc := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: c.TLS.ServerName, InsecureSkipVerify: c.TLS.InsecureSkipVerify}
		if c.TLS.CAFile != "" {
			pem, err := os.ReadFile(c.TLS.CAFile)
			if err != nil {
				return nil, fmt.Errorf("kafka: tls.ca_file: %w", err)
			}
			tc.RootCAs = x509.NewCertPool()
			if !tc.RootCAs.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("kafka: tls.ca_file %s: no certificate", c.TLS.CAFile)
			}
		}
		if c.TLS.CertFile != "" {
			cert, err := tls.LoadX509KeyPair(c.TLS.CertFile, c.TLS.KeyFile)
			if err != nil {
				return nil, fmt.Errorf("kafka: tls: %w", err)
			}
			tc.Certificates = []tls.Certificate{cert}
		}
		opts = append(opts, kgo.DialTLSConfig(tc))
	}
	switch strings.ToUpper(c.SASL.Mechanism) {
	case "PLAIN":
		opts = append(opts, kgo.SASL(plain.Auth{User: c.SASL.Username, Pass: c.SASL.Password}.AsMechanism()))
	case "SCRAM-SHA-256":
		opts = append(opts, kgo.SASL(scram.Auth{User: c.SASL.Username, Pass: c.SASL.Password}.AsSha256Mechanism()))
	case "SCRAM-SHA-512":
		opts = append(opts, kgo.SASL(scram.Auth{User: c.SASL.Username, Pass: c.SASL.Password}.AsSha512Mechanism()))
	}
	return opts, nil
}

// header returns the OpenBMP header's collector fields.
func (c *Config) header() obmp.Header {
	return obmp.Header{ObjectType: obmp.ObjectRawBMP, CollectorHash: obmp.CollectorHash(c.AdminID), AdminID: c.AdminID, RouterGroup: c.RouterGroup, Rows: 1}
}
