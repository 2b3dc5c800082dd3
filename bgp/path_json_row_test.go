package bgp

import (
	"bytes"
	"testing"
)

// TestAppendRowMatchesTable: the types AppendJSON calls directly write
// what their row's appender in pathJSON writes, so the table stays the
// one statement of how each type is written.
func TestAppendRowMatchesTable(t *testing.T) {
	vals := map[AttrType][]byte{
		AttrOrigin:           {1},
		AttrASPath:           {2, 2, 0xfd, 0xe9, 0, 1},
		AttrMultiExitDisc:    {0, 0, 0, 206},
		AttrLocalPref:        {0, 0, 0, 100},
		AttrOTC:              {0, 0, 0xfd, 0xe9},
		AttrCommunities:      {0, 174, 0x52, 0x24, 0xfd, 0xe8, 0, 28},
		AttrExtCommunities:   {0, 2, 0xfd, 0xe9, 0, 0, 0, 100},
		AttrLargeCommunities: {0, 0, 0xfd, 0xe9, 0, 0, 0, 1, 0, 0, 0, 100},
	}
	var p Path
	for _, r := range pathJSON {
		v, ok := vals[r.t]
		if !ok || r.app == nil {
			continue
		}
		a := AttrView{Flags: FlagTransitive, Type: r.t, Value: v}
		want := r.app(nil, p, a)
		if len(want) == 0 {
			t.Fatalf("%v: the sample does not read", r.t)
		}
		// A row appender that does not write anything stands in for the
		// table's, so that a direct call that ignores it shows.
		if got := p.appendRow(nil, func([]byte, Path, AttrView) []byte { return nil }, a); !bytes.Equal(got, want) {
			t.Errorf("%v: direct %s, table %s", r.t, got, want)
		}
		delete(vals, r.t)
	}
	if len(vals) != 0 {
		t.Errorf("types without a row: %v", vals)
	}
}
