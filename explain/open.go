package explain

import (
	"strconv"
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// explainOpen explains an OPEN message (RFC 4271 §4.2, RFC 9072, RFC 5492).
func explainOpen(b *builder, root, body *Node, msg []byte, base int) []*bgp.Error {
	var errs []*bgp.Error
	body.Name, body.Ref = "open", "RFC 4271 §4.2"
	v, err := bgp.ParseOpen(msg)
	if err != nil {
		e := rebase(err, base)
		errs = append(errs, e)
		defer mark(root, e)
		if v.Message() == nil {
			return errs
		}
	}
	at := func(off int) int { return base + off }
	ver := "BGP version 4"
	if v.Version() != 4 {
		ver = "not 4: bgplens, like every BGP speaker today, speaks version 4 only"
	}
	body.add(b.node("version", at(bgp.OffOpenVersion), 1, int(v.Version()), ver, "RFC 4271 §4.2"))
	asm := "the sender's AS"
	if v.MyAS() == bgp.ASTrans {
		asm = "AS_TRANS: the sender's AS is 4 octets wide and sits in the 4-octet AS capability (RFC 6793 §4.2.2)"
	}
	asn := b.node("my_autonomous_system", at(bgp.OffOpenMyAS), 2, int(v.MyAS()), asm, "RFC 4271 §4.2")
	specialAS(asn, uint32(v.MyAS()))
	body.add(asn)
	ht := "seconds; the session uses the smaller of the two sides' values"
	if v.HoldTime() == 0 {
		ht = "0: no KEEPALIVEs and no hold timer"
	}
	body.add(b.node("hold_time", at(bgp.OffOpenHoldTime), 2, int(v.HoldTime()), ht, "RFC 4271 §4.2"))
	body.add(b.node("bgp_identifier", at(bgp.OffOpenBGPIdentifier), 4, v.BGPIdentifier().String(), "the sender's router ID", "RFC 4271 §4.2"))
	ps := v.OptParamsSpan()
	if v.Extended() {
		body.add(b.node("non_ext_op_len", at(bgp.OffOpenOptParmLen), 1, int(msg[bgp.OffOpenOptParmLen]), "255: the extended optional parameters format follows", "RFC 9072 §2"))
		body.add(b.node("non_ext_op_type", at(bgp.OffOpenNonExtOPType), 1, int(msg[bgp.OffOpenNonExtOPType]), "255: extended format marker", "RFC 9072 §2"))
		body.add(b.node("extended_opt_parm_length", at(bgp.OffOpenExtOptParmLen), 2, ps.Len, "octets of optional parameters", "RFC 9072 §2"))
	} else if len(msg) > bgp.OffOpenOptParmLen {
		body.add(b.node("opt_parm_len", at(bgp.OffOpenOptParmLen), 1, int(msg[bgp.OffOpenOptParmLen]), "octets of optional parameters", "RFC 4271 §4.2"))
	}
	if !v.Framed() || ps.Off == 0 {
		return errs // the parameters do not frame: the gap is shown as undecoded
	}
	params := b.node("optional_parameters", at(ps.Off), ps.Len, nil, "", "RFC 4271 §4.2")
	body.add(params)
	var summary []string
	for p := range v.Params() {
		pn := b.node("optional_parameter", at(p.Off), p.Len(), p.Type.String(), "", "RFC 4271 §4.2")
		pn.add(b.node("parameter_type", at(p.Off), 1, int(p.Type), p.Type.String(), "RFC 4271 §4.2, RFC 5492 §4"))
		pn.add(b.node("parameter_length", at(p.Off+1), p.HeaderLen()-1, len(p.Value), "", "RFC 4271 §4.2"))
		if p.Type != bgp.OptParamCapabilities {
			pn.add(b.node("parameter_value", at(p.Off+p.HeaderLen()), len(p.Value), nil, "", "RFC 4271 §4.2"))
		}
		for c := range p.Capabilities() {
			pn.add(explainCapability(b, c, base))
			summary = append(summary, c.Code.String())
		}
		params.add(pn)
	}
	if as := v.AS(); as != uint32(v.MyAS()) {
		root.Meaning = "AS " + itoa(int(as)) + ", router ID " + v.BGPIdentifier().String()
	} else {
		root.Meaning = "AS " + itoa(int(v.MyAS())) + ", router ID " + v.BGPIdentifier().String()
	}
	if len(summary) > 0 {
		root.Meaning += ", capabilities: " + join(summary, ", ")
	}
	if e := v.Check(); e != nil && err == nil {
		e := rebase(e, base)
		errs = append(errs, e)
		mark(root, e)
	}
	return errs
}

func join(s []string, sep string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += sep
		}
		out += x
	}
	return out
}

// explainCapability explains one capability: code, length and value.
func explainCapability(b *builder, c bgp.CapabilityView, base int) *Node {
	off := base + c.Off
	n := b.node("capability", off, c.Len(), nil, c.Code.Description(), c.Code.Ref())
	defer func() {
		if len(n.Children) > 2 {
			n.Value = summary(n.Children[2])
		}
	}()
	n.Name = c.Code.JSONName()
	n.Label = c.Code.String()
	n.add(b.node("capability_code", off, 1, int(c.Code), c.Code.String(), "RFC 5492 §4"))
	n.add(b.node("capability_length", off+1, 1, len(c.Value), "", "RFC 5492 §4"))
	if len(c.Value) == 0 {
		return n
	}
	v := b.node("capability_value", off+2, len(c.Value), nil, "", c.Code.Ref())
	n.add(v)
	voff := off + 2
	if e := c.Check(); e != nil {
		v.Problem = problemText(e)
		return n
	}
	switch c.Code {
	case bgp.CapCodeMultiprotocol:
		f, _ := c.Multiprotocol()
		v.Value = f.String()
		v.add(b.node("afi", voff, 2, int(f.AFI), f.AFI.String(), "RFC 4760 §8"))
		v.add(b.node("reserved", voff+2, 1, int(c.Value[2]), "should be 0", "RFC 4760 §8"))
		v.add(b.node("safi", voff+3, 1, int(f.SAFI), f.SAFI.String(), "RFC 4760 §8"))
	case bgp.CapCodeAS4:
		as, _ := c.AS4()
		v.Value, v.Meaning = uint64(as), "the sender's 4-octet AS number"
		specialAS(v, uint32(as))
	case bgp.CapCodeRole:
		r, _ := c.Role()
		v.Value, v.Meaning = int(r), r.String()
	case bgp.CapCodeBGPsec:
		s, _ := c.BGPsec()
		dir := map[bool]string{true: "send: the sender can send BGPsec UPDATEs", false: "receive: the sender can receive BGPsec UPDATEs"}[s.Send]
		v.Value = "version " + itoa(int(s.Version)) + ", " + dir[:strings.IndexByte(dir, ':')] + ", " + s.AFI.String()
		v.add(b.node("version_direction", voff, 1, "0x"+strconv.FormatUint(uint64(c.Value[0]), 16),
			"version "+itoa(int(s.Version))+" (high 4 bits); direction "+dir+" (bit 4); reserved "+itoa(int(s.Reserved))+" (low 3 bits, must be 0)", "RFC 8205 §2.1"))
		v.add(b.node("afi", voff+1, 2, int(s.AFI), s.AFI.String(), "RFC 8205 §2.1"))
	case bgp.CapCodeAddPath:
		ap, _ := c.AddPath()
		for i := 0; i < ap.Len(); i++ {
			e := ap.At(i)
			v.add(b.record("add_path_entry", voff+4*i, 4, e.Family.String()+" "+e.Mode.String(), "RFC 7911 §4",
				field{"afi", 0, 2, int(e.Family.AFI), e.Family.AFI.String()},
				field{"safi", 2, 1, int(e.Family.SAFI), e.Family.SAFI.String()},
				field{"send_receive", 3, 1, int(e.Mode), e.Mode.String()}))
		}
	case bgp.CapCodeExtendedNextHop:
		x, _ := c.ExtendedNextHop()
		for i := 0; i < x.Len(); i++ {
			t := x.At(i)
			v.add(b.record("tuple", voff+6*i, 6, t.Family.String()+" over "+t.NextHopAFI.String()+" next hops", "RFC 8950 §4",
				field{"nlri_afi", 0, 2, int(t.Family.AFI), t.Family.AFI.String()},
				field{"nlri_safi", 2, 2, int(t.Family.SAFI), t.Family.SAFI.String()},
				field{"nexthop_afi", 4, 2, int(t.NextHopAFI), t.NextHopAFI.String()}))
		}
	case bgp.CapCodeGracefulRestart:
		gr, _ := c.GracefulRestart()
		fl := gr.Flags()
		m := ""
		if fl&bgp.GRRestartState != 0 {
			m += "R (restarting) "
		}
		if fl&bgp.GRNotification != 0 {
			m += "N (graceful NOTIFICATION, RFC 8538) "
		}
		v.add(b.node("restart_flags_and_time", voff, 2, int(gr.Time()), "restart flags "+bitPattern(fl<<4, 0xf0)[:4]+" "+m+"; restart time "+itoa(int(gr.Time()))+" s", "RFC 4724 §3"))
		for i := 0; i < gr.Len(); i++ {
			f := gr.At(i)
			o := voff + 2 + 4*i
			fn := b.node("family", o, 4, f.Family.String(), map[bool]string{true: "forwarding state preserved", false: "forwarding state not preserved"}[f.Forwarding()], "RFC 4724 §3")
			v.add(fn)
		}
	case bgp.CapCodeLLGR:
		l, _ := c.LLGR()
		for i := 0; i < l.Len(); i++ {
			f := l.At(i)
			v.add(b.node("family", voff+7*i, 7, f.Family.String(), "stale time "+itoa(int(f.StaleTime))+" s", "RFC 9494 §4.3"))
		}
	case bgp.CapCodeFQDN:
		h, d, _ := c.FQDN()
		v.Value = string(h)
		if len(d) > 0 {
			v.Value = string(h) + "." + string(d)
		}
		v.Meaning = "host name and domain name of the sender"
	case bgp.CapCodeSoftwareVersion:
		sv, _ := c.SoftwareVersion()
		v.Value, v.Meaning = string(sv), "the sender's software"
	}
	return n
}

// specialAS adds to the node of an AS number in an OPEN what the
// registries reserve it for (AS 0, an error, is bgp's check: RFC 7607
// §2). 65535 and 4294967295 are reserved (RFC 7300): a neighbour
// configured with a real AS rejects them with Bad Peer AS. Documentation
// and private ASes are legal but tell where the OPEN came from.
func specialAS(n *Node, as uint32) {
	if k := asKind(as); k != "" {
		n.Meaning += "; " + k
	}
}

// asKind says what the registries reserve an AS number for, or "".
func asKind(as uint32) string {
	switch {
	case as == 65535 || as == 4294967295:
		return "AS " + strconv.FormatUint(uint64(as), 10) + " is reserved (RFC 7300) and no router should use it: a neighbour configured with a real AS rejects it with Bad Peer AS (2/2)"
	case as >= 64496 && as <= 64511 || as >= 65536 && as <= 65551:
		return "reserved for documentation (RFC 5398)"
	case as >= 64512 && as <= 65534 || as >= 4200000000:
		return "private use (RFC 6996)"
	}
	return ""
}
