package office_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"privdesk/cases"
	"privdesk/store"
	"privdesk/store/seal"
	"privdesk/ui/l10n"
	"privdesk/ui/office"
	"privdesk/ui/office/config"
)

// team is an office whose config.toml names an officer, a reviewer and an
// auditor, with one case registered.
func team(t *testing.T) (*office.Office, office.Config, cases.ID, string) {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	st, err := store.Open(db, store.Options{Key: seal.Source{KeyFile: filepath.Join(dir, "key")}, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	set, err := config.ParseSettings([]byte(`
[[officers]]
login = "ivanova"
name = "Иванова"
position = "DPO"

[[officers]]
login = "petrov"
name = "Петров"
position = "юрист"
role = "reviewer"

[[officers]]
login = "audit"
name = "Аудитор"
position = "аудитор"
role = "auditor"
`), "config.toml")
	if err != nil {
		t.Fatal(err)
	}
	off := office.New(st, set, false)
	cfg := newConfig(t)
	cfg.Settings, cfg.Officer = set, "ivanova"
	cfg.Office = off.For(office.Actor{Login: "ivanova", Role: config.RoleOfficer})
	c, ev, err := cases.New(cases.Intake{Kind: cases.KindDestroy, Received: now, Subject: cases.Subject{Name: "Анна", Email: "anna@example.ru"}}, cfg.Rules, now, "ivanova")
	if err != nil {
		t.Fatal(err)
	}
	id, err := cfg.Office.Create(c, ev)
	if err != nil {
		t.Fatal(err)
	}
	scan := []byte("\xff\xd8\xff scan")
	if _, err := cfg.Office.Attach(id, scan, func(c *cases.Case) (cases.Event, error) {
		return c.Attach(cases.Document{Name: "scan.jpg", Size: int64(len(scan)), SHA256: sum(scan)}, now, "ivanova")
	}); err != nil {
		t.Fatal(err)
	}
	return off, cfg, id, db
}

func code(err error) string {
	var ce *cases.Error
	if errors.As(err, &ce) {
		return ce.Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// writes are every write operation of a session, each trying a change.
func writes(s *office.Session, cfg office.Config, id cases.ID, dir string) map[string]func() error {
	note := func(c *cases.Case) ([]cases.Event, error) {
		ev, err := c.AddNote("заметка", now, "x")
		return []cases.Event{ev}, err
	}
	return map[string]func() error{
		"update": func() error { _, err := s.Update(id, note); return err },
		"create": func() error {
			c, ev, _ := cases.New(cases.Intake{Kind: cases.KindAccess, Received: now, Subject: cases.Subject{Name: "Б", Email: "b@example.ru"}}, cfg.Rules, now, "x")
			_, err := s.Create(c, ev)
			return err
		},
		"create_many": func() error { _, err := s.CreateMany(nil); return err },
		"attach": func() error {
			_, err := s.Attach(id, []byte("x"), func(c *cases.Case) (cases.Event, error) {
				return c.Attach(cases.Document{Name: "x", Size: 1, SHA256: sum([]byte("x"))}, now, "x")
			})
			return err
		},
		"destroy": func() error {
			return s.Destroy(map[cases.ID]office.DestroyFn{id: office.DestroyDocs([]int{1}, cases.Destruction{Reason: "r"}, cfg.Settings, now, "x", l10n.New(cases.EN))})
		},
		"depersonalise": func() error { return s.DepersonaliseDue(func(*cases.Case) bool { return false }, nil, nil) },
		"letter": func() error {
			_, err := s.IssueLetter(id, func(c *cases.Case, n string) (cases.Letter, error) {
				return cases.Letter{Body: "x", Template: "refusal"}, nil
			}, now, "x")
			return err
		},
		"act": func() error {
			_, err := s.IssueAct(id, func(c *cases.Case, evs []cases.Event) (cases.Act, error) { return cases.Act{}, nil }, now, "x")
			return err
		},
		"drop_quarantined": func() error { return s.DropQuarantined(1, office.QuarantineRemark{}) },
		"rekey":            func() error { return s.Rekey(office.KeySource{KeyFile: filepath.Join(dir, "new.key")}) },
		"demo":             func() error { _, err := s.Demo(cfg.Rules, 1, now); return err },
		"import": func() error {
			cfg := cfg
			cfg.Office = s
			_, err := office.Import(cfg, []string{filepath.Join(dir, "none.eml")}, office.ImportOptions{})
			return err
		},
		"write_file": func() error { return s.WriteFile(filepath.Join(dir, "out.pdf"), []byte("x")) },
	}
}

func TestAuditorWritesNothing(t *testing.T) {
	off, cfg, id, db := team(t)
	auditor := off.For(office.Actor{Login: "audit", Role: config.RoleAuditor})
	before, _ := os.ReadFile(db)
	for name, op := range writes(auditor, cfg, id, t.TempDir()) {
		if name == "write_file" {
			continue // the auditor's own export: a file of theirs, not a change
		}
		if err := op(); code(err) != office.ErrReadOnlyRole && code(err) != office.ErrRemoteOp {
			t.Errorf("an auditor's %s: %v", name, err)
		}
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the database changed")
	}
	if _, err := auditor.Get(id); err != nil {
		t.Errorf("an auditor reading: %v", err)
	}
}

// A desk opened before the server started cannot write once it runs: the
// office checks on every write, not at start.
func TestServedDatabaseIsWrittenByItsServerOnly(t *testing.T) {
	off, cfg, id, db := team(t)
	local := cfg.Office
	if _, err := local.Update(id, note); err != nil {
		t.Fatal(err)
	}
	// A server in another process: a live process's number in the mark.
	server := exec.Command("sleep", "30")
	if err := server.Start(); err != nil {
		t.Skip("no sleep to stand for the server:", err)
	}
	defer func() { server.Process.Kill(); server.Wait() }()
	os.WriteFile(db+".serve", fmt.Appendf(nil, `{"pid": %d, "listen": ":2222"}`, server.Process.Pid), 0o600)
	defer os.Remove(db + ".serve")
	for name, op := range writes(local, cfg, id, t.TempDir()) {
		if name == "write_file" || name == "import" {
			continue // no change to the register
		}
		if err := op(); code(err) != office.ErrServed {
			t.Errorf("%s beside a running server: %v", name, err)
		}
	}
	if _, err := local.Get(id); err != nil {
		t.Errorf("reading beside a server: %v", err)
	}
	// The server's own office writes.
	if _, err := office.New(storeOf(t, db), cfg.Settings, true).For(office.Actor{Login: "ivanova"}).Update(id, note); err != nil {
		t.Errorf("the server writing: %v", err)
	}
	_ = off
}

func TestAssigneeMustBeAnOfficer(t *testing.T) {
	_, cfg, id, _ := team(t)
	for _, to := range []string{"petorv", "nobody", "audit"} {
		_, err := cfg.Office.Update(id, func(c *cases.Case) ([]cases.Event, error) {
			ev, err := c.Assign(to, now, "ivanova")
			return []cases.Event{ev}, err
		})
		if code(err) != office.ErrUnknownOfficer {
			t.Errorf("assigning to %s: %v", to, err)
		}
	}
	c, err := cfg.Office.Update(id, func(c *cases.Case) ([]cases.Event, error) {
		ev, err := c.Assign("petrov", now, "ivanova")
		return []cases.Event{ev}, err
	})
	if err != nil || c.Assignee != "petrov" {
		t.Errorf("assigning to petrov: %v", err)
	}
	if got := len(cfg.Office.Officers()); got != 2 {
		t.Errorf("%d officers to assign to, want 2 (the auditor is none)", got)
	}
}

func TestDeclineIsAReviewers(t *testing.T) {
	off, cfg, id, _ := team(t)
	cfg.Settings.Review.Destruction = true
	if _, err := office.Destroy(cfg, id, 1, cases.Destruction{Reason: "цель достигнута"}, "ivanova"); err != nil {
		t.Fatal(err)
	}
	decline := func(c *cases.Case) ([]cases.Event, error) {
		ev, err := c.Decline("нужен акт", now, "x")
		return []cases.Event{ev}, err
	}
	if _, err := cfg.Office.Update(id, decline); code(err) != office.ErrNotReviewer {
		t.Errorf("an officer declining: %v", err)
	}
	if _, err := office.Approve(cfg, id, l10n.New(cases.EN)); code(err) != office.ErrNotReviewer {
		t.Errorf("an officer approving: %v", err)
	}
	reviewer := off.For(office.Actor{Login: "petrov", Role: config.RoleReviewer})
	if _, err := reviewer.Update(id, decline); err != nil {
		t.Errorf("the reviewer declining: %v", err)
	}
}

// A remote actor reaches no file of the server, through any operation.
func TestRemoteReachesNoServerPath(t *testing.T) {
	off, cfg, id, db := team(t)
	remote := off.For(office.Actor{Login: "ivanova", Role: config.RoleAdmin, Remote: true})
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.txt")
	os.WriteFile(secret, []byte("server's own file"), 0o600)
	if _, _, err := remote.ReadFile(secret, 1<<20); code(err) != office.ErrRemoteOp {
		t.Errorf("reading a server file: %v", err)
	}
	if _, _, err := remote.ReadFile(db, 1<<30); code(err) != office.ErrRemoteOp {
		t.Errorf("reading the database file: %v", err)
	}
	out := filepath.Join(dir, "out.pdf")
	if err := remote.WriteFile(out, []byte("x")); code(err) != office.ErrRemoteOp {
		t.Errorf("writing a server file: %v", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a file was written")
	}
	rcfg := cfg
	rcfg.Office = remote
	if _, err := office.Import(rcfg, []string{secret}, office.ImportOptions{}); code(err) != office.ErrRemoteOp {
		t.Errorf("importing a server file: %v", err)
	}
	var buf bytes.Buffer
	if err := remote.Backup(&buf, now); code(err) != office.ErrRemoteOp || buf.Len() != 0 {
		t.Errorf("a backup: %v", err)
	}
	if err := remote.Rekey(office.KeySource{KeyFile: filepath.Join(dir, "k")}); code(err) != office.ErrRemoteOp {
		t.Errorf("rekey: %v", err)
	}
	if _, err := remote.Check(); code(err) != office.ErrRemoteOp {
		t.Errorf("check: %v", err)
	}
	if p := remote.Path(); p != "" {
		t.Errorf("the database's path told: %q", p)
	}
	for _, op := range []office.Op{office.OpReadFile, office.OpWriteFile, office.OpOpenFile, office.OpBackup, office.OpRekey, office.OpMaintain} {
		if code(remote.Allows(op)) != office.ErrRemoteOp {
			t.Errorf("%s allowed remotely", op)
		}
	}
	// The register itself is theirs to work.
	if _, err := remote.Update(id, note); err != nil {
		t.Errorf("a remote note: %v", err)
	}
	if strings.Contains(fmt.Sprint(remote.Check()), dir) {
		t.Error("an error names a server path")
	}
}

func note(c *cases.Case) ([]cases.Event, error) {
	ev, err := c.AddNote("заметка", now, "x")
	return []cases.Event{ev}, err
}

func storeOf(t *testing.T, db string) *store.Store {
	st, err := store.Open(db, store.Options{Key: seal.Source{KeyFile: filepath.Join(filepath.Dir(db), "key")}})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// The case file's facts are written once: every fact the desk shows is in
// show's output too.
func TestCaseFactsAreOne(t *testing.T) {
	_, cfg, id, _ := team(t)
	c, _ := cfg.Office.Get(id)
	facts := office.CaseFacts(c, nil, l10n.New(cases.EN))
	labels := map[string]bool{}
	for _, f := range facts {
		labels[f.Label] = true
	}
	for _, want := range []string{"f.status", "f.basis", "f.name", "f.email", "f.channel", "f.received"} {
		if !labels[want] {
			t.Errorf("no %s among the facts: %+v", want, facts)
		}
	}
}
