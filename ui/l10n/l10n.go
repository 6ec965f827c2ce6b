// Package l10n turns message keys into Russian or English text, with CLDR
// plural rules from golang.org/x/text ("1 день", "2 дня", "5 дней").
package l10n

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/store"
)

// entry is one catalog message in both languages: a string, or plural
// forms keyed by CLDR category (one, few, many, other) selected by the
// first argument.
type entry struct {
	RU json.RawMessage `json:"ru"`
	EN json.RawMessage `json:"en"`
}

var tags = map[cases.Lang]language.Tag{cases.RU: language.Russian, cases.EN: language.English}

// raw is the catalog as read, decoded once when a message is first needed:
// a command that prints nothing (or only JSON) does not pay for it.
var raw = sync.OnceValue(func() map[string]entry {
	var m map[string]entry
	if err := json.Unmarshal(assets.Messages, &m); err != nil {
		panic("l10n: embedded catalog: " + err.Error()) // a build-time defect, caught by tests
	}
	return m
})

// compiled is the message catalog; a key is compiled into it the first
// time it is printed, so that a command pays for the messages it prints,
// not for the thousands it does not.
var compiled = struct {
	sync.Mutex
	b    *catalog.Builder
	done map[string]bool
}{b: newBuilder(), done: map[string]bool{}}

// newBuilder is an empty catalog that already knows both languages: a
// printer matches its language when it is made, which may be before the
// first message of that language is compiled.
func newBuilder() *catalog.Builder {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for _, tag := range tags {
		if err := b.SetString(tag, "", ""); err != nil {
			panic(err)
		}
	}
	return b
}

// compile puts key into the catalog in both languages, once.
func compile(key string) {
	compiled.Lock()
	defer compiled.Unlock()
	if compiled.done[key] {
		return
	}
	compiled.done[key] = true
	e, ok := raw()[key]
	if !ok {
		return // printed as the key itself, as x/text does
	}
	if err := set(compiled.b, key, e); err != nil {
		panic("l10n: embedded catalog: " + err.Error()) // caught by TestCatalogCompiles
	}
}

// set compiles one entry into b.
func set(b *catalog.Builder, key string, e entry) error {
	for lang, msg := range map[cases.Lang]json.RawMessage{cases.RU: e.RU, cases.EN: e.EN} {
		tag := tags[lang]
		if len(msg) == 0 {
			return fmt.Errorf("%s: no %s text", key, lang)
		}
		var s string
		if json.Unmarshal(msg, &s) == nil {
			if err := b.SetString(tag, key, s); err != nil {
				return err
			}
			continue
		}
		var forms map[string]string
		if err := json.Unmarshal(msg, &forms); err != nil || forms["other"] == "" {
			return fmt.Errorf("%s/%s: want a string or plural forms with \"other\"", key, lang)
		}
		var sel []any
		for _, c := range []string{"one", "few", "many", "other"} {
			if f, ok := forms[c]; ok {
				sel = append(sel, c, f)
			}
		}
		if err := b.Set(tag, key, plural.Selectf(1, "%d", sel...)); err != nil {
			return err
		}
	}
	return nil
}

// Has tells whether the catalog holds key.
func Has(key string) bool {
	_, ok := raw()[key]
	return ok
}

// Printer writes messages in one language.
type Printer struct {
	Lang cases.Lang
	// p is made on the first message: a command that prints none never
	// builds the catalog.
	p func() *message.Printer
}

// New returns a printer for lang.
func New(lang cases.Lang) *Printer {
	tag, ok := tags[lang]
	if !ok {
		lang, tag = cases.EN, language.English
	}
	return &Printer{Lang: lang, p: sync.OnceValue(func() *message.Printer {
		return message.NewPrinter(tag, message.Catalog(compiled.b))
	})}
}

// T formats the message key with args.
func (p *Printer) T(key string, args ...any) string {
	compile(key)
	return p.p().Sprintf(key, args...)
}

// Text picks the printer's language from domain text.
func (p *Printer) Text(t cases.Text) string { return t.In(p.Lang) }

// Err explains an error in the printer's language.
func (p *Printer) Err(err error) string {
	if code, args, ok := p.coded(err); ok && Has("err."+code) {
		return p.T("err."+code, args...)
	}
	return err.Error()
}

// Hint is what the command line adds to an error's message: the flags or
// the command that give what is missing. The desk shows the message alone.
func (p *Printer) Hint(err error) (string, bool) {
	if code, args, ok := p.coded(err); ok && Has("hint."+code) {
		return p.T("hint."+code, args...), true
	}
	return "", false
}

// coded finds a domain or store error's code and its arguments, each
// domain name in the printer's language.
func (p *Printer) coded(err error) (string, []any, bool) {
	var ce *cases.Error
	var se *store.Error
	switch {
	case errors.As(err, &ce):
		args := make([]any, len(ce.Args))
		for i, a := range ce.Args {
			args[i] = p.arg(a)
		}
		return ce.Code, args, true
	case errors.As(err, &se):
		return se.Code, append([]any{se.Path}, se.Args...), true
	}
	return "", nil, false
}

// arg names a domain value in the reader's language, never by its id.
func (p *Printer) arg(a any) any {
	switch t := a.(type) {
	case cases.Text:
		return t.In(p.Lang)
	case cases.StepState:
		return p.StepState(t)
	case cases.Status:
		return t.Title().In(p.Lang)
	case cases.Kind:
		return t.Info().Title.In(p.Lang)
	case cases.Outcome:
		return t.Title().In(p.Lang)
	case cases.Channel:
		return t.Title().In(p.Lang)
	case cases.StepKey:
		return p.StepName(string(t))
	case cases.MilestoneKey:
		return p.MilestoneName(string(t))
	case cases.Field:
		return p.named("field.", string(t))
	case cases.ReviewAction:
		return p.named("review.action.", string(t))
	}
	return a
}

// named is the catalog's name for an id under prefix, or the id itself.
func (p *Printer) named(prefix, id string) string {
	if Has(prefix + id) {
		return p.T(prefix + id)
	}
	return id
}

// Detect chooses the language: the flag's value if given, else the locale.
func Detect(flag string) (cases.Lang, error) {
	switch strings.ToLower(flag) {
	case "ru":
		return cases.RU, nil
	case "en":
		return cases.EN, nil
	case "":
	default:
		return cases.EN, fmt.Errorf("unknown language %q: use --lang ru or --lang en", flag)
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l != "" {
			if strings.HasPrefix(strings.ToLower(l), "ru") {
				return cases.RU, nil
			}
			return cases.EN, nil
		}
	}
	return cases.EN, nil
}
