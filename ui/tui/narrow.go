package tui

import (
	"strings"

	"privdesk/cases"
)

// Refiltering: the rows of the tab that pass the filter, narrowing the
// previous matches as the officer types on.

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
	q.filterGen++ // every earlier match is forgotten
	for _, r := range src {
		if !q.match(r, terms) {
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
