package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/ui/common"
	"privdesk/ui/l10n"
)

type tab int

// The queues, in the order of their tabs and number keys.
const (
	tabMine tab = iota // open cases assigned to the officer at the desk
	tabInbox
	tabVerifying
	tabInProgress
	tabDueSoon
	tabOverdue
	tabClosed
	tabAll
	numTabs
)

var tabKeys = [numTabs]string{"tab.mine", "tab.inbox", "tab.verifying", "tab.inprogress", "tab.duesoon", "tab.overdue", "tab.closed", "tab.all"}

// SoonDays is how many working days ahead "due soon" looks.
const SoonDays = common.SoonDays

const (
	urgencySoon = common.UrgencySoon
	urgencyLate = common.UrgencyLate
)

// row is one case in the queue: its index entry, and its record once loaded.
type row struct {
	store.Row
	// brief is what the queue shows, sorts and searches; c the full record,
	// read for the rows on screen and the cases acted on.
	brief  *cases.Brief
	c      *cases.Case
	search string // lower-case text the filter matches against, narrowed; "" until needed
	exotic bool   // the text has runes narrow replaced
	// unreadable: the record cannot be decoded; it is not asked for again.
	unreadable bool
	// standing is how the case stands against its deadline; its text is
	// made only for visible rows.
	common.Standing
}

// leftText says how much time is left, or how late the case is.
func (r *row) leftText(l *l10n.Printer) string { return common.LeftText(r.Row, r.Standing, l) }

// queue is the list of cases, its tabs and its filter.
type queue struct {
	rows      []*row
	byID      map[cases.ID]*row
	tab       tab
	view      []*row
	counts    [numTabs]int
	matched   [numTabs]int // while filtering: the matches in each tab
	marked    map[cases.ID]bool
	cursor    int
	offset    int
	filter    textinput.Model
	filtering bool
	loaded    bool
	sort      sortKey
	desc      bool
	// land is a case the cursor goes to once a reload shows it.
	land cases.ID
	// narrowed are the rows, in every tab, that the filter narrowedFor
	// matched: a filter typed on from it searches these, not the register.
	// Anything that changes rows, briefs or records forgets them.
	narrowed    []*row
	narrowedFor string
	// me is the officer at the desk, whose cases the Mine tab shows.
	me string
	// awaiting counts the cases whose refusal or destruction waits for review.
	awaiting int
}

func newQueue(l *l10n.Printer, me string) queue {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Placeholder = l.T("filter.placeholder")
	ti.CharLimit = 200
	return queue{filter: ti, byID: map[cases.ID]*row{}, tab: tabInbox, me: me}
}

// setRows replaces the index rows, keeping loaded records of unchanged
// cases. The rows come in due order: open cases keep it, earliest (most
// overdue) first; closed ones follow, most recent first.
func (q *queue) setRows(rows []store.Row) {
	old := q.byID
	q.narrowed = nil
	block := make([]row, len(rows))
	q.rows = make([]*row, 0, len(rows))
	q.byID = make(map[cases.ID]*row, len(rows))
	var closed []*row
	for i, r := range rows {
		nr := &block[i]
		nr.Row = r
		if o, ok := old[r.ID]; ok && o.Row == r {
			nr.brief, nr.c, nr.search, nr.exotic = o.brief, o.c, o.search, o.exotic
		}
		q.byID[r.ID] = nr
		if r.Status.Open() {
			q.rows = append(q.rows, nr)
		} else {
			closed = append(closed, nr)
		}
	}
	for i := len(closed) - 1; i >= 0; i-- {
		q.rows = append(q.rows, closed[i])
	}
	q.loaded = true
}

// setCases attaches loaded records to their rows.
func (q *queue) setCases(cs []*cases.Case) {
	for _, c := range cs {
		r, ok := q.byID[c.ID]
		if !ok {
			continue
		}
		r.c = c
		b := c.Brief()
		r.setBrief(&b)
	}
	q.narrowed = nil
}

// setBriefs attaches loaded briefs to their rows.
func (q *queue) setBriefs(bs []store.IDBrief) {
	for i := range bs {
		if r, ok := q.byID[bs[i].ID]; ok && r.c == nil {
			r.setBrief(&bs[i].Brief)
		}
	}
	q.narrowed = nil
}

// narrows tells whether every row the filter to matches also matches from:
// to is from typed on, and both are free text alone (a field term such as
// due< or overdue may mean something else once typed on).
func narrows(from, to string) bool {
	if !strings.HasPrefix(to, from) {
		return false
	}
	for _, t := range append(parseFilter(from), parseFilter(to)...) {
		if t.field != "" || strings.Contains(t.value, ":") || strings.HasPrefix(t.value, "due<") || strings.HasPrefix("overdue", t.value) || strings.HasPrefix("просрочено", t.value) {
			return false
		}
	}
	return true
}

func (r *row) setBrief(b *cases.Brief) {
	r.brief = b
	r.search, r.exotic = narrow(b.Search)
}

// missing lists the rows on screen whose full records are not read yet.
func (q *queue) missing(height int) []cases.ID {
	var ids []cases.ID
	for i := q.offset; i < len(q.view) && i < q.offset+height; i++ {
		if q.view[i].c == nil && !q.view[i].unreadable {
			ids = append(ids, q.view[i].ID)
		}
	}
	return ids
}

// missingBriefs lists the rows without a brief.
func (q *queue) missingBriefs() []cases.ID {
	var ids []cases.ID
	for _, r := range q.rows {
		if r.brief == nil && !r.unreadable {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// classify computes each row's urgency and counts, at now.
func (q *queue) classify(now time.Time, cal *cases.Calendar) {
	wdCache := map[cases.Date]int{}
	count := common.Workdays(cal, now)
	workdays := func(d cases.Date) int {
		n, ok := wdCache[d]
		if !ok {
			n = count(d)
			wdCache[d] = n
		}
		return n
	}
	q.counts = [numTabs]int{}
	q.awaiting = 0
	for _, r := range q.rows {
		r.Standing = common.StandingOf(r.Row, now, workdays)
		if r.brief != nil && r.brief.Pending != "" {
			q.awaiting++
		}
		if !r.Status.Open() {
			q.counts[tabClosed]++
			q.counts[tabAll]++
			continue
		}
		q.countStatus(r)
		if q.mine(r) {
			q.counts[tabMine]++
		}
		if r.Urgency == urgencySoon {
			q.counts[tabDueSoon]++
		}
		if r.Urgency == urgencyLate {
			q.counts[tabOverdue]++
		}
	}
}

func (q *queue) countStatus(r *row) {
	switch r.Status {
	case cases.StatusNew:
		q.counts[tabInbox]++
	case cases.StatusVerifying:
		q.counts[tabVerifying]++
	case cases.StatusInProgress:
		q.counts[tabInProgress]++
	}
	q.counts[tabAll]++
}

func (q *queue) inTab(r *row) bool { return q.inTabOf(r, q.tab) }

// mine tells whether an open case is assigned to the officer at the desk.
func (q *queue) mine(r *row) bool {
	return r.Status.Open() && r.brief != nil && r.brief.Assignee == q.me
}

func (q *queue) inTabOf(r *row, t tab) bool {
	switch t {
	case tabMine:
		return q.mine(r)
	case tabInbox:
		return r.Status == cases.StatusNew
	case tabVerifying:
		return r.Status == cases.StatusVerifying
	case tabInProgress:
		return r.Status == cases.StatusInProgress
	case tabDueSoon:
		return r.Urgency == urgencySoon
	case tabOverdue:
		return r.Urgency == urgencyLate
	case tabClosed:
		return !r.Status.Open()
	}
	return true
}

// refilter rebuilds the visible list for the tab and filter, keeping the
// selected case selected when it is still there.
func (q *queue) refilter() {
	var selected cases.ID
	if q.cursor < len(q.view) {
		selected = q.view[q.cursor].ID
	}
	value := q.filter.Value()
	terms := parseFilter(value)
	src := q.rows
	if q.narrowed != nil && narrows(q.narrowedFor, value) {
		src = q.narrowed
	}
	all := []*row{}
	q.view = q.view[:0]
	q.matched = [numTabs]int{}
	for _, r := range src {
		match := true
		for _, t := range terms {
			if !t.matches(r) {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		if len(terms) > 0 {
			all = append(all, r)
		}
		if len(terms) > 0 { // each tab's title shows its matches
			for t := range numTabs {
				if q.inTabOf(r, t) {
					q.matched[t]++
				}
			}
		}
		if q.inTab(r) {
			q.view = append(q.view, r)
		}
	}
	q.narrowed, q.narrowedFor = all, value
	if len(terms) == 0 {
		q.narrowed = nil
	}
	q.sortView()
	q.cursor = 0
	if _, ok := q.byID[q.land]; ok {
		if !q.inTab(q.byID[q.land]) {
			q.tab = tabAll // a new case may belong to a tab not shown
			q.refilter()
			return
		}
		selected, q.land = q.land, cases.ID{}
	}
	for i, r := range q.view {
		if r.ID == selected {
			q.cursor = i
			break
		}
	}
}

func (q *queue) selected() *row {
	if q.cursor < len(q.view) {
		return q.view[q.cursor]
	}
	return nil
}

func (q *queue) move(delta, height int) {
	q.cursor = max(0, min(len(q.view)-1, q.cursor+delta))
	q.scroll(height)
}

func (q *queue) scroll(height int) {
	if height < 1 {
		height = 1
	}
	if q.cursor < q.offset {
		q.offset = q.cursor
	}
	if q.cursor >= q.offset+height {
		q.offset = q.cursor - height + 1
	}
	q.offset = max(0, min(q.offset, max(0, len(q.view)-height)))
}

type column struct {
	title string
	width int // 0: takes the rest
	key   sortKey
}

// render draws the table of visible rows in the given box.
func (q *queue) render(width, height int, st *Styles, l *l10n.Printer) string {
	cols := []column{{l.T("col.id"), 11, sortID}, {l.T("col.kind"), 12, sortKind}, {l.T("col.subject"), 0, sortSubject}}
	wide := width >= 118
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
	narrow := width < 100
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
