package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"privdesk/cases"
	"privdesk/ui/office"
)

func (m Model) updateQueue(kp tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := &m.keys
	h := m.tableHeight() - 1
	if m.q.filtering {
		if mm, cmd, done := m.filterKey(kp, h); done {
			return mm, cmd
		}
	}
	switch {
	case key.Matches(kp, k.Quit):
		return m, tea.Quit
	case key.Matches(kp, k.Help):
		m.openHelp(queueHelp{k: &m.keys})
	case key.Matches(kp, k.Up):
		m.q.move(-1, h)
	case key.Matches(kp, k.Down):
		m.q.move(1, h)
	case key.Matches(kp, k.PageUp):
		m.q.move(-h, h)
	case key.Matches(kp, k.PageDown):
		m.q.move(h, h)
	case key.Matches(kp, k.Top):
		m.q.move(-len(m.q.view), h)
	case key.Matches(kp, k.Bottom):
		m.q.move(len(m.q.view), h)
	case key.Matches(kp, k.NextTab):
		m.switchTab((m.q.tab + 1) % numTabs)
	case key.Matches(kp, k.PrevTab):
		m.switchTab((m.q.tab + numTabs - 1) % numTabs)
	case key.Matches(kp, k.Tabs):
		m.switchTab(tab(kp.Text[0] - '1'))
	case key.Matches(kp, k.Filter):
		m.q.filtering = true
		return m, m.q.filter.Focus()
	case key.Matches(kp, k.Jump):
		return m.openDialog(m.jumpDialog())
	case key.Matches(kp, k.Yank), key.Matches(kp, k.YankSummary):
		if r := m.q.selected(); r != nil && r.c != nil {
			return m, m.yankCmd(r.c, key.Matches(kp, k.YankSummary))
		}
	case key.Matches(kp, k.Back):
		m.backInQueue()
	case key.Matches(kp, k.Undo):
		return m, m.undo()
	case key.Matches(kp, k.Move, k.Reopen, k.Extend, k.Attach):
		return m.updateRow(kp)
	case key.Matches(kp, k.SortNext), key.Matches(kp, k.SortPrev):
		m.sortKey(key.Matches(kp, k.SortNext))
	case key.Matches(kp, k.SortFlip):
		m.q.flipSort()
		m.announceSort()
	case key.Matches(kp, k.Mark):
		m.markRow(h)
	case key.Matches(kp, k.MarkAll):
		m.q.marked = map[cases.ID]bool{}
		for _, r := range m.q.view {
			m.q.marked[r.ID] = true
		}
	case key.Matches(kp, k.BulkKind, k.BulkClose, k.BulkNote, k.BulkAssign, k.BulkMet, k.BulkTick):
		return m.startBulk(kp)
	case key.Matches(kp, k.Open):
		if r := m.q.selected(); r != nil {
			return m, loadCaseCmd(m.cfg.Office, r.ID, true)
		}
	case key.Matches(kp, k.New):
		return m.openDialog(m.newCaseDialog())
	case key.Matches(kp, k.Import):
		if m.cfg.Office.Actor().Remote {
			return m.remoteRefused()
		}
		return m.openDialog(m.importDialog())
	case key.Matches(kp, k.Dashboard):
		return m, loadDashboardCmd(m.cfg.Office, m.cfg.Rules.Cal, m.cfg.Now())
	case key.Matches(kp, k.Quarantine):
		m.quar = &quarantineView{}
		return m, loadQuarantineCmd(m.cfg.Office)
	}
	return m, nil
}

func (m *Model) switchTab(t tab) {
	m.q.tab = t
	m.q.offset = 0
	m.q.refilter()
	m.q.cursor = 0
}

// formKey is the form a key of the case file opens, or nil.
func (m *Model) formKey(kp tea.KeyPressMsg, c *cases.Case) *dialog {
	k, open := &m.keys, c.Status.Open()
	switch {
	case key.Matches(kp, k.Note):
		return m.noteDialog(c.ID)
	case key.Matches(kp, k.Found) && open:
		return m.foundDialog(c)
	case key.Matches(kp, k.Act):
		return m.actDialog(c)
	case key.Matches(kp, k.Close) && open:
		return m.closeDialog(c.ID, cases.OutcomeFulfilled, "")
	case key.Matches(kp, k.Reopen) && !open:
		return m.reopenDialog(c.ID)
	case key.Matches(kp, k.Edit) && open:
		return m.editDialog(c)
	}
	return nil
}

func (m Model) updateCase(kp tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k, c, l := &m.keys, m.file.c, m.cfg.L
	if d := m.formKey(kp, c); d != nil {
		return m.openDialog(d)
	}
	switch {
	case kp.String() == "ctrl+c":
		return m, tea.Quit
	case key.Matches(kp, k.Undo):
		return m, m.undo()
	case key.Matches(kp, k.Earlier) && c.RepeatOf != nil:
		return m, loadCaseCmd(m.cfg.Office, *c.RepeatOf, true)
	case key.Matches(kp, k.Back), kp.String() == "q": // q goes back; only the queue quits
		m.screen = screenQueue
		m.file.c = nil
		return m, nil
	case key.Matches(kp, k.Help):
		m.openHelp(caseHelp{k: &m.keys, closed: !c.Status.Open(), hasSteps: len(c.Steps) > 0})
	// k is also "up" in the queue; in a case file it sets the kind, so it
	// is matched first, and the arrows select.
	case key.Matches(kp, k.Up), key.Matches(kp, k.Down):
		return m.cursorKey(kp)
	case key.Matches(kp, k.Tick), key.Matches(kp, k.Fail), key.Matches(kp, k.NA):
		return m.markKey(kp)
	case key.Matches(kp, k.Attach):
		if m.cfg.Office.Actor().Remote {
			return m.remoteRefused()
		}
		return m.openDialog(m.attachDialog(c))
	case key.Matches(kp, k.Jump):
		return m.openDialog(m.jumpDialog())
	case key.Matches(kp, k.Yank), key.Matches(kp, k.YankSummary):
		return m, m.yankCmd(c, key.Matches(kp, k.YankSummary))
	case key.Matches(kp, k.Letters):
		m.lv = newLetterView(c)
		return m, nil
	case (key.Matches(kp, k.Discover) || key.Matches(kp, k.Erase)) && c.Status.Open():
		return m.discoverKey(kp, c)
	case key.Matches(kp, k.Review):
		switch {
		case c.Pending == nil:
			m.setStatus(l.T("err.nothing_pending", c.ID.String()), true)
			return m, nil
		case !m.cfg.Office.Actor().MayReview():
			m.setStatus(l.T("err.not_reviewer", m.cfg.Officer, m.cfg.Office.Actor().Role), true)
			return m, nil
		}
		return m.openDialog(m.reviewDialog(c))
	case key.Matches(kp, k.Branch) && c.Status.Open():
		if len(cases.Branches(c.Kind)) == 0 {
			m.setStatus(l.T("msg.no_branch"), true)
			return m, nil
		}
		return m.openDialog(m.branchDialog(c))
	case key.Matches(kp, k.OpenDoc), key.Matches(kp, k.Destroy):
		return m.documentKey(kp)
	case key.Matches(kp, k.Extend) && c.Status.Open():
		if _, err := c.ExtendableTerm(); err != nil { // refused before any reason is typed
			m.setStatus(m.cfg.L.Err(err), true)
			return m, nil
		}
		return m.openDialog(m.extendDialog(c))
	case key.Matches(kp, k.Done) && c.Status.Open():
		if c.Next() == nil {
			m.setStatus(l.T("msg.all_met"), true)
			return m, nil
		}
		return m.openDialog(m.doneDialog(c))
	case key.Matches(kp, k.Move) && c.Status.Open():
		next := c.Status.Next()
		if next == "" {
			m.setStatus(l.T("msg.no_next"), true)
			return m, nil
		}
		return m, moveCmd(m.cfg.Office, c.ID, m.cfg.Now(), m.cfg.Officer, l)
	default:
		var cmd tea.Cmd
		m.file.vp, cmd = m.file.vp.Update(kp)
		return m, cmd
	}
	return m, nil
}

// markKey ticks, fails or sets aside the step under the cursor, asking
// what the step needs first (a method, a destruction's details, a note).
func (m Model) markKey(kp tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := &m.keys
	c := m.file.c
	l := m.cfg.L

	it := m.file.selected()
	if it.step == "" || !c.Status.Open() {
		m.setStatus(l.T("msg.select_step"), true)
		return m, nil
	}
	state := cases.StepDone
	switch {
	case key.Matches(kp, k.Fail):
		return m.openDialog(m.stepNoteDialog(c, it.step, cases.StepFailed))
	case key.Matches(kp, k.NA):
		state = cases.StepNA
	}
	for _, st := range c.Steps {
		if st.Key == it.step && st.AsksMethod() && state == cases.StepDone {
			return m.openDialog(m.methodDialog(c, st.StepTemplate))
		}
		if st.Key == it.step && st.Destroys && state == cases.StepDone {
			return m.openDialog(m.destroyStepDialog(c, st.Key))
		}
	}
	now, who := m.cfg.Now(), m.cfg.Officer
	done := l.T("msg.step", l.StepName(it.step), l.StepState(state))
	if state == cases.StepDone {
		done = m.withLetterHint(done, c, it.step)
	}
	m.nextStep()
	return m, editCmd(m.cfg.Office, c.ID, done, func(c *cases.Case) ([]cases.Event, error) {
		return c.MarkStep(it.step, state, "", "", now, who)
	})
}

// nextStep moves the cursor on to the next step once one is marked, as a
// checklist is worked down.
func (m *Model) nextStep() {
	if next := m.file.sel + 1; next < len(m.file.items) && m.file.items[next].step != "" {
		m.file.moveSel(1)
	}
}

// documentKey opens or destroys the document under the cursor.
func (m Model) documentKey(kp tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := &m.keys
	c := m.file.c
	l := m.cfg.L

	it := m.file.selected()
	d := c.Document(it.doc)
	if d == nil || d.Destroyed != nil {
		m.setStatus(l.T("msg.select_doc"), true)
		return m, nil
	}
	if key.Matches(kp, k.Destroy) {
		return m.openDialog(m.destroyDialog(c, d.No))
	}
	if m.cfg.Office.Actor().Remote {
		return m.remoteRefused()
	}
	return m, openDocCmd(m.cfg.Office, c.ID, d.No, m.scratch, l)
}

// cursorKey moves the cursor over the steps and documents, or scrolls.
func (m Model) cursorKey(kp tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := &m.keys

	delta := 1
	if key.Matches(kp, k.Up) {
		delta = -1
	}
	if m.file.moveSel(delta) {
		y := m.file.vp.YOffset()
		m.showCase(m.file.c, m.file.events)
		m.file.vp.SetYOffset(y)
		return m, nil
	}
	var cmd tea.Cmd
	m.file.vp, cmd = m.file.vp.Update(kp)
	return m, cmd
}

// filterKey takes a key while the officer types a filter; done is false
// for the keys that still move the cursor.
func (m Model) filterKey(kp tea.KeyPressMsg, h int) (tea.Model, tea.Cmd, bool) {
	switch kp.String() {
	case "esc":
		m.q.filtering = false
		m.q.filter.SetValue("")
		m.q.filter.Blur()
		m.q.refilter()
		return m, nil, true
	case "enter":
		m.q.filtering = false
		m.q.filter.Blur()
		return m, nil, true
	case "up", "down", "ctrl+c":
	default:
		var cmd tea.Cmd
		before := m.q.filter.Value()
		m.q.filter, cmd = m.q.filter.Update(kp)
		if m.q.filter.Value() != before {
			m.q.refilter()
			m.q.scroll(h)
		}
		return m, cmd, true
	}
	return m, nil, false
}

// sortKey moves to the next (or previous) order of the queue and says it.
func (m *Model) sortKey(next bool) {
	m.q.cycleSort(map[bool]int{true: 1, false: -1}[next])
	m.announceSort()
}

// announceSort says in the status line how the queue is sorted.
func (m *Model) announceSort() {
	l := m.cfg.L
	if m.q.sort == sortUrgency {
		m.setStatus(l.T("sort.default"), false)
	} else {
		m.setStatus(l.T(map[bool]string{false: "sort.asc", true: "sort.desc"}[m.q.desc], l.T(sortTitles[m.q.sort])), false)
	}
}

// markRow marks the row under the cursor, or unmarks it, and moves down.
func (m *Model) markRow(h int) {
	r := m.q.selected()
	if r == nil {
		return
	}
	if m.q.marked == nil {
		m.q.marked = map[cases.ID]bool{}
	}
	if m.q.marked[r.ID] {
		delete(m.q.marked, r.ID)
	} else {
		m.q.marked[r.ID] = true
	}
	m.q.move(1, h)
}

// backInQueue drops the marks, or else the filter.
func (m *Model) backInQueue() {
	switch {
	case len(m.q.marked) > 0:
		m.q.marked = nil
	case m.q.filter.Value() != "":
		m.q.filter.SetValue("")
		m.q.refilter()
	}
}

// discoverKey searches the connected systems (F), or counts what an erase
// would remove there and asks to erase (E); an erase is refused at once
// for a kind that does not destroy.
func (m Model) discoverKey(kp tea.KeyPressMsg, c *cases.Case) (tea.Model, tea.Cmd) {
	l := m.cfg.L
	if key.Matches(kp, m.keys.Discover) {
		m.setStatus(l.T("tui.finding"), false)
		return m, findCmd(m.cfg, c.ID)
	}
	if !office.Erases(c.Kind) {
		m.setStatus(l.Err(&cases.Error{Code: office.ErrEraseKind, Args: []any{c.Kind.Info().Title}}), true)
		return m, nil
	}
	m.setStatus(l.T("tui.counting"), false)
	return m, dryRunCmd(m.cfg, c.ID)
}
