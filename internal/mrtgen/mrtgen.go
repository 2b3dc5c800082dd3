// Package mrtgen writes a full-table-like TABLE_DUMP_V2 RIB dump (RFC 6396
// §4.3) for the MRT speed comparison (make compare-mrt, internal/tools/mrtgen)
// and the benchmarks: the shared test data hold no full table. Its
// attribute sets are the real ones of the RIB dumps in testdata/ (every
// distinct set of their entries, AS paths, communities and all), given to
// generated prefixes and peers.
//
// Prefixes are drawn with the length mix of a real IPv4 table (most /24);
// each peer has a route for 90% of them, with a set picked by prefix and
// peer, so that entries per record and sets per peer look like a
// collector's.
package mrtgen

import (
	"io"
	"io/fs"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/internal/testcorpus"
	"github.com/bgplens/bgplens/mrt"
)

// RealSets collects the distinct attribute sets of the IPv4 unicast RIB
// entries of testdata's TABLE_DUMP_V2 and TABLE_DUMP dumps (in 4-octet AS
// numbers, no MP_REACH_NLRI: they go with any IPv4 prefix).
func RealSets() ([][]byte, error) {
	seen := map[string]bool{}
	var sets [][]byte
	err := filepath.WalkDir(filepath.Join(testcorpus.Dir(), "mrt"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(p, "test_expect") || strings.HasSuffix(p, ".md") {
			return err
		}
		fh, err := os.Open(p)
		if err != nil {
			return err
		}
		defer fh.Close()
		r, err := mrt.NewReader(fh)
		if err != nil {
			return nil
		}
		defer r.Close()
		for {
			rec, err := r.Next()
			if err != nil {
				return nil
			}
			if rec.Kind() == mrt.KindTableDump {
				// 2-octet AS numbers: written as TABLE_DUMP_V2 holds them.
				for v, err := range rec.TableDumps() {
					if err != nil || !v.Prefix.Addr().Is4() {
						break
					}
					path, err := bgp.ReadPath(v.Attrs, bgp.Session{})
					if err != nil {
						continue
					}
					if b, err := path.AppendAS4(nil); err == nil && !seen[string(b)] {
						seen[string(b)] = true
						sets = append(sets, b)
					}
				}
				continue
			}
			if rec.Kind() != mrt.KindRIB || rec.Header.Subtype != 2 {
				continue
			}
			v, err := rec.RIB()
			if err != nil {
				continue
			}
			for _, e := range v.All() {
				if k := string(e.Attrs); !seen[k] && len(e.Attrs) > 0 {
					seen[k] = true
					sets = append(sets, []byte(k))
				}
			}
		}
	})
	return sets, err
}

// lengths is the prefix length mix of a real IPv4 table, per 100.
var lengths = LengthMix{{24, 60}, {23, 8}, {22, 10}, {21, 5}, {20, 5}, {19, 3}, {18, 2}, {17, 1}, {16, 5}, {12, 1}}

// LengthMix is a mix of prefix lengths: each length with its weight.
type LengthMix []struct{ Bits, Weight int }

// Pick draws a length from r with the mix's weights (one r.IntN of their
// sum, which must be positive).
func (m LengthMix) Pick(r *rand.Rand) int {
	total := 0
	for _, l := range m {
		total += l.Weight
	}
	n := r.IntN(total)
	for _, l := range m[:len(m)-1] {
		if n < l.Weight {
			return l.Bits
		}
		n -= l.Weight
	}
	return m[len(m)-1].Bits
}

// Write writes the PEER_INDEX_TABLE and the RIB records of a table of
// prefixes distinct prefixes and npeers peers, the sets given to the
// entries in turn; it returns how many entries it wrote.
func Write(w io.Writer, prefixes, npeers int, seed uint64, sets [][]byte) (entries int, err error) {
	r := rand.New(rand.NewPCG(seed, 7))
	const ts = 1700000000
	index := mrt.PeerIndexTable{CollectorID: netip.MustParseAddr("192.0.2.250"), ViewName: []byte("mrtgen")}
	for i := range npeers {
		ip := netip.AddrFrom4([4]byte{198, 51, byte(100 + i/250), byte(1 + i%250)})
		index.Peers = append(index.Peers, mrt.Peer{Type: mrt.PeerTypeAS4, BGPID: ip, IP: ip, AS: uint32(64500 + i)})
	}
	var buf []byte
	put := func(sub uint16, body mrt.Body) error {
		rec := mrt.Record{Header: mrt.Header{Timestamp: ts, Type: mrt.TypeTableDumpV2, Subtype: sub}, Body: body}
		if buf, err = rec.Append(buf[:0]); err != nil {
			return err
		}
		_, err := w.Write(buf)
		return err
	}
	if err := put(1, &index); err != nil {
		return 0, err
	}
	// Distinct prefixes in ascending order, as dumps list them.
	seen := map[netip.Prefix]bool{}
	list := make([]netip.Prefix, 0, prefixes)
	for len(list) < prefixes {
		bits := lengths.Pick(r)
		a := netip.AddrFrom4([4]byte{byte(1 + r.IntN(222)), byte(r.IntN(256)), byte(r.IntN(256)), 0})
		p, _ := a.Prefix(bits)
		if !seen[p] {
			seen[p] = true
			list = append(list, p)
		}
	}
	sortPrefixes(list)
	rib := mrt.RIB{AFI: 1, SAFI: 1}
	for seq, p := range list {
		rib.Sequence = uint32(seq)
		rib.NLRI = append(rib.NLRI[:0], byte(p.Bits()))
		rib.NLRI = append(rib.NLRI, p.Addr().AsSlice()[:(p.Bits()+7)/8]...)
		rib.Entries = rib.Entries[:0]
		for i := range npeers {
			if r.IntN(10) == 0 {
				continue
			}
			set := sets[(seq*7+i*13)%len(sets)]
			rib.Entries = append(rib.Entries, mrt.RIBEntry{PeerIndex: uint16(i), Originated: ts, Attrs: set})
		}
		entries += len(rib.Entries)
		if err := put(2, &rib); err != nil {
			return entries, err
		}
	}
	return entries, nil
}

func sortPrefixes(l []netip.Prefix) {
	slices.SortFunc(l, func(a, b netip.Prefix) int {
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c
		}
		return a.Bits() - b.Bits()
	})
}
