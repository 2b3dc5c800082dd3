package bgp

import "strconv"

// CodeName is the String of a code type whose names are a table indexed
// by the code: names[v], or UnnamedCode for a code past the table or
// without a name in it. The code types of bgp, bmp and mrt share it, so
// that a code reads the same way in every registry.
func CodeName[T ~uint8 | ~uint16](names []string, v T, prefix string) string {
	if int(v) < len(names) && names[v] != "" {
		return names[v]
	}
	return UnnamedCode(v, prefix)
}

// UnnamedCode is how a code without a name reads: the type's name and the
// number, e.g. "MessageType(9)".
func UnnamedCode[T ~uint8 | ~uint16 | ~uint32](v T, prefix string) string {
	return prefix + "(" + strconv.Itoa(int(v)) + ")"
}
