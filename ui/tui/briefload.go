package tui

import (
	"cmp"
	"slices"

	"privdesk/cases"
	"privdesk/ui/office"
)

// The desk's load: the index rows come first (classified once, in
// classify), then the briefs in chunks. Each chunk's cases are counted and
// filtered here, once, and merged into the view in its order; nothing else
// is classified or filtered again, so the load costs what reading the
// briefs costs, however large the register.

// change is a brief, or a whole record with its brief, arriving for a row.
type change struct {
	r *row
	b *cases.Brief
	c *cases.Case
}

// addBriefs attaches a chunk of briefs to the rows not read in full.
func (q *queue) addBriefs(bs []office.IDBrief) {
	var chs []change
	for i := range bs {
		if r, ok := q.byID[bs[i].ID]; ok && r.c == nil {
			chs = append(chs, change{r: r, b: &bs[i].Brief})
		}
	}
	q.apply(chs)
}

// addCases attaches records read in full (the rows on screen).
func (q *queue) addCases(cs []*cases.Case) {
	var chs []change
	for _, c := range cs {
		if r, ok := q.byID[c.ID]; ok {
			b := c.Brief()
			chs = append(chs, change{r: r, b: &b, c: c})
		}
	}
	q.apply(chs)
}

// apply attaches what arrived and brings the counts, the filter's matches
// and the view up to date for those rows alone.
func (q *queue) apply(chs []change) {
	terms := parseFilter(q.filter.Value())
	var selected cases.ID
	if q.cursor < len(q.view) {
		selected = q.view[q.cursor].ID
	}
	leaving, entering, leavingNarrowed, enteringNarrowed := map[*row]bool{}, []*row{}, map[*row]bool{}, []*row{}
	for _, ch := range chs {
		r := ch.r
		before, tabsBefore := r.matchGen == q.filterGen, q.tabsOf(r)
		wasIn := before && tabsBefore[q.tab]
		q.count(r, -1)
		if ch.c != nil {
			r.c = ch.c
		}
		r.setBrief(ch.b)
		q.count(r, +1)
		after, tabsAfter := q.match(r, terms), q.tabsOf(r)
		isIn := after && tabsAfter[q.tab]
		if len(terms) > 0 {
			for t := range numTabs {
				q.matched[t] += b2i(after && tabsAfter[t]) - b2i(before && tabsBefore[t])
			}
			if before && !after {
				leavingNarrowed[r] = true
			} else if after && !before {
				enteringNarrowed = append(enteringNarrowed, r)
			}
		}
		moves := wasIn && isIn && q.orderNeedsBrief()
		if wasIn && (!isIn || moves) {
			leaving[r] = true
		}
		if isIn && (!wasIn || moves) {
			entering = append(entering, r)
		}
	}
	if q.narrowed != nil {
		q.narrowed = q.merge(q.narrowed, leavingNarrowed, enteringNarrowed, q.rankOrder)
	}
	q.view = q.merge(q.view, leaving, entering, q.viewOrder)
	q.cursor = 0
	for i, r := range q.view {
		if r.ID == selected {
			q.cursor = i
			break
		}
	}
}

// match passes r through the filter's terms, and remembers the answer
// until the filter changes (filterGen).
func (q *queue) match(r *row, terms []term) bool {
	q.filtered++
	for _, t := range terms {
		if !t.matches(r) {
			r.matchGen = 0
			return false
		}
	}
	r.matchGen = q.filterGen
	return true
}

// tabsOf tells in which tabs r is.
func (q *queue) tabsOf(r *row) (tabs [numTabs]bool) {
	for t := range numTabs {
		tabs[t] = q.inTabOf(r, t)
	}
	return tabs
}

// count adds (sign 1) or takes away (-1) what a row's brief adds to the
// tabs' counts: the officer's own cases and those awaiting review.
func (q *queue) count(r *row, sign int) {
	if r.brief == nil {
		return
	}
	if r.brief.Pending != "" {
		q.awaiting += sign
	}
	if q.mine(r) {
		q.counts[tabMine] += sign
	}
}

// orderNeedsBrief tells whether the view's order depends on the briefs:
// by subject, or the closed tab's latest-closed-first.
func (q *queue) orderNeedsBrief() bool {
	return q.sort == sortSubject || (q.sort == sortUrgency && q.tab == tabClosed)
}

// merge takes the rows leaving out of list and merges the rows entering in,
// in order; list stays in that order.
func (q *queue) merge(list []*row, leaving map[*row]bool, entering []*row, order func(a, b *row) int) []*row {
	if len(leaving) == 0 && len(entering) == 0 {
		return list
	}
	kept := list[:0:0]
	for _, r := range list {
		if !leaving[r] {
			kept = append(kept, r)
		}
	}
	slices.SortFunc(entering, order)
	out := make([]*row, 0, len(kept)+len(entering))
	i, j := 0, 0
	for i < len(kept) && j < len(entering) {
		if order(entering[j], kept[i]) < 0 {
			out = append(out, entering[j])
			j++
		} else {
			out = append(out, kept[i])
			i++
		}
	}
	out = append(out, kept[i:]...)
	return append(out, entering[j:]...)
}

// rankOrder is the register's own order: the index's, open cases by
// urgency, then closed ones.
func (q *queue) rankOrder(a, b *row) int { return cmp.Compare(a.rank, b.rank) }

// viewOrder is the order sortView gives: the chosen column, ties in the
// register's order.
func (q *queue) viewOrder(a, b *row) int {
	c := 0
	switch {
	case q.sort != sortUrgency:
		c = compareBy(q.sort, a, b, q.lang)
		if q.desc {
			c = -c
		}
	case q.tab == tabClosed:
		c = -closedAt(a).Compare(closedAt(b))
	}
	return cmp.Or(c, q.rankOrder(a, b))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
