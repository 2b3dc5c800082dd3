package main

import (
	"errors"
	"flag"
	"net/netip"
	"regexp"
	"strings"

	"github.com/bgplens/bgplens/mrt/filter"
)

// filterFlags are dump's route filters (MRT input).
type filterFlags struct {
	prefix, match, origin, peerAS, peerIP, asPath, community, since, until, kind *string
}

func addFilterFlags(fs *flag.FlagSet) *filterFlags {
	return &filterFlags{
		prefix:    fs.String("prefix", "", "MRT: keep routes of these `prefixes` (comma-separated), as --prefix-match says"),
		match:     fs.String("prefix-match", "exact", "MRT: how --prefix matches: exact, more (and more specific), less (and less specific), any"),
		origin:    fs.String("origin-as", "", "MRT: keep routes whose AS path ends in one of these `ASNs`"),
		peerAS:    fs.String("peer-as", "", "MRT: keep records of peers of these `ASNs`"),
		peerIP:    fs.String("peer-ip", "", "MRT: keep records of peers of these `addresses`"),
		asPath:    fs.String("as-path", "", "MRT: keep routes whose AS path, as text (\"64496 64511 {65001,65002}\"), matches this `regexp`"),
		community: fs.String("community", "", "MRT: keep routes carrying one of these `communities` (AS:VALUE, a well-known name, or A:B:C)"),
		since:     fs.String("since", "", "MRT: keep records from this `time` on (RFC 3339 or Unix seconds)"),
		until:     fs.String("until", "", "MRT: keep records before this `time`"),
		kind:      fs.String("type", "", "MRT: keep only announcements (announce) or withdrawals (withdraw)"),
	}
}

// setFlag parses the value s of the flag name into dst when it is set,
// naming the flag in the error.
func setFlag[T any](name, s string, dst *T, parse func(string) (T, error)) error {
	if s == "" {
		return nil
	}
	v, err := parse(s)
	if err != nil {
		return errors.New("--" + name + ": " + err.Error())
	}
	*dst = v
	return nil
}

// build returns the filter the flags describe, nil when they describe none.
func (ff *filterFlags) build() (*filter.Filter, error) {
	var f filter.Filter
	var err error
	for _, s := range commaList(*ff.prefix) {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, errors.New("--prefix: " + err.Error())
		}
		f.Prefixes = append(f.Prefixes, p)
	}
	if f.Match, err = filter.ParseMatch(*ff.match); err != nil {
		return nil, errors.New("--prefix-match: " + err.Error())
	}
	if err := setFlag("origin-as", *ff.origin, &f.OriginAS, filter.ParseASList); err != nil {
		return nil, err
	}
	if err := setFlag("peer-as", *ff.peerAS, &f.PeerAS, filter.ParseASList); err != nil {
		return nil, err
	}
	for _, s := range commaList(*ff.peerIP) {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, errors.New("--peer-ip: " + err.Error())
		}
		f.PeerIP = append(f.PeerIP, a)
	}
	if err := setFlag("as-path", *ff.asPath, &f.ASPath, regexp.Compile); err != nil {
		return nil, err
	}
	for _, s := range commaList(*ff.community) {
		if err := f.ParseCommunity(s); err != nil {
			return nil, errors.New("--community: " + err.Error())
		}
	}
	if err := setFlag("since", *ff.since, &f.Since, filter.ParseTime); err != nil {
		return nil, err
	}
	if err := setFlag("until", *ff.until, &f.Until, filter.ParseTime); err != nil {
		return nil, err
	}
	switch *ff.kind {
	case "":
	case "announce":
		f.Kind = filter.Announce
	case "withdraw":
		f.Kind = filter.Withdraw
	default:
		return nil, errors.New("--type is announce or withdraw")
	}
	if f.Empty() {
		return nil, nil
	}
	return &f, nil
}

func commaList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
