package station

import (
	"time"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/bmp"
	"github.com/bgplens/bgplens/station/output"
)

// routeEvents emits one event per route of an UPDATE the RIB has applied:
// withdrawals first, then announcements, as Apply orders them. The path
// attributes are copied once and shared by the UPDATE's events.
//
// The RFC 7606 verdict is applied as the RIB applied it: nothing for a
// session reset, the announcements as withdrawals for treat-as-withdraw
// (and AFI/SAFI disable), the routes with an "error" note for attribute
// discard.
func (r *router) routeEvents(h bmp.PeerHeader, tableName string, d *bgp.UpdateValues, verdict *bgp.Error, tm, rt time.Time) {
	if verdict != nil && verdict.Action >= bgp.SessionReset {
		return
	}
	base := r.newEvent(output.EventRoute, h, tableName, tm, rt)
	one := func(f bgp.Family, rte *bgp.Route, withdraw bool, p *output.Path) {
		ev := new(output.Event)
		*ev = *base
		ev.Withdraw, ev.Family, ev.Path = withdraw, f, p
		ev.Route = *rte
		ev.Route.Prefix = rte.Prefix.Masked()
		ev.Route.Off = 0
		r.emit(ev)
	}
	for i := range d.Withdrawn {
		one(bgp.IPv4Unicast, &d.Withdrawn[i], true, nil)
	}
	for i := range d.MPUnreach.Routes {
		one(d.MPUnreach.Family, &d.MPUnreach.Routes[i], true, nil)
	}
	if _, unreach := d.View().MPEntries(); unreach {
		if m, ok := d.View().MPUnreach(); ok {
			r.entryEvents(base, m.Family, m.Entries(), true, nil)
		}
	}
	treat := verdict != nil && verdict.Action >= bgp.TreatAsWithdraw
	var path *output.Path
	if !treat && (len(d.NLRI) > 0 || len(d.MPReach.Routes) > 0) {
		path = r.eventPath(d, verdict)
	}
	for i := range d.NLRI {
		one(bgp.IPv4Unicast, &d.NLRI[i], treat, path)
	}
	for i := range d.MPReach.Routes {
		one(d.MPReach.Family, &d.MPReach.Routes[i], treat, path)
	}
	if reach, _ := d.View().MPEntries(); reach {
		if path == nil && !treat {
			path = r.eventPath(d, verdict)
		}
		if m, ok := d.View().MPReach(); ok {
			r.entryEvents(base, m.Family, m.Entries(), treat, path)
		}
	}
}

// entryEvents emits one event per route of a family framed as NLRI
// entries (EVPN, FlowSpec, BGP-LS ...), as the RIB applied them: each
// event holds a copy of its entry.
func (r *router) entryEvents(base *output.Event, f bgp.Family, entries func(func(bgp.NLRI, error) bool), withdraw bool, p *output.Path) {
	for e, err := range entries {
		if err != nil {
			return
		}
		ev := new(output.Event)
		*ev = *base
		ev.Withdraw, ev.Family = withdraw, f
		if !withdraw {
			ev.Path = p
		}
		ev.Route = bgp.Route{PathID: e.PathID}
		ev.Entry = append([]byte(nil), e.Value...)
		r.emit(ev)
	}
}

// eventPath copies the UPDATE's path attributes for its events.
func (r *router) eventPath(d *bgp.UpdateValues, verdict *bgp.Error) *output.Path {
	var why string
	if verdict != nil {
		why = verdict.Error()
	}
	return output.NewPath(d.Path(), why)
}
