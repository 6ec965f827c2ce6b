package cases

import (
	"time"
)

// Party is a legal entity or person with an address.
type Party struct {
	Name    string
	Address string
}

// Person is someone who destroyed data, as the act names them.
type Person struct {
	Name     string
	Position string
}

// ActEntry is one destruction the act confirms.
type ActEntry struct {
	Categories string // д
	System     string // ж
	Reason     string // и
	Date       Date   // к
	Event      int    // seq of the timeline event that logged it
}

// Act is a destruction act with the content Roskomnadzor Order 179 p. 3
// requires (sub-points а to к).
type Act struct {
	Case        ID
	Date        Date
	Operator    Party    // а
	Processor   *Party   // б, if processing was entrusted
	Subject     string   // в
	Destroyers  []Person // г (signatures on the printed act)
	Entries     []ActEntry
	Media       Text // е: automated processing, so no physical media
	Method      Text // з
	RetainUntil Date // p. 8: kept 3 years from destruction
}

// ActMethod is how privdesk destroys: the record is deleted and the file
// rewritten without it.
var ActMethod = Text{
	RU: "удаление записей из базы данных информационной системы с последующей перезаписью (уплотнением) файла базы, исключающей восстановление",
	EN: "deletion of the records from the information system's database, followed by rewriting (compacting) the database file so that they cannot be restored",
}

// ActMedia says why sub-point е has no paper media.
var ActMedia = Text{
	RU: "не применяется: обработка автоматизированная, материальные носители не уничтожались",
	EN: "not applicable: automated processing, no physical media were destroyed",
}

// BuildAct assembles the act for a case from the destructions its timeline
// logged, and from work steps that record data destroyed elsewhere.
func BuildAct(c *Case, events []Event, operator Party, processor *Party, system string, destroyers []Person, today time.Time) (Act, error) {
	act := Act{Case: c.ID, Date: DateOf(today), Operator: operator, Processor: processor, Subject: c.Subject.Name,
		Destroyers: destroyers, Media: ActMedia, Method: ActMethod}
	for _, e := range events {
		if e.Type != EventDestroyed {
			continue
		}
		d, _ := ParseDate(e.Data["date"])
		act.Entries = append(act.Entries, ActEntry{Categories: e.Data["categories"], System: e.Data["information_system"],
			Reason: e.Data["reason"], Date: d, Event: e.Seq})
	}
	for _, e := range events {
		if e.Type != EventStep {
			continue
		}
		for _, st := range c.Steps {
			if st.Destroys && st.State == StepDone && e.To == st.Key+"="+string(StepDone) {
				categories := e.Text
				if categories == "" {
					categories = "персональные данные субъекта, указанные в обращении"
				}
				act.Entries = append(act.Entries, ActEntry{Categories: categories, System: system,
					Reason: c.Kind.Info().Article.RU, Date: DateOf(e.At), Event: e.Seq})
			}
		}
	}
	if len(act.Entries) == 0 {
		return act, errf(ErrNoDocumentsToAct, c.ID.String())
	}
	last := act.Entries[0].Date
	for _, e := range act.Entries {
		last = max(last, e.Date)
	}
	y, m, d := last.Parts()
	act.RetainUntil = MakeDate(y+3, m, d)
	return act, nil
}
