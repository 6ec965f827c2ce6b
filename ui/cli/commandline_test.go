package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"privdesk/ui/cli"
)

// runTTY runs privdesk as if standard output and error were terminals of
// the given height (and nothing else it writes to).
func runTTY(t *testing.T, db string, extra map[string]string, height int, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	env := map[string]string{"PRIVDESK_DB": db, "PRIVDESK_OFFICER": "ivanova", "LANG": "en_US.UTF-8", "TERM": "xterm-256color",
		"PRIVDESK_KEY": filepath.Join(filepath.Dir(db), "test.key")}
	for k, v := range extra {
		env[k] = v
	}
	code := cli.Run(args, cli.Env{
		Stdout: &out, Stderr: &errb,
		Getenv:   func(k string) string { return env[k] },
		Now:      func() time.Time { return now },
		Terminal: func(w io.Writer) (int, int, bool) { return 100, height, w == &out || w == &errb },
	})
	return result{code, out.String(), errb.String()}
}

func TestVersion(t *testing.T) {
	r := run(t, filepath.Join(t.TempDir(), "p.db"), "--version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "privdesk version ") || strings.TrimSpace(r.stdout) == "privdesk version" {
		t.Errorf("--version: %d %q %q", r.code, r.stdout, r.stderr)
	}
}

// Each shell's completion script is generated, and names privdesk's own
// completion entry point.
func TestCompletionScripts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	for shell, want := range map[string]string{
		"bash": "__start_privdesk", "zsh": "#compdef privdesk", "fish": "complete -c privdesk",
		"powershell": "Register-ArgumentCompleter",
	} {
		r := run(t, db, "completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "__complete") {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %q", shell, r.code, len(r.stdout), r.stderr)
		}
	}
	if _, err := exec.LookPath("bash"); err == nil {
		r := run(t, db, "completion", "bash")
		script := filepath.Join(t.TempDir(), "privdesk.bash")
		os.WriteFile(script, []byte(r.stdout), 0o600)
		if out, err := exec.Command("bash", "-n", script).CombinedOutput(); err != nil {
			t.Errorf("the bash script does not parse: %v %s", err, out)
		}
	}
}

// The shell asks privdesk __complete for the words; register numbers come
// from the database, open cases first, described without personal data.
func TestCompleteRegisterNumbers(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	id1 := must(t, db, "new", "--kind", "access", "--name", "Иванова Анна", "--email", "a@example.ru", "--received", "2026-11-20")
	id2 := must(t, db, "new", "--kind", "destroy", "--name", "Петров Пётр", "--email", "p@example.ru", "--received", "2026-11-23")
	must(t, db, "close", id1, "--outcome", "withdrawn", "--reason", "отозвано письмом")
	r := run(t, db, "__complete", "show", "2026-")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], id2+"\t") || !strings.HasPrefix(lines[1], id1+"\t") || lines[2] != ":4" {
		t.Fatalf("__complete show 2026-: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, "Петров") || strings.Contains(r.stdout, "Иванова") {
		t.Errorf("completion shows a subject's name: %q", r.stdout)
	}
	if r := run(t, db, "__complete", "note", "2025"); strings.TrimSpace(r.stdout) != ":4" {
		t.Errorf("a prefix nothing matches: %q", r.stdout)
	}
	// The second word of step is a step of that case; the third its state.
	r = run(t, db, "__complete", "step", id2, "")
	if !strings.Contains(r.stdout, "requester_matched\t") || !strings.Contains(r.stdout, "data_destroyed\t") {
		t.Errorf("__complete step %s: %q", id2, r.stdout)
	}
	r = run(t, db, "__complete", "step", id2, "data_destroyed", "")
	if !strings.Contains(r.stdout, "done\n") || !strings.Contains(r.stdout, "n/a\n") {
		t.Errorf("step states: %q", r.stdout)
	}
	r = run(t, db, "__complete", "new", "--kind", "wi")
	if !strings.HasPrefix(r.stdout, "withdraw-consent\n") {
		t.Errorf("--kind values: %q", r.stdout)
	}
	// The templates that fit the case, named.
	r = run(t, db, "__complete", "letter", id2, "")
	if !strings.Contains(r.stdout, "action-notice\tNotice of the action taken\n") || strings.Contains(r.stdout, "access-answer") {
		t.Errorf("templates: %q", r.stdout)
	}
	// Completion never creates a database.
	fresh := filepath.Join(t.TempDir(), "none.db")
	if r := run(t, fresh, "__complete", "show", ""); r.code != 0 || fileExists(fresh) {
		t.Errorf("completion on a missing database: %d, created: %v", r.code, fileExists(fresh))
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func TestManPage(t *testing.T) {
	r := run(t, filepath.Join(t.TempDir(), "p.db"), "man")
	for _, want := range []string{".TH PRIVDESK 1", ".SH NAME", "privdesk", "--oldest-first", "EXIT STATUS", "PRIVDESK_DB"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("man page lacks %q", want)
		}
	}
	if _, err := exec.LookPath("man"); err == nil && r.code == 0 {
		page := filepath.Join(t.TempDir(), "privdesk.1")
		os.WriteFile(page, []byte(r.stdout), 0o600)
		cmd := exec.Command("man", "-l", page)
		cmd.Env = append(os.Environ(), "MANWIDTH=80")
		out, err := cmd.Output()
		if err != nil || !strings.Contains(string(out), "privdesk") {
			t.Errorf("man -l: %v", err)
		}
		// The header is the name, the manual's short name, the name: not
		// the description run together.
		if head, _, _ := strings.Cut(string(out), "\n"); !strings.HasPrefix(head, "PRIVDESK(1)") || !strings.Contains(head, "privdesk manual") || !strings.HasSuffix(strings.TrimSpace(head), "PRIVDESK(1)") {
			t.Errorf("man's header line: %q", head)
		}
	}
}

// The help of three commands, in both languages, as the officer reads it.
func TestHelpGolden(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	for _, lang := range []string{"en", "ru"} {
		for _, cmd := range []string{"new", "step", "list"} {
			t.Run(cmd+"_"+lang, func(t *testing.T) {
				r := run(t, db, cmd, "--help", "--lang", lang)
				if r.code != 0 {
					t.Fatalf("exit %d: %s", r.code, r.stderr)
				}
				golden.RequireEqual(t, []byte(r.stdout))
			})
		}
	}
}

// On a terminal the list is coloured, late rows red; NO_COLOR keeps bold
// but drops colours; a pipe gets no escape codes at all.
func TestListColourAndPager(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	late := must(t, db, "new", "--kind", "access", "--name", "Иванова Анна", "--email", "a@example.ru", "--received", "2026-11-02")
	must(t, db, "new", "--kind", "destroy", "--name", "Петров Пётр", "--email", "p@example.ru", "--received", "2026-11-25")
	piped := run(t, db, "list")
	if strings.Contains(piped.stdout, "\x1b") || !strings.Contains(piped.stdout, late+"  access") || !strings.Contains(piped.stdout, "! 8 days late") {
		t.Errorf("list into a pipe: %q", piped.stdout)
	}
	tty := runTTY(t, db, nil, 50, "list")
	if !strings.Contains(tty.stdout, "\x1b[1;91m"+late) && !strings.Contains(tty.stdout, "\x1b[91;1m"+late) {
		t.Errorf("a late row on a terminal is not bold red: %q", tty.stdout)
	}
	plain := runTTY(t, db, map[string]string{"NO_COLOR": "1"}, 50, "list")
	if strings.Contains(plain.stdout, "\x1b[9") || !strings.Contains(plain.stdout, "\x1b[1m") {
		t.Errorf("NO_COLOR: %q", plain.stdout)
	}
	// Taller than the terminal: through $PAGER.
	paged := runTTY(t, db, map[string]string{"PAGER": "sed 's/^/paged: /'"}, 2, "list")
	if !strings.Contains(paged.stdout, "paged: ") {
		t.Errorf("a list taller than the screen did not go through the pager: %q", paged.stdout)
	}
	if short := runTTY(t, db, map[string]string{"PAGER": "sed 's/^/paged: /'"}, 50, "list"); strings.Contains(short.stdout, "paged: ") {
		t.Errorf("a list that fits went through the pager")
	}
}

func TestRussianListAndShowOrder(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	id := must(t, db, "new", "--kind", "access", "--name", "Иванова Анна", "--email", "a@example.ru", "--received", "2026-11-20")
	must(t, db, "note", id, "первая")
	must(t, db, "note", id, "вторая")
	ru := run(t, db, "list", "--lang", "ru")
	if !strings.Contains(ru.stdout, "доступ") || !strings.Contains(ru.stdout, "новое") || strings.Contains(ru.stdout, "access") {
		t.Errorf("list --lang ru: %q", ru.stdout)
	}
	show := must(t, db, "show", id)
	if strings.Index(show, "вторая") > strings.Index(show, "первая") {
		t.Errorf("show is not newest first:\n%s", show)
	}
	old := must(t, db, "show", id, "--oldest-first")
	if strings.Index(old, "вторая") < strings.Index(old, "первая") {
		t.Errorf("show --oldest-first is not oldest first:\n%s", old)
	}
}

// "-" is standard output for every --out; nothing named "-" is created.
func TestOutDashIsStdout(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	id := must(t, db, "new", "--kind", "access", "--name", "Иванова Анна", "--email", "a@example.ru")
	scan := filepath.Join(dir, "scan.jpg")
	os.WriteFile(scan, []byte("\xff\xd8\xff\xe0 binary \x1b[2J jpeg"), 0o600)
	must(t, db, "attach", id, scan)
	t.Chdir(dir)
	r := run(t, db, "doc", id, "1", "--out", "-")
	if r.code != 0 || r.stdout != "\xff\xd8\xff\xe0 binary \x1b[2J jpeg" || fileExists(filepath.Join(dir, "-")) {
		t.Errorf("doc --out -: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runTTY(t, db, nil, 50, "doc", id, "1", "--out", "-"); r.code != 2 || r.stdout != "" {
		t.Errorf("binary to a terminal: %d %q", r.code, r.stdout)
	}
	if r := run(t, db, "journal", "--format", "json", "--out", "-"); r.code != 0 || !strings.HasPrefix(r.stdout, "[") {
		t.Errorf("journal --out -: %d %q", r.code, r.stderr)
	}
	if fileExists(filepath.Join(dir, "-")) {
		t.Error("a file named - was created")
	}
}

// Errors are one "privdesk:" line for scripts; on a terminal they are styled.
func TestErrorsForScriptsAndPeople(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	r := run(t, db, "show")
	if r.code != 2 || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "privdesk: ") {
		t.Errorf("script error: %d %q", r.code, r.stderr)
	}
	tty := runTTY(t, db, nil, 50, "show")
	if tty.code != 2 || !strings.Contains(tty.stderr, "ERROR") || !strings.Contains(tty.stderr, "--help") {
		t.Errorf("terminal error: %d %q", tty.code, tty.stderr)
	}
	if r := run(t, db); r.code != 1 || !strings.Contains(r.stderr, "no terminal") {
		t.Errorf("the desk without a terminal: %d %q", r.code, r.stderr)
	}
}

func TestPathsAndNewKeyWarning(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	r := run(t, db, "paths")
	if r.code != 0 || !strings.Contains(r.stdout, db) || !strings.Contains(r.stdout, "missing") {
		t.Errorf("paths before init: %q", r.stdout)
	}
	first := run(t, db, "init")
	if !strings.Contains(first.stderr, "created the database key") {
		t.Errorf("no warning when the key was created: %q", first.stderr)
	}
	if again := run(t, db, "list"); strings.Contains(again.stderr, "created the database key") {
		t.Errorf("the warning came twice")
	}
	r = run(t, db, "paths", "--json")
	if !strings.Contains(r.stdout, `"what": "key"`) || !strings.Contains(r.stdout, `"exists": true`) {
		t.Errorf("paths --json: %q", r.stdout)
	}
}

// While privdesk serve holds a database, local commands say so and how to
// connect; once it is gone, they work again.
func TestServedDatabaseIsRefusedLocally(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	must(t, db, "init")
	server := exec.Command("sleep", "30")
	if err := server.Start(); err != nil {
		t.Skip(err)
	}
	os.WriteFile(db+".serve", fmt.Appendf(nil, `{"pid": %d, "listen": ":2222"}`, server.Process.Pid), 0o600)
	r := run(t, db, "list")
	if r.code != 1 || !strings.Contains(r.stderr, "served by privdesk serve") || !strings.Contains(r.stderr, "ssh -p") {
		t.Errorf("a served database opened locally: %d %q", r.code, r.stderr)
	}
	server.Process.Kill()
	server.Wait()
	if r := run(t, db, "list"); r.code != 0 {
		t.Errorf("after the server stopped: %d %q", r.code, r.stderr)
	}
}

// Four eyes: with [review] on, a refusal and a destruction wait for a
// reviewer, who is not the officer who submitted them.
func TestFourEyes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	conf := filepath.Join(dir, "config.toml")
	os.WriteFile(conf, []byte("[operator]\nname = \"ООО «Тест»\"\naddress = \"Москва\"\n\n[review]\nrefusals = true\ndestruction = true\n\n[[officers]]\nlogin = \"ivanova\"\nname = \"И\"\nposition = \"о\"\n\n[[officers]]\nlogin = \"petrov\"\nname = \"П\"\nposition = \"ю\"\nrole = \"reviewer\"\n"), 0o600)
	as := func(login string, args ...string) result {
		return runEnv(t, db, map[string]string{"PRIVDESK_CONFIG": conf, "PRIVDESK_OFFICER": login}, args...)
	}
	id := strings.TrimSpace(as("ivanova", "new", "--kind", "access", "--name", "Анна", "--email", "a@example.ru").stdout)
	if r := as("ivanova", "close", id, "--outcome", "rejected"); r.code != 1 || !strings.Contains(r.stderr, "no refusal letter") {
		t.Errorf("refusal for review with no refusal letter: %d %q", r.code, r.stderr)
	}
	for _, args := range [][]string{{"letter", id, "refusal", "--ground", "14-3", "--missing", "подпись"}, {"sent", id, "1", "--via", "email"}} {
		if r := as("ivanova", args...); r.code != 0 {
			t.Fatalf("%s: %s", args, r.stderr)
		}
	}
	if r := as("ivanova", "close", id, "--outcome", "rejected", "--reason", "ч. 3 ст. 14"); r.code != 0 || !strings.Contains(r.stdout, "Submitted for review: refusal") {
		t.Fatalf("refusal with four eyes: %d %q %q", r.code, r.stdout, r.stderr)
	}
	var c caseOut
	json.Unmarshal([]byte(must(t, db, "show", id, "--json")), &c)
	if c.Status == "closed" {
		t.Fatal("the refusal took effect before review")
	}
	if r := as("ivanova", "approve", id); r.code != 1 || !strings.Contains(r.stderr, "reviewer") {
		t.Errorf("an officer approving: %d %q", r.code, r.stderr)
	}
	if r := as("petrov", "approve", id); r.code != 0 || !strings.Contains(r.stdout, "Approved") {
		t.Fatalf("the reviewer approving: %d %q %q", r.code, r.stdout, r.stderr)
	}
	json.Unmarshal([]byte(must(t, db, "show", id, "--json")), &c)
	if c.Status != "closed" || c.Outcome != "rejected" {
		t.Errorf("after approval: %s %s", c.Status, c.Outcome)
	}
	// A destruction: submitted, the document still there; the reviewer
	// who submitted one cannot approve it himself.
	id2 := strings.TrimSpace(as("petrov", "new", "--kind", "destroy", "--name", "Борис", "--email", "b@example.ru").stdout)
	scan := filepath.Join(dir, "scan.jpg")
	os.WriteFile(scan, []byte("\xff\xd8\xff scan"), 0o600)
	as("petrov", "attach", id2, scan)
	if r := as("petrov", "destroy", id2, "1", "--reason", "цель достигнута"); r.code != 0 || !strings.Contains(r.stdout, "submitted for review") {
		t.Fatalf("destroy with four eyes: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := as("petrov", "doc", id2, "1", "--out", "-"); r.code != 0 {
		t.Error("the document went before review")
	}
	if r := as("petrov", "approve", id2); r.code != 1 || !strings.Contains(r.stderr, "four eyes") {
		t.Errorf("approving one's own submission: %d %q", r.code, r.stderr)
	}
	if r := as("ivanova", "decline", id2, "--reason", "нужен акт"); r.code != 1 {
		t.Errorf("an officer declining: %d", r.code)
	}
	// Without [review], nothing waits.
	plain := filepath.Join(dir, "plain.db")
	pid := must(t, plain, "new", "--kind", "access", "--name", "В", "--email", "v@example.ru")
	if out := must(t, plain, "close", pid, "--outcome", "not-request", "--reason", "реклама"); !strings.Contains(out, "Closed") {
		t.Errorf("without review: %q", out)
	}
}
