package tui

import (
	"cmp"
	"privdesk/cases"
	"slices"
	"strings"
	"time"
)

// Sorting the queue: < and > step through the columns, each ascending then
// descending, and back to the default order (most urgent first). The
// Closed tab's default order is the closing date, latest first.

type sortKey int

const (
	sortUrgency sortKey = iota
	sortID
	sortKind
	sortSubject
	sortChannel
	sortReceived
	sortDue
	sortStatus
	numSorts
)

// sortTitles are the columns' catalog keys, in sortKey order.
var sortTitles = [numSorts]string{"", "col.id", "col.kind", "col.subject", "col.channel", "col.received", "col.due", "col.status"}

// cycleSort moves the sort step positions along the cycle: default, then
// each column ascending and descending.
func (q *queue) cycleSort(step int) {
	pos := 0
	if q.sort != sortUrgency {
		pos = 1 + 2*(int(q.sort)-1)
		if q.desc {
			pos++
		}
	}
	n := 1 + 2*(int(numSorts)-1)
	pos = ((pos+step)%n + n) % n
	if pos == 0 {
		q.sort, q.desc = sortUrgency, false
	} else {
		q.sort, q.desc = sortKey(1+(pos-1)/2), (pos-1)%2 == 1
	}
	q.refilter()
}

// flipSort turns the order of the sorted column round; the default order
// has no direction.
func (q *queue) flipSort() {
	if q.sort != sortUrgency {
		q.desc = !q.desc
		q.refilter()
	}
}

// sortView orders the visible rows by the chosen column; rows equal on it
// keep the default order.
func (q *queue) sortView() {
	if q.sort == sortUrgency {
		if q.tab == tabClosed {
			slices.SortStableFunc(q.view, func(a, b *row) int { return -closedAt(a).Compare(closedAt(b)) })
		}
		return
	}
	slices.SortStableFunc(q.view, func(a, b *row) int {
		c := compareBy(q.sort, a, b, q.lang)
		if q.desc {
			return -c
		}
		return c
	})
}

// compareBy orders two rows by a column, as the column shows them: kinds,
// channels and statuses by their labels in the desk's language.
func compareBy(k sortKey, a, b *row, lang cases.Lang) int {
	switch k {
	case sortID:
		return cmp.Or(cmp.Compare(a.ID.Year, b.ID.Year), cmp.Compare(a.ID.N, b.ID.N))
	case sortKind:
		return strings.Compare(fold(a.Kind.Info().Short.In(lang)), fold(b.Kind.Info().Short.In(lang)))
	case sortSubject:
		return strings.Compare(subjectKey(a), subjectKey(b))
	case sortChannel:
		return strings.Compare(fold(a.Channel.Title().In(lang)), fold(b.Channel.Title().In(lang)))
	case sortReceived:
		return cmp.Compare(a.Received, b.Received)
	case sortDue:
		if a.NoDue != b.NoDue { // nothing due sorts last
			if a.NoDue {
				return 1
			}
			return -1
		}
		return a.DueAt.Compare(b.DueAt)
	case sortStatus:
		return cmp.Compare(slices.Index(cases.Statuses, a.Status), slices.Index(cases.Statuses, b.Status)) // workflow order
	}
	return 0
}

// subjectKey is a row's name for sorting; a brief not loaded yet sorts last.
func subjectKey(r *row) string {
	if r.brief == nil {
		return "\uffff"
	}
	return fold(r.brief.Name)
}

// closedAt is when a row's case was closed; zero while not loaded.
func closedAt(r *row) time.Time {
	if r.brief != nil && r.brief.Closed != nil {
		return *r.brief.Closed
	}
	return time.Time{}
}
