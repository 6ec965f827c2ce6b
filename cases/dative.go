package cases

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Dative writes a Russian full name ("Смирнова Елена Викторовна") as a
// letter's addressee: the surname in the dative and the initials
// ("Смирновой Е. В."). The gender is read from the patronymic, else from
// the surname; a name that is not "Surname Name [Patronymic]" in Cyrillic,
// or a surname whose dative the rules do not know, is left in the
// nominative rather than guessed.
func Dative(full string) string {
	parts := strings.Fields(full)
	if len(parts) < 2 || len(parts) > 3 || !cyrillic(full) {
		return full
	}
	female, known := gender(parts)
	surname, ok := dativeSurname(parts[0], female, known)
	if !ok {
		return full
	}
	out := surname
	for _, p := range parts[1:] {
		r, _ := utf8.DecodeRuneInString(p)
		out += " " + string(unicode.ToUpper(r)) + "."
	}
	return out
}

func cyrillic(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Cyrillic, r) {
			return false
		}
	}
	return true
}

// gender reads the patronymic (-вич: male, -вна, -чна, -ична: female), else
// the surname's ending.
func gender(parts []string) (female, known bool) {
	if len(parts) == 3 {
		p := strings.ToLower(parts[2])
		switch {
		case strings.HasSuffix(p, "ич") || strings.HasSuffix(p, "оглы"):
			return false, true
		case strings.HasSuffix(p, "на") || strings.HasSuffix(p, "кызы"):
			return true, true
		}
	}
	s := strings.ToLower(parts[0])
	for _, end := range []string{"ова", "ева", "ёва", "ина", "ына", "ская", "цкая", "ая"} {
		if strings.HasSuffix(s, end) {
			return true, true
		}
	}
	for _, end := range []string{"ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ой", "ий", "ый"} {
		if strings.HasSuffix(s, end) {
			return false, true
		}
	}
	return false, false
}

// dativeSurname declines the surnames whose pattern is regular; ok is false
// for the rest (foreign, indeclinable or unknown), which stay as written.
func dativeSurname(s string, female, known bool) (string, bool) {
	if !known {
		return s, false
	}
	lower := strings.ToLower(s)
	cut := func(n int, add string) string {
		r := []rune(s)
		return string(r[:len(r)-n]) + add
	}
	if female {
		switch {
		case hasAny(lower, "ова", "ева", "ёва", "ина", "ына"):
			return cut(1, "ой"), true
		case hasAny(lower, "ская", "цкая", "ая"):
			return cut(2, "ой"), true
		}
		return s, true // a female surname that ends otherwise does not decline
	}
	last, _ := utf8.DecodeLastRuneInString(lower)
	switch {
	case hasAny(lower, "ов", "ев", "ёв", "ин", "ын"):
		return s + "у", true
	case hasAny(lower, "ский", "цкий", "ий", "ый", "ой"):
		return cut(2, "ому"), true
	case hasAny(lower, "ых", "их", "ко", "аго", "яго"):
		return s, true // Черных, Шевченко: do not decline
	case strings.ContainsRune("бвгджзклмнпрстфхцчшщ", last):
		return s + "у", true // Ким, Шевчук
	}
	return s, false
}

func hasAny(s string, ends ...string) bool {
	for _, e := range ends {
		if strings.HasSuffix(s, e) {
			return true
		}
	}
	return false
}
