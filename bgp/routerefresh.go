package bgp

import (
	"encoding/binary"
	"strconv"
)

// Offsets of the ROUTE-REFRESH fields, from the first marker octet
// (RFC 2918 §3, RFC 7313 §3.2, RFC 5291).
const (
	OffRouteRefreshAFI     = HeaderLen     // AFI, 2 octets
	OffRouteRefreshSubtype = HeaderLen + 2 // Message Subtype (RFC 2918: Reserved), 1 octet
	OffRouteRefreshSAFI    = HeaderLen + 3 // SAFI, 1 octet
	OffRouteRefreshORF     = HeaderLen + 4 // ORF entries, when ORF is in use (RFC 5291)

	// RouteRefreshLen is the length of a ROUTE-REFRESH without ORF entries.
	RouteRefreshLen = HeaderLen + 4
)

// RefreshSubtype is the Message Subtype of a ROUTE-REFRESH (RFC 7313 §3.2;
// IANA "BGP Route Refresh Subcodes"). RFC 2918 named the octet Reserved
// and sent 0.
type RefreshSubtype uint8

// ROUTE-REFRESH message subtypes.
const (
	RefreshNormal   RefreshSubtype = 0   // route refresh request, RFC 2918 §3 (with ORF: RFC 5291)
	RefreshBoRR     RefreshSubtype = 1   // Beginning of Route Refresh, RFC 7313 §3.2
	RefreshEoRR     RefreshSubtype = 2   // End of Route Refresh, RFC 7313 §3.2
	RefreshReserved RefreshSubtype = 255 // Reserved, RFC 7313
)

var refreshSubtypeNames = map[RefreshSubtype]string{
	RefreshNormal:   "Route-Refresh",
	RefreshBoRR:     "BoRR",
	RefreshEoRR:     "EoRR",
	RefreshReserved: "Reserved",
}

// String returns the IANA name of the subtype, e.g. "BoRR", or
// "RefreshSubtype(N)" when unassigned.
func (t RefreshSubtype) String() string {
	if s, ok := refreshSubtypeNames[t]; ok {
		return s
	}
	return UnnamedCode(t, "RefreshSubtype")
}

// Known reports whether t is 0, 1 or 2. RFC 7313 §5 says to ignore a
// ROUTE-REFRESH of any other subtype.
func (t RefreshSubtype) Known() bool { return t <= RefreshEoRR }

// RouteRefresh is a ROUTE-REFRESH message (RFC 2918 §3, RFC 7313 §3.2).
//
// ORF holds the octets after the SAFI, kept raw so that re-encoding gives
// back the same message: the When-to-refresh octet and ORF entries of a
// route refresh request when Outbound Route Filtering is in use (RFC 5291),
// or whatever follows in a message of unknown subtype, which RFC 7313
// §5 says to ignore. From a decoder ORF aliases the input; it is empty
// otherwise.
type RouteRefresh struct {
	Family  Family
	Subtype RefreshSubtype
	ORF     []byte
}

// DecodeRouteRefresh decodes the ROUTE-REFRESH message msg, header
// included, for a session without Outbound Route Filtering; see
// DecodeRouteRefreshORF for sessions that negotiated it.
//
// The message must be exactly 23 octets. RFC 7313 §5 answers any other
// length of a BoRR or EoRR with ROUTE-REFRESH Message Error/Invalid Message
// Length whose Data is the complete message; bgplens gives the same error
// for a request (subtype 0), for which RFC 2918 defines no error of its
// own, and for lengths below 23 that ParseHeader would call a Bad Message
// Length. A message of unknown subtype is decoded, not rejected: RFC 7313
// §5 says to ignore it (see RefreshSubtype.Known); any octets after its
// SAFI are kept in ORF. Bytes after the message are ignored. Offsets are
// from the first marker octet.
func DecodeRouteRefresh(msg []byte, s Session) (RouteRefresh, error) {
	return decodeRouteRefresh(msg, s, false)
}

// DecodeRouteRefreshORF is DecodeRouteRefresh for a session that
// negotiated the Outbound Route Filtering capability (RFC 5291): a route
// refresh request (subtype 0) may then be longer than 23 octets, the rest
// being its When-to-refresh octet and ORF entries, kept raw in ORF. BoRR
// and EoRR must still be 23 octets (RFC 7313 §5).
func DecodeRouteRefreshORF(msg []byte, s Session) (RouteRefresh, error) {
	return decodeRouteRefresh(msg, s, true)
}

func decodeRouteRefresh(msg []byte, s Session, orf bool) (RouteRefresh, error) {
	h, err := ParseHeader(msg, s)
	if err != nil {
		// ParseHeader calls a ROUTE-REFRESH shorter than 23 octets a Bad
		// Message Length; RFC 7313 §5 has a more precise error for it.
		e, ok := err.(*Error)
		if !ok || h.Type != MsgRouteRefresh || e.Subcode != SubBadMessageLength || h.Length < HeaderLen || int(h.Length) >= RouteRefreshLen {
			return RouteRefresh{}, err
		}
		if len(msg) < int(h.Length) {
			return RouteRefresh{}, errTrunc(len(msg), "message shorter than its length field")
		}
		return RouteRefresh{}, errRefreshLength(msg[:h.Length:h.Length], "ROUTE-REFRESH shorter than 23 octets")
	}
	if msg, err = cutMessage(msg, h, MsgRouteRefresh, "not a ROUTE-REFRESH message"); err != nil {
		return RouteRefresh{}, err
	}
	r := RouteRefresh{
		Family:  Family{AFI: AFI(binary.BigEndian.Uint16(msg[OffRouteRefreshAFI:])), SAFI: SAFI(msg[OffRouteRefreshSAFI])},
		Subtype: RefreshSubtype(msg[OffRouteRefreshSubtype]),
	}
	if len(msg) > RouteRefreshLen {
		switch {
		case r.Subtype == RefreshBoRR || r.Subtype == RefreshEoRR:
			return RouteRefresh{}, errRefreshLength(msg, "BoRR or EoRR longer than 23 octets")
		case r.Subtype == RefreshNormal && !orf:
			return RouteRefresh{}, errRefreshLength(msg, "ROUTE-REFRESH longer than 23 octets without ORF")
		}
		r.ORF = msg[OffRouteRefreshORF:]
	}
	return r, nil
}

// errRefreshLength is the RFC 7313 §5 error: Data is the whole message.
func errRefreshLength(msg []byte, reason string) *Error {
	e := newErr(OffLength, CodeRouteRefresh, SubInvalidMessageLength, SessionReset, reason)
	e.Data = msg
	return e
}

// Type returns MsgRouteRefresh.
func (r RouteRefresh) Type() MessageType { return MsgRouteRefresh }

// Append appends the whole ROUTE-REFRESH message, header included, to dst.
// It fails, leaving dst as it was, for a BoRR or EoRR with ORF octets
// (RFC 7313 §5 fixes their length at 23) and when the message would exceed
// what the session allows.
func (r RouteRefresh) Append(dst []byte, s Session) ([]byte, error) {
	if len(r.ORF) > 0 && (r.Subtype == RefreshBoRR || r.Subtype == RefreshEoRR) {
		return dst, newErr(OffRouteRefreshORF, CodeRouteRefresh, SubInvalidMessageLength, SessionReset, "BoRR or EoRR cannot carry ORF entries")
	}
	start := len(dst)
	dst = appendHeader(dst, MsgRouteRefresh)
	dst = binary.BigEndian.AppendUint16(dst, uint16(r.Family.AFI))
	dst = append(dst, byte(r.Subtype), byte(r.Family.SAFI))
	dst = append(dst, r.ORF...)
	return fixLength(dst, start, s, MsgRouteRefresh)
}

// String describes the message, e.g. "BoRR IPv4 Unicast" or
// "Route-Refresh IPv6 Unicast, ORF 9 octets".
func (r RouteRefresh) String() string {
	b := make([]byte, 0, 48)
	b = append(b, r.Subtype.String()...)
	b = append(b, ' ')
	b = append(b, r.Family.String()...)
	if len(r.ORF) > 0 {
		b = append(b, ", ORF "...)
		b = strconv.AppendInt(b, int64(len(r.ORF)), 10)
		b = append(b, " octets"...)
	}
	return string(b)
}
