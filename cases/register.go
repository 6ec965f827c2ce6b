package cases

import (
	"fmt"
	"strconv"
	"strings"
)

// Register is the operator's description of its processing (the processing
// register, duties-and-letters.md section 3), kept by the officer in
// config.toml under [processing]. The documents an officer sends quote it.
type Register struct {
	Categories   []string    `toml:"categories" json:"categories"`
	Purposes     []Purpose   `toml:"purposes" json:"purposes"`
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

// Purpose is one purpose of processing with the legal grounds, the
// categories and the terms of processing for it (Art. 14 p. 7 items 2–6).
type Purpose struct {
	Name         string   `toml:"name" json:"name"`
	LegalGrounds []string `toml:"legal_grounds" json:"legal_grounds"`
	Categories   []string `toml:"categories" json:"categories"`
	Terms        string   `toml:"terms" json:"terms"`
}

// UnmarshalTOML reads a purpose written as a table ([[processing.purposes]]),
// or as a bare name, as config.toml files before it did; such a purpose
// takes the register's flat lists (ByPurpose).
func (p *Purpose) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*p = Purpose{Name: v}
		return nil
	case map[string]any:
		strs := func(key string) ([]string, error) {
			raw, _ := v[key].([]any)
			out := make([]string, 0, len(raw))
			for _, x := range raw {
				s, ok := x.(string)
				if !ok {
					return nil, fmt.Errorf("processing.purposes: %s must be a list of strings", key)
				}
				out = append(out, s)
			}
			return out, nil
		}
		var err error
		name, _ := v["name"].(string)
		terms, _ := v["terms"].(string)
		*p = Purpose{Name: name, Terms: terms}
		if p.LegalGrounds, err = strs("legal_grounds"); err != nil {
			return err
		}
		p.Categories, err = strs("categories")
		return err
	}
	return fmt.Errorf("processing.purposes: each is a name or a table with name, legal_grounds, categories, terms")
}

// ByPurpose lists the purposes, each with its grounds, categories and
// terms; what a purpose leaves out it takes from the register's flat lists.
func (r Register) ByPurpose() []Purpose {
	out := make([]Purpose, len(r.Purposes))
	for i, p := range r.Purposes {
		if len(p.LegalGrounds) == 0 {
			p.LegalGrounds = r.LegalGrounds
		}
		if len(p.Categories) == 0 {
			p.Categories = r.Categories
		}
		if strings.TrimSpace(p.Terms) == "" {
			p.Terms = r.StorageTerms
		}
		out[i] = p
	}
	return out
}

// AllCategories lists the register's categories and those its purposes
// name, once each.
func (r Register) AllCategories() []string {
	out := appendNew(nil, r.Categories...)
	for _, p := range r.Purposes {
		out = appendNew(out, p.Categories...)
	}
	return out
}

// Processor is someone who processes on the operator's instruction.
type Processor struct {
	Name    string `toml:"name" json:"name"`
	Address string `toml:"address" json:"address"`
}

// System is an information system of the operator, and how data are
// destroyed in it; with a connector, how privdesk finds and erases the
// subject's data there itself.
type System struct {
	Name   string `toml:"name" json:"name"`
	Method string `toml:"method" json:"method"`
	// Connector is sqlite, postgres, mysql or command; empty: the officer
	// looks by hand. The connection string never stands in config.toml:
	// DSNEnv names the environment variable, DSNFile the file that holds
	// it; Path is a SQLite file, Command an executable and its arguments.
	Connector string   `toml:"connector" json:"connector,omitempty"`
	DSNEnv    string   `toml:"dsn_env" json:"dsn_env,omitempty"`
	DSNFile   string   `toml:"dsn_file" json:"dsn_file,omitempty"`
	Path      string   `toml:"path" json:"path,omitempty"`
	Command   []string `toml:"command" json:"command,omitempty"`
	Lookups   []Lookup `toml:"lookups" json:"lookups,omitempty"`
}

// Lookup is what to look up in one table of a system: a SELECT with the
// subject's identifiers as named parameters (:email, :phone, :account,
// :name), which of its columns hold which category of the register, and
// the statement that erases (a DELETE, or an UPDATE that masks).
type Lookup struct {
	Table      string            `toml:"table" json:"table"`
	Find       string            `toml:"find" json:"find"`
	Erase      string            `toml:"erase" json:"erase,omitempty"`
	Categories map[string]string `toml:"categories" json:"categories,omitempty"`
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
	need("categories", len(r.AllCategories()) == 0)
	need("purposes", len(r.Purposes) == 0)
	for i, p := range r.ByPurpose() {
		at := "purposes[" + strconv.Itoa(i) + "]."
		need(at+"name", blank(p.Name))
		need(at+"legal_grounds", len(p.LegalGrounds) == 0)
		need(at+"categories", len(p.Categories) == 0)
		need(at+"terms", blank(p.Terms))
	}
	need("methods", blank(r.Methods))
	need("sources", blank(r.Sources))
	need("recipients", len(r.Recipients) == 0)
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
