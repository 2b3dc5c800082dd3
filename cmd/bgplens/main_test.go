package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	rc := run(args, strings.NewReader(stdin), &out, &errb)
	return rc, out.String(), errb.String()
}

const keepalive = "ffffffffffffffffffffffffffffffff 0013 04"

func TestExitStatuses(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		rc    int
	}{
		{"no command", "", nil, exitUsage},
		{"unknown command", "", []string{"frobnicate"}, exitUsage},
		{"help", "", []string{"help"}, exitOK},
		{"help decode", "", []string{"help", "decode"}, exitOK},
		{"decode -h", "", []string{"decode", "-h"}, exitOK},
		{"version", "", []string{"version"}, exitOK},
		{"version with args", "", []string{"version", "x"}, exitUsage},
		{"decode keepalive", "", []string{"decode", keepalive}, exitOK},
		{"decode stdin", keepalive, []string{"decode"}, exitOK},
		{"decode flag after hex", "", []string{"decode", keepalive, "--json"}, exitOK},
		{"decode bad flag", "", []string{"decode", "--nope", keepalive}, exitUsage},
		{"decode bad --as", "", []string{"decode", "--as", "3", keepalive}, exitUsage},
		{"decode bad family", "", []string{"decode", "--add-path", "ipv9", keepalive}, exitUsage},
		{"decode family aliases", "", []string{"decode", "--add-path", "IPv4-LU, vpnv6,ipv6-labeled-unicast,l2vpn-evpn", keepalive}, exitOK},
		{"decode not hex", "", []string{"decode", "xyz"}, exitInput},
		{"decode empty", "", []string{"decode"}, exitUsage},
		{"decode bad marker", "", []string{"decode", "00ffffffffffffffffffffffffffffff 0013 04"}, exitInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc, out, errs := runCmd(t, tc.stdin, tc.args...)
			if rc != tc.rc {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", rc, tc.rc, out, errs)
			}
		})
	}
}

func TestHelpText(t *testing.T) {
	_, out, _ := runCmd(t, "", "help")
	for _, want := range []string{"Usage:", "decode", "version", "Exit status"} {
		if !strings.Contains(out, want) {
			t.Errorf("help lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = runCmd(t, "", "decode", "-h")
	for _, want := range []string{"Usage: bgplens decode", "-json", "-as", "-add-path", "Examples:"} {
		if !strings.Contains(out, want) {
			t.Errorf("decode -h lacks %q:\n%s", want, out)
		}
	}
}

func TestDecodeJSON(t *testing.T) {
	rc, out, _ := runCmd(t, "", "decode", "--json", keepalive)
	if rc != exitOK {
		t.Fatalf("exit %d", rc)
	}
	var doc struct {
		Messages []struct {
			Label  string
			Length int
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(doc.Messages) != 1 || doc.Messages[0].Length != 19 || doc.Messages[0].Label != "BGP KEEPALIVE message" {
		t.Errorf("doc %+v", doc)
	}
}

func TestDecodeText(t *testing.T) {
	rc, out, _ := runCmd(t, "", "decode", "--no-color", keepalive)
	if rc != exitOK {
		t.Fatalf("exit %d", rc)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes in non-terminal output")
	}
	if !strings.Contains(out, "KEEPALIVE") || !strings.Contains(out, "marker") {
		t.Errorf("output:\n%s", out)
	}
}
