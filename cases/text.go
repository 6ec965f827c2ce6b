package cases

// Lang is a user-interface language.
type Lang string

// Supported languages.
const (
	RU Lang = "ru"
	EN Lang = "en"
)

// Text is a user-visible string in both supported languages. Domain data (kind
// titles, articles of law) carries its own translations so that every layer
// shows the same wording.
type Text struct {
	RU string `json:"ru"`
	EN string `json:"en"`
}

// IsZero tells whether the text is empty in both languages.
func (t Text) IsZero() bool { return t.RU == "" && t.EN == "" }

// In returns the text in lang, falling back to English.
func (t Text) In(lang Lang) string {
	if lang == RU && t.RU != "" {
		return t.RU
	}
	return t.EN
}
