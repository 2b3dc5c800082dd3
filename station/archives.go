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
	err := writeAtomic(path, func(w io.Writer) error {
		skipped, err := d.Write(w, st.db)
		if skipped > 0 {
			st.log.Warn("RIB dump: routes whose attributes cannot be written were left out", "routes", skipped)
		}
		return err
	})
	return path, err
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

// writeAtomic writes a file through write under a temporary name in its
// directory, gzip-compressed when the name ends in .gz, then renames it.
func writeAtomic(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename there is nothing to remove
	var w io.Writer = f
	var zw *gzip.Writer
	if strings.HasSuffix(path, ".gz") {
		zw = gzip.NewWriter(f)
		w = zw
	}
	err = write(w)
	if zw != nil && err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// expandTime replaces %Y %m %d %H %M %S in s with t's fields; %% is %.
func expandTime(s string, t time.Time) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'Y':
			b.WriteString(t.Format("2006"))
		case 'm':
			b.WriteString(t.Format("01"))
		case 'd':
			b.WriteString(t.Format("02"))
		case 'H':
			b.WriteString(t.Format("15"))
		case 'M':
			b.WriteString(t.Format("04"))
		case 'S':
			b.WriteString(t.Format("05"))
		default:
			b.WriteByte('%')
			if s[i] != '%' {
				b.WriteByte(s[i])
			}
		}
	}
	return b.String()
}
