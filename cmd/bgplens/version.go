package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise the module version from the build info is used.
var version = ""

func versionString() string {
	v := version
	if v == "" {
		v = "(devel)"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	return v
}

func runVersion(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", "", "Print the bgplens version and the Go toolchain that built it.\n", stdout, stderr)
	if rc := parseFlags(fs, args, stdout); rc >= 0 {
		return rc
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "bgplens version: takes no arguments")
		return exitUsage
	}
	fmt.Fprintf(stdout, "bgplens %s (%s %s/%s)\n", versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return exitOK
}
