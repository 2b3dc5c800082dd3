package explain

import "strings"

// Prefix limits in words (RFC 4486 §4: Cease / Maximum Number of Prefixes
// Reached): what the entries of a warning or an excess state of the
// family, the limit and the count received.

var (
	// A prefix limit in words: Junos's "maximum prefix-limit(27) exceeded
	// ... nlri: 28", IOS XR's "has reached 94106, max 125000", IOS's
	// "Maximum prefix 100 reached".
	reLimit    = gate(`(?i)\b(?:limit|max|maximum)\s*(?:prefix(?:es)?\s*)?(?:\(|:|=|of)?\s*(\d+)\b`)
	reLimitGot = gate(`(?i)\b(?:nlri|received|reached|reaches|count)\s*:?\s*(\d+)\b`)
)

// limitWords reads what a Cease / Maximum Number of Prefixes Reached
// entry states in words instead of its data's octets (RFC 4486 §4: AFI,
// SAFI, the limit): the family, the limit and the count received.
func limitWords(text string) string {
	var parts []string
	if f, ok := familyInWords(text); ok {
		parts = append(parts, "family "+familyWords(f))
	}
	limit, got := limitNumbers(text)
	if limit >= 0 {
		parts = append(parts, "limit "+itoa(limit))
	}
	if got >= 0 {
		parts = append(parts, itoa(got)+" prefixes received")
	}
	return strings.Join(parts, ", ")
}

// limitNumbers reads the prefix limit and the count received an entry
// states in words; -1 for either it does not state.
func limitNumbers(text string) (limit, got int) {
	limit, got = -1, -1
	t := newScan(text, "")
	if m := reLimit.find(t); m != nil {
		limit = atoiOr(m[1], -1)
	}
	if m := reLimitGot.find(t); m != nil {
		got = atoiOr(m[1], -1)
	}
	return limit, got
}

// pastLimit reports whether the entry states a count past its limit.
func pastLimit(text string) bool {
	limit, got := limitNumbers(text)
	return limit >= 0 && got > limit
}

// reThreshold is Junos's warning threshold: "prefix-limit threshold(80)".
var reThreshold = gate(`\bthreshold\s*\((\d+)\)`)

// limitDetail says what a prefix-limit entry (lower case) states in
// numbers: the family, the count received against the maximum (and how
// much of it), Junos's warning threshold.
func limitDetail(lower string) string {
	var parts []string
	if f, ok := familyInWords(lower); ok {
		parts = append(parts, "family "+familyWords(f))
	}
	limit, got := limitNumbers(lower)
	if m := reThreshold.find(newScan(lower, lower)); m != nil {
		parts = append(parts, "warning threshold "+m[1]+" prefixes")
	}
	switch {
	case got >= 0 && limit > 0:
		s := itoa(got) + " prefixes received against a maximum of " + itoa(limit) + " (" + itoa(got*100/limit) + "%)"
		if got >= limit {
			s += ": at the maximum, so one more passes it"
		}
		parts = append(parts, s)
	case got >= 0:
		parts = append(parts, itoa(got)+" prefixes received")
	case limit >= 0:
		parts = append(parts, "maximum "+itoa(limit))
	}
	if len(parts) == 0 {
		return ""
	}
	return "; the entry states " + strings.Join(parts, ", ")
}
