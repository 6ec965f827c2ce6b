package tui

import (
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"privdesk/cases"
	"privdesk/ui/office"
	"privdesk/ui/report"
)

// The act of destruction (A): issued in the office from the case's
// destructions, then written as its PDF and its log export (Order 179
// p. 5), side by side in the folder the officer chooses. A case whose acts
// confirm every destruction gets its last act again.

// actDialog asks for the folder; a case with nothing destroyed is refused
// before any form opens.
func (m *Model) actDialog(c *cases.Case) *dialog {
	if !c.HasDestruction() {
		m.setStatus(m.cfg.L.Err(&cases.Error{Code: cases.ErrNoDocumentsToAct, Args: []any{c.ID.String()}}), true)
		return nil
	}
	home, _ := os.UserHomeDir()
	d := &dialog{kind: formAct, id: c.ID, received: home}
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewInput().Title(m.cfg.L.T("form.act_folder")).Value(&d.received),
	)))
	return d
}

// submitAct issues the act of an act form, or writes the month's report
// of the dashboard's; ok is false for other forms.
func (m *Model) submitAct(d *dialog) (tea.Cmd, bool) {
	switch {
	case d.kind == formAct:
		return actCmd(m.cfg, d.id, expandHome(strings.TrimSpace(d.received))), true
	case d.kind == formErase:
		return eraseCmd(m.cfg, d.id), true
	case d.kind == formReport && m.dash != nil:
		return reportCmd(m.cfg, m.dash.r, expandHome(strings.TrimSpace(d.received))), true
	}
	return nil, false
}

func actCmd(cfg office.Config, id cases.ID, dir string) tea.Cmd {
	return func() tea.Msg {
		act, err := office.IssueAct(cfg, id)
		if err != nil {
			return errMsg{err}
		}
		l := cfg.L
		pdf, err := report.DocPDF(report.ActDoc(act, l.Lang, l.T, l.Text), l.T("act.title")+" № "+act.No)
		if err != nil {
			return errMsg{err}
		}
		pdfPath, logPath := filepath.Join(dir, act.No+".pdf"), filepath.Join(dir, act.Export)
		if act.Export == "" { // an act issued before exports were named
			logPath = filepath.Join(dir, act.No+".csv")
		}
		if err := cfg.Office.WriteFile(pdfPath, pdf); err != nil {
			return errMsg{err}
		}
		if err := cfg.Office.WriteFile(logPath, act.LogCSV()); err != nil {
			return errMsg{err}
		}
		return doneMsg{text: l.T("msg.act_written", act.No, pdfPath, logPath), open: id}
	}
}
