package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"privdesk/cases"
	"privdesk/ui/letters"
	"privdesk/ui/office"
)

// letterView is the letters of a case (L): those issued, and the templates
// that fit the case. Choosing one shows the letter rendered; a new one can
// be edited in $EDITOR and issued, an issued one printed, marked sent or
// sent by e-mail.
type letterView struct {
	c      *cases.Case
	cursor int
	items  []letterItem
	// shown is the letter on screen: an issued one (no > 0) or a draft.
	shown   *cases.Letter
	request letters.Request // what the draft was written from
	vp      viewport.Model
}

type letterItem struct {
	no       int    // an issued letter, or
	template string // a template to write
}

// numberPending stands for the outgoing number until the letter is issued.
const numberPending = "…"

type (
	letterPreviewMsg struct {
		l        cases.Letter
		rendered string
		req      letters.Request
	}
	letterEditedMsg struct {
		body string
		err  error
	}
	letterReadyMsg struct{ draft *letters.Draft }
)

func newLetterView(c *cases.Case) *letterView {
	v := &letterView{c: c, vp: viewport.New()}
	for _, l := range c.Letters {
		v.items = append(v.items, letterItem{no: l.No})
	}
	for _, t := range letters.For(c) {
		v.items = append(v.items, letterItem{template: t.Name})
	}
	return v
}

// argsDialog asks what a template needs that the case does not say.
func (m *Model) letterArgsDialog(c *cases.Case, tpl string, preset map[string]string) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formLetter, id: c.ID, step: tpl, args: map[string]*string{}}
	in := func(key, title string) huh.Field {
		return huh.NewInput().Title(l.T(title)).Value(setArg(d, key, preset))
	}
	var fields []huh.Field
	switch tpl {
	case "access-answer":
		if len(c.Found) > 0 {
			return nil
		}
		v := new(string)
		d.args["register_list"] = v
		fields = append(fields, huh.NewSelect[string]().Title(l.T("form.register_list")).Description(l.T("form.register_list_hint")).
			Options(huh.NewOption(l.T("form.register_list_no"), ""), huh.NewOption(l.T("form.register_list_yes"), "yes")).Value(v))
	case "refusal":
		d.form = m.themed(huh.NewForm(m.refusalGroups(c, d, in, preset)...))
		return d
	case "extension-notice":
		fields = append(fields, in("reason", "form.extend_reason_letter"))
	case "third-party-notice":
		fields = append(fields, in("recipient", "form.recipient"), in("data", "form.data"), in("new_values", "form.new_values"))
	case "authority-answer", "remedy-notice":
		fields = append(fields, in("office", "form.rkn_office"), in("office_address", "form.rkn_office_address"),
			in("ref", "form.rkn_ref"), in("ref_date", "form.rkn_ref_date"), in("checked", "form.rkn_checked"))
		if tpl == "authority-answer" {
			fields = append(fields, in("info", "form.info"), in("result", "form.rkn_result"), in("result_date", "form.rkn_result_date"))
		}
	default:
		return nil
	}
	d.form = m.themed(huh.NewForm(huh.NewGroup(fields...)))
	return d
}

// refusalGroups ask a refusal's ground first, then only what that ground
// needs: what a request lacks (Art. 14 p. 3), the other law's name,
// article and part, and the facts in words; each page fits 80x24.
func (m *Model) refusalGroups(c *cases.Case, d *dialog, in func(key, title string) huh.Field, preset map[string]string) []*huh.Group {
	l := m.cfg.L
	grounds := cases.RefusalGroundsFor(c.Kind)
	g := new(string)
	*g = grounds[0].Key
	if preset["ground"] != "" {
		*g = preset["ground"]
	}
	d.args["ground"] = g
	var opts []huh.Option[string]
	for _, r := range grounds {
		opts = append(opts, huh.NewOption(l.Text(r.Text), r.Key))
	}
	only := func(key string) func() bool { return func() bool { return *g != key } }
	return []*huh.Group{
		huh.NewGroup(huh.NewSelect[string]().Title(l.T("form.refusal_ground")).Options(opts...).Value(g).Height(12)),
		huh.NewGroup(in("missing", "form.refusal_missing")).WithHideFunc(only("14-3")),
		huh.NewGroup(in("law", "form.refusal_law"), in("article", "form.refusal_article"), in("part", "form.refusal_part")).WithHideFunc(only("law")),
		huh.NewGroup(huh.NewText().Title(l.T("form.refusal_details")).Value(setArg(d, "details", preset)).Lines(5)),
	}
}

// setArg binds a letter argument, starting from its preset value.
func setArg(d *dialog, key string, preset map[string]string) *string {
	v := new(string)
	*v = preset[key]
	d.args[key] = v
	return v
}

// sentDialog asks how and when a letter left.
func (m *Model) sentDialog(c *cases.Case, no int) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formLetterSent, id: c.ID, doc: no, outcome: "email", received: m.cfg.Now().In(cases.Moscow).Format("2006-01-02 15:04")}
	var opts []huh.Option[string]
	for _, v := range cases.Vias {
		opts = append(opts, huh.NewOption(l.T("via."+v), v))
	}
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewSelect[string]().Title(l.T("form.via")).Options(opts...).Value(&d.outcome),
		huh.NewInput().Title(l.T("form.sent_at")).Value(&d.received).
			Validate(m.validator(func(s string) error { _, err := cases.ParseTime(s); return err })),
		huh.NewInput().Title(l.T("form.receipt")).Value(&d.text),
	)))
	return d
}

// printDialog asks where to write the PDF.
func (m *Model) printDialog(c *cases.Case, no int) *dialog {
	l := m.cfg.L
	home, _ := os.UserHomeDir()
	d := &dialog{kind: formLetterPrint, id: c.ID, doc: no, received: filepath.Join(home, c.Letter(no).Number+".pdf")}
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewInput().Title(l.T("form.print_path")).Value(&d.received),
	)))
	return d
}

// updateLetters handles the letters screen's keys and messages.
func (m Model) updateLetters(msg tea.Msg) (tea.Model, tea.Cmd, bool) {
	v, l := m.lv, m.cfg.L
	switch msg := msg.(type) {
	case letterPreviewMsg:
		v.shown, v.request = &msg.l, msg.req
		v.vp.SetWidth(m.width)
		v.vp.SetHeight(max(3, m.height-6))
		v.vp.SetContent(msg.rendered)
		v.vp.GotoTop()
		return m, nil, true
	case letterReadyMsg:
		return m, runEditor(msg), true
	case letterEditedMsg:
		if msg.err != nil {
			m.setStatus(l.Err(msg.err), true)
			return m, nil, true
		}
		if v.shown != nil {
			v.shown.Body = msg.body
			return m, showLetterCmd(*v.shown, v.request, m.width, m.dark), true
		}
		return m, nil, true
	case tea.KeyPressMsg:
		if m.dlg != nil {
			return m, nil, false
		}
		if v.shown != nil {
			return m.updateLetterShown(msg)
		}
		k := &m.keys
		switch {
		case key.Matches(msg, k.Back, k.Quit):
			m.lv = nil
			return m, nil, true
		case key.Matches(msg, k.Up):
			v.cursor = max(0, v.cursor-1)
		case key.Matches(msg, k.Down):
			v.cursor = min(len(v.items)-1, v.cursor+1)
		case key.Matches(msg, k.Open):
			if len(v.items) > 0 && v.items[v.cursor].no == 0 && !k.Write.Enabled() {
				return m, nil, true // a reader opens issued letters only
			}
			if len(v.items) == 0 {
				return m, nil, true
			}
			it := v.items[v.cursor]
			if it.no > 0 {
				return m, showLetterCmd(*v.c.Letter(it.no), letters.Request{}, m.width, m.dark), true
			}
			if !v.c.Status.Open() {
				m.setStatus(l.T("msg.letter_closed"), true)
				return m, nil, true
			}
			if d := m.letterArgsDialog(v.c, it.template, nil); d != nil {
				mm, cmd := m.openDialog(d)
				return mm, cmd, true
			}
			return m, writeLetterCmd(m.cfg.Office, m.letterRequest(v.c, it.template, nil), m.width, m.dark), true
		}
		return m, nil, true
	}
	return m, nil, false
}

// updateLetterShown handles the keys of a letter on screen.
func (m Model) updateLetterShown(kp tea.KeyPressMsg) (tea.Model, tea.Cmd, bool) {
	v := m.lv
	draft := v.shown.No == 0
	k := &m.keys
	switch {
	case key.Matches(kp, k.Back):
		v.shown = nil
		return m, nil, true
	case draft && key.Matches(kp, k.EditDraft):
		return m, editLetterCmd(v.shown.Body), true
	case draft && key.Matches(kp, k.Issue):
		// Back to the list at once, so that a second key press cannot
		// issue the same letter twice.
		l := *v.shown
		v.shown = nil
		return m, issueLetterCmd(m.cfg, v.c.ID, l, v.request), true
	case !draft && key.Matches(kp, k.Print):
		if err := m.cfg.Office.Allows(office.OpWriteFile); err != nil {
			mm, cmd := m.remoteRefused()
			return mm, cmd, true
		}
		mm, cmd := m.openDialog(m.printDialog(v.c, v.shown.No))
		return mm, cmd, true
	case !draft && v.shown.Sent == nil && key.Matches(kp, k.Sent):
		mm, cmd := m.openDialog(m.sentDialog(v.c, v.shown.No))
		return mm, cmd, true
	case !draft && v.shown.Sent == nil && key.Matches(kp, k.Send):
		return m, sendLetterCmd(m.cfg, v.c, v.shown.No), true
	default:
		var cmd tea.Cmd
		v.vp, cmd = v.vp.Update(kp)
		return m, cmd, true
	}
}

func (m *Model) letterRequest(c *cases.Case, tpl string, args map[string]string) letters.Request {
	dir := ""
	if base, err := os.UserConfigDir(); err == nil {
		dir = filepath.Join(base, "privdesk", "templates")
	}
	lang := m.cfg.L.Lang
	return letters.Request{Case: c, Template: tpl, Lang: lang, Args: args, Officer: m.cfg.Officer, Now: m.cfg.Now(),
		Settings: m.cfg.Settings, Cal: m.cfg.Rules.Cal, Dir: dir}
}

// submitLetterForm turns the letters' forms into commands.
func (m *Model) submitLetterForm(d *dialog) (tea.Cmd, bool) {
	switch d.kind {
	case formLetter:
		args := map[string]string{}
		for k, v := range d.args {
			args[k] = *v
		}
		return writeLetterCmd(m.cfg.Office, m.letterRequest(m.lv.c, d.step, args), m.width, m.dark), true
	case formLetterSent:
		at, err := cases.ParseTime(d.received)
		if err != nil {
			return func() tea.Msg { return errMsg{err} }, true
		}
		mark := cases.SentMark{Via: d.outcome, At: at, DateOnly: cases.DateOnly(d.received)}
		if r := strings.TrimSpace(d.text); r != "" {
			mark.Proof = m.cfg.L.T("letter.receipt", r)
		}
		return sentLetterCmd(m.cfg, d.id, d.doc, mark), true
	case formLetterPrint:
		return printLetterCmd(m.cfg, *m.lv.c.Letter(d.doc), strings.TrimSpace(d.received)), true
	}
	return nil, false
}

// view draws the list of letters and templates, or the letter shown.
func (v *letterView) view(m *Model) string {
	l, st := m.cfg.L, &m.st
	var b strings.Builder
	if v.shown != nil {
		title := v.shown.Number
		if v.shown.No == 0 {
			title = l.T("letters.draft")
		}
		b.WriteString(st.Section.Render(ansi.Truncate(title+" · "+v.shown.Title, m.width, "…")) + "\n")
		b.WriteString(v.vp.View())
		return b.String()
	}
	b.WriteString(st.Section.Render(l.T("letters.title", v.c.ID.String())) + "\n\n")
	for i, it := range v.items {
		var line string
		if it.no > 0 {
			lt := v.c.Letter(it.no)
			state := l.T("letter.state_issued")
			if lt.Sent != nil {
				state = l.T("letter.state_sent") + " " + cases.DateOf(*lt.Sent).String()
			}
			line = fmt.Sprintf("%s  %s  %s", lt.Number, lt.Title, state)
		} else {
			t, _ := letters.Find(it.template)
			line = "+ " + l.Text(t.Title)
		}
		if i == v.cursor {
			line = st.Selected.Render("› " + line)
		} else {
			line = "  " + line
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// letterKeys is the help line of the letters screen.
func (v *letterView) keys(k *KeyMap) bindings {
	switch {
	case v.shown == nil:
		return bindings{k.Choose, k.Write, k.Back}
	case v.shown.No == 0:
		return bindings{k.Issue, k.EditDraft, k.Scroll, k.Discard}
	}
	return bindings{k.Print, k.Sent, k.Send, k.Scroll, k.Back}
}

// lettersAfter are the letters a step or an action usually calls for.
var lettersAfter = map[string]string{
	"doc_requested": "reset-document-request", "link_sent": "reset-link-sent", "info_provided": "access-answer",
	"data_destroyed": "action-notice", "data_rectified": "action-notice", "processing_stopped": "action-notice",
	"data_unblocked": "action-notice", "unsubscribed": "action-notice", "authority_answered": "authority-answer",
	"notice24_sent": "incident-24h", "notice72_sent": "incident-72h", "extend": "extension-notice", "reject": "refusal",
}

// withLetterHint adds to a message the letter that usually follows what
// was done, if the case has none of that kind yet.
func (m *Model) withLetterHint(msg string, c *cases.Case, after string) string {
	tpl, ok := lettersAfter[after]
	if !ok {
		return msg
	}
	for _, l := range c.Letters {
		if l.Template == tpl {
			return msg
		}
	}
	t, _ := letters.Find(tpl)
	return msg + " · " + m.cfg.L.T("msg.letter_hint", m.cfg.L.Text(t.Title))
}
