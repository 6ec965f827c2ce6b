package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/viewport"
	"charm.land/lipgloss/v2"

	"privdesk/cases"
	"privdesk/ui/l10n"
)

// caseFile is the open case: every field, milestones, notes and the timeline.
type caseFile struct {
	c      *cases.Case
	events []cases.Event
	vp     viewport.Model
}

func newCaseFile() caseFile {
	return caseFile{vp: viewport.New()}
}

func (f *caseFile) set(c *cases.Case, evs []cases.Event, width, height int, now time.Time, cal *cases.Calendar, st *Styles, l *l10n.Printer) {
	keep := f.c != nil && c != nil && f.c.ID == c.ID
	f.c, f.events = c, evs
	f.vp.SetWidth(width)
	f.vp.SetHeight(height)
	y := f.vp.YOffset()
	f.vp.SetContent(f.content(width, now, cal, st, l))
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
	field("f.basis", l.Text(c.Kind.Info().Article))
	field("f.assignee", c.Assignee)

	section("f.subject")
	field("f.name", c.Subject.Name)
	field("f.email", c.Subject.Email)
	field("f.phone", c.Subject.Phone)
	field("f.account", c.Subject.Account)

	section("f.request")
	field("f.channel", l.Text(c.Channel.Title()))
	field("f.received", c.Received.In(cases.Moscow).Format("2006-01-02 15:04 MST"))
	field("f.summary", c.Summary)

	section("f.deadlines")
	for _, m := range c.Milestones {
		due := m.Due.String()
		if m.Unit == cases.UnitHours || m.Unit == cases.UnitImmediately {
			due = m.DueAt.In(cases.Moscow).Format("2006-01-02 15:04 MST")
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
		if m.Nominal != nil {
			fmt.Fprintf(&b, "  %s\n", st.Dim.Render(l.T("ms.nominal", m.Nominal.String())))
		}
		if m.Met != nil {
			fmt.Fprintf(&b, "  %s\n", st.Dim.Render(l.T("ms.met", m.Met.In(cases.Moscow).Format("2006-01-02 15:04"))))
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
