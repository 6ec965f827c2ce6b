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
		var due []cases.ID
		err := a.pastRetention(func(c *cases.Case) {
			due = append(due, c.ID)
			fmt.Fprintf(a.env.Stdout, "%s\t%s\t%s\n", c.ID, c.Kind, cases.DateOf(*c.Closed))
		})
		if err != nil {
			return err
		}
		days := a.cfg.Settings.CaseDays()
		if dryRun || len(due) == 0 {
			fmt.Fprintln(a.env.Stdout, a.l.T("retention.summary", len(due), days))
			return nil
		}
		// Every depersonalisation is a destruction with its act, made in
		// the same transaction; the cases go in chunks.
		if err := office.Depersonalise(a.cfg, due); err != nil {
			return err
		}
		fmt.Fprintln(a.env.Stdout, a.l.T("retention.done", len(due)))
		return nil
	}}
}

// pastRetention calls fn with each closed case whose personal data are
// kept past [retention] case_days, reading the register in chunks.
func (a *app) pastRetention(fn func(c *cases.Case)) error {
	now, days := a.env.Now(), a.cfg.Settings.CaseDays()
	bad, err := a.cfg.Office.Each(office.Filter{Status: cases.StatusClosed}, func(c *cases.Case) error {
		if c.DueForDepersonalisation(now, days) {
			fn(c)
		}
		return nil
	})
	if err != nil {
		return err
	}
	a.warnUnreadable(bad)
	return nil
}
