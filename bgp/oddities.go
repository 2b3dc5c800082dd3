package bgp

// Suspect reports, in constant time (and without copying the view, as it
// runs on every BMP message), whether the first route of one of the
// UPDATE's NLRI fields looks misread: with Path Identifiers, one whose high
// octet is set (a prefix length read as an identifier); without them, a
// zero-length prefix first (the high octet of a small identifier read as
// a prefix). Only then is the full count of Oddities worth taking. It
// looks at the IPv4 fields and the first MP_REACH_NLRI and MP_UNREACH_NLRI
// of families with prefixes.
func (u *UpdateView) Suspect() bool {
	if u.suspect != 0 {
		return u.suspect == 2
	}
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
