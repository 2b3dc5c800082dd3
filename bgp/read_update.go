package bgp

// Which session an UPDATE was sent in is not always known: a BMP Peer Up
// may be missing or wrong about ADD-PATH, a log gives no OPEN, a capture
// may have missed them. ReadUpdate is the one answer every reader of
// bgplens uses (bmp.Peers, the explainer, dump): it reads the message with
// a first hypothesis and, when that does not read cleanly, with the
// alternatives, and says which reading it took and how it departs from
// what was expected.

// Fallback says how the session an UPDATE was read with departs from the
// expected one, for what the message carries.
type Fallback uint8

// Fallback kinds.
const (
	FallbackAS4     Fallback = 1 << iota // the other AS width (2- or 4-octet AS numbers)
	FallbackAddPath                      // ADD-PATH toggled for a family the message carries
)

// String returns e.g. "as4+add-path", or "none".
func (f Fallback) String() string {
	switch f {
	case 0:
		return "none"
	case FallbackAS4:
		return "as4"
	case FallbackAddPath:
		return "add-path"
	}
	return "as4+add-path"
}

// SearchOptions says what of the session the caller knows for certain, so
// that ReadUpdate does not vary it.
type SearchOptions struct {
	FixedAS4, FixedAddPath bool
}

// UpdateReading says how ReadUpdate read an UPDATE.
type UpdateReading struct {
	Session  Session  // the session the view was parsed with
	Fallback Fallback // how Session departs from the expected one, for what the message carries
	Clean    bool     // the UPDATE reads without error under Session
	Searched bool     // the first hypothesis was not simply taken: alternatives were tried
	// Misread is set when the first hypothesis read cleanly but its routes
	// looked misread (UpdateView.Oddities) and ADD-PATH toggled read
	// cleanly with fewer oddities: Session is that reading.
	Misread bool
	// First is the verdict under the first hypothesis when it was not
	// clean (nil otherwise), to say why another reading was taken.
	First *Error
}

// ReadUpdate parses msg as an UPDATE into *u (ParseUpdate) with session
// first and, when that reading is not clean, with the alternatives that
// matter for what the message carries: the other AS width if AS numbers
// appear, ADD-PATH toggled for the families whose routes are present.
// Each combination is tried, fewest departures from expected first, the
// other families keeping what first says; the first clean reading wins, or
// else the least bad one (weakest RFC 7606 verdict, then fewest errors; the
// earlier on ties). A clean first reading whose routes look misread (a
// Path Identifier with its high octet set, /0 prefixes: Suspect, then
// Oddities) is compared with ADD-PATH toggled, since ADD-PATH cannot
// always be told from the lengths.
//
// expected is what the caller believes (a Peer Up, the OPENs); first the
// hypothesis to try first (the one that last worked for the peer, often
// expected itself). The error is ParseUpdate's when the sections cannot be
// located, which no session changes. u is the caller's so that the view
// is not copied on the common path.
func ReadUpdate(u *UpdateView, msg []byte, expected, first Session, opt SearchOptions) (UpdateReading, error) {
	r := UpdateReading{Session: first}
	var err error
	*u, err = ParseUpdate(msg, first)
	if err != nil {
		return r, err
	}
	r.Clean = u.Verdict() == nil
	switch {
	case !r.Clean:
		r.First = u.Verdict()
		r.Searched = true
		*u, r.Session, r.Clean = searchSession(msg, expected, first, *u, opt)
	case !opt.FixedAddPath && u.Suspect() && u.Oddities() > 0:
		r.Searched = true
		if v, s, ok := plausibleReading(msg, *u, first); ok {
			*u, r.Session, r.Misread = v, s, true
		}
	}
	if r.Session != expected {
		r.Fallback = u.Fallback(r.Session, expected)
	}
	return r, nil
}

// Fallback says how used departs from expected for what u carries: the AS
// width when AS numbers appear, ADD-PATH for the families whose routes are
// present.
func (u *UpdateView) Fallback(used, expected Session) Fallback {
	m := shapeOf(u)
	return m.fallback(&used, &expected)
}

// Fallback is UpdateView.Fallback for the message d decoded cleanly: the
// same answer, from the routes and attributes found instead of a walk of
// the message (the path of a RIB whose exporter keeps sending what the
// Peer Up did not announce, as FRR's post-policy messages without the
// negotiated Path Identifiers).
func (d *UpdateValues) Fallback(used, expected *Session) Fallback {
	var m msgShape
	// Clean, a field holds octets exactly when it holds routes.
	if len(d.Withdrawn) > 0 || len(d.NLRI) > 0 {
		m.add(IPv4Unicast)
	}
	if len(d.MPReach.Routes) > 0 {
		m.add(d.MPReach.Family)
	}
	if len(d.MPUnreach.Routes) > 0 {
		m.add(d.MPUnreach.Family)
	}
	m.asNum = d.Has(AttrASPath) || d.Has(AttrAggregator)
	return m.fallback(used, expected)
}

// fallback is the rule of Fallback: the AS width counts when AS numbers
// appear, ADD-PATH for the families whose routes are present.
func (m *msgShape) fallback(used, expected *Session) Fallback {
	var f Fallback
	if used.AS4 != expected.AS4 && m.asNum {
		f |= FallbackAS4
	}
	for i := 0; i < m.nfams; i++ {
		if used.addPathDiffers(expected, m.fams[i]) {
			f |= FallbackAddPath
		}
	}
	return f
}

// msgShape is what of an UPDATE depends on the session: the families
// whose routes are present (at most the IPv4 fields and one MP_REACH and
// one MP_UNREACH family), and whether AS numbers appear.
type msgShape struct {
	fams  [3]Family
	nfams int
	asNum bool // AS_PATH or AGGREGATOR present
}

func (m *msgShape) add(f Family) {
	for i := 0; i < m.nfams; i++ {
		if m.fams[i] == f {
			return
		}
	}
	if m.nfams < len(m.fams) {
		m.fams[m.nfams] = f
		m.nfams++
	}
}

// shapeOf reads the shape of u; the attribute framing, the IPv4 fields
// and the families of the MP attributes do not depend on the session.
func shapeOf(u *UpdateView) msgShape {
	var m msgShape
	if u.wLen > 0 || u.nLen() > 0 {
		m.add(IPv4Unicast)
	}
	if u.reach.ok && u.reach.n > 0 && u.reach.fam.Prefixes() {
		m.add(u.reach.fam)
	}
	if u.unreach.ok && u.unreach.n > 0 && u.unreach.fam.Prefixes() {
		m.add(u.unreach.fam)
	}
	for a := range u.Attrs() {
		if a.Type == AttrASPath || a.Type == AttrAggregator {
			m.asNum = true
			break
		}
	}
	return m
}

// searchSession tries the alternatives to first, whose reading u was not
// clean (see ReadUpdate). It returns the first clean reading, or the least
// bad one.
func searchSession(msg []byte, expected, first Session, u UpdateView, opt SearchOptions) (UpdateView, Session, bool) {
	m := shapeOf(&u)
	nfams := m.nfams
	if opt.FixedAddPath {
		nfams = 0
	}
	best, bestS, bestScore := u, first, score(&u)
	as4Options := 1
	if m.asNum && !opt.FixedAS4 {
		as4Options = 2
	}
	for changes := 0; changes <= nfams+1; changes++ {
		for flip := 0; flip < as4Options; flip++ {
			for mask := 0; mask < 1<<nfams; mask++ {
				if flip+popcount(mask) != changes {
					continue
				}
				s := first
				if as4Options == 2 {
					s.AS4 = expected.AS4 != (flip == 1)
				}
				for i := 0; i < nfams; i++ {
					f := m.fams[i]
					s = s.WithAddPath(f, expected.AddPath(f) != (mask&(1<<i) != 0))
				}
				if s == first {
					continue
				}
				v, err := ParseUpdate(msg, s)
				if err != nil {
					continue
				}
				if v.Verdict() == nil {
					return v, s, true
				}
				if sc := score(&v); sc < bestScore {
					best, bestS, bestScore = v, s, sc
				}
			}
		}
	}
	return best, bestS, false
}

// plausibleReading returns the reading of msg with ADD-PATH toggled for
// its families when that reading is clean too and has fewer oddities; ok
// is false when it is not.
func plausibleReading(msg []byte, u UpdateView, s Session) (UpdateView, Session, bool) {
	alt := s
	m := shapeOf(&u)
	for i := 0; i < m.nfams; i++ {
		alt = alt.WithAddPath(m.fams[i], !s.AddPath(m.fams[i]))
	}
	if alt == s {
		return u, s, false
	}
	if v, err := ParseUpdate(msg, alt); err == nil && v.Verdict() == nil && v.Oddities() < u.Oddities() {
		return v, alt, true
	}
	return u, s, false
}

// score ranks a reading: lower is better.
func score(u *UpdateView) int {
	v := u.Verdict()
	if v == nil {
		return 0
	}
	return int(v.Action)<<16 + len(u.errs)
}

func popcount(x int) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}
