package station

import (
	"testing"
	"time"
)

// TestExampleConfig loads docs/station.example.yaml as `bgplens station
// --config` does: every key must be known, and the result valid and read
// as the file says.
func TestExampleConfig(t *testing.T) {
	c, err := LoadConfig("../docs/station.example.yaml", Config{})
	if err != nil {
		t.Fatal(err)
	}
	c = c.Defaults()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	q := c.queueFor("jsonl:/var/lib/bgplens/events.jsonl")
	if len(c.Listen) != 1 || c.Listen[0] != ":5000" || len(c.Allow) != 2 || c.MaxRouters != 64 ||
		c.StaleGrace != 2*time.Minute || c.MPErrorAction != MPErrorSessionReset || c.RIB.MaxRoutes != 20000000 ||
		c.Outputs.JSONL != "/var/lib/bgplens/events.jsonl" || q.Policy != PolicyBlock || q.Size != 65536 || c.Log.Format != "json" {
		t.Errorf("read as %+v", c)
	}
}
