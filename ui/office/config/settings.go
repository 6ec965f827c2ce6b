// Package config reads config.toml: the operator, the officers and their
// roles and keys, the processing register, SMTP, retention and review.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"golang.org/x/crypto/ssh"

	"privdesk/assets"
	"privdesk/cases"
	"privdesk/ui/office/systems"
)

// Settings are the officer's config.toml.
type Settings struct {
	Operator struct {
		Name    string `toml:"name"`
		Address string `toml:"address"`
		// INN and OGRN identify the operator to Roskomnadzor (its incident
		// form asks for the INN): letters to RKN print them.
		INN  string `toml:"inn"`
		OGRN string `toml:"ogrn"`
	} `toml:"operator"`
	// Processor is the person processing on the operator's instruction, if any.
	Processor struct {
		Name    string `toml:"name"`
		Address string `toml:"address"`
	} `toml:"processor"`
	Documents struct {
		MaxMiB        int `toml:"max_mib"`
		RetentionDays int `toml:"retention_days"`
		// RetentionGround is the legal ground for keeping identity
		// documents longer than 30 days; without it a longer term is refused.
		RetentionGround string `toml:"retention_ground"`
		// PaperMethod is how the operator destroys paper (a shredder, a
		// contractor's act), which an act names for a paper medium.
		PaperMethod string `toml:"paper_method"`
	} `toml:"documents"`
	Deadlines struct {
		PasswordResetDays int `toml:"password_reset_days"`
	} `toml:"deadlines"`
	Officers []Officer `toml:"officers"`
	// Processing is the processing register the letters quote.
	Processing cases.Register `toml:"processing"`
	// SMTP is the server letters are sent through.
	SMTP SMTP `toml:"smtp"`
	// Retention says how long closed cases keep their personal data.
	Retention struct {
		CaseDays *int `toml:"case_days"` // nil: cases.DefaultCaseDays; 0: at once
	} `toml:"retention"`
	// Categories replaces, by document type, the categories of data a
	// document holds (assets/categories.json has the defaults).
	Categories map[string][]string `toml:"categories"`
	categories map[string][]string
	// Review says what needs a second officer's approval.
	Review Review `toml:"review"`
	// Dir is config.toml's folder, which a system's relative path, file or
	// command is read from.
	Dir string `toml:"-"`
}

// SMTP says how to send letters by e-mail. The password comes from
// PRIVDESK_SMTP_PASSWORD or the file password_file, never from a flag.
type SMTP struct {
	Host         string `toml:"host"`
	Port         int    `toml:"port"`
	User         string `toml:"user"`
	From         string `toml:"from"`
	RKNAddress   string `toml:"rkn_address"`
	PasswordFile string `toml:"password_file"`
}

// Officer is a person who works cases, as the act names them.
type Officer struct {
	Login    string `toml:"login"`
	Name     string `toml:"name"`
	Position string `toml:"position"`
	// Role says what the officer may do on a served desk: officer (works
	// cases; the default), reviewer, admin, or auditor (reads only).
	Role string `toml:"role"`
	// Keys are the officer's SSH public keys, as authorized_keys lines.
	Keys []string `toml:"keys"`
	// Lang is the language of the officer's desk over SSH (ru or en).
	Lang string `toml:"lang"`
}

// The roles of a served desk.
const (
	RoleOfficer  = "officer"
	RoleReviewer = "reviewer"
	RoleAdmin    = "admin"
	RoleAuditor  = "auditor"
)

// Roles lists the roles config.toml may give.
var Roles = []string{RoleOfficer, RoleReviewer, RoleAdmin, RoleAuditor}

// RoleOf is an officer's role, officer when none is given.
func (o Officer) RoleOf() string {
	if o.Role == "" {
		return RoleOfficer
	}
	return o.Role
}

// Defaults for settings the file leaves out.
const (
	DefaultMaxMiB        = 25
	DefaultRetentionDays = 30
)

// LoadSettings reads path; a missing file means the defaults.
func LoadSettings(path string) (Settings, error) {
	var data []byte
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return Settings{}, fmt.Errorf("%s: %w", path, err)
		}
		data = b
	}
	return ParseSettings(data, path)
}

// ParseSettings reads config.toml's content; name says where it came from.
func ParseSettings(data []byte, name string) (Settings, error) {
	var s Settings
	path := name
	if _, err := toml.Decode(string(data), &s); err != nil {
		return s, fmt.Errorf("%s: %w", name, err)
	}
	if s.Documents.MaxMiB <= 0 {
		s.Documents.MaxMiB = DefaultMaxMiB
	}
	if s.Documents.RetentionDays <= 0 {
		s.Documents.RetentionDays = DefaultRetentionDays
	}
	if s.Documents.RetentionDays > DefaultRetentionDays && strings.TrimSpace(s.Documents.RetentionGround) == "" {
		return s, fmt.Errorf("%s: [documents] retention_days = %d is longer than the 30 days of 152-FZ Art. 21 p. 4: set retention_ground to the legal ground, or lower it", path, s.Documents.RetentionDays)
	}
	for _, o := range s.Officers {
		if o.Role != "" && !slices.Contains(Roles, o.Role) {
			return s, fmt.Errorf("%s: officer %q has role %q: use one of %s", path, o.Login, o.Role, strings.Join(Roles, ", "))
		}
		for i, k := range o.Keys {
			if _, _, _, _, err := ssh.ParseAuthorizedKey([]byte(k)); err != nil {
				return s, fmt.Errorf("%s: officer %q, keys[%d] is not an authorized_keys line (ssh-ed25519 AAAA... comment): %v", path, o.Login, i, err)
			}
		}
	}
	for _, sys := range s.Processing.Systems {
		if err := systems.Check(sys); err != nil {
			return s, fmt.Errorf("%s: [[processing.systems]] %v", path, err)
		}
	}
	s.Dir = filepath.Dir(path)
	if err := json.Unmarshal(assets.Categories, &s.categories); err != nil {
		return s, err
	}
	maps.Copy(s.categories, s.Categories)
	return s, nil
}

// DocTypes lists the document types that have categories, sorted.
func (s Settings) DocTypes() []string { return slices.Sorted(maps.Keys(s.categories)) }

// CategoriesOf is what a document holds, for the act: by its type, the
// original request message as such, and otherwise an identity document.
func (s Settings) CategoriesOf(d cases.Document) []string {
	switch {
	case d.IsRequest():
		return s.categories["request"]
	case d.DocType != "":
		if c, ok := s.categories[d.DocType]; ok {
			return c
		}
	}
	return s.categories["identity"]
}

// MaxBytes is the largest document accepted.
func (s Settings) MaxBytes() int64 { return int64(s.Documents.MaxMiB) << 20 }

// Officer finds the officer with login.
func (s Settings) Officer(login string) (Officer, bool) {
	for _, o := range s.Officers {
		if o.Login == login {
			return o, true
		}
	}
	return Officer{}, false
}

// CaseDays is how long after closing a case keeps its personal data.
func (s Settings) CaseDays() int {
	if s.Retention.CaseDays == nil || *s.Retention.CaseDays < 0 {
		return cases.DefaultCaseDays
	}
	return *s.Retention.CaseDays
}

// Missing names what the letters and acts need and config.toml lacks.
func (s Settings) Missing() []string {
	var out []string
	if strings.TrimSpace(s.Operator.Name) == "" {
		out = append(out, "operator.name")
	}
	if strings.TrimSpace(s.Operator.Address) == "" {
		out = append(out, "operator.address")
	}
	digits := func(v string, lens ...int) bool {
		return slices.Contains(lens, len(v)) && strings.Trim(v, "0123456789") == ""
	}
	if !digits(s.Operator.INN, 10, 12) {
		out = append(out, "operator.inn (10 or 12 digits)")
	}
	if !digits(s.Operator.OGRN, 13, 15) {
		out = append(out, "operator.ogrn (13 or 15 digits)")
	}
	if len(s.Officers) == 0 {
		out = append(out, "officers")
	}
	for _, o := range s.Officers {
		if o.Name == "" || o.Position == "" {
			out = append(out, "officers[login="+o.Login+"].name, position")
		}
	}
	return append(out, s.Processing.Missing()...)
}

// Review is config.toml's [review]: which actions need a second officer's
// approval before they take effect (four eyes). Both are off by default.
type Review struct {
	Refusals    bool `toml:"refusals"`
	Destruction bool `toml:"destruction"`
	// Erasure: an erase in the operator's systems waits for a reviewer,
	// who sees its dry run.
	Erasure bool `toml:"erasure"`
}
