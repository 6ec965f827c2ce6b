// Package ui is privdesk's terminal interface: a root model that composes the
// queue, the case file and the forms, and owns the only tea.View.
package tui

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
	"privdesk/ui/office"
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
	cfg     office.Config
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
	stopping    string    // the server that serves this desk stops: said until the end
	statusFull  bool      // the officer asked for the whole message (!); it stays until a key
	updated     time.Time // when the desk last re-read the file
	gen         uint64
	minute      time.Time
	// fetching: the records of the rows on screen are being read.
	fetching bool
	// dark: the terminal's background is dark, as it answered at start
	// (dark until it does); every form and letter opened later follows it.
	dark bool
}

// New builds the TUI on an open configuration.
func New(cfg office.Config) Model {
	h := help.New()
	h.Styles = help.DefaultStyles(true)
	keys := DefaultKeyMap(cfg.L)
	if cfg.Office.Actor().ReadOnly() {
		keys.readOnly()
	}
	return Model{
		dark: true,
		cfg:  cfg, st: DefaultStyles(true), keys: keys, help: h,
		width: MinWidth, height: MinHeight + 4, q: newQueue(cfg.L, cfg.Officer), file: newCaseFile(),
		scratch: &Scratch{}, started: cfg.Now(), startDir: startDir(),
	}
}

// deskMemory is the soft limit of the desk's memory (Run).
const deskMemory = 256 << 20

// Run starts the TUI on the terminal and returns when the officer quits.
// Documents opened for viewing are removed then.
func Run(cfg office.Config) error {
	tty, err := os.Open("/dev/tty")
	if err != nil {
		return office.ErrNoTerminal
	}
	tty.Close()
	CleanStale()
	if os.Getenv("GOMEMLIMIT") == "" {
		// The desk holds its queue for hours: at Go's usual pace of
		// collection while the heap is small, faster once it nears
		// deskMemory (a register of some 300,000 cases), so that a large
		// register stays small in memory and a small one costs little CPU.
		debug.SetMemoryLimit(deskMemory)
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
	return tea.Batch(loadQueueCmd(m.cfg.Office, firstPage), tickCmd(), tea.RequestBackgroundColor)
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
func (m *Model) unreadable(bad office.Unreadable) {
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

// ServerStopping tells a desk served over SSH that the server stops and
// closes its session in In.
type ServerStopping struct{ In time.Duration }

// setStatus shows a message; it may quote what the officer typed or a file
// name, so it is made safe for the terminal.
func (m *Model) setStatus(s string, isErr bool) {
	m.status, m.statusErr, m.statusAt, m.statusFull = cases.SafeLine(s), isErr, time.Now(), false
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
	d := m.dlg
	if r, ok := msg.(releaseHeld); ok {
		if r.d != d || d.held.from == nil || r.gen != d.held.gen {
			return m, nil
		}
		d.held.from = nil
		return m.replayHeld(d, nil)
	}
	if d.held.from != nil && isTyping(msg) {
		d.held.keys = append(d.held.keys, msg)
		return m, nil
	}
	if kp, ok := msg.(tea.KeyPressMsg); ok && kp.String() == "esc" {
		m.dlg = nil
		m.setStatus(m.cfg.L.T("msg.cancelled"), false)
		return m, nil
	}
	focused := d.form.GetFocusedField()
	f, cmd := d.form.Update(msg)
	if ff, ok := f.(*huh.Form); ok {
		d.form = ff
	}
	switch d.form.State {
	case huh.StateAborted:
		m.dlg = nil
		m.setStatus(m.cfg.L.T("msg.cancelled"), false)
		return m, nil
	case huh.StateCompleted:
		m.dlg = nil
		return m.replayHeld(d, m.submit(d))
	}
	if kp, ok := msg.(tea.KeyPressMsg); ok && movesFocus(kp, d.form, focused) {
		d.held.from = focused
		d.held.gen++
		gen := d.held.gen
		return m, tea.Batch(cmd, tea.Tick(holdLimit, func(time.Time) tea.Msg { return releaseHeld{d, gen} }))
	}
	if d.held.from != nil && d.settled() {
		d.held.from = nil
		return m.replayHeld(d, cmd)
	}
	return m, cmd
}

// replayHeld hands the held keys over in order, to the form while it is
// open and not moving again, and to the desk once it has closed.
func (m Model) replayHeld(d *dialog, cmd tea.Cmd) (tea.Model, tea.Cmd) {
	keys := d.held.keys
	d.held = hold{gen: d.held.gen}
	cmds := []tea.Cmd{cmd}
	var next tea.Model = m
	for i, k := range keys {
		mm, ok := next.(Model)
		if !ok {
			break
		}
		if mm.dlg != nil && mm.dlg.held.from != nil {
			mm.dlg.held.keys = append(mm.dlg.held.keys, keys[i:]...)
			break
		}
		var c tea.Cmd
		next, c = mm.update(k)
		cmds = append(cmds, c)
	}
	return next, tea.Batch(cmds...)
}

// startDir is the working directory, or the home folder if it is gone.
func startDir() string {
	if d, err := os.Getwd(); err == nil {
		return d
	}
	d, _ := os.UserHomeDir()
	return d
}
