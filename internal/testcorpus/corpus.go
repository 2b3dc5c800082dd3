// Package testcorpus extracts raw BGP messages from the third-party capture
// and dump files copied under the repository's testdata/ directory, together
// with the session context each message must be read with. It is test
// support only: the BGP4MP messages of MRT files, framed by package mrt
// (RFC 6396 §4.4, RFC 8050), and a minimal pcap/pcapng reader that
// reassembles TCP port 179 streams. It knows nothing of the bgp package
// (so that the bgp package's own tests can import it without a cycle;
// package mrt uses the standard library only for the same reason).
//
// The nested interop module imports it too: Go's internal rule is about
// import paths, and github.com/bgplens/bgplens/interop lies under
// github.com/bgplens/bgplens, so the import is allowed across the module
// boundary.
package testcorpus

import (
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// Family is an AFI/SAFI pair (RFC 4760 §3).
type Family struct {
	AFI  uint16
	SAFI uint8
}

// AllFamilies lists the families whose NLRI are prefixes: IPv4 and IPv6
// unicast, multicast, labeled unicast (RFC 8277) and MPLS VPN (RFC 4364).
// MRT ADDPATH subtypes mean every NLRI of the message carries a Path
// Identifier (RFC 8050 §3), so messages from such records get this list.
var AllFamilies = []Family{
	{1, 1}, {1, 2}, {1, 4}, {1, 128},
	{2, 1}, {2, 2}, {2, 4}, {2, 128},
}

// Session is the context a message must be read with: whether AS numbers
// are four octets (RFC 6793), whether messages may exceed 4096 octets
// (RFC 8654), and which families carry ADD-PATH Path Identifiers
// (RFC 7911). It mirrors bgp.Session without importing it.
type Session struct {
	AS4         bool
	ExtendedMsg bool
	AddPath     []Family
}

// HasAddPath reports whether NLRI of f carry Path Identifiers.
func (s Session) HasAddPath(f Family) bool {
	for _, g := range s.AddPath {
		if g == f {
			return true
		}
	}
	return false
}

// Message is one BGP message found in a file.
type Message struct {
	// Data is the whole message, header included. For MRT it is the rest
	// of the record after the BGP4MP peer header; for pcap the bytes the
	// header's length covers (fewer if the stream ended early: Partial).
	Data    []byte
	Session Session
	// Rec is the MRT record number or the pcap packet number (both from
	// 0) where the message ends; Off is the record's offset in the
	// decompressed MRT file (0 for pcap).
	Rec, Off int
	// Flow names the TCP flow of a pcap message ("a:p>b:q"); "" for MRT.
	Flow string
	// Partial is set when the capture ended before the message did.
	Partial bool
	// Damaged is set for an MRT message whose peer header was cut short
	// (see ReadMRT); the message itself is intact.
	Damaged bool
}

// Type returns the message type octet, or 0 if Data is shorter than the
// 19-octet header.
func (m Message) Type() uint8 {
	if len(m.Data) < 19 {
		return 0
	}
	return m.Data[18]
}

// Dir returns the absolute path of the repository's testdata directory,
// found from this source file, so that tests in any package or nested
// module can use it.
func Dir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "testdata"
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata")
}

// ReadFile reads a file under Dir (rel uses forward slashes) and
// decompresses it when its name ends in .gz or .bz2.
func ReadFile(rel string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(Dir(), filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	switch {
	case strings.HasSuffix(rel, ".gz"):
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		return io.ReadAll(zr)
	case strings.HasSuffix(rel, ".bz2"):
		return io.ReadAll(bzip2.NewReader(bytes.NewReader(b)))
	}
	return b, nil
}

// IsCapture reports whether rel names a pcap or pcapng file (by suffix).
func IsCapture(rel string) bool {
	return strings.HasSuffix(rel, ".pcap") || strings.HasSuffix(rel, ".pcapng") || strings.HasSuffix(rel, ".cap")
}

// Load reads the file rel and returns its BGP messages: MRT files through
// ReadMRT, captures through ReadCapture with Hint(rel) as the session of
// flows whose OPENs are not in the capture.
func Load(rel string) ([]Message, error) {
	hint := Hint(rel)
	b, err := ReadFile(rel)
	if err != nil {
		return nil, err
	}
	if IsCapture(rel) {
		msgs, _, err := ReadCapture(b, hint)
		return msgs, err
	}
	return ReadMRT(b)
}

// Sources are the directories of Dir that hold third-party captures and
// MRT dumps, one per upstream project (testdata/README.md). Other
// directories of testdata/ belong to other tests.
var Sources = []string{
	"bgpdump", "bgpkit-parser", "libbgpstream", "mrtparse", "netgauze",
	"os-ken", "pmacct", "tcpdump", "traffic-reproducer",
}

// Files returns the data files under the Sources directories of Dir, as
// paths relative to Dir with forward slashes, sorted.
func Files() ([]string, error) {
	var out []string
	for _, src := range Sources {
		root := filepath.Join(Dir(), src)
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, err := filepath.Rel(Dir(), p)
			out = append(out, filepath.ToSlash(rel))
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// hints are the sessions of captures that hold no OPEN, read off the
// messages themselves (tcpdump's expected output agrees): 2-octet AS_PATHs,
// and ADD-PATH in tcpdump's hand-made ADD-PATH vector.
var hints = map[string]Session{
	"tcpdump/tests/bgp-addpath.pcap":             {AddPath: AllFamilies},
	"tcpdump/tests/bgp-aigp-2.pcap":              {},
	"tcpdump/tests/bgp-rt-prefix.pcap":           {},
	"tcpdump/tests/mpbgp-linklocal-nexthop.pcap": {},
}

// Hint returns the session for flows of the capture rel whose OPENs were
// not captured: 4-octet AS numbers unless the file is known otherwise.
func Hint(rel string) Session {
	if h, ok := hints[rel]; ok {
		return h
	}
	return Session{AS4: true}
}
