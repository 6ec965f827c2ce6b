package cli

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	flag "github.com/spf13/pflag"

	"privdesk/cases"
	"privdesk/ui/letters"
	"privdesk/ui/office/systems"
)

// argsFlag gathers --arg key=value.
type argsFlag map[string]string

func (a argsFlag) String() string { return "" }
func (a argsFlag) Type() string   { return "key=value" }
func (a argsFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("%q: write key=value", s)
	}
	a[k] = v
	return nil
}

// letterCommands declares its commands, each with fresh flag variables.
func letterCommands(register func(command)) {
	register(letterCommand())
	register(lettersCommand())
	register(printCommand())
	register(sentCommand())
	register(sendCommand())
	register(confirmedCommand())
}

// confirmedCommand is privdesk confirmed: a third party confirmed that it
// made the change a notice asked for.
func confirmedCommand() command {
	var date, note string
	return command{name: "confirmed", args: []argKind{argCase, argLetter}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&date, "date", "", "YYYY-MM-DD | YYYY-MM-DD HH:MM")
		fs.StringVar(&note, "note", "", "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, no, err := idAndLetter(a, pos)
		if err != nil {
			return err
		}
		at := a.env.Now()
		if date != "" {
			if at, err = cases.ParseTime(date); err != nil {
				return err
			}
		}
		return a.change(id, func(c *cases.Case, now time.Time, who string) (cases.Event, error) {
			return c.LetterConfirmed(no, at, note, now, who)
		})
	}}
}

// letterCommand is privdesk letter.
func letterCommand() command {
	var edit, registerList bool
	var corrects int
	named := map[string]*string{}
	args := argsFlag{}
	return command{name: "letter", more: templateList, args: []argKind{argCase, argTemplate}, flags: func(fs *flag.FlagSet) {
		fs.BoolVar(&edit, "edit", false, "")
		fs.BoolVar(&registerList, "register-list", false, "")
		fs.IntVar(&corrects, "corrects", 0, "")
		for _, k := range []string{"ground", "reason", "missing", "ref", "info", "recipient", "data", "new-values", "details", "law", "article", "part", "office", "office-address", "ref-date", "checked", "result", "result-date"} {
			named[k] = fs.String(k, "", "")
		}
		fs.Var(args, "arg", "key=value")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 2)
		if err != nil {
			return err
		}
		if _, ok := letters.Find(pos[1]); !ok {
			return usageError{a.l.T("err.no_template", pos[1], strings.Join(letters.Names(), ", "))}
		}
		for k, v := range named {
			if *v != "" {
				args[strings.ReplaceAll(k, "-", "_")] = *v
			}
		}
		if registerList {
			args["register_list"] = "yes"
		}
		if err := a.setup(); err != nil {
			return err
		}
		l, err := a.writeLetter(id, pos[1], a.letterLang(a.lang), args, corrects, edit)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.env.Stdout, "%s  %s\n", id, a.l.T("changed.letter", l.Number, cases.SafeLine(l.Title), l.No))
		return nil
	}}
}

// lettersCommand is privdesk letters.
func lettersCommand() command {
	var asJSON bool
	return command{name: "letters", args: []argKind{argCase}, flags: func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		c, err := a.loadCase(pos)
		if err != nil {
			return err
		}
		if asJSON {
			type letterJSON struct {
				No       int        `json:"no"`
				Number   string     `json:"number"`
				Template string     `json:"template"`
				Lang     cases.Lang `json:"lang"`
				State    string     `json:"state"`
				Issued   time.Time  `json:"issued"`
				SentAt   *time.Time `json:"sent_at"`
				Via      string     `json:"via"`
				Proof    string     `json:"proof"`
			}
			list := []letterJSON{}
			for _, l := range c.Letters {
				list = append(list, letterJSON{l.No, l.Number, l.Template, l.Lang, l.State(), l.Issued, l.Sent, l.Via, l.Proof})
			}
			return writeJSON(a.env.Stdout, list)
		}
		tw := tabwriter.NewWriter(a.env.Stdout, 0, 4, 2, ' ', 0)
		for _, l := range c.Letters {
			sent := ""
			if l.Sent != nil {
				sent = cases.DateOf(*l.Sent).String() + " " + l.Via
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", l.No, l.Number, l.Template, a.letterState(l), sent)
		}
		return tw.Flush()
	}}
}

// printCommand is privdesk print.
func printCommand() command {
	var format, out string
	return command{name: "print", args: []argKind{argCase, argLetter}, values: map[string][]string{"format": []string{"md", "html", "pdf"}}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&format, "format", "pdf", "")
		fs.StringVar(&out, "out", "", "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, no, err := idAndLetter(a, pos)
		if err != nil {
			return err
		}
		if out == "" {
			return usageError{a.l.T("err.out_missing")}
		}
		if format != "md" && format != "html" && format != "pdf" {
			return usageError{a.l.T("err.print_format", format)}
		}
		if err := a.setup(); err != nil {
			return err
		}
		b, err := a.renderLetter(id, no, format)
		if err != nil {
			return err
		}
		return a.writeOut(out, b, format == "pdf")
	}}
}

// sentCommand is privdesk sent.
func sentCommand() command {
	var via, date, proof, receipt string
	return command{name: "sent", args: []argKind{argCase, argLetter}, values: map[string][]string{"via": cases.Vias}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&via, "via", "", "")
		fs.StringVar(&date, "date", "", "YYYY-MM-DD | YYYY-MM-DD HH:MM")
		fs.StringVar(&proof, "proof", "", "FILE")
		fs.StringVar(&receipt, "receipt", "", "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, no, err := idAndLetter(a, pos)
		if err != nil {
			return err
		}
		if via == "" {
			return usageError{a.l.T("err.via_missing", strings.Join(cases.Vias, ", "))}
		}
		at := a.env.Now()
		if date != "" {
			if at, err = cases.ParseTime(date); err != nil {
				return err
			}
		}
		if err := a.setup(); err != nil {
			return err
		}
		proofText := ""
		if proof != "" {
			doc, content, err := a.cfg.Office.ReadFile(proof, a.cfg.Settings.MaxBytes())
			if err != nil {
				return err
			}
			doc.Label = a.l.T("letter.proof_label", no)
			c, err := a.cfg.Office.Attach(id, content, func(c *cases.Case) (cases.Event, error) {
				return c.Attach(doc, a.env.Now(), a.cfg.Officer)
			})
			if err != nil {
				return err
			}
			proofText = a.l.T("letter.proof_doc", c.Documents[len(c.Documents)-1].No)
		}
		if receipt != "" {
			proofText = strings.TrimSpace(a.l.T("letter.receipt", receipt) + " " + proofText)
		}
		return a.markSent(id, no, cases.SentMark{Via: via, At: at, DateOnly: date != "" && cases.DateOnly(date), Proof: proofText})
	}}
}

// sendCommand is privdesk send.
func sendCommand() command {
	return command{name: "send", args: []argKind{argCase, argLetter}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, no, err := idAndLetter(a, pos)
		if err != nil {
			return err
		}
		if err := a.setup(); err != nil {
			return err
		}
		return a.sendLetter(id, no)
	}}
}

// letterLang is the language a letter is written in: --lang en asks for
// English; otherwise Russian, the language of the register.
func (a *app) letterLang(s string) cases.Lang {
	if s == "en" {
		return cases.EN
	}
	return cases.RU
}

// writeLetter fills a template for a case and issues it.
func (a *app) writeLetter(id cases.ID, tpl string, lang cases.Lang, args map[string]string, corrects int, edit bool) (cases.Letter, error) {
	req := letters.Request{Template: tpl, Lang: lang, Args: args, Officer: a.cfg.Officer, Now: a.env.Now(),
		Settings: a.cfg.Settings, Cal: a.cfg.Rules.Cal, Dir: a.templatesDir(), Corrects: corrects}
	pending := a.l.T("letter.number_pending")
	var edited string
	if edit {
		c, err := a.cfg.Office.Get(id)
		if err != nil {
			return cases.Letter{}, err
		}
		req.Case = c
		draft, err := a.cfg.Office.DraftLetter(req, pending)
		if err != nil {
			return cases.Letter{}, err
		}
		if edited, err = letters.Edit(draft.Body, a.editor(), os.Stdin, os.Stdout, os.Stderr); err != nil {
			return cases.Letter{}, err
		}
	}
	return a.cfg.Office.WriteLetter(id, req, edited, pending, a.env.Now(), a.cfg.Officer)
}

func (a *app) editor() string {
	for _, k := range []string{"VISUAL", "EDITOR"} {
		if e := a.env.Getenv(k); e != "" {
			return e
		}
	}
	return ""
}

// templatesDir holds the officer's own templates.
func (a *app) templatesDir() string {
	if d := a.configDir(); d != "" {
		return d + "/templates"
	}
	return ""
}

func (a *app) renderLetter(id cases.ID, no int, format string) ([]byte, error) {
	c, err := a.cfg.Office.Get(id)
	if err != nil {
		return nil, err
	}
	l := c.Letter(no)
	if l == nil {
		return nil, &cases.Error{Code: cases.ErrNoLetter, Args: []any{strconv.Itoa(no), id.String()}}
	}
	switch format {
	case "md":
		return letters.Markdown(*l), nil
	case "html":
		return letters.HTML(*l)
	}
	return letters.PDF(*l, cases.Party{Name: a.cfg.Settings.Operator.Name, Address: a.cfg.Settings.Operator.Address})
}

func (a *app) markSent(id cases.ID, no int, mark cases.SentMark) error {
	_, err := a.update(id, func(c *cases.Case) ([]cases.Event, error) {
		return letters.Sent(c, no, mark, a.cfg.Rules.Cal, a.env.Now(), a.cfg.Officer)
	})
	return err
}

func idAndLetter(a *app, pos []string) (cases.ID, int, error) {
	id, err := oneID(a, pos, 2)
	if err != nil {
		return id, 0, err
	}
	no, err := strconv.Atoi(pos[1])
	if err != nil || no < 1 {
		return id, 0, usageError{a.l.T("err.bad_letter", pos[1])}
	}
	return id, no, nil
}

// sendLetter sends a letter by e-mail, with its PDF, to the subject or to
// Roskomnadzor, and records it as sent with the server's reply.
func (a *app) sendLetter(id cases.ID, no int) error {
	c, err := a.cfg.Office.Get(id)
	if err != nil {
		return err
	}
	reply, err := letters.SendLetter(context.Background(), a.cfg.Settings, a.env.Getenv("PRIVDESK_SMTP_PASSWORD"), c, no)
	if err != nil {
		return err
	}
	return a.markSent(id, no, cases.SentMark{Via: "email", At: a.env.Now(), Proof: reply})
}

// configCommands declares its commands, each with fresh flag variables.
func configCommands(register func(command)) {
	register(configCommand())
}

// configCommand is privdesk config.
func configCommand() command {
	return command{name: "config", run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if len(pos) != 1 || pos[0] != "check" {
			return usageError{a.l.T("use.config")}
		}
		set, err := a.settings()
		if err != nil {
			return err
		}
		// Each connected system is reached, and each lookup run with
		// identifiers that match nothing.
		broken := 0
		for _, sys := range set.Processing.Systems {
			if sys.Connector == "" {
				continue
			}
			probes := systems.Probe(context.Background(), sys, set.Dir)
			for _, table := range sortedKeys(probes) {
				if err := probes[table]; err != nil {
					broken++
					fmt.Fprintln(a.env.Stdout, a.l.T("config.lookup_failed", sys.Name, table, err.Error()))
				} else {
					fmt.Fprintln(a.env.Stdout, a.l.T("config.lookup_ok", sys.Name, table))
				}
			}
		}
		missing := set.Missing()
		for _, m := range missing {
			fmt.Fprintln(a.env.Stdout, a.l.T("config.missing", m))
		}
		switch {
		case len(missing) > 0:
			return configIncomplete{a.l.T("err.register_missing", strings.Join(missing, ", "))}
		case broken > 0:
			return configIncomplete{a.l.T("err.lookups_failed", broken)}
		}
		fmt.Fprintln(a.env.Stdout, a.l.T("config.ok"))
		return nil
	}}
}

type configIncomplete struct{ msg string }

func (e configIncomplete) Error() string { return e.msg }

// letterState names a letter's state.
func (a *app) letterState(l cases.Letter) string {
	if l.Sent != nil {
		return a.l.T("letter.state_sent")
	}
	return a.l.T("letter.state_issued")
}
