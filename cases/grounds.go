package cases

import (
	"slices"
	"strings"
	"time"
)

// Ground is a legal ground on which processing may go on after consent is
// withdrawn (Art. 9 p. 2 refers to Art. 6 p. 1 items 2–11, Art. 10 p. 2 and
// Art. 11 p. 2). The list is kept as data; its cross-references are from
// knowledge, not from a source that restates them (law-152fz.md 16a [K]).
type Ground struct {
	Key   string
	Title Text
}

// Grounds lists the choices, in the order of the law.
var Grounds = []Ground{
	{"6-1-2", Text{"п. 2 ч. 1 ст. 6: обязанности оператора по закону или международному договору", "Art. 6 p. 1 item 2: the operator's duties under a law or a treaty"}},
	{"6-1-3", Text{"п. 3 ч. 1 ст. 6: правосудие, исполнение судебного акта", "Art. 6 p. 1 item 3: justice, enforcing a court decision"}},
	{"6-1-4", Text{"п. 4 ч. 1 ст. 6: полномочия органов власти, государственные услуги", "Art. 6 p. 1 item 4: powers of public bodies, public services"}},
	{"6-1-5", Text{"п. 5 ч. 1 ст. 6: исполнение договора, стороной которого является субъект", "Art. 6 p. 1 item 5: a contract the subject is party to"}},
	{"6-1-6", Text{"п. 6 ч. 1 ст. 6: защита жизни, здоровья, иных жизненно важных интересов", "Art. 6 p. 1 item 6: protecting life, health or other vital interests"}},
	{"6-1-7", Text{"п. 7 ч. 1 ст. 6: права и законные интересы оператора или третьих лиц", "Art. 6 p. 1 item 7: rights and legitimate interests of the operator or third parties"}},
	{"6-1-8", Text{"п. 8 ч. 1 ст. 6: деятельность журналиста, СМИ, научная, творческая", "Art. 6 p. 1 item 8: journalism, media, science, creative work"}},
	{"6-1-9", Text{"п. 9 ч. 1 ст. 6: статистические или исследовательские цели при обезличивании", "Art. 6 p. 1 item 9: statistics or research, depersonalised"}},
	{"6-1-11", Text{"п. 11 ч. 1 ст. 6: данные, подлежащие опубликованию или раскрытию по закону", "Art. 6 p. 1 item 11: data a law requires to be published or disclosed"}},
	{"10-2", Text{"ч. 2 ст. 10: исключения для специальных категорий", "Art. 10 p. 2: exceptions for special categories"}},
	{"11-2", Text{"ч. 2 ст. 11: исключения для биометрических данных", "Art. 11 p. 2: exceptions for biometric data"}},
}

// GroundKeys lists the keys of Grounds.
func GroundKeys() []string {
	keys := make([]string, len(Grounds))
	for i, g := range Grounds {
		keys[i] = g.Key
	}
	return keys
}

// GroundTitle names a ground.
func GroundTitle(key string) Text {
	for _, g := range Grounds {
		if g.Key == key {
			return g.Title
		}
	}
	return Text{key, key}
}

// ErrGroundScope: a continuing ground needs its scope.
const ErrGroundScope = "ground_scope"

// KeepOnGround meets a withdrawal's "destroy, or record the ground to
// continue" duty (Art. 21 p. 5, Art. 9 p. 2), or records a stop demand's
// exception (Art. 21 p. 5.1), by the ground on which processing goes on and
// which data and purposes it covers.
func (c *Case) KeepOnGround(ground string, scope GroundScope, now time.Time, officer string) (Event, error) {
	if !slices.Contains(GroundKeys(), ground) {
		return Event{}, errf(ErrUnknownGround, ground, strings.Join(GroundKeys(), ", "))
	}
	scope.Data, scope.Purposes = CleanLine(scope.Data), CleanLine(scope.Purposes)
	if scope.Data == "" || scope.Purposes == "" {
		return Event{}, errf(ErrGroundScope)
	}
	// A withdrawal's second duty (destroy, Art. 21 p. 5), or a stop
	// demand's (stop, Art. 21 p. 5.1), is met by the ground and its scope.
	key := map[Kind]string{KindWithdrawConsent: "destroy", KindStopProcessing: "stop"}[c.Kind]
	if key == "" || c.Branch != "" {
		return Event{}, errf(ErrNoMilestone, "destroy", c.milestoneKeys())
	}
	ev, err := c.Meet(key, now, officer)
	if err != nil {
		return ev, err
	}
	for i := range c.Milestones {
		if c.Milestones[i].Key == key {
			c.Milestones[i].Ground, c.Milestones[i].Scope = ground, &scope
		}
	}
	ev.Data = map[string]string{"ground": ground, "data": scope.Data, "purposes": scope.Purposes}
	return ev, nil
}
