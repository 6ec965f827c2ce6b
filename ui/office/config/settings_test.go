package config_test

import (
	"slices"
	"strings"
	"testing"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/ui/office/config"
)

// Art. 14 p. 7 items 2–6: the register is kept by purpose, each with its
// grounds, categories and terms; a config.toml that lists purposes by name
// (as before) still reads, each purpose taking the flat lists.
func TestArt14p7RegisterByPurpose(t *testing.T) {
	flat := `[processing]
purposes = ["оказание услуг", "рассылка"]
legal_grounds = ["договор"]
categories = ["ФИО", "e-mail"]
storage_terms = "3 года"
`
	set, err := config.ParseSettings([]byte(flat), "config.toml")
	if err != nil {
		t.Fatal(err)
	}
	ps := set.Processing.ByPurpose()
	if len(ps) != 2 || ps[1].Name != "рассылка" || !slices.Equal(ps[1].LegalGrounds, []string{"договор"}) || ps[1].Terms != "3 года" {
		t.Errorf("flat purposes: %+v", ps)
	}
	demo, err := config.ParseSettings(assets.DemoConfig, "demo.toml")
	if err != nil {
		t.Fatal(err)
	}
	var marketing *cases.Purpose
	for _, p := range demo.Processing.ByPurpose() {
		if p.Name == "маркетинговые мероприятия" {
			marketing = &p
		}
	}
	if marketing == nil || !slices.Equal(marketing.Categories, []string{"фамилия, имя, отчество", "адрес электронной почты"}) || !strings.Contains(marketing.Terms, "до отзыва согласия") {
		t.Errorf("a purpose's own categories and terms: %+v", marketing)
	}
	if m := demo.Processing.Missing(); len(m) != 0 {
		t.Errorf("the demo register lacks %v", m)
	}
	bad := "[processing]\npurposes = [42]\n"
	if _, err := config.ParseSettings([]byte(bad), "config.toml"); err == nil || !strings.Contains(err.Error(), "purposes") {
		t.Errorf("a purpose that is a number: %v", err)
	}
}
