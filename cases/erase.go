package cases

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Erasure is what an erase removed of the subject's data in one system:
// the rows of each table, the categories they held, and how. It is the
// fact an act's items д, ж, з and и are built from.
type Erasure struct {
	System     string         `json:"system"`
	How        string         `json:"how"`
	Categories []string       `json:"categories,omitempty"`
	Tables     map[string]int `json:"tables,omitempty"`
	At         time.Time      `json:"at"`
	By         string         `json:"by"`
}

// EventErased records an erase in a system: its text names the system,
// its data the tables with their rows and the categories, never a value.
const EventErased EventType = "erased"

// ErrErasedSystem: an erase recorded without its system or method.
const ErrErasedSystem = "erased_system"

// RecordErased records that the subject's data in a system were erased and
// a search found nothing afterwards.
func (c *Case) RecordErased(e Erasure, now time.Time, officer string) (Event, error) {
	if err := c.personal(); err != nil {
		return Event{}, err
	}
	e.System, e.How = CleanLine(e.System), CleanLine(e.How)
	if e.System == "" || e.How == "" {
		return Event{}, errf(ErrErasedSystem)
	}
	var cats []string
	for _, cat := range e.Categories {
		if cat = CleanLine(cat); cat != "" && !slices.Contains(cats, cat) {
			cats = append(cats, cat)
		}
	}
	e.Categories, e.At, e.By = cats, now, officer
	c.Erased = append(c.Erased, e)
	ev := newEvent(EventErased, now, officer)
	ev.To = e.System
	ev.Data = map[string]string{"system": e.System, "how": e.HowWithRows(), "categories": Join(cats), "tables": e.tablesText()}
	return ev, nil
}

// ErasedIn tells whether an erase of system is recorded.
func (c *Case) ErasedIn(system string) bool {
	return slices.ContainsFunc(c.Erased, func(e Erasure) bool { return e.System == system })
}

// HowWithRows is the method with what it removed: "удаление записей
// средствами СУБД (accounts: 1, orders: 2)".
func (e Erasure) HowWithRows() string {
	if t := e.tablesText(); t != "" {
		return e.How + " (" + t + ")"
	}
	return e.How
}

func (e Erasure) tablesText() string {
	var parts []string
	for _, t := range slices.Sorted(maps.Keys(e.Tables)) {
		if e.Tables[t] > 0 { // a table that held nothing of the subject lost nothing
			parts = append(parts, t+": "+strconv.Itoa(e.Tables[t]))
		}
	}
	return strings.Join(parts, ", ")
}
