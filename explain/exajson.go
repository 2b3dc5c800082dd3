package explain

import (
	"strconv"
	"strings"
)

// ExaBGP's JSON API messages (encoder json): a "neighbor" block with the
// session's addresses and ASes, the direction, and for an update its
// attributes and its routes by family and next hop. Read with regexps,
// not as JSON: pastes are often cut.
var (
	reExaJSON       = gate(`"exabgp"\s*:\s*"?([0-9.]+)"?[\s\S]*?"type"\s*:\s*"(update|state|notification|open|keepalive|refresh|operational|signal)"`)
	reExaJSONAddr   = gate(`"address"\s*:\s*\{\s*"local"\s*:\s*"([^"]+)"\s*,\s*"peer"\s*:\s*"([^"]+)"`)
	reExaJSONASN    = gate(`"asn"\s*:\s*\{\s*"local"\s*:\s*"?(\d+)"?\s*,\s*"peer"\s*:\s*"?(\d+)"?`)
	reExaJSONDir    = gate(`"direction"\s*:\s*"(receive|send)"`)
	reExaJSONAttr   = gate(`"(origin|local-preference|med|as-path)"\s*:\s*(\[[^\]]*\]|"[^"]*"|\d+)`)
	reExaJSONFamily = gate(`"(announce|withdraw)"\s*:\s*\{\s*"((?:ipv4|ipv6|l2vpn|bgp-ls) [a-z-]+)"\s*:\s*[\[{]\s*(?:"([^"]+)"\s*:)?`)
	reExaJSONNLRI   = gate(`"nlri"\s*:\s*"([^"]+)"(?:\s*,\s*"label"\s*:\s*\[\s*(\d+))?`)
	// ExaBGP writes an attribute it does not know as
	// "attribute-0xTYPE-0xFLAGS": "0xVALUE".
	reExaJSONGeneric = gate(`"attribute-0x([0-9a-f]{2})-0x([0-9a-f]{2})"\s*:\s*"0x([0-9a-f]*)"`)
)

// exaJSONGeneric rebuilds the attribute ExaBGP's JSON printed by its type
// and flags only, so that it is read as the attribute it is.
func exaJSONGeneric(text string) (HexRun, bool) {
	lower := strings.ToLower(text)
	m := reExaJSONGeneric.findIndex(newScan(lower, lower))
	if m == nil || !reExaJSON.match(newScan(lower, lower)) {
		return HexRun{}, false
	}
	typ, _ := strconv.ParseUint(lower[m[2]:m[3]], 16, 8)
	flags, _ := strconv.ParseUint(lower[m[4]:m[5]], 16, 8)
	value, ok := hexDigits(lower[m[6]:m[7]])
	if !ok || len(value) > 255 && flags&0x10 == 0 {
		return HexRun{}, false
	}
	return HexRun{Octets: appendAttr(nil, byte(flags), byte(typ), value), Start: m[0], End: m[1],
		Rebuilt: "ExaBGP's JSON of an attribute it does not decode (\"attribute-0xTYPE-0xFLAGS\": \"0xVALUE\"): type and flags from the key, the value from its hex"}, true
}

// exaJSONMessage says what an ExaBGP JSON API message (lower case)
// reports, or "".
func exaJSONMessage(lower string) string {
	t := newScan(lower, lower)
	m := reExaJSON.find(t)
	if m == nil || !strings.Contains(lower, `"neighbor"`) {
		return ""
	}
	out := []string{"ExaBGP " + m[1] + "'s JSON API message of type " + m[2] + " (what it hands its API processes)"}
	a, asn := reExaJSONAddr.find(t), reExaJSONASN.find(t)
	dir := reExaJSONDir.find(t)
	if a != nil {
		s := "the session between ExaBGP at " + a[1] + " and its neighbour " + a[2]
		if asn != nil {
			s = "the session between ExaBGP at " + a[1] + " AS" + asn[1] + " and its neighbour " + a[2] + " AS" + asn[2]
			if asn[1] == asn[2] {
				s += " (iBGP: the same AS)"
			}
		}
		out = append(out, s)
	}
	if dir != nil {
		out = append(out, map[string]string{"receive": "received from the neighbour", "send": "sent to the neighbour"}[dir[1]])
	}
	for _, at := range reExaJSONAttr.findAll(t, 8) {
		out = append(out, exaJSONAttrWords(at[1], strings.Trim(at[2], `"`)))
	}
	if g := reExaJSONGeneric.find(t); g != nil {
		out = append(out, "attribute type 0x"+g[1]+" ("+itoa(atoiHex(g[1]))+") with flags 0x"+g[2]+", which ExaBGP does not decode: its octets are read below")
	}
	if f := reExaJSONFamily.find(t); f != nil {
		s := f[1] + " in " + f[2]
		if fam, ok := familyInWords(f[2]); ok {
			s += ", " + familyWords(fam)
		}
		if f[3] != "" && f[1] == "announce" {
			s += ", via next hop " + f[3]
		}
		out = append(out, s+": "+exaJSONRoutes(t))
	}
	return strings.Join(out, "; ")
}

// exaJSONRoutes lists the NLRI of an update, each with its MPLS label
// (RFC 8277: 20 bits) when it has one.
func exaJSONRoutes(t scan) string {
	var out []string
	for _, n := range reExaJSONNLRI.findAll(t, 16) {
		s := n[1]
		if n[2] != "" {
			s += " label " + n[2]
			if v := atoiOr(n[2], -1); v >= 16 && v < 1<<20 {
				s += " (an MPLS label, RFC 8277)"
			} else if v >= 0 && v < 16 {
				s += " (a reserved label, RFC 3032)"
			}
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return "the routes are not in the paste"
	}
	return strings.Join(out, ", ")
}

// exaJSONAttrWords says what one attribute of ExaBGP's JSON means.
func exaJSONAttrWords(name, v string) string {
	switch name {
	case "origin":
		if w, ok := originCodes[v]; ok {
			return "ORIGIN " + w
		}
	case "local-preference":
		return "LOCAL_PREF " + v + " (RFC 4271 §5.1.5: the preference within the AS, higher preferred)"
	case "med":
		return "MED " + v + " (RFC 4271 §5.1.4: lower preferred)"
	case "as-path":
		p := strings.Trim(strings.ReplaceAll(v, ",", " "), "[] ")
		if p == "" {
			return "AS_PATH empty: the route was originated in the sender's own AS"
		}
		return pathWords(strings.Join(strings.Fields(p), " "))
	}
	return name + " " + v
}

func atoiHex(s string) int {
	n, _ := strconv.ParseUint(s, 16, 16)
	return int(n)
}
