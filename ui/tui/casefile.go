package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/viewport"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"privdesk/cases"
	"privdesk/ui/l10n"
	"privdesk/ui/office"
)

// caseFile is the open case: every field, milestones, the checklist,
// documents, notes and the timeline. Steps and documents are items the
// officer selects with up and down to act on.
type caseFile struct {
	c      *cases.Case
	events []cases.Event
	// earlier are the subject's other requests, shown as information.
	earlier []*cases.Case
	vp      viewport.Model
	items   []item
	sel     int
}

type item struct {
	step string // a checklist step's key, or
	doc  int    // a document's number
	line int    // where it is drawn in the content
}

func (f *caseFile) selected() item {
	if f.sel >= 0 && f.sel < len(f.items) {
		return f.items[f.sel]
	}
	return item{}
}

// moveSel selects the next or previous item and scrolls it into view.
func (f *caseFile) moveSel(delta int) bool {
	if len(f.items) == 0 {
		return false
	}
	f.sel = max(0, min(len(f.items)-1, f.sel+delta))
	f.vp.EnsureVisible(f.items[f.sel].line, 0, 0)
	return true
}

func newCaseFile() caseFile {
	return caseFile{vp: viewport.New()}
}

func (f *caseFile) set(c *cases.Case, evs []cases.Event, width, height int, now time.Time, cal *cases.Calendar, st *Styles, l *l10n.Printer) {
	keep := f.c != nil && c != nil && f.c.ID == c.ID
	f.c, f.events = c, evs
	if !keep {
		f.sel = 0
	}
	f.vp.SetWidth(width)
	f.vp.SetHeight(height)
	y := f.vp.YOffset()
	f.vp.SetContent(f.content(width, now, cal, st, l))
	f.sel = max(0, min(f.sel, len(f.items)-1))
	if keep {
		f.vp.SetYOffset(y)
	} else {
		f.vp.GotoTop()
	}
}

func (f *caseFile) content(width int, now time.Time, cal *cases.Calendar, st *Styles, l *l10n.Printer) string {
	c := f.c
	if c == nil {
		return ""
	}
	w := &sheet{b: &strings.Builder{}, st: st, l: l, wrap: lipgloss.NewStyle().Width(max(20, width-20)), width: width}
	w.facts(c, f.earlier)
	w.deadlines(c, now, cal)
	f.items = w.items(c, f.sel, width)
	w.notesAndTimeline(f.events)
	return w.b.String()
}

// sheet writes the case file's text: labelled fields under sections.
type sheet struct {
	b    *strings.Builder
	st   *Styles
	l    *l10n.Printer
	wrap lipgloss.Style
	// width is the screen's, which the timeline's lines wrap to.
	width int
}

// field writes a labelled value, wrapped under its label; none when empty.
func (w *sheet) field(label, v string) {
	if v == "" {
		return
	}
	lines := strings.Split(w.wrap.Render(v), "\n")
	fmt.Fprintf(w.b, "%s %s\n", w.st.Label.Render(fmt.Sprintf("%-18s", w.l.T(label))), lines[0])
	for _, ln := range lines[1:] {
		fmt.Fprintf(w.b, "%19s%s\n", "", ln)
	}
}

// sub is a line under a deadline: indented, and wrapped to the screen with
// its continuation indented the same.
func (w *sheet) sub(style lipgloss.Style, s string) {
	for _, ln := range wrapWords(s, max(20, w.width-4)) {
		fmt.Fprintf(w.b, "  %s\n", style.Render(ln))
	}
}

// wrapWords breaks plain text into lines of at most width cells at spaces
// only (a date's hyphens stay on one line); a longer word has a line of
// its own.
func wrapWords(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}

func (w *sheet) section(key string) { fmt.Fprintf(w.b, "\n%s\n", w.st.Section.Render(w.l.T(key))) }

// facts are the header, the subject or incident and the request: the
// facts show prints too (office.CaseFacts), laid out for the desk.
func (w *sheet) facts(c *cases.Case, earlier []*cases.Case) {
	fmt.Fprintf(w.b, "%s  %s\n", w.st.Title.Render(c.ID.String()), w.st.Header.Render(w.l.Text(c.Kind.Info().Title)))
	for _, f := range office.CaseFacts(c, earlier, w.l) {
		if f.Section != "" {
			w.section(f.Section)
		}
		switch {
		case f.Notice != "":
			fmt.Fprintf(w.b, "%s\n", w.st.Soon.Render(deskNotice(f, w.l)))
		case f.Label != "":
			w.field(f.Label, f.Value)
		}
	}
}

// deskNotice words a notice of the case file for the desk: what to press.
func deskNotice(f office.Fact, l *l10n.Printer) string {
	switch f.Notice {
	case "triage":
		return "⚑ " + l.T("f.triage_tui")
	case "duplicate":
		return "≡ " + l.T("f.duplicate_hint", f.Args...)
	case "repeat":
		return "↺ " + l.T("f.repeat_hint", f.Args...)
	}
	return "⚖ " + l.T("f.pending", f.Args...)
}

// deadlines are the case's milestones, each with how it was counted.
func (w *sheet) deadlines(c *cases.Case, now time.Time, cal *cases.Calendar) {
	w.section("f.deadlines")
	for _, m := range c.Milestones {
		due := m.Due.String()
		if m.Unit == cases.UnitHours || m.Unit == cases.UnitImmediately {
			due = w.l.Time(m.DueAt)
		}
		style, mark := w.st.OK, " "
		switch {
		case m.Met != nil:
			style, mark = w.st.Dim, "✓"
		case c.Status.Open() && now.After(m.DueAt):
			style, mark = w.st.Late, "!"
		}
		fmt.Fprintf(w.b, "%s %s  %s\n", mark, style.Render(due), w.l.Text(m.Title))
		w.sub(w.st.Dim, w.l.Text(m.Basis)+" · "+w.l.Counted(m))
		if m.Moved != nil && m.Met == nil {
			w.sub(w.st.Dim, w.l.T("ms.moved", m.Moved.String()))
		}
		if m.Nominal != nil {
			w.sub(w.st.Dim, w.l.T("ms.nominal", m.Nominal.String()))
		}
		if m.Met != nil {
			w.sub(w.st.Dim, w.l.T("ms.met", m.Met.In(cases.Moscow).Format("2006-01-02 15:04")))
		}
		if m.Ground != "" {
			w.sub(w.st.Dim, w.l.T("ms.ground", w.l.Text(cases.GroundTitle(m.Ground))))
		}
		if m.Quoted {
			w.sub(w.st.Soon, w.l.T("ms.quoted"))
		}
		if x := m.Extension; x != nil {
			w.sub(w.st.Soon, w.l.T("ms.extended", x.BaseDue.String(), x.NoticeDate.String(), x.Reason))
		} else if m.Extendable && m.Met == nil && c.Status.Open() {
			if ext, _, err := m.ExtendedDue(cal); err == nil {
				w.sub(w.st.Dim, w.l.T("ms.extendable", ext.String()))
			}
		}
		if m.Provisional {
			w.sub(w.st.Provisional, w.l.T("ms.provisional"))
		}
	}

}

// items writes the checklist and the documents, the rows the cursor moves
// over, and returns them with their lines.
func (w *sheet) items(c *cases.Case, sel, width int) []item {
	var items []item
	lineNo := func() int { return strings.Count(w.b.String(), "\n") }
	pointer := func() string {
		if len(items)-1 == sel {
			return w.st.Title.Render("▸")
		}
		return " "
	}
	if len(c.Steps) > 0 {
		w.section("f.steps")
		for _, s := range c.Steps {
			items = append(items, item{step: s.Key, line: lineNo()})
			box, style := "[ ]", lipgloss.NewStyle()
			switch s.State {
			case cases.StepDone:
				box, style = "[x]", w.st.OK
			case cases.StepFailed:
				box, style = "[!]", w.st.Late
			case cases.StepNA:
				box, style = "[-]", w.st.Dim
			}
			if s.Verification {
				box = style.Render(box) + w.st.Dim.Render("·")
			} else {
				box = style.Render(box) + " "
			}
			title := strings.Split(lipgloss.NewStyle().Width(max(20, width-8)).Render(w.l.Text(s.Title)), "\n")
			fmt.Fprintf(w.b, "%s%s %s\n", pointer(), box, title[0])
			for _, ln := range title[1:] {
				fmt.Fprintf(w.b, "      %s\n", ln)
			}
			if s.State != cases.StepPending {
				extra := w.l.StepState(s.State) + " · " + s.By + " · " + s.At.In(cases.Moscow).Format("2006-01-02 15:04")
				if s.Method != "" {
					extra += " · " + w.l.T("method."+s.Method)
				}
				if s.Note != "" {
					extra += " · " + s.Note
				}
				for _, ln := range wrapWords(extra, max(20, width-8)) {
					fmt.Fprintf(w.b, "      %s\n", w.st.Dim.Render(ln))
				}
			}
		}
	}
	if len(c.Documents) > 0 {
		w.section("f.documents")
		for _, d := range c.Documents {
			items = append(items, item{doc: d.No, line: lineNo()})
			if d.Destroyed != nil {
				fmt.Fprintf(w.b, "%s %s\n", pointer(), w.st.Dim.Render(fmt.Sprintf("%d  %s", d.No, w.l.T("doc.destroyed_tui", d.Label, d.Destroyed.At.In(cases.Moscow).Format("2006-01-02"), d.Destroyed.Reason))))
				continue
			}
			fmt.Fprintf(w.b, "%s %d  %s  %s  %s  %s\n", pointer(), d.No, d.Name, w.st.Dim.Render(d.Type), humanSize(d.Size), d.Label)
		}
	}
	return items
}

// notesAndTimeline are the notes, newest first, and the whole timeline.
func (w *sheet) notesAndTimeline(events []cases.Event) {
	var notes []cases.Event
	for _, e := range events {
		if e.Type == cases.EventNote {
			notes = append(notes, e)
		}
	}
	if len(notes) > 0 {
		w.section("f.notes")
		for i := len(notes) - 1; i >= 0; i-- {
			e := notes[i]
			fmt.Fprintf(w.b, "  %s %s\n", w.st.Dim.Render(e.At.In(cases.Moscow).Format("2006-01-02 15:04")+" "+e.Officer+":"), "")
			for _, ln := range strings.Split(w.wrap.Render(e.Text), "\n") {
				fmt.Fprintf(w.b, "    %s\n", ln)
			}
		}
	}

	w.section("f.timeline")
	// The text wraps within the screen, every line after the first under
	// the first's text: a note of several lines reads as one entry.
	const indent = 31 // "  " + date and time + "  " + officer + " "
	wrap := lipgloss.NewStyle().Width(max(20, w.width-indent-1))
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		lines := strings.Split(wrap.Render(w.l.Event(e)), "\n")
		fmt.Fprintf(w.b, "  %s  %-10s %s\n", w.st.Dim.Render(e.At.In(cases.Moscow).Format("2006-01-02 15:04")), e.Officer, lines[0])
		for _, ln := range lines[1:] {
			fmt.Fprintf(w.b, "%s%s\n", strings.Repeat(" ", indent), ln)
		}
	}
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
