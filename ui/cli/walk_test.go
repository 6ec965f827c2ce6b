package cli_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"privdesk/assets"
	"privdesk/cases"
)

// walks take a request of each kind to its end by the command line, with the
// facts each document needs recorded first.
var walks = map[cases.Kind][][]string{
	cases.KindAccess: {{"step", "ID", "request_details", "done"}, {"step", "ID", "identity_confirmed", "done", "--method", "document"},
		{"found", "ID", "--system", "CRM «Демо-Клиенты»", "--categories", "фамилия, имя, отчество; адрес электронной почты"},
		{"found", "ID", "--system", "биллинг «Демо-Счета»", "--nothing"}},
	cases.KindRectify: {{"step", "ID", "requester_matched", "done", "--method", "email"}, {"step", "ID", "data_rectified", "done"}},
	cases.KindDestroy: {{"step", "ID", "requester_matched", "done", "--method", "email"}, {"step", "ID", "data_located", "done"},
		{"step", "ID", "data_destroyed", "done", "--system", "CRM «Демо-Клиенты»", "--how", "удаление записей средствами СУБД", "--categories", "адрес электронной почты; номер телефона"}},
	cases.KindBlock: {{"step", "ID", "data_blocked", "done"}, {"edit", "ID", "--branch", "inaccurate"}, {"step", "ID", "data_rectified", "done"}, {"step", "ID", "data_unblocked", "done"}},
	cases.KindWithdrawConsent: {{"step", "ID", "requester_matched", "done", "--method", "email"}, {"step", "ID", "processing_stopped", "done"},
		{"step", "ID", "data_destroyed", "done", "--system", "CRM «Демо-Клиенты»", "--how", "удаление записей средствами СУБД", "--categories", "адрес электронной почты"}},
	cases.KindStopProcessing:  {{"step", "ID", "requester_matched", "done", "--method", "email"}, {"step", "ID", "processing_stopped", "done"}},
	cases.KindMarketingOptout: {{"step", "ID", "requester_matched", "done", "--method", "email"}, {"step", "ID", "unsubscribed", "done"}},
	cases.KindPasswordReset:   {{"step", "ID", "doc_requested", "done"}, {"step", "ID", "doc_received", "done"}, {"step", "ID", "doc_matches", "done"}},
	cases.KindAuthority:       {{"edit", "ID", "--branch", "complaint"}, {"step", "ID", "data_blocked", "done"}},
	cases.KindIncident: {{"incident", "ID", "--causes", "ошибка настройки", "--harm", "раскрытие адресов", "--measures", "доступ закрыт",
		"--contact", "Иванова А. П.", "--categories", "адрес электронной почты", "--investigation", "скачиваний не было", "--responsible", "не установлены"}},
	cases.KindOther: {},
}

// letterArgs are what the templates ask beyond the recorded facts.
var letterArgs = map[string][]string{
	"extension-notice":   {"--reason", "поиск данных в архиве"},
	"third-party-notice": {"--recipient", "ООО «Партнёр»", "--data", "адрес электронной почты", "--new-values", "адрес электронной почты: new@example.ru"},
	"authority-answer": {"--office", "Управление Роскомнадзора по ЦФО", "--office-address", "117997, Москва, Старокаширское ш., д. 2",
		"--ref", "12-345", "--ref-date", "2026-11-20", "--checked", "данные в CRM сверены", "--info", "сведения о порядке обработки", "--result-date", "2026-12-10"},
	"remedy-notice": {"--office", "Управление Роскомнадзора по ЦФО", "--office-address", "117997, Москва, Старокаширское ш., д. 2",
		"--ref", "12-345", "--ref-date", "2026-11-20", "--checked", "данные в CRM сверены"},
}

// refusalArgs are a refusal's ground and facts for each kind.
var refusalArgs = map[cases.Kind][]string{
	cases.KindAccess:        {"--ground", "14-3", "--missing", "собственноручная подпись"},
	cases.KindPasswordReset: {"--ground", "identity", "--details", "фамилия в документе иная"},
}

// english and iso are what a Russian document must not show: the machine
// ids of kinds, channels, statuses, outcomes, ways a letter left, and a
// date written as 2026-11-25.
var (
	english = regexp.MustCompile(`(?i)\b(access|rectify|destroy|withdraw-consent|stop-processing|marketing-optout|password-reset|authority|incident|in_progress|verifying|fulfilled|rejected|withdrawn|in-person|email|web|post|portal)\b`)
	iso     = regexp.MustCompile(`\b20\d\d-\d\d-\d\d\b`)
	// lowerYou is "you" in lower case: a Russian letter writes «Вы», «Ваш».
	lowerYou = regexp.MustCompile(`(?:^|[^\p{L}])(вы|вас|вам|вами|ваш[а-я]*)(?:[^\p{L}]|$)`)
)

// Every kind of request is walked to its end by the command line; every
// document it offers is issued, printed to PDF and read back with
// pdftotext: no English id, no ISO date, no "Исх. № ИСХ" in a Russian
// document.
func TestEveryKindWalkedToItsEndInRussian(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not installed (.ci/run installs poppler-utils)")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, append(append([]byte{}, assets.DemoConfig...), "\n[documents]\npaper_method = \"измельчение в шредере\"\n"...), 0o600)
	env := map[string]string{"PRIVDESK_CONFIG": cfg, "PRIVDESK_OFFICER": "demo"}
	do := func(args ...string) string {
		t.Helper()
		r := runEnv(t, db, env, append([]string{"--lang", "ru"}, args...)...)
		if r.code != 0 {
			t.Fatalf("privdesk %s: %s", strings.Join(args, " "), r.stderr)
		}
		return strings.TrimSpace(r.stdout)
	}
	read := func(pdf string) string {
		t.Helper()
		out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", pdf, err)
		}
		return string(out)
	}
	check := func(what, text string) {
		t.Helper()
		for _, bad := range []*regexp.Regexp{english, iso, lowerYou, regexp.MustCompile(`Исх\. № ИСХ`)} {
			if m := bad.FindString(text); m != "" {
				t.Errorf("%s shows %q:\n%s", what, m, text)
			}
		}
	}
	printed := 0
	for _, k := range cases.Kinds {
		id := walkNew(t, do, k)
		for _, step := range walks[k] {
			do(replaceID(step, id)...)
		}
		printed += issueEvery(t, do, func(what, pdf string) { check(what, read(pdf)) }, dir, k, id)
		if k == cases.KindDestroy || k == cases.KindWithdrawConsent {
			pdf := filepath.Join(dir, id+"-act.pdf")
			do("act", id, "--format", "pdf", "--out", pdf)
			check(string(k)+"/act", read(pdf))
			printed++
		}
		if k == cases.KindOther {
			do("close", id, "--outcome", "not-request", "--reason", "рекламная рассылка")
		} else {
			do("close", id, "--outcome", "fulfilled")
		}
	}
	t.Logf("%d documents printed and read back", printed)
	if printed < 20 {
		t.Errorf("only %d documents printed", printed)
	}
	for _, f := range []string{"journal", "report"} {
		pdf := filepath.Join(dir, f+".pdf")
		if f == "journal" {
			do("journal", "--format", "pdf", "--out", pdf)
		} else {
			do("report", "--period", "2026-11", "--format", "pdf", "--out", pdf)
		}
		check(f, read(pdf))
	}
}

// walkNew registers a request of kind k.
func walkNew(t *testing.T, do func(...string) string, k cases.Kind) string {
	t.Helper()
	switch k {
	case cases.KindIncident:
		return do("new", "--kind", "incident", "--detected", "2026-11-25 09:00", "--description", "выгрузка CRM в открытом доступе",
			"--system", "CRM «Демо-Клиенты»", "--subjects", "120", "--records", "400")
	case cases.KindAuthority:
		return do("new", "--kind", "authority", "--channel", "authority", "--name", "Смирнова Елена Викторовна",
			"--email", "smirnova@example.ru", "--summary", "жалоба субъекта на обработку")
	}
	return do("new", "--kind", string(k), "--name", "Смирнова Елена Викторовна", "--email", "smirnova@example.ru",
		"--phone", "+7 916 000-11-22", "--summary", "обращение")
}

// offered lists the templates the case offers, from letters --json's
// sibling: the command line's completion of the template argument.
func offered(t *testing.T, do func(...string) string, id string) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(do("__complete", "letter", id, ""), "\n") {
		if name, _, _ := strings.Cut(line, "\t"); name != "" && !strings.HasPrefix(name, ":") {
			out = append(out, name)
		}
	}
	return out
}

func replaceID(args []string, id string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = strings.ReplaceAll(a, "ID", id)
	}
	return out
}

// issueEvery issues every template the case offers, prints each to PDF and
// hands it to check; it returns how many it printed.
func issueEvery(t *testing.T, do func(...string) string, check func(what, pdf string), dir string, k cases.Kind, id string) int {
	t.Helper()
	printed := 0
	for _, tpl := range offered(t, do, id) {
		args := append([]string{"letter", id, tpl}, letterArgs[tpl]...)
		if tpl == "refusal" {
			args = append(args, refusalArgs[k]...)
			if refusalArgs[k] == nil {
				args = append(args, "--ground", "law", "--law", "Федеральный закон от 07.08.2001 № 115-ФЗ", "--article", "7", "--part", "1", "--details", "сведения о проверке")
			}
		}
		no := regexp.MustCompile(`письмо (\d+) дела`).FindStringSubmatch(do(args...))
		if no == nil {
			t.Fatalf("%s: no letter number", tpl)
		}
		pdf := filepath.Join(dir, fmt.Sprintf("%s-%s.pdf", id, tpl))
		do("print", id, no[1], "--format", "pdf", "--out", pdf)
		check(string(k)+"/"+tpl, pdf)
		printed++
	}
	return printed
}

// Art. 20 p. 3: a notice to a third party records the recipient's
// confirmation, which the journal shows.
func TestArt20p3ThirdPartyConfirms(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, assets.DemoConfig, 0o600)
	env := map[string]string{"PRIVDESK_CONFIG": cfg, "PRIVDESK_OFFICER": "demo"}
	do := func(args ...string) result {
		return runEnv(t, db, env, append([]string{"--lang", "ru"}, args...)...)
	}
	id := strings.TrimSpace(do("new", "--kind", "rectify", "--name", "Смирнова Елена Викторовна", "--email", "s@example.ru").stdout)
	do("step", id, "data_rectified", "done")
	do("letter", id, "third-party-notice", "--recipient", "ООО «Партнёр»", "--data", "e-mail", "--new-values", "e-mail: n@example.ru")
	if r := do("confirmed", id, "1"); r.code != 1 {
		t.Errorf("a notice not yet sent confirmed: %d %s", r.code, r.stderr)
	}
	do("sent", id, "1", "--via", "email")
	if r := do("confirmed", id, "1", "--note", "письмо № 15"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	out := filepath.Join(dir, "j.csv")
	do("journal", "--out", out)
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "ООО «Партнёр» 25.11.2026 (подтверждено 25.11.2026)") {
		t.Errorf("the journal does not show the confirmation:\n%s", b)
	}
}

// A note is the rest of the line: no quoting needed (here, and over SSH,
// where every word arrives as its own argument).
func TestNoteIsTheRestOfTheLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	id := must(t, db, "new", "--kind", "access", "--name", "А", "--email", "a@example.ru")
	must(t, db, "note", id, "called", "back", "today")
	if show := must(t, db, "show", id, "--json"); !strings.Contains(show, `"called back today"`) {
		t.Errorf("the note: %s", show)
	}
}

// The journal names the representative and the power of attorney, where a
// request came through one.
func TestJournalNamesTheRepresentative(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	must(t, db, "new", "--kind", "access", "--name", "Смирнова Елена", "--email", "s@example.ru",
		"--representative", "Петров П. П., доверенность № 77 АБ 123 от 01.11.2026")
	out := filepath.Join(dir, "j.csv")
	must(t, db, "--lang", "ru", "journal", "--out", out)
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "Представитель и доверенность") || !strings.Contains(string(b), "доверенность № 77 АБ 123") {
		t.Errorf("no representative in the journal:\n%s", b)
	}
}

// show points to the earlier request with a command, not with the desk's key.
func TestShowNamesNoDeskKey(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	first := must(t, db, "new", "--kind", "access", "--name", "А", "--email", "a@example.ru", "--received", "2026-11-02")
	again := must(t, db, "new", "--kind", "access", "--name", "А", "--email", "a@example.ru")
	out := must(t, db, "show", again)
	if !strings.Contains(out, "privdesk show "+first) || strings.Contains(out, "[ opens") {
		t.Errorf("show of a repeat:\n%s", out)
	}
}
