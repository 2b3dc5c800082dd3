package kafka

import (
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/station/output"
)

// TestValidate: every check of Validate refuses what it is for, and the
// defaults pass.
func TestValidate(t *testing.T) {
	good := Config{Brokers: []string{"127.0.0.1:9092"}}.Defaults()
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		why string
		set func(*Config)
	}{
		{"broker", func(c *Config) { c.Brokers = []string{"nohost"} }},
		{"publish", func(c *Config) { c.Publish = []string{"tsv"} }},
		{"parsed_format", func(c *Config) { c.ParsedFormat = "tsv" }},
		{"no object", func(c *Config) { c.Topics = map[string]string{"prefixes": "x"} }},
		{"not a valid topic", func(c *Config) { c.Topics = map[string]string{"bmp_raw": "a/b"} }},
		{"prefix", func(c *Config) { c.Prefix = "a b" }},
		{"partitions", func(c *Config) { c.Partitions = -1 }},
		{"compression", func(c *Config) { c.Compression = "brotli" }},
		{"admin_id", func(c *Config) { c.AdminID = strings.Repeat("a", 256) }},
		{"max_in_flight", func(c *Config) { c.InFlight = -1 }},
		{"spool.size", func(c *Config) { c.Spool.Size = -1 }},
		{"tls.cert_file", func(c *Config) { c.TLS.CertFile = "x.pem" }},
		{"sasl.mechanism", func(c *Config) { c.SASL.Mechanism = "GSSAPI" }},
		{"close_timeout", func(c *Config) { c.CloseTimeout = -1 }},
	} {
		cfg := good
		c.set(&cfg)
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%s: %v", c.why, err)
		}
	}
}

// TestTopics: topic names from the prefix, renamed by Topics; events go
// to their object's topic, routes by their family.
func TestTopics(t *testing.T) {
	c := Config{Prefix: "rv", Topics: map[string]string{"peer": "peers"}}
	n := topicNames(&c)
	if n[objRaw] != "rv.bmp_raw" || n[objUnicast] != "rv.parsed.unicast_prefix" || n[objPeer] != "peers" {
		t.Errorf("%v", n)
	}
	for _, c := range []struct {
		ev   output.Event
		want string
	}{
		{output.Event{Type: output.EventRaw}, "bmp_raw"},
		{output.Event{Type: output.EventRouterUp}, "router"},
		{output.Event{Type: output.EventRouterDown}, "router"},
		{output.Event{Type: output.EventPeerUp}, "peer"},
		{output.Event{Type: output.EventPeerDown}, "peer"},
		{output.Event{Type: output.EventStats}, "bmp_stat"},
		{output.Event{Type: output.EventRoute, Family: bgp.IPv6Unicast}, "unicast_prefix"},
		{output.Event{Type: output.EventRoute, Family: bgp.IPv4Labeled}, "unicast_prefix"},
		{output.Event{Type: output.EventEndOfRIB, Family: bgp.IPv4VPN}, "l3vpn"},
		{output.Event{Type: output.EventRoute, Family: bgp.Family{AFI: bgp.AFIL2VPN, SAFI: bgp.SAFIEVPN}}, "evpn"},
		{output.Event{Type: output.EventRoute, Family: bgp.Family{AFI: bgp.AFIBGPLS, SAFI: bgp.SAFIBGPLS}}, "ls"},
		{output.Event{Type: output.EventRoute, Family: bgp.Family{AFI: bgp.AFIBGPLS, SAFI: bgp.SAFIBGPLS}, Entry: []byte{0, 1, 0, 0}}, "ls_node"},
		{output.Event{Type: output.EventRoute, Family: bgp.Family{AFI: bgp.AFIBGPLS, SAFI: bgp.SAFIBGPLSVPN}, Entry: []byte{0, 2, 0, 0}}, "ls_link"},
		{output.Event{Type: output.EventRoute, Family: bgp.Family{AFI: bgp.AFIBGPLS, SAFI: bgp.SAFIBGPLS}, Entry: []byte{0, 3}}, "ls_prefix"},
		{output.Event{Type: output.EventRoute, Family: bgp.Family{AFI: bgp.AFIBGPLS, SAFI: bgp.SAFIBGPLS}, Entry: []byte{0, 4}}, "ls_prefix"},
		{output.Event{Type: output.EventRoute, Family: bgp.Family{AFI: bgp.AFIBGPLS, SAFI: bgp.SAFIBGPLS}, Entry: []byte{0, 6, 0, 0}}, "ls"},
		{output.Event{Type: output.EventEndOfRIB, Family: bgp.Family{AFI: bgp.AFIBGPLS, SAFI: bgp.SAFIBGPLS}}, "ls"},
		{output.Event{Type: output.EventRoute, Family: bgp.Family{AFI: bgp.AFIIPv4, SAFI: bgp.SAFIFlowSpec}}, "flowspec"},
		{output.Event{Type: output.EventRoute, Family: bgp.Family{AFI: bgp.AFIIPv4, SAFI: bgp.SAFIRouteTarget}}, "bgp_other"},
	} {
		if got := objectNames[objectOf(&c.ev)]; got != c.want {
			t.Errorf("%v %v: %s, want %s", c.ev.Type, c.ev.Family, got, c.want)
		}
	}
}

// TestFeedsAsked: the feeds of publish decide what the sink asks the
// station for: raw messages for the raw feed, route events for the
// parsed one (publish: [raw] makes the station make none).
func TestFeedsAsked(t *testing.T) {
	for _, c := range []struct {
		publish     []string
		raw, routes bool
	}{
		{[]string{FeedRaw}, true, false},
		{[]string{FeedParsed}, false, true},
		{nil, true, true},
	} {
		s, err := New(Config{Brokers: []string{"127.0.0.1:1"}, Publish: c.publish}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if s.ReceiveRaw() != c.raw || s.ReceiveRoutes() != c.routes {
			t.Errorf("publish %v: raw %v, routes %v; want %v, %v", c.publish, s.ReceiveRaw(), s.ReceiveRoutes(), c.raw, c.routes)
		}
		s.Close()
	}
}
