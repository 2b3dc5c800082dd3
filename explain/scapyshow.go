package explain

import (
	"strings"

	"github.com/bgplens/bgplens/bgp"
)

// Scapy's show() prints each layer as "###[ NAME ]###" and its fields as
// "name = value": a BGP header's "marker = 0xff...ff" (Python 2 adds L),
// "len = 19", "type = KEEPALIVE". A KEEPALIVE is its header alone, so
// layers of KEEPALIVEs are rebuilt whole; other messages' bodies are
// fields bgplens does not rebuild, and are left alone.
var (
	reScapyLayer  = gate(`###\[ [\w -]+ \]###`)
	reScapyMarker = gate(`^\s*marker\s*=\s*0x[fF]{32}L?\s*$`)
	reScapyLen    = gate(`^\s*len\s*=\s*(\d{1,5})\s*$`)
	reScapyType   = gate(`^\s*type\s*=\s*([\w-]+)\s*$`)
)

// scapyShowRun rebuilds the KEEPALIVEs Scapy's show() printed.
func scapyShowRun(text string) (HexRun, bool) {
	if !reScapyLayer.match(cased(text)) {
		return HexRun{}, false
	}
	var msg []byte
	marker, l := false, -1
	flush := func(t string) bool {
		if !marker || l != bgp.HeaderLen || t != "KEEPALIVE" && t != "4" {
			return false
		}
		msg = append(msg, wsHeader(l, bgp.MsgKeepalive)...)
		marker, l = false, -1
		return true
	}
	for _, line := range strings.Split(text, "\n") {
		switch {
		case reScapyMarker.match(cased(line)):
			marker = true
		case reScapyLen.match(cased(line)):
			l = atoiOr(reScapyLen.find(cased(line))[1], -1)
		case reScapyType.match(cased(line)):
			if !flush(reScapyType.find(cased(line))[1]) {
				return HexRun{}, false
			}
		}
	}
	if len(msg) == 0 || marker {
		return HexRun{}, false
	}
	return HexRun{Octets: msg, Start: reScapyLayer.findIndex(cased(text))[0], End: len(text),
		Rebuilt: "Scapy's show() of each layer: its marker, len and type fields (a KEEPALIVE is its header alone)"}, true
}
