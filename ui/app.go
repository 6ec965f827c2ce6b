// Package ui is privdesk's terminal interface: a root model that composes the
// queue, the case file and the forms, and owns the only tea.View.
package ui

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

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
	// quarCount is how many refused messages wait in quarantine.
	quarCount int
	// offerReject is the case whose failed identity step awaits its reload.
	offerReject cases.ID
	status      string
	statusErr   bool
	gen         uint64
	minute      time.Time
}

// New builds the TUI on an open configuration.
func New(cfg common.Config) Model {
	h := help.New()
	h.Styles = help.DefaultStyles(true)
	return Model{
		cfg: cfg, st: DefaultStyles(true), keys: DefaultKeyMap(cfg.L), help: h,
		width: MinWidth, height: MinHeight + 4, q: newQueue(cfg.L), file: newCaseFile(),
		scratch: &Scratch{},
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
	if m.help.ShowAll {
		h -= 3
	}
	return max(2, h)
}

func (m *Model) bodyHeight() int {
	h := m.height - 4
	if m.help.ShowAll {
		h -= 3
	}
	return max(3, h)
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
func (m *Model) setStatus(s string, isErr bool) { m.status, m.statusErr = cases.SafeLine(s), isErr }

// Update implements tea.Model.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
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
		return m, nil
	case tea.BackgroundColorMsg:
		m.st = DefaultStyles(msg.IsDark())
		m.help.Styles = help.DefaultStyles(msg.IsDark())
		return m.forwardToForm(msg)
	case queueMsg:
		m.gen = msg.gen
		m.q.setRows(msg.rows)
		m.q.setCases(msg.cases)
		m.unreadable(msg.bad)
		m.quarCount = msg.quar
		m.refresh()
		return m, loadCasesCmd(m.cfg.Store, m.q.missing(m.tableHeight()))
	case casesMsg:
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
		return m, tea.Batch(generationCmd(m.cfg.Store), tickCmd())
	case genMsg:
		if uint64(msg) == m.gen {
			return m, nil
		}
		m.gen = uint64(msg)
		return m, m.reload()
	case doneMsg:
		m.setStatus(msg.text, false)
		if msg.offerReject {
			m.offerReject = msg.open
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
	if n, ok := msg.(quarantineCount); ok {
		m.quarCount = int(n)
		return m, nil
	}
	if m.quar != nil {
		if mm, cmd, done := m.updateQuarantine(msg); done {
			return mm, cmd
		}
	}
	if m.dlg != nil {
		return m.updateDialog(msg)
	}
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		if m.imp != nil {
			if m.imp.report != nil { // any key closes the report
				m.imp = nil
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

func (m Model) updateQueue(kp tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := &m.keys
	h := m.tableHeight() - 1
	if m.q.filtering {
		switch kp.String() {
		case "esc":
			m.q.filtering = false
			m.q.filter.SetValue("")
			m.q.filter.Blur()
			m.q.refilter()
			return m, nil
		case "enter":
			m.q.filtering = false
			m.q.filter.Blur()
			return m, nil
		case "up", "down", "ctrl+c":
		default:
			var cmd tea.Cmd
			before := m.q.filter.Value()
			m.q.filter, cmd = m.q.filter.Update(kp)
			if m.q.filter.Value() != before {
				m.q.refilter()
				m.q.scroll(h)
			}
			return m, cmd
		}
	}
	switch {
	case key.Matches(kp, k.Quit):
		return m, tea.Quit
	case key.Matches(kp, k.Help):
		m.help.ShowAll = !m.help.ShowAll
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
	case key.Matches(kp, k.Back):
		if m.q.filter.Value() != "" {
			m.q.filter.SetValue("")
			m.q.refilter()
		}
	case key.Matches(kp, k.Open):
		if r := m.q.selected(); r != nil {
			return m, loadCaseCmd(m.cfg.Store, r.ID, true)
		}
	case key.Matches(kp, k.New):
		return m.openDialog(m.newCaseDialog())
	case key.Matches(kp, k.Import):
		return m.openDialog(m.importDialog())
	case key.Matches(kp, k.Quarantine):
		m.quar = &quarantineView{}
		return m, loadQuarantineCmd(m.cfg.Store)
	}
	return m, nil
}

func (m *Model) switchTab(t tab) {
	m.q.tab = t
	m.q.offset = 0
	m.q.refilter()
	m.q.cursor = 0
}

func (m Model) updateCase(kp tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k, c, l := &m.keys, m.file.c, m.cfg.L
	switch {
	case key.Matches(kp, k.Quit):
		return m, tea.Quit
	case key.Matches(kp, k.Back):
		m.screen = screenQueue
		m.file.c = nil
		return m, nil
	case key.Matches(kp, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.showCase(m.file.c, m.file.events)
	case key.Matches(kp, k.Note):
		return m.openDialog(m.noteDialog(c.ID))
	case key.Matches(kp, k.Close) && c.Status.Open():
		return m.openDialog(m.closeDialog(c.ID, cases.OutcomeFulfilled, ""))
	case key.Matches(kp, k.Reopen) && !c.Status.Open():
		return m.openDialog(m.reopenDialog(c.ID))
	case key.Matches(kp, k.Edit) && c.Status.Open():
		return m.openDialog(m.editDialog(c))
	// k is also "up" in the queue; in a case file it sets the kind, so it
	// is matched first, and the arrows select.
	case key.Matches(kp, k.Up), key.Matches(kp, k.Down):
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
	case key.Matches(kp, k.Tick), key.Matches(kp, k.Fail), key.Matches(kp, k.NA):
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
		}
		now, who := m.cfg.Now(), m.cfg.Officer
		return m, editCmd(m.cfg.Store, c.ID, l.T("msg.step", it.step, l.StepState(state)), func(c *cases.Case) ([]cases.Event, error) {
			return c.MarkStep(it.step, state, "", "", now, who)
		})
	case key.Matches(kp, k.Attach):
		return m.openDialog(m.attachDialog(c))
	case key.Matches(kp, k.OpenDoc), key.Matches(kp, k.Destroy):
		it := m.file.selected()
		d := c.Document(it.doc)
		if d == nil || d.Destroyed != nil {
			m.setStatus(l.T("msg.select_doc"), true)
			return m, nil
		}
		if key.Matches(kp, k.Destroy) {
			return m.openDialog(m.destroyDialog(c, d.No))
		}
		return m, openDocCmd(m.cfg.Store, c.ID, d.No, m.scratch, l)
	case key.Matches(kp, k.Extend) && c.Status.Open():
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
		return m, moveCmd(m.cfg.Store, c.ID, m.cfg.Now(), m.cfg.Officer, l)
	default:
		var cmd tea.Cmd
		m.file.vp, cmd = m.file.vp.Update(kp)
		return m, cmd
	}
	return m, nil
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

// submit turns a completed form into a store command.
func (m *Model) submit(d *dialog) tea.Cmd {
	l, now, who, st := m.cfg.L, m.cfg.Now(), m.cfg.Officer, m.cfg.Store
	switch d.kind {
	case formNew:
		in, err := d.intake()
		if err != nil {
			return func() tea.Msg { return errMsg{err} }
		}
		c, ev, err := cases.New(in, m.cfg.Rules, now, who)
		if err != nil {
			return func() tea.Msg { return errMsg{err} }
		}
		return createCmd(st, c, ev, func(id cases.ID) string { return l.T("msg.created", id.String()) })
	case formNote:
		return changeCmd(st, d.id, l.T("msg.noted", d.id.String()), func(c *cases.Case) (cases.Event, error) {
			return c.AddNote(d.text, now, who)
		})
	case formExtend:
		notice, err := cases.ParseDate(d.received)
		if err != nil {
			return func() tea.Msg { return errMsg{err} }
		}
		cal := m.cfg.Rules.Cal
		return changeCmd(st, d.id, l.T("msg.extended", d.id.String()), func(c *cases.Case) (cases.Event, error) {
			return c.Extend(cal, d.text, notice, now, who)
		})
	case formEdit:
		dateChanged := strings.TrimSpace(d.received) != d.shown
		at, err := cases.ParseTime(d.received)
		if err != nil {
			return func() tea.Msg { return errMsg{err} }
		}
		dl := m.cfg.Rules
		return editCmd(st, d.id, l.T("msg.edited", d.id.String()), func(c *cases.Case) ([]cases.Event, error) {
			var evs []cases.Event
			if k := cases.Kind(d.kindVal); k != c.Kind {
				ev, err := c.SetKind(k, dl, now, who)
				if err != nil {
					return nil, err
				}
				evs = append(evs, ev)
			}
			if dateChanged && !at.Equal(c.Received) {
				ev, err := c.SetReceived(at, dl, now, who)
				if err != nil {
					return nil, err
				}
				evs = append(evs, ev)
			}
			if len(evs) == 0 {
				return nil, &cases.Error{Code: cases.ErrUnchanged, Args: []any{c.ID.String()}}
			}
			return evs, nil
		})
	case formDone:
		return changeCmd(st, d.id, l.T("msg.met", d.id.String()), func(c *cases.Case) (cases.Event, error) {
			return c.Meet(d.text, now, who)
		})
	case formMethod, formStepFailed:
		state, method := cases.StepDone, d.outcome
		if d.kind == formStepFailed {
			state, method = cases.StepFailed, ""
		}
		cmd := editCmd(st, d.id, l.T("msg.step", d.step, l.StepState(state)), func(c *cases.Case) ([]cases.Event, error) {
			return c.MarkStep(d.step, state, method, d.text, now, who)
		})
		return cmd
	case formAttach:
		path := d.received
		if path == "" {
			path = d.picked
		}
		return attachCmd(st, d.id, path, d.text, d.step, m.cfg.Settings.MaxBytes(), now, who, l)
	case formQuarDrop:
		return m.submitQuarDrop(d)
	case formImport:
		m.imp = newImporting(d.received, m.width)
		maxMiB := m.cfg.Settings.Documents.MaxMiB
		return importCmd(m.cfg, d.received, func(name string, size int64) string {
			return l.T("import.too_big", name, fmt.Sprintf("%.1f", float64(size)/(1<<20)), maxMiB)
		})
	case formDestroy:
		no := d.doc
		how := cases.Destruction{Reason: d.text, Medium: d.medium}
		if d.sheets != "" {
			n, err := strconv.Atoi(strings.TrimSpace(d.sheets))
			if err != nil {
				return func() tea.Msg { return errMsg{&cases.Error{Code: cases.ErrDestructionDetails, Args: []any{"sheets"}}} }
			}
			how.Sheets = n
		}
		return destroyCmd(st, d.id, no, l.T("msg.destroyed_tui", no), m.scratch,
			common.DestroyDocs([]int{no}, how, m.cfg.Settings, now, who, l))
	case formClose:
		o := cases.Outcome(d.outcome)
		return changeCmd(st, d.id, l.T("msg.closed", d.id.String(), l.Text(o.Title())), func(c *cases.Case) (cases.Event, error) {
			return c.Close(o, d.text, now, who)
		})
	}
	return changeCmd(st, d.id, l.T("msg.reopened", d.id.String()), func(c *cases.Case) (cases.Event, error) {
		return c.Reopen(d.text, now, who)
	})
}

// View implements tea.Model.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "privdesk"
	return v
}

func (m Model) render() string {
	l := m.cfg.L
	if m.width < MinWidth || m.height < MinHeight {
		return l.T("msg.too_small", MinWidth, MinHeight, m.width, m.height)
	}
	var b strings.Builder
	b.WriteString(m.header())
	b.WriteString("\n")
	var helpView string
	switch {
	case m.dlg != nil:
		b.WriteString(m.st.Section.Render(formTitle(m.dlg, l)) + "\n\n")
		b.WriteString(m.dlg.form.View())
		helpView = m.st.Help.Render("esc " + l.T("key.cancel"))
	case m.quar != nil:
		b.WriteString(m.quar.view(&m, m.height-4))
		helpView = m.st.Help.Render(l.T("quar.keys"))
	case m.imp != nil:
		b.WriteString(m.imp.view(&m.st, l, m.height-4))
		helpView = m.st.Help.Render(l.T("imp.close"))
	case m.screen == screenCase:
		b.WriteString(m.file.vp.View())
		helpView = m.help.View(caseHelp{k: &m.keys, closed: m.file.c != nil && !m.file.c.Status.Open(),
			hasSteps: m.file.c != nil && len(m.file.c.Steps) > 0})
	default:
		b.WriteString(m.q.tabsView(m.width, &m.st, l) + "\n")
		if m.q.filtering || m.q.filter.Value() != "" {
			b.WriteString(m.q.filter.View() + "\n")
		}
		b.WriteString(m.queueBody())
		helpView = m.help.View(queueHelp{k: &m.keys})
	}
	body := b.String()
	lines := strings.Count(body, "\n") + 1
	footer := m.statusLine() + "\n" + helpView
	pad := m.height - lines - strings.Count(footer, "\n") - 1
	if pad > 0 {
		body += strings.Repeat("\n", pad)
	}
	return lipgloss.NewStyle().MaxHeight(m.height).Render(body + "\n" + footer)
}

func (m Model) queueBody() string {
	l := m.cfg.L
	switch {
	case !m.q.loaded:
		return m.st.Dim.Render(l.T("msg.loading"))
	case len(m.q.rows) == 0:
		return m.st.Box.Render(l.T("msg.empty"))
	case len(m.q.view) == 0 && m.q.filter.Value() == "":
		return m.st.Dim.Render(l.T("msg.queue_empty"))
	case len(m.q.view) == 0:
		return m.st.Dim.Render(l.T("msg.no_match"))
	}
	return m.q.render(m.width, m.tableHeight(), &m.st, l)
}

func (m Model) header() string {
	l := m.cfg.L
	now := m.cfg.Now()
	open := m.q.counts[tabAll] - m.q.counts[tabClosed]
	left := m.st.Title.Render("privdesk") + "  " + m.st.Dim.Render(cases.DateOf(now).String()+" · "+m.cfg.Officer)
	if m.quarCount > 0 {
		left += "  " + m.st.Late.Render("⚠ "+l.T("hdr.quarantine", m.quarCount))
	}
	right := fmt.Sprintf("%s · %s · %s",
		l.T("hdr.open", open),
		m.st.Late.Render(l.T("hdr.overdue", m.q.counts[tabOverdue])),
		m.st.Soon.Render(l.T("hdr.soon", m.q.counts[tabDueSoon], SoonDays)))
	gap := m.width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return left + "\n" + right
	}
	return left + strings.Repeat(" ", gap) + right
}

func (m Model) statusLine() string {
	if m.status == "" {
		return ""
	}
	line := ansi.Truncate(strings.ReplaceAll(m.status, "\n", " "), m.width-2, "…")
	if m.statusErr {
		return m.st.StatusErr.Render("✗ " + line)
	}
	return m.st.StatusOK.Render("✓ " + line)
}
