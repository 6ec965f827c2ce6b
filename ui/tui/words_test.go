package tui

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/ui/l10n"
	"privdesk/ui/letters"
	"privdesk/ui/office"
)

// machineWords are what a Russian frame must not show: a kind's, a
// status's, a template's or a step's id, or a command-line flag.
func machineWords(steps []string) *regexp.Regexp {
	var ids []string
	for _, k := range cases.Kinds {
		ids = append(ids, regexp.QuoteMeta(string(k)))
	}
	for _, s := range cases.Statuses {
		ids = append(ids, regexp.QuoteMeta(string(s)))
	}
	for _, o := range cases.Outcomes {
		ids = append(ids, regexp.QuoteMeta(string(o)))
	}
	for _, n := range letters.Names() {
		ids = append(ids, regexp.QuoteMeta(n))
	}
	for _, k := range steps {
		ids = append(ids, regexp.QuoteMeta(k))
	}
	return regexp.MustCompile(`(^|[^\p{L}_-])(` + strings.Join(ids, "|") + `)($|[^\p{L}_-])|--[a-z]`)
}

// Every frame of the Russian desk, for a case of every kind: the queue, its
// help, each case file and its help, the letters list, the dashboard. None
// shows a machine id or a flag.
func TestRussianFramesShowNoIdsOrFlags(t *testing.T) {
	cfg := testConfig(t, cases.RU)
	var keys []string
	inc, ev, err := cases.New(cases.Intake{Kind: cases.KindIncident, Received: testNow, Incident: &cases.Incident{
		DetectedBy: "operator", DetectedAt: testNow, Description: "выгрузка в открытом доступе"}}, cfg.Rules, testNow, "x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Office.Create(inc, ev); err != nil {
		t.Fatal(err)
	}
	for _, k := range cases.Kinds {
		if k == cases.KindIncident {
			continue
		}
		id := addCase(t, cfg, k, "Смирнова Елена", testNow)
		c, _ := cfg.Office.Get(id)
		for _, st := range c.Steps {
			keys = append(keys, st.Key)
		}
	}
	bad := machineWords(keys)
	for _, probe := range []string{"вид access", "(withdraw-consent)", "шаг data_destroyed", "(--reason ТЕКСТ)", "in_progress"} {
		if !bad.MatchString(probe) {
			t.Fatalf("the check misses %q", probe)
		}
	}
	m := deskAt(cfg, 120, 40)
	all, _, _ := cfg.Office.List(office.Filter{})
	m, _ = m.Update(casesMsg{cases: all})
	frames := map[string]string{}
	frame := func(name string, m tea.Model) { frames[name] = ansi.Strip(m.(Model).View().Content) }
	m, _ = m.Update(tea.KeyPressMsg{Code: '8', Text: "8"})
	frame("queue", m)
	h, _ := m.Update(tea.KeyPressMsg{Code: '?', Text: "?"})
	frame("queue help", h)
	for _, c := range all {
		cm, _ := m.Update(caseMsg{c: c, open: true})
		frame("case "+string(c.Kind), cm)
		ch, _ := cm.Update(tea.KeyPressMsg{Code: '?', Text: "?"})
		frame("case help "+string(c.Kind), ch)
		lv, _ := cm.Update(tea.KeyPressMsg{Code: 'L', Text: "L"})
		frame("letters "+string(c.Kind), lv)
	}
	if len(frames) < 33 || !strings.Contains(frames["case access"], "Доступ к персональным данным") || !strings.Contains(frames["letters access"], "Мотивированный отказ") {
		t.Fatalf("the frames are not what they should be: %d", len(frames))
	}
	for name, f := range frames {
		if loc := bad.FindStringSubmatch(f); loc != nil {
			t.Errorf("%s shows %q:\n%s", name, loc[0], f)
		}
	}
}

// allStepKeys are the keys of every checklist step of every kind.
func allStepKeys(t *testing.T) []string {
	t.Helper()
	steps, err := cases.ParseSteps(assets.Steps)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, list := range steps {
		for _, st := range list {
			keys = append(keys, st.Key)
		}
	}
	return keys
}

// deskKeys are the catalog keys the desk can show: those its own code
// names, and the message of every error the domain, the store, the importer
// and the office can return (a command-line error cannot reach the desk).
func deskKeys(t *testing.T) []string {
	t.Helper()
	lit := regexp.MustCompile(`\bT\("([a-z_]+\.[a-z_.]+[a-z_])"`)
	code := regexp.MustCompile(`(?m)^\s*Err\w*\s*=\s*"([a-z_]+)"`)
	var keys []string
	for dir, re := range map[string]*regexp.Regexp{".": lit, "../../cases": code, "../../cases/intake": code, "../../store": code, "../office": code} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				if re == code {
					m[1] = "err." + m[1]
				}
				keys = append(keys, m[1])
			}
		}
	}
	return keys
}

// Every Russian message the desk can show, in each of its plural forms, is
// free of machine ids and flags; a domain error's arguments reach it as
// names, not ids.
func TestRussianMessagesShowNoIdsOrFlags(t *testing.T) {
	var catalog map[string]struct{ RU any }
	if err := json.Unmarshal(assets.Messages, &catalog); err != nil {
		t.Fatal(err)
	}
	bad := machineWords(allStepKeys(t))
	keys := deskKeys(t)
	if len(keys) < 300 || !slices.Contains(keys, "err.illegal_transition") || !slices.Contains(keys, "help.title") {
		t.Fatalf("found %d desk keys", len(keys))
	}
	for _, k := range keys {
		forms := []string{}
		switch v := catalog[k].RU.(type) {
		case string:
			forms = append(forms, v)
		case map[string]any:
			for _, f := range v {
				forms = append(forms, fmt.Sprint(f))
			}
		}
		for _, f := range forms {
			if loc := bad.FindString(f); loc != "" {
				t.Errorf("%s shows %q: %s", k, loc, f)
			}
		}
	}
	l := l10n.New(cases.RU)
	for _, arg := range []any{cases.StatusInProgress, cases.KindWithdrawConsent, cases.OutcomeRejected, cases.ChannelInPerson, cases.StepDone,
		cases.StepKey("identity_confirmed"), cases.ReviewAction(cases.ActionRefusal), cases.Field("summary")} {
		if got := l.Err(&cases.Error{Code: cases.ErrIllegalTransition, Args: []any{arg, arg}}); bad.MatchString(got) {
			t.Errorf("an argument %T reaches the officer as an id: %s", arg, got)
		}
	}
}
