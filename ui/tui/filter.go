package tui

import (
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"privdesk/cases"
)

// A filter is free text and terms: kind:, status:, channel:, officer:,
// overdue, due<DATE. Text matches the number, name, contacts (a phone by
// its digits, whatever the formatting), account and summary, with case and
// ё folded.

// fold lowers s and writes ё as е.
func fold(s string) string { return cases.Fold(s) }

// narrow writes folded text one byte per letter (Windows-1251), so that
// searching 100,000 records for a Cyrillic word scans half the bytes and
// its first letter is rare, not the lead byte of every other letter. exotic
// says that some rune has no such byte and was replaced.
func narrow(s string) (out string, exotic bool) {
	if b, ok := narrowFast(s); ok {
		return b, false
	}
	out, err := charmap.Windows1251.NewEncoder().String(s)
	if err == nil {
		return out, false
	}
	out, _ = encoding.ReplaceUnsupported(charmap.Windows1251.NewEncoder()).String(s)
	return out, true
}

// narrowFast is narrow for text of ASCII and the Russian alphabet alone,
// which is nearly every register's: Windows-1251 puts А–я at 0xC0–0xFF,
// Ё at 0xA8 and ё at 0xB8. ok is false for any other rune.
func narrowFast(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r < 0x80:
			b = append(b, byte(r))
		case r >= 'А' && r <= 'я':
			b = append(b, byte(r-'А'+0xC0))
		case r == 'Ё':
			b = append(b, 0xA8)
		case r == 'ё':
			b = append(b, 0xB8)
		default:
			return "", false
		}
	}
	return string(b), true
}

// term is one word of the filter.
type term struct {
	field, value string // field "" is free text
	before       cases.Date
	narrow       string // value, narrowed
	exotic       bool   // value has a rune narrow cannot write
}

// termFields are the filter's terms, in English and in Russian.
var termFields = map[string]string{"kind": "kind", "status": "status", "channel": "channel", "officer": "officer",
	"вид": "kind", "статус": "status", "канал": "channel", "сотрудник": "officer"}

func parseFilter(s string) []term {
	var out []term
	for _, w := range strings.Fields(fold(s)) {
		switch {
		case w == "overdue" || w == "просрочено":
			out = append(out, term{field: "overdue"})
		case strings.HasPrefix(w, "due<") || strings.HasPrefix(w, "срок<"):
			_, date, _ := strings.Cut(w, "<")
			if d, err := cases.ParseDate(date); err == nil {
				out = append(out, term{field: "due<", before: d})
				continue
			}
			out = append(out, term{value: w})
		default:
			if f, v, ok := strings.Cut(w, ":"); ok && v != "" && termFields[f] != "" {
				out = append(out, term{field: termFields[f], value: v})
				continue
			}
			out = append(out, term{value: w})
		}
	}
	for i := range out {
		out[i].narrow, out[i].exotic = narrow(out[i].value)
	}
	return out
}

// matches tells whether a row passes every term. A term about the record
// (officer, free text) needs the record; until it is loaded, free text
// matches the number only.
func (t term) matches(r *row) bool {
	switch t.field {
	case "overdue":
		return r.Urgency == urgencyLate
	case "due<":
		return !r.NoDue && r.Due < t.before
	case "kind":
		return strings.HasPrefix(string(r.Kind), t.value) || strings.HasPrefix(fold(r.Kind.Info().Short.RU), t.value)
	case "status":
		return strings.HasPrefix(string(r.Status), t.value) || strings.HasPrefix(fold(r.Status.Title().RU), t.value)
	case "channel":
		return strings.HasPrefix(string(r.Channel), t.value) || strings.HasPrefix(fold(r.Channel.Title().RU), t.value)
	case "officer":
		return r.brief != nil && strings.Contains(fold(r.brief.Assignee), t.value)
	}
	if r.search == "" {
		r.search = r.ID.String()
	}
	if t.exotic {
		// A rune with no one-byte form: compare the text itself (rare).
		if r.exotic && r.brief != nil && strings.Contains(r.brief.Search, t.value) {
			return true
		}
	} else if strings.Contains(r.search, t.narrow) {
		return true
	}
	// A number as typed, in any of its forms: its digits, or the phone's
	// normal form (8 and +7 are one prefix).
	d := cases.Digits(t.value)
	if len(d) < 3 || strings.Trim(t.value, "0123456789+-().") != "" {
		return false
	}
	// Digits and "+" are the same bytes in the narrowed text.
	return strings.Contains(r.search, d) || (len(d) >= 10 && strings.Contains(r.search, cases.PhoneKey(t.value)))
}

// underlineMatch underlines, in a cell as drawn, the first stretch that a
// free-text term of the filter matches. Folding keeps the number of runes,
// so the match's place in the folded text is its place in the cell.
// Underline on and off (SGR 4, 24) leaves the row's own colours alone.
func underlineMatch(cell string, terms []term) string {
	folded := []rune(fold(cell))
	runes := []rune(cell)
	if len(folded) != len(runes) {
		return cell
	}
	for _, t := range terms {
		if t.field != "" || t.value == "" {
			continue
		}
		i := strings.Index(string(folded), t.value)
		if i < 0 {
			continue
		}
		start := len([]rune(string(folded)[:i]))
		end := start + len([]rune(t.value))
		return string(runes[:start]) + "\x1b[4m" + string(runes[start:end]) + "\x1b[24m" + string(runes[end:])
	}
	return cell
}
