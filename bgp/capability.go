package bgp

import (
	"encoding/binary"
	"iter"
	"slices"
)

// CapabilityView is one <Capability Code, Capability Length, Capability
// Value> triple of a Capabilities Optional Parameter (RFC 5492 §4), as it
// stands in a message. Value aliases the input, capped so that append
// cannot write into the caller's buffer. Off is the offset of the code
// octet, relative to the slice that was parsed (for capabilities found by
// ParseOpen: the start of the message).
type CapabilityView struct {
	Code  CapCode
	Value []byte
	Off   int
}

// Len is the capability's total length on the wire: code, length, value.
func (c CapabilityView) Len() int { return 2 + len(c.Value) }

// ParseCapability frames the capability at the start of b without looking
// at its value. A truncated triple is an OPEN Message Error with subcode 0
// (Unspecific): RFC 4271 §6.2 asks for it when a recognized Optional
// Parameter is malformed, and RFC 5492 defines no subcode of its own.
// Offsets are relative to b.
func ParseCapability(b []byte) (CapabilityView, error) {
	if len(b) < 2 {
		return CapabilityView{}, newErr(0, CodeOpen, SubUnspecific, SessionReset, "capability header truncated")
	}
	c := CapabilityView{Code: CapCode(b[0])}
	n := int(b[1])
	if len(b)-2 < n {
		return c, newErr(0, CodeOpen, SubUnspecific, SessionReset, "capability length overruns the optional parameter")
	}
	c.Value = b[2 : 2+n : 2+n]
	return c, nil
}

// walkCaps checks that v, a Capabilities parameter value at offset off
// of the message, is a sequence of whole capability triples, as
// ParseCapability would frame them. Offsets are relative to the message.
func walkCaps(v []byte, off int) *Error {
	for i := 0; i < len(v); {
		if len(v)-i < 2 {
			return newErr(off+i, CodeOpen, SubUnspecific, SessionReset, "capability header truncated")
		}
		n := int(v[i+1])
		if len(v)-i-2 < n {
			return newErr(off+i, CodeOpen, SubUnspecific, SessionReset, "capability length overruns the optional parameter")
		}
		i += 2 + n
	}
	return nil
}

// Check validates the capability's value against its specification. It
// returns nil for a well-formed value and for a code bgplens does not
// decode (RFC 5492 §3 asks receivers to ignore capabilities they do not
// understand). The error's offset is c.Off.
//
// A length that does not fit the capability is an OPEN Message Error with
// subcode 0 (Unspecific), action SessionReset (RFC 4271 §6.2: a recognized
// but malformed Optional Parameter). Two problems have their own answer:
// a 4-octet AS of zero is Bad Peer AS (RFC 7607 §2), and an ADD-PATH
// Send/Receive value other than 1, 2 or 3 makes the capability "not
// understood and ignored" (RFC 7911 §4), reported with Action NoAction.
func (c CapabilityView) Check() *Error {
	reason, sub, act := checkCapValue(c.Code, c.Value)
	if reason == "" {
		return nil
	}
	return newErr(c.Off, CodeOpen, sub, act, reason)
}

// checkCapValue returns "" for a valid value, else the reason, subcode
// and action.
func checkCapValue(code CapCode, v []byte) (string, uint8, Action) {
	bad := func(reason string) (string, uint8, Action) { return reason, SubUnspecific, SessionReset }
	switch code {
	case CapCodeMultiprotocol:
		if len(v) != 4 {
			return bad("Multiprotocol capability length is not 4")
		}
	case CapCodeRouteRefresh, CapCodeExtendedMessage, CapCodeEnhancedRouteRefresh:
		if len(v) != 0 {
			return bad("capability must have an empty value")
		}
	case CapCodeExtendedNextHop:
		if len(v) == 0 || len(v)%6 != 0 {
			return bad("Extended Next Hop capability length is not a non-zero multiple of 6")
		}
		for i := 0; i < len(v); i += 6 {
			if v[i+2] != 0 {
				return bad("Extended Next Hop NLRI SAFI does not fit 8 bits")
			}
		}
	case CapCodeRole:
		if len(v) != 1 {
			return bad("BGP Role capability length is not 1")
		}
	case CapCodeBGPsec:
		if len(v) != 3 {
			return bad("BGPsec capability length is not 3")
		}
	case CapCodeGracefulRestart:
		if len(v) < 2 || (len(v)-2)%4 != 0 {
			return bad("Graceful Restart capability length is not 2 plus a multiple of 4")
		}
	case CapCodeAS4:
		if len(v) != 4 {
			return bad("4-octet AS capability length is not 4")
		}
		if binary.BigEndian.Uint32(v) == 0 {
			return "4-octet AS number is zero", SubBadPeerAS, SessionReset
		}
	case CapCodeAddPath:
		if len(v) == 0 || len(v)%4 != 0 {
			return bad("ADD-PATH capability length is not a non-zero multiple of 4")
		}
		for i := 3; i < len(v); i += 4 {
			if v[i] < 1 || v[i] > 3 {
				return "ADD-PATH Send/Receive is not 1, 2 or 3: capability ignored", SubUnspecific, NoAction
			}
		}
	case CapCodeLLGR:
		if len(v)%7 != 0 {
			return bad("Long-Lived Graceful Restart capability length is not a multiple of 7")
		}
	case CapCodeFQDN:
		if len(v) < 1 || len(v) < 2+int(v[0]) {
			return bad("FQDN hostname overruns the capability")
		}
		if 2+int(v[0])+int(v[1+int(v[0])]) != len(v) {
			return bad("FQDN domain name length disagrees with the capability length")
		}
	case CapCodeSoftwareVersion:
		if len(v) < 1 || 1+int(v[0]) != len(v) {
			return bad("Software Version length disagrees with the capability length")
		}
	}
	return "", 0, NoAction
}

// Decode returns the owned form of the capability. A malformed value (one
// Check rejects) comes back as CapRaw with the Check error, so that the
// OPEN can still be shown and re-encoded; unknown codes come back as
// CapRaw with no error.
func (c CapabilityView) Decode() (Capability, error) {
	if e := c.Check(); e != nil {
		return Capability{Code: c.Code, Value: CapRaw{Data: cloneBytes(c.Value)}}, e
	}
	return Capability{Code: c.Code, Value: decodeCapValue(c.Code, c.Value)}, nil
}

func cloneBytes(b []byte) []byte { return append([]byte(nil), b...) }

// decodeCapValue decodes a value that checkCapValue accepted.
func decodeCapValue(code CapCode, v []byte) CapValue {
	switch code {
	case CapCodeMultiprotocol:
		return CapMultiprotocol{Family: Family{AFI(binary.BigEndian.Uint16(v)), SAFI(v[3])}, Reserved: v[2]}
	case CapCodeRouteRefresh:
		return CapRouteRefresh{}
	case CapCodeExtendedMessage:
		return CapExtendedMessage{}
	case CapCodeEnhancedRouteRefresh:
		return CapEnhancedRouteRefresh{}
	case CapCodeExtendedNextHop:
		x := ExtNextHopView{v}
		return CapExtendedNextHop{Tuples: slices.AppendSeq(make([]ExtNextHopTuple, 0, x.Len()), x.All())}
	case CapCodeRole:
		return CapRole{Role: Role(v[0])}
	case CapCodeGracefulRestart:
		g := GracefulRestartView{v}
		out := CapGracefulRestart{Flags: g.Flags(), Time: g.Time()}
		if g.Len() > 0 {
			out.Families = slices.AppendSeq(make([]GRFamily, 0, g.Len()), g.All())
		}
		return out
	case CapCodeAS4:
		return CapAS4{AS: binary.BigEndian.Uint32(v)}
	case CapCodeAddPath:
		a := AddPathView{v}
		return CapAddPath{Entries: slices.AppendSeq(make([]AddPathEntry, 0, a.Len()), a.All())}
	case CapCodeLLGR:
		l := LLGRView{v}
		var fs []LLGRFamily
		if l.Len() > 0 {
			fs = slices.AppendSeq(make([]LLGRFamily, 0, l.Len()), l.All())
		}
		return CapLLGR{Families: fs}
	case CapCodeFQDN:
		h := v[1 : 1+v[0]]
		d := v[2+len(h):]
		return CapFQDN{Hostname: string(h), Domain: string(d)}
	case CapCodeSoftwareVersion:
		return CapSoftwareVersion{Version: string(v[1:])}
	}
	return CapRaw{Data: cloneBytes(v)}
}

// The view getters below check the value (as Check does) and return it
// decoded; lists come back as views over the capability value, which
// alias the input.

func (c CapabilityView) want(code CapCode) error {
	if c.Code != code {
		return newErr(c.Off, CodeOpen, SubUnspecific, NoAction, "capability has another code")
	}
	if e := c.Check(); e != nil {
		return e
	}
	return nil
}

// Multiprotocol returns the family of a Multiprotocol Extensions
// capability (RFC 4760 §8).
func (c CapabilityView) Multiprotocol() (Family, error) {
	if err := c.want(CapCodeMultiprotocol); err != nil {
		return Family{}, err
	}
	return Family{AFI(binary.BigEndian.Uint16(c.Value)), SAFI(c.Value[3])}, nil
}

// AS4 returns the AS number of a 4-octet AS capability (RFC 6793 §3).
func (c CapabilityView) AS4() (uint32, error) {
	if err := c.want(CapCodeAS4); err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint32(c.Value), nil
}

// Role returns the role of a BGP Role capability (RFC 9234 §4.1).
func (c CapabilityView) Role() (Role, error) {
	if err := c.want(CapCodeRole); err != nil {
		return 0, err
	}
	return Role(c.Value[0]), nil
}

// AddPath returns the entries of an ADD-PATH capability (RFC 7911 §4).
func (c CapabilityView) AddPath() (AddPathView, error) {
	if err := c.want(CapCodeAddPath); err != nil {
		return AddPathView{}, err
	}
	return AddPathView{c.Value}, nil
}

// ExtendedNextHop returns the tuples of an Extended Next Hop Encoding
// capability (RFC 8950 §4).
func (c CapabilityView) ExtendedNextHop() (ExtNextHopView, error) {
	if err := c.want(CapCodeExtendedNextHop); err != nil {
		return ExtNextHopView{}, err
	}
	return ExtNextHopView{c.Value}, nil
}

// GracefulRestart returns a Graceful Restart capability (RFC 4724 §3).
func (c CapabilityView) GracefulRestart() (GracefulRestartView, error) {
	if err := c.want(CapCodeGracefulRestart); err != nil {
		return GracefulRestartView{}, err
	}
	return GracefulRestartView{c.Value}, nil
}

// LLGR returns the families of a Long-Lived Graceful Restart capability
// (RFC 9494 §3).
func (c CapabilityView) LLGR() (LLGRView, error) {
	if err := c.want(CapCodeLLGR); err != nil {
		return LLGRView{}, err
	}
	return LLGRView{c.Value}, nil
}

// FQDN returns the hostname and domain name of an FQDN capability
// (draft-walton-bgp-hostname-capability). Both alias the input.
func (c CapabilityView) FQDN() (hostname, domain []byte, err error) {
	if err := c.want(CapCodeFQDN); err != nil {
		return nil, nil, err
	}
	v := c.Value
	n := int(v[0])
	return v[1 : 1+n : 1+n], v[2+n:], nil
}

// SoftwareVersion returns the version string of a Software Version
// capability (draft-abraitis-bgp-version-capability), which the draft
// says is UTF-8; it aliases the input and is not validated as UTF-8.
func (c CapabilityView) SoftwareVersion() ([]byte, error) {
	if err := c.want(CapCodeSoftwareVersion); err != nil {
		return nil, err
	}
	return c.Value[1:], nil
}

// Role is the value of the BGP Role capability (RFC 9234 §4.1; IANA "BGP
// Role").
type Role uint8

// BGP roles (RFC 9234 §4.1).
const (
	RoleProvider Role = 0
	RoleRS       Role = 1 // Route Server
	RoleRSClient Role = 2 // Route Server Client
	RoleCustomer Role = 3
	RolePeer     Role = 4 // lateral peer
)

var roleNames = [...]string{"Provider", "RS", "RS-Client", "Customer", "Peer"}

// String returns the RFC 9234 name, e.g. "RS-Client", or "Role(N)".
func (r Role) String() string { return CodeName(roleNames[:], r, "Role") }

// AddPathMode is the Send/Receive field of an ADD-PATH entry (RFC 7911 §4).
type AddPathMode uint8

// ADD-PATH Send/Receive values.
const (
	AddPathReceive AddPathMode = 1 // able to receive multiple paths
	AddPathSend    AddPathMode = 2 // able to send multiple paths
	AddPathBoth    AddPathMode = 3 // both
)

// Receive reports whether the mode includes receiving (1 or 3).
func (m AddPathMode) Receive() bool { return m == AddPathReceive || m == AddPathBoth }

// Send reports whether the mode includes sending (2 or 3).
func (m AddPathMode) Send() bool { return m == AddPathSend || m == AddPathBoth }

// String returns "receive", "send", "send/receive" or "AddPathMode(N)".
func (m AddPathMode) String() string {
	switch m {
	case AddPathReceive:
		return "receive"
	case AddPathSend:
		return "send"
	case AddPathBoth:
		return "send/receive"
	}
	return UnnamedCode(m, "AddPathMode")
}

// AddPathEntry is one <AFI, SAFI, Send/Receive> tuple of the ADD-PATH
// capability (RFC 7911 §4).
type AddPathEntry struct {
	Family Family
	Mode   AddPathMode
}

// AddPathView is the value of an ADD-PATH capability, 4 octets per entry.
// It aliases the input.
type AddPathView struct{ b []byte }

// Len returns the number of entries.
func (v AddPathView) Len() int { return len(v.b) / 4 }

// At returns entry i, or the zero entry if i is out of range.
func (v AddPathView) At(i int) AddPathEntry {
	if i < 0 || i >= v.Len() {
		return AddPathEntry{}
	}
	p := v.b[4*i : 4*i+4]
	return AddPathEntry{Family{AFI(binary.BigEndian.Uint16(p)), SAFI(p[2])}, AddPathMode(p[3])}
}

// All iterates over the entries.
func (v AddPathView) All() iter.Seq[AddPathEntry] { return indexed(v.Len(), v.At) }

// ExtNextHopTuple is one <NLRI AFI, NLRI SAFI, Nexthop AFI> tuple of the
// Extended Next Hop Encoding capability (RFC 8950 §4). The NLRI SAFI is
// two octets on the wire; SAFIs are 8-bit (RFC 4760), so a non-zero high
// octet makes the capability malformed.
type ExtNextHopTuple struct {
	Family     Family // NLRI AFI and SAFI
	NextHopAFI AFI
}

// ExtNextHopView is the value of an Extended Next Hop Encoding
// capability, 6 octets per tuple. It aliases the input.
type ExtNextHopView struct{ b []byte }

// Len returns the number of tuples.
func (v ExtNextHopView) Len() int { return len(v.b) / 6 }

// At returns tuple i, or the zero tuple if i is out of range.
func (v ExtNextHopView) At(i int) ExtNextHopTuple {
	if i < 0 || i >= v.Len() {
		return ExtNextHopTuple{}
	}
	p := v.b[6*i : 6*i+6]
	return ExtNextHopTuple{
		Family:     Family{AFI(binary.BigEndian.Uint16(p)), SAFI(p[3])},
		NextHopAFI: AFI(binary.BigEndian.Uint16(p[4:])),
	}
}

// All iterates over the tuples.
func (v ExtNextHopView) All() iter.Seq[ExtNextHopTuple] { return indexed(v.Len(), v.At) }

// Graceful Restart flag bits (RFC 4724 §3, RFC 8538 §2).
const (
	// GRRestartState is the R bit of the Restart Flags (CapGracefulRestart.Flags).
	GRRestartState uint8 = 0x8
	// GRNotification is the N bit of the Restart Flags (RFC 8538 §2).
	GRNotification uint8 = 0x4
	// GRForwarding is the F bit of the per-family flags (GRFamily.Flags).
	GRForwarding uint8 = 0x80
	// LLGRForwarding is the F bit of the per-family flags of LLGR (RFC 9494 §3).
	LLGRForwarding uint8 = 0x80
)

// GRFamily is one <AFI, SAFI, Flags for Address Family> tuple of the
// Graceful Restart capability (RFC 4724 §3).
type GRFamily struct {
	Family Family
	Flags  uint8 // GRForwarding; other bits are reserved and kept
}

// Forwarding reports whether the F bit is set: forwarding state for the
// family was preserved across the restart.
func (f GRFamily) Forwarding() bool { return f.Flags&GRForwarding != 0 }

// GracefulRestartView is the value of a Graceful Restart capability. It
// aliases the input.
type GracefulRestartView struct{ b []byte }

// Flags returns the 4-bit Restart Flags (GRRestartState, GRNotification).
func (v GracefulRestartView) Flags() uint8 {
	if len(v.b) < 2 {
		return 0
	}
	return v.b[0] >> 4
}

// Time returns the 12-bit Restart Time in seconds.
func (v GracefulRestartView) Time() uint16 {
	if len(v.b) < 2 {
		return 0
	}
	return binary.BigEndian.Uint16(v.b) & 0x0fff
}

// Len returns the number of families.
func (v GracefulRestartView) Len() int {
	if len(v.b) < 2 {
		return 0
	}
	return (len(v.b) - 2) / 4
}

// At returns family i, or the zero value if i is out of range.
func (v GracefulRestartView) At(i int) GRFamily {
	if i < 0 || i >= v.Len() {
		return GRFamily{}
	}
	p := v.b[2+4*i : 6+4*i]
	return GRFamily{Family{AFI(binary.BigEndian.Uint16(p)), SAFI(p[2])}, p[3]}
}

// All iterates over the families.
func (v GracefulRestartView) All() iter.Seq[GRFamily] { return indexed(v.Len(), v.At) }

// LLGRFamily is one <AFI, SAFI, Flags, Long-lived Stale Time> tuple of
// the Long-Lived Graceful Restart capability (RFC 9494 §3).
type LLGRFamily struct {
	Family    Family
	Flags     uint8  // LLGRForwarding; other bits are reserved and kept
	StaleTime uint32 // seconds, 24 bits
}

// Forwarding reports whether the F bit is set.
func (f LLGRFamily) Forwarding() bool { return f.Flags&LLGRForwarding != 0 }

// LLGRView is the value of a Long-Lived Graceful Restart capability, 7
// octets per family. It aliases the input.
type LLGRView struct{ b []byte }

// Len returns the number of families.
func (v LLGRView) Len() int { return len(v.b) / 7 }

// At returns family i, or the zero value if i is out of range.
func (v LLGRView) At(i int) LLGRFamily {
	if i < 0 || i >= v.Len() {
		return LLGRFamily{}
	}
	p := v.b[7*i : 7*i+7]
	return LLGRFamily{
		Family:    Family{AFI(binary.BigEndian.Uint16(p)), SAFI(p[2])},
		Flags:     p[3],
		StaleTime: uint32(p[4])<<16 | uint32(p[5])<<8 | uint32(p[6]),
	}
}

// All iterates over the families.
func (v LLGRView) All() iter.Seq[LLGRFamily] { return indexed(v.Len(), v.At) }

// indexed iterates over the n records of a capability value that at
// reads: the All of the views of fixed-size records.
func indexed[T any](n int, at func(int) T) iter.Seq[T] {
	return func(yield func(T) bool) {
		for i := 0; i < n; i++ {
			if !yield(at(i)) {
				return
			}
		}
	}
}
