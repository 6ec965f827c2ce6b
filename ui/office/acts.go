package office

import (
	"errors"
	"slices"
	"strings"

	"privdesk/cases"
	"privdesk/ui/office/config"
)

// Acts: an act of destruction is built here from the case, its timeline and
// the configuration, in the transaction that records it, whichever front
// end asks.

// Error codes of acts.
const (
	ErrConfigMissing = "config_missing"
	ErrConfigOfficer = "config_officer"
)

// ActSetup is what an act takes from config.toml: the operator, the
// register's processors (and an older [processor] section), the method of
// destroying paper, and the officers by login.
func ActSetup(set config.Settings) cases.ActSetup {
	var procs []cases.Party
	if set.Processor.Name != "" {
		procs = append(procs, cases.Party{Name: set.Processor.Name, Address: set.Processor.Address})
	}
	for _, p := range set.Processing.Processors {
		procs = append(procs, cases.Party{Name: p.Name, Address: p.Address})
	}
	return cases.ActSetup{
		Operator:    cases.Party{Name: set.Operator.Name, Address: set.Operator.Address},
		Processors:  procs,
		PaperMethod: set.Documents.PaperMethod,
		People: func(login string) (cases.Person, bool) {
			o, ok := set.Officer(login)
			return cases.Person{Name: o.Name, Position: o.Position}, ok
		},
	}
}

// IssueAct makes the act for the destructions of case id that no act
// confirms yet, numbers it and keeps it in the case, in one transaction.
// When every destruction is confirmed already, it returns the last act.
func IssueAct(cfg Config, id cases.ID) (cases.Act, error) {
	setup := ActSetup(cfg.Settings)
	now := cfg.Now()
	act, err := cfg.Office.IssueAct(id, func(c *cases.Case, evs []cases.Event) (cases.Act, error) {
		// A reprint needs nothing of config.toml; a new act needs the operator.
		probe := setup
		probe.Operator, probe.PaperMethod = cases.Party{Name: "-", Address: "-"}, "-"
		probe.People = func(string) (cases.Person, bool) { return cases.Person{Name: "-", Position: "-"}, true }
		if _, err := cases.BuildAct(c, evs, probe, now); err != nil {
			return cases.Act{}, err
		}
		for _, need := range []struct{ key, v string }{{"[operator] name", setup.Operator.Name}, {"[operator] address", setup.Operator.Address}} {
			if strings.TrimSpace(need.v) == "" {
				return cases.Act{}, &cases.Error{Code: ErrConfigMissing, Args: []any{need.key}}
			}
		}
		return cases.BuildAct(c, evs, setup, now)
	}, now, cfg.Officer)
	var ce *cases.Error
	switch {
	case asCode(err, &ce, cases.ErrActCovered):
		c, err := cfg.Office.Get(id)
		if err != nil {
			return cases.Act{}, err
		}
		last, _ := c.Act("")
		return last, nil
	case asCode(err, &ce, cases.ErrUnknownOfficer):
		return act, &cases.Error{Code: ErrConfigOfficer, Args: ce.Args}
	case asCode(err, &ce, cases.ErrPaperMethod):
		return act, &cases.Error{Code: ErrConfigMissing, Args: []any{"[documents] paper_method"}}
	}
	return act, err
}

// asCode tells whether err is the domain error code, and sets ce to it.
func asCode(err error, ce **cases.Error, code string) bool {
	return errors.As(err, ce) && (*ce).Code == code
}

// Retention removes the personal data of every closed case past [retention]
// case_days and issues each one's act in the same transaction as its
// depersonalisation, in chunks of cases (store.DepersonaliseDue): a failure
// keeps the chunks made, and a rerun finds the cases left. done hears each
// case depersonalised. The act confirms electronic records only; a paper
// original is destroyed on its own (destroy with its medium).
func Retention(cfg Config, done func(*cases.Case)) error {
	setup := ActSetup(cfg.Settings)
	setup.Electronic = true
	now, who, days := cfg.Now(), cfg.Officer, cfg.Settings.CaseDays()
	due := func(c *cases.Case) bool { return c.DueForDepersonalisation(now, days) }
	fn := func(c *cases.Case, timeline []cases.Event) ([]cases.Event, []cases.Event, error) {
		// The act names its officer and operator: without them the first
		// case due fails, and nothing is written.
		if err := actSigners(cfg, setup); err != nil {
			return nil, nil, err
		}
		kept, added, err := c.Depersonalise(timeline, cases.PrivdeskStore.RU, now, who)
		if err != nil {
			return nil, nil, err
		}
		// The act cites the events by number and hash: seal copies as the
		// store will seal them, after the kept timeline.
		all := slices.Clone(kept)
		for _, ev := range added {
			prev, seq := "", 1
			if n := len(all); n > 0 {
				prev, seq = all[n-1].Hash, all[n-1].Seq+1
			}
			ev.Seal(seq, prev)
			all = append(all, ev)
		}
		act, err := cases.BuildAct(c, all, setup, now)
		if err != nil {
			return nil, nil, err
		}
		return kept, append(added, c.IssueAct(act, now, who)), nil
	}
	return cfg.Office.DepersonaliseDue(due, fn, done)
}

// actSigners checks that config.toml names the officer who signs an act
// and the operator it is issued by.
func actSigners(cfg Config, setup cases.ActSetup) error {
	if o, ok := cfg.Settings.Officer(cfg.Officer); !ok || o.Name == "" || o.Position == "" {
		return &cases.Error{Code: ErrConfigOfficer, Args: []any{cfg.Officer}}
	}
	for key, v := range map[string]string{"[operator] name": setup.Operator.Name, "[operator] address": setup.Operator.Address} {
		if strings.TrimSpace(v) == "" {
			return &cases.Error{Code: ErrConfigMissing, Args: []any{key}}
		}
	}
	return nil
}
