package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"privdesk/cases"
)

// Every stored value starts with its encoding version, so that a record can
// change shape without rewriting the file: 1 is plain JSON (schema 1 only),
// 2 is JSON sealed with the database's data key.
const (
	valuePlain  = 1
	valueSealed = 2
)

// indexV2 versions the due index entries (1 kept the moment of receipt).
const indexV2 = 2

// ad binds a sealed value to the bucket and key it is stored under.
func ad(bucket, key []byte) []byte {
	return append(append(append([]byte{}, bucket...), 0), key...)
}

func (s *Store) sealValue(bucket, key, plain []byte) []byte {
	return append([]byte{valueSealed}, s.sealer.Seal(plain, ad(bucket, key))...)
}

func (s *Store) openValue(bucket, key, b []byte) ([]byte, error) {
	if len(b) == 0 || b[0] != valueSealed {
		return nil, fmt.Errorf("value is not sealed")
	}
	return s.sealer.Open(b[1:], ad(bucket, key))
}

func (s *Store) encode(bucket, key []byte, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return s.sealValue(bucket, key, b), nil
}

func (s *Store) decode(bucket, key, b []byte, v any) error {
	plain, err := s.openValue(bucket, key, b)
	if err != nil {
		return err
	}
	return json.Unmarshal(plain, v)
}

// encodeCase seals a case's record: keys of the catalog's texts, not the
// texts (cases.Case.Stored), when the store has the catalog.
func (s *Store) encodeCase(c *cases.Case) ([]byte, error) {
	if s.rules != nil {
		c = c.Stored(s.rules)
	}
	return s.encode(bCases, caseKey(c.ID), c)
}

// decodeCase opens a case's record and puts back the catalog's texts.
func (s *Store) decodeCase(k, v []byte) (*cases.Case, error) {
	c := new(cases.Case)
	if err := s.decode(bCases, k, v, c); err != nil {
		return nil, err
	}
	if s.rules != nil {
		c.Expand(s.rules)
	}
	return c, nil
}

// encodeEvent seals an event without the hash of the one before it, which
// its place in the timeline gives back (readEvents): the event's own hash
// still covers it, so that an event removed or put in between is found as
// before.
func (s *Store) encodeEvent(k []byte, e cases.Event) ([]byte, error) {
	e.Prev = ""
	return s.encode(bEvents, k, e)
}

func caseKey(id cases.ID) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint32(k, uint32(id.Year))
	binary.BigEndian.PutUint32(k[4:], uint32(id.N))
	return k
}

func idFromKey(k []byte) cases.ID {
	return cases.ID{Year: int(binary.BigEndian.Uint32(k)), N: int(binary.BigEndian.Uint32(k[4:8]))}
}

func eventKey(id cases.ID, seq int) []byte {
	return binary.BigEndian.AppendUint32(caseKey(id), uint32(seq))
}

// dueKey orders cases by the day their next milestone ends. It holds the
// day, not the instant: an hour term's end would reveal the moment of
// receipt. Within a day the queue orders by the instant sealed in the row.
// The bias keeps days before 1970 sorting first.
func dueKey(c *cases.Case) []byte {
	at := uint64(math.MaxUint64) // no open milestone: after everything
	if m := c.Next(); m != nil {
		at = uint64(int64(m.Due)) + 1<<63
	}
	k := binary.BigEndian.AppendUint64(nil, at)
	return append(k, caseKey(c.ID)...)
}

func statusKey(s cases.Status, id cases.ID) []byte {
	return append(append([]byte(s), 0), caseKey(id)...)
}

// Row is what the queue shows of a case without decoding its record. It holds
// no personal data: indexes never do.
type Row struct {
	ID          cases.ID
	DueAt       time.Time
	Due         cases.Date
	Status      cases.Status
	Kind        cases.Kind
	Channel     cases.Channel
	Received    cases.Date // the day only: the index keeps no finer time
	Provisional bool
	Unit        cases.Unit // how the next milestone is counted
	NoDue       bool       // every milestone has been met
	Triage      bool       // imported with a kind still to be set
}

// rowValue is the idx_due value: version, due day, day of receipt, flags,
// then status, kind, channel and the next milestone's unit as
// length-prefixed strings, and last the instant the milestone ends, sealed,
// when it is not the end of its day (hour terms and "immediately").
func (s *Store) rowValue(c *cases.Case) []byte {
	b := []byte{indexV2}
	b = binary.BigEndian.AppendUint32(b, uint32(int32(c.Due())))
	b = binary.BigEndian.AppendUint32(b, uint32(int32(cases.DateOf(c.Received))))
	var flags byte
	if c.Provisional() {
		flags |= 1
	}
	m := c.Next()
	if m == nil {
		flags |= 2
	}
	if c.AwaitsTriage() {
		flags |= 4
	}
	b = append(b, flags)
	unit := cases.Unit("")
	if m != nil {
		unit = m.Unit
	}
	for _, s := range []string{string(c.Status), string(c.Kind), string(c.Channel), string(unit)} {
		b = append(b, byte(len(s)))
		b = append(b, s...)
	}
	if m != nil && !m.DueAt.Equal(m.Due.End()) {
		at := binary.BigEndian.AppendUint64(nil, uint64(m.DueAt.Unix()))
		b = append(b, s.sealer.Seal(at, ad(bIdxDue, dueKey(c)))...)
	}
	return b
}

func (s *Store) parseRow(k, v []byte) (Row, bool) {
	if len(k) != 16 || len(v) < 10 || v[0] != indexV2 {
		return Row{}, false
	}
	r := Row{
		ID:          idFromKey(k[8:]),
		Due:         cases.Date(int32(binary.BigEndian.Uint32(v[1:]))),
		Received:    cases.Date(int32(binary.BigEndian.Uint32(v[5:]))),
		Provisional: v[9]&1 != 0,
		NoDue:       v[9]&2 != 0,
		Triage:      v[9]&4 != 0,
	}
	rest := v[10:]
	var parts [4]string
	for i := range parts {
		if len(rest) < 1 || len(rest) < 1+int(rest[0]) {
			return Row{}, false
		}
		n := int(rest[0])
		parts[i], rest = intern(rest[1:1+n]), rest[1+n:]
	}
	r.Status, r.Kind, r.Channel, r.Unit = cases.Status(parts[0]), cases.Kind(parts[1]), cases.Channel(parts[2]), cases.Unit(parts[3])
	if !r.NoDue {
		r.DueAt = r.Due.End()
	}
	if len(rest) > 0 {
		at, err := s.sealer.Open(rest, ad(bIdxDue, k))
		if err != nil || len(at) != 8 {
			return Row{}, false
		}
		r.DueAt = time.Unix(int64(binary.BigEndian.Uint64(at)), 0)
	}
	return r, true
}

// interned holds the few strings index rows repeat, so that reading 100,000
// rows does not allocate 400,000 copies of "new" and "access".
var interned = func() map[string]string {
	m := map[string]string{}
	add := func(s string) { m[s] = s }
	for _, k := range cases.Kinds {
		add(string(k))
	}
	for _, s := range cases.Statuses {
		add(string(s))
	}
	for _, c := range cases.Channels {
		add(string(c))
	}
	for _, u := range []cases.Unit{cases.UnitWorkingDays, cases.UnitCalendarDays, cases.UnitHours, cases.UnitImmediately, cases.UnitInternal} {
		add(string(u))
	}
	return m
}()

func intern(b []byte) string {
	if s, ok := interned[string(b)]; ok {
		return s
	}
	return string(b)
}

// RowOf is the queue row of a case, made from its decoded record.
func RowOf(c *cases.Case) Row {
	r := Row{ID: c.ID, Due: c.Due(), Status: c.Status, Kind: c.Kind, Channel: c.Channel,
		Received: cases.DateOf(c.Received), Provisional: c.Provisional(), Triage: c.AwaitsTriage(), NoDue: true}
	if m := c.Next(); m != nil {
		r.NoDue, r.Unit, r.DueAt = false, m.Unit, m.DueAt
	}
	return r
}
