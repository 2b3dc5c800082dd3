package bmpcheck

import (
	"bufio"
	"bytes"
	"net/netip"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// facts is what one side says about one BMP message, in a form both
// tshark's fields and bgplens's values can be brought to.
type facts struct {
	Flow  string
	Frame int   // tshark: the frame that completed the message
	Off   int64 // bgplens: the stream offset
	Type  int
	Peer  string // peer type, RIB, distinguisher and address, "" without a per-peer header
	ASN   uint32
	// Announced and Withdrawn are the prefixes of a Route Monitoring
	// UPDATE, as "addr/len" with " rd X" for VPN routes and " id N" for a
	// path identifier, in wire order.
	Announced, Withdrawn []string
	Malformed            bool // tshark flagged a malformed part in the message
	// bgplens only.
	Conn       int  // the index of the stream (connection) in the capture
	VPNAddPath bool // VPN routes read with ADD-PATH path identifiers
	Trimmed    bool // read after cutting octets that follow the UPDATE
}

// ribOf names the RIB a peer type and flags octet select, as in
// bmp.PeerHeader.RIB (RFC 7854 §4.2, RFC 8671 §4, RFC 9069 §4.2).
func ribOf(peerType, flags uint8) string {
	if peerType == 3 {
		return "loc-rib"
	}
	rib := "adj-rib-in"
	if flags&0x10 != 0 {
		rib = "adj-rib-out"
	}
	if flags&0x40 != 0 {
		return rib + "-post"
	}
	return rib + "-pre"
}

// peerKey is the identity facts.Peer holds. The Loc-RIB peer has no
// address (RFC 9069 §4.1: zero-filled; tshark shows :: and bgplens
// 0.0.0.0).
func peerKey(peerType, flags uint8, dist string, addr string) string {
	if peerType == 3 {
		addr = "-"
	}
	return strconv.Itoa(int(peerType)) + " " + ribOf(peerType, flags) + " " + dist + " " + addr
}

// runTshark dissects a capture with tshark and the listener script, BMP
// decoded on the given ports, and returns the messages it found, in frame
// order.
func runTshark(t *testing.T, tshark, path string, ports []uint16) []facts {
	t.Helper()
	script, err := filepath.Abs(filepath.Join("testdata", "bmp_messages.lua"))
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"-n", "-r", path, "-q", "-X", "lua_script:" + script}
	for _, p := range ports {
		args = append(args, "-d", "tcp.port=="+strconv.Itoa(int(p))+",bmp")
	}
	cmd := exec.Command(tshark, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tshark %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return parseTshark(t, out)
}

// parseTshark reads the listener's output: "F n" per frame, then one
// "field value" line per field, in the order of the packet's tree.
func parseTshark(t *testing.T, out []byte) []facts {
	var msgs []facts
	var cur *facts
	var frame int
	var src, dst netip.Addr
	var sport, dport uint16
	var peerType, peerFlags uint8
	var dist, addr string
	havePeer := false
	// Pending parts of the next prefix.
	plen, labels, pathID := -1, 0, ""
	rd := ""
	withdrawn := false
	finishPeer := func() {
		if cur != nil && havePeer {
			cur.Peer = peerKey(peerType, peerFlags, dist, addr)
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		name, val, _ := strings.Cut(sc.Text(), "\t")
		switch name {
		case "F":
			finishPeer()
			frame, _ = strconv.Atoi(val)
			cur = nil
		case "ip.src", "ipv6.src":
			src, _ = netip.ParseAddr(val)
		case "ip.dst", "ipv6.dst":
			dst, _ = netip.ParseAddr(val)
		case "tcp.srcport":
			sport = uint16(atoi(val))
		case "tcp.dstport":
			dport = uint16(atoi(val))
		case "bmp.version":
			finishPeer()
			flow := netip.AddrPortFrom(src, sport).String() + " -> " + netip.AddrPortFrom(dst, dport).String()
			msgs = append(msgs, facts{Flow: flow, Frame: frame, Type: -1})
			cur = &msgs[len(msgs)-1]
			havePeer, dist, addr = false, "", ""
		case "bmp.type":
			if cur != nil {
				cur.Type = atoi(val)
			}
		case "bmp.peer.type":
			peerType, havePeer = uint8(atoi(val)), true
		case "bmp.peer.flags":
			v, _ := strconv.ParseUint(val, 0, 8)
			peerFlags = uint8(v)
		case "bmp.peer.distinguisher":
			dist = strings.ToLower(val)
		case "bmp.peer.ip.addr", "bmp.peer.ipv6.addr":
			addr = val
		case "bmp.peer.asn":
			if cur != nil {
				v, _ := strconv.ParseUint(val, 10, 32)
				cur.ASN = uint32(v)
			}
		case "bgp.update.withdrawn_routes", "bgp.update.path_attribute.mp_unreach_nlri":
			withdrawn = true
		case "bgp.update.nlri", "bgp.update.path_attribute.mp_reach_nlri":
			withdrawn = false
		case "bgp.nlri_path_id":
			pathID = val
		case "bgp.prefix_length":
			plen, labels, rd = atoi(val), 0, ""
		case "bgp.label_stack":
			if plen < 0 {
				// tshark 4.0 shows an IPv6 Labeled VPN NLRI as this one
				// field, with no prefix length and no prefix (its value
				// is the label stack or an unexpanded format string,
				// "Label Stack=%s RD=%u.%u:%u, IPv6=%s/%u"): see
				// tshark-ipv6-vpn-opaque.
				if cur != nil {
					if withdrawn {
						cur.Withdrawn = append(cur.Withdrawn, ipv6VPNOpaque)
					} else {
						cur.Announced = append(cur.Announced, ipv6VPNOpaque)
					}
				}
				plen, labels, rd, pathID = -1, 0, "", ""
				break
			}
			labels = strings.Count(val, ",") + 1
		case "bgp.rd":
			rd = val
		case "bgp.withdrawn_prefix", "bgp.nlri_prefix", "bgp.mp_reach_nlri_ipv4_prefix", "bgp.mp_reach_nlri_ipv6_prefix",
			"bgp.mp_unreach_nlri_ipv4_prefix", "bgp.mp_unreach_nlri_ipv6_prefix":
			if cur == nil || plen < 0 {
				break
			}
			// tshark gives the NLRI's whole length: labels (24 bits each)
			// and route distinguisher (64 bits) included.
			bits := plen - 24*labels
			if rd != "" {
				bits -= 64
			}
			// Masked: tshark 4.0 shows whatever its buffer held in the
			// octets past the prefix length (they change from run to run),
			// see tshark-host-bits.
			p := val + "/" + strconv.Itoa(bits)
			if a, err := netip.ParseAddr(val); err == nil {
				if pf, err := a.Prefix(bits); err == nil {
					p = pf.String()
				}
			}
			if rd != "" {
				p += " rd " + rd
			}
			if pathID != "" {
				p += " id " + pathID
			}
			if withdrawn || name == "bgp.withdrawn_prefix" {
				cur.Withdrawn = append(cur.Withdrawn, p)
			} else {
				cur.Announced = append(cur.Announced, p)
			}
			plen, labels, rd, pathID = -1, 0, "", ""
		case "_ws.malformed":
			if cur != nil {
				cur.Malformed = true
			}
		}
	}
	finishPeer()
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return msgs
}

// ipv6VPNOpaque stands for an IPv6 Labeled VPN route, which tshark 4.0
// does not break down into fields.
const ipv6VPNOpaque = "(IPv6 VPN route)"

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
