package office

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"privdesk/cases"
	"privdesk/cases/intake"
	"privdesk/store"
	"privdesk/ui/l10n"
	"privdesk/ui/office/config"
)

// DestroyDocs is the destruction of documents nos of one case, for
// store.Destroy: each is marked destroyed, with the categories its type
// holds, and its content is removed from every kept message of the case
// that carried it (the message is rewritten with a note in its place, or,
// if it cannot be rewritten, destroyed whole), so that nothing of a
// destroyed document survives in the case. how gives the reason, and the
// medium and sheets of a paper original.
func DestroyDocs(nos []int, how cases.Destruction, set config.Settings, now time.Time, who string, l *l10n.Printer) store.DestroyFn {
	how.System, how.How = cases.PrivdeskStore.RU, cases.ActMethod.RU
	reason := how.Reason
	return func(c *cases.Case, content func(no int) ([]byte, error)) ([]cases.Event, map[int][]byte, error) {
		var evs []cases.Event
		rewritten := map[int][]byte{}
		wholly := map[int]bool{} // messages destroyed whole in this batch
		for _, no := range nos {
			if wholly[no] {
				continue // it went with a part that could not be cut out
			}
			d := c.Document(no)
			var sum, name string
			if d != nil {
				sum, name = d.SHA256, d.Name
			}
			if d != nil {
				how.Categories = set.CategoriesOf(*d)
			}
			ev, err := c.DestroyDocument(no, how, now, who)
			if err != nil {
				return nil, nil, err
			}
			evs = append(evs, ev)
			for i := range c.Documents {
				m := &c.Documents[i]
				if m.Destroyed != nil || m.Type != "message/rfc822" || sum == "" {
					continue
				}
				raw, ok := rewritten[m.No]
				if !ok {
					if raw, err = content(m.No); err != nil {
						return nil, nil, err
					}
				}
				note := l.T("doc.stripped", name, no, cases.DateOf(now).String(), reason)
				out, changed, err := intake.StripPart(raw, sum, note)
				if err != nil {
					whole := cases.Destruction{Reason: l.T("doc.unrewritable", no), System: how.System, How: how.How, Categories: set.CategoriesOf(*m)}
					ev, err := c.DestroyDocument(m.No, whole, now, who)
					if err != nil {
						return nil, nil, err
					}
					delete(rewritten, m.No)
					wholly[m.No] = true
					evs = append(evs, ev)
					continue
				}
				if !changed {
					continue
				}
				h := sha256.Sum256(out)
				ev, err := c.Redact(m.No, int64(len(out)), hex.EncodeToString(h[:]), l.T("doc.redacted", no), now, who)
				if err != nil {
					return nil, nil, err
				}
				rewritten[m.No] = out
				evs = append(evs, ev)
			}
		}
		return evs, rewritten, nil
	}
}
