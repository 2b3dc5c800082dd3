package bgp

import (
	"encoding/binary"
	"iter"
	"net/netip"
)

// Offsets of the OPEN fields, from the first marker octet (RFC 4271 §4.2,
// RFC 9072 §2). The Optional Parameters start at OffOpenOptParams in the
// RFC 4271 form; in the RFC 9072 extended form the octet there is the
// Non-Ext OP Type (255), followed by the 2-octet Extended Opt. Parm. Length
// and the parameters at OffOpenExtOptParams.
const (
	OffOpenVersion       = HeaderLen      // Version, 1 octet
	OffOpenMyAS          = HeaderLen + 1  // My Autonomous System, 2 octets
	OffOpenHoldTime      = HeaderLen + 3  // Hold Time, 2 octets
	OffOpenBGPIdentifier = HeaderLen + 5  // BGP Identifier, 4 octets
	OffOpenOptParmLen    = HeaderLen + 9  // Opt Parm Len (Non-Ext OP Len in RFC 9072), 1 octet
	OffOpenOptParams     = HeaderLen + 10 // Optional Parameters, RFC 4271 form
	OffOpenNonExtOPType  = HeaderLen + 10 // Non-Ext OP Type = 255, RFC 9072 form
	OffOpenExtOptParmLen = HeaderLen + 11 // Extended Opt. Parm. Length, 2 octets
	OffOpenExtOptParams  = HeaderLen + 13 // Optional Parameters, RFC 9072 form
)

// OpenVersion is the only BGP version bgplens speaks (RFC 4271 §4.2).
const OpenVersion = 4

// OpenView is an OPEN message located in place (RFC 4271 §4.2): the fixed
// fields are read on demand and the Optional Parameters, framed once by
// ParseOpen, are walked by Params and Capabilities. It aliases the
// message, so it must not outlive the buffer.
type OpenView struct {
	msg        []byte
	ext        bool // RFC 9072 extended form
	pOff, pEnd int  // the Optional Parameters
	framed     bool // the parameters frame cleanly
}

// ParseOpen checks the OPEN message msg (header included; the OPEN is
// limited to 4096 octets whatever was negotiated, RFC 8654 §3) and
// frames its Optional Parameters, in the RFC 4271 form or the RFC 9072
// extended form, and the capabilities they carry. Offsets are relative to
// msg.
//
// Errors are those of ParseHeader, or OPEN Message Errors (RFC 4271
// §6.2), all with action SessionReset:
//   - Version other than 4: Unsupported Version Number, Data the 2-octet
//     version 4 (RFC 4271 §6.2 asks for the largest supported version
//     below the peer's bid; below 4 there is none, and 4 is what a peer
//     must speak to bgplens anyway);
//   - an Optional Parameters Length (or RFC 9072 Extended Opt. Parm.
//     Length) that disagrees with the message length, a parameter or a
//     capability that overruns its container: subcode 0 (Unspecific),
//     which RFC 4271 §4.5 prescribes when no subcode applies and §6.2 for
//     a malformed Optional Parameter;
//   - My Autonomous System 0: Bad Peer AS (RFC 7607 §2);
//   - Hold Time 1 or 2: Unacceptable Hold Time (RFC 4271 §6.2);
//   - BGP Identifier 0: Bad BGP Identifier (RFC 6286 §2.2);
//   - an Optional Parameter other than Capabilities: Unsupported Optional
//     Parameter (RFC 4271 §6.2).
//
// The last four are problems in a value, not in the layout: the returned
// view is then complete and can still be read, so that a collector can
// show what a peer sent (Framed reports this). Malformed capability
// values are not errors here; Check reports them.
func ParseOpen(msg []byte) (OpenView, error) {
	msg, err := readMessage(msg, Session{}, MsgOpen, "not an OPEN message")
	if err != nil {
		return OpenView{}, err
	}
	v := OpenView{msg: msg}
	if msg[OffOpenVersion] != OpenVersion {
		e := newErr(OffOpenVersion, CodeOpen, SubUnsupportedVersionNumber, SessionReset, "BGP version is not 4")
		e.Data = []byte{0, OpenVersion}
		return v, e
	}

	// RFC 9072 §2: a non-zero Opt Parm Len followed by 255 announces the
	// extended form; the Non-Ext OP Len is then ignored.
	if msg[OffOpenOptParmLen] != 0 && len(msg) > OffOpenNonExtOPType && msg[OffOpenNonExtOPType] == byte(OptParamExtendedLength) {
		if len(msg) < OffOpenExtOptParams {
			return v, newErr(OffOpenNonExtOPType, CodeOpen, SubUnspecific, SessionReset, "Extended Opt. Parm. Length truncated")
		}
		if OffOpenExtOptParams+int(binary.BigEndian.Uint16(msg[OffOpenExtOptParmLen:])) != len(msg) {
			return v, newErr(OffOpenExtOptParmLen, CodeOpen, SubUnspecific, SessionReset, "Extended Opt. Parm. Length disagrees with the message length")
		}
		v.ext, v.pOff = true, OffOpenExtOptParams
	} else {
		if OffOpenOptParams+int(msg[OffOpenOptParmLen]) != len(msg) {
			return v, newErr(OffOpenOptParmLen, CodeOpen, SubUnspecific, SessionReset, "Optional Parameters Length disagrees with the message length")
		}
		v.pOff = OffOpenOptParams
	}
	v.pEnd = len(msg)

	unsupported := -1
	for off := v.pOff; off < v.pEnd; {
		p, n, ok := parseOptParam(msg[off:v.pEnd], v.ext)
		if !ok {
			return v, newErr(off, CodeOpen, SubUnspecific, SessionReset, "optional parameter overruns the Optional Parameters")
		}
		if p.Type == OptParamCapabilities {
			if e := walkCaps(p.Value, off+n-len(p.Value)); e != nil {
				return v, e
			}
		} else if unsupported < 0 {
			unsupported = off
		}
		off += n
	}
	v.framed = true

	switch {
	case v.MyAS() == 0:
		return v, newErr(OffOpenMyAS, CodeOpen, SubBadPeerAS, SessionReset, "My Autonomous System is zero")
	case !HoldTimeAcceptable(v.HoldTime()):
		return v, newErr(OffOpenHoldTime, CodeOpen, SubUnacceptableHoldTime, SessionReset, "Hold Time of 1 or 2 seconds")
	case binary.BigEndian.Uint32(msg[OffOpenBGPIdentifier:]) == 0:
		return v, newErr(OffOpenBGPIdentifier, CodeOpen, SubBadBGPIdentifier, SessionReset, "BGP Identifier is zero")
	case unsupported >= 0:
		return v, newErr(unsupported, CodeOpen, SubUnsupportedOptionalParameter, SessionReset, "optional parameter other than Capabilities")
	}
	return v, nil
}

// parseOptParam frames the parameter at the start of b: type, 1-octet
// length (2 octets in the extended form), value. It returns the view (Off
// not set), the parameter's total length and whether it fits in b.
func parseOptParam(b []byte, ext bool) (OptParamView, int, bool) {
	hl := 2
	if ext {
		hl = 3
	}
	if len(b) < hl {
		return OptParamView{}, 0, false
	}
	n := int(b[1])
	if ext {
		n = int(binary.BigEndian.Uint16(b[1:]))
	}
	if len(b)-hl < n {
		return OptParamView{}, 0, false
	}
	return OptParamView{Type: OptParamType(b[0]), Value: b[hl : hl+n : hl+n], ext: ext}, hl + n, true
}

// fixed returns the message if its fixed fields are readable, else nil.
func (v OpenView) fixed() []byte {
	if len(v.msg) < OffOpenOptParams {
		return nil
	}
	return v.msg
}

// Message returns the message the view was parsed from, cut to its length.
func (v OpenView) Message() []byte { return v.msg }

// Framed reports whether the Optional Parameters framed cleanly, so that
// Params, Capabilities and Decode see all of them.
func (v OpenView) Framed() bool { return v.framed }

// Version returns the Version field.
func (v OpenView) Version() uint8 {
	if m := v.fixed(); m != nil {
		return m[OffOpenVersion]
	}
	return 0
}

// MyAS returns the My Autonomous System field: the speaker's AS, or
// ASTrans (23456) when it needs 4 octets (RFC 6793). AS returns the
// speaker's real AS.
func (v OpenView) MyAS() uint16 {
	if m := v.fixed(); m != nil {
		return binary.BigEndian.Uint16(m[OffOpenMyAS:])
	}
	return 0
}

// HoldTimeAcceptable reports whether an OPEN may propose hold time h
// seconds: 0 (no KEEPALIVEs, no timeout) or at least 3 (RFC 4271 §4.2);
// 1 and 2 are refused with Unacceptable Hold Time (2/6, §6.2).
func HoldTimeAcceptable(h uint16) bool { return h == 0 || h >= 3 }

// HoldTime returns the Hold Time field in seconds.
func (v OpenView) HoldTime() uint16 {
	if m := v.fixed(); m != nil {
		return binary.BigEndian.Uint16(m[OffOpenHoldTime:])
	}
	return 0
}

// BGPIdentifier returns the BGP Identifier field as an IPv4 address.
func (v OpenView) BGPIdentifier() netip.Addr {
	if m := v.fixed(); m != nil {
		return netip.AddrFrom4([4]byte(m[OffOpenBGPIdentifier : OffOpenBGPIdentifier+4]))
	}
	return netip.Addr{}
}

// Extended reports whether the message uses the RFC 9072 extended form of
// the Optional Parameters.
func (v OpenView) Extended() bool { return v.ext }

// OptParamsSpan returns the range of the Optional Parameters, length
// fields excluded.
func (v OpenView) OptParamsSpan() Span { return Span{v.pOff, v.pEnd - v.pOff} }

// AS returns the speaker's AS number: the value of a well-formed 4-octet
// AS capability if there is one (RFC 6793 §3), else My Autonomous System.
func (v OpenView) AS() uint32 {
	for c := range v.Capabilities() {
		if c.Code != CapCodeAS4 {
			continue
		}
		if as, err := c.AS4(); err == nil {
			return as
		}
	}
	return uint32(v.MyAS())
}

// Params iterates over the Optional Parameters in order.
func (v OpenView) Params() iter.Seq[OptParamView] {
	return func(yield func(OptParamView) bool) {
		for off := v.pOff; off < v.pEnd; {
			p, n, ok := parseOptParam(v.msg[off:v.pEnd], v.ext)
			if !ok {
				return
			}
			p.Off = off
			if !yield(p) {
				return
			}
			off += n
		}
	}
}

// Capabilities iterates over every capability of every Capabilities
// parameter, in message order (RFC 5492 §4: a parameter may hold several
// capabilities, and there may be several parameters).
func (v OpenView) Capabilities() iter.Seq[CapabilityView] {
	return func(yield func(CapabilityView) bool) {
		for p := range v.Params() {
			if p.Type != OptParamCapabilities {
				continue
			}
			base := p.Off + p.HeaderLen()
			for i := 0; i < len(p.Value); {
				if len(p.Value)-i < 2 || len(p.Value)-i-2 < int(p.Value[i+1]) {
					return
				}
				end := i + 2 + int(p.Value[i+1])
				c := CapabilityView{Code: CapCode(p.Value[i]), Value: p.Value[i+2 : end : end], Off: base + i}
				if !yield(c) {
					return
				}
				i = end
			}
		}
	}
}

// Check returns the strongest problem among the capability values (see
// CapabilityView.Check), the first one if several are as strong, or nil.
func (v OpenView) Check() *Error {
	var worst *Error
	for c := range v.Capabilities() {
		if e := c.Check(); e != nil && (worst == nil || e.Action > worst.Action) {
			worst = e
		}
	}
	return worst
}

// Decode returns the owned form of the OPEN. Capabilities with malformed
// values come back as CapRaw (Check says why). It fails only if the view
// did not frame (Framed is false).
func (v OpenView) Decode() (Open, error) {
	if !v.framed {
		return Open{}, newErr(0, CodeOpen, SubUnspecific, SessionReset, "OPEN optional parameters were not framed")
	}
	o := Open{
		Version:       v.Version(),
		MyAS:          v.MyAS(),
		HoldTime:      v.HoldTime(),
		BGPIdentifier: v.BGPIdentifier(),
		Extended:      v.ext,
	}
	if v.ext && v.msg[OffOpenOptParmLen] != 255 {
		o.NonExtOptParmLen = v.msg[OffOpenOptParmLen]
	}
	// Count first (these are parameters present, not claimed counts) so
	// that all parameters share one slice and all capabilities another.
	nParams, nCaps := 0, 0
	for p := range v.Params() {
		nParams++
		for range p.Capabilities() {
			nCaps++
		}
	}
	if nParams == 0 {
		return o, nil
	}
	o.Params = make([]OptParam, 0, nParams)
	var caps []Capability
	if nCaps > 0 {
		caps = make([]Capability, 0, nCaps)
	}
	for p := range v.Params() {
		op := OptParam{Type: p.Type}
		if p.Type == OptParamCapabilities {
			first := len(caps)
			for c := range p.Capabilities() {
				cc, _ := c.Decode()
				caps = append(caps, cc)
			}
			if len(caps) > first {
				op.Caps = caps[first:len(caps):len(caps)]
			}
		} else {
			op.Data = cloneBytes(p.Value)
		}
		o.Params = append(o.Params, op)
	}
	return o, nil
}

// OptParamView is one Optional Parameter as it stands in a message (RFC
// 4271 §4.2, RFC 9072 §2). Value aliases the input, capped. Off is the
// offset of the type octet.
type OptParamView struct {
	Type  OptParamType
	Value []byte
	Off   int
	ext   bool
}

// HeaderLen is the length of the type and length fields: 2, or 3 in the
// RFC 9072 extended form.
func (p OptParamView) HeaderLen() int {
	if p.ext {
		return 3
	}
	return 2
}

// Len is the parameter's total length on the wire.
func (p OptParamView) Len() int { return p.HeaderLen() + len(p.Value) }

// Capabilities iterates over the capabilities of a Capabilities parameter;
// it yields nothing for other types. It stops at a capability that does
// not frame (ParseOpen reports it).
func (p OptParamView) Capabilities() iter.Seq[CapabilityView] {
	return func(yield func(CapabilityView) bool) {
		if p.Type != OptParamCapabilities {
			return
		}
		base := p.Off + p.HeaderLen()
		for i := 0; i < len(p.Value); {
			c, err := ParseCapability(p.Value[i:])
			if err != nil {
				return
			}
			c.Off = base + i
			if !yield(c) {
				return
			}
			i += c.Len()
		}
	}
}

// Open is an owned OPEN message (RFC 4271 §4.2). Params keeps the
// parameters as they were sent, capabilities grouped as the speaker
// grouped them, so that Append re-creates a decoded message byte for
// byte.
type Open struct {
	Version       uint8
	MyAS          uint16 // ASTrans when the AS needs 4 octets; see AS
	HoldTime      uint16 // seconds
	BGPIdentifier netip.Addr
	Params        []OptParam

	// Extended selects the RFC 9072 extended form of the Optional
	// Parameters. Append also uses it when the parameters do not fit the
	// RFC 4271 form (RFC 9072 §2): a parameter or the total over 255
	// octets, or a first parameter of type 255, which would read as the
	// extended form's marker.
	Extended bool
	// NonExtOptParmLen is the Non-Ext OP Len octet of the extended form,
	// which receivers ignore (RFC 9072 §2); 0 stands for 255, the value
	// senders should use.
	NonExtOptParmLen uint8
}

// OptParam is an owned Optional Parameter: Caps for the Capabilities
// parameter (type 2, RFC 5492 §4), Data (the raw value) for any other
// type, such as the deprecated Authentication Information (type 1).
type OptParam struct {
	Type OptParamType
	Caps []Capability
	Data []byte
}

// DecodeOpen parses and decodes the OPEN message msg (header included).
// It returns ParseOpen's error; for the errors that leave the layout
// intact (Bad Peer AS, Unacceptable Hold Time, Bad BGP Identifier,
// Unsupported Optional Parameter) the returned Open is complete as well.
func DecodeOpen(msg []byte) (Open, error) {
	v, err := ParseOpen(msg)
	if !v.framed {
		return Open{}, err
	}
	o, _ := v.Decode()
	return o, err
}

// NewOpen returns a version 4 OPEN for AS as, with the given hold time
// and BGP Identifier, carrying caps and a 4-octet AS capability (RFC 6793
// §3) unless caps has one. My Autonomous System is ASTrans when as does
// not fit 2 octets (RFC 6793). Each capability gets a parameter of
// its own, as most speakers send them.
func NewOpen(as uint32, holdTime uint16, id netip.Addr, caps ...Capability) Open {
	o := Open{Version: OpenVersion, MyAS: uint16(as), HoldTime: holdTime, BGPIdentifier: id}
	if as > 0xffff {
		o.MyAS = ASTrans
	}
	hasAS4 := false
	for _, c := range caps {
		o.Params = append(o.Params, OptParam{Type: OptParamCapabilities, Caps: []Capability{c}})
		hasAS4 = hasAS4 || c.Code == CapCodeAS4
	}
	if !hasAS4 {
		o.Params = append(o.Params, OptParam{Type: OptParamCapabilities, Caps: []Capability{NewCapability(CapAS4{AS: as})}})
	}
	return o
}

// Type returns MsgOpen.
func (o Open) Type() MessageType { return MsgOpen }

// Capabilities returns every capability of every Capabilities parameter,
// in order.
func (o Open) Capabilities() []Capability {
	var out []Capability
	for _, p := range o.Params {
		if p.Type == OptParamCapabilities {
			out = append(out, p.Caps...)
		}
	}
	return out
}

// AS returns the speaker's AS number: the value of the first 4-octet AS
// capability (RFC 6793 §3) if there is one, else MyAS.
func (o Open) AS() uint32 {
	for _, p := range o.Params {
		for _, c := range p.Caps {
			if v, ok := c.Value.(CapAS4); ok && p.Type == OptParamCapabilities {
				return v.AS
			}
		}
	}
	return uint32(o.MyAS)
}

// Append appends the whole OPEN message, header included, to dst. The
// OPEN is limited to 4096 octets whatever s says (RFC 8654 §3). It fails
// if BGPIdentifier is not an IPv4 address, if a capability cannot be
// encoded, or if a Capabilities parameter also has Data.
func (o Open) Append(dst []byte, s Session) ([]byte, error) {
	start := len(dst)
	fail := func(reason string) ([]byte, error) {
		return dst[:start], newErr(0, CodeOpen, SubUnspecific, SessionReset, reason)
	}
	if !o.BGPIdentifier.Is4() {
		return fail("BGP Identifier is not an IPv4 address")
	}
	dst = appendHeader(dst, MsgOpen)
	dst = append(dst, o.Version)
	dst = binary.BigEndian.AppendUint16(dst, o.MyAS)
	dst = binary.BigEndian.AppendUint16(dst, o.HoldTime)
	id := o.BGPIdentifier.As4()
	dst = append(dst, id[:]...)
	lenOff := len(dst)

	if !o.Extended {
		dst = append(dst, 0)
		var fits bool
		var bad string
		dst, fits, bad = o.appendParams(dst, false)
		if bad != "" {
			return fail(bad)
		}
		if n := len(dst) - lenOff - 1; fits && n <= 255 {
			dst[lenOff] = byte(n)
			return fixLength(dst, start, s, MsgOpen)
		}
		dst = dst[:lenOff] // too long for RFC 4271: use RFC 9072
	}
	nonExt := o.NonExtOptParmLen
	if nonExt == 0 {
		nonExt = 255
	}
	dst = append(dst, nonExt, byte(OptParamExtendedLength), 0, 0)
	dst, _, bad := o.appendParams(dst, true)
	if bad != "" {
		return fail(bad)
	}
	n := len(dst) - lenOff - 4
	if n > 0xffff {
		return fail("Optional Parameters longer than 65535 octets")
	}
	binary.BigEndian.PutUint16(dst[lenOff+2:], uint16(n))
	return fixLength(dst, start, s, MsgOpen)
}

// appendParams appends the parameters in the RFC 4271 form (ext false)
// or the RFC 9072 form. fits is false when a parameter is too long for
// the form; bad says why the parameters cannot be encoded at all.
func (o Open) appendParams(dst []byte, ext bool) (out []byte, fits bool, bad string) {
	fits = true
	for i, p := range o.Params {
		if !ext && i == 0 && p.Type == OptParamExtendedLength {
			// RFC 9072 §2: a first type of 255 announces the extended form.
			return dst, false, ""
		}
		dst = append(dst, byte(p.Type), 0)
		if ext {
			dst = append(dst, 0)
		}
		vOff := len(dst)
		if p.Type == OptParamCapabilities {
			if p.Data != nil {
				return dst, false, "Capabilities parameter with raw Data"
			}
			for _, c := range p.Caps {
				var err error
				if dst, err = c.Append(dst); err != nil {
					return dst, false, err.(*Error).Reason
				}
			}
		} else {
			dst = append(dst, p.Data...)
		}
		n := len(dst) - vOff
		switch {
		case ext && n > 0xffff:
			return dst, false, "optional parameter longer than 65535 octets"
		case ext:
			binary.BigEndian.PutUint16(dst[vOff-2:], uint16(n))
		case n > 255:
			fits = false
		default:
			dst[vOff-1] = byte(n)
		}
	}
	return dst, fits, ""
}
