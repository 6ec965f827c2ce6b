package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"privdesk/cases"
	"privdesk/ui/l10n"
)

// Drawing the queue: its table and its tabs.

type column struct {
	title string
	width int // 0: takes the rest
	key   sortKey
}

// render draws the table of visible rows in the given box.
func (q *queue) render(width, height int, st *Styles, l *l10n.Printer) string {
	cols, wide, narrow := q.columns(width, l)
	cell := func(s string, w int) string {
		s = ansi.Truncate(s, w, "…")
		return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
	}
	var b strings.Builder
	head := make([]string, len(cols))
	for i, c := range cols {
		if c.key == q.sort && q.sort != sortUrgency {
			c.title += map[bool]string{false: " ▲", true: " ▼"}[q.desc]
		}
		head[i] = cell(c.title, c.width)
	}
	b.WriteString(st.TableHead.Render(strings.Join(head, " ")))
	q.scroll(height - 1)
	terms := parseFilter(q.filter.Value())
	for i := q.offset; i < len(q.view) && i < q.offset+height-1; i++ {
		r := q.view[i]
		vals := q.rowValues(r, wide, narrow, l)
		urg := rowStyle(r, st)
		parts := make([]string, len(vals))
		for j, v := range vals {
			parts[j] = cell(v, cols[j].width)
		}
		parts[0], parts[2] = underlineMatch(parts[0], terms), underlineMatch(parts[2], terms)
		line := strings.Join(parts, " ")
		b.WriteString("\n")
		if i == q.cursor {
			b.WriteString(st.Selected.Render(line))
			continue
		}
		// Colour only the due and days-left cells; the rest stays plain.
		dueCol := 3
		if wide {
			dueCol = 5
		}
		plain := strings.Join(parts[:dueCol], " ")
		b.WriteString(plain + " " + urg.Render(parts[dueCol]+" "+parts[dueCol+1]))
		if rest := parts[dueCol+2:]; len(rest) > 0 {
			b.WriteString(" " + strings.Join(rest, " "))
		}
	}
	return b.String()
}

// columns lays out the queue's columns for width: the subject takes what
// the others leave; wide adds channel and receipt; narrow drops the status.
func (q *queue) columns(width int, l *l10n.Printer) (cols []column, wide, narrow bool) {
	cols = []column{{l.T("col.id"), 11, sortID}, {l.T("col.kind"), 12, sortKind}, {l.T("col.subject"), 0, sortSubject}}
	wide = width >= 118
	if wide {
		cols = append(cols, column{l.T("col.channel"), 10, sortChannel}, column{l.T("col.received"), 10, sortReceived})
	}
	dueTitle := l.T("col.due")
	if q.tab == tabClosed {
		dueTitle = l.T("col.closed")
	}
	cols = append(cols, column{dueTitle, 11, sortDue}, column{l.T("col.left"), 22, -1})
	// Below 100 columns the status gives way to the subject: the tab says
	// it, a triage flag moves to the kind, an outcome to the Left column.
	narrow = width < 100
	if !narrow {
		cols = append(cols, column{l.T("col.status"), 13, sortStatus})
	}
	fixed := len(cols) - 1
	for _, c := range cols {
		fixed += c.width
	}
	for i := range cols {
		if cols[i].width == 0 {
			cols[i].width = max(8, width-fixed)
		}
	}
	return cols, wide, narrow
}

// rowValues are a row's cells, as the columns ask for them.
func (q *queue) rowValues(r *row, wide, narrow bool, l *l10n.Printer) []string {
	name, status := "…", l.Text(r.Status.Title())
	if r.Triage {
		status = "⚑ " + l.T("q.triage")
	}
	if r.brief != nil {
		name = r.brief.Name
		if r.brief.Outcome != "" {
			status = l.Text(r.brief.Outcome.Title())
		}
	}
	due := r.Due.String()
	if r.Provisional {
		due += "*"
	}
	if q.tab == tabClosed {
		due = ""
		if t := closedAt(r); !t.IsZero() {
			due = cases.DateOf(t).String()
		}
	}
	id := r.ID.String()
	if q.marked[r.ID] {
		id = "●" + id
	}
	vals := []string{id, l.Text(r.Kind.Info().Short), name}
	if wide {
		vals = append(vals, l.Text(r.Channel.Title()), r.Received.String())
	}
	left := r.leftText(l)
	if narrow {
		if r.Triage {
			vals[1] = "⚑ " + vals[1]
		}
		if !r.Status.Open() {
			left = status
		}
		vals = append(vals, due, left)
	} else {
		vals = append(vals, due, left, status)
	}
	return vals
}

// rowStyle is the colour of a row's due cells: closed, late, soon or in time.
func rowStyle(r *row, st *Styles) lipgloss.Style {
	var urg lipgloss.Style
	switch {
	case !r.Status.Open():
		urg = st.Closed
	case r.Urgency == urgencyLate:
		urg = st.Late
	case r.Urgency == urgencySoon:
		urg = st.Soon
	default:
		urg = st.OK
	}
	return urg
}

// tabsView draws the tabs with their counts, shortening them to fit width.
func (q *queue) tabsView(width int, st *Styles, l *l10n.Printer) string {
	return ansi.Truncate(strings.Join(q.tabLabels(width, st, l), ""), width, "…")
}

// tabLabels are the tab titles, in the longest form that fits the width.
func (q *queue) tabLabels(width int, st *Styles, l *l10n.Printer) []string {
	var parts []string
	forms := []struct {
		format string
		short  bool
	}{{"%d %s (%d)", false}, {"%d %s %d", false}, {"%d %s %d", true}, {"%[2]s %[3]d", true}, {"%[1]d:%[3]d", true}}
	for _, f := range forms {
		parts = make([]string, numTabs)
		for t := range numTabs {
			n := q.counts[t]
			if q.filter.Value() != "" {
				n = q.matched[t]
			}
			name := tabKeys[t]
			if f.short {
				name += "_short"
			}
			label := fmt.Sprintf(f.format, t+1, l.T(name), n)
			if t == q.tab {
				parts[t] = st.TabActive.Render(label)
			} else {
				parts[t] = st.Tab.Render(label)
			}
		}
		if ansi.StringWidth(strings.Join(parts, "")) <= width {
			break
		}
	}
	return parts
}
