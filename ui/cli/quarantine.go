package cli

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	flag "github.com/spf13/pflag"

	"privdesk/cases"
	"privdesk/ui/office"
)

// quarantineCommands declares its commands, each with fresh flag variables.
func quarantineCommands(register func(command)) {
	register(quarantineCommand())
}

// quarantineCommand is privdesk quarantine.
func quarantineCommand() command {
	var asJSON, all bool
	var reason string
	return command{name: "quarantine", flags: func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "")
		fs.BoolVar(&all, "all", false, "")
		fs.StringVar(&reason, "reason", "", "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if len(pos) == 0 {
			if err := a.setup(); err != nil {
				return err
			}
			items, err := a.cfg.Office.Quarantine(all)
			if err != nil {
				return err
			}
			if asJSON {
				if items == nil {
					items = []office.Quarantined{}
				}
				return writeJSON(a.env.Stdout, items)
			}
			tw := tabwriter.NewWriter(a.env.Stdout, 0, 4, 2, ' ', 0)
			for _, q := range items {
				state := office.QuarantineReason(a.l, q.Code)
				if q.Drop != nil {
					state = a.l.T("quar.dropped", q.Drop.At.In(cases.Moscow).Format("2006-01-02"), cases.SafeLine(q.Drop.Reason))
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", q.No, q.At.In(cases.Moscow).Format("2006-01-02 15:04"), cases.SafeLine(q.Source), state)
			}
			if len(items) == 0 {
				fmt.Fprintln(tw, a.l.T("quar.empty"))
			}
			return tw.Flush()
		}
		if len(pos) != 2 || (pos[0] != "show" && pos[0] != "drop") {
			return usageError{a.l.T("err.quar_usage")}
		}
		no, err := strconv.Atoi(pos[1])
		if err != nil || no < 1 {
			return usageError{a.l.T("err.quar_usage")}
		}
		if pos[0] == "drop" {
			if err := requireReason(reason); err != nil {
				return err
			}
		}
		if err := a.setup(); err != nil {
			return err
		}
		if pos[0] == "drop" {
			r := office.QuarantineRemark{At: a.env.Now(), By: a.cfg.Officer, Reason: cases.Clean(reason)}
			if err := a.cfg.Office.DropQuarantined(no, r); err != nil {
				return err
			}
			fmt.Fprintln(a.env.Stdout, a.l.T("quar.drop_done", no))
			return nil
		}
		q, err := a.cfg.Office.QuarantineItem(no)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.env.Stdout, "%d  %s  %s\n%s\n\n", q.No, cases.SafeLine(q.Source),
			q.At.In(cases.Moscow).Format("2006-01-02 15:04"), office.QuarantineReason(a.l, q.Code))
		fmt.Fprintln(a.env.Stdout, strings.TrimRight(cases.Safe(string(q.Raw)), "\n"))
		return nil
	}}
}
