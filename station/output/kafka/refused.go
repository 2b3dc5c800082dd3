package kafka

import (
	"bufio"
	"math"
	"os"
	"path/filepath"

	"github.com/twmb/franz-go/pkg/kgo"
)

// The records the brokers refused for good are kept under
// spool.dir/refused, in the spool's segment format.

// keepRefused writes a record the brokers refused for good to
// spool.dir/refused, so that it is not lost with the error.
func (s *Sink) keepRefused(r *kgo.Record, cause error) {
	s.rmu.Lock()
	defer s.rmu.Unlock()
	if s.cfg.Spool.Dir == "" {
		s.log.Warn("record refused by the brokers, and no spool to keep it in: lost", "topic", r.Topic, "err", cause)
		s.m.lost.Inc()
		return
	}
	if s.refused == nil {
		sp, err := openSpool(filepath.Join(s.cfg.Spool.Dir, refusedDir), s.cfg.Spool.Size, s.cfg.Spool.SegmentSize)
		if err != nil {
			s.log.Error("cannot open the spool of refused records", "err", err)
			s.m.lost.Inc()
			return
		}
		s.refused = sp
	}
	err := s.refused.Append(r)
	if err == nil {
		err = s.refused.Flush()
	}
	if err != nil {
		s.log.Error("cannot keep a refused record: lost", "topic", r.Topic, "err", err)
		s.m.lost.Inc()
		return
	}
	s.log.Warn("record refused by the brokers: kept in the spool's refused directory", "topic", r.Topic, "err", cause)
}

// refusedDir is where, under spool.dir, refused records are kept.
const refusedDir = "refused"

// ReadRefused returns the records kept under spoolDir/refused, oldest
// first, without removing them.
func ReadRefused(spoolDir string) ([]*kgo.Record, error) {
	sp, err := openSpool(filepath.Join(spoolDir, refusedDir), math.MaxInt64, DefaultSegmentSize)
	if err != nil {
		return nil, err
	}
	var out []*kgo.Record
	for _, n := range sp.segs {
		f, err := os.Open(sp.path(n))
		if err != nil {
			return out, err
		}
		br := bufio.NewReader(f)
		for {
			rec, _, err := readRecord(br)
			if err != nil {
				break
			}
			out = append(out, rec)
		}
		f.Close()
	}
	return out, nil
}
