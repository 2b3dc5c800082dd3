package explain

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// TextOptions controls the annotated dump.
type TextOptions struct {
	Color bool // ANSI colours, for terminals
}

const (
	bytesPerLine = 16
	hexWidth     = bytesPerLine*3 - 1
)

type palette struct{ name, value, problem, ref, dim, reset string }

func colors(on bool) palette {
	if !on {
		return palette{}
	}
	return palette{name: "\x1b[36m", value: "\x1b[1m", problem: "\x1b[1;31m", ref: "\x1b[2m", dim: "\x1b[2m", reset: "\x1b[0m"}
}

// WriteText writes x as an annotated hex dump: one line per field with its
// offset and octets on the left and its name, value, meaning and RFC
// reference on the right, indented by depth.
func WriteText(w io.Writer, x *Explanation, opt TextOptions) error {
	p := colors(opt.Color)
	var sb strings.Builder
	if x.Line != nil {
		head := x.Line.Start + " (" + x.Line.Kind + ")"
		if x.Line.Start == StartUnknown && x.Line.Kind == KindLog && x.Line.Present == 0 {
			head = "a log entry in words, no octets"
		}
		fmt.Fprintf(&sb, "%sinput:%s %s\n", p.value, p.reset, head)
		if x.Line.Error != "" {
			fmt.Fprintf(&sb, "%serror:%s %s\n", p.value, p.reset, x.Line.Error)
		}
		fmt.Fprintf(&sb, "  %s\n", x.Line.Why)
		for _, w := range x.Line.Evidence {
			fmt.Fprintf(&sb, "  evidence: %s\n", w)
		}
		for _, f := range x.Line.Fields {
			fmt.Fprintf(&sb, "  %s %s: %s", f.Name, f.Value, f.Meaning)
			if f.Ref != "" {
				fmt.Fprintf(&sb, " (%s)", f.Ref)
			}
			sb.WriteByte('\n')
		}
		if x.Line.Code >= 0 {
			states := "the line states"
			if x.Line.FromWords {
				states = "the error's name in the line means"
			}
			if x.Line.Subcode >= 0 {
				fmt.Fprintf(&sb, "  %s code %d/%d", states, x.Line.Code, x.Line.Subcode)
			} else {
				fmt.Fprintf(&sb, "  %s code %d and no subcode", states, x.Line.Code)
			}
			if x.Line.Length >= 0 {
				fmt.Fprintf(&sb, " and %d octets", x.Line.Length)
			}
			sb.WriteString("\n")
		}
	}
	for _, n := range x.Notes {
		fmt.Fprintf(&sb, "%snote:%s %s\n", p.value, p.reset, n)
	}
	for i, m := range x.Messages {
		if i > 0 || len(x.Notes) > 0 || x.Line != nil {
			sb.WriteByte('\n')
		}
		if len(m.Children) == 0 {
			writeNode(&sb, m, 0, p)
			continue
		}
		title := m.Label
		if title == "" {
			title = "message"
		}
		fmt.Fprintf(&sb, "%s%s%s, %d octets at offset %d", p.value, title, p.reset, m.Len, m.Off)
		if m.Meaning != "" {
			fmt.Fprintf(&sb, ": %s", m.Meaning)
		}
		sb.WriteByte('\n')
		if m.Problem != "" {
			fmt.Fprintf(&sb, "%s!! %s%s\n", p.problem, m.Problem, p.reset)
		}
		for _, c := range m.Children {
			writeNode(&sb, c, 0, p)
		}
	}
	if x.Trailing > 0 {
		fmt.Fprintf(&sb, "\n%s!! %d trailing octets could not be framed as a message%s\n", p.problem, x.Trailing, p.reset)
	}
	if len(x.Errors) > 0 {
		sb.WriteString("\nProblems:\n")
		for _, e := range x.Errors {
			if e.Protocol == "BMP" {
				fmt.Fprintf(&sb, "  %soffset %d: %s: %s; %s%s\n", p.problem, e.Offset, e.Name, e.Reason, e.Action, p.reset)
				continue
			}
			fmt.Fprintf(&sb, "  %soffset %d: %s (%d/%d), RFC 7606 action %s", p.problem, e.Offset, e.Name, e.Code, e.Subcode, e.Action)
			if e.Attr != "" {
				fmt.Fprintf(&sb, ", attribute %s", e.Attr)
			}
			fmt.Fprintf(&sb, ": %s%s\n", e.Reason, p.reset)
			if e.Data != "" {
				fmt.Fprintf(&sb, "    NOTIFICATION data a speaker would send: %s\n", spaced(e.Data))
			}
		}
	}
	if len(x.Diagnosis) > 0 {
		fmt.Fprintf(&sb, "\n%sDiagnosis:%s\n", p.value, p.reset)
		for _, d := range x.Diagnosis {
			fmt.Fprintf(&sb, "  - %s\n", d)
		}
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

func writeNode(sb *strings.Builder, n *Node, depth int, p palette) {
	indent := strings.Repeat("  ", depth)
	label := n.Name
	if n.Label != "" && n.Label != n.Name {
		label += " (" + n.Label + ")"
	}
	desc := p.name + label + p.reset
	if n.Value != nil && len(n.Children) == 0 || isScalar(n.Value) {
		desc += " = " + p.value + valueString(n.Value) + p.reset
	}
	if n.Meaning != "" {
		desc += "  " + n.Meaning
	}
	if n.Ref != "" && len(n.Children) == 0 {
		desc += "  " + p.ref + "[" + n.Ref + "]" + p.reset
	}
	hexs := spaced(n.Hex)
	if len(n.Children) > 0 {
		hexs = ""
	}
	first := hexs
	var rest []string
	if len(first) > hexWidth {
		for len(hexs) > hexWidth {
			rest = append(rest, hexs[:hexWidth])
			hexs = strings.TrimLeft(hexs[hexWidth:], " ")
		}
		rest = append(rest, hexs)
		first, rest = rest[0], rest[1:]
	}
	fmt.Fprintf(sb, "%04x  %-*s  %s%s\n", n.Off, hexWidth, first, indent, desc)
	if len(rest) > 4 {
		// Long values: show the first and last lines only.
		hidden := len(rest) - 3
		rest = append(rest[:2], p.dim+"... "+itoa(hidden*bytesPerLine)+" more octets"+p.reset, rest[len(rest)-1])
	}
	for _, r := range rest {
		fmt.Fprintf(sb, "      %s\n", r)
	}
	if n.Problem != "" {
		fmt.Fprintf(sb, "      %-*s  %s%s!! %s%s\n", hexWidth, "", indent, p.problem, n.Problem, p.reset)
	}
	for _, c := range n.Children {
		writeNode(sb, c, depth+1, p)
	}
}

func isScalar(v any) bool {
	switch v.(type) {
	case string, int, uint64, bool, uint32:
		return true
	}
	return false
}

func valueString(v any) string {
	switch x := v.(type) {
	case string:
		return shownText(x)
	case []any, map[string]any:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return fmt.Sprint(v)
}

// spaced formats a hex string as "ff ff ff".
func spaced(h string) string {
	if len(h) == 0 {
		return ""
	}
	var sb strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(h[i : i+2])
	}
	return sb.String()
}

// WriteJSON writes x as one JSON document, indented when indent is true.
// The schema is documented in docs/decode-json.md.
func WriteJSON(w io.Writer, x *Explanation, indent bool) error {
	enc := json.NewEncoder(w)
	if indent {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(x)
}

// shownText is s as a terminal can show it: quoted with escapes when it
// holds a control character (a Shutdown Communication may: RFC 9003,
// Security Considerations), as it is otherwise.
func shownText(s string) string {
	if controlIn(s) < 0 {
		return s
	}
	return strconv.Quote(s)
}
