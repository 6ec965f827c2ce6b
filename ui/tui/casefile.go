package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/viewport"
	"charm.land/lipgloss/v2"

	"privdesk/cases"
	"privdesk/ui/l10n"
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
	var b strings.Builder
	wrap := lipgloss.NewStyle().Width(max(20, width-20))
	field := func(label, v string) {
		if v == "" {
			return
		}
		lines := strings.Split(wrap.Render(v), "\n")
		fmt.Fprintf(&b, "%s %s\n", st.Label.Render(fmt.Sprintf("%-18s", l.T(label))), lines[0])
		for _, ln := range lines[1:] {
			fmt.Fprintf(&b, "%19s%s\n", "", ln)
		}
	}
	section := func(key string) { fmt.Fprintf(&b, "\n%s\n", st.Section.Render(l.T(key))) }

	fmt.Fprintf(&b, "%s  %s\n", st.Title.Render(c.ID.String()), st.Header.Render(l.Text(c.Kind.Info().Title)))
	status := l.Text(c.Status.Title())
	if c.Outcome != "" {
		status += " — " + l.Text(c.Outcome.Title())
	}
	field("f.status", status)
	field("f.reason", c.Reason)
	if c.Triage {
		fmt.Fprintf(&b, "%s\n", st.Soon.Render("⚑ "+l.T("f.triage_tui")))
	}
	if c.DuplicateOf != nil {
		fmt.Fprintf(&b, "%s\n", st.Soon.Render("≡ "+l.T("f.duplicate_hint", c.DuplicateOf.String())))
	}
	if c.RepeatOf != nil {
		fmt.Fprintf(&b, "%s\n", st.Soon.Render("↺ "+l.T("f.repeat_hint", c.RepeatOf.String())))
	}
	if p := c.Pending; p != nil {
		fmt.Fprintf(&b, "%s\n", st.Soon.Render("⚖ "+l.T("f.pending", l.T("action."+p.Action), p.By, cases.SafeLine(p.Reason), c.ID.String())))
	}
	field("f.basis", l.Text(c.Kind.Info().Article))
	field("f.assignee", c.Assignee)

	if in := c.Incident; in != nil {
		section("f.incident")
		field("f.detected", l.DetectedAt(in.DetectedAt)+", "+l.Text(cases.DetectorTitle(in.DetectedBy)))
		field("f.description", in.Description)
		field("f.categories", strings.Join(in.Categories, "; "))
		if in.Subjects > 0 || in.Records > 0 {
			field("f.affected", l.T("f.affected_n", in.Subjects, in.Records))
		}
		field("f.causes", in.Causes)
		field("f.harm", in.Harm)
		field("f.measures", in.Measures)
		field("f.contact", in.Contact)
		field("f.investigation", in.Investigation)
		field("f.responsible", in.Responsible)
	} else {
		section("f.subject")
		field("f.name", c.Subject.Name)
		field("f.email", c.Subject.Email)
		field("f.phone", c.Subject.Phone)
		field("f.account", c.Subject.Account)
	}

	section("f.request")
	field("f.channel", l.Text(c.Channel.Title()))
	field("f.received", l.Time(c.Received))
	if c.Evidence != nil {
		field("f.evidence", l.Time(*c.Evidence))
	}
	if c.Branch != "" {
		field("f.branch", l.T("branch."+c.Branch))
	} else if len(cases.Branches(c.Kind)) > 0 && c.Status.Open() {
		field("f.branch", l.T("f.branch_pending"))
	}
	field("f.summary", c.Summary)
	for _, a := range c.Acts {
		field("f.acts", a.No+" ("+a.Date.String()+")")
	}
	for _, lt := range c.Letters {
		state := l.T("letter.state_issued") + " " + cases.DateOf(lt.Issued).String()
		if lt.Sent != nil {
			state = l.T("letter.state_sent") + " " + cases.DateOf(*lt.Sent).String() + " (" + l.T("via."+lt.Via) + ")"
		}
		field("f.letters", lt.Number+"  "+lt.Title+" — "+state)
	}
	for _, e := range f.earlier {
		field("f.earlier_one", fmt.Sprintf("%s  %s  %s", e.ID, cases.DateOf(e.Received), l.Text(e.Kind.Info().Short)))
	}

	section("f.deadlines")
	for _, m := range c.Milestones {
		due := m.Due.String()
		if m.Unit == cases.UnitHours || m.Unit == cases.UnitImmediately {
			due = l.Time(m.DueAt)
		}
		style, mark := st.OK, " "
		switch {
		case m.Met != nil:
			style, mark = st.Dim, "✓"
		case c.Status.Open() && now.After(m.DueAt):
			style, mark = st.Late, "!"
		}
		fmt.Fprintf(&b, "%s %s  %s\n", mark, style.Render(due), l.Text(m.Title))
		fmt.Fprintf(&b, "  %s\n", st.Dim.Render(l.Text(m.Basis)+" · "+l.Counted(m)))
		if m.Moved != nil && m.Met == nil {
			fmt.Fprintf(&b, "  %s\n", st.Dim.Render(l.T("ms.moved", m.Moved.String())))
		}
		if m.Nominal != nil {
			fmt.Fprintf(&b, "  %s\n", st.Dim.Render(l.T("ms.nominal", m.Nominal.String())))
		}
		if m.Met != nil {
			fmt.Fprintf(&b, "  %s\n", st.Dim.Render(l.T("ms.met", m.Met.In(cases.Moscow).Format("2006-01-02 15:04"))))
		}
		if m.Ground != "" {
			fmt.Fprintf(&b, "  %s\n", st.Dim.Render(l.T("ms.ground", l.Text(cases.GroundTitle(m.Ground)))))
		}
		if m.Quoted {
			fmt.Fprintf(&b, "  %s\n", st.Soon.Render(l.T("ms.quoted")))
		}
		if x := m.Extension; x != nil {
			fmt.Fprintf(&b, "  %s\n", st.Soon.Render(l.T("ms.extended", x.BaseDue.String(), x.NoticeDate.String(), x.Reason)))
		} else if m.Extendable && m.Met == nil && c.Status.Open() {
			if ext, _, err := m.ExtendedDue(cal); err == nil {
				fmt.Fprintf(&b, "  %s\n", st.Dim.Render(l.T("ms.extendable", ext.String())))
			}
		}
		if m.Provisional {
			fmt.Fprintf(&b, "  %s\n", st.Provisional.Render(l.T("ms.provisional")))
		}
	}

	f.items = f.items[:0]
	lineNo := func() int { return strings.Count(b.String(), "\n") }
	pointer := func() string {
		if len(f.items)-1 == f.sel {
			return st.Title.Render("▸")
		}
		return " "
	}
	if len(c.Steps) > 0 {
		section("f.steps")
		for _, s := range c.Steps {
			f.items = append(f.items, item{step: s.Key, line: lineNo()})
			box, style := "[ ]", lipgloss.NewStyle()
			switch s.State {
			case cases.StepDone:
				box, style = "[x]", st.OK
			case cases.StepFailed:
				box, style = "[!]", st.Late
			case cases.StepNA:
				box, style = "[-]", st.Dim
			}
			if s.Verification {
				box = style.Render(box) + st.Dim.Render("·")
			} else {
				box = style.Render(box) + " "
			}
			title := strings.Split(lipgloss.NewStyle().Width(max(20, width-8)).Render(l.Text(s.Title)), "\n")
			fmt.Fprintf(&b, "%s%s %s\n", pointer(), box, title[0])
			for _, ln := range title[1:] {
				fmt.Fprintf(&b, "      %s\n", ln)
			}
			if s.State != cases.StepPending {
				extra := l.StepState(s.State) + " · " + s.By + " · " + s.At.In(cases.Moscow).Format("2006-01-02 15:04")
				if s.Method != "" {
					extra += " · " + l.T("method."+s.Method)
				}
				if s.Note != "" {
					extra += " · " + s.Note
				}
				fmt.Fprintf(&b, "      %s\n", st.Dim.Render(extra))
			}
		}
	}
	if len(c.Documents) > 0 {
		section("f.documents")
		for _, d := range c.Documents {
			f.items = append(f.items, item{doc: d.No, line: lineNo()})
			if d.Destroyed != nil {
				fmt.Fprintf(&b, "%s %s\n", pointer(), st.Dim.Render(fmt.Sprintf("%d  %s", d.No, l.T("doc.destroyed_tui", d.Label, d.Destroyed.At.In(cases.Moscow).Format("2006-01-02"), d.Destroyed.Reason))))
				continue
			}
			fmt.Fprintf(&b, "%s %d  %s  %s  %s  %s\n", pointer(), d.No, d.Name, st.Dim.Render(d.Type), humanSize(d.Size), d.Label)
		}
	}

	var notes []cases.Event
	for _, e := range f.events {
		if e.Type == cases.EventNote {
			notes = append(notes, e)
		}
	}
	if len(notes) > 0 {
		section("f.notes")
		for i := len(notes) - 1; i >= 0; i-- {
			e := notes[i]
			fmt.Fprintf(&b, "  %s %s\n", st.Dim.Render(e.At.In(cases.Moscow).Format("2006-01-02 15:04")+" "+e.Officer+":"), "")
			for _, ln := range strings.Split(wrap.Render(e.Text), "\n") {
				fmt.Fprintf(&b, "    %s\n", ln)
			}
		}
	}

	section("f.timeline")
	for i := len(f.events) - 1; i >= 0; i-- {
		e := f.events[i]
		fmt.Fprintf(&b, "  %s  %-10s %s\n", st.Dim.Render(e.At.In(cases.Moscow).Format("2006-01-02 15:04")), e.Officer, l.Event(e))
	}
	return b.String()
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
