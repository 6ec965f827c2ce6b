package cli

import (
	"fmt"

	flag "github.com/spf13/pflag"

	"privdesk/cases"
	"privdesk/ui/office"
)

// retentionCommands declares its commands, each with fresh flag variables.
func retentionCommands(register func(command)) {
	register(retentionCommand())
}

// retentionCommand is privdesk retention.
func retentionCommand() command {
	var dryRun bool
	return command{name: "retention", flags: func(fs *flag.FlagSet) {
		fs.BoolVar(&dryRun, "dry-run", false, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if err := noArgs(a, fs, pos); err != nil {
			return err
		}
		if err := a.setup(); err != nil {
			return err
		}
		due, err := a.pastRetention()
		if err != nil {
			return err
		}
		days := a.cfg.Settings.CaseDays()
		for _, c := range due {
			fmt.Fprintf(a.env.Stdout, "%s\t%s\t%s\n", c.ID, c.Kind, cases.DateOf(*c.Closed))
		}
		if dryRun || len(due) == 0 {
			fmt.Fprintln(a.env.Stdout, a.l.T("retention.summary", len(due), days))
			return nil
		}
		// Every depersonalisation is a destruction with its act, which names
		// who made it: that officer must be in [[officers]].
		if o, ok := a.cfg.Settings.Officer(a.cfg.Officer); !ok || o.Name == "" || o.Position == "" {
			return usageError{a.l.T("err.config_officer", a.cfg.Officer)}
		}
		for key, v := range map[string]string{"[operator] name": a.cfg.Settings.Operator.Name, "[operator] address": a.cfg.Settings.Operator.Address} {
			if v == "" {
				return usageError{a.l.T("err.config_missing", key)}
			}
		}
		now, who, system := a.env.Now(), a.cfg.Officer, cases.PrivdeskStore.RU
		fns := map[cases.ID]office.DepersonaliseFn{}
		for _, c := range due {
			fns[c.ID] = func(c *cases.Case, evs []cases.Event) ([]cases.Event, []cases.Event, error) {
				return c.Depersonalise(evs, system, now, who)
			}
		}
		if err := a.cfg.Office.Depersonalise(fns); err != nil {
			return err
		}
		for _, c := range due {
			if _, err := a.issueAct(c.ID, ""); err != nil {
				return err
			}
		}
		fmt.Fprintln(a.env.Stdout, a.l.T("retention.done", len(due)))
		return nil
	}}
}

// pastRetention lists the closed cases whose personal data are kept past
// [retention] case_days.
func (a *app) pastRetention() ([]*cases.Case, error) {
	closed, bad, err := a.cfg.Office.List(office.Filter{Status: cases.StatusClosed})
	if err != nil {
		return nil, err
	}
	a.warnUnreadable(bad)
	var due []*cases.Case
	now, days := a.env.Now(), a.cfg.Settings.CaseDays()
	for _, c := range closed {
		if c.DueForDepersonalisation(now, days) {
			due = append(due, c)
		}
	}
	return due, nil
}
