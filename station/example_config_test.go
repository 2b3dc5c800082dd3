package station

import (
	"testing"
	"time"
)

// TestExampleConfig loads docs/station.example.yaml as `bgplens station
// --config` does: every key must be known, and the result valid and read
// as the file says.
func TestExampleConfig(t *testing.T) {
	c := loadExample(t, "../docs/station.example.yaml")
	q := c.queueFor("jsonl:/var/lib/bgplens/events.jsonl")
	if len(c.Listen) != 1 || c.Listen[0] != ":5000" || len(c.Allow) != 2 || c.MaxRouters != 64 ||
		c.StaleGrace != 2*time.Minute || c.MPErrorAction != MPErrorSessionReset || c.RIB.MaxRoutes != 20000000 ||
		c.Outputs.JSONL != "/var/lib/bgplens/events.jsonl" || q.Policy != PolicyBlock || q.Size != 65536 || c.Log.Format != "json" {
		t.Errorf("read as %+v", c)
	}
}

// TestKafkaExampleConfig loads docs/kafka.example.yaml: every key known,
// the result valid and read as the file says.
func TestKafkaExampleConfig(t *testing.T) {
	c := loadExample(t, "../docs/kafka.example.yaml")
	k := c.Outputs.Kafka
	if len(k.Brokers) != 3 || k.Partitions != 12 || k.ReplicationFactor != 3 || k.Compression != "lz4" ||
		k.Spool.Dir != "/var/lib/bgplens/kafka-spool" || k.Spool.Size != 1<<30 || !k.TLS.Enable || k.SASL.Mechanism != "SCRAM-SHA-512" ||
		k.CloseTimeout != 5*time.Second || c.queueFor("kafka").Size != 65536 || k.AdminID != "collector-ams1" {
		t.Errorf("read as %+v", k)
	}
}

// loadExample loads an example configuration as `bgplens station
// --config` does, failing t unless every key is known and the result,
// with the defaults, valid.
func loadExample(t *testing.T, path string) Config {
	t.Helper()
	c, err := LoadConfig(path, Config{})
	if err != nil {
		t.Fatal(err)
	}
	c = c.Defaults()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return c
}
