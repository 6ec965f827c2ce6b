package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/spf13/cobra"
	flag "github.com/spf13/pflag"

	"privdesk/cases"
	"privdesk/ui/office"
)

// The team desk: privdesk serve shares one database over SSH; over SSH the
// officer is who their key says, and the server's files stay the server's.

// serveCommands declares its commands, each with fresh flag variables.
func serveCommands(register func(command)) {
	register(serveCommand())
	register(approveCommand())
	register(declineCommand())
	register(assignCommand())
}

// serveCommand is privdesk serve.
func serveCommand() command {
	var listen, hostKey string
	return command{name: "serve", flags: func(fs *flag.FlagSet) {
		fs.StringVar(&listen, "listen", ":2222", "")
		fs.StringVar(&hostKey, "host-key", "", "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		if err := noArgs(a, fs, pos); err != nil {
			return err
		}
		if a.env.Serve == nil {
			return errors.New(a.l.T("err.no_serve"))
		}
		if hostKey == "" {
			if hostKey = a.hostKeyPath(); hostKey == "" {
				return usageError{a.l.T("err.no_home")}
			}
		}
		a.create = true
		if err := a.setup(); err != nil {
			return err
		}
		keyed := 0
		for _, o := range a.cfg.Settings.Officers {
			keyed += len(o.Keys)
		}
		if keyed == 0 {
			return usageError{a.l.T("err.serve_no_keys")}
		}
		stop, err := a.cfg.Office.Serve(listen)
		if err != nil {
			return err
		}
		defer stop()
		return a.env.Serve(a.cfg, ServeOptions{Listen: listen, HostKey: hostKey, Log: a.env.Stderr})
	}}
}

// approveCommand is privdesk approve.
func approveCommand() command {
	return command{name: "approve", args: []argKind{argCase}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 1)
		if err != nil {
			return err
		}
		if err := a.setup(); err != nil {
			return err
		}
		p, err := office.Approve(a.cfg, id, a.l)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.env.Stdout, "%s  %s\n", id, a.l.T("msg.approved", a.l.T("action."+p.Action), p.By))
		return nil
	}}
}

// declineCommand is privdesk decline.
func declineCommand() command {
	var declined string
	return command{name: "decline", args: []argKind{argCase}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&declined, "reason", "", "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 1)
		if err != nil {
			return err
		}
		if err := requireReason(declined); err != nil {
			return err
		}
		if err := a.setup(); err != nil {
			return err
		}
		return a.change(id, func(c *cases.Case, now time.Time, who string) (cases.Event, error) {
			return c.Decline(declined, now, who)
		})
	}}
}

// assignCommand is privdesk assign.
func assignCommand() command {
	var to string
	return command{name: "assign", args: []argKind{argCase}, flags: func(fs *flag.FlagSet) {
		fs.StringVar(&to, "to", "", "")
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 1)
		if err != nil {
			return err
		}
		if to == "" {
			return usageError{a.l.T("err.assign_to")}
		}
		return a.change(id, func(c *cases.Case, now time.Time, who string) (cases.Event, error) {
			return c.Assign(to, now, who)
		})
	}}
}

// hostKeyPath is where privdesk serve keeps its host key by default.
func (a *app) hostKeyPath() string {
	if dir := a.configDir(); dir != "" {
		return filepath.Join(dir, "ssh_host_ed25519_key")
	}
	return ""
}

// notServed refuses to open a database that a running privdesk serve owns:
// its sessions would not see the change, and the server could not be sure
// of its own writes. It says how to connect instead. (The office refuses
// every write to it too, whenever the server started.)
func (a *app) notServed(path string) error {
	if s, ok := office.ServedBy(path); ok {
		return fmt.Errorf("%s", a.l.T("err.served", s.PIDText(), s.Listen))
	}
	return nil
}

// remoteCommands are the commands an officer may run over SSH: those that
// work the served register. An allow-list: a command added later is
// refused remotely until it is put here (the office refuses every file of
// the server to a remote actor in any case).
var remoteCommands = []string{"act", "acts", "approve", "assign", "calendar", "close", "config", "confirmed", "decline", "destroy",
	"doc", "docs", "done", "due", "edit", "erase", "extend", "find", "found", "help", "hold", "incident", "journal", "letter", "letters", "list",
	"man", "new", "note", "package", "print", "purge", "quarantine", "reopen", "report", "send", "sent", "show", "status", "step", "steps"}

// remoteAllowed refuses, over SSH, what would read or write the server's
// own files, or choose another database or key: the officer works the
// served register, nothing else on the server.
func (a *app) remoteAllowed(c *cobra.Command) error {
	if a.env.Identity == nil {
		return nil
	}
	for _, f := range []string{"db", "key", "calendar", "proof", "edit", "watch"} {
		if c.Flags().Changed(f) {
			return usageError{a.l.T("err.remote_flag", f)}
		}
	}
	for _, f := range []string{"out", "log"} {
		if fl := c.Flags().Lookup(f); fl != nil && fl.Changed && fl.Value.String() != "-" {
			return usageError{a.l.T("err.remote_out", f)}
		}
	}
	if c.Parent() != nil && !slices.Contains(remoteCommands, c.Name()) {
		return usageError{a.l.T("err.remote_command", c.Name())}
	}
	if c.Flags().Changed("officer") {
		fmt.Fprintf(a.env.Stderr, "privdesk: %s\n", a.l.T("warn.remote_officer", a.env.Identity.Login))
	}
	return nil
}
