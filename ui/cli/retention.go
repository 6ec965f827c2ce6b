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
		line := func(c *cases.Case) {
			fmt.Fprintf(a.env.Stdout, "%s\t%s\t%s\n", c.ID, c.Kind, cases.DateOf(*c.Closed))
		}
		n := 0
		if dryRun {
			if err := a.pastRetention(func(c *cases.Case) { n++; line(c) }); err != nil {
				return err
			}
			fmt.Fprintln(a.env.Stdout, a.l.T("retention.summary", n, a.cfg.Settings.CaseDays()))
			return nil
		}
		// Every depersonalisation is a destruction with its act, made in
		// the same transaction; the cases go in chunks, each listed once
		// its chunk is written.
		if err := office.Retention(a.cfg, func(c *cases.Case) { n++; line(c) }); err != nil {
			return err
		}
		if n == 0 {
			fmt.Fprintln(a.env.Stdout, a.l.T("retention.summary", n, a.cfg.Settings.CaseDays()))
			return nil
		}
		fmt.Fprintln(a.env.Stdout, a.l.T("retention.done", n))
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
