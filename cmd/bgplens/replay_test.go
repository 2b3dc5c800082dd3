package main

import (
	"bytes"
	"io"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/bgplens/bgplens/bmp"
)

// listen accepts the sessions of a replay on loopback and gathers what
// each sent.
func listen(t *testing.T, n int) (addr string, got func() [][]byte) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	out := make(chan []byte, n)
	go func() {
		for range n {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				b, _ := io.ReadAll(c)
				out <- b
			}()
		}
	}()
	return ln.Addr().String(), func() [][]byte {
		var all [][]byte
		for range n {
			all = append(all, <-out)
		}
		return all
	}
}

// TestReplayCommand: a raw BMP stream goes out as it is, on every
// session; an MRT archive goes out as BMP whose Route Monitoring are its
// RIB entries.
func TestReplayCommand(t *testing.T) {
	const stream = "../../testdata/frr-bmp/frr-small-100.bmp"
	want, err := os.ReadFile(stream)
	if err != nil {
		t.Fatal(err)
	}
	addr, got := listen(t, 2)
	rc, out, errs := runCmd(t, "", "replay", "--to", addr, "--routers", "2", stream)
	if rc != exitOK || !strings.Contains(out, "messages") {
		t.Fatalf("exit %d: %s %s", rc, out, errs)
	}
	for i, b := range got() {
		if !bytes.Equal(b, want) {
			t.Errorf("session %d: %d octets, want the stream's %d", i, len(b), len(want))
		}
	}

	addr, got = listen(t, 1)
	if rc, out, errs := runCmd(t, "", "replay", "--to", addr, "--sysname", "rrc00", "../../testdata/mrt/mrtparse/samples/quagga_rib"); rc != exitOK {
		t.Fatalf("exit %d: %s %s", rc, out, errs)
	}
	r := bmp.NewBytesReader(got()[0])
	var types []string
	for {
		m, err := r.Next()
		if err != nil {
			break
		}
		types = append(types, bmp.MsgType(m[bmp.OffType]).String())
	}
	if len(types) != 12 || types[0] != bmp.MsgInitiation.String() || strings.Count(strings.Join(types, ","), bmp.MsgRouteMonitoring.String()) != 9 {
		t.Errorf("messages %v", types)
	}
	if rc, _, errs := runCmd(t, "", "replay", "--to", addr); rc != exitUsage || errs == "" {
		t.Errorf("no file: exit %d", rc)
	}
}
