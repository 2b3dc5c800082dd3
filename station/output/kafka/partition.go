package kafka

import (
	"bytes"

	"github.com/twmb/franz-go/pkg/kgo"
)

// keyPartitioner places a keyed record where franz-go's default
// partitioner does, and Kafka's own clients (murmur2 of the key, its
// high bit cleared, modulo the topic's partitions: kgo.StickyKeyPartitioner),
// so that consumers find a router's or a peer's records in the partition
// they expect. Each topic's partitioner remembers its last key and that
// key's partition: a router's raw records come in runs under one key, so
// the key is hashed once a run instead of once a record. Records without
// a key (the sink makes none) go as the sticky partitioner puts them.
type keyPartitioner struct{ kgo.Partitioner }

func newKeyPartitioner() keyPartitioner {
	return keyPartitioner{kgo.StickyKeyPartitioner(nil)}
}

// ForTopic implements kgo.Partitioner. The client uses a topic's
// partitioner from one goroutine at a time.
func (p keyPartitioner) ForTopic(topic string) kgo.TopicPartitioner {
	return &lastKeyPartitioner{TopicPartitioner: p.Partitioner.ForTopic(topic), part: -1}
}

type lastKeyPartitioner struct {
	kgo.TopicPartitioner
	key  []byte // a copy: the record's key is the sink's memory, reused
	n    int    // the partitions part is of
	part int    // -1: none remembered
}

// Partition implements kgo.TopicPartitioner.
func (p *lastKeyPartitioner) Partition(r *kgo.Record, n int) int {
	if r.Key == nil {
		return p.TopicPartitioner.Partition(r, n)
	}
	if p.part >= 0 && n == p.n && bytes.Equal(r.Key, p.key) {
		return p.part
	}
	p.part, p.n = p.TopicPartitioner.Partition(r, n), n
	p.key = append(p.key[:0], r.Key...)
	return p.part
}

// OnNewBatch implements kgo.TopicPartitionerOnNewBatch for the records
// without a key, as the sticky partitioner does.
func (p *lastKeyPartitioner) OnNewBatch() {
	if o, ok := p.TopicPartitioner.(kgo.TopicPartitionerOnNewBatch); ok {
		o.OnNewBatch()
	}
}
