package kafka

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// The spool keeps records on disk, in order, while they cannot be handed
// to the Kafka client. It is a directory of segment files named by a
// 16-digit hex number; records are read from the lowest segment and
// appended to the highest. A segment read to its end is removed.
//
// A record on disk is
//
//	length  4  octets after the checksum
//	crc     4  CRC-32C of those octets
//	time    8  the record's timestamp, Unix nanoseconds
//	topic   2 + n
//	key     4 + n  (0xffffffff: no key)
//	value   4 + n
//
// The spool is not safe for concurrent use: the sink serializes it.
type spool struct {
	dir    string
	max    int64 // octets of unread records
	segMax int64

	segs    []uint64 // segment numbers, oldest first; the last is written when w is open
	size    int64    // octets of unread records
	records int64    // unread records

	w      *os.File
	wb     *bufio.Writer
	wnum   uint64
	wsize  int64
	wcount int64 // records in the segment being written

	r      *os.File
	rb     *bufio.Reader
	rnum   uint64
	rcount int64 // records read from segment rnum

	corrupt int64 // records found damaged when the spool was opened, and cut

	oneSegment bool // Next stops at the end of the segment being read (Close)
}

// errSpoolFull is Append's answer when the record does not fit.
var errSpoolFull = errors.New("kafka: spool full")

const (
	spoolExt       = ".seg"
	recHeaderLen   = 8
	recFixedLen    = 8 + 2 + 4 + 4
	maxSpoolRecord = 256 << 20 // no record the station makes comes near
	firstSegment   = 1 << 40   // leaves room below for Close's segments
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// openSpool opens the spool in dir (created if needed), counting what
// earlier runs left there. A segment that ends in a damaged or torn
// record (the process died writing it) is cut before it; what was cut is
// counted in corrupt.
func openSpool(dir string, max, segMax int64) (*spool, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	s := &spool{dir: dir, max: max, segMax: segMax}
	for _, e := range ents {
		name, ok := strings.CutSuffix(e.Name(), spoolExt)
		if !ok || len(name) != 16 {
			continue
		}
		n, err := strconv.ParseUint(name, 16, 64)
		if err != nil {
			continue
		}
		s.segs = append(s.segs, n)
	}
	slices.Sort(s.segs)
	for _, n := range s.segs {
		if err := s.scan(n); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *spool) path(n uint64) string {
	return filepath.Join(s.dir, fmt.Sprintf("%016x%s", n, spoolExt))
}

// scan counts the whole records of segment n and cuts the file after the
// last one.
func (s *spool) scan(n uint64) error {
	f, err := os.OpenFile(s.path(n), os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	var good int64
	for {
		_, l, err := readRecord(br)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			s.corrupt++
			if err := f.Truncate(good); err != nil {
				return err
			}
			break
		}
		good += l
		s.size += l
		s.records++
	}
	return nil
}

// Empty reports whether every record has been read.
func (s *spool) Empty() bool { return s.records == 0 }

// Append writes rec at the end of the spool, or returns errSpoolFull.
func (s *spool) Append(rec *kgo.Record) error {
	l := int64(recHeaderLen + recFixedLen + len(rec.Topic) + len(rec.Key) + len(rec.Value))
	if s.size+l > s.max {
		return errSpoolFull
	}
	if s.w != nil && s.wsize >= s.segMax {
		if err := s.closeWriter(); err != nil {
			return err
		}
	}
	if s.w == nil {
		n := uint64(firstSegment)
		if len(s.segs) > 0 {
			n = s.segs[len(s.segs)-1] + 1
		}
		f, err := os.OpenFile(s.path(n), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		s.w, s.wb, s.wnum, s.wsize, s.wcount = f, bufio.NewWriterSize(f, 1<<16), n, 0, 0
		s.segs = append(s.segs, n)
	}
	if err := writeRecord(s.wb, rec); err != nil {
		return err
	}
	s.wsize += l
	s.wcount++
	s.size += l
	s.records++
	return nil
}

// Flush hands what Append buffered to the operating system.
func (s *spool) Flush() error {
	if s.wb == nil {
		return nil
	}
	return s.wb.Flush()
}

func (s *spool) closeWriter() error {
	err := s.wb.Flush()
	if serr := s.w.Sync(); err == nil {
		err = serr
	}
	if cerr := s.w.Close(); err == nil {
		err = cerr
	}
	s.w, s.wb = nil, nil
	return err
}

// Next returns the oldest unread record, or nil when the spool is empty.
// The segment it has read to the end is removed.
func (s *spool) Next() (*kgo.Record, error) {
	for s.records > 0 && len(s.segs) > 0 {
		n := s.segs[0]
		if s.r == nil {
			f, err := os.Open(s.path(n))
			if err != nil {
				return nil, err
			}
			s.r, s.rb, s.rnum, s.rcount = f, bufio.NewReaderSize(f, 1<<16), n, 0
		}
		writing := s.w != nil && s.wnum == n
		if writing {
			if s.rcount == s.wcount {
				break // caught up with the writer: nothing buffered either
			}
			if err := s.wb.Flush(); err != nil {
				return nil, err
			}
		}
		rec, l, err := readRecord(s.rb)
		if err == nil {
			s.rcount++
			s.size -= l
			s.records--
			if s.records == 0 {
				// Caught up: drop the segments so the next Append starts afresh.
				if err := s.removeReading(); err != nil {
					return rec, err
				}
				if s.w != nil {
					if err := s.closeWriter(); err != nil {
						return rec, err
					}
					if err := os.Remove(s.path(s.wnum)); err != nil {
						return rec, err
					}
					s.segs = s.segs[:0]
				}
			}
			return rec, nil
		}
		if !errors.Is(err, io.EOF) || writing {
			return nil, fmt.Errorf("kafka: spool segment %s: %w", s.path(n), err)
		}
		if err := s.removeReading(); err != nil {
			return nil, err
		}
		if s.oneSegment {
			break
		}
	}
	return nil, nil
}

// removeReading closes and removes the segment being read.
func (s *spool) removeReading() error {
	if s.r == nil {
		return nil
	}
	s.r.Close()
	s.r, s.rb = nil, nil
	if s.w != nil && s.wnum == s.rnum {
		return nil // the writer's: removed with it
	}
	s.segs = slices.DeleteFunc(s.segs, func(n uint64) bool { return n == s.rnum })
	return os.Remove(s.path(s.rnum))
}

// Close puts recs (records handed to the client but never acknowledged,
// oldest first) back at the head of the spool, ahead of everything in
// it, followed by the unread rest of the segment being read, and syncs
// everything to disk. The spool must not be used afterwards.
func (s *spool) Close(recs []*kgo.Record) error {
	if s.r != nil {
		// The rest of the segment being read moves into the new head
		// segment, after recs, so that nothing is sent twice.
		s.oneSegment = true
		for s.r != nil {
			rec, err := s.Next()
			if err != nil || rec == nil {
				if err != nil {
					return err
				}
				break
			}
			recs = append(recs, rec)
		}
	}
	var err error
	if s.w != nil {
		err = s.closeWriter()
	}
	if s.r != nil {
		s.r.Close()
		s.r = nil
	}
	if len(recs) == 0 || err != nil {
		return err
	}
	n := uint64(firstSegment)
	if len(s.segs) > 0 {
		n = s.segs[0] - 1
	}
	// Written under a temporary name and renamed: a crash midway leaves no
	// partial head segment to be read before the rest.
	tmp := s.path(n) + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	for _, r := range recs {
		if err = writeRecord(bw, r); err != nil {
			break
		}
	}
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, s.path(n))
}

func writeRecord(w *bufio.Writer, rec *kgo.Record) error {
	var hdr [recHeaderLen + recFixedLen]byte
	body := hdr[recHeaderLen:]
	binary.BigEndian.PutUint64(body, uint64(rec.Timestamp.UnixNano()))
	binary.BigEndian.PutUint16(body[8:], uint16(len(rec.Topic)))
	keyLen := uint32(len(rec.Key))
	if rec.Key == nil {
		keyLen = 0xffffffff
	}
	binary.BigEndian.PutUint32(body[10:], keyLen)
	binary.BigEndian.PutUint32(body[14:], uint32(len(rec.Value)))
	n := recFixedLen + len(rec.Topic) + len(rec.Key) + len(rec.Value)
	binary.BigEndian.PutUint32(hdr[0:], uint32(n))
	// The checksum covers the body in the order written: fixed fields,
	// topic, key, value.
	c := crc32.Update(0, castagnoli, body[:10])
	c = crc32.Update(c, castagnoli, []byte(rec.Topic))
	c = crc32.Update(c, castagnoli, body[10:14])
	c = crc32.Update(c, castagnoli, rec.Key)
	c = crc32.Update(c, castagnoli, body[14:18])
	c = crc32.Update(c, castagnoli, rec.Value)
	binary.BigEndian.PutUint32(hdr[4:], c)
	w.Write(hdr[:recHeaderLen])
	w.Write(body[:10])
	w.WriteString(rec.Topic)
	w.Write(body[10:14])
	w.Write(rec.Key)
	w.Write(body[14:18])
	_, err := w.Write(rec.Value)
	return err
}

// readRecord reads one record and returns it with its length on disk.
// It returns io.EOF at a clean end, and an error for a torn or damaged
// record.
func readRecord(br *bufio.Reader) (*kgo.Record, int64, error) {
	var hdr [recHeaderLen]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		return nil, 0, errors.New("record header torn")
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n < recFixedLen || n > maxSpoolRecord {
		return nil, 0, fmt.Errorf("record length %d out of range", n)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(br, body); err != nil {
		return nil, 0, errors.New("record torn")
	}
	if crc32.Checksum(body, castagnoli) != binary.BigEndian.Uint32(hdr[4:]) {
		return nil, 0, errors.New("record checksum mismatch")
	}
	tl := int(binary.BigEndian.Uint16(body[8:]))
	p := 10
	if p+tl+4 > len(body) {
		return nil, 0, errors.New("topic beyond the record")
	}
	rec := &kgo.Record{Timestamp: time.Unix(0, int64(binary.BigEndian.Uint64(body))), Topic: string(body[p : p+tl])}
	p += tl
	kl := binary.BigEndian.Uint32(body[p:])
	p += 4
	if kl != 0xffffffff {
		if int64(p)+int64(kl)+4 > int64(len(body)) {
			return nil, 0, errors.New("key beyond the record")
		}
		rec.Key = body[p : p+int(kl) : p+int(kl)]
		p += int(kl)
	} else if p+4 > len(body) {
		return nil, 0, errors.New("value length beyond the record")
	}
	vl := binary.BigEndian.Uint32(body[p:])
	p += 4
	if int64(p)+int64(vl) != int64(len(body)) {
		return nil, 0, errors.New("value length does not end the record")
	}
	rec.Value = body[p:]
	return rec, int64(recHeaderLen) + int64(n), nil
}
