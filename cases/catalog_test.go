package cases_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"privdesk/cases"
)

// A record keeps the catalog's keys, not its texts, for every kind on
// every branch, and reads back as the case it was; a text the catalog does
// not give stays in the record.
func TestRecordsKeepKeysNotTexts(t *testing.T) {
	dl := rulesWithSteps(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Moscow)
	for _, k := range cases.Kinds {
		for _, branch := range append([]string{""}, cases.Branches(k)...) {
			in := cases.Intake{Kind: k, Received: now, Subject: cases.Subject{Name: "А", Email: "a@example.ru"}}
			if k == cases.KindIncident {
				in.Subject, in.Incident = cases.Subject{}, &cases.Incident{DetectedBy: "operator", DetectedAt: now, Description: "утечка"}
			}
			c, _, err := cases.New(in, dl, now, "x")
			if err != nil {
				t.Fatal(k, err)
			}
			c.ID = cases.ID{Year: 2026, N: 1}
			if branch != "" {
				if _, err := c.SetBranch(branch, dl, now, "x"); err != nil {
					t.Fatal(k, branch, err)
				}
			}
			whole := roundTrip(t, c)
			stored, err := json.Marshal(c.Stored(dl))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(stored), `"title"`) || strings.Contains(string(stored), `"basis"`) {
				t.Errorf("%s %s: the record keeps texts: %s", k, branch, stored)
			}
			back := new(cases.Case)
			if err := json.Unmarshal(stored, back); err != nil {
				t.Fatal(err)
			}
			back.Expand(dl)
			if !reflect.DeepEqual(back, whole) {
				t.Errorf("%s %s: read back as\n%+v\nnot\n%+v", k, branch, back, whole)
			}
			if len(whole.Steps) > 0 && whole.Steps[0].Title != c.Steps[0].Title {
				t.Errorf("%s: Stored changed the case", k)
			}
		}
	}
	c, _, _ := cases.New(cases.Intake{Kind: cases.KindAccess, Received: now, Subject: cases.Subject{Name: "А", Email: "a@example.ru"}}, dl, now, "x")
	c.Milestones[0].Basis = cases.Text{RU: "ч. 3 ст. 14 152-ФЗ (в прежней редакции)", EN: "older wording"}
	stored, _ := json.Marshal(c.Stored(dl))
	if !strings.Contains(string(stored), "в прежней редакции") {
		t.Errorf("a text the catalog does not give was dropped: %s", stored)
	}
}

// roundTrip is c as JSON gives it back, for comparison.
func roundTrip(t *testing.T, c *cases.Case) *cases.Case {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	out := new(cases.Case)
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
	return out
}
