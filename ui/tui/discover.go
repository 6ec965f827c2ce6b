package tui

import (
	"context"
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"privdesk/cases"
	"privdesk/ui/office"
)

// Discovery from the case file: F searches the register's connected
// systems for the subject and records what they hold; E erases it, after
// the officer has seen what each system's statements would remove.

// findCmd searches every connected system and says what each found.
func findCmd(cfg office.Config, id cases.ID) tea.Cmd {
	return func() tea.Msg {
		found, err := cfg.Office.Find(context.Background(), id, "", cfg.Now())
		if err != nil {
			return errMsg{err}
		}
		l := cfg.L
		var parts []string
		failed := false
		for _, f := range found {
			if f.Err != nil {
				failed = true
				parts = append(parts, l.T("tui.find_failed", f.System))
				continue
			}
			var tables []string
			for _, t := range f.Tables {
				tables = append(tables, fmt.Sprintf("%s %d", t.Table, len(t.Rows)))
			}
			parts = append(parts, l.T("tui.find_system", f.System, f.Rows(), strings.Join(tables, ", ")))
		}
		if failed {
			return errMsg{fmt.Errorf("%s", strings.Join(parts, "; "))}
		}
		return doneMsg{text: strings.Join(parts, "; "), open: id}
	}
}

// dryRunMsg is what the erase would remove, for the officer to confirm.
type dryRunMsg struct {
	id   cases.ID
	runs []office.Erased
}

// dryRunCmd counts what the erase would remove in each system.
func dryRunCmd(cfg office.Config, id cases.ID) tea.Cmd {
	return func() tea.Msg {
		runs, err := cfg.Office.Erase(context.Background(), id, "", true, cfg.Now())
		if err != nil {
			return errMsg{err}
		}
		return dryRunMsg{id: id, runs: runs}
	}
}

// eraseDialog shows the dry run and asks to erase.
func (m *Model) eraseDialog(msg dryRunMsg) *dialog {
	l := m.cfg.L
	var lines []string
	for _, r := range msg.runs {
		switch {
		case r.Err != nil:
			lines = append(lines, l.T("erase.failed_in", r.System, l.Err(r.Err)))
		case r.Done:
			lines = append(lines, l.T("erase.before_in", r.System))
		default:
			var tables []string
			for _, t := range sortedTables(r.Tables) {
				tables = append(tables, fmt.Sprintf("%s %d", t, r.Tables[t]))
			}
			lines = append(lines, l.T("erase.would_in", r.System, strings.Join(tables, ", ")))
		}
	}
	d := &dialog{kind: formErase, id: msg.id, text: strings.Join(lines, "\n")}
	confirmed := false
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewNote().Title(l.T("form.erase_dry")).Description(d.text),
		huh.NewConfirm().Title(l.T("form.erase_confirm")).Affirmative(l.T("form.erase_yes")).Negative(l.T("form.no")).Value(&confirmed).
			Validate(func(ok bool) error {
				if !ok {
					return fmt.Errorf("%s", l.T("form.erase_not_confirmed"))
				}
				return nil
			}),
	)))
	return d
}

// eraseCmd erases in every system not yet erased, and says how it went.
func eraseCmd(cfg office.Config, id cases.ID) tea.Cmd {
	return func() tea.Msg {
		runs, err := cfg.Office.Erase(context.Background(), id, "", false, cfg.Now())
		if err != nil {
			return errMsg{err}
		}
		l := cfg.L
		var parts []string
		for _, r := range runs {
			switch {
			case r.Err != nil:
				return errMsg{fmt.Errorf("%s", l.T("erase.failed_in", r.System, l.Err(r.Err)))}
			case r.Submitted:
				parts = append(parts, l.T("erase.submitted_in", r.System))
			default:
				parts = append(parts, l.T("erase.done_in", r.System))
			}
		}
		return doneMsg{text: strings.Join(parts, "; "), open: id}
	}
}

func sortedTables(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
