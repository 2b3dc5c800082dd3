package bgp

// decimalPairs is "00" to "99": AppendUint writes two digits a step.
const decimalPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

// AppendUint appends v in decimal, as strconv.AppendUint(dst, v, 10)
// does, writing the digits in place: the JSON and text writers append an
// AS number, a community or a length for nearly every value, and
// strconv's formatting into a buffer of its own then copying it costs
// about twice as much.
func AppendUint(dst []byte, v uint64) []byte {
	switch {
	case v < 10:
		return append(dst, byte('0'+v))
	case v < 100: // lengths, counts, small community values
		return append(dst, decimalPairs[v*2], decimalPairs[v*2+1])
	}
	n := decimalLen(v)
	l := len(dst)
	if cap(dst)-l < n {
		dst = append(dst, make([]byte, n)...)
	} else {
		dst = dst[:l+n]
	}
	// Two digits a step from the end, b shrinking to what is left: the
	// compiler then proves every index in range (no bounds checks).
	b := dst[l:]
	for len(b) >= 2 && v >= 100 {
		r := v % 100
		v /= 100
		b[len(b)-2], b[len(b)-1] = decimalPairs[r*2], decimalPairs[r*2+1]
		b = b[:len(b)-2]
	}
	if len(b) == 2 && v < 100 {
		b[0], b[1] = decimalPairs[v*2], decimalPairs[v*2+1]
	} else if len(b) == 1 {
		b[0] = byte('0' + v%10)
	}
	return dst
}

// decimalLen is the number of decimal digits of v.
func decimalLen(v uint64) int {
	n := 1
	for v >= 10000 {
		v /= 10000
		n += 4
	}
	switch {
	case v >= 1000:
		return n + 3
	case v >= 100:
		return n + 2
	case v >= 10:
		return n + 1
	}
	return n
}
