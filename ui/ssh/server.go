// Package server serves privdesk to a team over SSH with wish: one process
// owns the database for its lifetime; each officer connects with their own
// key and gets the desk (with a terminal) or runs a command (without one).
// The officer on every event is the key's login, never a self-declared one,
// and an auditor's sessions see the register read-only.
package ssh

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"privdesk/cases"
	"privdesk/ui/cli"
	"privdesk/ui/l10n"
	"privdesk/ui/office"
	"privdesk/ui/office/config"
	"privdesk/ui/tui"
)

// IdleTimeout ends a session nobody has typed in for this long.
const IdleTimeout = 30 * time.Minute

type officerKey struct{}

// Server is privdesk's SSH server.
type Server struct {
	ssh  *ssh.Server
	log  *slog.Logger
	cfg  office.Config
	keys map[string]config.Officer // public key (wire form) → its officer
	fail *failures
	// presence: who has which case open, across the sessions.
	presence *office.Presence
	// desks are the running desks, told when the server stops.
	desks    *desks
	stopping atomic.Bool
	// Grace is how long a desk shows that the server stops before its
	// session is closed.
	Grace time.Duration
}

// desks are the desks of the open interactive sessions.
type desks struct {
	mu  sync.Mutex
	run map[*tea.Program]bool
}

func (d *desks) add(p *tea.Program) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.run[p] = true
}

func (d *desks) remove(p *tea.Program) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.run, p)
}

// quit ends every running desk, and with it its session.
func (d *desks) quit() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for p := range d.run {
		p.Quit()
	}
}

// tell sends msg to every running desk and says how many there were.
func (d *desks) tell(msg tea.Msg) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	for p := range d.run {
		go p.Send(msg) // Send blocks until the program reads it
	}
	return len(d.run)
}

// New builds the server on an open configuration; its host key is read
// from hostKey, or created there (readable by its owner only) on first run.
func New(cfg office.Config, hostKey string, logTo io.Writer) (*Server, error) {
	s := &Server{cfg: cfg, log: slog.New(slog.NewTextHandler(logTo, nil)), keys: map[string]config.Officer{}, fail: newFailures(),
		presence: office.NewPresence(), desks: &desks{run: map[*tea.Program]bool{}}, Grace: 3 * time.Second}
	for _, o := range cfg.Settings.Officers {
		for _, line := range o.Keys {
			pk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
			if err != nil {
				return nil, fmt.Errorf("officer %q: %w", o.Login, err) // config.toml was checked when read
			}
			s.keys[string(pk.Marshal())] = o
		}
	}
	if err := os.MkdirAll(filepath.Dir(hostKey), 0o700); err != nil {
		return nil, err
	}
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(hostKey),
		wish.WithIdleTimeout(IdleTimeout),
		wish.WithPublicKeyAuth(s.auth),
		wish.WithMiddleware(
			bm.MiddlewareWithProgramHandler(s.desk),
			s.commands,
			s.guard,
		),
	)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(hostKey, 0o600); err != nil {
		return nil, err
	}
	s.ssh = srv
	return s, nil
}

// auth lets in the keys config.toml gives an officer, and remembers whose
// key it is. Failures are logged (the key's fingerprint, never a subject's
// data) and, past a few a minute from one address, refused unheard.
func (s *Server) auth(ctx ssh.Context, key ssh.PublicKey) bool {
	host := remoteHost(ctx.RemoteAddr())
	if s.fail.blocked(host) {
		s.log.Warn("refused", "reason", "too many failed logins", "remote", host)
		return false
	}
	o, ok := s.keys[string(key.Marshal())]
	if !ok {
		s.fail.add(host)
		s.log.Warn("refused", "reason", "unknown key", "remote", host, "user", ctx.User(), "key", gossh.FingerprintSHA256(key))
		return false
	}
	ctx.SetValue(officerKey{}, o)
	return true
}

// guard logs each session and keeps a failure in it from taking the
// server down.
func (s *Server) guard(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		o, _ := sess.Context().Value(officerKey{}).(config.Officer)
		what := "desk"
		if cmd := sess.Command(); len(cmd) > 0 {
			what = commandName(cmd) // never its arguments: they may name a subject
		}
		began := time.Now()
		s.log.Info("login", "officer", o.Login, "role", o.RoleOf(), "remote", remoteHost(sess.RemoteAddr()), "session", what)
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("session failed", "officer", o.Login, "session", what, "panic", fmt.Sprint(r))
				fmt.Fprintln(sess.Stderr(), "privdesk: the session failed; the server goes on")
				_ = sess.Exit(1)
				return
			}
			s.log.Info("logout", "officer", o.Login, "session", what, "duration", time.Since(began).Round(time.Millisecond).String())
		}()
		next(sess)
	}
}

// commands runs a command line as the authenticated officer, with the same
// output and exit code as locally; without one, a terminal gets the desk.
func (s *Server) commands(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		o, _ := sess.Context().Value(officerKey{}).(config.Officer)
		args := sess.Command()
		if len(args) > 0 && args[0] == "privdesk" {
			args = args[1:]
		}
		if len(args) == 0 {
			if _, _, pty := sess.Pty(); !pty {
				fmt.Fprintln(sess.Stderr(), "privdesk: the desk needs a terminal (ssh -t), or give a command: ssh … privdesk list")
				_ = sess.Exit(cli.ExitUsage)
				return
			}
			next(sess)
			if s.stopping.Load() { // the desk has closed: the terminal shows it no more
				lang, _ := l10n.Detect(sessionEnv(sess, o)["PRIVDESK_LANG"])
				fmt.Fprintln(sess, "privdesk: "+l10n.New(lang).T("tui.server_stopped"))
			}
			return
		}
		env := sessionEnv(sess, o)
		code := cli.Run(args, cli.Env{
			Stdin: sess, Stdout: sess, Stderr: sess.Stderr(),
			Getenv:   func(k string) string { return env[k] },
			Now:      s.cfg.Now,
			Identity: &cli.Identity{Login: o.Login, Role: o.RoleOf()},
			Shared:   &s.cfg,
			Terminal: func(io.Writer) (int, int, bool) { return 0, 0, false },
		})
		_ = sess.Exit(code)
	}
}

// desk is the Bubble Tea desk of one interactive session: the officer's
// login on every event, their language, read-only for an auditor.
func (s *Server) desk(sess ssh.Session) *tea.Program {
	o, _ := sess.Context().Value(officerKey{}).(config.Officer)
	cfg := s.cfg
	cfg.Officer = o.Login
	cfg.Presence, cfg.Session = s.presence, fmt.Sprintf("%p", sess)
	lang, _ := l10n.Detect(sessionEnv(sess, o)["PRIVDESK_LANG"])
	cfg.L = l10n.New(lang)
	cfg.Office = cfg.Office.For(office.Actor{Login: o.Login, Role: o.RoleOf(), Remote: true})
	// The server's own signals stop the server, which tells each desk
	// first; they must not end the desks unheard.
	p := tea.NewProgram(tui.New(cfg), append(bm.MakeOptions(sess), tea.WithoutSignalHandler())...)
	s.desks.add(p)
	go func() {
		<-sess.Context().Done()
		s.desks.remove(p)
		s.presence.Open(cfg.Session, o.Login, cases.ID{}) // the session ended: off the board
	}()
	return p
}

// sessionEnv is the environment a session's command sees: the server's
// paths (for the letter templates), and the language the officer's entry
// or their own LANG (ssh SendEnv) asks for.
func sessionEnv(sess ssh.Session, o config.Officer) map[string]string {
	env := map[string]string{}
	for _, k := range []string{"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "PRIVDESK_CONFIG"} {
		env[k] = os.Getenv(k)
	}
	for _, kv := range sess.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok && (k == "LANG" || k == "LC_ALL" || k == "PRIVDESK_LANG") {
			env[k] = v
		}
	}
	if o.Lang != "" {
		env["PRIVDESK_LANG"] = o.Lang
	} else if env["PRIVDESK_LANG"] == "" {
		env["PRIVDESK_LANG"] = string(langOf(env))
	}
	return env
}

func langOf(env map[string]string) cases.Lang {
	for _, k := range []string{"LC_ALL", "LANG"} {
		if strings.HasPrefix(env[k], "ru") {
			return cases.RU
		}
	}
	return cases.EN
}

// commandName is the command a session runs, for the log: a known
// command's name, or "other" (a mistyped word may be a subject's name).
func commandName(cmd []string) string {
	for _, a := range cmd {
		if a == "privdesk" || strings.HasPrefix(a, "-") {
			continue
		}
		if slices.Contains(cli.Names(), a) {
			return a
		}
		return "other"
	}
	return "privdesk"
}

func remoteHost(a net.Addr) string {
	if a == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

// Serve answers on l until ctx ends, then lets open sessions finish their
// writes for a few seconds before it closes them.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	done := make(chan error, 1)
	go func() { done <- s.ssh.Serve(l) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	s.stopping.Store(true)
	if n := s.desks.tell(tui.ServerStopping{In: s.Grace}); n > 0 {
		s.log.Info("shutting down", "desks", n, "grace", s.Grace.String())
		time.Sleep(s.Grace) // each desk says the session closes, and when
		s.desks.quit()
	} else {
		s.log.Info("shutting down")
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.ssh.Shutdown(shut); err != nil {
		s.ssh.Close()
	}
	if err := <-done; err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		return err
	}
	return nil
}

// Run is privdesk serve: it listens, logs where, and serves until SIGINT or
// SIGTERM.
func Run(cfg office.Config, o cli.ServeOptions) error {
	s, err := New(cfg, o.HostKey, o.Log)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", o.Listen)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	s.log.Info("listening", "address", l.Addr().String(), "officers", len(cfg.Settings.Officers))
	return s.Serve(ctx, l)
}

// failures counts failed logins by address, for a minute.
type failures struct {
	mu   sync.Mutex
	seen map[string][]time.Time
}

// maxFailures a minute from one address; more are refused unheard.
const maxFailures = 20

func newFailures() *failures { return &failures{seen: map[string][]time.Time{}} }

func (f *failures) add(host string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen[host] = append(f.recent(host), time.Now())
}

func (f *failures) blocked(host string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.recent(host)) >= maxFailures
}

func (f *failures) recent(host string) []time.Time {
	var keep []time.Time
	for _, t := range f.seen[host] {
		if time.Since(t) < time.Minute {
			keep = append(keep, t)
		}
	}
	if len(keep) == 0 {
		delete(f.seen, host)
		return nil
	}
	f.seen[host] = keep
	return keep
}
