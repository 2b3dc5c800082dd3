package station

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bgplens/bgplens/bmp"
)

func TestDefaults(t *testing.T) {
	c := Config{}.Defaults()
	if !reflect.DeepEqual(c.Listen, []string{":5000"}) || c.HTTP != "127.0.0.1:8080" || c.MaxRouters != 512 ||
		c.MaxMessageSize != bmp.DefaultMaxMessageLen || c.StallTimeout != 30*time.Second || c.StaleGrace != 0 ||
		c.Queue != (QueueConfig{Size: 16384}) || c.Log != (LogConfig{Format: "text", Level: "info"}) {
		t.Errorf("defaults: %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("the defaults do not validate: %v", err)
	}
	// Set fields are kept.
	c = Config{Listen: []string{"127.0.0.1:11019"}, MaxRouters: 3, Queue: QueueConfig{Policy: "block"}}.Defaults()
	if c.Listen[0] != "127.0.0.1:11019" || c.MaxRouters != 3 || c.Queue != (QueueConfig{Size: 16384, Policy: "block"}) {
		t.Errorf("%+v", c)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want string // substring of the error; "" for none
	}{
		{"defaults", Config{}, ""},
		{"loopback v6", Config{HTTP: "[::1]:8080"}, ""},
		{"localhost", Config{HTTP: "localhost:8080"}, ""},
		{"public without token", Config{HTTP: "0.0.0.0:8080"}, "token is required"},
		{"all interfaces without token", Config{HTTP: ":8080"}, "token is required"},
		{"public with token", Config{HTTP: "192.0.2.1:8080", Token: "x"}, ""},
		{"http not an address", Config{HTTP: "example.com:8080"}, "not an IP address"},
		{"http no port", Config{HTTP: "127.0.0.1"}, "http"},
		{"listen no port", Config{Listen: []string{"127.0.0.1"}}, "listen"},
		{"cert without key", Config{TLSCert: "a.pem"}, "go together"},
		{"allow bad", Config{Allow: []string{"192.0.2.0/24", "nope"}}, `allow "nope"`},
		{"allow v6", Config{Allow: []string{"2001:db8::/32", "::1"}}, ""},
		{"max routers", Config{MaxRouters: -1}, "max_routers"},
		{"message size", Config{MaxMessageSize: 20}, "max_message_size"},
		{"memory below message", Config{MaxMessageSize: 1 << 20, MaxRouterMemory: 1000}, "max_router_memory"},
		{"negative grace", Config{StaleGrace: -time.Second}, "stale_grace"},
		{"queue policy", Config{Queue: QueueConfig{Policy: "maybe"}}, "policy"},
		{"router name address", Config{RouterNames: map[string]string{"core1": "x"}}, "not an address"},
		{"router name", Config{RouterNames: map[string]string{"192.0.2.1": "a b"}}, "letters, digits"},
		{"per-sink queue", Config{Queues: map[string]QueueConfig{"jsonl": {Size: -1}}}, "queues.jsonl"},
		{"log format", Config{Log: LogConfig{Format: "xml"}}, "log.format"},
		{"log level", Config{Log: LogConfig{Level: "loud"}}, "log.level"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Defaults().Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	// Every problem is reported, not just the first.
	err := Config{MaxRouters: -1, Log: LogConfig{Format: "xml"}}.Defaults().Validate()
	if err == nil || !strings.Contains(err.Error(), "max_routers") || !strings.Contains(err.Error(), "log.format") {
		t.Errorf("joined errors: %v", err)
	}
	if _, err := New(Config{HTTP: "0.0.0.0:1"}, nil, nil); err == nil {
		t.Error("New accepted an invalid configuration")
	}
}

// TestDocExample: the full example of docs/station.md parses, validates
// and means what its comments say.
func TestDocExample(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "station.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	i := strings.Index(s, "## Configuration file")
	j := strings.Index(s[i:], "```yaml\n")
	k := strings.Index(s[i+j+8:], "```")
	if i < 0 || j < 0 || k < 0 {
		t.Fatal("no YAML example in docs/station.md")
	}
	c, err := ParseConfig([]byte(s[i+j+8:i+j+8+k]), Config{})
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Listen: []string{":5000", "[::]:11019"}, HTTP: "127.0.0.1:8080",
		Allow:       []string{"192.0.2.0/24", "2001:db8::1"},
		RouterNames: map[string]string{"192.0.2.1": "core1"},
		MaxRouters:  512, MaxMessageSize: 1048576, MaxPeers: 16384, MaxRouterMemory: 2147483648,
		StallTimeout: 30 * time.Second, TimestampSkew: 5 * time.Minute, MirrorKeep: 100, ShutdownTimeout: 10 * time.Second,
		Queue:         QueueConfig{Size: 16384},
		Queues:        map[string]QueueConfig{"jsonl": {Size: 65536, Policy: "block"}},
		RIB:           RIBConfig{HistoryTotal: 65536, HistoryPerPrefix: 32},
		MPErrorAction: MPErrorSessionReset,
		Log:           LogConfig{Format: "text", Level: "info"},
		Outputs:       OutputsConfig{},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("parsed\n%+v\nwant\n%+v", c, want)
	}
	if !reflect.DeepEqual(c.Defaults(), c) {
		t.Errorf("the example is not the defaults it claims:\n%+v", c.Defaults())
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
}

func TestParseConfig(t *testing.T) {
	base := Config{HTTP: "127.0.0.1:9", MaxRouters: 7}
	c, err := ParseConfig([]byte("max_routers: 9\nstale_grace: 90s\n"), base)
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP != "127.0.0.1:9" || c.MaxRouters != 9 || c.StaleGrace != 90*time.Second {
		t.Errorf("%+v", c)
	}
	for _, bad := range []string{
		"max_router: 9\n",            // a typo is an error
		"stale_grace: soon\n",        // not a duration
		"listen: [\n",                // not YAML
		"queue: {size: lots}\n",      // not a number
		"rib: {max_route: 1}\n",      // unknown nested field
		"outputs: {kafka: broker}\n", // no such output yet
	} {
		if _, err := ParseConfig([]byte(bad), base); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	path := filepath.Join(t.TempDir(), "station.yaml")
	os.WriteFile(path, []byte("http: \"[::1]:8081\"\n"), 0o644)
	if c, err := LoadConfig(path, Config{}); err != nil || c.HTTP != "[::1]:8081" {
		t.Errorf("LoadConfig: %+v, %v", c, err)
	}
	if _, err := LoadConfig(filepath.Join(t.TempDir(), "missing.yaml"), Config{}); err == nil {
		t.Error("missing file accepted")
	}
}
