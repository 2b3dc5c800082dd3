package bgp

// AFI is an Address Family Identifier (IANA "Address Family Numbers").
type AFI uint16

// SAFI is a Subsequent Address Family Identifier (IANA "SAFI Values").
type SAFI uint8

// Address families used by BGP.
const (
	AFIIPv4  AFI = 1
	AFIIPv6  AFI = 2
	AFIL2VPN AFI = 25    // RFC 4761, EVPN (RFC 7432)
	AFIBGPLS AFI = 16388 // RFC 9552
)

// Subsequent address families.
const (
	SAFIUnicast      SAFI = 1   // RFC 4760
	SAFIMulticast    SAFI = 2   // RFC 4760
	SAFILabeled      SAFI = 4   // RFC 8277
	SAFIMCASTVPN     SAFI = 5   // RFC 6514
	SAFIVPLS         SAFI = 65  // RFC 4761
	SAFIEVPN         SAFI = 70  // RFC 7432
	SAFIBGPLS        SAFI = 71  // RFC 9552
	SAFIBGPLSVPN     SAFI = 72  // RFC 9552
	SAFISRTE         SAFI = 73  // RFC 9830
	SAFIMUP          SAFI = 85  // draft-mpmz-bess-mup-safi
	SAFIMPLSVPN      SAFI = 128 // RFC 4364
	SAFIMCASTMPLSVPN SAFI = 129 // RFC 6514
	SAFIRouteTarget  SAFI = 132 // RFC 4684
	SAFIFlowSpec     SAFI = 133 // RFC 8955
	SAFIFlowSpecVPN  SAFI = 134 // RFC 8955
)

var afiNames = map[AFI]string{
	AFIIPv4: "IPv4", AFIIPv6: "IPv6", AFIL2VPN: "L2VPN", AFIBGPLS: "BGP-LS",
}

var safiNames = [256]string{
	SAFIUnicast: "Unicast", SAFIMulticast: "Multicast", SAFILabeled: "Labeled Unicast",
	SAFIMCASTVPN: "MCAST-VPN", SAFIVPLS: "VPLS", SAFIEVPN: "EVPN", SAFIBGPLS: "BGP-LS",
	SAFIBGPLSVPN: "BGP-LS-VPN", SAFISRTE: "SR TE Policy", SAFIMUP: "MUP", SAFIMPLSVPN: "MPLS VPN",
	SAFIMCASTMPLSVPN: "Multicast MPLS VPN", SAFIRouteTarget: "Route Target Constraint",
	SAFIFlowSpec: "FlowSpec", SAFIFlowSpecVPN: "FlowSpec VPN",
}

// String returns the IANA name of the AFI, or "AFI(N)".
func (a AFI) String() string {
	if s, ok := afiNames[a]; ok {
		return s
	}
	return UnnamedCode(a, "AFI")
}

// String returns the IANA name of the SAFI, or "SAFI(N)".
func (s SAFI) String() string {
	if n := safiNames[s]; n != "" {
		return n
	}
	return UnnamedCode(s, "SAFI")
}

// Family is an AFI/SAFI pair. It is small and comparable.
type Family struct {
	AFI  AFI
	SAFI SAFI
}

// Families that bgplens decodes into prefixes.
var (
	IPv4Unicast   = Family{AFIIPv4, SAFIUnicast}
	IPv4Multicast = Family{AFIIPv4, SAFIMulticast}
	IPv4Labeled   = Family{AFIIPv4, SAFILabeled}
	IPv4VPN       = Family{AFIIPv4, SAFIMPLSVPN}
	IPv6Unicast   = Family{AFIIPv6, SAFIUnicast}
	IPv6Multicast = Family{AFIIPv6, SAFIMulticast}
	IPv6Labeled   = Family{AFIIPv6, SAFILabeled}
	IPv6VPN       = Family{AFIIPv6, SAFIMPLSVPN}
)

// String returns e.g. "IPv4 Unicast".
func (f Family) String() string { return f.AFI.String() + " " + f.SAFI.String() }

// nlriKind says how the NLRI of a family are laid out.
type nlriKind uint8

const (
	nlriOpaque  nlriKind = iota // not decoded into Routes: framed by the family's row
	nlriPrefix                  // RFC 4271 §4.3 length + prefix
	nlriLabeled                 // RFC 8277: labels then prefix
	nlriVPN                     // RFC 4364/4659: labels, RD, prefix
)

// kind reads the family registry (family_registry.go) for the IP families,
// through a table, since every route iterator asks.
func (f Family) kind() nlriKind {
	if f.AFI == AFIIPv4 || f.AFI == AFIIPv6 {
		return ipKinds[f.AFI-1][f.SAFI]
	}
	return nlriOpaque
}

// Prefixes reports whether bgplens decodes the NLRI of f into Routes with
// prefixes; the NLRI of other families are kept as raw bytes.
func (f Family) Prefixes() bool { return f.kind() != nlriOpaque }

// addrLen returns the address width in octets of an IP family.
func (f Family) addrLen() int {
	if f.AFI == AFIIPv6 {
		return 16
	}
	return 4
}
