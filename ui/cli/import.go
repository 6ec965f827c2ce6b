package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	flag "github.com/spf13/pflag"

	"privdesk/cases"
	"privdesk/cases/intake"
	"privdesk/ui/office"
)

// watchInterval is how often --watch looks for new files.
const watchInterval = time.Second

// importCommands declares its commands, each with fresh flag variables.
func importCommands(register func(command)) {
	register(importCommand())
}

// importCommand is privdesk import.
func importCommand() command {
	var format, watch string
	var dryRun, strict, asJSON bool
	return command{name: "import", args: []argKind{argFiles}, values: map[string][]string{"format": []string{"eml", "mbox", "maildir", "json", "csv"}}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&format, "format", "", "")
		fs.BoolVar(&dryRun, "dry-run", false, "")
		fs.BoolVar(&strict, "strict", false, "")
		fs.BoolVar(&asJSON, "json", false, "")
		fs.StringVar(&watch, "watch", "", "DIR")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		opt := office.ImportOptions{DryRun: dryRun, Strict: strict, TooBig: a.tooBigNote}
		if format != "" {
			f, err := intake.ParseFormat(format)
			if err != nil {
				return err
			}
			opt.Format = f
		}
		if watch == "" && len(pos) == 0 {
			return usageError{a.l.T("err.import_nothing")}
		}
		a.create = true
		if err := a.setup(); err != nil {
			return err
		}
		if watch != "" {
			return a.watch(append([]string{watch}, pos...), opt)
		}
		if !asJSON {
			// Each chunk's lines as it is written: a long import holds none.
			opt.Each = func(part office.ImportReport) { a.printLines(a.env.Stdout, part, true) }
		}
		rep, err := office.Import(a.cfg, pos, opt)
		if err != nil {
			return err
		}
		if asJSON {
			for i := range rep.Invalid {
				rep.Invalid[i].Reason = a.l.Err(rep.Invalid[i].Err)
			}
			if rep.Created == nil {
				rep.Created = []office.Imported{}
			}
			if rep.Skipped == nil {
				rep.Skipped = []office.Skipped{}
			}
			if rep.Invalid == nil {
				rep.Invalid = []office.Invalid{}
			}
			if err := writeJSON(a.env.Stdout, rep); err != nil {
				return err
			}
		} else {
			a.printReport(a.env.Stdout, rep, true) // what a strict import's check found
		}
		if n := rep.Totals.Invalid; n > 0 {
			if strict {
				return importFailed{a.l.T("err.import_strict", n)}
			}
			return importFailed{a.l.T("err.import_invalid", n)}
		}
		return nil
	}}
}

type importFailed struct{ msg string }

func (e importFailed) Error() string { return e.msg }

func (a *app) tooBigNote(name string, size int64) string {
	return a.l.T("import.too_big", name, fmt.Sprintf("%.1f", float64(size)/(1<<20)), a.cfg.Settings.Documents.MaxMiB)
}

// printReport lists what an import did, and sums it up. withNames is false
// for --watch, whose output is meant for a service log, where no subject's
// name belongs.
func (a *app) printReport(w io.Writer, rep office.ImportReport, withNames bool) {
	a.printLines(w, rep, withNames)
	l, t := a.l, rep.Totals
	if !rep.Written && t.Created > 0 {
		fmt.Fprintln(w, l.T("import.nothing_written"))
		fmt.Fprintln(w, l.T("import.summary_dry", t.Created, t.Skipped, t.Invalid))
		return
	}
	if rep.Quarantined > 0 {
		fmt.Fprintln(w, l.T("import.quarantined", rep.Quarantined))
	}
	fmt.Fprintln(w, l.T("import.summary", t.Created, t.Skipped, t.Invalid))
}

// printLines lists what became of each item of a report.
func (a *app) printLines(w io.Writer, rep office.ImportReport, withNames bool) {
	l := a.l
	for _, c := range rep.Created {
		id := c.ID
		if id == "" {
			id = l.T("import.would")
		}
		line := fmt.Sprintf("%s %s  %s  %s", l.T("import.created"), id, c.Kind, c.Source)
		if withNames {
			line = fmt.Sprintf("%s %s  %s  %s  %s", l.T("import.created"), id, c.Kind, c.Subject, c.Source)
		}
		if c.Triage {
			line += "  " + l.T("import.triage")
		}
		if c.RepeatOf != "" {
			line += "  " + l.T("import.repeat", c.RepeatOf)
		}
		fmt.Fprintln(w, line)
	}
	for _, s := range rep.Skipped {
		fmt.Fprintln(w, l.T("import.skipped", s.Source, s.ID))
	}
	for _, e := range rep.Invalid {
		if withNames {
			fmt.Fprintln(w, l.T("import.invalid", e.Source, l.Err(e.Err)))
		} else {
			// The full reason may quote an address or a name.
			fmt.Fprintln(w, l.T("import.invalid_log", e.Source, errCode(e.Err)))
		}
	}
}

// stable is a file's size and time and how many looks in a row saw them.
type stable struct {
	stamp string
	looks int
}

// watch imports whatever appears in dirs until interrupted. Files are
// remembered by name, size and time, and the dedup index makes a file seen
// twice harmless, so it is safe beside a mail fetcher and an open desk.
func (a *app) watch(dirs []string, opt office.ImportOptions) error {
	for _, d := range dirs {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			return usageError{a.l.T("err.watch_dir", d)}
		}
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(stop)
	seen := map[string]string{}    // size and time of each file as imported
	pending := map[string]stable{} // size and time at the last looks, not yet imported
	fmt.Fprintln(a.env.Stderr, a.l.T("import.watching", dirs[0]))
	for {
		files, err := office.Files(dirs)
		if err != nil {
			return err
		}
		var fresh []string
		for _, f := range files {
			fi, err := os.Stat(f)
			if err != nil {
				continue
			}
			stamp := fmt.Sprint(fi.Size(), fi.ModTime().UnixNano())
			if seen[f] == stamp {
				continue
			}
			// A Maildir's delivery agent renames a message into new/ when it
			// is whole; any other file is taken once its size and time have
			// not changed across two polls and it was last written two polls
			// ago or more: a writer that pauses is not taken mid-message.
			if !office.InMaildir(f) {
				p := pending[f]
				if p.stamp != stamp {
					p = stable{stamp: stamp}
				}
				p.looks++
				pending[f] = p
				if p.looks < 3 || time.Since(fi.ModTime()) < 2*watchInterval {
					continue
				}
			}
			delete(pending, f)
			seen[f] = stamp
			fresh = append(fresh, f)
		}
		if len(fresh) > 0 {
			// A failed round (a busy database, say) is reported and tried
			// again with the next look, not the end of the watch.
			switch rep, err := office.Import(a.cfg, fresh, opt); {
			case err != nil:
				fmt.Fprintf(a.env.Stderr, "privdesk: %s\n", a.l.Err(err))
				for _, f := range fresh {
					delete(seen, f)
				}
			case len(rep.Created)+len(rep.Invalid) > 0:
				a.printReport(a.env.Stdout, rep, false)
			}
		}
		select {
		case <-stop:
			return nil
		case <-a.env.Done:
			return nil
		case <-time.After(watchInterval):
		}
	}
}

// errCode is an error's stable code, which names no personal data.
func errCode(err error) string {
	var ce *cases.Error
	var se *office.StoreError
	switch {
	case errors.As(err, &ce):
		return ce.Code
	case errors.As(err, &se):
		return se.Code
	}
	return "error"
}
