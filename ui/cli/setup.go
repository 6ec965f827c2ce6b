package cli

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"time"
	"unicode/utf8"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/ui/office"
	"privdesk/ui/office/config"
)

// What every command needs before it runs: the rules, the settings, the key,
// the database and the officer's name.

// rules prepares the deadline rules: the embedded production calendar, and
// the officer's own calendar file, which adds or replaces years.
func (a *app) rules() (*cases.Rules, error) {
	files := [][]byte{assets.Calendar}
	path, explicit := a.calendarPath()
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

// configPath is where config.toml is read from.
func (a *app) configPath() string {
	path := a.env.Getenv("PRIVDESK_CONFIG")
	if a.demoConfig != "" {
		path = a.demoConfig
	}
	if path == "" && a.configDir() != "" {
		path = filepath.Join(a.configDir(), "config.toml")
	}
	return path
}

// calendarPath is the officer's own production calendar, and whether it
// was named explicitly.
func (a *app) calendarPath() (string, bool) {
	if a.calendar != "" {
		return a.calendar, true
	}
	if base := a.configDir(); base != "" {
		return filepath.Join(base, "calendar.json"), false
	}
	return "", false
}

// settings reads config.toml from the config folder (or PRIVDESK_CONFIG).
func (a *app) settings() (config.Settings, error) {
	set, err := config.LoadSettings(a.configPath())
	if err != nil {
		return set, usageError{a.l.T("err.config_bad", err.Error())}
	}
	return set, nil
}

// keySource says where the database's key comes from: a passphrase in
// PRIVDESK_PASSPHRASE (never a flag, which would stay in shell history), or
// a key file: --key, PRIVDESK_KEY, or key in the config folder.
func (a *app) keySource() (office.KeySource, error) {
	if a.demoKey != "" {
		return office.KeySource{KeyFile: a.demoKey}, nil
	}
	if p := a.env.Getenv("PRIVDESK_PASSPHRASE"); p != "" {
		return office.KeySource{Passphrase: []byte(p)}, nil
	}
	path := a.key
	if path == "" {
		path = a.env.Getenv("PRIVDESK_KEY")
	}
	if path == "" {
		dir := a.configDir()
		if dir == "" {
			return office.KeySource{}, usageError{a.l.T("err.no_home")}
		}
		path = filepath.Join(dir, "key")
	}
	return office.KeySource{KeyFile: path}, nil
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

// setup opens the database and prepares the deadline rules. On a served
// desk the server's open database is used, read-only for an auditor.
func (a *app) setup() error {
	if a.env.Shared != nil {
		cfg := *a.env.Shared
		cfg.L, cfg.Officer, cfg.Now = a.l, a.officerName(), a.env.Now
		cfg.Office = cfg.Office.For(office.Actor{Login: a.env.Identity.Login, Role: a.env.Identity.Role, Remote: true})
		a.cfg = cfg
		return nil
	}
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
	newKey := false
	if key.Passphrase == nil && a.demoKey == "" {
		_, err := os.Stat(key.KeyFile)
		newKey = errors.Is(err, os.ErrNotExist)
	}
	if err := a.notServed(path); err != nil {
		return err
	}
	set, err := a.settings()
	if err != nil {
		return err
	}
	holder := a.current
	if holder == "" {
		holder = "desk"
	}
	off, err := office.Open(path, office.Options{Key: key, Create: a.create, Holder: holder, Rules: dl}, set)
	if err != nil {
		return err
	}
	o, _ := set.Officer(officer)
	st := off.For(office.Actor{Login: officer, Role: o.RoleOf()})
	if _, err := os.Stat(key.KeyFile); newKey && err == nil {
		// Once, when the key is made: without it the database is unreadable.
		fmt.Fprintf(a.env.Stderr, "privdesk: %s\n", a.l.T("warn.new_key", key.KeyFile))
	}
	if err := migrateRules(st, dl, a.env.Now()); err != nil {
		return err
	}
	a.cfg = office.Config{
		Settings: set,
		Office:   st,
		Rules:    dl,
		L:        a.l,
		Officer:  officer,
		Now:      a.env.Now,
	}
	return nil
}

// migrateRules brings the open cases of a database to this build's legal
// model, once; each changed case records it in its timeline.
func migrateRules(st *office.Session, dl *cases.Rules, now time.Time) error {
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
	return a.configuredDB()
}

// configuredDB is the database named by the environment, or the default:
// the one --db stands in for.
func (a *app) configuredDB() (string, error) {
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
	if a.env.Identity != nil {
		return a.env.Identity.Login // authenticated by the server, never self-declared
	}
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
