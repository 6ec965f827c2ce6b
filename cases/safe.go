package cases

import (
	"strings"
	"unicode/utf8"
)

// Every value from outside passes through Clean or CleanLine once, at the
// boundary, and every value shown passes through Safe or SafeLine, so that a
// record written by an older build is as harmless to view as a new one.

// unsafeRune tells whether r must never reach a terminal or a register:
// C0 and C1 controls, DEL, and the bidirectional overrides and isolates that
// can make text read differently from what it is.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// normalize replaces invalid UTF-8 with U+FFFD and drops unsafe runes. With
// multiline, newlines and tabs stay (CR LF and lone CR become LF); without,
// every line break and tab becomes one space.
func normalize(s string, multiline bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue // the LF that follows stands for both
			}
			if multiline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\n' || r == '\t':
			if multiline {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
		case unsafeRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Clean normalises multi-line text from outside (a note, a summary, a
// reason) and trims it.
func Clean(s string) string { return strings.TrimSpace(normalize(s, true)) }

// CleanLine normalises a one-line value from outside (a name, a file name,
// an officer's login) and trims it.
func CleanLine(s string) string { return strings.TrimSpace(normalize(s, false)) }

// Safe is s fit for a terminal: what Clean keeps, without trimming.
func Safe(s string) string {
	if isSafe(s, true) {
		return s
	}
	return normalize(s, true)
}

// SafeLine is s fit for one line of a terminal, such as a table cell.
func SafeLine(s string) string {
	if isSafe(s, false) {
		return s
	}
	return normalize(s, false)
}

// isSafe is the fast path: most text needs no copy.
func isSafe(s string, multiline bool) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return false
			}
		}
		if (r == '\n' || r == '\t') && multiline {
			continue
		}
		if unsafeRune(r) {
			return false
		}
	}
	return true
}

// ForDisplay makes every text of a case loaded for viewing safe for a
// terminal, in place. The record in the store is not changed: its events'
// hashes cover the bytes as they were written.
func (c *Case) ForDisplay() {
	s := &c.Subject
	s.Name, s.Email, s.Phone, s.Account = SafeLine(s.Name), SafeLine(s.Email), SafeLine(s.Phone), SafeLine(s.Account)
	s.Representative = SafeLine(s.Representative)
	c.Summary, c.Reason, c.Assignee = Safe(c.Summary), Safe(c.Reason), SafeLine(c.Assignee)
	for i := range c.Documents {
		d := &c.Documents[i]
		d.Name, d.Label, d.Type, d.By = SafeLine(d.Name), SafeLine(d.Label), SafeLine(d.Type), SafeLine(d.By)
		if d.Destroyed != nil {
			d.Destroyed.Reason, d.Destroyed.By = Safe(d.Destroyed.Reason), SafeLine(d.Destroyed.By)
		}
	}
	for i := range c.Steps {
		st := &c.Steps[i]
		st.Note, st.By, st.Method = Safe(st.Note), SafeLine(st.By), SafeLine(st.Method)
	}
	for i := range c.Milestones {
		if x := c.Milestones[i].Extension; x != nil {
			x.Reason, x.Officer = Safe(x.Reason), SafeLine(x.Officer)
		}
	}
}

// ForDisplay is the event with every text safe for a terminal.
func (e Event) ForDisplay() Event {
	e.Officer, e.From, e.To, e.Text = SafeLine(e.Officer), SafeLine(e.From), SafeLine(e.To), Safe(e.Text)
	if e.Data != nil {
		data := make(map[string]string, len(e.Data))
		for k, v := range e.Data {
			data[SafeLine(k)] = Safe(v)
		}
		e.Data = data
	}
	return e
}

// SpreadsheetCell makes s safe for a CSV cell: a value a spreadsheet would
// read as a formula (beginning with =, +, -, @, a tab or a carriage return)
// gets a leading apostrophe, which the spreadsheet shows as text (OWASP's
// rule for CSV injection). Control characters are dropped as for a line.
func SpreadsheetCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		s = "'" + s
	}
	return SafeLine(s)
}
