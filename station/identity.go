package station

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
)

// RouterIdentity is what a router can be named by, most lasting first.
// The station and bgplens dump name routers with it, so that both give a
// router the same name.
type RouterIdentity struct {
	Configured string     // the name configured for its address (router_names)
	SysName    string     // the Initiation's sysName (RFC 7854 §4.4)
	BGPID      netip.Addr // its BGP Identifier, from the OPEN it sent in a Peer Up
	Addr       netip.Addr // where its BMP session comes from
}

// maxNameLen bounds a name taken from what a router sends.
const maxNameLen = 64

// Name returns the router's name: the configured name, else its sysName,
// else its BGP Identifier, else its address. Never the TCP port: it
// changes with every connection, and a name must outlast them (metric
// labels, API URLs, stale routes carried over a reconnection). Characters
// that do not belong in a URL path segment or a label become '_'.
func (id RouterIdentity) Name() string {
	switch {
	case id.Configured != "":
		return id.Configured
	case id.SysName != "":
		return cleanName(id.SysName)
	case id.BGPID.IsValid() && !id.BGPID.IsUnspecified():
		return id.BGPID.String()
	case id.Addr.IsValid():
		return id.Addr.Unmap().String()
	}
	return ""
}

// cleanName keeps letters, digits and "-._:" of s (others become '_'),
// at most maxNameLen octets.
func cleanName(s string) string {
	var b strings.Builder
	for _, c := range s {
		if b.Len() >= maxNameLen {
			break
		}
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '.', c == '_', c == ':':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// sentBGPID returns the BGP Identifier of the OPEN a Peer Up says the
// monitored router sent (for Loc-RIB, the one it fabricated: RFC 9069
// §5.2), which is the router's own.
func sentBGPID(pu bmp.PeerUpView) netip.Addr {
	o, err := bgp.ParseOpen(pu.SentOpen())
	if err != nil {
		return netip.Addr{}
	}
	return o.BGPIdentifier()
}

// Namer settles a router's name from its stream as the station does: at
// the Initiation when it has a sysName (or a name is configured), else at
// the first other message, with the BGP ID of the OPEN it sent when that
// message is a Peer Up. bgplens dump uses it too, so that both name a
// router alike. The zero Namer has no configured name and no address.
type Namer struct {
	ID      RouterIdentity
	name    string
	settled bool
}

// Message reads one message of the stream; it returns the name once it
// is settled (and ok from then on).
func (n *Namer) Message(v bmp.MessageView) (name string, ok bool) {
	if n.settled {
		return n.name, true
	}
	switch v.Type() {
	case bmp.MsgInitiation:
		if in, err := decodeAs[bmp.Initiation](v); err == nil {
			for _, t := range in.Information {
				if bmp.InitiationTLVType(t.Type) == bmp.InitSysName {
					n.ID.SysName = t.Text()
				}
			}
		}
		if n.ID.SysName == "" && n.ID.Configured == "" {
			return "", false
		}
	case bmp.MsgPeerUp:
		if pu, ok := v.PeerUp(); ok && n.ID.SysName == "" {
			n.ID.BGPID = sentBGPID(pu)
		}
	}
	return n.Final(), true
}

// Final settles the name with what the stream has given so far (a stream
// that ends before a message settled it).
func (n *Namer) Final() string {
	if !n.settled {
		n.name, n.settled = n.ID.Name(), true
	}
	return n.name
}

// settleName lists the router under base, its name. A disconnected
// router of the same name is replaced: a router that reconnects takes its
// entry back. A connected one from the same address, named by more than
// its address, is this router's old session, not yet known dead: it is
// closed ("replaced") and this session takes over once it has ended.
// Otherwise (two exporters that cannot be told apart, or one named like
// another elsewhere) this session gets "base~2", the first free number.
func (r *router) settleName(base string) {
	st := r.st
	st.mu.Lock()
	name := base
	for n := 2; ; {
		old, ok := st.routers[name]
		if ok && old.isConnected() && name == base && old.addr.Addr() == r.addr.Addr() && r.namer.ID.by() != "address" {
			st.mu.Unlock()
			old.replace()
			<-old.done
			st.mu.Lock()
			continue
		}
		if !ok || !old.isConnected() {
			if ok {
				st.forgetLocked(name)
			}
			break
		}
		name = base + "~" + strconv.Itoa(n)
		n++
	}
	r.mu.Lock()
	r.key, r.named, r.numbered = name, true, name != base
	r.mu.Unlock()
	st.routers[name] = r
	st.mu.Unlock()
	r.log = st.log.With("router", name, "addr", r.addr.Addr().String())
	r.log.Info("router named", "by", r.namer.ID.by())
}

// by says which part of the identity gave the name, for the log.
func (id RouterIdentity) by() string {
	switch {
	case id.Configured != "":
		return "router_names"
	case id.SysName != "":
		return "sysName"
	case id.BGPID.IsValid() && !id.BGPID.IsUnspecified():
		return "BGP ID"
	}
	return "address"
}

// noRouterHint is logged when no router has connected a minute after the
// station started: what a router needs to be told.
const noRouterHint = "no router has connected yet: configure BMP on a router to send to this station " +
	"(FRR: 'bmp targets NAME' / 'bmp connect ADDR port PORT'; Junos: 'routing-options bmp station NAME station-address ADDR station-port PORT'; " +
	"Cisco IOS XR: 'bmp server 1 host ADDR port PORT'), and let its address in (allow:); docs/routers.md has each exporter"

// waitForRouters logs noRouterHint if no router has connected within d.
func (st *Station) waitForRouters(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-st.closing:
	case <-t.C:
		if !st.everConnected.Load() {
			st.log.Warn(noRouterHint, "listening", st.listening())
		}
	}
}
