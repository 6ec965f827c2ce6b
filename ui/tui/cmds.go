package tui

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"privdesk/cases"
	"privdesk/ui/l10n"
	"privdesk/ui/office"
)

// Messages that carry the results of store operations back to Update. All
// store I/O happens in commands, never in Update.
type (
	queueMsg struct {
		rows  []office.Row
		gen   uint64
		cases []*cases.Case
		bad   office.Unreadable
		quar  int // messages waiting in quarantine
	}
	casesMsg struct {
		cases []*cases.Case
		bad   office.Unreadable // records that cannot be read; check names them
	}
	// keyCasesMsg brings the records a key needs; the key is pressed again.
	keyCasesMsg struct {
		casesMsg
		key tea.KeyPressMsg
	}
	briefsMsg struct {
		briefs []office.IDBrief
		more   bool // briefs were left for the next chunk
	}
	caseMsg struct {
		c       *cases.Case
		events  []cases.Event
		open    bool          // the officer asked to open it; else a refresh of what is shown
		earlier []*cases.Case // the subject's other requests
	}
	genMsg  uint64
	tickMsg time.Time
	doneMsg struct {
		text string
		open cases.ID // case to show afterwards, if any
		// offerReject: a failed identity step; offer a reasoned refusal
		// once the case is reloaded.
		offerReject bool
		// created is a newly registered case: the cursor lands on it.
		created cases.ID
	}
	errMsg struct{ err error }
)

// pollInterval is how often the TUI looks for changes made by other
// privdesk processes.
const pollInterval = time.Second

func tickCmd() tea.Cmd {
	return tea.Tick(pollInterval, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// loadQueueCmd reads the due index, and the records of the first page so
// that the first frame already shows names.
func loadQueueCmd(st *office.Session, firstPage int) tea.Cmd {
	return func() tea.Msg {
		rows, gen, err := st.Queue()
		if err != nil {
			return errMsg{err}
		}
		ids := make([]cases.ID, 0, firstPage)
		for _, r := range rows {
			if len(ids) == firstPage {
				break
			}
			if r.Status.Open() {
				ids = append(ids, r.ID)
			}
		}
		cs, bad, err := st.Load(ids)
		if err != nil {
			return errMsg{err}
		}
		forDisplay(cs)
		quar, err := st.QuarantineCount()
		if err != nil {
			return errMsg{err}
		}
		return queueMsg{rows: rows, gen: gen, cases: cs, bad: bad, quar: quar}
	}
}

// briefChunk is how many briefs one background read takes. The file is
// let go between chunks, so a writer (a script, another officer's desk)
// waits for one chunk at most, however large the register.
const briefChunk = 4_000

// loadBriefsCmd reads a chunk of briefs (queue.nextBriefs); more says
// whether more are left, and the next chunk is asked for then.
func loadBriefsCmd(st *office.Session, chunk []cases.ID, more bool) tea.Cmd {
	if len(chunk) == 0 {
		return nil
	}
	return func() tea.Msg {
		bs, err := st.Briefs(chunk)
		if err != nil {
			return errMsg{err}
		}
		for i := range bs {
			bs[i].Name = cases.SafeLine(bs[i].Name)
		}
		return briefsMsg{bs, more}
	}
}

// approveCmd carries out what waits for review, as the officer at the desk.
func approveCmd(cfg office.Config, id cases.ID, done string) tea.Cmd {
	return func() tea.Msg {
		if _, err := office.Approve(cfg, id, cfg.L); err != nil {
			return errMsg{err}
		}
		return doneMsg{text: done, open: id}
	}
}

// loadForKeyCmd reads the records a key needs before it can act.
func loadForKeyCmd(st *office.Session, ids []cases.ID, kp tea.KeyPressMsg) tea.Cmd {
	return func() tea.Msg {
		cs, bad, err := st.Load(ids)
		if err != nil {
			return errMsg{err}
		}
		forDisplay(cs)
		return keyCasesMsg{casesMsg{cs, bad}, kp}
	}
}

// loadCasesCmd reads full records: the rows on screen, the cases acted on.
func loadCasesCmd(st *office.Session, ids []cases.ID) tea.Cmd {
	if len(ids) == 0 {
		return nil
	}
	return func() tea.Msg {
		cs, bad, err := st.Load(ids)
		if err != nil {
			return errMsg{err}
		}
		forDisplay(cs)
		return casesMsg{cs, bad}
	}
}

func loadCaseCmd(st *office.Session, id cases.ID, open bool) tea.Cmd {
	return func() tea.Msg {
		c, err := st.Get(id)
		if err != nil {
			return errMsg{err}
		}
		evs, err := st.Events(id)
		if err != nil {
			return errMsg{err}
		}
		earlier, err := st.SubjectCases(c)
		if err != nil {
			return errMsg{err}
		}
		c.ForDisplay()
		for i := range evs {
			evs[i] = evs[i].ForDisplay()
		}
		forDisplay(earlier)
		return caseMsg{c, evs, open, earlier}
	}
}

// forDisplay makes loaded cases safe to draw: whatever a sender wrote, no
// control sequence reaches the officer's terminal.
func forDisplay(cs []*cases.Case) {
	for _, c := range cs {
		c.ForDisplay()
	}
}

func generationCmd(st *office.Session) tea.Cmd {
	return func() tea.Msg {
		gen, err := st.Generation()
		if err != nil {
			return errMsg{err}
		}
		return genMsg(gen)
	}
}

// changeCmd applies one domain operation to a stored case.
func changeCmd(st *office.Session, id cases.ID, done string, op func(c *cases.Case) (cases.Event, error)) tea.Cmd {
	return editCmd(st, id, done, func(c *cases.Case) ([]cases.Event, error) {
		ev, err := op(c)
		if err != nil {
			return nil, err
		}
		return []cases.Event{ev}, nil
	})
}

// editCmd applies domain operations that may record several events.
func editCmd(st *office.Session, id cases.ID, done string, op func(c *cases.Case) ([]cases.Event, error)) tea.Cmd {
	return editSaysCmd(st, id, func() string { return done }, op)
}

// editSaysCmd is editCmd whose message is written once op has run, to say
// what it did.
func editSaysCmd(st *office.Session, id cases.ID, done func() string, op func(c *cases.Case) ([]cases.Event, error)) tea.Cmd {
	return func() tea.Msg {
		c, err := st.Update(id, op)
		if err != nil {
			return errMsg{err}
		}
		return doneMsg{text: done(), open: id, offerReject: c.Status.Open() && offersRejection(c)}
	}
}

// moveCmd moves a case's status on from where it stands in the store, not
// from the copy on screen, which a quick second key press may find stale.
func moveCmd(st *office.Session, id cases.ID, now time.Time, who string, l *l10n.Printer) tea.Cmd {
	return func() tea.Msg {
		c, err := st.Update(id, func(c *cases.Case) ([]cases.Event, error) {
			next := c.Status.Next()
			if next == "" {
				return nil, errors.New(l.T("msg.no_next"))
			}
			ev, err := c.Move(next, now, who)
			return []cases.Event{ev}, err
		})
		if err != nil {
			return errMsg{err}
		}
		return doneMsg{text: l.T("msg.moved", id.String(), l.Text(c.Status.Title())), open: id}
	}
}

func createCmd(st *office.Session, c *cases.Case, ev cases.Event, done func(id cases.ID) string) tea.Cmd {
	return func() tea.Msg {
		id, err := office.Register(st, c, ev)
		if err != nil {
			return errMsg{err}
		}
		return doneMsg{text: done(id), created: id}
	}
}

// attachCmd stores a file as a document of the case, with its label, type
// and step; attached to a step that a document settles ("document
// received"), the step is ticked done too.
func attachCmd(st *office.Session, id cases.ID, path string, meta cases.Document, maxBytes int64, now time.Time, who string, l *l10n.Printer) tea.Cmd {
	return func() tea.Msg {
		doc, content, err := st.ReadFile(expandHome(strings.TrimSpace(path)), maxBytes)
		if err != nil {
			return errMsg{err}
		}
		doc.Label, doc.Step, doc.DocType = meta.Label, meta.Step, meta.DocType
		c, err := st.Attach(id, content, func(c *cases.Case) (cases.Event, error) {
			return c.Attach(doc, now, who)
		})
		if err != nil {
			return errMsg{err}
		}
		text := l.T("msg.attached", c.Documents[len(c.Documents)-1].No, doc.Name)
		if doc.Step == "doc_received" && c.StepState(doc.Step) == cases.StepPending {
			if _, err := st.Update(id, func(c *cases.Case) ([]cases.Event, error) {
				return c.MarkStep(doc.Step, cases.StepDone, "", "", now, who)
			}); err != nil {
				return errMsg{err}
			}
			text += " · " + l.T("msg.step", l.StepName(doc.Step), l.StepState(cases.StepDone))
		}
		return doneMsg{text: text, open: id}
	}
}

// destroyCmd destroys a document, and any copy of it opened for viewing.
func destroyCmd(cfg office.Config, id cases.ID, no int, how cases.Destruction, done, submitted string, scratch *Scratch) tea.Cmd {
	return func() tea.Msg {
		sub, err := office.Destroy(cfg, id, no, how, cfg.Officer)
		if err != nil {
			return errMsg{err}
		}
		if sub {
			return doneMsg{text: submitted, open: id}
		}
		scratch.Forget(id, no)
		return doneMsg{text: done, open: id}
	}
}

// openDocCmd writes a document to a private scratch folder and hands it to
// the system viewer if there is one.
func openDocCmd(st *office.Session, id cases.ID, no int, scratch *Scratch, l *l10n.Printer) tea.Cmd {
	return func() tea.Msg {
		doc, content, err := st.Content(id, no)
		if err != nil {
			return errMsg{err}
		}
		path, err := scratch.Write(id, no, doc.Name, content)
		if err != nil {
			return errMsg{err}
		}
		if viewer, err := exec.LookPath("xdg-open"); err == nil {
			cmd := exec.Command(viewer, path)
			if cmd.Start() == nil {
				go cmd.Wait() // reap it; the viewer outlives nothing of ours
				return doneMsg{text: l.T("msg.opened", path)}
			}
		}
		return doneMsg{text: l.T("msg.saved_at", path)}
	}
}

func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}

func offersRejection(c *cases.Case) bool {
	_, _, ok := c.OfferedRefusal()
	return ok
}
