package routerlab

import (
	"context"
	"net/netip"
	"os"
	"testing"
	"time"
)

// A gobgpd alone, originating routes of any family gobgp knows (EVPN,
// FlowSpec, VPN ...) with "gobgp global rib -a FAMILY add" and exporting
// them over BMP: what the station's tests of those families compare the
// API with, family by family, against "gobgp global rib -a FAMILY -j".

// OriginAS is the AS of StartOrigin's gobgpd.
const OriginAS = 65010

// StartOrigin runs one gobgpd without neighbours on a loopback address,
// exporting BMP to collector (host:port) with sysName: every table it
// offers (route-monitoring-policy "all": its Loc-RIB, RFC 9069, and its
// local routes as a pseudo-peer's post-policy Adj-RIB-In). It is stopped
// by its PID when the test ends. The test is skipped when gobgpd is not
// installed (failed in CI, as Require does).
func StartOrigin(t testing.TB, collector, sysName string) *GoBGPd {
	t.Helper()
	Require(t)
	dir, err := os.MkdirTemp("", "rlab")
	if err != nil {
		t.Fatal(err)
	}
	base, err := pickBase()
	if err != nil {
		t.Fatal(err)
	}
	g := &GoBGPd{Name: "origin", Addr: netip.AddrFrom4([4]byte{base[0], base[1], base[2], 2}), AS: OriginAS, Port: SourcePort, dir: dir,
		bmp: collector, sysName: sysName}
	t.Cleanup(func() {
		if g.proc != nil {
			if err := g.proc.stop(2 * time.Second); err != nil {
				t.Errorf("routerlab: stopping %s (pid %d): %v", g.proc.name, g.proc.pid(), err)
			}
			if t.Failed() {
				t.Logf("routerlab: tail of %s:\n%s", g.proc.logPath, g.proc.logTail(3000))
			}
		}
		if os.Getenv("ROUTERLAB_KEEP") == "1" {
			t.Logf("routerlab: kept %s", dir)
			return
		}
		_ = os.RemoveAll(dir)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := g.start(ctx); err != nil {
		t.Fatalf("routerlab: %v", err)
	}
	return g
}

// Add originates a route of family (as the gobgp CLI spells it: evpn,
// ipv4-flowspec, vpnv4, ...) with "gobgp global rib -a family add args".
func (g *GoBGPd) Add(ctx context.Context, family string, args ...string) error {
	_, err := g.CLI(ctx, append([]string{"global", "rib", "-a", family, "add"}, args...)...)
	return err
}

// Del withdraws a route added with Add ("gobgp global rib -a family del").
func (g *GoBGPd) Del(ctx context.Context, family string, args ...string) error {
	_, err := g.CLI(ctx, append([]string{"global", "rib", "-a", family, "del"}, args...)...)
	return err
}

// RIBJSON returns "gobgp global rib -a family -j": gobgp's own JSON of its
// routes of the family.
func (g *GoBGPd) RIBJSON(ctx context.Context, family string) ([]byte, error) {
	return g.CLI(ctx, "global", "rib", "-a", family, "-j")
}
