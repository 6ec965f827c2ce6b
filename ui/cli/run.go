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
	"os/user"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/cases/intake"
	"privdesk/store"
	"privdesk/store/seal"
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

// rules prepares the deadline rules: the embedded production calendar, and
// the officer's own calendar file, which adds or replaces years.
func (a *app) rules() (*cases.Rules, error) {
	files := [][]byte{assets.Calendar}
	path, explicit := a.calendar, a.calendar != ""
	if !explicit {
		if base := a.configDir(); base != "" {
			path = filepath.Join(base, "calendar.json")
		}
	}
	if path != "" {
		b, err := os.ReadFile(path)
		switch {
		case err == nil:
			files = append(files, b)
		case explicit || !errors.Is(err, os.ErrNotExist):
			return nil, usageError{a.l.T("err.calendar_read", path)}
		}
	}
	cal, err := cases.ParseCalendar(files...)
	if err != nil {
		return nil, usageError{a.l.T("err.calendar_bad", path, err.Error())}
	}
	steps, err := cases.ParseSteps(assets.Steps)
	if err != nil {
		return nil, err
	}
	set, err := a.settings()
	if err != nil {
		return nil, err
	}
	return &cases.Rules{Cal: cal, PasswordResetDays: set.Deadlines.PasswordResetDays, Steps: steps}, nil
}

// settings reads config.toml from the config folder (or PRIVDESK_CONFIG).
func (a *app) settings() (common.Settings, error) {
	path := a.env.Getenv("PRIVDESK_CONFIG")
	if a.demoConfig != "" {
		path = a.demoConfig
	}
	if path == "" && a.configDir() != "" {
		path = filepath.Join(a.configDir(), "config.toml")
	}
	set, err := common.LoadSettings(path)
	if err != nil {
		return set, usageError{a.l.T("err.config_bad", err.Error())}
	}
	return set, nil
}

// keySource says where the database's key comes from: a passphrase in
// PRIVDESK_PASSPHRASE (never a flag, which would stay in shell history), or
// a key file: --key, PRIVDESK_KEY, or key in the config folder.
func (a *app) keySource() (seal.Source, error) {
	if a.demoKey != "" {
		return seal.Source{KeyFile: a.demoKey}, nil
	}
	if p := a.env.Getenv("PRIVDESK_PASSPHRASE"); p != "" {
		return seal.Source{Passphrase: []byte(p)}, nil
	}
	path := a.key
	if path == "" {
		path = a.env.Getenv("PRIVDESK_KEY")
	}
	if path == "" {
		dir := a.configDir()
		if dir == "" {
			return seal.Source{}, usageError{a.l.T("err.no_home")}
		}
		path = filepath.Join(dir, "key")
	}
	return seal.Source{KeyFile: path}, nil
}

// configDir is $XDG_CONFIG_HOME/privdesk, or ~/.config/privdesk.
func (a *app) configDir() string {
	if base := a.env.Getenv("XDG_CONFIG_HOME"); base != "" {
		return filepath.Join(base, "privdesk")
	}
	if home := a.env.Getenv("HOME"); home != "" {
		return filepath.Join(home, ".config", "privdesk")
	}
	return ""
}

// setup opens the database and prepares the deadline rules.
func (a *app) setup() error {
	officer := cases.CleanLine(a.officerName())
	if utf8.RuneCountInString(officer) > maxOfficer {
		return &cases.Error{Code: cases.ErrFieldTooLong, Args: []any{"officer", maxOfficer}}
	}
	dl, err := a.rules()
	if err != nil {
		return err
	}
	path, err := a.dbPath()
	if err != nil {
		return err
	}
	key, err := a.keySource()
	if err != nil {
		return err
	}
	st, err := store.Open(path, store.Options{Key: key, Create: a.create})
	if err != nil {
		return err
	}
	if err := migrateRules(st, dl, a.env.Now()); err != nil {
		return err
	}
	set, err := a.settings()
	if err != nil {
		return err
	}
	a.cfg = common.Config{
		Settings: set,
		Store:    st,
		Rules:    dl,
		L:        a.l,
		Officer:  officer,
		Now:      a.env.Now,
	}
	return nil
}

// migrateRules brings the open cases of a database to this build's legal
// model, once; each changed case records it in its timeline.
func migrateRules(st *store.Store, dl *cases.Rules, now time.Time) error {
	v, err := st.RulesVersion()
	if err != nil || v >= cases.RulesVersion {
		return err
	}
	_, err = st.MigrateRules(cases.RulesVersion, func(c *cases.Case) (cases.Event, bool, error) {
		return c.Migrate(dl, now)
	})
	return err
}

// maxOfficer bounds the officer's login recorded on every event.
const maxOfficer = 100

func (a *app) dbPath() (string, error) {
	if a.db != "" {
		return a.db, nil
	}
	if p := a.env.Getenv("PRIVDESK_DB"); p != "" {
		return p, nil
	}
	base := a.env.Getenv("XDG_DATA_HOME")
	if base == "" {
		home := a.env.Getenv("HOME")
		if home == "" {
			return "", usageError{a.l.T("err.no_home")}
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "privdesk", "privdesk.db"), nil
}

func (a *app) officerName() string {
	if a.officer != "" {
		return a.officer
	}
	if o := a.env.Getenv("PRIVDESK_OFFICER"); o != "" {
		return o
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := a.env.Getenv("USER"); u != "" {
		return u
	}
	return "officer"
}

// fail prints err as one line and returns its exit code.
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
