package tui

import (
	"errors"
	"os"
	"slices"
	"strings"

	"charm.land/huh/v2"

	"privdesk/cases"
	"privdesk/ui/l10n"
	"privdesk/ui/office"
)

type formKind int

const (
	formNew formKind = iota
	formNote
	formReview
	formClose
	formReopen
	formExtend
	formEdit
	formDone
	formMethod
	formStepFailed
	formAttach
	formDestroy
	formImport
	formQuarDrop
	formBranch
	formDestroyStep
	formLetter
	formLetterSent
	formLetterPrint
	formJump
	formBulkKind
	formBulkClose
	formBulkNote
	formBulkAssign
	formBulkMet
	formBulkTick
	formFound
	formAct
	formReport
	formErase
)

// dialog is an open huh form and the values it binds. It lives behind a
// pointer so that the bound addresses survive copies of the model.
type dialog struct {
	kind formKind
	form *huh.Form
	id   cases.ID

	kindVal, name, email, phone, account, channel, received, summary string
	text, outcome, step, picked                                      string
	doc                                                              int
	// shown is the date of receipt as the form showed it, in minutes: left
	// as it was, the stored moment (with its seconds) is kept.
	shown string
	// medium and sheets describe a paper original being destroyed.
	medium, sheets string
	legal
	// args are what a letter's template asks for.
	args map[string]*string
	// found are the categories a search found (the found form).
	found *[]string
	// targets are the cases a bulk action applies to.
	targets []cases.ID
	// held: keys typed while the form moves its focus (formhold.go).
	held hold
}

func (m *Model) themed(f *huh.Form) *huh.Form {
	// The form is themed for the background the terminal reported at start:
	// a form opened later is never told it again.
	dark := m.dark
	theme := huh.ThemeFunc(func(bool) *huh.Styles { return huh.ThemeCharm(dark) })
	return f.WithTheme(theme).WithKeyMap(formKeyMap(m.cfg.L)).WithShowHelp(true).WithWidth(min(m.width-4, 90))
}

func (m *Model) newCaseDialog() *dialog {
	l := m.cfg.L
	d := &dialog{kind: formNew, kindVal: string(cases.KindAccess), channel: string(cases.ChannelEmail),
		received: m.cfg.Now().In(cases.Moscow).Format("2006-01-02 15:04")}
	kinds := make([]huh.Option[string], len(cases.Kinds))
	for i, k := range cases.Kinds {
		kinds[i] = huh.NewOption(l.Text(k.Info().Title), string(k))
	}
	chans := make([]huh.Option[string], len(cases.Channels))
	for i, c := range cases.Channels {
		chans[i] = huh.NewOption(l.Text(c.Title()), string(c))
	}
	d.form = m.themed(huh.NewForm(
		huh.NewGroup(
			huh.NewSelect[string]().Title(l.T("form.kind")).Options(kinds...).Value(&d.kindVal).Height(6),
		),
		huh.NewGroup(m.subjectFields(d, "")...).WithHideFunc(func() bool { return d.kindVal == string(cases.KindIncident) }),
		m.incidentGroup(d),
		huh.NewGroup(
			huh.NewSelect[string]().Title(l.T("form.channel")).Options(chans...).Value(&d.channel),
			huh.NewInput().Title(l.T("form.received")).Description(l.T("form.received_hint")).Value(&d.received).
				Validate(m.validator(func(s string) error { _, err := cases.ParseTime(s); return err })),
			huh.NewText().Title(l.T("form.summary")).Value(&d.summary).Lines(4),
		),
	))
	return d
}

// required refuses empty text with the domain error code.
func (m *Model) required(code string) func(string) error {
	return m.validator(func(s string) error {
		if s == "" {
			return &cases.Error{Code: code}
		}
		return nil
	})
}

func (m *Model) validator(check func(string) error) func(string) error {
	return func(s string) error {
		if err := check(strings.TrimSpace(s)); err != nil {
			return errors.New(m.cfg.L.Err(err))
		}
		return nil
	}
}

func (m *Model) noteDialog(id cases.ID) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formNote, id: id}
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewText().Title(l.T("form.note", id.String())).Value(&d.text).Lines(5).
			Validate(m.required(cases.ErrNoteEmpty)),
	)))
	return d
}

func (m *Model) closeDialog(id cases.ID, outcome cases.Outcome, reason string) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formClose, id: id, outcome: string(outcome), text: reason}
	opts := make([]huh.Option[string], len(cases.Outcomes))
	for i, o := range cases.Outcomes {
		opts[i] = huh.NewOption(l.Text(o.Title()), string(o))
	}
	d.form = m.themed(huh.NewForm(
		huh.NewGroup(huh.NewSelect[string]().Title(l.T("form.outcome", id.String())).Options(opts...).Value(&d.outcome)),
		// A fulfilled request needs no reason: the form asks none.
		huh.NewGroup(huh.NewText().Title(l.T("form.reason")).Description(l.T("form.reason_hint")).Value(&d.text).Lines(3).
			Validate(m.closeReason(d))).
			WithHideFunc(func() bool { return cases.Outcome(d.outcome) == cases.OutcomeFulfilled }),
	))
	return d
}

// closeReason asks a reason of the outcomes that need one: a withdrawal,
// and a letter that was not a request.
func (m *Model) closeReason(d *dialog) func(string) error {
	return m.validator(func(s string) error {
		if o := cases.Outcome(d.outcome); strings.TrimSpace(s) == "" && (o == cases.OutcomeWithdrawn || o == cases.OutcomeNotRequest) {
			return &cases.Error{Code: cases.ErrCloseReason, Args: []any{o.Title()}}
		}
		return nil
	})
}

// reviewDialog approves or declines what waits for review; declining
// needs the reason.
func (m *Model) reviewDialog(c *cases.Case) *dialog {
	l, p := m.cfg.L, c.Pending
	d := &dialog{kind: formReview, id: c.ID, outcome: "approve"}
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewNote().Title(l.T("form.review_what", l.T("action."+p.Action), p.By)).Description(cases.SafeLine(p.Reason)),
		huh.NewSelect[string]().Title(l.T("form.review")).Value(&d.outcome).Options(
			huh.NewOption(l.T("form.review_approve"), "approve"), huh.NewOption(l.T("form.review_decline"), "decline")),
		huh.NewText().Title(l.T("form.review_reason")).Value(&d.text).Lines(3),
	)))
	return d
}

func (m *Model) reopenDialog(id cases.ID) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formReopen, id: id}
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewText().Title(l.T("form.reopen", id.String())).Value(&d.text).Lines(3).
			Validate(m.required(cases.ErrReasonRequired)),
	)))
	return d
}

func (m *Model) extendDialog(c *cases.Case) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formExtend, id: c.ID, received: cases.DateOf(m.cfg.Now()).String()}
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewText().Title(l.T("form.extend_reason", c.ID.String())).Description(l.T("form.extend_hint")).
			Value(&d.text).Lines(3).Validate(m.required(cases.ErrReasonRequired)),
		huh.NewInput().Title(l.T("form.notice_date")).Value(&d.received).
			Validate(m.validator(func(s string) error { _, err := cases.ParseDate(s); return err })),
	)))
	return d
}

func (m *Model) editDialog(c *cases.Case) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formEdit, id: c.ID, kindVal: string(c.Kind),
		received: c.Received.In(cases.Moscow).Format("2006-01-02 15:04")}
	d.shown = d.received
	kinds := make([]huh.Option[string], len(cases.Kinds))
	for i, k := range cases.Kinds {
		kinds[i] = huh.NewOption(l.Text(k.Info().Title), string(k))
	}
	fields := append([]huh.Field{
		huh.NewSelect[string]().Title(l.T("form.kind")).Description(l.T("form.edit_hint")).Options(kinds...).Value(&d.kindVal).Height(6),
		huh.NewInput().Title(l.T("form.received")).Description(l.T("form.received_hint")).Value(&d.received).
			Validate(m.validator(func(s string) error { _, err := cases.ParseTime(s); return err })),
	}, m.editExtras(d, c)...)
	d.form = m.themed(huh.NewForm(m.subjectGroup(d, c), huh.NewGroup(fields...)))
	return d
}

func (m *Model) doneDialog(c *cases.Case) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formDone, id: c.ID}
	var opts []huh.Option[string]
	for _, ms := range c.Milestones {
		if ms.Met == nil {
			opts = append(opts, huh.NewOption(ms.Due.String()+"  "+l.Text(ms.Title), ms.Key))
		}
	}
	d.text = c.Next().Key
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewSelect[string]().Title(l.T("form.done", c.ID.String())).Options(opts...).Value(&d.text),
	), m.groundGroup(d, c)))
	return d
}

func (m *Model) methodDialog(c *cases.Case, step cases.StepTemplate) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formMethod, id: c.ID, step: step.Key, outcome: step.Methods[0]}
	opts := make([]huh.Option[string], len(step.Methods))
	for i, meth := range step.Methods {
		opts[i] = huh.NewOption(l.T("method."+meth), meth)
	}
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewSelect[string]().Title(methodTitle(l, step.Key)).Options(opts...).Value(&d.outcome),
		huh.NewInput().Title(l.T("form.step_note")).Value(&d.text),
	)))
	return d
}

func (m *Model) stepNoteDialog(c *cases.Case, step string, state cases.StepState) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formStepFailed, id: c.ID, step: step}
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewText().Title(l.T("form.step_failed", "«"+l.StepName(step)+"»")).Description(l.T("form.step_failed_hint")).Value(&d.text).Lines(3),
	)))
	return d
}

func (m *Model) attachDialog(c *cases.Case) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formAttach, id: c.ID}
	steps := []huh.Option[string]{huh.NewOption(l.T("form.no_step"), "")}
	for _, s := range c.Steps {
		steps = append(steps, huh.NewOption(l.Text(s.Title), s.Key))
	}
	// The step highlighted in the case file is the one the document is for.
	if m.screen == screenCase && m.file.c != nil && m.file.c.ID == c.ID {
		d.step = m.file.selected().step
	}
	// The browser starts where the desk was started, a full page high.
	d.form = m.themed(huh.NewForm(
		huh.NewGroup(huh.NewInput().Title(l.T("form.path")).Description(l.T("form.path_hint")).Value(&d.received)),
		huh.NewGroup(huh.NewFilePicker().Title(l.T("form.pick")).CurrentDirectory(m.startDir).Value(&d.picked).Picking(true).Height(max(5, m.height-10))).
			WithHideFunc(func() bool { return strings.TrimSpace(d.received) != "" }),
		huh.NewGroup(
			huh.NewSelect[string]().Title(l.T("form.doc_type")).Options(m.docTypeOptions()...).Value(&d.kindVal).Height(5),
			huh.NewInput().Title(l.T("form.label")).Value(&d.text),
			huh.NewSelect[string]().Title(l.T("form.for_step")).Options(steps...).Value(&d.step).Height(5),
		),
	))
	return d
}

// docTypeOptions are the document types of the register's categories, in
// words and in the order of those words; the first, "", leaves the type
// unsaid.
func (m *Model) docTypeOptions() []huh.Option[string] {
	l := m.cfg.L
	var opts []huh.Option[string]
	for _, t := range m.cfg.Settings.DocTypes() {
		title := t
		if l10n.Has("doctype." + t) {
			title = l.T("doctype." + t)
		}
		opts = append(opts, huh.NewOption(title, t))
	}
	slices.SortFunc(opts, func(a, b huh.Option[string]) int { return strings.Compare(a.Key, b.Key) })
	return append([]huh.Option[string]{huh.NewOption(l.T("form.doc_type_none"), "")}, opts...)
}

func (m *Model) destroyDialog(c *cases.Case, no int) *dialog {
	l := m.cfg.L
	d := &dialog{kind: formDestroy, id: c.ID, doc: no}
	confirmed := false
	paper := c.Document(no) != nil && c.Document(no).Paper
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewText().Title(l.T("form.destroy_reason", no, c.ID.String())).Value(&d.text).Lines(2).
			Validate(m.required(cases.ErrReasonRequired)),
		huh.NewInput().Title(l.T("form.medium")).Description(l.T("form.medium_hint")).Value(&d.medium).
			Validate(func(s string) error {
				if paper && strings.TrimSpace(s) == "" {
					return errors.New(l.T("form.medium_required"))
				}
				return nil
			}),
		huh.NewInput().Title(l.T("form.sheets")).Value(&d.sheets),
		huh.NewConfirm().Title(l.T("form.destroy_confirm")).Affirmative(l.T("form.yes_destroy")).Negative(l.T("form.no")).
			Value(&confirmed).Validate(func(ok bool) error {
			if !ok {
				return errors.New(l.T("form.destroy_cancel_hint"))
			}
			return nil
		}),
	)))
	return d
}

func (m *Model) importDialog() *dialog {
	l := m.cfg.L
	d := &dialog{kind: formImport}
	d.form = m.themed(huh.NewForm(huh.NewGroup(
		huh.NewInput().Title(l.T("form.import_path")).Description(l.T("form.import_hint")).Value(&d.received).
			Validate(m.validator(func(s string) error {
				if _, err := os.Stat(expandHome(s)); err != nil {
					return &cases.Error{Code: office.ErrFileMissing, Args: []any{s}}
				}
				return nil
			})),
	)))
	return d
}

// intake turns the new-case form into a domain intake.
func (d *dialog) intake() (cases.Intake, error) {
	at, err := cases.ParseTime(d.received)
	if err != nil {
		return cases.Intake{}, err
	}
	in := cases.Intake{
		Kind: cases.Kind(d.kindVal), Channel: cases.Channel(d.channel), Received: at, Summary: d.summary,
		Subject: cases.Subject{Name: d.name, Email: d.email, Phone: d.phone, Account: d.account},
	}
	if in.Kind == cases.KindIncident {
		// An incident has no subject; it was detected when it was received.
		in.Subject, in.Incident = cases.Subject{}, d.incident(at)
		if strings.TrimSpace(in.Summary) == "" {
			in.Summary = d.description
		}
	}
	return in, nil
}

var formTitles = map[formKind]string{
	formNew: "form.title_new", formNote: "form.title_note", formFound: "form.title_found", formClose: "form.title_close", formReview: "form.title_review",
	formReopen: "form.title_reopen", formExtend: "form.title_extend", formEdit: "form.title_edit",
	formDone: "form.title_done", formMethod: "form.title_step", formStepFailed: "form.title_step",
	formAttach: "form.title_attach", formDestroy: "form.title_destroy", formImport: "form.title_import",
	formQuarDrop: "form.title_quar_drop", formBranch: "form.title_branch", formDestroyStep: "form.title_step",
	formJump: "form.title_jump", formBulkKind: "form.title_bulk_kind", formBulkClose: "form.title_bulk_close",
	formBulkNote: "form.title_bulk_note", formBulkAssign: "form.title_bulk_assign", formBulkMet: "form.title_bulk_met", formBulkTick: "form.title_bulk_tick", formLetter: "form.title_letter", formLetterSent: "form.title_letter_sent", formLetterPrint: "form.title_letter_print",
	formAct: "form.title_act", formReport: "form.title_report", formErase: "form.title_erase",
}

// formTitle names the form, and the case it acts on.
func formTitle(d *dialog, l *l10n.Printer) string {
	t := l.T(formTitles[d.kind])
	if !d.id.IsZero() {
		t += " · " + d.id.String()
	}
	return t
}

// methodTitle asks how a step was done: how identity was confirmed, or how
// the requester was matched to the account.
func methodTitle(l *l10n.Printer, step string) string {
	if step == "requester_matched" {
		return l.T("form.method_matched")
	}
	return l.T("form.method")
}
