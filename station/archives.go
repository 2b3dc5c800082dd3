package station

import (
	"compress/gzip"
	"errors"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/bgplens/bgplens/station/archive"
	"github.com/bgplens/bgplens/station/rib"
)

// ArchiveConfig says which MRT route archives (RFC 6396) the station
// writes, as route collectors publish theirs.
type ArchiveConfig struct {
	// RIBInterval is how often the station dumps its RIB as TABLE_DUMP_V2
	// (the pre-policy Adj-RIB-In of every peer and the Loc-RIBs); 0: never.
	RIBInterval time.Duration `yaml:"rib_interval"`
	// RIBPath is where each dump goes: a template of the dump's time (UTC)
	// with %Y %m %d %H %M %S, e.g. "ribs/%Y%m%d/rib.%Y%m%d.%H%M.mrt.gz"; a
	// name ending in .gz is gzip-compressed. A dump is written under a
	// temporary name and renamed, so a reader never sees half a file.
	RIBPath string `yaml:"rib_path"`
	// CollectorID is the BGP Identifier the dumps give the collector
	// (an IPv4 address; default 0.0.0.0).
	CollectorID string `yaml:"collector_id"`
	// UpdateInterval is the period of each BGP4MP_ET update file: what the
	// monitored peers sent (pre-policy Adj-RIB-In Route Monitoring); 0:
	// none. UpdatePath names the files as RIBPath does, with the time the
	// period starts.
	UpdateInterval time.Duration `yaml:"update_interval"`
	UpdatePath     string        `yaml:"update_path"`
}

// validate checks the archive settings.
func (a ArchiveConfig) validate() error {
	var errs []error
	if a.RIBInterval < 0 {
		errs = append(errs, errors.New("archive.rib_interval: negative"))
	}
	if a.RIBInterval > 0 && a.RIBPath == "" {
		errs = append(errs, errors.New("archive.rib_interval set without archive.rib_path"))
	}
	if a.UpdateInterval < 0 {
		errs = append(errs, errors.New("archive.update_interval: negative"))
	}
	if a.UpdateInterval > 0 && a.UpdatePath == "" {
		errs = append(errs, errors.New("archive.update_interval set without archive.update_path"))
	}
	if a.CollectorID != "" {
		if ip, err := netip.ParseAddr(a.CollectorID); err != nil || !ip.Is4() {
			errs = append(errs, errors.New("archive.collector_id "+strconv.Quote(a.CollectorID)+": not an IPv4 address"))
		}
	}
	return errors.Join(errs...)
}

// archiveLoop dumps the RIB every RIBInterval until the station closes.
func (st *Station) archiveLoop() {
	t := time.NewTicker(st.cfg.Archive.RIBInterval)
	defer t.Stop()
	for {
		select {
		case <-st.closing:
			return
		case now := <-t.C:
			path, err := st.dumpRIB(now)
			if err != nil {
				st.log.Error("RIB dump failed", "path", path, "err", err)
				continue
			}
			st.log.Info("RIB dumped", "path", path)
		}
	}
}

// dumpRIB writes one TABLE_DUMP_V2 dump of the RIB at time now to the
// path RIBPath names, atomically, and returns the path.
func (st *Station) dumpRIB(now time.Time) (string, error) {
	cfg := st.cfg.Archive
	path := expandTime(cfg.RIBPath, now.UTC())
	collector := netip.IPv4Unspecified()
	if ip, err := netip.ParseAddr(cfg.CollectorID); err == nil {
		collector = ip
	}
	d := archive.RIBDump{Collector: collector, View: "bgplens", Time: now, Peer: st.archivePeer}
	f, err := createAtomic(path)
	if err != nil {
		return path, err
	}
	skipped, err := d.Write(f, st.db)
	if skipped > 0 {
		st.log.Warn("RIB dump: routes whose attributes cannot be written were left out", "routes", skipped)
	}
	if err != nil {
		f.abort()
		return path, err
	}
	return path, f.Close()
}

// updatesSink is the sink of the BGP4MP_ET update files.
func (st *Station) updatesSink() *archive.Updates {
	cfg := st.cfg.Archive
	return &archive.Updates{Interval: cfg.UpdateInterval, Open: func(start time.Time) (io.WriteCloser, error) {
		return createAtomic(expandTime(cfg.UpdatePath, start.UTC()))
	}}
}

// archivePeer gives a table's peer AS and BGP Identifier from the per-peer
// header the router last sent for it.
func (st *Station) archivePeer(k rib.TableKey) (uint32, netip.Addr) {
	r, ok := st.routerByKey(k.Router)
	if !ok {
		return 0, netip.Addr{}
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	if p := r.peers[k.Peer]; p != nil {
		return p.hdr.AS, p.hdr.BGPID
	}
	return 0, netip.Addr{}
}

// atomicFile is a file written under a temporary name in its directory,
// gzip-compressed when its name ends in .gz, and renamed to its name when
// closed: a reader never sees half a file.
type atomicFile struct {
	f    *os.File
	zw   *gzip.Writer
	w    io.Writer
	path string
}

func createAtomic(path string) (*atomicFile, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, err
	}
	a := &atomicFile{f: f, w: f, path: path}
	if strings.HasSuffix(path, ".gz") {
		a.zw = gzip.NewWriter(f)
		a.w = a.zw
	}
	return a, nil
}

func (a *atomicFile) Write(b []byte) (int, error) { return a.w.Write(b) }

// Close completes the file and gives it its name.
func (a *atomicFile) Close() error {
	var err error
	if a.zw != nil {
		err = a.zw.Close()
	}
	if err == nil {
		err = a.f.Sync()
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(a.f.Name(), a.path)
	}
	if err != nil {
		os.Remove(a.f.Name())
	}
	return err
}

// abort drops the file.
func (a *atomicFile) abort() {
	a.f.Close()
	os.Remove(a.f.Name())
}

// timeFields are the fields expandTime knows, as time.Format layouts.
var timeFields = map[byte]string{'Y': "2006", 'm': "01", 'd': "02", 'H': "15", 'M': "04", 'S': "05"}

// expandTime replaces %Y %m %d %H %M %S in s with t's fields; %% is %.
func expandTime(s string, t time.Time) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		if layout, ok := timeFields[s[i]]; ok {
			b.WriteString(t.Format(layout))
			continue
		}
		b.WriteByte('%')
		if s[i] != '%' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
