package intake

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
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

// JSON reads requests from r, one at a time: an array of them, or one
// object per line. now is the time of receipt for records that give none.
// An array that is not well formed JSON is refused whole, before any of its
// requests is read: r is read twice, once to check it and once to read it.
func JSON(r io.ReadSeeker, source string, now time.Time, ph *Phrases) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		first, err := skipSpace(br)
		switch {
		case errors.Is(err, io.EOF):
			yield(invalid(source, ErrEmpty))
			return
		case err != nil:
			yield(invalid(source, ErrBadJSON, err.Error()))
			return
		case first != '[':
			jsonLines(br, source, now, ph, yield)
			return
		}
		if err := eachInArray(br, func(json.RawMessage) bool { return true }); err != nil {
			yield(invalid(source, ErrBadJSON, err.Error()))
			return
		}
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			yield(invalid(source, ErrBadJSON, err.Error()))
			return
		}
		br.Reset(r)
		skipSpace(br)
		i := 0
		eachInArray(br, func(raw json.RawMessage) bool {
			i++
			return yield(jsonItem(raw, fmt.Sprintf("%s[%d]", source, i-1), now, ph))
		})
	}
}

// skipSpace reads past a byte order mark and white space, and peeks at the
// first byte after them.
func skipSpace(br *bufio.Reader) (byte, error) {
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
		br.Discard(3)
	}
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		if !bytes.ContainsRune([]byte(" \t\r\n"), rune(b)) {
			return b, br.UnreadByte()
		}
	}
}

// eachInArray hands fn each element of the JSON array br holds, until fn
// returns false; an error says where the array is not well formed.
func eachInArray(br *bufio.Reader, fn func(json.RawMessage) bool) error {
	dec := json.NewDecoder(br)
	if _, err := dec.Token(); err != nil {
		return err
	}
	var raw json.RawMessage
	for dec.More() {
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		if !fn(raw) {
			return nil
		}
	}
	if _, err := dec.Token(); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("invalid character after top-level value")
	}
	return nil
}

// jsonLines yields the request of each line that is not blank.
func jsonLines(br *bufio.Reader, source string, now time.Time, ph *Phrases, yield func(Item) bool) {
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 && !yield(jsonItem(line, fmt.Sprintf("%s:%d", source, n), now, ph)) {
			return
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				yield(invalid(source, ErrBadJSON, err.Error()))
			}
			return
		}
	}
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

// CSV reads a header row naming Columns, then one request per row, from r,
// one at a time.
func CSV(r io.Reader, source string, now time.Time, ph *Phrases) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
			br.Discard(3)
		}
		cr := csv.NewReader(br)
		cr.FieldsPerRecord = -1
		header, err := cr.Read()
		if errors.Is(err, io.EOF) {
			yield(invalid(source, ErrEmpty))
			return
		}
		if err != nil {
			yield(invalid(source, ErrBadCSV, err.Error()))
			return
		}
		col := map[string]int{}
		for i, h := range header {
			h = strings.ToLower(strings.TrimSpace(h))
			if !slices.Contains(Columns, h) {
				yield(invalid(source+":1", ErrCSVColumn, h, strings.Join(Columns, ",")))
				return
			}
			col[h] = i
		}
		for line := 2; ; line++ {
			row, err := cr.Read()
			if errors.Is(err, io.EOF) {
				return
			}
			if !yield(csvItem(row, err, header, col, fmt.Sprintf("%s:%d", source, line), now, ph)) {
				return
			}
		}
	}
}

// csvItem is the request of one row, or why the row is refused.
func csvItem(row []string, err error, header []string, col map[string]int, src string, now time.Time, ph *Phrases) Item {
	if err != nil {
		return invalid(src, ErrBadCSV, err.Error())
	}
	if len(row) != len(header) {
		// A field too many or too few shifts or cuts what follows: the row
		// is refused, never read in part.
		return invalid(src, ErrCSVFields, len(row), len(header))
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
	return it
}
