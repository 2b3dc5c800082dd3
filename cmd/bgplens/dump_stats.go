package main

import (
	"bufio"
	"strconv"
	"strings"
)

// dumpStats counts what dump printed, for --stats.
type dumpStats struct {
	types  map[string]int
	peers  map[peerStatKey]*peerStat
	order  []peerStatKey // first appearance
	errors int           // input errors (each reported on stderr)
}

// peerStatKey identifies one RIB of one peer of one router, or the sender
// of a BGP stream.
type peerStatKey struct {
	File, Router, PeerType, Distinguisher, PeerIP, RIB string
}

// peerStat is one row of the counts; its JSON names are in
// docs/json.md.
type peerStat struct {
	File            string `json:"file"`
	Router          string `json:"router,omitempty"`
	PeerType        string `json:"peer_type,omitempty"`
	Distinguisher   string `json:"peer_distinguisher,omitempty"`
	PeerIP          string `json:"peer_ip,omitempty"`
	PeerASN         uint32 `json:"peer_asn"`
	RIB             string `json:"rib,omitempty"`
	Messages        int    `json:"messages"`
	Announced       int    `json:"announced"`
	Withdrawn       int    `json:"withdrawn"`
	FallbackAS4     int    `json:"fallback_as4"`
	FallbackAddPath int    `json:"fallback_add_path"`
	NoPeerUp        int    `json:"no_peer_up"`
	Malformed       int    `json:"malformed"`
	Errors          int    `json:"errors"`
}

func newDumpStats() *dumpStats {
	return &dumpStats{types: map[string]int{}, peers: map[peerStatKey]*peerStat{}}
}

// count adds a printed message.
func (s *dumpStats) count(sc *streamCtx, r *dumpRecord) {
	s.types[r.Type]++
	if r.Type != "route_monitoring" && r.Type != "bgp_update" && r.Type != "rib_entry" {
		return
	}
	// The router's name by the station's rule (station.Namer): sysName,
	// BGP ID or address, so that two exporters behind one address stay
	// apart, as in the station.
	router := sc.namer.Final()
	k := peerStatKey{File: sc.file, Router: router, PeerType: r.PeerType, Distinguisher: r.PeerDistinguisher,
		PeerIP: r.PeerIP, RIB: r.RIB}
	p := s.peers[k]
	if p == nil {
		p = &peerStat{File: k.File, Router: k.Router, PeerType: k.PeerType, Distinguisher: k.Distinguisher,
			PeerIP: k.PeerIP, RIB: k.RIB}
		s.peers[k] = p
		s.order = append(s.order, k)
	}
	if r.PeerASN != nil {
		p.PeerASN = *r.PeerASN
	}
	p.Messages++
	p.Announced += len(r.Announced)
	p.Withdrawn += len(r.Withdrawn)
	if strings.Contains(r.Fallback, "as4") {
		p.FallbackAS4++
	}
	if strings.Contains(r.Fallback, "add-path") {
		p.FallbackAddPath++
	}
	if r.NoPeerUp {
		p.NoPeerUp++
	}
	if r.Verdict != "" {
		p.Malformed++
	} else if len(r.Problems) > 0 {
		p.Errors++
	}
}

// typeOrder is the order types are listed in.
var typeOrder = []string{"route_monitoring", "statistics_report", "peer_down", "peer_up", "initiation",
	"termination", "route_mirroring", "unknown", "bgp_open", "bgp_update", "bgp_notification", "bgp_keepalive",
	"bgp_route_refresh", "bgp_unknown", "state_change", "rib_entry", "peer_index_table", "mrt_skipped"}

// write prints the counts, as text or as one JSON object.
func (s *dumpStats) write(w *bufio.Writer, asJSON bool) {
	if asJSON {
		out := struct {
			Type     string         `json:"type"`
			Messages map[string]int `json:"messages"`
			Errors   int            `json:"errors"`
			Peers    []*peerStat    `json:"peers"`
		}{Type: "stats", Messages: s.types, Errors: s.errors, Peers: []*peerStat{}}
		for _, k := range s.order {
			out.Peers = append(out.Peers, s.peers[k])
		}
		writeJSONLine(w, out)
		return
	}
	total := 0
	for _, n := range s.types {
		total += n
	}
	w.WriteString("# messages: " + strconv.Itoa(total) + ", input errors: " + strconv.Itoa(s.errors) + "\n")
	for _, t := range typeOrder {
		if n := s.types[t]; n > 0 {
			name := textTypeNames[t]
			if name == "" {
				name = "other types"
			}
			w.WriteString("#   " + name + ": " + strconv.Itoa(n) + "\n")
		}
	}
	if len(s.order) == 0 {
		return
	}
	w.WriteString("# per router, peer and RIB (Route Monitoring), or per BGP speaker (UPDATEs, RIB entries):\n")
	heads := []string{"messages", "announced", "withdrawn", "fallback-as4", "fallback-add-path", "no-peer-up", "malformed", "errors"}
	w.WriteString("#  " + strings.Join(heads, " ") + "  router peer\n")
	for _, k := range s.order {
		p := s.peers[k]
		who := strings.Join(nonEmpty(p.Router, p.PeerType, p.Distinguisher, p.PeerIP,
			"AS"+strconv.FormatUint(uint64(p.PeerASN), 10), p.RIB), " ")
		row := []int{p.Messages, p.Announced, p.Withdrawn, p.FallbackAS4, p.FallbackAddPath, p.NoPeerUp, p.Malformed, p.Errors}
		line := "# "
		for i, n := range row {
			v := strconv.Itoa(n)
			line += " " + strings.Repeat(" ", max(0, len(heads[i])-len(v))) + v
		}
		w.WriteString(line + "  " + who + "\n")
	}
}

func nonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}
