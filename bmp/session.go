package bmp

import (
	"bytes"

	"github.com/bgplens/bgplens/bgp"
)

// MismatchKind names a disagreement between a Peer Up and what it claims.
type MismatchKind uint8

// Disagreements Session reports.
const (
	// MismatchBadOpen: an OPEN of the Peer Up does not parse, so its
	// capabilities are unknown and count as absent.
	MismatchBadOpen MismatchKind = iota + 1
	// MismatchAFlag: the A flag (2-octet AS_PATH, RFC 7854 §4.2) disagrees
	// with the 4-octet AS capability (RFC 6793) of the OPENs.
	MismatchAFlag
	// MismatchPeerAS: the Peer AS of the per-peer header is not the AS of
	// the peer's OPEN.
	MismatchPeerAS
	// MismatchBGPID: the Peer BGP ID of the per-peer header is not the BGP
	// Identifier of the peer's OPEN.
	MismatchBGPID
	// MismatchLocRIBOpens: for a Loc-RIB peer the Received OPEN must repeat
	// the Sent OPEN (RFC 9069 §5.2).
	MismatchLocRIBOpens
	// MismatchLocRIBNoAS4: the fabricated OPEN of a Loc-RIB peer must carry
	// the 4-octet AS capability (RFC 9069 §5.2).
	MismatchLocRIBNoAS4
)

var mismatchNames = [...]string{"", "bad-open", "a-flag", "peer-as", "bgp-id", "loc-rib-opens", "loc-rib-no-as4"}

// String returns a short name, e.g. "a-flag".
func (k MismatchKind) String() string {
	if int(k) < len(mismatchNames) && k != 0 {
		return mismatchNames[k]
	}
	return "MismatchKind(?)"
}

// Mismatch is one disagreement found while deriving a session from a Peer
// Up. Reason is a constant sentence.
type Mismatch struct {
	Kind   MismatchKind
	Reason string
}

// Session derives the context of the monitored BGP session for the RIB
// rib from the Peer Up's OPEN messages, and reports every disagreement.
//
//   - Adj-RIB-In (pre- and post-policy): the UPDATEs are those the peer
//     sent and the router received, so the session is
//     bgp.Negotiate(Sent OPEN, Received OPEN, bgp.Receive): ADD-PATH where
//     the router advertised receive and the peer send (RFC 7911 §4).
//   - Adj-RIB-Out (the O flag, RFC 8671): the UPDATEs flow from the router
//     to the peer: bgp.Send.
//   - Loc-RIB (RFC 9069 §5.2): the router fabricates the OPEN, sent and
//     received alike; UPDATEs use 4-octet AS numbers (§5.4), and every
//     family its ADD-PATH capability lists carries Path Identifiers,
//     whatever the send/receive mode says.
//
// For the other peer types, AS4 is the negotiated 4-octet AS capability,
// cleared when the per-peer header sets the A flag (RFC 7854 §4.2: the
// legacy 2-octet AS_PATH format); when an OPEN does not parse, the A flag
// alone says it. ExtendedMsg is what the OPENs negotiate
// (RFC 8654).
//
// The capabilities are a first hypothesis: real exporters do not always
// encode Route Monitoring as they say (see Peers). Session decodes both
// OPENs and allocates; call it once per Peer Up.
func (v PeerUpView) Session(rib RIB) (bgp.Session, []Mismatch) {
	return deriveSession(v.Peer(), v.SentOpen(), v.ReceivedOpen(), rib)
}

// Session is PeerUpView.Session for the owned form.
func (m PeerUp) Session(rib RIB) (bgp.Session, []Mismatch) {
	return deriveSession(m.Peer, m.SentOpen, m.ReceivedOpen, rib)
}

// decodeOpenLoose decodes an OPEN whose layout frames, even if a field
// value is wrong (bgp.ParseOpen then still gives a complete view).
func decodeOpenLoose(msg []byte) (bgp.Open, bool) {
	v, _ := bgp.ParseOpen(msg)
	if !v.Framed() {
		return bgp.Open{}, false
	}
	o, err := v.Decode()
	return o, err == nil
}

func deriveSession(p PeerHeader, sent, rcvd []byte, rib RIB) (bgp.Session, []Mismatch) {
	o := decodeOpens(sent, rcvd)
	return o.derive(p, rib)
}

// peerOpens is a Peer Up's two OPENs, decoded once for every RIB whose
// session they give.
type peerOpens struct {
	sent, rcvd []byte
	so, ro     bgp.Open
	okS, okR   bool
}

func decodeOpens(sent, rcvd []byte) *peerOpens {
	o := &peerOpens{sent: sent, rcvd: rcvd}
	o.so, o.okS = decodeOpenLoose(sent)
	o.ro, o.okR = decodeOpenLoose(rcvd)
	return o
}

// derive is deriveSession from decoded OPENs.
func (o *peerOpens) derive(p PeerHeader, rib RIB) (bgp.Session, []Mismatch) {
	var ms []Mismatch
	sent, rcvd, so, ro, okS, okR := o.sent, o.rcvd, o.so, o.ro, o.okS, o.okR
	if !okS {
		ms = append(ms, Mismatch{MismatchBadOpen, "the Sent OPEN does not parse"})
	}
	if !okR {
		ms = append(ms, Mismatch{MismatchBadOpen, "the Received OPEN does not parse"})
	}

	if p.Type == PeerLocRIB || rib == RIBLoc {
		if !bytes.Equal(sent, rcvd) {
			ms = append(ms, Mismatch{MismatchLocRIBOpens, "Loc-RIB Received OPEN does not repeat the Sent OPEN (RFC 9069 §5.2)"})
		}
		s := bgp.Session{AS4: true}
		hasAS4 := false
		for _, c := range so.Capabilities() {
			switch v := c.Value.(type) {
			case bgp.CapAS4:
				hasAS4 = hasAS4 || c.Code == bgp.CapCodeAS4
			case bgp.CapExtendedMessage:
				s.ExtendedMsg = s.ExtendedMsg || c.Code == bgp.CapCodeExtendedMessage
			case bgp.CapAddPath:
				if c.Code == bgp.CapCodeAddPath {
					for _, e := range v.Entries {
						s = s.WithAddPath(e.Family, true)
					}
				}
			}
		}
		if okS && !hasAS4 {
			ms = append(ms, Mismatch{MismatchLocRIBNoAS4, "Loc-RIB OPEN lacks the 4-octet AS capability (RFC 9069 §5.2)"})
		}
		ms = checkIdentity(ms, p, so, okS)
		return s, ms
	}

	dir := bgp.Receive
	if rib.Out() {
		dir = bgp.Send
	}
	s := bgp.Negotiate(so, ro, dir)
	if !okS || !okR {
		// One side's capabilities are unknown (FRR sends a bare 19-octet
		// header as the Received OPEN when it has none, FRRouting/frr
		// PR 23398): the A flag is all that is left to say the AS width
		// (RFC 7854 §4.2), and nothing to disagree with.
		s.AS4 = !p.AS2()
	} else if p.AS2() == s.AS4 {
		if s.AS4 {
			ms = append(ms, Mismatch{MismatchAFlag, "A flag set (2-octet AS_PATH) but the OPENs negotiate 4-octet AS numbers"})
		} else {
			ms = append(ms, Mismatch{MismatchAFlag, "A flag clear (4-octet AS_PATH) but the OPENs do not negotiate 4-octet AS numbers"})
		}
	}
	s.AS4 = s.AS4 && !p.AS2()
	ms = checkIdentity(ms, p, ro, okR)
	return s, ms
}

// checkIdentity compares the Peer AS and Peer BGP ID of the per-peer
// header with the OPEN of the peer (for a Loc-RIB peer, the router's own).
func checkIdentity(ms []Mismatch, p PeerHeader, o bgp.Open, ok bool) []Mismatch {
	if !ok {
		return ms
	}
	if o.AS() != p.AS {
		ms = append(ms, Mismatch{MismatchPeerAS, "Peer AS differs from the AS of the peer's OPEN"})
	}
	if o.BGPIdentifier != p.BGPID {
		ms = append(ms, Mismatch{MismatchBGPID, "Peer BGP ID differs from the BGP Identifier of the peer's OPEN"})
	}
	return ms
}
