package office_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/store"
	"privdesk/store/seal"
	"privdesk/ui/office"
	"privdesk/ui/office/config"
)

var now = time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Moscow)

func newConfig(tb testing.TB) office.Config { return configIn(tb, tb.TempDir()) }

func configIn(tb testing.TB, dir string) office.Config {
	st, err := store.Open(filepath.Join(dir, "p.db"), store.Options{Key: seal.Source{KeyFile: filepath.Join(dir, "key")}, Create: true})
	if err != nil {
		tb.Fatal(err)
	}
	cal, _ := cases.ParseCalendar(assets.Calendar)
	steps, _ := cases.ParseSteps(assets.Steps)
	set, _ := config.LoadSettings("")
	return office.Config{Office: office.Local(st, set, "bench", config.RoleOfficer), Rules: &cases.Rules{Cal: cal, Steps: steps}, Officer: "bench",
		Now: func() time.Time { return now }, Settings: set}
}

func writeJSON(tb testing.TB, n int) string {
	recs := make([]map[string]string, n)
	for i := range recs {
		recs[i] = map[string]string{"kind": cases.Kinds[i%len(cases.Kinds)].String(), "name": fmt.Sprintf("Субъект %d", i),
			"email": fmt.Sprintf("s%d@example.ru", i), "received": "2026-11-20", "summary": "Запрос с веб-формы", "external_id": fmt.Sprint("web-", i)}
	}
	b, _ := json.Marshal(recs)
	path := filepath.Join(tb.TempDir(), "web.json")
	os.WriteFile(path, b, 0o600)
	return path
}

func writeMbox(tb testing.TB, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "From s%d@example.ru Mon Nov 23 09:00:00 2026\n", i)
		fmt.Fprintf(&b, "From: Отправитель %d <s%d@example.ru>\nSubject: Прошу удалить мои данные\nMessage-ID: <m%d@example.ru>\nDate: Mon, 23 Nov 2026 09:00:00 +0300\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nЗдравствуйте. Прошу удалить мои данные и аккаунт.\n%s\n\n",
			i, i, i, strings.Repeat("Текст письма. ", 40))
	}
	path := filepath.Join(tb.TempDir(), "inbox.mbox")
	os.WriteFile(path, []byte(b.String()), 0o600)
	return path
}

func TestImportCounts(t *testing.T) {
	cfg := newConfig(t)
	rep, err := office.Import(cfg, []string{writeJSON(t, 50), writeMbox(t, 30)}, office.ImportOptions{})
	if err != nil || len(rep.Created) != 80 || len(rep.Invalid) != 0 || !rep.Written {
		t.Fatalf("%d created, %v invalid, %v", len(rep.Created), rep.Invalid, err)
	}
	if _, err := office.Files([]string{"/no/such/path"}); err == nil {
		t.Error("a missing path must be refused")
	}
}

func benchImport(b *testing.B, path string, want int) {
	for b.Loop() {
		b.StopTimer()
		cfg := newConfig(b)
		b.StartTimer()
		rep, err := office.Import(cfg, []string{path}, office.ImportOptions{})
		if err != nil || len(rep.Created) != want {
			b.Fatalf("%d created, %v", len(rep.Created), err)
		}
	}
}

// BenchmarkImportJSON10k: target under 5 s on the 2-core machine.
func BenchmarkImportJSON10k(b *testing.B) { benchImport(b, writeJSON(b, 10_000), 10_000) }

// BenchmarkImportMbox1000: target under 10 s on the 2-core machine.
func BenchmarkImportMbox1000(b *testing.B) { benchImport(b, writeMbox(b, 1000), 1000) }

// config.toml's officers: a role or a key it cannot use is an error that
// names the officer and says what to write.
func TestOfficersRolesAndKeys(t *testing.T) {
	for conf, want := range map[string]string{
		"[[officers]]\nlogin = \"a\"\nrole = \"boss\"\n":                     `officer "a" has role "boss": use one of officer, reviewer, admin, auditor`,
		"[[officers]]\nlogin = \"b\"\nkeys = [\"ssh-ed25519 not-base64\"]\n": `officer "b", keys[0] is not an authorized_keys line`,
	} {
		if _, err := config.ParseSettings([]byte(conf), "config.toml"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v", conf, err)
		}
	}
	set, err := config.ParseSettings([]byte("[[officers]]\nlogin = \"c\"\nrole = \"auditor\"\n"), "config.toml")
	if err != nil || set.Officers[0].RoleOf() != config.RoleAuditor || office.MayReview(set.Officers[0].RoleOf()) {
		t.Errorf("an auditor: %v %+v", err, set.Officers)
	}
}
