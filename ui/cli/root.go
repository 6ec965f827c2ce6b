package cli

import (
	"errors"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	flag "github.com/spf13/pflag"

	"privdesk/assets"
	"privdesk/ui/office"
)

// rootCommand builds the command tree in the printer's language: the desk
// at its root, one subcommand per registered command.
func (a *app) rootCommand() *cobra.Command {
	var demo bool
	root := &cobra.Command{
		Use:   "privdesk",
		Short: a.text("help.intro"),
		Long:  a.text("help.about"),
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return a.unknownCommand(c, args[0])
			}
			return nil
		},
		RunE: func(*cobra.Command, []string) error { return a.runTUI(demo) },
		// Completion must not offer files where privdesk expects a command.
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error { return a.remoteAllowed(c) }
	root.SetIn(a.env.Stdin)
	root.SetOut(a.env.Stdout)
	root.SetErr(a.env.Stderr)
	pf := root.PersistentFlags()
	pf.StringVar(&a.db, "db", "", "")
	pf.StringVar(&a.lang, "lang", "", "")
	pf.StringVar(&a.officer, "officer", "", "")
	pf.StringVar(&a.calendar, "calendar", "", "")
	pf.StringVar(&a.key, "key", "", "")
	pf.SortFlags = false
	root.Flags().BoolVar(&demo, "demo", false, "")
	a.describeFlags(pf, "")
	_ = root.RegisterFlagCompletionFunc("lang", fixed([]string{"ru", "en"}))
	root.SetFlagErrorFunc(a.flagError)
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [command]",
		Short: a.text("cmd.help"),
		ValidArgsFunction: func(c *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var names []cobra.Completion
			for _, sc := range c.Root().Commands() {
				if !sc.Hidden {
					names = append(names, sc.Name())
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			target, _, err := c.Root().Find(args)
			if err != nil || target == nil {
				return usageError{a.l.T("err.unknown_command", strings.Join(args, " "))}
			}
			a.help(target)
			return nil
		},
	})
	root.CompletionOptions.HiddenDefaultCmd = false
	for _, c := range a.commands {
		root.AddCommand(a.subcommand(c))
	}
	root.AddCommand(a.manCommand())
	for _, sc := range root.Commands() {
		sc.SetHelpFunc(func(c *cobra.Command, _ []string) { a.help(c) })
	}
	// The flags cobra adds by itself, in the officer's language.
	root.Version = versionLine()
	root.SetVersionTemplate("privdesk version {{.Version}}\n")
	root.InitDefaultVersionFlag()
	root.Flags().Lookup("version").Usage = a.text("flag.version")
	for _, c := range append([]*cobra.Command{root}, root.Commands()...) {
		c.InitDefaultHelpFlag()
		c.Flags().Lookup("help").Usage = a.text("flag.help")
	}
	return root
}

// subcommand turns a registered command into a cobra command.
func (a *app) subcommand(c command) *cobra.Command {
	cc := &cobra.Command{
		Use:     strings.TrimSpace(c.name + " " + a.text("args."+c.name)),
		Short:   a.text("cmd." + c.name),
		Example: a.text("ex." + c.name),
		RunE: func(cmd *cobra.Command, args []string) error {
			a.current = c.name
			return c.run(a, cmd.Flags(), args)
		},
		ValidArgsFunction: a.completeArgs(c.args),
	}
	fs := cc.Flags()
	fs.SortFlags = false
	if c.flags != nil {
		c.flags(fs)
	}
	a.describeFlags(fs, c.name)
	fs.VisitAll(func(f *flag.Flag) {
		if vs, ok := c.values[f.Name]; ok {
			_ = cc.RegisterFlagCompletionFunc(f.Name, fixed(vs))
		} else if fn := a.flagCompletion(f.Name); fn != nil {
			_ = cc.RegisterFlagCompletionFunc(f.Name, fn)
		}
	})
	return cc
}

// runTUI opens the desk, on the officer's database or on a throwaway demo.
func (a *app) runTUI(demo bool) error {
	if _, _, tty := a.env.Terminal(a.out); !tty || a.env.TUI == nil {
		return errors.New(a.l.T("err.no_tui"))
	}
	stopSignals := func() {}
	if demo {
		dir, err := os.MkdirTemp("", "privdesk-demo-")
		if err != nil {
			return err
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
			return err
		}
		if a.officer == "" {
			a.officer = "demo"
		}
	}
	a.create = true // the desk starts on an empty register
	if err := a.setup(); err != nil {
		return err
	}
	if demo {
		if err := a.fillDemo(); err != nil {
			return err
		}
	}
	stopSignals() // the desk handles them, and returns; the deferred clean-up follows
	err := a.env.TUI(a.cfg)
	if errors.Is(err, office.ErrNoTerminal) {
		return errors.New(a.l.T("err.no_tui"))
	}
	return err
}
