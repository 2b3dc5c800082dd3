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
	odd := func(off, n int, f Family, addPath bool) bool {
		if n == 0 || off+n > len(u.msg) || !f.Prefixes() {
			return false
		}
		return addPath == (u.msg[off] != 0)
	}
	return odd(u.wOff, u.wLen, IPv4Unicast, u.v4AddPath) ||
		odd(u.nOff, u.nLen(), IPv4Unicast, u.v4AddPath) ||
		u.reach.ok && odd(int(u.reach.off), int(u.reach.n), u.reach.fam, u.reach.addPath) ||
		u.unreach.ok && odd(int(u.unreach.off), int(u.unreach.n), u.unreach.fam, u.unreach.addPath)
}
