package explain

import (
	"strconv"
	"strings"
)

// ExaBGP's parser logs each attribute of an UPDATE it reads as "attribute
// as4-path flag 0xc0 type 0x11 len 0x0e payload 0203 0000 0B62 ...": the
// header in words, in hex, and the value's octets after "payload". Read
// alone the payload is an attribute's value without its header, which
// fits nothing (or, worse, looks like a NOTIFICATION body); with the
// header rebuilt from the words it is the attribute itself. Its NLRI
// lines ("NLRI ipv4 unicast without path-information payload 2045 390E
// 0B") print the prefixes of one family.
var (
	reExaAttr = gate(`(?i)\battribute\s+[a-z0-9-]+\s+flag\s+0x([0-9a-f]{2})\s+type\s+0x([0-9a-f]{2})\s+len\s+0x([0-9a-f]{2,4})(?:\s+payload\s+([0-9a-f ]+))?`)
	reExaNLRI = gate(`(?i)\bNLRI\s+ipv4\s+unicast\s+without\s+path-information\s+payload\s+([0-9a-f ]+)`)
)

// exaParserRun rebuilds the octets an ExaBGP parser line describes: the
// attribute, header and value, or the IPv4 unicast NLRI.
func exaParserRun(text string) (HexRun, bool) {
	t := newScan(text, "")
	if m := reExaAttr.findIndex(t); m != nil {
		flags, _ := strconv.ParseUint(text[m[2]:m[3]], 16, 8)
		typ, _ := strconv.ParseUint(text[m[4]:m[5]], 16, 8)
		l, _ := strconv.ParseUint(text[m[6]:m[7]], 16, 16)
		var value []byte
		if m[8] >= 0 {
			value, _ = hexDigits(strings.Join(strings.Fields(text[m[8]:m[9]]), ""))
		}
		if uint64(len(value)) != l {
			return HexRun{}, false // cut or unreadable: leave it to the ordinary reading
		}
		return HexRun{Octets: appendAttr(nil, byte(flags), byte(typ), value), Start: m[0], End: m[1], Rebuilt: "ExaBGP's parser line: flags, type and length from its words, the value from its payload"}, true
	}
	if m := reExaNLRI.findIndex(t); m != nil {
		b, ok := hexDigits(strings.Join(strings.Fields(text[m[2]:m[3]]), ""))
		if ok && len(b) > 0 {
			return HexRun{Octets: b, Start: m[2], End: m[3], Rebuilt: "ExaBGP's NLRI line for IPv4 unicast: the payload is the prefixes, length octet first"}, true
		}
	}
	return HexRun{}, false
}
