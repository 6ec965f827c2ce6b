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
		// Every depersonalisation is a destruction with its act, made in
		// the same transaction.
		if err := office.Depersonalise(a.cfg, due); err != nil {
			return err
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
