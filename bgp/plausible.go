package bgp

// Whether a clean reading of an UPDATE is plausible: ADD-PATH on or off
// cannot always be told from the lengths (ReadUpdate asks these).

// Suspect reports, in constant time (and without copying the view, as it
// runs on every BMP message), whether the first route of one of the
// UPDATE's NLRI fields looks misread: with Path Identifiers, one whose high
// octet is set (a prefix length read as an identifier); without them, a
// zero-length prefix first (the high octet of a small identifier read as
// a prefix). Only then is the full count of Oddities worth taking. It
// looks at the IPv4 fields and the first MP_REACH_NLRI and MP_UNREACH_NLRI
// of families with prefixes.
func (u *UpdateView) Suspect() bool {
	if u.suspect != 0 { // UpdateValues.Decode's answer: a test, inlined
		return u.suspect == 2
	}
	return u.suspectFields()
}

// suspectFields is Suspect's test of each NLRI field.
func (u *UpdateView) suspectFields() bool {
	msg := u.msg
	odd := func(off, n int, addPath bool) bool {
		return n > 0 && off+n <= len(msg) && addPath == (msg[off] != 0)
	}
	if odd(u.wOff, u.wLen, u.v4AddPath) || u.nOff != 0 && odd(u.nOff, len(msg)-u.nOff, u.v4AddPath) {
		return true
	}
	if m := &u.reach; m.ok && m.n != 0 && m.fam.Prefixes() && odd(int(m.off), int(m.n), m.addPath) {
		return true
	}
	m := &u.unreach
	return m.ok && m.n != 0 && m.fam.Prefixes() && odd(int(m.off), int(m.n), m.addPath)
}

// Oddities counts features of the routes that a correct reading of an
// UPDATE rarely has, to choose between readings that both parse cleanly
// (ADD-PATH on or off cannot always be told from the lengths: two /24s
// also read as one /24 with a Path Identifier). It counts Path Identifiers
// whose high octet is set (in a misreading, that octet is a prefix length)
// and zero-length prefixes (read without Path Identifiers, the high octets
// of a small identifier become /0s; a real default route counts in both
// readings and so tips neither). Lower is more plausible.
func (u UpdateView) Oddities() int {
	n := 0
	count := func(f Family, r Route) bool {
		// A /0 counts in both readings, so that a real default route
		// does not tip the balance towards a misreading.
		if u.sess.AddPath(f) && r.PathID>>24 != 0 || r.Prefix.Bits() == 0 {
			n++
		}
		return true
	}
	for f, r := range u.Announced() {
		count(f, r)
	}
	for f, r := range u.Withdrawals() {
		count(f, r)
	}
	return n
}
