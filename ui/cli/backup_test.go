package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A backup taken before a destruction, restored, does not bring the
// destroyed document back.
func TestRestoreReplaysDestructions(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	env := map[string]string{"PRIVDESK_BACKUP_PASSPHRASE": "correct horse battery staple"}
	scan := filepath.Join(dir, "passport.jpg")
	marker := []byte("\xff\xd8\xff\xe0 PASSPORT-BYTES-4242")
	os.WriteFile(scan, marker, 0o600)
	id := must(t, db, "new", "--kind", "password-reset", "--name", "А", "--email", "a@example.ru")
	must(t, db, "attach", id, scan)
	must(t, db, "attach", id, scan, "--label", "second")
	backup := filepath.Join(dir, "backup.age")
	if r := runEnv(t, db, env, "backup", "--out", backup); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if b, _ := os.ReadFile(backup); bytes.Contains(b, []byte("privdesk-backup")) || !bytes.HasPrefix(b, []byte("age-encryption.org/v1")) {
		t.Error("the backup is not an age file")
	}
	must(t, db, "destroy", id, "1", "--reason", "цель достигнута")
	// The database is lost; the backup is restored beside the journal.
	restored := filepath.Join(dir, "restored.db")
	os.Rename(db+".destroyed", restored+".destroyed")
	if r := runEnv(t, restored, env, "restore", backup); r.code != 0 || !strings.Contains(r.stdout, "1") {
		t.Fatalf("restore: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, restored, "doc", id, "1", "--out", filepath.Join(dir, "x.jpg")); r.code == 0 {
		t.Error("the destroyed document came back")
	}
	if out := must(t, restored, "doc", id, "2", "--out", filepath.Join(dir, "y.jpg")); out == "" {
		t.Error("the document kept was not restored")
	}
	if raw, _ := os.ReadFile(restored); bytes.Contains(raw, marker) {
		t.Error("the document's bytes are in the restored file")
	}
	if out := must(t, restored, "check"); out != "ok" {
		t.Errorf("check: %s", out)
	}
	// A wrong passphrase or a missing one: a clear error, nothing written.
	other := filepath.Join(dir, "other.db")
	if r := runEnv(t, other, map[string]string{"PRIVDESK_BACKUP_PASSPHRASE": "wrong"}, "restore", backup); r.code != 2 {
		t.Errorf("wrong passphrase: %d %q", r.code, r.stderr)
	}
	if _, err := os.Stat(other); err == nil {
		t.Error("a failed restore left a file")
	}
}

func TestRekey(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	id := must(t, db, "new", "--kind", "access", "--name", "А", "--email", "a@example.ru")
	newKey := filepath.Join(dir, "new.key")
	must(t, db, "rekey", "--new-key", newKey)
	if r := run(t, db, "show", id); r.code == 0 {
		t.Error("the old key still opens the database")
	}
	if r := run(t, db, "--key", newKey, "show", id); r.code != 0 {
		t.Errorf("the new key does not open it: %s", r.stderr)
	}
}

// restore BACKUP --db NEWPATH, the form the command's help shows, finds the
// journal of the database the backup was taken from; without any journal it
// refuses unless --no-journal is given; a damaged journal stops it.
func TestRestoreToNewPathFindsTheJournal(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	env := map[string]string{"PRIVDESK_BACKUP_PASSPHRASE": "correct horse battery staple"}
	scan := filepath.Join(dir, "passport.jpg")
	os.WriteFile(scan, []byte("\xff\xd8\xff\xe0 PASSPORT-BYTES-4242"), 0o600)
	id := must(t, db, "new", "--kind", "password-reset", "--name", "А", "--email", "a@example.ru")
	must(t, db, "attach", id, scan)
	backup := filepath.Join(dir, "backup.age")
	if r := runEnv(t, db, env, "backup", "--out", backup); r.code != 0 {
		t.Fatal(r.stderr)
	}
	must(t, db, "destroy", id, "1", "--reason", "цель достигнута")
	readable := func(path string) bool {
		return run(t, path, "doc", id, "1", "--out", "-").code == 0
	}
	// The journal the backup records, beside the database it was taken from.
	fresh := filepath.Join(dir, "new", "fresh.db")
	if r := runEnv(t, db, env, "restore", backup, "--db", fresh); r.code != 0 || !strings.Contains(r.stdout, ": 1") {
		t.Fatalf("restore --db: %d %q %s", r.code, r.stdout, r.stderr)
	}
	if readable(fresh) {
		t.Error("restore --db NEWPATH resurrected the destroyed scan")
	}
	// The old database and its journal gone from where they were: refused,
	// nothing written.
	moved := filepath.Join(dir, "moved.destroyed")
	os.Rename(db+".destroyed", moved)
	other := filepath.Join(dir, "other", "o.db")
	elsewhere := filepath.Join(dir, "elsewhere.db")
	if r := runEnv(t, elsewhere, env, "restore", backup, "--db", other); r.code == 0 || !strings.Contains(r.stderr, "--no-journal") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("no journal: %d %q", r.code, r.stderr)
	}
	if _, err := os.Stat(other); err == nil {
		t.Error("a refused restore wrote the database")
	}
	if r := runEnv(t, elsewhere, env, "restore", backup, "--db", other, "--journal", moved); r.code != 0 || readable(other) {
		t.Errorf("--journal: %d %s; scan readable: %v", r.code, r.stderr, readable(other))
	}
	risky := filepath.Join(dir, "risky.db")
	if r := runEnv(t, elsewhere, env, "restore", backup, "--db", risky, "--no-journal"); r.code != 0 || !readable(risky) {
		t.Errorf("--no-journal: %d %s", r.code, r.stderr)
	}
	// A damaged line is not skipped: it stops the restore and is named.
	f, _ := os.OpenFile(moved, os.O_APPEND|os.O_WRONLY, 0o600)
	f.WriteString("{\"at\":\"2026-11-\n")
	f.Close()
	damaged := filepath.Join(dir, "damaged.db")
	if r := runEnv(t, elsewhere, env, "restore", backup, "--db", damaged, "--journal", moved); r.code == 0 || !strings.Contains(r.stderr, "line 2") {
		t.Errorf("a damaged journal: %d %q", r.code, r.stderr)
	}
	if _, err := os.Stat(damaged); err == nil {
		t.Error("a restore with a damaged journal wrote the database")
	}
}
