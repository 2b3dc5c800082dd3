package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/explain"
)

const decodeDescription = `Decode BGP or BMP messages written in hex, or router log lines holding
them, and explain every field: its offset, octets, value, meaning and the RFC section
that defines it. Problems are reported with their offset, the NOTIFICATION a
BGP speaker would send and the RFC 7606 action.

The input comes from the arguments, from a file (-f), or from standard
input. Plain hex may be grouped any way ("ffff ffff", "ff:ff", "0xff 0xff",
across lines); several messages may follow each other. Hex that starts with
the BGP marker is read as BGP; hex that starts with a BMP common header
(version 3) as BMP, with the BGP messages inside explained too.

A router's log is taken as it comes, vendor words and all: bgplens groups
the lines of each entry (wrapped messages, a line and its hex, show
blocks, hexdump -C / xxd / od / tshark -x / tcpdump -X rows, Wireshark's
packet details, mail quoting), finds the octets, works out what they are
(a whole message, perhaps after vendor octets or packet headers; a
NOTIFICATION body; its data field; an UPDATE or OPEN body, attributes,
OPEN parameters or NLRI), names the error with its RFC section, uses the
code/subcode and octet count the words state, explains what is there when
the log cut it short, and adds a diagnosis. Each entry is explained on
its own.

A file of raw octets (-f message.bin: Wireshark's Export Packet Bytes, a
collector's raw BMP) is read as its hex would be; a pcap or pcapng
capture has each TCP stream that holds BGP or BMP explained; input may be
gzip-compressed.

An UPDATE is read with 4-octet AS numbers and without ADD-PATH unless the
flags say otherwise. When the bytes only parse under another assumption,
bgplens uses that one and says so in a note.

Examples:
  bgplens decode ffffffffffffffffffffffffffffffff 0013 04
  echo 'ffff...' | bgplens decode --json
  bgplens decode 'NOTIFICATION received from 192.0.2.2: code 3 subcode 4, Data: e0 07 08 00 03 02 ed 5b dc 3f 01'
  bgplens decode -f router.log
  bgplens decode --as 2 --add-path ipv4-unicast < update.hex
`

func runDecode(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("decode", "[flags] [HEX...]", decodeDescription, stdout, stderr)
	asJSON := fs.Bool("json", false, "print JSON (schema: docs/decode-json.md) instead of the annotated dump")
	asWidth := fs.String("as", "auto", "AS number width in AS_PATH and AGGREGATOR: `auto`, 2 or 4")
	addPath := fs.String("add-path", "auto", "families whose NLRI carry ADD-PATH path identifiers: `auto`, none, or a comma-separated list such as ipv4-unicast,ipv6-unicast")
	extended := fs.Bool("extended", false, "allow messages up to 65535 octets (RFC 8654 extended messages)")
	noColor := fs.Bool("no-color", false, "never colour the output (colour is used only on terminals anyway)")
	file := fs.String("f", "", "read the input from `FILE` (- for standard input)")
	if rc := parseFlags(fs, args, stdout); rc >= 0 {
		return rc
	}
	opt := explain.Options{Session: bgp.Session{AS4: true, ExtendedMsg: *extended}}
	switch *asWidth {
	case "auto":
	case "2":
		opt.Session.AS4, opt.FixedAS4 = false, true
	case "4":
		opt.FixedAS4 = true
	default:
		fmt.Fprintf(stderr, "bgplens decode: --as must be auto, 2 or 4, not %q\n", *asWidth)
		return exitUsage
	}
	if *addPath != "auto" {
		opt.FixedAddPath = true
		if *addPath != "none" {
			for _, name := range strings.Split(*addPath, ",") {
				f, ok := bgp.ParseFamily(strings.ToLower(strings.TrimSpace(name)))
				if !ok {
					fmt.Fprintf(stderr, "bgplens decode: unknown family %q in --add-path (try ipv4-unicast, ipv6-unicast, ipv4-labeled, ipv4-vpn, ...)\n", name)
					return exitUsage
				}
				opt.Session = opt.Session.WithAddPath(f, true)
			}
		}
	}
	var text string
	switch {
	case *file != "" && *file != "-":
		b, err := os.ReadFile(*file)
		if err != nil {
			fmt.Fprintf(stderr, "bgplens decode: %v\n", err)
			return exitInput
		}
		text = string(b)
	case fs.NArg() > 0 && *file == "":
		text = strings.Join(fs.Args(), " ")
	default:
		b, err := io.ReadAll(io.LimitReader(stdin, 16<<20))
		if err != nil {
			fmt.Fprintf(stderr, "bgplens decode: reading standard input: %v\n", err)
			return exitInput
		}
		text = string(b)
	}
	xs := explain.Decode(text, opt)
	if len(xs) == 0 {
		fmt.Fprintln(stderr, "bgplens decode: no input (see 'bgplens decode -h')")
		return exitUsage
	}
	rc := exitOK
	color := !*noColor && isTerminal(stdout)
	for i, x := range xs {
		var err error
		switch {
		case *asJSON && len(xs) == 1:
			err = explain.WriteJSON(stdout, x, true)
		case *asJSON:
			err = explain.WriteJSON(stdout, x, false) // one object per line
		default:
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			if len(xs) > 1 {
				fmt.Fprintf(stdout, "=== input %d: %s\n", i+1, shorten(x.Line.Text, 100))
			}
			err = explain.WriteText(stdout, x, explain.TextOptions{Color: color})
		}
		if err != nil {
			fmt.Fprintf(stderr, "bgplens decode: %v\n", err)
			return exitInput
		}
		if len(x.Errors) > 0 || x.Trailing > 0 || x.Line != nil && x.Line.Start == explain.StartUnknown {
			rc = exitInput
		}
	}
	return rc
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		return s[:n-3] + "..."
	}
	return s
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
