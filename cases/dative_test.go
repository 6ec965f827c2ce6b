package cases_test

import (
	"testing"

	"privdesk/cases"
)

// A Russian letter names its addressee in the dative, with initials.
func TestDativeAddressee(t *testing.T) {
	for in, want := range map[string]string{
		"Смирнова Елена Викторовна":   "Смирновой Е. В.",
		"Иванов Пётр Сергеевич":       "Иванову П. С.",
		"Алексеев Фёдор Иванович":     "Алексееву Ф. И.",
		"Горская Анна Петровна":       "Горской А. П.",
		"Белый Олег Игоревич":         "Белому О. И.",
		"Толстой Лев Николаевич":      "Толстому Л. Н.",
		"Пушкина Мария":               "Пушкиной М.",
		"Черных Ольга Ивановна":       "Черных О. И.", // does not decline
		"Сидорова":                    "Сидорова",     // no name to make initials of
		"Anna Smith":                  "Anna Smith",
		"Гарсия Маркес Хосе Габриэль": "Гарсия Маркес Хосе Габриэль",
		"Ким Сергей Александрович":    "Киму С. А.",
		"Шевченко Тарас Григорьевич":  "Шевченко Т. Г.",
		"Дюма Александр":              "Дюма Александр", // unknown pattern: left as written
	} {
		if got := cases.Dative(in); got != want {
			t.Errorf("Dative(%q) = %q, want %q", in, got, want)
		}
	}
}
