package bgp

import "slices"

// Negotiate returns the Session that one direction of a BGP session uses,
// given the OPEN the local speaker sent and the OPEN it received from the
// peer. Only well-formed capabilities count: a malformed one (decoded as
// CapRaw) is as good as absent.
//
//   - AS4: both OPENs carry the 4-octet AS capability (RFC 6793 §3); the
//     same in both directions.
//   - ExtendedMsg: both OPENs carry the Extended Message capability (RFC
//     8654 §3: a speaker may send extended messages only to a peer that
//     advertised the capability, and accepts them only if it advertised
//     it itself); the same in both directions.
//   - ADD-PATH for family F (RFC 7911 §4): in the Receive direction, the
//     local speaker advertised that it can receive (1 or 3) and the peer
//     that it can send (2 or 3); in the Send direction, the reverse. When
//     an OPEN lists F more than once, its first entry counts.
func Negotiate(sent, received Open, dir Direction) Session {
	local, peer := summarize(sent), summarize(received)
	s := Session{AS4: local.as4 && peer.as4, ExtendedMsg: local.extMsg && peer.extMsg}
	for _, e := range local.addPath {
		if local.addPathMode(e.Family) != e.Mode {
			continue // a later duplicate entry
		}
		pm := peer.addPathMode(e.Family)
		on := e.Mode.Receive() && pm.Send()
		if dir == Send {
			on = e.Mode.Send() && pm.Receive()
		}
		if on {
			s = s.WithAddPath(e.Family, true)
		}
	}
	return s
}

// NegotiatedFamilies returns the address families both OPENs advertise
// with the Multiprotocol Extensions capability, in the order of sent,
// without duplicates. RFC 4760 §8 asks each speaker to advertise a family
// for routes of that family to be exchanged. A speaker that sends no
// Multiprotocol capability at all speaks plain BGP-4, whose UPDATEs carry
// IPv4 unicast routes (RFC 4271 §4.3): it is taken to support IPv4
// unicast only, so two such speakers negotiate IPv4 unicast.
func NegotiatedFamilies(sent, received Open) []Family {
	a, b := mpFamilies(sent), mpFamilies(received)
	var out []Family
	for _, f := range a {
		if slices.Contains(b, f) && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func mpFamilies(o Open) []Family {
	var fs []Family
	for _, p := range o.Params {
		if p.Type != OptParamCapabilities {
			continue
		}
		for _, c := range p.Caps {
			if v, ok := c.Value.(CapMultiprotocol); ok && c.Code == CapCodeMultiprotocol {
				fs = append(fs, v.Family)
			}
		}
	}
	if len(fs) == 0 {
		return []Family{IPv4Unicast}
	}
	return fs
}

// capSummary is what negotiation needs from one OPEN.
type capSummary struct {
	as4, extMsg bool
	addPath     []AddPathEntry
}

func summarize(o Open) capSummary {
	var s capSummary
	for _, p := range o.Params {
		if p.Type != OptParamCapabilities {
			continue
		}
		for _, c := range p.Caps {
			switch v := c.Value.(type) {
			case CapAS4:
				s.as4 = s.as4 || c.Code == CapCodeAS4
			case CapExtendedMessage:
				s.extMsg = s.extMsg || c.Code == CapCodeExtendedMessage
			case CapAddPath:
				if c.Code == CapCodeAddPath {
					s.addPath = append(s.addPath, v.Entries...)
				}
			}
		}
	}
	return s
}

// addPathMode returns the mode of the first entry for f, or 0.
func (s capSummary) addPathMode(f Family) AddPathMode {
	for _, e := range s.addPath {
		if e.Family == f {
			return e.Mode
		}
	}
	return 0
}
