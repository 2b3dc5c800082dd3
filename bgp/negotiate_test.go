package bgp

import (
	"net/netip"
	"reflect"
	"testing"
)

func TestNegotiate(t *testing.T) {
	id := netip.MustParseAddr("192.0.2.1")
	mp := func(f Family) Capability { return NewCapability(CapMultiprotocol{Family: f}) }
	ap := func(e ...AddPathEntry) Capability { return NewCapability(CapAddPath{Entries: e}) }
	ext := NewCapability(CapExtendedMessage{})
	// open4 sends capability 65 (NewOpen adds it); open2 is a 2-octet AS
	// speaker that does not.
	open4 := func(caps ...Capability) Open { return NewOpen(65001, 90, id, caps...) }
	open2 := func(caps ...Capability) Open {
		o := Open{Version: 4, MyAS: 65002, HoldTime: 90, BGPIdentifier: id}
		for _, c := range caps {
			o.Params = append(o.Params, OptParam{Type: OptParamCapabilities, Caps: []Capability{c}})
		}
		return o
	}
	v4, v6 := IPv4Unicast, IPv6Unicast
	none := Session{}
	as4 := Session{AS4: true}

	for _, c := range []struct {
		name           string
		sent, received Open
		recv, send     Session
	}{
		{"both AS4", open4(), open4(), as4, as4},
		{"2-octet AS peer", open4(), open2(), none, none},
		{"2-octet AS local", open2(), open4(), none, none},
		{"malformed AS4 from peer", open4(), open2(Capability{Code: CapCodeAS4, Value: CapRaw{Data: []byte{1}}}), none, none},
		{"extended messages both", open4(ext), open4(ext), Session{AS4: true, ExtendedMsg: true}, Session{AS4: true, ExtendedMsg: true}},
		{"extended messages local only", open4(ext), open4(), as4, as4},
		{"extended messages peer only", open4(), open4(ext), as4, as4},
		{"add-path local receive, peer send", open4(ap(AddPathEntry{v4, AddPathReceive})), open4(ap(AddPathEntry{v4, AddPathSend})),
			as4.WithAddPath(v4, true), as4},
		{"add-path local send, peer receive", open4(ap(AddPathEntry{v4, AddPathSend})), open4(ap(AddPathEntry{v4, AddPathReceive})),
			as4, as4.WithAddPath(v4, true)},
		{"add-path both ways", open4(ap(AddPathEntry{v4, AddPathBoth})), open4(ap(AddPathEntry{v4, AddPathBoth})),
			as4.WithAddPath(v4, true), as4.WithAddPath(v4, true)},
		{"add-path both receive: nothing", open4(ap(AddPathEntry{v4, AddPathReceive})), open4(ap(AddPathEntry{v4, AddPathReceive})), as4, as4},
		{"add-path both send: nothing", open4(ap(AddPathEntry{v4, AddPathSend})), open4(ap(AddPathEntry{v4, AddPathSend})), as4, as4},
		{"add-path local both, peer send", open4(ap(AddPathEntry{v4, AddPathBoth})), open4(ap(AddPathEntry{v4, AddPathSend})),
			as4.WithAddPath(v4, true), as4},
		{"add-path local only", open4(ap(AddPathEntry{v4, AddPathBoth})), open4(), as4, as4},
		{"add-path different families", open4(ap(AddPathEntry{v4, AddPathBoth})), open4(ap(AddPathEntry{v6, AddPathBoth})), as4, as4},
		{"add-path per family",
			open4(ap(AddPathEntry{v4, AddPathBoth}, AddPathEntry{v6, AddPathReceive})),
			open4(ap(AddPathEntry{v6, AddPathBoth}, AddPathEntry{v4, AddPathReceive})),
			as4.WithAddPath(v6, true), as4.WithAddPath(v4, true)},
		{"add-path with a 2-octet AS peer", open4(ap(AddPathEntry{v4, AddPathBoth})), open2(ap(AddPathEntry{v4, AddPathBoth})),
			none.WithAddPath(v4, true), none.WithAddPath(v4, true)},
		{"add-path first entry counts", open4(ap(AddPathEntry{v4, AddPathReceive}, AddPathEntry{v4, AddPathSend})), open4(ap(AddPathEntry{v4, AddPathBoth})),
			as4.WithAddPath(v4, true), as4},
		{"malformed add-path ignored", open4(ap(AddPathEntry{v4, AddPathBoth})),
			open4(Capability{Code: CapCodeAddPath, Value: CapRaw{Data: []byte{0, 1, 1, 3}}}), as4, as4},
		{"everything", open4(mp(v4), mp(v6), ext, ap(AddPathEntry{v4, AddPathBoth}, AddPathEntry{v6, AddPathBoth})),
			open4(mp(v4), mp(v6), ext, ap(AddPathEntry{v4, AddPathSend}, AddPathEntry{v6, AddPathReceive})),
			Session{AS4: true, ExtendedMsg: true}.WithAddPath(v4, true), Session{AS4: true, ExtendedMsg: true}.WithAddPath(v6, true)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Negotiate(c.sent, c.received, Receive); got != c.recv {
				t.Errorf("receive: %+v, want %+v", got, c.recv)
			}
			if got := Negotiate(c.sent, c.received, Send); got != c.send {
				t.Errorf("send: %+v, want %+v", got, c.send)
			}
			// Seen from the peer, the directions swap.
			if got := Negotiate(c.received, c.sent, Send); got != c.recv {
				t.Errorf("peer's send: %+v, want %+v", got, c.recv)
			}
		})
	}
}

func TestNegotiateFromWire(t *testing.T) {
	// The FRR OPEN advertises ADD-PATH IPv4 unicast send/receive and IPv6
	// unicast receive; against itself IPv4 unicast carries Path
	// Identifiers both ways and IPv6 unicast neither way (nobody sends).
	o, err := DecodeOpen(unhex(t, frrOpen))
	if err != nil {
		t.Fatal(err)
	}
	want := Session{AS4: true, ExtendedMsg: true}.WithAddPath(IPv4Unicast, true)
	if got := Negotiate(o, o, Receive); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	c, err := DecodeOpen(unhex(t, ciscoOpen))
	if err != nil {
		t.Fatal(err)
	}
	if got := Negotiate(o, c, Receive); got != (Session{AS4: true}) {
		t.Errorf("FRR vs Cisco: %+v", got)
	}
	if got := NegotiatedFamilies(o, c); !reflect.DeepEqual(got, []Family{IPv4Unicast, IPv6Unicast}) {
		t.Errorf("families %v", got)
	}
}

func TestNegotiatedFamilies(t *testing.T) {
	id := netip.MustParseAddr("192.0.2.1")
	mp := func(fs ...Family) Open {
		var caps []Capability
		for _, f := range fs {
			caps = append(caps, NewCapability(CapMultiprotocol{Family: f}))
		}
		return NewOpen(65001, 90, id, caps...)
	}
	for _, c := range []struct {
		name           string
		sent, received Open
		want           []Family
	}{
		{"neither sends Multiprotocol", mp(), mp(), []Family{IPv4Unicast}},
		{"intersection in sent order", mp(IPv6Unicast, IPv4VPN, IPv4Unicast), mp(IPv4Unicast, IPv6Unicast), []Family{IPv6Unicast, IPv4Unicast}},
		{"disjoint", mp(IPv6Unicast), mp(IPv4Unicast), nil},
		{"peer without Multiprotocol speaks IPv4 unicast", mp(IPv4Unicast, IPv6Unicast), mp(), []Family{IPv4Unicast}},
		{"local without Multiprotocol, peer IPv6 only", mp(), mp(IPv6Unicast), nil},
		{"duplicates once", mp(IPv4Unicast, IPv4Unicast), mp(IPv4Unicast), []Family{IPv4Unicast}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := NegotiatedFamilies(c.sent, c.received); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}
