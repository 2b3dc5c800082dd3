package station

import (
	"strings"
	"time"

	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
)

// statistics keeps a Statistics Report (RFC 7854 §4.8) as the latest of
// its peer and RIB (the Prometheus collector reads them at scrape time)
// and emits it.
//
// Exporter quirks: FRR sends type 65531 (experimental; FRR counts
// "prefixes with invalid next hop" there), a 4-octet counter, read as
// such. gobgpd 3.10 uses types 11 and 12, whose IANA meaning is the
// updates and prefixes subjected to treat-as-withdraw, for the withdraw
// updates and prefixes it received: for a router whose sysDescr says
// gobgpd, those two are reported under the name gobgp gives them.
func (r *router) statistics(v bmp.MessageView, now time.Time) error {
	sr, err := decodeAs[bmp.StatisticsReport](v)
	if err != nil {
		return err
	}
	h := sr.Peer
	p := r.peer(h, now)
	if p == nil {
		return nil
	}
	tm, rt := r.times(h, now)
	stats := make([]output.Stat, 0, len(sr.Stats))
	for _, s := range sr.Stats {
		stats = append(stats, r.stat(s))
	}
	r.mu.Lock()
	if p.stats == nil {
		p.stats = map[bmp.RIB]*statsSnapshot{}
	}
	old := p.stats[h.RIB()]
	p.stats[h.RIB()] = &statsSnapshot{at: tm, routerTime: rt, stats: stats}
	r.mu.Unlock()
	if old == nil {
		r.held.Add(int64(64 * len(stats)))
	}
	ev := r.newEvent(output.EventStats, h, "", tm, rt)
	ev.Stats = stats
	r.emit(ev)
	return nil
}

// stat reads one statistic.
func (r *router) stat(s bmp.Stat) output.Stat {
	o := output.Stat{Type: s.Type, Name: statName(s.Type)}
	switch {
	case r.vendor == exporterGoBGP && s.Type == bmp.StatTreatAsWithdrawUpdates:
		o.Name = "withdraw updates received (gobgp; IANA: " + o.Name + ")"
		r.st.m.quirks.WithLabelValues("stats_relabelled").Inc()
	case r.vendor == exporterGoBGP && s.Type == bmp.StatTreatAsWithdrawPrefixes:
		o.Name = "withdraw prefixes received (gobgp; IANA: " + o.Name + ")"
		r.st.m.quirks.WithLabelValues("stats_relabelled").Inc()
	case r.vendor == exporterFRR && s.Type == 65531:
		o.Name = "prefixes with invalid next hop (FRR experimental)"
	}
	if f, n, ok := s.FamilyGauge(); ok && s.Type.Width() == bmp.StatFamilyGauge {
		o.Family, o.Value = f, n
		return o
	}
	if n, ok := s.Uint(); ok {
		o.Value = n
		return o
	}
	o.Unknown, o.Raw = true, s.Value // s is the Report's own copy
	return o
}

// decodeAs decodes v into its owned form, of type M (the one of v's
// message type: the router's dispatch has chosen the handler by it).
func decodeAs[M bmp.Message](v bmp.MessageView) (M, error) {
	m, err := v.Decode()
	if err != nil {
		var zero M
		return zero, err
	}
	return m.(M), nil
}

// statName is the registry's description of a statistics type.
func statName(t bmp.StatType) string { return t.String() }

// initiation records the router's Initiation (RFC 7854 §4.3): sysName,
// sysDescr and strings, and which exporter it is.
func (r *router) initiation(v bmp.MessageView, now time.Time) error {
	in, err := decodeAs[bmp.Initiation](v)
	if err != nil {
		return err
	}
	var name, descr string
	var info []string
	for _, t := range in.Information {
		switch bmp.InitiationTLVType(t.Type) {
		case bmp.InitSysName:
			name = t.Text()
		case bmp.InitSysDescr:
			descr = t.Text()
		default:
			info = append(info, bmp.InitiationTLVType(t.Type).String()+": "+t.Text())
		}
	}
	vendor := exporterUnknown
	switch d := strings.ToLower(descr); {
	case strings.HasPrefix(d, "frrouting"):
		vendor = exporterFRR
	case strings.HasPrefix(d, "gobgp"):
		vendor = exporterGoBGP
	}
	r.mu.Lock()
	r.held.Add(int64(len(name)+len(descr)) - int64(len(r.sysName)+len(r.sysDescr)))
	r.initiated, r.sysName, r.sysDescr, r.info, r.vendor = now, name, descr, info, vendor
	r.mu.Unlock()
	r.log.Info("router initiated", "sys_name", name, "sys_descr", descr)
	if r.named && !r.announced {
		r.routerUp(now)
	}
	return nil
}

// termination records why the router ends the session (RFC 7854 §4.5);
// it closes the connection itself.
func (r *router) termination(v bmp.MessageView) error {
	t, err := decodeAs[bmp.Termination](v)
	if err != nil {
		return err
	}
	reason := "no reason given"
	if rc, ok := t.Reason(); ok {
		reason = rc.String()
	}
	for _, tlv := range t.Information {
		if bmp.TerminationTLVType(tlv.Type) == bmp.TermString {
			reason += ": " + tlv.Text()
		}
	}
	r.mu.Lock()
	r.terminated = reason
	r.mu.Unlock()
	return nil
}
