package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The letters' own Markdown, drawn for the terminal: headings, paragraphs
// with their hard line breaks, numbered and bulleted lists with hanging
// indents, bold, backslash escapes, and tables, each row drawn as a block
// of "column: value" lines (a table as wide as a letter's cannot be read
// squeezed into 80 columns). Nothing else of Markdown is needed, so no
// general renderer is linked in.

// mdStyles are the two styles a letter uses.
type mdStyles struct{ bold, heading lipgloss.Style }

// renderLetter draws body, already made safe for the terminal, at width.
func renderLetter(body string, width int, st mdStyles) string {
	width = max(20, width)
	var out []string
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); {
		ln := lines[i]
		trimmed := strings.TrimSpace(ln)
		switch {
		case trimmed == "":
			out = append(out, "")
			i++
		case strings.HasPrefix(trimmed, "|"):
			j := i
			for j < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[j]), "|") {
				j++
			}
			out = append(out, mdTable(lines[i:j], width, st)...)
			i = j
		case strings.HasPrefix(trimmed, "#"):
			out = append(out, st.heading.Render(mdInline(strings.TrimLeft(trimmed, "# "), st, new(bool))))
			i++
		default:
			// A paragraph or a list item runs to the next blank line, table,
			// heading or item; a hard break (a trailing \ or two spaces)
			// ends a line within it.
			j := i + 1
			for j < len(lines) && mdContinues(lines[j]) {
				j++
			}
			out = append(out, mdBlock(lines[i:j], width, st)...)
			i = j
		}
	}
	return strings.Join(out, "\n")
}

// mdContinues tells whether a line goes on the block above it.
func mdContinues(ln string) bool {
	t := strings.TrimSpace(ln)
	return t != "" && !strings.HasPrefix(t, "|") && !strings.HasPrefix(t, "#") && mdMarker(t) == ""
}

// mdMarker is a list item's marker ("1.", "9.1.", "-"), or "".
func mdMarker(t string) string {
	if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") {
		return t[:1]
	}
	end := strings.IndexByte(t, ' ')
	if end < 2 || t[end-1] != '.' {
		return ""
	}
	for _, r := range t[:end] {
		if (r < '0' || r > '9') && r != '.' {
			return ""
		}
	}
	return t[:end]
}

// mdBlock wraps a paragraph or list item, its continuation lines indented
// under its text.
func mdBlock(lines []string, width int, st mdStyles) []string {
	first := lines[0]
	indent := len(first) - len(strings.TrimLeft(first, " "))
	t := strings.TrimSpace(first)
	lead := ""
	if m := mdMarker(t); m != "" {
		lead, t = m+" ", strings.TrimSpace(t[len(m):])
	}
	var segments []string
	cur := t
	for _, ln := range lines[1:] {
		if strings.HasSuffix(cur, "\\") || strings.HasSuffix(cur, "  ") {
			segments = append(segments, strings.TrimSuffix(strings.TrimRight(cur, " "), "\\"))
			cur = strings.TrimSpace(ln)
			continue
		}
		cur += " " + strings.TrimSpace(ln)
	}
	segments = append(segments, strings.TrimSuffix(strings.TrimRight(cur, " "), "\\"))
	pad := strings.Repeat(" ", min(indent, width/2))
	hang := pad + strings.Repeat(" ", ansi.StringWidth(lead))
	var out []string
	bold := false
	for n, seg := range segments {
		for k, w := range wrapWords(seg, width-ansi.StringWidth(hang)) {
			prefix := hang
			if n == 0 && k == 0 {
				prefix = pad + lead
			}
			out = append(out, prefix+mdInline(w, st, &bold))
		}
	}
	return out
}

// mdTable draws each row of a table as a block: the first column bold,
// then each other column as "header: value", wrapped.
func mdTable(lines []string, width int, st mdStyles) []string {
	var rows [][]string
	for _, ln := range lines {
		cells := strings.Split(strings.Trim(strings.TrimSpace(ln), "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if strings.Trim(strings.Join(cells, ""), "-: ") == "" {
			continue // the separator row
		}
		rows = append(rows, cells)
	}
	if len(rows) < 2 {
		return nil
	}
	head := rows[0]
	var out []string
	for _, r := range rows[1:] {
		out = append(out, "")
		bold := false
		for i, cell := range r {
			text := cell
			if i == 0 {
				text = "**" + cell + "**"
			} else if i < len(head) {
				text = head[i] + ": " + cell
			}
			for k, w := range wrapWords(text, width-4) {
				prefix := "  "
				if k > 0 {
					prefix = "    "
				}
				out = append(out, prefix+mdInline(w, st, &bold))
			}
		}
	}
	return out
}

// mdInline draws bold runs and drops backslash escapes. A bold run may
// span the lines of a block: bold carries its state from line to line.
func mdInline(s string, st mdStyles, bold *bool) string {
	var b, run strings.Builder
	flush := func() {
		if run.Len() == 0 {
			return
		}
		if *bold {
			b.WriteString(st.bold.Render(run.String()))
		} else {
			b.WriteString(run.String())
		}
		run.Reset()
	}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_{}[]()#+-.!|<>~", s[i+1]) >= 0:
			i++
			run.WriteByte(s[i])
		case strings.HasPrefix(s[i:], "**"):
			flush()
			*bold = !*bold
			i++
		default:
			run.WriteByte(s[i])
		}
	}
	flush()
	return b.String()
}
