package tui

import (
	"context"
	"os"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"privdesk/cases"
	"privdesk/ui/letters"
	"privdesk/ui/office"
)

// The letters screen's commands: they write, render, issue, print and
// send outside Update, and report back with a message.

// writeLetterCmd writes a draft and renders it.
func writeLetterCmd(o *office.Session, req letters.Request, width int, dark bool) tea.Cmd {
	return func() tea.Msg {
		l, err := o.DraftLetter(req, numberPending)
		if err != nil {
			return errMsg{err}
		}
		return letterPreviewMsg{l: l, rendered: renderMarkdown(l.Body, width, dark), req: req}
	}
}

// showLetterCmd shows l; req is what a draft was written from (its
// template and the form's fields), kept so that the draft can be issued.
func showLetterCmd(l cases.Letter, req letters.Request, width int, dark bool) tea.Cmd {
	return func() tea.Msg { return letterPreviewMsg{l: l, rendered: renderMarkdown(l.Body, width, dark), req: req} }
}

// renderMarkdown draws a letter for the terminal; the text is the
// officer's own and the case's, made safe first.
func renderMarkdown(body string, width int, dark bool) string {
	accent := lipgloss.Color("#1F4E79")
	if dark {
		accent = lipgloss.Color("#8AB4F8")
	}
	st := mdStyles{bold: lipgloss.NewStyle().Bold(true), heading: lipgloss.NewStyle().Bold(true).Foreground(accent)}
	return renderLetter(cases.Safe(body), max(40, width-4), st)
}

// editLetterCmd writes the draft to a private scratch file; the editor
// runs when that is done (letterReadyMsg), with the desk suspended.
func editLetterCmd(body string) tea.Cmd {
	return func() tea.Msg {
		editor := os.Getenv("VISUAL")
		if editor == "" {
			editor = os.Getenv("EDITOR")
		}
		d, err := letters.PrepareEdit(body, editor)
		if err != nil {
			return errMsg{err}
		}
		return letterReadyMsg{d}
	}
}

// runEditor hands the terminal to the editor, then reads the letter back
// and removes the scratch file.
func runEditor(msg letterReadyMsg) tea.Cmd {
	return tea.ExecProcess(msg.draft.Cmd, func(err error) tea.Msg {
		body, err := msg.draft.Result(err)
		return letterEditedMsg{body: body, err: err}
	})
}

// issueLetterCmd issues the draft under the next outgoing number.
func issueLetterCmd(cfg office.Config, id cases.ID, draft cases.Letter, req letters.Request) tea.Cmd {
	return func() tea.Msg {
		l, err := cfg.Office.WriteLetter(id, req, draft.Body, numberPending, cfg.Now(), cfg.Officer)
		if err != nil {
			return errMsg{err}
		}
		return doneMsg{text: cfg.L.T("msg.letter_issued", l.Number), open: id}
	}
}

func printLetterCmd(cfg office.Config, l cases.Letter, path string) tea.Cmd {
	return func() tea.Msg {
		pdf, err := letters.PDF(l, cases.Party{Name: cfg.Settings.Operator.Name, Address: cfg.Settings.Operator.Address})
		if err != nil {
			return errMsg{err}
		}
		if err := cfg.Office.WriteFile(expandHome(path), pdf); err != nil {
			return errMsg{err}
		}
		return doneMsg{text: cfg.L.T("msg.letter_printed", l.Number, path)}
	}
}

func sentLetterCmd(cfg office.Config, id cases.ID, no int, mark cases.SentMark) tea.Cmd {
	return func() tea.Msg {
		_, err := cfg.Office.Update(id, func(c *cases.Case) ([]cases.Event, error) {
			return letters.Sent(c, no, mark, cfg.Rules.Cal, cfg.Now(), cfg.Officer)
		})
		if err != nil {
			return errMsg{err}
		}
		return doneMsg{text: cfg.L.T("msg.letter_sent", no), open: id}
	}
}

func sendLetterCmd(cfg office.Config, c *cases.Case, no int) tea.Cmd {
	return func() tea.Msg {
		reply, err := letters.SendLetter(context.Background(), cfg.Settings, os.Getenv("PRIVDESK_SMTP_PASSWORD"), c, no)
		if err != nil {
			return errMsg{err}
		}
		_, err = cfg.Office.Update(c.ID, func(c *cases.Case) ([]cases.Event, error) {
			return letters.Sent(c, no, cases.SentMark{Via: "email", At: cfg.Now(), Proof: reply}, cfg.Rules.Cal, cfg.Now(), cfg.Officer)
		})
		if err != nil {
			return errMsg{err}
		}
		return doneMsg{text: cfg.L.T("msg.letter_sent", no), open: c.ID}
	}
}
