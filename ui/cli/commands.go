package cli

import (
	"fmt"
	"strings"
	"time"

	flag "github.com/spf13/pflag"

	"privdesk/cases"
	"privdesk/ui/office"
)

// DemoSize is how many cases the demo database holds; demo --cases asks
// for up to maxDemo, to try the desk at scale.
const (
	DemoSize = 42
	maxDemo  = 1_000_000
)

// caseCommands declares its commands, each with fresh flag variables.
func caseCommands(register func(command)) {
	register(newCommand())
	register(showCommand())
	register(noteCommand())
	register(statusCommand())
	register(closeCommand())
	register(reopenCommand())
	register(initCommand())
	register(demoCommand())
	register(checkCommand())
}

// newCommand is privdesk new.
func newCommand() command {
	var kind, name, email, phone, account, representative, channel, received, summary string
	var inc incidentFlags
	return command{name: "new", values: map[string][]string{"kind": kindValues(), "channel": channelValues(), "detected-by": cases.Detectors}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&kind, "kind", "", "")
		fs.StringVar(&name, "name", "", "")
		fs.StringVar(&email, "email", "", "")
		fs.StringVar(&phone, "phone", "", "")
		fs.StringVar(&account, "account", "", "")
		fs.StringVar(&representative, "representative", "", "")
		fs.StringVar(&channel, "channel", "email", "")
		fs.StringVar(&received, "received", "", "YYYY-MM-DD | RFC3339")
		fs.StringVar(&summary, "summary", "", "")
		inc.declare(fs, true)
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if err := noArgs(a, fs, pos); err != nil {
			return err
		}
		if kind == string(cases.KindIncident) && received == "" {
			received = inc.detected // an incident is registered when it was detected
		}
		k, at, err := a.kindAndReceived(kind, received)
		if err != nil {
			return err
		}
		ch, err := cases.ParseChannel(channel)
		if err != nil {
			return err
		}
		in := cases.Intake{Kind: k, Channel: ch, Received: at, Summary: summary,
			Subject: cases.Subject{Name: name, Email: email, Phone: phone, Account: account, Representative: representative}}
		if k == cases.KindIncident {
			if in.Incident, err = inc.incident(nil); err != nil {
				return err
			}
			if in.Summary == "" {
				in.Summary = in.Incident.Description
			}
		} else if inc.given() {
			return usageError{a.l.T("err.incident_flags")}
		}
		if err := in.Validate(); err != nil {
			return err
		}
		a.create = true
		if err := a.setup(); err != nil {
			return err
		}
		c, ev, err := cases.New(in, a.cfg.Rules, a.env.Now(), a.cfg.Officer)
		if err != nil {
			return err
		}
		id, err := office.Register(a.cfg.Office, c, ev)
		if err != nil {
			return err
		}
		fmt.Fprintln(a.env.Stdout, id)
		if c.RepeatOf != nil {
			fmt.Fprintln(a.env.Stderr, a.l.T("msg.repeat_cli", id.String(), c.RepeatOf.String()))
		}
		return nil
	}}
}

// showCommand is privdesk show.
func showCommand() command {
	var asJSON, oldestFirst bool
	return command{name: "show", args: []argKind{argCase}, flags: func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "")
		fs.BoolVar(&oldestFirst, "oldest-first", false, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		c, err := a.loadCase(pos)
		if err != nil {
			return err
		}
		evs, err := a.cfg.Office.Events(c.ID)
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(a.env.Stdout, toJSON(c, evs, a.env.Now(), a.l))
		}
		earlier, err := a.cfg.Office.SubjectCases(c)
		if err != nil {
			return err
		}
		a.printCase(a.env.Stdout, c, evs, oldestFirst)
		a.printEarlier(a.env.Stdout, earlier)
		return nil
	}}
}

// noteCommand is privdesk note.
func noteCommand() command {
	return command{name: "note", args: []argKind{argCase}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		// The note is the rest of the line: no quoting needed, here or
		// over SSH.
		id, err := oneID(a, pos[:min(len(pos), 1)], 1)
		if err != nil {
			return err
		}
		if len(pos) < 2 {
			return usageError{a.l.T("err.args_missing", a.current, a.l.T("args."+a.current))}
		}
		text := strings.Join(pos[1:], " ")
		return a.change(id, func(c *cases.Case, now time.Time, who string) (cases.Event, error) {
			return c.AddNote(text, now, who)
		})
	}}
}

// statusCommand is privdesk status.
func statusCommand() command {
	return command{name: "status", args: []argKind{argCase, argStatus}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 2)
		if err != nil {
			return err
		}
		to, err := cases.ParseStatus(pos[1])
		if err != nil {
			return err
		}
		if to == cases.StatusClosed || to == cases.StatusNew {
			return usageError{a.l.T("err.status_target")}
		}
		return a.change(id, func(c *cases.Case, now time.Time, who string) (cases.Event, error) {
			return c.Move(to, now, who)
		})
	}}
}

// closeCommand is privdesk close.
func closeCommand() command {
	var outcome, reason string
	return command{name: "close", args: []argKind{argCase}, values: map[string][]string{"outcome": outcomeValues()}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&outcome, "outcome", "", "")
		fs.StringVar(&reason, "reason", "", "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 1)
		if err != nil {
			return err
		}
		if outcome == "" {
			return usageError{a.l.T("err.outcome_missing")}
		}
		o, err := cases.ParseOutcome(outcome)
		if err != nil {
			return err
		}
		return a.change(id, func(c *cases.Case, now time.Time, who string) (cases.Event, error) {
			return office.Close(a.cfg.Settings, c, o, reason, now, who)
		})
	}}
}

// reopenCommand is privdesk reopen.
func reopenCommand() command {
	var reason string
	return command{name: "reopen", args: []argKind{argCase}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&reason, "reason", "", "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 1)
		if err != nil {
			return err
		}
		if err := requireReason(reason); err != nil {
			return err
		}
		return a.change(id, func(c *cases.Case, now time.Time, who string) (cases.Event, error) {
			return c.Reopen(reason, now, who)
		})
	}}
}

// initCommand is privdesk init.
func initCommand() command {
	return command{name: "init", run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if err := noArgs(a, fs, pos); err != nil {
			return err
		}
		a.create = true
		if err := a.setup(); err != nil {
			return err
		}
		fmt.Fprintln(a.env.Stdout, a.l.T("init.done", a.cfg.Office.Path()))
		return nil
	}}
}

// demoCommand is privdesk demo.
func demoCommand() command {
	var size int
	return command{name: "demo", flags: func(fs *flag.FlagSet) {
		fs.IntVar(&size, "cases", DemoSize, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if err := noArgs(a, fs, pos); err != nil {
			return err
		}
		if size < 1 || size > maxDemo {
			return usageError{a.l.T("err.demo_size", maxDemo)}
		}
		a.create = true
		if err := a.setup(); err != nil {
			return err
		}
		// Fictional cases never mix with a real register.
		rows, _, err := a.cfg.Office.Queue()
		if err != nil {
			return err
		}
		if len(rows) > 0 {
			return demoRefused{a.l.T("err.demo_not_empty", a.cfg.Office.Path(), len(rows))}
		}
		if _, err := a.cfg.Office.Demo(a.cfg.Rules, size, a.env.Now()); err != nil {
			return err
		}
		fmt.Fprintln(a.env.Stdout, a.l.T("demo.done", size, a.cfg.Office.Path()))
		return nil
	}}
}

// checkCommand is privdesk check.
func checkCommand() command {
	return command{name: "check", run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if err := noArgs(a, fs, pos); err != nil {
			return err
		}
		if err := a.setup(); err != nil {
			return err
		}
		probs, err := a.cfg.Office.Check()
		if err != nil {
			return err
		}
		err = a.pastRetention(func(c *cases.Case) {
			probs = append(probs, office.Problem{Case: c.ID.String(), Code: "past_retention", Info: fmt.Sprint(a.cfg.Settings.CaseDays())})
		})
		if err != nil {
			return err
		}
		if len(probs) == 0 {
			fmt.Fprintln(a.env.Stdout, "ok")
			return nil
		}
		for _, p := range probs {
			fmt.Fprintf(a.env.Stdout, "%s\t%s\t%s\n", p.Case, a.l.T("check."+p.Code), p.Info)
		}
		return checkFailed{n: len(probs), l: a}
	}}
}

type demoRefused struct{ msg string }

func (e demoRefused) Error() string { return e.msg }

type checkFailed struct {
	n int
	l *app
}

func (e checkFailed) Error() string { return e.l.l.T("err.check_failed", e.n) }

// warnUnreadable says on stderr that records were skipped.
func (a *app) warnUnreadable(bad office.Unreadable) {
	if len(bad) > 0 {
		fmt.Fprintf(a.env.Stderr, "privdesk: %s\n", a.l.T("warn.unreadable", len(bad), bad[0].String()))
	}
}

func (a *app) fillDemo() error {
	ids, err := a.cfg.Office.Demo(a.cfg.Rules, DemoSize, a.env.Now())
	if err != nil {
		return err
	}
	return a.cfg.Office.DemoCRM(ids)
}

// requireReason refuses an empty --reason before the database is touched.
func requireReason(reason string) error {
	if strings.TrimSpace(reason) == "" {
		return &cases.Error{Code: cases.ErrReasonRequired}
	}
	return nil
}

// kindAndReceived reads the --kind (required) and --received (default now)
// that new and due share.
func (a *app) kindAndReceived(kind, received string) (cases.Kind, time.Time, error) {
	if kind == "" {
		return "", time.Time{}, usageError{a.l.T("err.kind_missing")}
	}
	k, err := cases.ParseKind(kind)
	if err != nil {
		return "", time.Time{}, err
	}
	if received == "" {
		return k, a.env.Now(), nil
	}
	at, err := cases.ParseTime(received)
	return k, at, err
}

// loadCase reads the case whose register number is the only argument.
func (a *app) loadCase(pos []string) (*cases.Case, error) {
	id, err := oneID(a, pos, 1)
	if err != nil {
		return nil, err
	}
	if err := a.setup(); err != nil {
		return nil, err
	}
	return a.cfg.Office.Get(id)
}

func noArgs(a *app, fs *flag.FlagSet, pos []string) error {
	if len(pos) > 0 {
		return usageError{a.l.T("err.extra_args", fs.Name(), strings.Join(pos, " "))}
	}
	return nil
}

// oneID reads the register number that starts the arguments and checks
// that want arguments were given in all.
func oneID(a *app, pos []string, want int) (cases.ID, error) {
	if len(pos) == 0 {
		return cases.ID{}, usageError{a.l.T("err.id_missing")}
	}
	id, err := cases.ParseID(pos[0])
	if err != nil {
		return id, err
	}
	if len(pos) < want {
		return id, usageError{a.l.T("err.args_missing", a.current, a.l.T("args."+a.current))}
	}
	if len(pos) > want {
		return id, usageError{a.l.T("err.args_extra", strings.Join(pos[want:], " "))}
	}
	return id, nil
}
