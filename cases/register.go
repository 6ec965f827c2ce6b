package cases

import (
	"strconv"
	"strings"
)

// Register is the operator's description of its processing (the processing
// register, duties-and-letters.md section 3), kept by the officer in
// config.toml under [processing]. The documents an officer sends quote it.
type Register struct {
	Categories   []string    `toml:"categories" json:"categories"`
	Purposes     []string    `toml:"purposes" json:"purposes"`
	LegalGrounds []string    `toml:"legal_grounds" json:"legal_grounds"`
	Methods      string      `toml:"methods" json:"methods"` // how data are processed (Art. 14 p. 7 item 3)
	Sources      string      `toml:"sources" json:"sources"` // where the data come from (item 5)
	Recipients   []string    `toml:"recipients" json:"recipients"`
	StorageTerms string      `toml:"storage_terms" json:"storage_terms"`
	CrossBorder  string      `toml:"cross_border" json:"cross_border"`
	Processors   []Processor `toml:"processors" json:"processors"`
	Systems      []System    `toml:"systems" json:"systems"`
	Rights       string      `toml:"rights" json:"rights"`     // how the subject exercises the rights (item 7)
	Measures     string      `toml:"measures" json:"measures"` // how the operator meets Art. 18.1 (item 9.1)
	RKNContact   Contact     `toml:"rkn_contact" json:"rkn_contact"`
}

// Processor is someone who processes on the operator's instruction.
type Processor struct {
	Name    string `toml:"name" json:"name"`
	Address string `toml:"address" json:"address"`
}

// System is an information system of the operator, and how data are
// destroyed in it.
type System struct {
	Name   string `toml:"name" json:"name"`
	Method string `toml:"method" json:"method"`
}

// Contact is the person authorised to deal with Roskomnadzor.
type Contact struct {
	Name     string `toml:"name" json:"name"`
	Position string `toml:"position" json:"position"`
	Phone    string `toml:"phone" json:"phone"`
	Email    string `toml:"email" json:"email"`
}

// Missing names the fields of the register that are empty, as config.toml
// spells them.
func (r Register) Missing() []string {
	var out []string
	need := func(name string, empty bool) {
		if empty {
			out = append(out, "processing."+name)
		}
	}
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	need("categories", len(r.Categories) == 0)
	need("purposes", len(r.Purposes) == 0)
	need("legal_grounds", len(r.LegalGrounds) == 0)
	need("methods", blank(r.Methods))
	need("sources", blank(r.Sources))
	need("recipients", len(r.Recipients) == 0)
	need("storage_terms", blank(r.StorageTerms))
	need("cross_border", blank(r.CrossBorder))
	need("systems", len(r.Systems) == 0)
	need("rights", blank(r.Rights))
	need("measures", blank(r.Measures))
	need("rkn_contact.name", blank(r.RKNContact.Name))
	need("rkn_contact.position", blank(r.RKNContact.Position))
	need("rkn_contact.phone", blank(r.RKNContact.Phone))
	need("rkn_contact.email", blank(r.RKNContact.Email))
	for i, p := range r.Processors {
		need("processors["+strconv.Itoa(i)+"].name", blank(p.Name))
		need("processors["+strconv.Itoa(i)+"].address", blank(p.Address))
	}
	for i, s := range r.Systems {
		need("systems["+strconv.Itoa(i)+"].name", blank(s.Name))
		need("systems["+strconv.Itoa(i)+"].method", blank(s.Method))
	}
	return out
}
