package intake

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"privdesk/cases"
)

// record is a request as JSON and CSV give it: the fields of privdesk new.
type record struct {
	Kind       string         `json:"kind"`
	Name       string         `json:"name"`
	Email      string         `json:"email"`
	Phone      string         `json:"phone"`
	Account    string         `json:"account"`
	Channel    string         `json:"channel"`
	Received   string         `json:"received"`
	Summary    string         `json:"summary"`
	ExternalID string         `json:"external_id"`
	Subject    *cases.Subject `json:"subject"` // privdesk's own JSON output nests these
}

// Columns are the CSV header names privdesk reads.
var Columns = []string{"kind", "name", "email", "phone", "account", "channel", "received", "summary", "external_id"}

func (r record) item(source string, now time.Time, ph *Phrases) Item {
	if r.Subject != nil {
		r.Name, r.Email, r.Phone, r.Account = r.Subject.Name, r.Subject.Email, r.Subject.Phone, r.Subject.Account
	}
	it := Item{Source: source}
	kind := cases.Kind(strings.TrimSpace(r.Kind))
	if kind == "" {
		var ok bool
		kind, ok = ph.Classify(r.Email, r.Summary)
		it.Triage = !ok
	}
	received := now
	if strings.TrimSpace(r.Received) != "" {
		t, err := cases.ParseTime(r.Received)
		if err != nil {
			it.Err = err
			return it
		}
		received = t
	}
	channel := cases.Channel(strings.TrimSpace(r.Channel))
	if channel == "" {
		channel = cases.ChannelWeb
	}
	it.Intake = cases.Intake{Kind: kind, Channel: channel, Received: received, Summary: r.Summary,
		Subject: cases.Subject{Name: r.Name, Email: r.Email, Phone: r.Phone, Account: r.Account}}
	if id := strings.TrimSpace(r.ExternalID); id != "" {
		it.DedupKey = hashKey("ext:", id)
		it.ContentKey = hashKey("rec:", id, string(kind), r.Name, r.Email, r.Phone, r.Account, r.Summary)
	} else {
		it.ContentKey = hashKey("rec:", string(kind), r.Name, r.Email, r.Phone, r.Account, received.UTC().Format(time.RFC3339), r.Summary)
	}
	return finish(it, now)
}

// ParseJSON reads an array of requests, or one object per line. now is the
// time of receipt for records that give none.
func ParseJSON(raw []byte, source string, now time.Time, ph *Phrases) []Item {
	trimmed := bytes.TrimLeft(raw, " \t\r\n\ufeff")
	if len(trimmed) == 0 {
		return []Item{invalid(source, ErrEmpty)}
	}
	if trimmed[0] == '[' {
		var recs []json.RawMessage
		if err := json.Unmarshal(trimmed, &recs); err != nil {
			return []Item{invalid(source, ErrBadJSON, err.Error())}
		}
		out := make([]Item, 0, len(recs))
		for i, r := range recs {
			out = append(out, jsonItem(r, fmt.Sprintf("%s[%d]", source, i), now, ph))
		}
		return out
	}
	var out []Item
	for n, line := range bytes.Split(trimmed, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		out = append(out, jsonItem(line, fmt.Sprintf("%s:%d", source, n+1), now, ph))
	}
	return out
}

func jsonItem(raw []byte, source string, now time.Time, ph *Phrases) Item {
	var r record
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return invalid(source, ErrBadJSON, err.Error())
	}
	it := r.item(source, now, ph)
	if !utf8.Valid(raw) {
		// Invalid bytes became U+FFFD; the record as it came is kept.
		it.Attachments = append(it.Attachments, Attachment{Name: "original.json", Type: "application/json", Content: bytes.Clone(raw)})
	}
	return it
}

// ParseCSV reads a header row naming Columns, then one request per row.
func ParseCSV(raw []byte, source string, now time.Time, ph *Phrases) []Item {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return []Item{invalid(source, ErrEmpty)}
	}
	if err != nil {
		return []Item{invalid(source, ErrBadCSV, err.Error())}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		known := false
		for _, c := range Columns {
			known = known || c == h
		}
		if !known {
			return []Item{invalid(source+":1", ErrCSVColumn, h, strings.Join(Columns, ","))}
		}
		col[h] = i
	}
	var out []Item
	for line := 2; ; line++ {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		src := fmt.Sprintf("%s:%d", source, line)
		if err != nil {
			out = append(out, invalid(src, ErrBadCSV, err.Error()))
			continue
		}
		if len(row) != len(header) {
			// A field too many or too few shifts or cuts what follows:
			// the row is refused, never read in part.
			out = append(out, invalid(src, ErrCSVFields, len(row), len(header)))
			continue
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(row) {
				return row[i]
			}
			return ""
		}
		rec := record{Kind: get("kind"), Name: get("name"), Email: get("email"), Phone: get("phone"),
			Account: get("account"), Channel: get("channel"), Received: get("received"),
			Summary: get("summary"), ExternalID: get("external_id")}
		it := rec.item(src, now, ph)
		if !utf8.Valid([]byte(strings.Join(row, ""))) {
			// Invalid bytes became U+FFFD; the row as it came is kept.
			var orig bytes.Buffer
			w := csv.NewWriter(&orig)
			w.Write(header)
			w.Write(row)
			w.Flush()
			it.Attachments = append(it.Attachments, Attachment{Name: "original.csv", Type: "text/csv", Content: orig.Bytes()})
		}
		out = append(out, it)
	}
	return out
}
