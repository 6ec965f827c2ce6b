package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"privdesk/cases"
	"privdesk/ui/office"
)

// quarantineView lists what imports refused as not a request, so that the
// officer reads each message and decides: register a case by hand, or set
// it aside with a reason.
type quarantineView struct {
	items  []office.Quarantined
	cursor int
	loaded bool
	// text is the chosen message, made safe to draw; no is its number.
	text string
	no   int
}

type (
	quarantineMsg     []office.Quarantined
	quarantineItemMsg office.Quarantined
	quarantineCount   int
)

func loadQuarantineCmd(st *office.Session) tea.Cmd {
	return func() tea.Msg {
		items, err := st.Quarantine(false)
		if err != nil {
			return errMsg{err}
		}
		return quarantineMsg(items)
	}
}

func quarantineCountCmd(st *office.Session) tea.Cmd {
	return func() tea.Msg {
		n, err := st.QuarantineCount()
		if err != nil {
			return errMsg{err}
		}
		return quarantineCount(n)
	}
}

func loadQuarantineItemCmd(st *office.Session, no int) tea.Cmd {
	return func() tea.Msg {
		q, err := st.QuarantineItem(no)
		if err != nil {
			return errMsg{err}
		}
		q.Raw = []byte(cases.Safe(string(q.Raw)))
		return quarantineItemMsg(q)
	}
}

func dropQuarantinedCmd(st *office.Session, no int, r office.QuarantineRemark, done string) tea.Cmd {
	return func() tea.Msg {
		if err := st.DropQuarantined(no, r); err != nil {
			return errMsg{err}
		}
		return tea.Batch(func() tea.Msg { return doneMsg{text: done} }, loadQuarantineCmd(st))()
	}
}

// updateQuarantine handles the messages and keys of the quarantine screen.
func (m Model) updateQuarantine(msg tea.Msg) (tea.Model, tea.Cmd, bool) {
	v := m.quar
	switch msg := msg.(type) {
	case quarantineMsg:
		v.items, v.loaded = msg, true
		v.cursor = min(v.cursor, max(0, len(v.items)-1))
		m.quarCount = len(msg)
		return m, nil, true
	case quarantineItemMsg:
		v.text, v.no = string(msg.Raw), msg.No
		return m, nil, true
	case tea.KeyPressMsg:
		if m.dlg != nil {
			return m, nil, false
		}
		k := &m.keys
		switch {
		case key.Matches(msg, k.Back, k.Quit):
			m.quar = nil
			return m, quarantineCountCmd(m.cfg.Office), true
		case key.Matches(msg, k.Up):
			v.cursor = max(0, v.cursor-1)
		case key.Matches(msg, k.Down):
			v.cursor = min(max(0, len(v.items)-1), v.cursor+1)
		case key.Matches(msg, k.Read):
			if len(v.items) > 0 {
				return m, loadQuarantineItemCmd(m.cfg.Office, v.items[v.cursor].No), true
			}
		case key.Matches(msg, k.SetAside):
			if len(v.items) > 0 {
				mm, cmd := m.openDialog(m.quarDropDialog(v.items[v.cursor].No))
				return mm, cmd, true
			}
		}
		return m, nil, true
	}
	return m, nil, false
}

func (m *Model) quarDropDialog(no int) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formQuarDrop, doc: no}
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewText().Title(l.T("form.quar_reason", no)).Value(&d.text).Lines(2).
			Validate(func(s string) error {
				if strings.TrimSpace(s) == "" {
					return errors.New(l.Err(&cases.Error{Code: cases.ErrReasonRequired}))
				}
				return nil
			}),
	)))
	return d
}

func (m *Model) submitQuarDrop(d *dialog) tea.Cmd {
	r := office.QuarantineRemark{At: m.cfg.Now(), By: m.cfg.Officer, Reason: cases.Clean(d.text)}
	if m.quar != nil && m.quar.no == d.doc {
		m.quar.text, m.quar.no = "", 0
	}
	return dropQuarantinedCmd(m.cfg.Office, d.doc, r, m.cfg.L.T("quar.drop_done", d.doc))
}

// view draws the list and, below it, the message chosen for reading.
func (v *quarantineView) view(m *Model, height int) string {
	l, st := m.cfg.L, &m.st
	var b strings.Builder
	b.WriteString(st.Section.Render(l.T("quar.title")) + "\n")
	b.WriteString(st.Dim.Render(l.T("quar.hint")) + "\n\n")
	if v.loaded && len(v.items) == 0 {
		b.WriteString(st.Box.Width(min(m.width, 78)).Render(l.T("quar.empty")))
		return b.String()
	}
	listH := min(len(v.items), max(3, height/3))
	start := max(0, min(v.cursor-listH/2, len(v.items)-listH))
	for i := start; i < start+listH && i < len(v.items); i++ {
		q := v.items[i]
		line := fmt.Sprintf("%3d  %s  %s  %s", q.No, q.At.In(cases.Moscow).Format("2006-01-02 15:04"),
			office.QuarantineReason(l, q.Code), cases.SafeLine(q.Source))
		line = ansi.Truncate(line, m.width-4, "…")
		if i == v.cursor {
			line = st.Selected.Render("› " + line)
		} else {
			line = "  " + line
		}
		b.WriteString(line + "\n")
	}
	if v.text != "" {
		b.WriteString("\n" + st.Label.Render(fmt.Sprintf("№ %d", v.no)) + "\n")
		lines := strings.Split(v.text, "\n")
		room := max(1, height-listH-6)
		for i, ln := range lines {
			if i == room {
				b.WriteString(st.Dim.Render("…") + "\n")
				break
			}
			b.WriteString(ansi.Truncate(strings.ReplaceAll(ln, "\t", "    "), m.width-2, "…") + "\n")
		}
	}
	return b.String()
}
