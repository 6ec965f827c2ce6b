// Package letters writes the documents an officer sends: it fills the
// embedded templates (or the officer's own) from a case, the processing
// register and the configuration, renders them as Markdown, HTML and PDF,
// and sends them by e-mail.
package letters

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/ui/office/config"
)

// Template describes one kind of letter.
type Template struct {
	Name    string
	Kinds   []cases.Kind // the kinds it fits; nil: any but an incident
	Answers string       // the milestone a sent letter meets
	ToRKN   bool         // addressed to Roskomnadzor, not the subject
	Title   cases.Text
}

// Templates lists the letters privdesk writes (duties-and-letters.md
// section 2).
var Templates = []Template{
	{"access-answer", []cases.Kind{cases.KindAccess}, "answer", false, cases.Text{RU: "Ответ на запрос о предоставлении сведений", EN: "Answer to a request for information"}},
	{"refusal", refusalKinds(), "answer", false, cases.Text{RU: "Мотивированный отказ", EN: "Reasoned refusal"}},
	{"extension-notice", []cases.Kind{cases.KindAccess, cases.KindStopProcessing, cases.KindAuthority}, "", false, cases.Text{RU: "Уведомление о продлении срока", EN: "Notice of extension"}},
	{"action-notice", []cases.Kind{cases.KindRectify, cases.KindDestroy, cases.KindBlock, cases.KindWithdrawConsent, cases.KindStopProcessing, cases.KindMarketingOptout}, "", false, cases.Text{RU: "Уведомление о принятых мерах", EN: "Notice of the action taken"}},
	{"third-party-notice", []cases.Kind{cases.KindRectify, cases.KindDestroy, cases.KindBlock, cases.KindWithdrawConsent}, "", false, cases.Text{RU: "Уведомление третьему лицу", EN: "Notice to a third party"}},
	{"incident-24h", []cases.Kind{cases.KindIncident}, "notify24", true, cases.Text{RU: "Уведомление РКН об инциденте (24 часа)", EN: "Incident notice to Roskomnadzor (24 h)"}},
	{"incident-72h", []cases.Kind{cases.KindIncident}, "notify72", true, cases.Text{RU: "Результаты расследования для РКН (72 часа)", EN: "Investigation results to Roskomnadzor (72 h)"}},
	{"authority-answer", []cases.Kind{cases.KindAuthority}, "answer", true, cases.Text{RU: "Ответ на запрос Роскомнадзора", EN: "Answer to Roskomnadzor"}},
	{"remedy-notice", []cases.Kind{cases.KindAuthority}, "", true, cases.Text{RU: "Уведомление Роскомнадзора о принятых мерах", EN: "Notice to Roskomnadzor of the measures taken"}},
	{"reset-document-request", []cases.Kind{cases.KindPasswordReset}, "", false, cases.Text{RU: "Запрос документа для сброса пароля", EN: "Request for an identity document"}},
	{"reset-link-sent", []cases.Kind{cases.KindPasswordReset}, "reset", false, cases.Text{RU: "Ссылка для сброса пароля отправлена", EN: "Reset link sent"}},
}

// refusalKinds are the kinds a refusal may answer: those with a ground.
func refusalKinds() []cases.Kind {
	var out []cases.Kind
	for _, k := range cases.Kinds {
		if len(cases.RefusalGroundsFor(k)) > 0 {
			out = append(out, k)
		}
	}
	return out
}

// Find returns the template named name.
func Find(name string) (Template, bool) {
	i := slices.IndexFunc(Templates, func(t Template) bool { return t.Name == name })
	if i < 0 {
		return Template{}, false
	}
	return Templates[i], true
}

// Names lists the templates' names.
func Names() []string {
	out := make([]string, len(Templates))
	for i, t := range Templates {
		out[i] = t.Name
	}
	return out
}

// Fits tells whether the template suits the case: its kind, and for an
// extension notice a term it can still extend.
func (t Template) Fits(c *cases.Case) bool {
	if !slices.Contains(t.Kinds, c.Kind) {
		return false
	}
	if t.Name == "extension-notice" {
		return slices.ContainsFunc(c.Milestones, func(m cases.Milestone) bool { return m.Extendable && m.Extension == nil && m.Met == nil })
	}
	return true
}

// For lists the templates that suit a case.
func For(c *cases.Case) []Template {
	var out []Template
	for _, t := range Templates {
		if t.Fits(c) {
			out = append(out, t)
		}
	}
	return out
}

// Request is what a letter is written from.
type Request struct {
	Case     *cases.Case
	Template string
	Lang     cases.Lang
	Args     map[string]string
	Officer  string // the signatory's login
	Now      time.Time
	Settings config.Settings
	Cal      *cases.Calendar
	// Dir holds the officer's own templates, which replace the embedded
	// ones of the same name ("" for none).
	Dir string
	// Corrects is the letter this one replaces, 0 for none.
	Corrects int
	// Earlier is the request this one repeats (the case's RepeatOf), which
	// a repeat refusal cites; nil for none.
	Earlier *cases.Case
}

// data is what a template sees.
type data struct {
	Case      *cases.Case
	Lang      cases.Lang
	Operator  cases.Party
	Register  cases.Register
	Signatory config.Officer
	Number    string
	Today     cases.Date
	To        string
	Args      map[string]string
	Ground    *cases.Text      // a refusal's ground, or a withdrawal's ground to continue
	Refusal   *cases.Refusal   // a refusal's facts
	Milestone *cases.Milestone // the term an extension notice extends
	Corrects  string           // the number of the letter this one replaces
	Held      bool             // an access answer: the operator holds data of the subject
	ToRKN     bool             // addressed to Roskomnadzor
	INN, OGRN string           // the operator's, for Roskomnadzor
	// Addressee is how the letter names whom it goes to (a Russian letter:
	// the dative with initials), and ToAddress where (the e-mail, the
	// office's address).
	Addressee, ToAddress string
	// RefDate is the date of Roskomnadzor's request, which an answer to it
	// cites with its number.
	RefDate cases.Date
	// Blocked is when the data an authority's request concerns were
	// blocked; ResultBy the date by which a check's result will follow.
	Blocked  *time.Time
	ResultBy cases.Date
	// Continuing is the ground processing goes on with after a withdrawal
	// or a stop demand, and its scope.
	Continuing *Continuing
	// Action names a third-party notice's action ("об уточнении …").
	Action cases.Text
}

// Write fills the template for the case under the outgoing number. A field
// the template needs and cannot fill is an error naming it.
func Write(r Request, number string) (cases.Letter, error) {
	t, ok := Find(r.Template)
	if !ok {
		return cases.Letter{}, &cases.Error{Code: cases.ErrNoTemplate, Args: []any{r.Template, strings.Join(Names(), ", ")}}
	}
	if !t.Fits(r.Case) {
		return cases.Letter{}, &cases.Error{Code: cases.ErrNotForKind, Args: []any{t.Title, r.Case.Kind.Info().Title}}
	}
	if r.Lang != cases.RU && r.Lang != cases.EN {
		r.Lang = cases.RU
	}
	args := map[string]string{}
	for k, v := range r.Args {
		args[k] = cases.Clean(v)
	}
	d := data{Case: r.Case, Lang: r.Lang, Register: r.Settings.Processing, Number: number, Today: cases.DateOf(r.Now), Args: args,
		Operator: cases.Party{Name: r.Settings.Operator.Name, Address: r.Settings.Operator.Address}}
	d.Signatory, _ = r.Settings.Officer(r.Officer)
	d.To = addressee(r, t)
	d.ToRKN, d.INN, d.OGRN = t.ToRKN, r.Settings.Operator.INN, r.Settings.Operator.OGRN
	if err := addressBlock(&d, r, t); err != nil {
		return cases.Letter{}, err
	}
	if r.Corrects != 0 {
		old := r.Case.Letter(r.Corrects)
		if old == nil {
			return cases.Letter{}, &cases.Error{Code: cases.ErrNoLetter, Args: []any{fmt.Sprint(r.Corrects), r.Case.ID.String()}}
		}
		d.Corrects = old.Number
	}
	if err := prepare(&d, t, r); err != nil {
		return cases.Letter{}, err
	}
	tpl, err := parse(r.Dir, t.Name, r.Lang)
	if err != nil {
		return cases.Letter{}, err
	}
	var buf bytes.Buffer
	if err := tpl.Execute(&buf, d); err != nil {
		var ce *cases.Error
		if errors.As(err, &ce) {
			return cases.Letter{}, ce
		}
		return cases.Letter{}, err
	}
	return cases.Letter{Template: t.Name, Lang: r.Lang, Title: t.Title.In(r.Lang), To: d.To, Body: tidy(buf.String()),
		Answers: answers(t, r.Case), Args: args, Corrects: r.Corrects}, nil
}

// answers is the milestone a letter meets, if the case has it open.
func answers(t Template, c *cases.Case) string {
	for _, m := range c.Milestones {
		if m.Key == t.Answers {
			return m.Key
		}
	}
	return ""
}

// addressee is whom the letter goes to, as the letter records it:
// Roskomnadzor's office, a third party, or the subject with the contact
// the request came from.
func addressee(r Request, t Template) string {
	if t.ToRKN {
		if o := cases.CleanLine(r.Args["office"]); o != "" {
			return o
		}
		if r.Lang == cases.RU {
			return "Роскомнадзор"
		}
		return "Roskomnadzor"
	}
	if r.Template == "third-party-notice" && r.Args["recipient"] != "" {
		return cases.CleanLine(r.Args["recipient"])
	}
	s := r.Case.Subject
	if s.Email != "" {
		return s.Name + " <" + s.Email + ">"
	}
	return s.Name
}

// parse reads the template in the language asked, the officer's own file
// first.
func parse(dir, name string, lang cases.Lang) (*template.Template, error) {
	read := func(file string) ([]byte, error) {
		if dir != "" {
			if b, err := os.ReadFile(filepath.Join(dir, file)); err == nil {
				return b, nil
			}
		}
		return assets.Letters.ReadFile("letters/" + file)
	}
	common, err := read("common." + string(lang) + ".md")
	if err != nil {
		return nil, err
	}
	body, err := read(name + "." + string(lang) + ".md")
	if err != nil {
		return nil, err
	}
	tpl, err := template.New(name).Funcs(funcs(lang)).Option("missingkey=zero").Parse(string(common))
	if err != nil {
		return nil, fmt.Errorf("template common.%s.md: %w", lang, err)
	}
	if tpl, err = tpl.Parse(string(body)); err != nil {
		return nil, fmt.Errorf("template %s.%s.md: %w", name, lang, err)
	}
	autoEscape(tpl)
	return tpl, nil
}

func funcs(lang cases.Lang) template.FuncMap {
	zone := map[cases.Lang]string{cases.RU: "МСК", cases.EN: "MSK"}[lang]
	// Russian letters write dates as Russians do (25.11.2026); English ones
	// keep ISO 8601, which no reader misreads.
	dayLayout := map[cases.Lang]string{cases.RU: "02.01.2006", cases.EN: time.DateOnly}[lang]
	day := func(d cases.Date) string { return d.Start().Format(dayLayout) }
	return template.FuncMap{
		// need stops the letter, naming the field, where a value is missing.
		"need": func(field string, v any) (any, error) {
			rv := reflect.ValueOf(v)
			if !rv.IsValid() || rv.IsZero() || ((rv.Kind() == reflect.Slice || rv.Kind() == reflect.String) && rv.Len() == 0) ||
				(rv.Kind() == reflect.String && strings.TrimSpace(rv.String()) == "") {
				return nil, &cases.Error{Code: cases.ErrLetterField, Args: []any{field}}
			}
			return v, nil
		},
		"list":     func(v any) string { s, _ := v.([]string); return strings.Join(s, "; ") },
		"date":     func(t time.Time) string { return day(cases.DateOf(t)) },
		"day":      day,
		"msk":      func(t time.Time) string { return t.In(cases.Moscow).Format(dayLayout+" 15:04") + " " + zone },
		"text":     func(t cases.Text) string { return t.In(lang) },
		"detector": cases.DetectorTitle,
		"md":       md,
		"values":   values,
		"cap":      capitalise,
		"cell":     func(v any) string { return strings.Join(strings.Fields(fmt.Sprint(v)), " ") },
		"remedies": remedies,
	}
}

// capitalise starts a value with a capital letter, as a sentence after a
// heading does.
func capitalise(v any) string {
	s := fmt.Sprint(v)
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// ErrNotSearched: an access answer with nothing recorded of the searches.
const ErrNotSearched = "answer_not_searched"

// values writes a finding's values in the order of its categories.
func values(f cases.Finding) string {
	var out []string
	for _, c := range f.Categories {
		if v, ok := f.Values[c]; ok {
			out = append(out, c+": "+v)
		}
	}
	return strings.Join(out, "; ")
}

// tidy folds the blank lines a template's conditions leave.
func tidy(s string) string {
	for strings.Contains(s, "\n\n\n") {
		s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
	}
	return strings.TrimSpace(s) + "\n"
}
