package mrtbgp

import (
	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/mrt"
)

// RIBFamily is the family of a TABLE_DUMP_V2 RIB record's routes.
func RIBFamily(rib *mrt.RIB) bgp.Family {
	return bgp.Family{AFI: bgp.AFI(rib.AFI), SAFI: bgp.SAFI(rib.SAFI)}
}

// RIBSession is the session a RIB record's entries are read with:
// 4-octet AS numbers (RFC 6396 §4.3.4), and ADD-PATH for the record's
// family when its entries carry Path Identifiers.
func RIBSession(rib *mrt.RIB) bgp.Session {
	if !rib.AddPath {
		return bgp.Session{AS4: true}
	}
	return bgp.Session{AS4: true}.WithAddPath(RIBFamily(rib), true)
}

// RIBPath returns the path of entry e of the RIB record rib, a view over
// the entry's attributes (bgp.ReadRIBPath: the abbreviated MP_REACH_NLRI
// read as RFC 6396 §4.3.4 says), with RIBSession. It does not allocate.
// The error is that of the first attribute that does not frame.
func RIBPath(rib *mrt.RIB, e mrt.RIBEntry) (bgp.Path, error) {
	return bgp.ReadRIBPath(e.Attrs, RIBSession(rib), RIBFamily(rib))
}

// RIBNLRI returns the record's NLRI as the NLRI of an MP_REACH_NLRI of
// its family, for its Routes (the prefix, with its labels and RD in the
// families that have them) or Entries (families whose NLRI are not
// prefixes). Path Identifiers are the entries' (RIBEntry.PathID), not
// the NLRI's. It has no next hop: RIBPath's MPReach has that.
func RIBNLRI(rib *mrt.RIB) bgp.MPReachView {
	return bgp.MPReachView{Family: RIBFamily(rib), NLRI: rib.NLRI, NLRIOff: rib.NLRIOff}
}

// TableDumpFamily is the family of a TABLE_DUMP entry: unicast of its
// prefix's address family.
func TableDumpFamily(v *mrt.TableDump) bgp.Family {
	if v.Prefix.Addr().Is6() {
		return bgp.IPv6Unicast
	}
	return bgp.IPv4Unicast
}

// TableDumpSession is the session TABLE_DUMP entries are read with:
// 2-octet AS numbers, no ADD-PATH.
func TableDumpSession() bgp.Session { return bgp.Session{} }

// TableDumpPath returns the path of a TABLE_DUMP entry, read with
// TableDumpSession. It does not allocate.
func TableDumpPath(v *mrt.TableDump) (bgp.Path, error) {
	return bgp.ReadRIBPath(v.Attrs, TableDumpSession(), TableDumpFamily(v))
}
