package bgp

import (
	"encoding/binary"
)

// Capability is an owned capability (RFC 5492 §4): its code and its
// decoded value. Decoders fill Value with the CapXxx type of the code, or
// CapRaw for codes bgplens does not decode and for malformed values.
type Capability struct {
	Code  CapCode
	Value CapValue // nil encodes as an empty value
}

// NewCapability returns the capability carrying v, with the code v
// belongs to. For CapRaw, set Code yourself.
func NewCapability(v CapValue) Capability { return Capability{Code: v.capCode(), Value: v} }

// CapValue is the decoded value of a capability. It is sealed: the
// implementations are the CapXxx types of this package.
type CapValue interface {
	// capCode returns the code the value belongs to; 0 for CapRaw, which
	// fits any code.
	capCode() CapCode
	// appendCapValue appends the value octets; a non-empty string says
	// why the value cannot be encoded.
	appendCapValue(dst []byte) ([]byte, string)
}

// Append appends the capability triple to dst. It fails if the value is
// longer than 255 octets, does not fit its fields, or belongs to another
// code than c.Code.
func (c Capability) Append(dst []byte) ([]byte, error) {
	start := len(dst)
	encErr := func(reason string) ([]byte, error) {
		return dst[:start], newErr(0, CodeOpen, SubUnspecific, SessionReset, reason)
	}
	if c.Value != nil {
		if want := c.Value.capCode(); want != 0 && want != c.Code {
			return encErr("capability value belongs to another capability code")
		}
	}
	dst = append(dst, byte(c.Code), 0)
	if c.Value != nil {
		var bad string
		if dst, bad = c.Value.appendCapValue(dst); bad != "" {
			return encErr(bad)
		}
	}
	n := len(dst) - start - 2
	if n > 255 {
		return encErr("capability value longer than 255 octets")
	}
	dst[start+1] = byte(n)
	return dst, nil
}

// CapMultiprotocol is the Multiprotocol Extensions capability (code 1,
// RFC 4760 §8). Reserved is the octet between AFI and SAFI, which senders
// should set to 0; it is kept so that re-encoding gives the same bytes.
type CapMultiprotocol struct {
	Family   Family
	Reserved uint8
}

// CapRouteRefresh is the Route Refresh capability (code 2, RFC 2918 §2).
type CapRouteRefresh struct{}

// CapExtendedNextHop is the Extended Next Hop Encoding capability (code
// 5, RFC 8950 §4).
type CapExtendedNextHop struct{ Tuples []ExtNextHopTuple }

// CapExtendedMessage is the BGP Extended Message capability (code 6,
// RFC 8654 §3).
type CapExtendedMessage struct{}

// CapRole is the BGP Role capability (code 9, RFC 9234 §4.1).
type CapRole struct{ Role Role }

// CapGracefulRestart is the Graceful Restart capability (code 64, RFC
// 4724 §3). Flags holds the 4 Restart Flags bits (GRRestartState,
// GRNotification), Time the 12-bit Restart Time in seconds.
type CapGracefulRestart struct {
	Flags    uint8
	Time     uint16
	Families []GRFamily
}

// Restarting reports whether the R bit is set.
func (g CapGracefulRestart) Restarting() bool { return g.Flags&GRRestartState != 0 }

// Notification reports whether the N bit is set (RFC 8538 §2).
func (g CapGracefulRestart) Notification() bool { return g.Flags&GRNotification != 0 }

// CapAS4 is the Support for 4-octet AS number capability (code 65, RFC
// 6793 §3).
type CapAS4 struct{ AS uint32 }

// CapAddPath is the ADD-PATH capability (code 69, RFC 7911 §4).
type CapAddPath struct{ Entries []AddPathEntry }

// Mode returns the Send/Receive value for family f, or 0.
func (a CapAddPath) Mode(f Family) AddPathMode {
	for _, e := range a.Entries {
		if e.Family == f {
			return e.Mode
		}
	}
	return 0
}

// CapEnhancedRouteRefresh is the Enhanced Route Refresh capability (code
// 70, RFC 7313 §3.1).
type CapEnhancedRouteRefresh struct{}

// CapLLGR is the Long-Lived Graceful Restart capability (code 71, RFC
// 9494 §3).
type CapLLGR struct{ Families []LLGRFamily }

// CapFQDN is the FQDN capability (code 73,
// draft-walton-bgp-hostname-capability). Each name is at most 255
// octets.
type CapFQDN struct{ Hostname, Domain string }

// CapSoftwareVersion is the Software Version capability (code 75,
// draft-abraitis-bgp-version-capability): a UTF-8 string of at most
// 254 octets.
type CapSoftwareVersion struct{ Version string }

// CapRaw is the value of a capability kept as bytes: a code bgplens does
// not decode, or a malformed value (see CapabilityView.Check). It is
// re-encoded unchanged.
type CapRaw struct{ Data []byte }

func (CapMultiprotocol) capCode() CapCode        { return CapCodeMultiprotocol }
func (CapRouteRefresh) capCode() CapCode         { return CapCodeRouteRefresh }
func (CapExtendedNextHop) capCode() CapCode      { return CapCodeExtendedNextHop }
func (CapExtendedMessage) capCode() CapCode      { return CapCodeExtendedMessage }
func (CapRole) capCode() CapCode                 { return CapCodeRole }
func (CapGracefulRestart) capCode() CapCode      { return CapCodeGracefulRestart }
func (CapAS4) capCode() CapCode                  { return CapCodeAS4 }
func (CapAddPath) capCode() CapCode              { return CapCodeAddPath }
func (CapEnhancedRouteRefresh) capCode() CapCode { return CapCodeEnhancedRouteRefresh }
func (CapLLGR) capCode() CapCode                 { return CapCodeLLGR }
func (CapFQDN) capCode() CapCode                 { return CapCodeFQDN }
func (CapSoftwareVersion) capCode() CapCode      { return CapCodeSoftwareVersion }
func (CapRaw) capCode() CapCode                  { return 0 }

func (v CapMultiprotocol) appendCapValue(dst []byte) ([]byte, string) {
	dst = binary.BigEndian.AppendUint16(dst, uint16(v.Family.AFI))
	return append(dst, v.Reserved, byte(v.Family.SAFI)), ""
}

func (CapRouteRefresh) appendCapValue(dst []byte) ([]byte, string)         { return dst, "" }
func (CapExtendedMessage) appendCapValue(dst []byte) ([]byte, string)      { return dst, "" }
func (CapEnhancedRouteRefresh) appendCapValue(dst []byte) ([]byte, string) { return dst, "" }

func (v CapExtendedNextHop) appendCapValue(dst []byte) ([]byte, string) {
	if len(v.Tuples) == 0 {
		return dst, "Extended Next Hop capability needs at least one tuple"
	}
	for _, t := range v.Tuples {
		dst = binary.BigEndian.AppendUint16(dst, uint16(t.Family.AFI))
		dst = binary.BigEndian.AppendUint16(dst, uint16(t.Family.SAFI))
		dst = binary.BigEndian.AppendUint16(dst, uint16(t.NextHopAFI))
	}
	return dst, ""
}

func (v CapRole) appendCapValue(dst []byte) ([]byte, string) { return append(dst, byte(v.Role)), "" }

func (v CapGracefulRestart) appendCapValue(dst []byte) ([]byte, string) {
	if v.Flags > 0xf || v.Time > 0xfff {
		return dst, "Graceful Restart flags or time out of range"
	}
	dst = binary.BigEndian.AppendUint16(dst, uint16(v.Flags)<<12|v.Time)
	for _, f := range v.Families {
		dst = binary.BigEndian.AppendUint16(dst, uint16(f.Family.AFI))
		dst = append(dst, byte(f.Family.SAFI), f.Flags)
	}
	return dst, ""
}

func (v CapAS4) appendCapValue(dst []byte) ([]byte, string) {
	return binary.BigEndian.AppendUint32(dst, v.AS), ""
}

func (v CapAddPath) appendCapValue(dst []byte) ([]byte, string) {
	if len(v.Entries) == 0 {
		return dst, "ADD-PATH capability needs at least one entry"
	}
	for _, e := range v.Entries {
		dst = binary.BigEndian.AppendUint16(dst, uint16(e.Family.AFI))
		dst = append(dst, byte(e.Family.SAFI), byte(e.Mode))
	}
	return dst, ""
}

func (v CapLLGR) appendCapValue(dst []byte) ([]byte, string) {
	for _, f := range v.Families {
		if f.StaleTime > 0xffffff {
			return dst, "LLGR stale time does not fit 24 bits"
		}
		dst = binary.BigEndian.AppendUint16(dst, uint16(f.Family.AFI))
		dst = append(dst, byte(f.Family.SAFI), f.Flags, byte(f.StaleTime>>16), byte(f.StaleTime>>8), byte(f.StaleTime))
	}
	return dst, ""
}

func (v CapFQDN) appendCapValue(dst []byte) ([]byte, string) {
	if len(v.Hostname) > 255 || len(v.Domain) > 255 {
		return dst, "FQDN name longer than 255 octets"
	}
	dst = append(append(dst, byte(len(v.Hostname))), v.Hostname...)
	return append(append(dst, byte(len(v.Domain))), v.Domain...), ""
}

func (v CapSoftwareVersion) appendCapValue(dst []byte) ([]byte, string) {
	if len(v.Version) > 254 {
		return dst, "software version longer than 254 octets"
	}
	return append(append(dst, byte(len(v.Version))), v.Version...), ""
}

func (v CapRaw) appendCapValue(dst []byte) ([]byte, string) { return append(dst, v.Data...), "" }

// BGPsecCap is a BGPsec capability's value (RFC 8205 §2.1): the BGPsec
// version, whether the sender can send (rather than receive) BGPsec
// UPDATEs, and the address family it applies to.
type BGPsecCap struct {
	Version  uint8
	Send     bool
	Reserved uint8 // the low 3 bits of the first octet, which must be 0
	AFI      AFI
}

// BGPsec returns the value of a BGPsec capability (RFC 8205 §2.1).
func (c CapabilityView) BGPsec() (BGPsecCap, error) {
	if err := c.want(CapCodeBGPsec); err != nil {
		return BGPsecCap{}, err
	}
	v := c.Value
	return BGPsecCap{Version: v[0] >> 4, Send: v[0]&0x08 != 0, Reserved: v[0] & 0x07, AFI: AFI(binary.BigEndian.Uint16(v[1:]))}, nil
}
