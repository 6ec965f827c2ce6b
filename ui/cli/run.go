// Package cli is privdesk's command line: every operation of the TUI, for
// scripts. Run is the whole program; cmd/privdesk only calls it.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/cases/intake"
	"privdesk/ui/common"
	"privdesk/ui/l10n"
)

// Exit codes.
const (
	ExitOK     = 0
	ExitFailed = 1
	ExitUsage  = 2
)

// Env is what the program reads from its surroundings, so that tests can set it.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time
	// TUI runs the interactive desk; nil where there is no terminal.
	TUI func(cfg common.Config) error
	// Done, when closed, ends a long-running command such as import --watch.
	Done <-chan struct{}
}

// usageError is wrong use of the command line: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

type app struct {
	env      Env
	l        *l10n.Printer
	db       string
	lang     string
	officer  string
	calendar string
	key      string
	demoKey  string
	// demoConfig is the throwaway desk's config.toml.
	demoConfig string
	create     bool // the command may create the database
	cfg        common.Config
}

type command struct {
	name string
	run  func(a *app, fs *flag.FlagSet, args []string) error
	// flags declares the command's own flags on fs.
	flags func(fs *flag.FlagSet)
}

var commands []command

func register(c command) { commands = append(commands, c) }

// Run executes one privdesk command line and returns its exit code.
func Run(args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	// Everything privdesk prints is text: no stored byte reaches the
	// terminal as a control sequence.
	env.Stdout, env.Stderr = &safeWriter{w: env.Stdout}, &safeWriter{w: env.Stderr}
	a := &app{env: env}
	lang, err := l10n.Detect(preScan(args, "lang", env.Getenv("PRIVDESK_LANG")))
	a.l = l10n.New(lang)
	if err != nil {
		return a.fail(usageError{a.l.T("err.bad_lang", preScan(args, "lang", ""))})
	}

	name, rest := "", args
	for i, arg := range args {
		if !strings.HasPrefix(arg, "-") && !isFlagValue(args, i) {
			name, rest = arg, append(append([]string{}, args[:i]...), args[i+1:]...)
			break
		}
	}
	if name == "" && len(args) == 1 && (args[0] == "--version" || args[0] == "-version") {
		fmt.Fprintln(env.Stdout, "privdesk", Version())
		return ExitOK
	}
	if name == "" || name == "tui" {
		return a.runTUI(rest)
	}
	if name == "help" {
		a.usage(env.Stdout)
		return ExitOK
	}
	for _, c := range commands {
		if c.name == name {
			return a.runCommand(c, rest)
		}
	}
	return a.fail(usageError{a.l.T("err.unknown_command", name)})
}

// globalFlags are accepted before or after any command.
var globalFlags = map[string]bool{"db": true, "lang": true, "officer": true, "calendar": true, "key": true}

// isFlagValue tells whether args[i] is the value of the global flag before it.
func isFlagValue(args []string, i int) bool {
	if i == 0 {
		return false
	}
	prev := strings.TrimLeft(args[i-1], "-")
	return strings.HasPrefix(args[i-1], "-") && !strings.Contains(prev, "=") && globalFlags[prev]
}

// preScan finds a global flag's value before the flag sets exist: the
// language must be known to write their help.
func preScan(args []string, name, def string) string {
	for i, a := range args {
		for _, p := range []string{"-" + name, "--" + name} {
			if a == p && i+1 < len(args) {
				return args[i+1]
			}
			if strings.HasPrefix(a, p+"=") {
				return a[len(p)+1:]
			}
		}
	}
	return def
}

func (a *app) newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&a.db, "db", "", a.l.T("flag.db"))
	fs.StringVar(&a.lang, "lang", "", a.l.T("flag.lang"))
	fs.StringVar(&a.officer, "officer", "", a.l.T("flag.officer"))
	fs.StringVar(&a.calendar, "calendar", "", a.l.T("flag.calendar"))
	fs.StringVar(&a.key, "key", "", a.l.T("flag.key"))
	return fs
}

// parse reads flags wherever they stand among the positional arguments.
func (a *app) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{a.l.T("err.flags", fs.Name(), err.Error())}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}

func (a *app) runCommand(c command, args []string) int {
	fs := a.newFlagSet(c.name)
	if c.flags != nil {
		c.flags(fs)
	}
	pos, err := a.parse(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		a.commandHelp(a.env.Stdout, c.name, fs)
		return ExitOK
	}
	if err != nil {
		return a.fail(err)
	}
	if err := c.run(a, fs, pos); err != nil {
		return a.fail(err)
	}
	return ExitOK
}

func (a *app) fail(err error) int {
	msg := a.l.Err(err)
	fmt.Fprintf(a.env.Stderr, "privdesk: %s\n", strings.ReplaceAll(msg, "\n", " "))
	var ue usageError
	var ce *cases.Error
	if errors.As(err, &ue) || (errors.As(err, &ce) && usageCodes[ce.Code]) {
		return ExitUsage
	}
	return ExitFailed
}

// usageCodes are domain errors that mean the command line was wrong.
var usageCodes = map[string]bool{
	cases.ErrNameRequired: true, cases.ErrContactRequired: true, cases.ErrBadEmail: true,
	cases.ErrBadPhone: true, cases.ErrUnknownKind: true, cases.ErrUnknownChannel: true,
	cases.ErrUnknownStatus: true, cases.ErrUnknownOutcome: true, cases.ErrBadDate: true,
	cases.ErrBadID: true, cases.ErrFieldTooLong: true, cases.ErrNoteEmpty: true,
	cases.ErrReasonRequired: true, cases.ErrOutsideCalendar: true, cases.ErrStepState: true,
	cases.ErrMethodRequired: true, cases.ErrUnknownMethod: true, cases.ErrFutureDate: true,
	cases.ErrDestructionDetails: true, cases.ErrPaperDetails: true, cases.ErrUnknownBranch: true,
	cases.ErrIncidentDetails: true, cases.ErrEvidenceEarly: true, cases.ErrUnknownGround: true,
	common.ErrFileMissing: true, common.ErrFileNotRegular: true, common.ErrFileEmpty: true,
	common.ErrFileTooBig: true, common.ErrFileUnreadable: true, common.ErrFileChanged: true,
	intake.ErrUnknownFormat: true,
}

func (a *app) usage(w io.Writer) {
	fmt.Fprintln(w, a.l.T("help.intro"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, a.l.T("help.usage"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, a.l.T("help.commands"))
	for _, c := range commands {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, a.l.T("cmd."+c.name))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, a.l.T("help.globals"))
}

func (a *app) commandHelp(w io.Writer, name string, fs *flag.FlagSet) {
	fmt.Fprintln(w, a.l.T("use."+name))
	fmt.Fprintln(w, a.l.T("cmd."+name))
	fmt.Fprintln(w)
	fs.SetOutput(w)
	fs.VisitAll(func(f *flag.Flag) {
		text := f.Usage
		if l10n.Has("flag." + f.Name) {
			text = a.l.T("flag." + f.Name)
			if f.Usage != "" && f.Usage != text {
				text += " (" + f.Usage + ")"
			}
		}
		fmt.Fprintf(w, "  --%-12s %s\n", f.Name, text)
	})
}

func (a *app) runTUI(args []string) int {
	demo := false
	stopSignals := func() {}
	fs := a.newFlagSet("privdesk")
	fs.BoolVar(&demo, "demo", false, a.l.T("flag.demo"))
	pos, err := a.parse(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		a.usage(a.env.Stdout)
		return ExitOK
	}
	if err != nil {
		return a.fail(err)
	}
	if len(pos) > 0 {
		return a.fail(usageError{a.l.T("err.unknown_command", pos[0])})
	}
	if demo {
		dir, err := os.MkdirTemp("", "privdesk-demo-")
		if err != nil {
			return a.fail(err)
		}
		defer os.RemoveAll(dir)
		// A closed terminal must not leave the throwaway database behind.
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGHUP, syscall.SIGTERM)
		stopSignals = func() { signal.Stop(sig) }
		go func() {
			if _, ok := <-sig; ok {
				os.RemoveAll(dir)
				os.Exit(ExitFailed)
			}
		}()
		a.db = filepath.Join(dir, "demo.db")
		a.demoKey = filepath.Join(dir, "demo.key") // a throwaway desk touches no real config
		// The demo desk has its own configuration, with a complete processing
		// register, so that letters work from the first start.
		a.demoConfig = filepath.Join(dir, "config.toml")
		if err := os.WriteFile(a.demoConfig, assets.DemoConfig, 0o600); err != nil {
			return a.fail(err)
		}
		if a.officer == "" {
			a.officer = "demo"
		}
	}
	a.create = true // the desk starts on an empty register
	if err := a.setup(); err != nil {
		return a.fail(err)
	}
	if demo {
		if err := a.fillDemo(); err != nil {
			return a.fail(err)
		}
	}
	err = common.ErrNoTerminal
	if a.env.TUI != nil {
		stopSignals() // the desk handles them, and returns; the deferred clean-up follows
		err = a.env.TUI(a.cfg)
	}
	if errors.Is(err, common.ErrNoTerminal) {
		return a.fail(errors.New(a.l.T("err.no_tui")))
	}
	if err != nil {
		return a.fail(err)
	}
	return ExitOK
}

// Version is the build's module version and VCS commit, as Go recorded them.
func Version() string {
	v, commit, dirty := "(devel)", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value[:min(12, len(s.Value))]
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if commit != "" {
		v += " " + commit
		if dirty {
			v += "+changes"
		}
	}
	return v
}
