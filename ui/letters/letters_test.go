package letters_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/ui/l10n"
	"privdesk/ui/letters"
	"privdesk/ui/office/config"
)

var now = time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Moscow)

func demoSettings(t *testing.T) config.Settings {
	t.Helper()
	set, err := config.ParseSettings(assets.DemoConfig, "demo.toml")
	if err != nil {
		t.Fatal(err)
	}
	if m := set.Processing.Missing(); len(m) != 0 {
		t.Fatalf("the demo register lacks %v", m)
	}
	return set
}

func rules(t *testing.T) *cases.Rules {
	cal, err := cases.ParseCalendar(assets.Calendar)
	if err != nil {
		t.Fatal(err)
	}
	steps, _ := cases.ParseSteps(assets.Steps)
	return &cases.Rules{Cal: cal, Steps: steps}
}

func demoCase(t *testing.T, k cases.Kind) *cases.Case {
	t.Helper()
	in := cases.Intake{Kind: k, Received: now.Add(-48 * time.Hour), Summary: "Прошу сообщить, какие данные обрабатываются",
		Subject: cases.Subject{Name: "Иванова Анна Петровна", Email: "anna@example.ru", Account: "u123"}}
	if k == cases.KindIncident {
		in.Subject = cases.Subject{}
		in.Incident = &cases.Incident{DetectedBy: "operator", DetectedAt: in.Received, Description: "Выгрузка CRM в открытом доступе", System: "CRM «Демо-Клиенты»",
			Categories: []string{"ФИО", "e-mail"}, Subjects: 1200, Records: 5000, Causes: "ошибка настройки хранилища",
			Harm: "раскрытие адресов", Measures: "доступ закрыт, ключи сменены", Investigation: "доступ был открыт 3 часа; скачиваний не было",
			Responsible: "не установлены"}
	}
	c, _, err := cases.New(in, rules(t), now, "demo")
	if err != nil {
		t.Fatal(err)
	}
	c.ID = cases.ID{Year: 2026, N: 7}
	if k == cases.KindAuthority { // a complaint: the data blocked
		if _, err := c.SetBranch("complaint", rules(t), now, "demo"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.MarkStep("data_blocked", cases.StepDone, "", "", now, "demo"); err != nil {
			t.Fatal(err)
		}
	}
	switch k { // the measure a notice reports
	case cases.KindDestroy:
		mark := cases.StepMark{State: cases.StepDone, Destruction: &cases.Destruction{System: "CRM «Демо-Клиенты»",
			How: "удаление записей средствами СУБД", Categories: []string{"адрес электронной почты"}}}
		if _, err := c.Mark("data_destroyed", mark, now, "demo"); err != nil {
			t.Fatal(err)
		}
	case cases.KindRectify:
		if _, err := c.MarkStep("data_rectified", cases.StepDone, "", "", now, "demo"); err != nil {
			t.Fatal(err)
		}
	}
	if k == cases.KindAccess {
		found := []cases.Finding{
			{System: "CRM «Демо-Клиенты»", Categories: []string{"фамилия, имя, отчество", "адрес электронной почты"},
				Values: map[string]string{"адрес электронной почты": "anna@example.ru"}},
			{System: "биллинг «Демо-Счета»"},
		}
		for _, f := range found {
			if _, err := c.RecordFound(f, nil, now, "demo"); err != nil {
				t.Fatal(err)
			}
		}
	}
	return c
}

// mandatory are the items section 2 of duties-and-letters.md requires of
// each letter, beyond the header every letter has.
var mandatory = map[string]struct {
	kind cases.Kind
	args map[string]string
	ru   []string
	en   []string
}{
	"access-answer": {cases.KindAccess, nil,
		[]string{"ч. 7 ст. 14", "осуществляет обработку", "согласие субъекта", "предоставление Сервисов", "3. **Цели и способы обработки.** Автоматизированная обработка", "налоговые", "CRM «Демо-Клиенты»: фамилия, имя, отчество; адрес электронной почты (адрес электронной почты: anna@example.ru)", "биллинг «Демо-Счета»: Ваших данных нет", "сам субъект при регистрации", "3 лет после её закрытия", "privacy@demo.example", "8. **Трансграничная передача.** Не осуществляется", "ООО «Демо-Платежи»", "раздел 10 Политики", "ч. 2 ст. 14"},
		[]string{"Art. 14 p. 7", "processes your personal data", "none of your data", "согласие субъекта", "Cross-border", "ООО «Демо-Платежи»", "Art. 18.1"}},
	"refusal": {cases.KindAccess, map[string]string{"ground": "14-3", "missing": "номер паспорта, дата выдачи"},
		[]string{"ч. 3 ст. 14 152-ФЗ", "номер паспорта, дата выдачи", "ч. 2 ст. 20", "Роскомнадзор"},
		[]string{"152-FZ Art. 14 p. 3", "номер паспорта, дата выдачи", "Art. 20 p. 2"}},
	"extension-notice": {cases.KindAccess, map[string]string{"reason": "поиск данных в архиве"},
		[]string{"продлевается на пять рабочих дней", "поиск данных в архиве", "ч. 3 ст. 14"},
		[]string{"extended by five working days", "поиск данных в архиве"}},
	"action-notice": {cases.KindDestroy, nil,
		[]string{"Данные уничтожены (система, способ, категории) — 25.11.2026", "система: CRM «Демо-Клиенты»", "данные: адрес электронной почты", "ч. 3 ст. 20 152-ФЗ"},
		[]string{"Data destroyed", "system: CRM «Демо-Клиенты»"}},
	"third-party-notice": {cases.KindRectify, map[string]string{"recipient": "ООО «Партнёр»", "data": "адрес электронной почты", "new_values": "адрес электронной почты: anna.new@example.ru"},
		[]string{"Кому: ООО «Партнёр»", "# Уведомление об уточнении персональных данных", "(фамилия, имя, отчество: Иванова Анна Петровна; адрес электронной почты: anna@example.ru",
			"Данные уточнены — 25.11.2026", "anna.new@example.ru", "ч. 3 ст. 20"},
		[]string{"ООО «Партнёр»", "Notice of the rectification", "Art. 20 p. 3"}},
	"incident-24h": {cases.KindIncident, nil,
		[]string{"п. 1 ч. 3.1 ст. 21", "ООО «Демо-Сервис»", "оператор", "Выгрузка CRM", "ошибка настройки", "раскрытие адресов", "1200 субъектов", "5000 записей", "доступ закрыт", "dpo@demo.example", "+7 000 000-00-00"},
		[]string{"Art. 21 p. 3.1 item 1", "about 1200 subjects", "dpo@demo.example"}},
	"incident-72h": {cases.KindIncident, nil,
		[]string{"п. 2 ч. 3.1 ст. 21", "скачиваний не было", "не установлены"},
		[]string{"Art. 21 p. 3.1 item 2", "скачиваний не было"}},
	"authority-answer": {cases.KindAuthority, rkn(map[string]string{"info": "сведения о порядке обработки", "result_date": "2026-12-10"}),
		[]string{"Кому: Управление Роскомнадзора по Центральному федеральному округу", "Москва, Старокаширское ш., д. 2", "На Ваш запрос № 12-345 от 20.11.2026",
			"ИНН 7700000000, ОГРН 1027700000000", "ч. 4 ст. 20", "сведения о порядке обработки", "заблокирована с", "Проведена проверка:", "не позднее 10.12.2026"},
		[]string{"your request No. 12-345 of 2026-11-20", "Art. 20 p. 4", "INN 7700000000"}},
	"remedy-notice": {cases.KindAuthority, rkn(nil),
		[]string{"ч. 3 ст. 21", "На Ваш запрос № 12-345 от 20.11.2026", "Данные заблокированы — ", "Проведена проверка:"},
		[]string{"Art. 21 p. 3", "Data blocked — "}},
	"reset-document-request": {cases.KindPasswordReset, nil,
		[]string{"раздел 11", "удостоверяющего личность", "будет уничтожен", "ч. 4 ст. 21"},
		[]string{"section 11", "identity document", "destroyed within 30 days"}},
	"reset-link-sent": {cases.KindPasswordReset, nil,
		[]string{"направлена на адрес электронной почты", "anna@example.ru"},
		[]string{"sent to the account's own e-mail address", "anna@example.ru"}},
}

// rkn adds to args what an answer to Roskomnadzor's request cites.
func rkn(args map[string]string) map[string]string {
	out := map[string]string{"office": "Управление Роскомнадзора по Центральному федеральному округу",
		"office_address": "117997, Москва, Старокаширское ш., д. 2", "ref": "12-345", "ref_date": "2026-11-20",
		"checked": "данные субъекта в CRM сверены с документами"}
	for k, v := range args {
		out[k] = v
	}
	return out
}

func TestEveryTemplateInBothLanguages(t *testing.T) {
	set := demoSettings(t)
	if len(mandatory) != len(letters.Templates) {
		t.Fatalf("%d templates, %d checked", len(letters.Templates), len(mandatory))
	}
	for _, tpl := range letters.Templates {
		want := mandatory[tpl.Name]
		c := demoCase(t, want.kind)
		if c.Kind == cases.KindIncident {
			c.Subject = cases.Subject{}
		}
		for lang, items := range map[cases.Lang][]string{cases.RU: want.ru, cases.EN: want.en} {
			l, err := letters.Write(letters.Request{Case: c, Template: tpl.Name, Lang: lang, Args: want.args, Officer: "demo",
				Now: now, Settings: set, Cal: rules(t).Cal}, "2026-0042")
			if err != nil {
				t.Errorf("%s/%s: %v", tpl.Name, lang, err)
				continue
			}
			// The date of the letter as its language writes dates.
			today := map[cases.Lang]string{cases.RU: "25.11.2026", cases.EN: "2026-11-25"}[lang]
			header := []string{"2026-0042", today, "ООО «Демо-Сервис»", "2026-0007", "Демонстрационный Сотрудник Иванович", "(демо)"}
			for _, s := range append(header, items...) {
				if !strings.Contains(l.Body, s) {
					t.Errorf("%s/%s lacks %q:\n%s", tpl.Name, lang, s, l.Body)
				}
			}
			if strings.Contains(l.Body, "<no value>") || strings.Contains(l.Body, "%!") {
				t.Errorf("%s/%s has a hole:\n%s", tpl.Name, lang, l.Body)
			}
		}
	}
}

func TestMissingRegisterFieldIsNamed(t *testing.T) {
	set := demoSettings(t)
	set.Processing.Sources = ""
	_, err := letters.Write(letters.Request{Case: demoCase(t, cases.KindAccess), Template: "access-answer", Lang: cases.RU,
		Officer: "demo", Now: now, Settings: set}, "1")
	if ce, ok := err.(*cases.Error); !ok || ce.Code != cases.ErrLetterField || ce.Args[0] != "processing.sources" {
		t.Errorf("a missing register field: %v", err)
	}
	set = demoSettings(t)
	if _, err := letters.Write(letters.Request{Case: demoCase(t, cases.KindAccess), Template: "access-answer", Lang: cases.RU,
		Officer: "nobody", Now: now, Settings: set}, "1"); err == nil || !strings.Contains(err.Error(), "officers") {
		t.Errorf("a signatory without an [[officers]] entry: %v", err)
	}
	if _, err := letters.Write(letters.Request{Case: demoCase(t, cases.KindAccess), Template: "refusal", Lang: cases.RU,
		Officer: "demo", Now: now, Settings: set}, "1"); err == nil || !strings.Contains(err.Error(), "ground") {
		t.Errorf("a refusal without its ground: %v", err)
	}
}

// The PDF carries the Russian text intact: pdftotext reads it back.
func TestPDFKeepsRussianText(t *testing.T) {
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not installed (.ci/run installs poppler-utils)")
	}
	set := demoSettings(t)
	l, err := letters.Write(letters.Request{Case: demoCase(t, cases.KindAccess), Template: "access-answer", Lang: cases.RU,
		Officer: "demo", Now: now, Settings: set, Cal: rules(t).Cal}, "2026-0042")
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := letters.PDF(l, cases.Party{Name: set.Operator.Name, Address: set.Operator.Address})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "l.pdf")
	os.WriteFile(path, pdf, 0o600)
	out, err := exec.Command(tool, "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Ответ на запрос о предоставлении сведений", "Исх. № 2026-0042", "Кому: Ивановой А. П.",
		"ч. 7 ст. 14", "Демонстрационный Сотрудник Иванович", "стр. 1 из"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
}

// An extension notice written after the term ran out is refused: it could
// not extend it (152-FZ Art. 14 p. 3, Art. 20 p. 1).
func TestLateExtensionNoticeRefused(t *testing.T) {
	c := demoCase(t, cases.KindAccess)
	req := letters.Request{Case: c, Template: "extension-notice", Lang: cases.RU, Args: map[string]string{"reason": "архив"},
		Officer: "demo", Settings: demoSettings(t), Cal: rules(t).Cal}
	req.Now = c.Milestones[0].DueAt.Add(-time.Hour)
	if _, err := letters.Write(req, "2026-0001"); err != nil {
		t.Fatalf("a notice on the last day: %v", err)
	}
	req.Now = c.Milestones[0].DueAt.Add(24 * time.Hour)
	var ce *cases.Error
	if _, err := letters.Write(req, "2026-0002"); !errors.As(err, &ce) || ce.Code != cases.ErrNoticeLate {
		t.Errorf("a notice after the term: %v, want notice_late", err)
	}
}

// Markdown in a subject's name or a letter's argument is printed as the
// characters it is: it never makes a heading, bold text, a link or a list
// of the official letter.
func TestMarkdownInDataIsText(t *testing.T) {
	c := demoCase(t, cases.KindAccess)
	c.Subject.Name = "**Жирная** # [ссылка](http://evil.example) <b>x</b> _a_"
	args := map[string]string{"ground": "14-3", "missing": "подпись", "details": "данные удалены\n# Заголовок\n- пункт\n1. первый\n---"}
	l, err := letters.Write(letters.Request{Case: c, Template: "refusal", Lang: cases.RU, Args: args, Officer: "demo",
		Now: now, Settings: demoSettings(t), Cal: rules(t).Cal}, "1")
	if err != nil {
		t.Fatal(err)
	}
	page, err := letters.HTML(l)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, bad := range []string{"<strong>Жирная", "<a href", "<h1>Заголовок", "<li>", "<b>x", "<em>a", "<hr"} {
		if strings.Contains(html, bad) {
			t.Errorf("data became markup %q:\n%s", bad, html)
		}
	}
	for _, kept := range []string{"**Жирная**", "[ссылка](http://evil.example)", "&lt;b&gt;x&lt;/b&gt;", "# Заголовок", "- пункт", "1. первый"} {
		if !strings.Contains(html, kept) {
			t.Errorf("the text %q is not printed as it is:\n%s", kept, html)
		}
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return
	}
	pdf, err := letters.PDF(l, cases.Party{Name: "ООО «Демо»", Address: "Москва"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "l.pdf")
	os.WriteFile(path, pdf, 0o600)
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if text := string(out); !strings.Contains(text, "**Жирная** # [ссылка](http://evil.example) <b>x</b> _a_") || strings.Contains(text, `\`) {
		t.Errorf("the PDF does not print the name as it is:\n%s", text)
	}
}

// Art. 14 p. 7 item 5: the answer tells the subject her own data, as the
// searches found them, never the register's every category; without a
// search it is refused, unless the officer chose the register's list,
// which the letter then names as such.
func TestArt14p7Item5ListsWhatWasFound(t *testing.T) {
	set := demoSettings(t)
	req := func(c *cases.Case, args map[string]string) letters.Request {
		return letters.Request{Case: c, Template: "access-answer", Lang: cases.RU, Args: args, Officer: "demo", Now: now, Settings: set, Cal: rules(t).Cal}
	}
	l, err := letters.Write(req(demoCase(t, cases.KindAccess), nil), "2026-0042")
	if err != nil {
		t.Fatal(err)
	}
	item5 := l.Body[strings.Index(l.Body, "5. **"):strings.Index(l.Body, "6. **")]
	for _, absent := range []string{"данные платёжной карты", "документ, удостоверяющий личность"} {
		if strings.Contains(item5, absent) {
			t.Errorf("the answer tells the subject of %q, which was not found:\n%s", absent, l.Body)
		}
	}
	bare := demoCase(t, cases.KindAccess)
	bare.Found = nil
	var ce *cases.Error
	if _, err := letters.Write(req(bare, nil), "2026-0042"); !errors.As(err, &ce) || ce.Code != letters.ErrNotSearched {
		t.Errorf("an answer with no search recorded: %v", err)
	}
	l, err = letters.Write(req(bare, map[string]string{"register_list": "yes"}), "2026-0042")
	if err != nil || !strings.Contains(l.Body, "Перечень категорий по реестру оператора (поиск Ваших данных по системам не проводился)") {
		t.Errorf("the register's list is not labelled: %v\n%s", err, l.Body)
	}
	nothing := demoCase(t, cases.KindAccess)
	nothing.Found = []cases.Finding{{System: "CRM «Демо-Клиенты»"}}
	if l, err = letters.Write(req(nothing, nil), "2026-0042"); err != nil || !strings.Contains(l.Body, "не осуществляет обработку Ваших") {
		t.Errorf("no data found, yet processing confirmed: %v\n%s", err, l.Body)
	}
}

// The timeline names a letter by its title: every template has one in the
// catalog, in the words the letter itself uses.
func TestEveryTemplateTitledInTheCatalog(t *testing.T) {
	for _, tpl := range letters.Templates {
		for _, lang := range []cases.Lang{cases.RU, cases.EN} {
			if got := l10n.New(lang).T("tpl." + tpl.Name); got != tpl.Title.In(lang) {
				t.Errorf("tpl.%s/%s = %q, the template says %q", tpl.Name, lang, got, tpl.Title.In(lang))
			}
		}
	}
}
