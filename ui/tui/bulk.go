package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"privdesk/cases"
	"privdesk/ui/office"
)

// Marks and bulk actions: space marks rows, ctrl+a or V marks every row
// shown, esc clears the marks. With marks, t sets the kind (triage), c
// closes, m marks the next deadline met, A assigns, N adds a note, each to
// every marked case; without marks, to the highlighted row. One form
// confirms what will change; a case that refuses keeps its state and is
// reported, the others proceed.

type bulkResult struct {
	done   []cases.ID
	failed map[cases.ID]error
	verb   string
	// keep: the marks stay for the next action (a tick, a note), unless the
	// action closed the cases.
	keep bool
}

// targets are the marked cases, or the highlighted one.
func (m *Model) targets() []cases.ID {
	if len(m.q.marked) > 0 {
		ids := make([]cases.ID, 0, len(m.q.marked))
		for _, r := range m.q.rows {
			if m.q.marked[r.ID] {
				ids = append(ids, r.ID)
			}
		}
		return ids
	}
	if r := m.q.selected(); r != nil {
		return []cases.ID{r.ID}
	}
	return nil
}

// bulkCmd applies op to each case, each in its own transaction.
func bulkCmd(st *office.Session, ids []cases.ID, verb string, keep bool, op func(c *cases.Case) ([]cases.Event, error)) tea.Cmd {
	return func() tea.Msg {
		res := bulkResult{failed: map[cases.ID]error{}, verb: verb, keep: keep}
		for _, id := range ids {
			if _, err := st.Update(id, op); err != nil {
				res.failed[id] = err
				continue
			}
			res.done = append(res.done, id)
		}
		return res
	}
}

// startBulk opens the form of the bulk key pressed, for the targets.
func (m Model) startBulk(kp tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	ids := m.targets()
	if len(ids) == 0 {
		return m, nil
	}
	k := &m.keys
	// Ticking needs each target's checklist: read the records not read yet
	// (the queue lives on briefs), then come back to this key.
	if key.Matches(kp, k.BulkTick) {
		var need []cases.ID
		for _, id := range ids {
			if r, ok := m.q.byID[id]; ok && r.c == nil && !r.unreadable {
				need = append(need, id)
			}
		}
		if len(need) > 0 {
			m.setStatus(m.cfg.L.T("msg.loading"), false)
			return m, loadForKeyCmd(m.cfg.Office, need, kp)
		}
	}
	// t on one unmarked case is the case file's k: its kind and its date
	// of receipt (and of evidence) in one form.
	if r := m.q.selected(); key.Matches(kp, k.BulkKind) && len(m.q.marked) == 0 && r != nil && r.c != nil && r.c.Status.Open() {
		return m.openDialog(m.editDialog(r.c))
	}
	for _, b := range []struct {
		key  key.Binding
		kind formKind
	}{{k.BulkKind, formBulkKind}, {k.BulkTick, formBulkTick}, {k.BulkClose, formBulkClose},
		{k.BulkNote, formBulkNote}, {k.BulkAssign, formBulkAssign}, {k.BulkMet, formBulkMet}} {
		if !key.Matches(kp, b.key) {
			continue
		}
		d := m.bulkDialog(b.kind, ids)
		if d == nil {
			m.setStatus(m.cfg.L.T("bulk.no_common_step"), true)
			return m, nil
		}
		return m.openDialog(d)
	}
	return m, nil
}

// bulkDialog confirms a bulk action and asks what it needs.
func (m *Model) bulkDialog(kind formKind, ids []cases.ID) *dialog {
	l := m.cfg.L
	d := &dialog{kind: kind, targets: ids}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = id.String()
	}
	list := strings.Join(names, ", ")
	if len(list) > 200 {
		list = list[:200] + "…"
	}
	confirm := huh.NewNote().Title(l.T("bulk.targets", len(ids))).Description(list)
	var fields []huh.Field
	switch kind {
	case formBulkKind:
		d.kindVal = string(cases.KindAccess)
		var opts []huh.Option[string]
		for _, k := range cases.Kinds {
			if k != cases.KindIncident {
				opts = append(opts, huh.NewOption(l.Text(k.Info().Title), string(k)))
			}
		}
		fields = append(fields, huh.NewSelect[string]().Title(l.T("form.kind")).Options(opts...).Value(&d.kindVal).Height(6))
	case formBulkClose:
		d.outcome = string(cases.OutcomeFulfilled)
		var opts []huh.Option[string]
		for _, o := range cases.Outcomes {
			opts = append(opts, huh.NewOption(l.Text(o.Title()), string(o)))
		}
		fields = append(fields, huh.NewSelect[string]().Title(l.T("form.outcome_bulk")).Options(opts...).Value(&d.outcome),
			huh.NewText().Title(l.T("form.reason_bulk")).Value(&d.text).Lines(2).Validate(m.closeReason(d)))
	case formBulkNote:
		fields = append(fields, huh.NewText().Title(l.T("form.note_bulk")).Value(&d.text).Lines(3).Validate(m.required(cases.ErrNoteEmpty)))
	case formBulkAssign:
		fields = append(fields, m.assigneeField(d))
	case formBulkTick:
		opts := m.commonSteps(ids)
		if len(opts) == 0 {
			return nil
		}
		d.picked = opts[0].Value
		fields = append(fields, huh.NewSelect[string]().Title(l.T("form.step_bulk")).Options(opts...).Value(&d.picked).Height(8))
	case formBulkMet:
	}
	d.form = m.themed(huh.NewForm(huh.NewGroup(append([]huh.Field{confirm}, fields...)...)))
	return d
}

// submitBulk turns a confirmed bulk form into its command.
func (m *Model) submitBulk(d *dialog) (tea.Cmd, bool) {
	l, st, now, who, dl := m.cfg.L, m.cfg.Office, m.cfg.Now(), m.cfg.Officer, m.cfg.Rules
	one := func(ev cases.Event, err error) ([]cases.Event, error) {
		if err != nil {
			return nil, err
		}
		return []cases.Event{ev}, nil
	}
	switch d.kind {
	case formBulkKind:
		k := cases.Kind(d.kindVal)
		return bulkCmd(st, d.targets, l.T("bulk.kind", l.Text(k.Info().Short)), true, func(c *cases.Case) ([]cases.Event, error) {
			return one(c.SetKind(k, dl, now, who))
		}), true
	case formBulkClose:
		o := cases.Outcome(d.outcome)
		return bulkCmd(st, d.targets, l.T("bulk.closed", l.Text(o.Title())), false, func(c *cases.Case) ([]cases.Event, error) {
			return one(office.Close(m.cfg.Settings, c, o, d.text, now, who))
		}), true
	case formBulkNote:
		return bulkCmd(st, d.targets, l.T("bulk.noted"), true, func(c *cases.Case) ([]cases.Event, error) {
			return one(c.AddNote(d.text, now, who))
		}), true
	case formBulkAssign:
		to := cases.CleanLine(d.text)
		return bulkCmd(st, d.targets, l.T("bulk.assigned", to), true, func(c *cases.Case) ([]cases.Event, error) {
			return one(c.Assign(to, now, who))
		}), true
	case formBulkMet:
		return bulkCmd(st, d.targets, l.T("bulk.met"), true, func(c *cases.Case) ([]cases.Event, error) {
			return one(c.Meet("", now, who))
		}), true
	case formBulkTick:
		step, method, _ := strings.Cut(d.picked, "\x00")
		return bulkCmd(st, d.targets, l.T("bulk.ticked", l.StepName(step)), true, func(c *cases.Case) ([]cases.Event, error) {
			return c.MarkStep(step, cases.StepDone, method, "", now, who)
		}), true
	}
	return nil, false
}

// bulkSummary says what a bulk action did, case by case.
func (m *Model) bulkSummary(r bulkResult) string {
	l := m.cfg.L
	out := l.T("bulk.done", r.verb, len(r.done))
	if len(r.failed) > 0 {
		ids := make([]cases.ID, 0, len(r.failed))
		for id := range r.failed {
			ids = append(ids, id)
		}
		slices.SortFunc(ids, func(a, b cases.ID) int { return strings.Compare(a.String(), b.String()) })
		var parts []string
		for _, id := range ids {
			parts = append(parts, fmt.Sprintf("%s: %s", id, l.Err(r.failed[id])))
		}
		out += " · " + l.T("bulk.failed", len(r.failed)) + " " + strings.Join(parts, "; ")
	}
	return out
}

// commonSteps are the pending steps every target has, each with each of its
// methods ("step\x00method"), for a bulk tick. Destroying steps are left
// out: each needs its own record of system, method and categories.
func (m *Model) commonSteps(ids []cases.ID) []huh.Option[string] {
	l := m.cfg.L
	count := map[string]int{}
	var order []cases.Step
	for _, id := range ids {
		r, ok := m.q.byID[id]
		if !ok || r.c == nil {
			return nil
		}
		for _, st := range r.c.Steps {
			if st.State != cases.StepPending || st.Destroys {
				continue
			}
			if count[st.Key] == 0 {
				order = append(order, st)
			}
			count[st.Key]++
		}
	}
	var opts []huh.Option[string]
	for _, st := range order {
		if count[st.Key] != len(ids) {
			continue
		}
		if !st.AsksMethod() {
			opts = append(opts, huh.NewOption(l.StepName(st.Key), st.Key))
			continue
		}
		for _, meth := range st.Methods {
			opts = append(opts, huh.NewOption(l.StepName(st.Key)+" — "+l.T("method."+meth), st.Key+"\x00"+meth))
		}
	}
	return opts
}

// assigneeField asks whom to give the cases to: the officers of
// config.toml to pick from, or, where it names none, a login to type.
func (m *Model) assigneeField(d *dialog) huh.Field {
	l := m.cfg.L
	officers := m.cfg.Office.Officers()
	if len(officers) == 0 {
		return huh.NewInput().Title(l.T("form.assign")).Value(&d.text).Validate(m.required(cases.ErrAssigneeRequired))
	}
	opts := make([]huh.Option[string], len(officers))
	for i, o := range officers {
		opts[i] = huh.NewOption(o.Login+" — "+cases.CleanLine(o.Name), o.Login)
	}
	d.text = officers[0].Login
	return huh.NewSelect[string]().Title(l.T("form.assign")).Options(opts...).Value(&d.text).Height(min(len(opts)+1, 8))
}
