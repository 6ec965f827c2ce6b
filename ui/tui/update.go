package tui

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"privdesk/cases"
)

// The desk's Update: every message, and what it asks for next.

// statusLife is how long a message stays; a key press clears it sooner.
const statusLife = 6 * time.Second

// Update implements tea.Model. After each message, the rows on screen whose
// full records are not read yet are asked for: the queue itself lives on
// briefs, and a record is decoded only to be shown or acted on.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := m.update(msg)
	mm, ok := next.(Model)
	if !ok {
		return next, cmd
	}
	if mm.cfg.Presence != nil {
		open := cases.ID{}
		if mm.screen == screenCase && mm.file.c != nil {
			open = mm.file.c.ID
		}
		mm.cfg.Presence.Open(mm.cfg.Session, mm.cfg.Officer, open)
	}
	if mm.fetching || mm.screen != screenQueue || !mm.q.loaded {
		return mm, cmd
	}
	if ids := mm.q.missing(mm.tableHeight()); len(ids) > 0 {
		mm.fetching = true
		return mm, tea.Batch(cmd, loadCasesCmd(mm.cfg.Office, ids))
	}
	return mm, cmd
}

func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if mm, cmd, ok := m.updateLoaded(msg); ok {
		return mm, cmd
	}
	if mm, cmd, ok := m.updateResult(msg); ok {
		return mm, cmd
	}
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		return m.updateKeyOn(m.overlay(), kp)
	}
	// What is not a key goes to the overlays that wait for it.
	if m.quar != nil {
		if mm, cmd, done := m.updateQuarantine(msg); done {
			return mm, cmd
		}
	}
	if m.lv != nil {
		if mm, cmd, done := m.updateLetters(msg); done {
			return mm, cmd
		}
	}
	if m.dlg != nil {
		return m.updateDialog(msg)
	}
	return m, nil
}

// overlay is what lies over the queue or the case file, the topmost:
// the one place that decides it, for drawing and for keys alike.
type overlay int

const (
	overlayNone overlay = iota
	overlayHelp
	overlayDialog
	overlayDash
	overlayLetters
	overlayQuarantine
	overlayImport
)

func (m *Model) overlay() overlay {
	switch {
	case m.helpPage != nil:
		return overlayHelp
	case m.dlg != nil:
		return overlayDialog
	case m.dash != nil:
		return overlayDash
	case m.lv != nil:
		return overlayLetters
	case m.quar != nil:
		return overlayQuarantine
	case m.imp != nil:
		return overlayImport
	}
	return overlayNone
}

// updateKeyOn gives a key to the overlay on top, or to the screen.
func (m Model) updateKeyOn(ov overlay, kp tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch ov {
	case overlayHelp:
		return m.updateHelp(kp)
	case overlayDialog:
		return m.updateDialog(kp)
	case overlayDash:
		switch s := kp.String(); {
		case s == "esc" || s == "q" || s == "D":
			m.dash = nil
		case key.Matches(kp, m.keys.Print):
			return m.openDialog(m.reportDialog())
		}
		return m, nil
	case overlayLetters:
		mm, cmd, _ := m.updateLetters(kp)
		return mm, cmd
	case overlayQuarantine:
		mm, cmd, _ := m.updateQuarantine(kp)
		return mm, cmd
	}
	return m.updateKey(kp)
}

// updateLoaded takes what a read brings: the size and background of the
// terminal, the queue, briefs and records, a case file.
func (m Model) updateLoaded(msg tea.Msg) (tea.Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.q.filter.SetWidth(msg.Width - 4)
		if m.screen == screenCase {
			m.showCase(m.file.c, m.file.events)
		}
		if m.dlg != nil {
			m.dlg.form = m.dlg.form.WithWidth(min(m.width-4, 90))
		}
		m.helpPage = nil // drawn for the old size
		return m, nil, true
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.st = DefaultStyles(msg.IsDark())
		m.help.Styles = help.DefaultStyles(msg.IsDark())
		mm, cmd := m.forwardToForm(msg)
		return mm, cmd, true
	case queueMsg:
		m.gen, m.updated = msg.gen, m.cfg.Now()
		m.q.setRows(msg.rows)
		m.q.setCases(msg.cases)
		m.unreadable(msg.bad)
		m.quarCount = msg.quar
		m.refresh()
		m.q.planBriefs()
		return m, m.q.loadBriefs(m.cfg.Office), true
	case briefsMsg:
		m.q.addBriefs(msg.briefs) // this chunk's cases alone are counted and filtered
		m.q.scroll(m.tableHeight() - 1)
		if msg.more {
			return m, m.q.loadBriefs(m.cfg.Office), true
		}
		return m, nil, true
	case keyCasesMsg:
		m.q.setCases(msg.cases)
		m.unreadable(msg.bad)
		m.status = ""
		for _, id := range m.targets() {
			if r, ok := m.q.byID[id]; ok && r.c == nil && !r.unreadable {
				return m, nil, true // changed meanwhile: the officer presses again
			}
		}
		mm, cmd := m.startBulk(msg.key)
		return mm, cmd, true
	case casesMsg:
		m.fetching = false
		m.q.addCases(msg.cases) // these rows alone are filtered again
		m.unreadable(msg.bad)
		return m, nil, true
	case caseMsg:
		stale := m.screen != screenCase || m.file.c == nil || m.file.c.ID != msg.c.ID
		if !msg.open && stale {
			return m, nil, true // the officer has moved on since this was asked for
		}
		m.screen = screenCase
		m.file.earlier = msg.earlier
		m.showCase(msg.c, msg.events)
		m.refreshLetters(msg.c)
		if m.offerReject == msg.c.ID && m.dlg == nil {
			// A failed check that has a legal ground leads to a reasoned
			// refusal: offer it.
			m.offerReject = cases.ID{}
			if ground, facts, ok := msg.c.OfferedRefusal(); ok {
				m.lv = newLetterView(msg.c)
				mm, cmd := m.openDialog(m.letterArgsDialog(msg.c, "refusal", map[string]string{"ground": ground, "details": m.cfg.L.Text(facts)}))
				return mm, cmd, true
			}
		}
		return m, nil, true
	}
	return m, nil, false
}

// updateResult takes what a command answers: the clock, another process's
// change, a change done or refused, an import's progress, the dashboard.
func (m Model) updateResult(msg tea.Msg) (tea.Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case tickMsg:
		if now := m.cfg.Now().Truncate(time.Minute); !now.Equal(m.minute) && m.q.loaded {
			m.refresh()
		}
		if m.status != "" && !m.statusFull && time.Since(m.statusAt) > statusLife {
			m.status = ""
		}
		return m, tea.Batch(generationCmd(m.cfg.Office), tickCmd()), true
	case genMsg:
		if uint64(msg) == m.gen || !m.q.loaded {
			return m, nil, true // before the first queue, the load under way brings the change
		}
		m.gen = uint64(msg)
		return m, m.reload(), true
	case doneMsg:
		mm, cmd := m.done(msg)
		return mm, cmd, true
	case errMsg:
		m.setStatus(m.cfg.L.Err(msg.err), true)
		return m, nil, true
	case ServerStopping:
		m.stopping = m.cfg.L.T("tui.server_stopping", int(msg.In.Round(time.Second).Seconds()))
		return m, nil, true
	case importProgressMsg:
		if m.imp != nil {
			m.imp.done, m.imp.total = msg.done, msg.total
		}
		return m, waitImport(msg.ch), true
	case importDoneMsg:
		if msg.err != nil || m.imp == nil {
			m.imp = nil
			if msg.err != nil {
				m.setStatus(m.cfg.L.Err(msg.err), true)
			}
			return m, nil, true
		}
		m.imp.report = &msg.rep
		r := msg.rep
		m.setStatus(m.cfg.L.T("import.summary", len(r.Created), len(r.Skipped), len(r.Invalid)), len(r.Invalid) > 0)
		return m, loadQueueCmd(m.cfg.Office, firstPage), true
	}
	if d, ok := msg.(dashboardMsg); ok {
		m.dash = (*dashboard)(&d)
		return m, nil, true
	}
	switch msg.(type) {
	case tea.MouseClickMsg, tea.MouseWheelMsg:
		mm, cmd := m.updateMouse(msg)
		return mm, cmd, true
	}
	if r, ok := msg.(undoResult); ok {
		mm, cmd := m.undone(r)
		return mm, cmd, true
	}
	if r, ok := msg.(bulkResult); ok {
		m.lastChanged = r.done
		m.setStatus(m.bulkSummary(r), len(r.failed) > 0)
		if !r.keep {
			m.q.marked = nil
		}
		return m, loadQueueCmd(m.cfg.Office, firstPage), true
	}
	if d, ok := msg.(dryRunMsg); ok {
		m.setStatus("", false)
		mm, cmd := m.openDialog(m.eraseDialog(d))
		return mm, cmd, true
	}
	if n, ok := msg.(quarantineCount); ok {
		m.quarCount = int(n)
		return m, nil, true
	}
	return m, nil, false
}

// refreshLetters redraws an open letters list from the case as it now is,
// keeping the cursor's place; after an issue, on the letter just issued
// (listed last of the letters).
func (m *Model) refreshLetters(c *cases.Case) {
	if m.lv == nil || m.lv.c.ID != c.ID || m.lv.shown != nil {
		return
	}
	cursor, before := m.lv.cursor, len(m.lv.c.Letters)
	m.lv = newLetterView(c)
	m.lv.cursor = min(cursor, max(0, len(m.lv.items)-1))
	if n := len(c.Letters); n > before {
		m.lv.cursor = n - 1
	}
}

// updateKey takes a key on the queue, the case file or the import report.
func (m Model) updateKey(msg tea.Msg) (tea.Model, tea.Cmd) {
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		// ! shows the whole of a message too long for its line.
		if key.Matches(kp, m.keys.ShowAll) && m.status != "" && !m.statusFull && !m.q.filtering {
			m.statusFull = true
			return m, nil
		}
		if m.statusFull && kp.String() == "esc" { // esc closes the whole message, and only it
			m.status, m.statusFull = "", false
			return m, nil
		}
		// A message answers the last action: the next key dismisses it, so
		// that it never follows the officer to another case.
		if time.Since(m.statusAt) > 300*time.Millisecond || m.statusFull {
			m.status, m.statusFull = "", false
		}
		if m.imp != nil {
			if m.imp.report != nil { // the arrows scroll the report; any other key closes it
				switch kp.String() {
				case "up", "k":
					m.imp.scroll(-1, m.height-4)
				case "down", "j":
					m.imp.scroll(1, m.height-4)
				case "pgup":
					m.imp.scroll(-m.height/2, m.height-4)
				case "pgdown":
					m.imp.scroll(m.height/2, m.height-4)
				default:
					m.imp = nil
				}
			}
			return m, nil
		}
		if m.screen == screenCase {
			return m.updateCase(kp)
		}
		return m.updateQueue(kp)
	}
	return m, nil
}

// done shows what a change did and reloads the queue and the case.
func (m Model) done(msg doneMsg) (tea.Model, tea.Cmd) {
	m.setStatus(msg.text, false)
	if !msg.open.IsZero() {
		m.lastChanged = []cases.ID{msg.open}
	}
	if m.lv != nil {
		m.lv.shown = nil // issued, printed or sent: back to the letters, reloaded with the case
	}
	if msg.offerReject {
		m.offerReject = msg.open
	}
	if !msg.created.IsZero() {
		m.q.land = msg.created
	}
	cmd := loadQueueCmd(m.cfg.Office, firstPage)
	if !msg.open.IsZero() {
		cmd = tea.Batch(cmd, loadCaseCmd(m.cfg.Office, msg.open, false))
	}
	return m, cmd
}

// reload rereads what is on screen after another process changed the file.
func (m *Model) reload() tea.Cmd {
	cmd := loadQueueCmd(m.cfg.Office, firstPage)
	if m.screen == screenCase && m.file.c != nil {
		cmd = tea.Batch(cmd, loadCaseCmd(m.cfg.Office, m.file.c.ID, false))
	}
	return cmd
}
