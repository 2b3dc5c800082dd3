package explain

import "github.com/bgplens/bgplens/bgp"

// FRR's OPEN debug trace numbers what it names: "OPEN has Enhanced Route
// Refresh capability (70), length 0", "rcvd OPEN w/ optional parameter
// type 2 (Capability) len 6"; FortiOS's "Open Cap: Cap Code 66, Cap Len 0";
// Comware's "CAP Type: 1 (Multiprotocol) CAP Len: 4".
var (
	reTraceCapCode   = gate(`\bcapability \((\d{1,3})\)|\bcap code (\d{1,3})\b|\bcap type:\s*(\d{1,3})\b`)
	reTraceParamType = gate(`\boptional parameter type (\d{1,3})\b`)
)

// openTraceNumbers names, from the registries, the capability code or
// optional parameter type an OPEN trace (lower case) prints.
func openTraceNumbers(lower string) string {
	t := newScan(lower, lower)
	if m := reTraceCapCode.find(t); m != nil {
		code := m[1] + m[2] + m[3] // one of the forms matched
		if n := atoiOr(code, -1); n >= 0 && n <= 255 {
			c := bgp.CapCode(n)
			if !c.Known() {
				return "; capability code " + code + " is not in the IANA registry"
			}
			return "; capability code " + code + " is " + c.Description() + " (" + c.Ref() + ")"
		}
	}
	if m := reTraceParamType.find(t); m != nil {
		if n := atoiOr(m[1], -1); n >= 0 && n <= 255 {
			p := bgp.OptParamType(n)
			return "; optional parameter type " + m[1] + " is " + p.String() + " (" + p.Ref() + ")"
		}
	}
	return ""
}
