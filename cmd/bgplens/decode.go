package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bgplens/bgplens/bgp"
	"github.com/bgplens/bgplens/explain"
)

const decodeDescription = `Decode BGP messages written in hex and explain every field: its offset,
octets, value, meaning and the RFC section that defines it. Problems are
reported with their offset, the NOTIFICATION a BGP speaker would send and
the RFC 7606 action.

The hex comes from the arguments or, when there are none, from standard
input. Spaces, line breaks, colons, commas and 0x prefixes are ignored, so
"ffff ffff", "ff:ff" and "0xff 0xff" all work. Several messages may follow
each other.

An UPDATE is read with 4-octet AS numbers and without ADD-PATH unless the
flags say otherwise. When the bytes only parse under another assumption,
bgplens uses that one and says so in a note.

Examples:
  bgplens decode ffffffffffffffffffffffffffffffff 0013 04
  echo 'ffff...' | bgplens decode --json
  bgplens decode --as 2 --add-path ipv4-unicast < update.hex
`

func runDecode(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("decode", "[flags] [HEX...]", decodeDescription, stdout, stderr)
	asJSON := fs.Bool("json", false, "print JSON (schema: docs/decode-json.md) instead of the annotated dump")
	asWidth := fs.String("as", "auto", "AS number width in AS_PATH and AGGREGATOR: `auto`, 2 or 4")
	addPath := fs.String("add-path", "auto", "families whose NLRI carry ADD-PATH path identifiers: `auto`, none, or a comma-separated list such as ipv4-unicast,ipv6-unicast")
	extended := fs.Bool("extended", false, "allow messages up to 65535 octets (RFC 8654 extended messages)")
	noColor := fs.Bool("no-color", false, "never colour the output (colour is used only on terminals anyway)")
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
				f, ok := familyByName(strings.TrimSpace(name))
				if !ok {
					fmt.Fprintf(stderr, "bgplens decode: unknown family %q in --add-path (try ipv4-unicast, ipv6-unicast, ipv4-labeled, ipv4-vpn, ...)\n", name)
					return exitUsage
				}
				opt.Session = opt.Session.WithAddPath(f, true)
			}
		}
	}
	var text string
	if fs.NArg() > 0 {
		text = strings.Join(fs.Args(), " ")
	} else {
		b, err := io.ReadAll(io.LimitReader(stdin, 16<<20))
		if err != nil {
			fmt.Fprintf(stderr, "bgplens decode: reading standard input: %v\n", err)
			return exitInput
		}
		text = string(b)
	}
	in, err := explain.ParseHex(text)
	if err != nil {
		fmt.Fprintf(stderr, "bgplens decode: %v\n", err)
		return exitInput
	}
	if len(in) == 0 {
		fmt.Fprintln(stderr, "bgplens decode: no hex given (see 'bgplens decode -h')")
		return exitUsage
	}
	x := explain.BGP(in, opt)
	if *asJSON {
		err = explain.WriteJSON(stdout, x, true)
	} else {
		err = explain.WriteText(stdout, x, explain.TextOptions{Color: !*noColor && isTerminal(stdout)})
	}
	if err != nil {
		fmt.Fprintf(stderr, "bgplens decode: %v\n", err)
		return exitInput
	}
	if len(x.Errors) > 0 || x.Trailing > 0 {
		return exitInput
	}
	return exitOK
}

// familyByName maps the names operators use on the command line.
func familyByName(s string) (bgp.Family, bool) {
	switch strings.ToLower(s) {
	case "ipv4-unicast", "ipv4":
		return bgp.IPv4Unicast, true
	case "ipv4-multicast":
		return bgp.IPv4Multicast, true
	case "ipv4-labeled", "ipv4-labeled-unicast", "ipv4-lu":
		return bgp.IPv4Labeled, true
	case "ipv4-vpn", "vpnv4":
		return bgp.IPv4VPN, true
	case "ipv6-unicast", "ipv6":
		return bgp.IPv6Unicast, true
	case "ipv6-multicast":
		return bgp.IPv6Multicast, true
	case "ipv6-labeled", "ipv6-labeled-unicast", "ipv6-lu":
		return bgp.IPv6Labeled, true
	case "ipv6-vpn", "vpnv6":
		return bgp.IPv6VPN, true
	}
	return bgp.Family{}, false
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
