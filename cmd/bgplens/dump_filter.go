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
	if *ff.origin != "" {
		if f.OriginAS, err = filter.ParseASList(*ff.origin); err != nil {
			return nil, errors.New("--origin-as: " + err.Error())
		}
	}
	if *ff.peerAS != "" {
		if f.PeerAS, err = filter.ParseASList(*ff.peerAS); err != nil {
			return nil, errors.New("--peer-as: " + err.Error())
		}
	}
	for _, s := range commaList(*ff.peerIP) {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, errors.New("--peer-ip: " + err.Error())
		}
		f.PeerIP = append(f.PeerIP, a)
	}
	if *ff.asPath != "" {
		if f.ASPath, err = regexp.Compile(*ff.asPath); err != nil {
			return nil, errors.New("--as-path: " + err.Error())
		}
	}
	for _, s := range commaList(*ff.community) {
		if err := f.ParseCommunity(s); err != nil {
			return nil, errors.New("--community: " + err.Error())
		}
	}
	if *ff.since != "" {
		if f.Since, err = filter.ParseTime(*ff.since); err != nil {
			return nil, errors.New("--since: " + err.Error())
		}
	}
	if *ff.until != "" {
		if f.Until, err = filter.ParseTime(*ff.until); err != nil {
			return nil, errors.New("--until: " + err.Error())
		}
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
