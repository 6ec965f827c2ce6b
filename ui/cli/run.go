// Package cli is privdesk's command line: every operation of the TUI, for
// scripts. Run is the whole program; cmd/privdesk only calls it.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	flag "github.com/spf13/pflag"

	"privdesk/cases"
	"privdesk/cases/intake"
	"privdesk/ui/l10n"
	"privdesk/ui/office"
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
	TUI func(cfg office.Config) error
	// Done, when closed, ends a long-running command such as import --watch.
	Done <-chan struct{}
	// Terminal reports whether w is a terminal, and its size; nil asks the
	// operating system.
	Terminal func(w io.Writer) (width, height int, ok bool)
	// Identity is who runs the command on a served desk, as the SSH server
	// authenticated them; nil when run locally.
	Identity *Identity
	// Shared is the served desk's configuration, its database open for
	// the server's lifetime; nil opens the file.
	Shared *office.Config
	// Serve runs privdesk serve's SSH server; nil where it is not built in.
	Serve func(cfg office.Config, o ServeOptions) error
}

// Identity is an authenticated officer: the login every event records,
// and the role that says what they may do.
type Identity struct{ Login, Role string }

// ServeOptions say where privdesk serve listens and with which host key.
type ServeOptions struct {
	Listen, HostKey string
	// Log receives one line per login, refusal and session error: no
	// personal data of subjects.
	Log io.Writer
}

// usageError is wrong use of the command line: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

type app struct {
	env Env
	// out and errOut are the unfiltered streams, for privdesk's own styling;
	// every stored string written to them passes cases.Safe first.
	out, errOut io.Writer
	l           *l10n.Printer
	db          string
	lang        string
	officer     string
	calendar    string
	key         string
	demoKey     string
	// demoConfig is the throwaway desk's config.toml.
	demoConfig string
	create     bool   // the command may create the database
	current    string // the command running, which an error about its arguments names
	cfg        office.Config
	commands   []command
	// describing: this run shows help, completes a word or writes the man
	// page, so the commands carry their texts; otherwise they are left out
	// and a plain command never builds the message catalog.
	describing bool
}

type command struct {
	name string
	run  func(a *app, fs *flag.FlagSet, args []string) error
	// flags declares the command's own flags on fs.
	flags func(fs *flag.FlagSet)
	// args says what each positional argument is, for completion.
	args []argKind
	// values are the valid values of the command's enumerated flags.
	values map[string][]string
	// more is a section of help that names what an argument may be: a
	// title and its lines.
	more func(a *app) (string, []string)
}

// declarers declare privdesk's commands, each time afresh: the variables
// their flags write to belong to one command line, never to the next.
var declarers = []func(register func(command)){
	actCommands, backupCommands, caseCommands, deadlineCommands, documentCommands, importCommands, journalCommands, legalCommands, letterCommands, configCommands, listCommands, pathsCommands, quarantineCommands, retentionCommands, serveCommands,
}

// Names lists the commands, for a log that may name a command but must not
// quote what else a command line holds.
func Names() []string {
	var out []string
	for _, c := range newCommands() {
		out = append(out, c.name)
	}
	return out
}

// newCommands declares every command with fresh flag variables.
func newCommands() []command {
	var cs []command
	for _, d := range declarers {
		d(func(c command) { cs = append(cs, c) })
	}
	return cs
}

// Run executes one privdesk command line and returns its exit code.
func Run(args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Terminal == nil {
		env.Terminal = osTerminal
	}
	a := &app{env: env, out: env.Stdout, errOut: env.Stderr, commands: newCommands()}
	// Everything privdesk prints is text: no stored byte reaches the
	// terminal as a control sequence.
	a.env.Stdout, a.env.Stderr = &safeWriter{w: env.Stdout}, &safeWriter{w: env.Stderr}
	lang, err := l10n.Detect(preScan(args, "lang", env.Getenv("PRIVDESK_LANG")))
	a.l = l10n.New(lang)
	if err != nil {
		return a.fail(usageError{a.l.T("err.bad_lang", preScan(args, "lang", ""))})
	}
	a.describing = describes(args)
	root := a.rootCommand()
	root.SetArgs(append([]string{}, args...)) // never nil: cobra would read os.Args
	if isRootHelp(args) {
		// The overview in the officer's language, like every command's.
		a.help(root)
		return ExitOK
	}
	// Plain cobra: privdesk's own help, errors (a.fail), version line and man
	// page; cobra's suggestions for a mistyped command or flag.
	root.SilenceErrors, root.SilenceUsage = true, true
	if err := root.ExecuteContext(context.Background()); err != nil {
		return a.fail(err)
	}
	return ExitOK
}

// isRootHelp tells whether args ask for the overview: privdesk --help,
// privdesk help, with or without global flags.
func isRootHelp(args []string) bool {
	var rest []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		name := strings.TrimLeft(arg, "-")
		if strings.HasPrefix(arg, "--") && globalFlags[name] {
			i++ // its value
			continue
		}
		if k, _, ok := strings.Cut(name, "="); ok && strings.HasPrefix(arg, "--") && globalFlags[k] {
			continue
		}
		rest = append(rest, arg)
	}
	return len(rest) == 1 && (rest[0] == "--help" || rest[0] == "-h" || rest[0] == "help")
}

// describes tells whether args ask for help texts: help, a completion, the
// man page, or the desk with no command (whose errors explain it).
func describes(args []string) bool {
	if len(args) == 0 {
		return true
	}
	for _, a := range args {
		switch {
		case a == "-h", a == "--help", a == "help", a == "man", a == "completion",
			strings.HasPrefix(a, "__complete"):
			return true
		}
	}
	return false
}

// text is a help text, in this run's language when it describes.
func (a *app) text(key string, args ...any) string {
	if !a.describing {
		return ""
	}
	return a.l.T(key, args...)
}

// globalFlags are accepted before or after any command.
var globalFlags = map[string]bool{"db": true, "lang": true, "officer": true, "calendar": true, "key": true}

// preScan finds a global flag's value before the commands exist: the
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

// fail prints err as one line (styled on a terminal) and returns its exit code.
func (a *app) fail(err error) int {
	msg := strings.ReplaceAll(a.l.Err(err), "\n", " ")
	code := ExitFailed
	var ue usageError
	var ce *cases.Error
	if hint, ok := a.l.Hint(err); ok {
		// The domain's message names no flag (the desk shows it too); the
		// command line adds the flags that give what is missing.
		msg += " (" + hint + ")"
	}
	if errors.As(err, &ue) || (errors.As(err, &ce) && usageCodes[ce.Code]) {
		code = ExitUsage
	}
	if _, _, tty := a.env.Terminal(a.errOut); tty {
		a.styledError(cases.Safe(msg), code == ExitUsage)
		return code
	}
	fmt.Fprintf(a.env.Stderr, "privdesk: %s\n", msg)
	return code
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
	office.ErrFileMissing: true, office.ErrFileNotRegular: true, office.ErrFileEmpty: true,
	office.ErrFileTooBig: true, office.ErrFileUnreadable: true, office.ErrFileChanged: true,
	intake.ErrUnknownFormat: true,
}

// osTerminal asks the operating system whether w is a terminal.
func osTerminal(w io.Writer) (int, int, bool) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return 0, 0, false
	}
	width, height, err := term.GetSize(f.Fd())
	if err != nil {
		return 80, 24, true
	}
	return width, height, true
}

// buildVersion and buildCommit may be set when linking
// (-ldflags "-X privdesk/ui/cli.buildVersion=v1.2.0 -X privdesk/ui/cli.buildCommit=…");
// otherwise they come from what Go recorded of the module and its VCS.
var buildVersion, buildCommit string

// version is the build's version, marked when built from changed sources.
func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	v, dirty := "(devel)", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		dirty = buildSetting(bi, "vcs.modified") == "true"
	}
	if dirty {
		v += ", modified"
	}
	return v
}

// versionLine is what --version prints after the name: the version and
// the commit it was built from.
func versionLine() string {
	v, c := version(), commit()
	if len(c) >= 7 {
		v += " (" + c[:7] + ")"
	}
	return v
}

// commit is the VCS revision the build came from, if known.
func commit() string {
	if buildCommit != "" {
		return buildCommit
	}
	bi, _ := debug.ReadBuildInfo()
	return buildSetting(bi, "vcs.revision")
}

func buildSetting(bi *debug.BuildInfo, key string) string {
	if bi == nil {
		return ""
	}
	for _, s := range bi.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}
