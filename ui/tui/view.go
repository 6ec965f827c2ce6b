package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"privdesk/cases"
)

// View implements tea.Model.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
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
	switch ov := m.overlay(); {
	case ov == overlayHelp:
		b.WriteString(m.helpPage.View())
		helpView = m.st.Help.Render(l.T("help.keys"))
	case ov == overlayDialog:
		b.WriteString(m.st.Section.Render(formTitle(m.dlg, l)) + "\n\n")
		b.WriteString(m.dlg.form.View())
		helpView = m.st.Help.Render("esc " + l.T("key.cancel"))
	case ov == overlayDash:
		b.WriteString(m.dash.view(&m))
		helpView = m.st.Help.Render(l.T("dash.keys"))
	case ov == overlayLetters:
		b.WriteString(m.lv.view(&m))
		helpView = m.help.View(m.lv.keys(&m.keys))
	case ov == overlayQuarantine:
		b.WriteString(m.quar.view(&m, m.height-4))
		helpView = m.help.View(bindings{m.keys.Choose, m.keys.Read, m.keys.SetAside, m.keys.Back})
	case ov == overlayImport:
		b.WriteString(m.imp.view(&m.st, l, m.height-4))
		helpView = m.st.Help.Render(l.T("imp.close"))
	case m.screen == screenCase:
		b.WriteString(m.caseView())
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
		return m.st.Box.Width(min(m.width, 78)).Render(l.T("msg.empty")) // wrapped inside the screen
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
	if !m.updated.IsZero() && m.width >= 110 {
		left += m.st.Dim.Render(" · " + l.T("hdr.updated", m.updated.In(cases.Moscow).Format("15:04:05")))
	}
	if m.quarCount > 0 {
		left += "  " + m.st.Late.Render("⚠ "+l.T("hdr.quarantine", m.quarCount))
	}
	if m.q.awaiting > 0 {
		left += "  " + m.st.Soon.Render("⚖ "+l.T("hdr.awaiting", m.q.awaiting))
	}
	if m.screen == screenCase && m.file.c != nil {
		if others := m.cfg.Presence.Others(m.cfg.Session, m.file.c.ID); len(others) > 0 {
			left += "  " + m.st.Soon.Render("👥 "+l.T("hdr.also_open", strings.Join(others, ", ")))
		}
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
	if m.stopping != "" {
		return m.st.StatusErr.Render(ansi.Truncate("⏻ "+m.stopping, m.width, "…"))
	}
	if m.status == "" {
		if n := len(m.q.marked); n > 0 && m.screen == screenQueue && m.helpPage == nil && m.dlg == nil {
			return m.st.StatusOK.Render(ansi.Truncate("● "+m.cfg.L.T("bulk.selected", n), m.width, "…"))
		}
		return ""
	}
	line := strings.ReplaceAll(m.status, "\n", " ")
	switch {
	case m.statusFull:
		line = lipgloss.NewStyle().Width(m.width - 2).Render(line)
	case ansi.StringWidth(line) > m.width-2:
		more := " " + m.cfg.L.T("status.more")
		line = ansi.Truncate(line, m.width-2-ansi.StringWidth(more), "…") + more
	}
	if m.statusErr {
		return m.st.StatusErr.Render("✗ " + line)
	}
	return m.st.StatusOK.Render("✓ " + line)
}

// caseView is the case file's viewport; when more lies below, its last
// line says so.
func (m Model) caseView() string {
	v := m.file.vp.View()
	if m.file.vp.AtBottom() {
		return v
	}
	lines := strings.Split(v, "\n")
	lines[len(lines)-1] = m.st.Dim.Render("▼ " + m.cfg.L.T("file.more"))
	return strings.Join(lines, "\n")
}
