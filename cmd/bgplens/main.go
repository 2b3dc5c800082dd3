// Command bgplens makes BGP visible: it explains BGP and BMP bytes and
// (in later versions) collects BMP from routers.
//
// Usage:
//
//	bgplens <command> [flags] [arguments]
//
// Run "bgplens help" for the list of commands and "bgplens <command> -h"
// for the flags of one.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// Exit statuses, the same for every command.
const (
	exitOK    = 0 // done
	exitInput = 1 // the input could not be decoded, or a run-time failure
	exitUsage = 2 // bad command line
)

// command is one subcommand: its name, a one-line summary, and the
// function that runs it with the remaining arguments.
type command struct {
	name    string
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

var commands []command

func init() {
	commands = []command{
		{"decode", "decode BGP messages given as hex and explain every field", runDecode},
		{"dump", "print every message of BMP streams, BGP streams and pcap/pcapng captures", runDump},
		{"station", "collect BMP from routers: peers, routes, statistics over HTTP", runStation},
		{"replay", "send BMP to a station from BMP streams, captures and MRT archives", runReplay},
		{"web", "serve the decoder as a web page (bgplens station serves it too)", runWeb},
		{"version", "print the bgplens version", runVersion},
		{"help", "show help for bgplens or for one command", runHelp},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "bgplens: unknown command %q\nRun 'bgplens help' for usage.\n", name)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `bgplens makes BGP visible: it decodes and explains BGP messages.

Usage:

	bgplens <command> [flags] [arguments]

Commands:

`)
	for _, c := range commands {
		fmt.Fprintf(w, "	%-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run 'bgplens help <command>' or 'bgplens <command> -h' for more about a command.

Exit status: 0 on success, 1 when the input cannot be decoded, 2 on a usage error.
`)
}

func runHelp(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] && c.name != "help" {
			return c.run([]string{"-h"}, stdin, stdout, stderr)
		}
	}
	if args[0] == "help" {
		usage(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "bgplens help: unknown command %q\n", args[0])
	return exitUsage
}

// newFlagSet returns a FlagSet whose -h output is the command's usage
// text followed by its flags, written to stdout when asked for with -h
// (it is what the user wanted) and to stderr on a usage error.
func newFlagSet(name, synopsis, description string, stdout, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: bgplens %s %s\n\n%s\nFlags:\n", name, synopsis, description)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; it returns -1 to continue, or the exit status.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) int {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout)
			fs.Usage()
			return exitOK
		}
		if a == "--" {
			break
		}
	}
	// A wrong flag gets the flag package's one line and a hint, not the
	// whole usage, which would push the line off the screen.
	full := fs.Usage
	fs.Usage = func() { fmt.Fprintf(fs.Output(), "Run 'bgplens %s -h' for its flags.\n", fs.Name()) }
	defer func() { fs.Usage = full }()
	// Flags may come after arguments ("decode HEX --json"): parse, set the
	// leading arguments aside, and parse again from the next flag.
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			return exitUsage
		}
		args = fs.Args()
		i := 0
		for i < len(args) && (len(args[i]) < 2 || args[i][0] != '-') {
			i++
		}
		rest = append(rest, args[:i]...)
		if i == len(args) {
			break
		}
		if args[i] == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		args = args[i:]
	}
	// Leave the positional arguments where fs.Args() finds them.
	_ = fs.Parse(append([]string{"--"}, rest...))
	return -1
}
