// Package demo fills a database with fictional requests, dated relative to
// today so that some are late, some due soon and some closed.
package demo

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/store"
)

type data struct {
	Given       []string            `json:"given"`
	FamilyM     []string            `json:"family_m"`
	FamilyF     []string            `json:"family_f"`
	Female      []string            `json:"female"`
	PatronymicM []string            `json:"patronymic_m"`
	PatronymicF []string            `json:"patronymic_f"`
	Translit    map[string]string   `json:"translit"`
	Summaries   map[string][]string `json:"summaries"`
	Notes       []string            `json:"notes"`
	Reasons     []string            `json:"reasons"`
}

func load() (*data, error) {
	d := new(data)
	if err := json.Unmarshal(assets.Demo, d); err != nil {
		return nil, fmt.Errorf("demo data: %w", err)
	}
	return d, nil
}

// Intakes makes n fictional requests received within the 30 days before now.
// The same seed gives the same requests.
func Intakes(n int, now time.Time, seed uint64) ([]cases.Intake, error) {
	d, err := load()
	if err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	female := map[string]bool{}
	for _, g := range d.Female {
		female[g] = true
	}
	out := make([]cases.Intake, n)
	for i := range out {
		kind := cases.Kinds[i%len(cases.Kinds)]
		given := pick(d.Given)
		family, patr := pick(d.FamilyM), pick(d.PatronymicM)
		if female[given] {
			family, patr = pick(d.FamilyF), pick(d.PatronymicF)
		}
		sub := cases.Subject{Name: family + " " + given + " " + patr}
		if r.IntN(5) > 0 {
			sub.Email = fmt.Sprintf("%s.%d@example.ru", d.Translit[given], 100+r.IntN(900))
		}
		if sub.Email == "" || r.IntN(3) == 0 {
			sub.Phone = fmt.Sprintf("+7 9%02d %03d-%02d-%02d", r.IntN(100), r.IntN(1000), r.IntN(100), r.IntN(100))
		}
		if r.IntN(2) == 0 {
			sub.Account = fmt.Sprintf("u%06d", r.IntN(1000000))
		}
		channel := cases.Channels[r.IntN(len(cases.Channels)-1)]
		if kind == cases.KindAuthority {
			channel = cases.ChannelAuthority
			sub.Name = "Управление Роскомнадзора по ЦФО (по обращению " + sub.Name + ")"
		}
		// Most requests are recent; every fifth is older, so some are late.
		received := now.Add(-time.Duration(r.IntN(12*24*60)) * time.Minute)
		if i%5 == 0 {
			received = now.Add(-time.Duration(12*24*60+r.IntN(20*24*60)) * time.Minute)
		}
		if kind == cases.KindIncident || kind == cases.KindMarketingOptout || kind == cases.KindBlock {
			received = now.Add(-time.Duration(r.IntN(60*60)) * time.Minute)
		}
		out[i] = cases.Intake{
			Kind: kind, Subject: sub, Channel: channel, Received: received.In(cases.Moscow),
			Summary: pick(d.Summaries[string(kind)]),
		}
		if kind == cases.KindIncident {
			// An incident has no subject: who detected it, when, and what happened.
			out[i].Subject, out[i].Channel = cases.Subject{}, cases.ChannelEmail
			out[i].Incident = &cases.Incident{DetectedBy: "operator", DetectedAt: received.In(cases.Moscow),
				Description: out[i].Summary, Categories: []string{"ФИО", "адрес электронной почты", "номер телефона"},
				Subjects: 100 + r.IntN(5000), Records: 1000 + r.IntN(50000)}
		}
	}
	return out, nil
}

// chunk is how many cases one transaction of Fill writes: memory stays
// bounded, and other processes wait for one chunk at most.
const chunk = 5000

// Fill registers n fictional requests and works them into every status, as
// an officer would, so that each case has a real timeline. It writes them
// in transactions of a few thousand, so that a hundred thousand take
// seconds, not an hour of one commit per change.
func Fill(st *store.Store, dl *cases.Rules, n int, now time.Time, officer string) ([]cases.ID, error) {
	d, err := load()
	if err != nil {
		return nil, err
	}
	ins, err := Intakes(n, now, uint64(now.YearDay()))
	if err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(7, 11))
	ids := make([]cases.ID, 0, n)
	var batch []store.NewCase
	flush := func() error {
		got, err := st.CreateMany(batch)
		ids, batch = append(ids, got...), batch[:0]
		return err
	}
	for i, in := range ins {
		it, err := worked(d, r, dl, in, i%7, now, officer)
		if err != nil {
			return ids, err
		}
		if batch = append(batch, it); len(batch) == chunk {
			if err := flush(); err != nil {
				return ids, err
			}
		}
	}
	if len(batch) > 0 {
		return ids, flush()
	}
	return ids, nil
}

// worked registers one request and takes it to stage (0-1 new, 2
// verifying, 3-4 in progress, 5 fulfilled, 6 refused), with a fictional
// passport scan for a password reset past its first check.
func worked(d *data, r *rand.Rand, dl *cases.Rules, in cases.Intake, stage int, now time.Time, officer string) (store.NewCase, error) {
	c, ev, err := cases.New(in, dl, in.Received, officer)
	if err != nil {
		return store.NewCase{}, err
	}
	it := store.NewCase{Case: c, Events: []cases.Event{ev}}
	at := in.Received.Add(time.Hour)
	if at.After(now) {
		at = now
	}
	step := func(ev cases.Event, err error) error {
		it.Events = append(it.Events, ev)
		return err
	}
	if stage >= 2 {
		if err := step(c.Move(cases.StatusVerifying, at, officer)); err != nil {
			return it, err
		}
		if r.IntN(2) == 0 {
			if err := step(c.AddNote(d.Notes[r.IntN(len(d.Notes))], at, officer)); err != nil {
				return it, err
			}
		}
	}
	if stage >= 3 {
		if err := step(c.Move(cases.StatusInProgress, at, officer)); err != nil {
			return it, err
		}
	}
	if stage >= 2 && c.Status.Open() {
		for _, st := range c.Steps {
			if !st.Verification {
				continue
			}
			method := ""
			if st.AsksMethod() {
				method = st.Methods[0]
			}
			evs, err := c.MarkStep(st.Key, cases.StepDone, method, "", at, officer)
			if err != nil {
				return it, err
			}
			it.Events = append(it.Events, evs...)
			if stage != 5 { // a fulfilled request had every check done
				break
			}
		}
	}
	switch stage {
	case 5:
		if err := step(c.Close(cases.OutcomeFulfilled, "", at, officer)); err != nil {
			return it, err
		}
	case 6:
		if err := refuse(c, d.Reasons[r.IntN(len(d.Reasons))], at, officer, step); err != nil {
			return it, err
		}
	}
	if in.Kind == cases.KindPasswordReset && stage >= 2 {
		scan := []byte("%PDF-1.4\n% fictional passport scan for the privdesk demo\n")
		sum := sha256.Sum256(scan)
		if err := step(c.Attach(cases.Document{Name: "passport-demo.pdf", Label: "паспорт (вымышленный)", Size: int64(len(scan)),
			SHA256: hex.EncodeToString(sum[:]), Type: "application/pdf"}, at, officer)); err != nil {
			return it, err
		}
		it.Blobs = append(it.Blobs, scan)
	}
	return it, nil
}

// refuse sends a reasoned refusal on the first ground the kind allows and
// closes the case as rejected; a kind that cannot be refused (an opt-out,
// an authority's request, an incident) stays in work. The demo's letters
// are numbered apart from the register of outgoing mail ("Д-" and the case).
func refuse(c *cases.Case, details string, at time.Time, officer string, step func(cases.Event, error) error) error {
	grounds := cases.RefusalGroundsFor(c.Kind)
	if len(grounds) == 0 {
		return nil
	}
	args := map[string]string{"ground": grounds[0].Key, "details": details, "missing": "собственноручная подпись",
		"law": "Федеральный закон от 07.08.2001 № 115-ФЗ (вымышленный пример)", "article": "7", "part": "1"}
	l := cases.Letter{Template: "refusal", Lang: cases.RU, Title: "Мотивированный отказ", To: c.Subject.Name,
		Body: "Мотивированный отказ (демонстрационный текст).\n", Answers: "answer", Args: args}
	if err := step(c.IssueLetter(l, "Д-"+c.ID.String(), at, officer)); err != nil {
		return err
	}
	evs, err := c.LetterSent(len(c.Letters), cases.SentMark{Via: "email", At: at}, at, officer)
	for _, ev := range evs {
		if err := step(ev, nil); err != nil {
			return err
		}
	}
	if err != nil {
		return err
	}
	return step(c.Close(cases.OutcomeRejected, "", at, officer))
}
