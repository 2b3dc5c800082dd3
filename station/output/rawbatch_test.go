package output

import (
	"bytes"
	"testing"
	"time"
)

// TestRawBatch: a run gives back each message and its time as appended;
// its copy (of one message or many) gives the same and holds no more
// than its messages need; Reset empties it and keeps its memory.
func TestRawBatch(t *testing.T) {
	t0 := time.Unix(1700000000, 123456789)
	for _, n := range []int{1, 5} {
		b := NewRawBatch(64, 8<<10)
		var want [][]byte
		for i := range n {
			m := bytes.Repeat([]byte{byte(i + 1)}, 10+i)
			want = append(want, m)
			b.Append(m, t0.Add(time.Duration(i)*time.Millisecond))
		}
		for _, r := range []*RawBatch{b, b.Clone()} {
			if r.Len() != n {
				t.Fatalf("%d messages, want %d", r.Len(), n)
			}
			for i := range n {
				m, at := r.Message(i)
				if !bytes.Equal(m, want[i]) || !at.Equal(t0.Add(time.Duration(i)*time.Millisecond)) {
					t.Errorf("message %d of %d: %x at %v", i, n, m, at)
				}
			}
		}
		if c := b.Clone(); c.Cap() >= 1<<10 || c.Size() != b.Size() {
			t.Errorf("copy of %d messages: %d octets held for %d", n, c.Cap(), c.Size())
		}
		b.Reset()
		if b.Len() != 0 || b.Size() != 0 || b.Cap() != 8<<10 {
			t.Errorf("after Reset: %d messages, %d octets, cap %d", b.Len(), b.Size(), b.Cap())
		}
	}
}
