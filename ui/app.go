// Package ui is privdesk's terminal interface: a root model that composes the
// queue, the case file and the forms, and owns the only tea.View.
package ui

import (
	"errors"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/ui/common"
)

type screen int

const (
	screenQueue screen = iota
	screenCase
)

// Smallest terminal the layout is drawn for.
const (
	MinWidth  = 80
	MinHeight = 20
)

// firstPage is how many records the first load decodes, so that the first
// frame shows names without decoding the whole database.
const firstPage = 100

// Model is the root of the TUI.
type Model struct {
	cfg     common.Config
	st      Styles
	keys    KeyMap
	help    help.Model
	width   int
	height  int
	screen  screen
	q       queue
	file    caseFile
	dlg     *dialog
	scratch *Scratch
	imp     *importing
	quar    *quarantineView
	lv      *letterView
	dash    *dashboard
	// quarCount is how many refused messages wait in quarantine.
	quarCount int
	// offerReject is the case whose failed identity step awaits its reload.
	offerReject cases.ID
	// startDir is the directory the desk was started in; the file browser
	// opens there.
	startDir string
	// helpPage is the full help, while it is open.
	helpPage *viewport.Model
	// lastClick is when a row was last clicked, to tell a double click.
	lastClick time.Time
	// started is when this session began; lastChanged are the cases its
	// last change touched, for undo.
	started     time.Time
	lastChanged []cases.ID
	status      string
	statusErr   bool
	statusAt    time.Time // messages expire a few seconds after they appear
	statusFull  bool      // the officer asked for the whole message (!); it stays until a key
	updated     time.Time // when the desk last re-read the file
	gen         uint64
	minute      time.Time
	// fetching: the records of the rows on screen are being read.
	fetching bool
}

// New builds the TUI on an open configuration.
func New(cfg common.Config) Model {
	h := help.New()
	h.Styles = help.DefaultStyles(true)
	return Model{
		cfg: cfg, st: DefaultStyles(true), keys: DefaultKeyMap(cfg.L), help: h,
		width: MinWidth, height: MinHeight + 4, q: newQueue(cfg.L, cfg.Officer), file: newCaseFile(),
		scratch: &Scratch{}, started: cfg.Now(), startDir: startDir(),
	}
}

// Run starts the TUI on the terminal and returns when the officer quits.
// Documents opened for viewing are removed then.
func Run(cfg common.Config) error {
	tty, err := os.Open("/dev/tty")
	if err != nil {
		return common.ErrNoTerminal
	}
	tty.Close()
	CleanStale()
	if os.Getenv("GOGC") == "" {
		// The desk holds its queue for hours: collect at half the usual
		// growth, so that a large register stays small in memory.
		debug.SetGCPercent(50)
	}
	m := New(cfg)
	defer m.scratch.Clean()
	p := tea.NewProgram(m)
	defer onSignals(m.scratch, p.Kill)()
	_, err = p.Run()
	if errors.Is(err, tea.ErrProgramKilled) {
		err = nil
	}
	return err
}

// onSignals makes a closed terminal (SIGHUP), a kill (SIGTERM) or an
// interrupt remove the documents opened for viewing first, then end the
// program with stop. The function it returns stops listening.
func onSignals(scratch *Scratch, stop func()) func() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		if _, ok := <-sig; ok {
			scratch.Clean()
			stop()
		}
	}()
	return func() { signal.Stop(sig); close(sig) }
}

// Init implements tea.Model.
func (m Model) Init() tea.Cmd {
	return tea.Batch(loadQueueCmd(m.cfg.Store, firstPage), tickCmd(), tea.RequestBackgroundColor)
}

func (m *Model) tableHeight() int {
	h := m.height - 5 // header, tabs, status line, help line, blank
	if m.q.filtering || m.q.filter.Value() != "" {
		h--
	}
	return max(2, h)
}

func (m *Model) bodyHeight() int {
	return max(3, m.height-4)
}

// refresh reclassifies the queue at the current time and refilters it.
func (m *Model) refresh() {
	now := m.cfg.Now()
	m.minute = now.Truncate(time.Minute)
	m.q.classify(now, m.cfg.Rules.Cal)
	m.q.refilter()
	m.q.scroll(m.tableHeight() - 1)
}

// unreadable marks records that cannot be read, so that they are not asked
// for again, and warns the officer.
func (m *Model) unreadable(bad store.Unreadable) {
	if len(bad) == 0 {
		return
	}
	for _, id := range bad {
		if r, ok := m.q.byID[id]; ok {
			r.unreadable = true
		}
	}
	m.setStatus(m.cfg.L.T("warn.unreadable", len(bad), bad[0].String()), true)
}

// setStatus shows a message; it may quote what the officer typed or a file
// name, so it is made safe for the terminal.
func (m *Model) setStatus(s string, isErr bool) {
	m.status, m.statusErr, m.statusAt, m.statusFull = cases.SafeLine(s), isErr, time.Now(), false
}

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
		return mm, tea.Batch(cmd, loadCasesCmd(mm.cfg.Store, ids))
	}
	return mm, cmd
}

func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
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
		return m, nil
	case tea.BackgroundColorMsg:
		m.st = DefaultStyles(msg.IsDark())
		m.help.Styles = help.DefaultStyles(msg.IsDark())
		return m.forwardToForm(msg)
	case queueMsg:
		m.gen, m.updated = msg.gen, m.cfg.Now()
		m.q.setRows(msg.rows)
		m.q.setCases(msg.cases)
		m.unreadable(msg.bad)
		m.quarCount = msg.quar
		m.refresh()
		return m, loadBriefsCmd(m.cfg.Store, m.q.missingBriefs())
	case briefsMsg:
		m.q.setBriefs(msg.briefs)
		m.refresh() // the Mine tab counts by assignee, which the briefs bring
		if msg.more {
			return m, loadBriefsCmd(m.cfg.Store, m.q.missingBriefs())
		}
		return m, nil
	case keyCasesMsg:
		m.q.setCases(msg.cases)
		m.unreadable(msg.bad)
		m.status = ""
		for _, id := range m.targets() {
			if r, ok := m.q.byID[id]; ok && r.c == nil && !r.unreadable {
				return m, nil // changed meanwhile: the officer presses again
			}
		}
		return m.startBulk(msg.key)
	case casesMsg:
		m.fetching = false
		m.q.setCases(msg.cases)
		m.unreadable(msg.bad)
		if m.q.filter.Value() != "" {
			m.q.refilter()
		}
		return m, nil
	case caseMsg:
		stale := m.screen != screenCase || m.file.c == nil || m.file.c.ID != msg.c.ID
		if !msg.open && stale {
			return m, nil // the officer has moved on since this was asked for
		}
		m.screen = screenCase
		m.file.earlier = msg.earlier
		m.showCase(msg.c, msg.events)
		if m.lv != nil && m.lv.c.ID == msg.c.ID && m.lv.shown == nil {
			cursor := m.lv.cursor
			m.lv = newLetterView(msg.c)
			m.lv.cursor = min(cursor, max(0, len(m.lv.items)-1))
		}
		if m.offerReject == msg.c.ID && m.dlg == nil {
			// A failed check that has a legal ground leads to a reasoned
			// refusal: offer it.
			m.offerReject = cases.ID{}
			if reason, ok := msg.c.OfferedRejection(); ok {
				return m.openDialog(m.closeDialog(msg.c.ID, cases.OutcomeRejected, m.cfg.L.Text(reason)))
			}
		}
		return m, nil
	case tickMsg:
		if now := m.cfg.Now().Truncate(time.Minute); !now.Equal(m.minute) && m.q.loaded {
			m.refresh()
		}
		if m.status != "" && !m.statusFull && time.Since(m.statusAt) > statusLife {
			m.status = ""
		}
		return m, tea.Batch(generationCmd(m.cfg.Store), tickCmd())
	case genMsg:
		if uint64(msg) == m.gen {
			return m, nil
		}
		m.gen = uint64(msg)
		return m, m.reload()
	case doneMsg:
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
		cmd := loadQueueCmd(m.cfg.Store, firstPage)
		if !msg.open.IsZero() {
			cmd = tea.Batch(cmd, loadCaseCmd(m.cfg.Store, msg.open, false))
		}
		return m, cmd
	case errMsg:
		m.setStatus(m.cfg.L.Err(msg.err), true)
		return m, nil
	case importProgressMsg:
		if m.imp != nil {
			m.imp.done, m.imp.total = msg.done, msg.total
		}
		return m, waitImport(msg.ch)
	case importDoneMsg:
		if msg.err != nil || m.imp == nil {
			m.imp = nil
			if msg.err != nil {
				m.setStatus(m.cfg.L.Err(msg.err), true)
			}
			return m, nil
		}
		m.imp.report = &msg.rep
		r := msg.rep
		m.setStatus(m.cfg.L.T("import.summary", len(r.Created), len(r.Skipped), len(r.Invalid)), len(r.Invalid) > 0)
		return m, loadQueueCmd(m.cfg.Store, firstPage)
	}
	if d, ok := msg.(dashboardMsg); ok {
		m.dash = (*dashboard)(&d)
		return m, nil
	}
	switch msg.(type) {
	case tea.MouseClickMsg, tea.MouseWheelMsg:
		return m.updateMouse(msg)
	}
	if r, ok := msg.(undoResult); ok {
		return m.undone(r)
	}
	if r, ok := msg.(bulkResult); ok {
		m.lastChanged = r.done
		m.setStatus(m.bulkSummary(r), len(r.failed) > 0)
		m.q.marked = nil
		return m, loadQueueCmd(m.cfg.Store, firstPage)
	}
	if kp, ok := msg.(tea.KeyPressMsg); ok && m.dash != nil && m.dlg == nil {
		if s := kp.String(); s == "esc" || s == "q" || s == "D" {
			m.dash = nil
		}
		return m, nil
	}
	if n, ok := msg.(quarantineCount); ok {
		m.quarCount = int(n)
		return m, nil
	}
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
	if kp, ok := msg.(tea.KeyPressMsg); ok && m.helpPage != nil {
		return m.updateHelp(kp)
	}
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		// ! shows the whole of a message too long for its line.
		if kp.String() == "!" && m.status != "" && !m.statusFull && !m.q.filtering {
			m.statusFull = true
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

// reload rereads what is on screen after another process changed the file.
func (m *Model) reload() tea.Cmd {
	cmd := loadQueueCmd(m.cfg.Store, firstPage)
	if m.screen == screenCase && m.file.c != nil {
		cmd = tea.Batch(cmd, loadCaseCmd(m.cfg.Store, m.file.c.ID, false))
	}
	return cmd
}

func (m *Model) showCase(c *cases.Case, evs []cases.Event) {
	m.file.set(c, evs, m.width, m.bodyHeight(), m.cfg.Now(), m.cfg.Rules.Cal, &m.st, m.cfg.L)
}

func (m Model) openDialog(d *dialog) (tea.Model, tea.Cmd) {
	m.dlg = d
	m.setStatus("", false)
	return m, d.form.Init()
}

func (m Model) forwardToForm(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.dlg == nil {
		return m, nil
	}
	return m.updateDialog(msg)
}

func (m Model) updateDialog(msg tea.Msg) (tea.Model, tea.Cmd) {
	if kp, ok := msg.(tea.KeyPressMsg); ok && kp.String() == "esc" {
		m.dlg = nil
		m.setStatus(m.cfg.L.T("msg.cancelled"), false)
		return m, nil
	}
	f, cmd := m.dlg.form.Update(msg)
	if ff, ok := f.(*huh.Form); ok {
		m.dlg.form = ff
	}
	switch m.dlg.form.State {
	case huh.StateAborted:
		m.dlg = nil
		m.setStatus(m.cfg.L.T("msg.cancelled"), false)
		return m, nil
	case huh.StateCompleted:
		d := m.dlg
		m.dlg = nil
		return m, m.submit(d)
	}
	return m, cmd
}

// startDir is the working directory, or the home folder if it is gone.
func startDir() string {
	if d, err := os.Getwd(); err == nil {
		return d
	}
	d, _ := os.UserHomeDir()
	return d
}
