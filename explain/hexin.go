package explain

import (
	"errors"
	"strconv"
)

// ParseHex reads octets written in hex, in any of the groupings people
// paste: "ffff ffff", "ff ff", "FF:FF", "0xff, 0xff", "ff-ff", across
// lines. Separators are white space, ':', ',', '-', '.' and the "0x"
// prefix. Anything else is an error that says where it is.
func ParseHex(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)/2)
	var hi byte
	half := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '0' && i+1 < len(s) && (s[i+1] == 'x' || s[i+1] == 'X') && !half:
			i++
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':' || c == ',' || c == '-' || c == '.':
			if half {
				return nil, errors.New("odd number of hex digits in a group ending at column " + strconv.Itoa(i+1))
			}
			continue
		}
		v, ok := hexVal(c)
		if !ok {
			return nil, errors.New("not a hex digit: " + strconv.QuoteRune(rune(c)) + " at column " + strconv.Itoa(i+1))
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		return nil, errors.New("odd number of hex digits at the end of the input")
	}
	return out, nil
}

func hexVal(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
