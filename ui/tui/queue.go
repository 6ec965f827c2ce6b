package tui

import (
	"cmp"
	"slices"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"privdesk/cases"
	"privdesk/ui/l10n"
	"privdesk/ui/office"
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
const SoonDays = office.SoonDays

const (
	urgencySoon = office.UrgencySoon
	urgencyLate = office.UrgencyLate
)

// row is one case in the queue: its index entry, and its record once loaded.
type row struct {
	office.Row
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
	office.Standing
	// rank is the row's place in the register's order (q.rows).
	rank int
	// matchGen is the queue's filterGen when the row last matched the
	// filter; any other value: it does not match the filter as it is.
	matchGen int
}

// leftText says how much time is left, or how late the case is.
func (r *row) leftText(l *l10n.Printer) string { return office.LeftText(r.Row, r.Standing, l) }

// queue is the list of cases, its tabs and its filter.
type queue struct {
	lang cases.Lang // the labels the columns show, which they sort by
	rows []*row
	byID map[cases.ID]*row
	// pendingBriefs are the rows still without a brief, by number: the
	// chunks the load reads next (planBriefs).
	pendingBriefs []cases.ID
	tab           tab
	view          []*row
	counts        [numTabs]int
	matched       [numTabs]int // while filtering: the matches in each tab
	marked        map[cases.ID]bool
	cursor        int
	offset        int
	filter        textinput.Model
	filtering     bool
	loaded        bool
	sort          sortKey
	desc          bool
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
	// classified and filtered count the rows classified against their
	// deadlines and passed through the filter: the load's work, which the
	// tests hold to once a case.
	classified, filtered int
	// filterGen counts the filter's passes over the rows (see matchGen).
	filterGen int
}

func newQueue(l *l10n.Printer, me string) queue {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Placeholder = l.T("filter.placeholder")
	ti.CharLimit = 200
	return queue{filter: ti, byID: map[cases.ID]*row{}, tab: tabInbox, me: me, lang: l.Lang}
}

// setRows replaces the index rows, keeping loaded records of unchanged
// cases. The rows come in due order: open cases keep it, earliest (most
// overdue) first; closed ones follow, most recent first.
func (q *queue) setRows(rows []office.Row) {
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
	for i, r := range q.rows {
		r.rank = i
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

// setBrief gives the row its brief. The search text is kept narrowed, a
// byte a letter; the brief keeps its own copy only when narrowing lost a
// rune (exotic), for a filter with such a rune to match.
func (r *row) setBrief(b *cases.Brief) {
	r.brief = b
	r.search, r.exotic = narrow(b.Search)
	if !r.exotic {
		b.Search = ""
	}
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

// planBriefs lists the rows without a brief, in the order of their
// numbers, for the store to read them as its cursor walks the file.
func (q *queue) planBriefs() {
	q.pendingBriefs = q.pendingBriefs[:0]
	for _, r := range q.rows {
		if r.brief == nil && !r.unreadable {
			q.pendingBriefs = append(q.pendingBriefs, r.ID)
		}
	}
	slices.SortFunc(q.pendingBriefs, func(a, b cases.ID) int { return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.N, b.N)) })
}

// loadBriefs asks for the next chunk of briefs, if any is left.
func (q *queue) loadBriefs(st *office.Session) tea.Cmd {
	chunk := q.nextBriefs()
	return loadBriefsCmd(st, chunk, len(q.pendingBriefs) > 0)
}

// nextBriefs takes the next chunk of planBriefs' list, leaving out the
// rows that got a brief meanwhile (read in full for the screen).
func (q *queue) nextBriefs() []cases.ID {
	var ids []cases.ID
	for len(q.pendingBriefs) > 0 && len(ids) < briefChunk {
		id := q.pendingBriefs[0]
		q.pendingBriefs = q.pendingBriefs[1:]
		if r, ok := q.byID[id]; ok && r.brief == nil && !r.unreadable {
			ids = append(ids, id)
		}
	}
	return ids
}

// classify computes each row's urgency and counts, at now.
func (q *queue) classify(now time.Time, cal *cases.Calendar) {
	wdCache := map[cases.Date]int{}
	count := office.Workdays(cal, now)
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
		r.Standing = office.StandingOf(r.Row, now, workdays)
		q.classified++
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
