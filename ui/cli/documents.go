package cli

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	flag "github.com/spf13/pflag"

	"privdesk/cases"
	"privdesk/ui/office"
)

// documentCommands declares its commands, each with fresh flag variables.
func documentCommands(register func(command)) {
	register(stepsCommand())
	register(stepCommand())
	register(attachCommand())
	register(docsCommand())
	register(docCommand())
	register(destroyCommand())
	register(holdCommand())
	register(purgeCommand())
}

// stepsCommand is privdesk steps.
func stepsCommand() command {
	var asJSON bool
	return command{name: "steps", args: []argKind{argCase}, flags: func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		c, err := a.loadCase(pos)
		if err != nil {
			return err
		}
		if asJSON {
			type stepJSON struct {
				Key          string     `json:"key"`
				Title        string     `json:"title"`
				Verification bool       `json:"verification"`
				State        string     `json:"state"`
				Method       string     `json:"method,omitempty"`
				Note         string     `json:"note,omitempty"`
				By           string     `json:"by,omitempty"`
				At           *time.Time `json:"at,omitempty"`
			}
			out := []stepJSON{}
			for _, s := range c.Steps {
				out = append(out, stepJSON{s.Key, a.l.Text(s.Title), s.Verification, string(s.State), s.Method, s.Note, s.By, s.At})
			}
			return writeJSON(a.env.Stdout, out)
		}
		tw := tabwriter.NewWriter(a.env.Stdout, 0, 4, 2, ' ', 0)
		for _, s := range c.Steps {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Key, a.l.StepState(s.State), a.l.Text(s.Title))
		}
		return tw.Flush()
	}}
}

// stepCommand is privdesk step.
func stepCommand() command {
	var note, method string
	var dest destructionFlags
	return command{name: "step", more: stepsByKind, args: []argKind{argCase, argStep, argStepState}, values: map[string][]string{"method": methodValues()}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&note, "note", "", "")
		fs.StringVar(&method, "method", "", "")
		dest.declare(fs, true)
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 3)
		if err != nil {
			return err
		}
		state, err := cases.ParseStepState(pos[2])
		if err != nil {
			return err
		}
		mark := cases.StepMark{State: state, Method: method, Note: note}
		if dest.given() {
			mark.Destruction = dest.value()
		}
		c, err := a.update(id, func(c *cases.Case) ([]cases.Event, error) {
			return c.Mark(pos[1], mark, a.env.Now(), a.cfg.Officer)
		})
		if err != nil {
			return err
		}
		if ground, _, ok := c.OfferedRefusal(); ok && c.Status.Open() {
			fmt.Fprintln(a.env.Stderr, a.l.T("msg.identity_failed_cli", c.ID.String(), ground))
		}
		return nil
	}}
}

// attachCommand is privdesk attach.
func attachCommand() command {
	var paper bool
	var step, label, docType string
	return command{name: "attach", args: []argKind{argCase, argFile}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&step, "step", "", "")
		fs.StringVar(&label, "label", "", "")
		fs.StringVar(&docType, "type", "", "passport|foreign-passport|driver-license|power-of-attorney|identity|other")
		fs.BoolVar(&paper, "paper", false, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 2)
		if err != nil {
			return err
		}
		if err := a.setup(); err != nil {
			return err
		}
		if docType != "" && !slices.Contains(a.cfg.Settings.DocTypes(), docType) {
			return usageError{a.l.T("err.doc_type", docType, strings.Join(a.cfg.Settings.DocTypes(), ", "))}
		}
		doc, content, err := a.cfg.Office.ReadFile(pos[1], a.cfg.Settings.MaxBytes())
		if err != nil {
			return err
		}
		doc.Step, doc.Label, doc.DocType, doc.Paper = step, label, docType, paper
		var before caseState
		var ev cases.Event
		c, err := a.cfg.Office.Attach(id, content, func(c *cases.Case) (cases.Event, error) {
			before = stateOf(c)
			ev, err = c.Attach(doc, a.env.Now(), a.cfg.Officer)
			return ev, err
		})
		if err != nil {
			return err
		}
		a.printChange(a.env.Stdout, before, c, []cases.Event{ev})
		return nil
	}}
}

// docsCommand is privdesk docs.
func docsCommand() command {
	var asJSON bool
	return command{name: "docs", args: []argKind{argCase}, flags: func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		c, err := a.loadCase(pos)
		if err != nil {
			return err
		}
		if asJSON {
			docs := c.Documents
			if docs == nil {
				docs = []cases.Document{}
			}
			return writeJSON(a.env.Stdout, docs)
		}
		tw := tabwriter.NewWriter(a.env.Stdout, 0, 4, 2, ' ', 0)
		for _, d := range c.Documents {
			fmt.Fprintf(tw, "%d\t%s\n", d.No, a.docLine(d))
		}
		return tw.Flush()
	}}
}

// docCommand is privdesk doc.
func docCommand() command {
	var out string
	return command{name: "doc", args: []argKind{argCase, argDoc}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, no, err := idAndDoc(a, pos)
		if err != nil {
			return err
		}
		if out == "" {
			return usageError{a.l.T("err.out_missing")}
		}
		if err := a.setup(); err != nil {
			return err
		}
		_, content, err := a.cfg.Office.Content(id, no)
		if err != nil {
			return err
		}
		return a.writeOut(out, content, true)
	}}
}

// destroyCommand is privdesk destroy.
func destroyCommand() command {
	var reason string
	var dest destructionFlags
	return command{name: "destroy", args: []argKind{argCase, argDoc}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&reason, "reason", "", "")
		dest.declare(fs, false)
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, no, err := idAndDoc(a, pos)
		if err != nil {
			return err
		}
		if err := requireReason(reason); err != nil {
			return err
		}
		if err := a.setup(); err != nil {
			return err
		}
		how := *dest.value()
		how.Reason = reason
		submitted, err := office.Destroy(a.cfg, id, no, how, a.cfg.Officer)
		if err != nil {
			return err
		}
		if submitted {
			fmt.Fprintf(a.env.Stdout, "%s  %s\n", id, a.l.T("msg.submitted", id.String()))
			return nil
		}
		fmt.Fprintf(a.env.Stdout, "%s  %s\n", id, a.l.T("msg.destroyed", no))
		return nil
	}}
}

// holdCommand is privdesk hold.
func holdCommand() command {
	var reason string
	return command{name: "hold", args: []argKind{argCase, argDoc}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&reason, "ground", "", "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, no, err := idAndDoc(a, pos)
		if err != nil {
			return err
		}
		if err := requireReason(reason); err != nil {
			return err
		}
		return a.change(id, func(c *cases.Case, now time.Time, who string) (cases.Event, error) {
			return c.HoldDocument(no, reason, now, who)
		})
	}}
}

// purgeCommand is privdesk purge.
func purgeCommand() command {
	var dryRun bool
	return command{name: "purge", flags: func(fs *flag.FlagSet) {
		fs.BoolVar(&dryRun, "dry-run", false, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if err := noArgs(a, fs, pos); err != nil {
			return err
		}
		if err := a.setup(); err != nil {
			return err
		}
		all, bad, err := a.cfg.Office.List(office.Filter{Status: cases.StatusClosed})
		if err != nil {
			return err
		}
		a.warnUnreadable(bad)
		now, days := a.env.Now(), a.cfg.Settings.Documents.RetentionDays
		fns := map[cases.ID]office.DestroyFn{}
		var lines []string
		for _, c := range all {
			due := c.DocumentsDue(now, days)
			if len(due) == 0 {
				continue
			}
			for _, no := range due {
				lines = append(lines, fmt.Sprintf("%s\t%d\t%s", c.ID, no, c.Closed.In(cases.Moscow).Format(time.DateOnly)))
			}
			fns[c.ID] = office.DestroyDocs(due, cases.Destruction{Reason: c.PurgeReason()}, a.cfg.Settings, now, a.cfg.Officer, a.l)
		}
		sort.Strings(lines)
		for _, l := range lines {
			fmt.Fprintln(a.env.Stdout, l)
		}
		if dryRun || len(fns) == 0 {
			fmt.Fprintln(a.env.Stdout, a.l.T("purge.summary", len(lines), days))
			return nil
		}
		if err := a.cfg.Office.Destroy(fns); err != nil {
			return err
		}
		fmt.Fprintln(a.env.Stdout, a.l.T("purge.done", len(lines)))
		return nil
	}}
}

func (a *app) docLine(d cases.Document) string {
	if d.Destroyed != nil {
		return a.l.T("doc.destroyed", cases.SafeLine(d.Label), d.Destroyed.At.In(cases.Moscow).Format(time.DateOnly), cases.SafeLine(d.Destroyed.Reason))
	}
	return fmt.Sprintf("%s\t%s\t%d\t%s\t%s", cases.SafeLine(d.Name), cases.SafeLine(d.Type), d.Size, cases.SafeLine(d.Label), d.At.In(cases.Moscow).Format("2006-01-02 15:04"))
}

func idAndDoc(a *app, pos []string) (cases.ID, int, error) {
	id, err := oneID(a, pos, 2)
	if err != nil {
		return id, 0, err
	}
	no, err := strconv.Atoi(pos[1])
	if err != nil || no < 1 {
		return id, 0, usageError{a.l.T("err.bad_doc", pos[1])}
	}
	return id, no, nil
}
