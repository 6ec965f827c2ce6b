// Package intake turns incoming requests (e-mail, JSON, CSV) into cases to
// register. It reads bytes and returns items; it touches no file and no
// database, so the same code serves a one-off import and a watched mailbox.
package intake

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"privdesk/cases"
)

// Format is a kind of input.
type Format string

// The formats.
const (
	FormatEML     Format = "eml"
	FormatMbox    Format = "mbox"
	FormatMaildir Format = "maildir"
	FormatJSON    Format = "json"
	FormatCSV     Format = "csv"
)

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case FormatEML, FormatMbox, FormatMaildir, FormatJSON, FormatCSV:
		return f, nil
	}
	return "", &cases.Error{Code: ErrUnknownFormat, Args: []any{s}}
}

// Error codes of invalid items.
const (
	ErrUnknownFormat = "unknown_format"
	ErrNoSender      = "mail_no_sender"
	ErrBadMail       = "mail_unreadable"
	ErrBadJSON       = "json_invalid"
	ErrBadCSV        = "csv_invalid"
	ErrCSVColumn     = "csv_column"
	ErrCSVFields     = "csv_fields"
	ErrEmpty         = "input_empty"
)

// Detect guesses a file's format from its name, then its first bytes.
func Detect(name string, head []byte) (Format, bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".eml", ".msg":
		return FormatEML, true
	case ".mbox", ".mbx":
		return FormatMbox, true
	case ".json", ".ndjson", ".jsonl":
		return FormatJSON, true
	case ".csv":
		return FormatCSV, true
	}
	h := strings.TrimLeft(string(head), " \t\r\n\ufeff")
	switch {
	case strings.HasPrefix(h, "From "):
		return FormatMbox, true
	case strings.HasPrefix(h, "{"), strings.HasPrefix(h, "["):
		return FormatJSON, true
	case looksLikeHeader(h):
		return FormatEML, true
	}
	if line, _, _ := strings.Cut(h, "\n"); strings.Contains(strings.ToLower(line), "kind") && strings.Contains(line, ",") {
		return FormatCSV, true
	}
	return "", false
}

func looksLikeHeader(s string) bool {
	line, _, _ := strings.Cut(s, "\n")
	name, _, ok := strings.Cut(line, ":")
	return ok && name != "" && !strings.ContainsAny(name, " \t") && len(name) < 80
}

// Attachment is a file that came with a request.
type Attachment struct {
	Name    string
	Type    string
	Content []byte
	Role    string // cases.RoleRequest for the original message
}

// Item is one incoming request, or the reason it cannot be registered.
type Item struct {
	Source      string // file, and position within it
	Intake      cases.Intake
	Note        string // the message text, kept as the first note
	Attachments []Attachment
	// DedupKey names the request (Message-ID, external ID), ContentKey its
	// content: the same content is imported once; the same name with other
	// content is imported and flagged as a possible duplicate. Both are
	// SHA-256 hashes, which the store keys again before keeping them.
	DedupKey    string
	ContentKey  string
	Triage      bool // the kind was not recognised
	TimeGuessed bool // received is the file's time, not the message's
	// Raw is what was refused as not a request at all, to keep in the
	// quarantine for the officer.
	Raw []byte
	Err error
}

// Phrases recognise a request's kind from its words.
type Phrases struct {
	AuthorityDomains []string                `json:"authority_domains"`
	ByKind           map[cases.Kind][]string `json:"phrases"`
	order            []cases.Kind
}

// ParsePhrases reads assets/intake.json.
func ParsePhrases(data []byte) (*Phrases, error) {
	p := new(Phrases)
	if err := json.Unmarshal(data, p); err != nil {
		return nil, fmt.Errorf("intake phrases: %w", err)
	}
	for k := range p.ByKind {
		if !k.Valid() {
			return nil, fmt.Errorf("intake phrases: unknown kind %q", k)
		}
		p.order = append(p.order, k)
	}
	// Ties go to the kind earlier in the catalogue, for the same answer every run.
	sort.Slice(p.order, func(i, j int) bool { return kindIndex(p.order[i]) < kindIndex(p.order[j]) })
	return p, nil
}

func kindIndex(k cases.Kind) int {
	for i, kk := range cases.Kinds {
		if kk == k {
			return i
		}
	}
	return len(cases.Kinds)
}

// Classify names the kind a text asks for, and false when nothing matched.
// A sender at an authority domain (rkn.gov.ru) is a Roskomnadzor request.
func (p *Phrases) Classify(sender, text string) (cases.Kind, bool) {
	sender = strings.ToLower(sender)
	for _, d := range p.AuthorityDomains {
		if strings.HasSuffix(sender, "@"+d) || strings.HasSuffix(sender, "."+d) {
			return cases.KindAuthority, true
		}
	}
	text = strings.ToLower(strings.ReplaceAll(text, "ё", "е"))
	best, score := cases.KindOther, 0
	for _, k := range p.order {
		n := 0
		for _, ph := range p.ByKind[k] {
			n += strings.Count(text, strings.ReplaceAll(ph, "ё", "е"))
		}
		if n > score {
			best, score = k, n
		}
	}
	return best, score > 0
}

func hashKey(prefix string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return prefix + hex.EncodeToString(h.Sum(nil))
}

func invalid(source, code string, args ...any) Item {
	return Item{Source: source, Err: &cases.Error{Code: code, Args: args}}
}

// finish validates an item's intake, so that an invalid one never reaches
// the store. now is the moment of reading, or of arrival for mail.
func finish(it Item, now time.Time) Item {
	if it.Intake.Kind == cases.KindIncident && it.Intake.Incident == nil {
		it.Intake.Incident = cases.ReportedIncident(it.Intake.Received, it.Intake.Summary)
	}
	if it.Err == nil {
		it.Err = it.Intake.Validate()
	}
	if it.Err == nil {
		it.Err = cases.CheckReceived(it.Intake.Received, now)
	}
	return it
}
