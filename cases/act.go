package cases

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Party is a legal entity or person with an address.
type Party struct {
	Name    string `json:"name"`
	Address string `json:"address"`
}

// Person is someone who destroyed data, as the act names them.
type Person struct {
	Login    string `json:"login"`
	Name     string `json:"name"`
	Position string `json:"position"`
}

// ActEntry is one destruction the act confirms: one logged event.
type ActEntry struct {
	Event      int      `json:"event"` // seq of the timeline event that logged it
	Hash       string   `json:"hash"`  // and its hash
	By         string   `json:"by"`    // login of who destroyed
	Categories []string `json:"categories"`
	System     string   `json:"system"` // ж: the system the data were destroyed from
	How        string   `json:"how"`    // з: the method used there
	Medium     string   `json:"medium,omitempty"`
	Sheets     int      `json:"sheets,omitempty"`
	Reason     string   `json:"reason"`
	Date       Date     `json:"date"`
}

// Act is a destruction act with the content Roskomnadzor Order 179 p. 3
// requires (sub-points а to к). Once issued it is kept in the case as it
// was, so that printing it again gives the same act.
type Act struct {
	No          string     `json:"no"`
	Case        ID         `json:"case"`
	Date        Date       `json:"date"`
	Operator    Party      `json:"operator"`             // а
	Processor   *Party     `json:"processor,omitempty"`  // б, as acts of older builds recorded it
	Processors  []Party    `json:"processors,omitempty"` // б: the register's processors
	Subject     string     `json:"subject"`              // в
	Destroyers  []Person   `json:"destroyers"`           // г
	Entries     []ActEntry `json:"entries"`              // д, е, ж, з, и, к
	RetainUntil Date       `json:"retain_until"`         // p. 8: kept 3 years
	// Export names the act's log export (Order 179 p. 5) and ExportSHA256
	// is the SHA-256 of its bytes (LogCSV), which the act prints.
	Export       string `json:"export,omitempty"`
	ExportSHA256 string `json:"export_sha256,omitempty"`
}

// ActSetup is what an act takes from the configuration: the operator (а),
// the processors of the register (б), the method of destroying paper (з),
// and how a login names a person (г).
type ActSetup struct {
	Operator    Party
	Processors  []Party
	PaperMethod string
	People      func(login string) (Person, bool)
	// Electronic: the act confirms electronic records only (the end of
	// retention); a paper original is destroyed, and acted, on its own.
	Electronic bool
}

// ErrPaperMethod: an act with a paper medium needs the operator's method.
const ErrPaperMethod = "paper_method"

// kindReasons are why data are destroyed on a request of each kind, in
// the act's words (Order 179 p. 3 и).
var kindReasons = map[Kind]string{
	KindDestroy:         "требование субъекта об уничтожении персональных данных",
	KindWithdrawConsent: "отзыв субъектом согласия на обработку персональных данных",
	KindBlock:           "выявлена неправомерная обработка персональных данных",
	KindStopProcessing:  "требование субъекта о прекращении обработки персональных данных",
	KindAuthority:       "выявлена неправомерная обработка по запросу уполномоченного органа",
	KindRectify:         "требование субъекта об уточнении персональных данных",
}

// destroyReason is a destroying step's reason in words, with its norm.
func (c *Case) destroyReason() string {
	words, ok := kindReasons[c.Kind]
	if !ok {
		words = c.Kind.Info().Title.RU
	}
	return words + " (" + c.Kind.Info().Article.RU + ")"
}

// Categories lists every category the act's destructions covered, once
// each, in the order of the entries (д).
func (a Act) Categories() []string {
	var out []string
	for _, e := range a.Entries {
		out = appendNew(out, e.Categories...)
	}
	return out
}

// ActMethod is how privdesk destroys a document: its own encryption key is
// overwritten in place and its encrypted file deleted.
var ActMethod = Text{
	RU: "уничтожение индивидуального ключа шифрования документа (перезапись нулями на месте) и удаление зашифрованного файла документа, исключающие восстановление",
	EN: "erasure of the document's own encryption key (overwritten with zeros in place) and deletion of its encrypted file, so that it cannot be restored",
}

// PrivdeskStore is the information system a document held in privdesk
// lived in, as an act names it (Order 179 p. 3 ж).
var PrivdeskStore = Text{
	RU: "privdesk: зашифрованное хранилище документов дел по обращениям",
	EN: "privdesk: the encrypted document store of the request cases",
}

// ActMedia says why sub-point е lists no paper media.
var ActMedia = Text{
	RU: "не применяется: обработка автоматизированная, материальные носители не уничтожались",
	EN: "not applicable: automated processing, no physical media were destroyed",
}

// DefaultCategories name what a destruction without a list destroyed.
var DefaultCategories = []string{"персональные данные субъекта, указанные в обращении"}

// Paper lists the physical media the act confirms destroyed (е).
func (a Act) Paper() []ActEntry {
	var out []ActEntry
	for _, e := range a.Entries {
		if e.Medium != "" {
			out = append(out, e)
		}
	}
	return out
}

// Covered lists the timeline events the case's acts already confirm.
func (c *Case) Covered() map[int]bool {
	out := map[int]bool{}
	for _, a := range c.Acts {
		for _, e := range a.Entries {
			out[e.Event] = true
		}
	}
	return out
}

// BuildAct assembles the act for the destructions of a case that no earlier
// act confirms: those its timeline logged (documents destroyed in privdesk)
// and those its destroying steps recorded (data destroyed in another
// system). Each destroyer is named through people, which maps a login to a
// name and position; an unknown login is an error naming it. system and
// method describe privdesk's own destructions.
func BuildAct(c *Case, events []Event, set ActSetup, today time.Time) (Act, error) {
	act := Act{Case: c.ID, Date: DateOf(today), Operator: set.Operator, Processors: set.Processors, Subject: c.Subject.Name}
	if c.Incident != nil && act.Subject == "" {
		act.Subject = c.Incident.Description
	}
	if act.Subject == "" {
		act.Subject = "обращение № " + c.ID.String()
	}
	covered := c.Covered()
	destroying := map[string]bool{}
	for _, st := range c.Steps {
		destroying[st.Key] = st.Destroys
	}
	for _, e := range events {
		if covered[e.Seq] {
			continue
		}
		entry := ActEntry{Event: e.Seq, Hash: e.Hash, By: e.Officer, Date: DateOf(e.At)}
		switch {
		case e.Type == EventDestroyed:
			entry.System, entry.How, entry.Reason = e.Data["information_system"], e.Data["how"], e.Data["reason"]
			if d, err := ParseDate(e.Data["date"]); err == nil {
				entry.Date = d
			}
			if entry.How == "" {
				entry.How = ActMethod.RU
			}
		case e.Type == EventErased:
			entry.System, entry.How, entry.Reason = e.Data["system"], e.Data["how"], c.destroyReason()
		case e.Type == EventStep && strings.HasSuffix(e.To, "="+string(StepDone)) && destroying[strings.TrimSuffix(e.To, "="+string(StepDone))]:
			entry.System, entry.How, entry.Reason = e.Data["system"], e.Data["how"], c.destroyReason()
		default:
			continue
		}
		entry.Categories = splitList(e.Data["categories"])
		if len(entry.Categories) == 0 {
			entry.Categories = DefaultCategories
		}
		entry.Medium = e.Data["medium"]
		entry.Sheets, _ = strconv.Atoi(e.Data["sheets"])
		if entry.Medium != "" { // paper is destroyed by the operator's own method
			if strings.TrimSpace(set.PaperMethod) == "" {
				return act, errf(ErrPaperMethod)
			}
			entry.How = set.PaperMethod
		}
		act.Entries = append(act.Entries, entry)
	}
	if len(act.Entries) == 0 {
		if len(c.Acts) > 0 {
			return act, errf(ErrActCovered, c.ID.String(), c.Acts[len(c.Acts)-1].No)
		}
		return act, errf(ErrNoDocumentsToAct, c.ID.String())
	}
	if !set.Electronic && c.PaperOriginal() && len(act.Paper()) == 0 && !c.hasPaperAct() {
		return act, errf(ErrPaperDetails, c.ID.String())
	}
	for _, e := range act.Entries {
		if slices.ContainsFunc(act.Destroyers, func(p Person) bool { return p.Login == e.By }) {
			continue
		}
		p, ok := set.People(e.By)
		if !ok || p.Name == "" || p.Position == "" {
			return act, errf(ErrUnknownOfficer, e.By)
		}
		p.Login = e.By
		act.Destroyers = append(act.Destroyers, p)
	}
	last := act.Entries[0].Date
	for _, e := range act.Entries {
		last = max(last, e.Date)
	}
	y, m, d := last.Parts()
	act.RetainUntil = MakeDate(y+3, m, d)
	return act, nil
}

func (c *Case) hasPaperAct() bool {
	for _, a := range c.Acts {
		if len(a.Paper()) > 0 {
			return true
		}
	}
	return false
}

// IssueAct numbers an act, the case's number and "У" (and the act's
// ordinal after the first), and keeps it in the case.
func (c *Case) IssueAct(a Act, now time.Time, officer string) Event {
	a.No = c.ID.String() + "-У"
	if n := len(c.Acts) + 1; n > 1 {
		a.No += strconv.Itoa(n)
	}
	sum := sha256.Sum256(a.LogCSV())
	a.Export, a.ExportSHA256 = a.No+".csv", hex.EncodeToString(sum[:])
	c.Acts = append(c.Acts, a)
	ev := newEvent(EventAct, now, officer)
	ev.To = a.No
	return ev
}

// Act returns the case's act numbered no, or the last one for "".
func (c *Case) Act(no string) (Act, bool) {
	for i := len(c.Acts) - 1; i >= 0; i-- {
		if no == "" || c.Acts[i].No == no {
			return c.Acts[i], true
		}
	}
	return Act{}, false
}

// LogRow is one line of the log export of Order 179 p. 5: the subject, the
// categories destroyed, the system, the reason and the date (а–д), with the
// event that logged it, its hash, who destroyed and how. It carries no
// contact data.
type LogRow struct {
	Act        string `json:"act"`
	Subject    string `json:"subject"`
	Categories string `json:"categories"`
	System     string `json:"system"`
	Reason     string `json:"reason"`
	Date       string `json:"date"`
	Event      int    `json:"event"`
	Hash       string `json:"hash"`
	By         string `json:"by"`
	Method     string `json:"method"`
}

// Log is the act's log export.
func (a Act) Log() []LogRow {
	out := make([]LogRow, len(a.Entries))
	for i, e := range a.Entries {
		out[i] = LogRow{Act: a.No, Subject: a.Subject, Categories: strings.Join(e.Categories, "; "), System: e.System,
			Reason: e.Reason, Date: e.Date.String(), Event: e.Event, Hash: e.Hash, By: e.By, Method: e.How}
	}
	return out
}

// LogCSV is the act's log export as CSV: UTF-8 with a BOM, for spreadsheet
// programs, every cell safe from formulas. The act prints its SHA-256.
func (a Act) LogCSV() []byte {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	w.Write([]string{"акт", "субъект", "категории", "система", "основание", "дата", "событие", "хеш", "кто", "способ"})
	for _, r := range a.Log() {
		row := []string{r.Act, r.Subject, r.Categories, r.System, r.Reason, r.Date, strconv.Itoa(r.Event), r.Hash, r.By, r.Method}
		for i := range row {
			row[i] = SpreadsheetCell(row[i])
		}
		w.Write(row)
	}
	w.Flush()
	return buf.Bytes()
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// HasDestruction tells whether the case has anything an act confirms: a
// document destroyed, a destroying step done, or an act already issued.
func (c *Case) HasDestruction() bool {
	if len(c.Acts) > 0 {
		return true
	}
	for _, d := range c.Documents {
		if d.Destroyed != nil {
			return true
		}
	}
	for _, st := range c.Steps {
		if st.Destroys && st.State == StepDone {
			return true
		}
	}
	return len(c.Erased) > 0
}
