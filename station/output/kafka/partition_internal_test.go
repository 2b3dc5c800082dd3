package kafka

import (
	"math/rand/v2"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"
)

// TestKeyPartitioner: a keyed record goes to the partition franz-go's
// default partitioner (and Kafka's murmur2) gives its key, however the
// keys follow one another: runs of one key, a key changed in place in
// the same memory (the sink reuses its octets), the partition count
// changing; a record without a key goes to a partition in range.
func TestKeyPartitioner(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ours := newKeyPartitioner().ForTopic("t")
	sticky := kgo.StickyKeyPartitioner(nil).ForTopic("t")
	def := kgo.UniformBytesPartitioner(64<<10, true, true, nil).ForTopic("t").(kgo.TopicBackupPartitioner)
	key := make([]byte, 32)
	for i := range 20000 {
		switch rng.IntN(4) {
		case 0: // a new key in the same memory
			for j := range key {
				key[j] = "0123456789abcdef"[rng.IntN(16)]
			}
		case 1: // one octet changed in place
			key[rng.IntN(len(key))] ^= 1
		}
		n := 1 + rng.IntN(12)
		if i%100 != 0 {
			n = 12
		}
		r := &kgo.Record{Key: key}
		got, want := ours.Partition(r, n), sticky.Partition(r, n)
		if d := def.PartitionByBackup(r, n, nil); want != d {
			t.Fatalf("sticky key partitioner %d, default %d", want, d)
		}
		if got != want {
			t.Fatalf("record %d, key %q, %d partitions: partition %d, want %d", i, key, n, got, want)
		}
		if !ours.RequiresConsistency(r) {
			t.Fatal("a keyed record must keep its partition")
		}
	}
	if p := ours.Partition(&kgo.Record{}, 5); p < 0 || p >= 5 {
		t.Errorf("a record without a key: partition %d of 5", p)
	}
}
