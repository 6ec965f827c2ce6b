package cases

import (
	"slices"
	"strings"
	"time"
)

// RefusalGround is a legal ground for refusing a request, with its citation
// (Art. 20 p. 2: an item of Art. 14 p. 8, or another federal law), and the
// kinds of request it may answer.
type RefusalGround struct {
	Key   string
	Text  Text
	Kinds []Kind
	// Facts: the refusal must say in words which facts bring the case
	// under the ground.
	Facts bool
}

// infoKinds are the requests for information: only they can be refused
// under Art. 14 p. 3, p. 4–6 and p. 8.
var infoKinds = []Kind{KindAccess}

// RefusalGrounds lists the grounds a refusal offers.
var RefusalGrounds = []RefusalGround{
	{"14-8-1", Text{"п. 1 ч. 8 ст. 14 152-ФЗ: обработка осуществляется в целях обороны страны, безопасности государства и охраны правопорядка", "152-FZ Art. 14 p. 8 item 1: processing for national defence, state security and law enforcement"}, infoKinds, true},
	{"14-8-2", Text{"п. 2 ч. 8 ст. 14 152-ФЗ: обработка органами, задержавшими субъекта по подозрению в преступлении или предъявившими обвинение", "152-FZ Art. 14 p. 8 item 2: processing by the bodies that detained or charged the subject"}, infoKinds, true},
	{"14-8-3", Text{"п. 3 ч. 8 ст. 14 152-ФЗ: обработка в соответствии с законодательством о противодействии легализации доходов и финансированию терроризма", "152-FZ Art. 14 p. 8 item 3: processing under the law against money laundering and terrorist financing"}, infoKinds, true},
	{"14-8-4", Text{"п. 4 ч. 8 ст. 14 152-ФЗ: доступ субъекта к его персональным данным нарушает права и законные интересы третьих лиц", "152-FZ Art. 14 p. 8 item 4: the subject's access to the data violates the rights and legitimate interests of third parties"}, infoKinds, true},
	{"14-8-5", Text{"п. 5 ч. 8 ст. 14 152-ФЗ: обработка в случаях, предусмотренных законодательством о транспортной безопасности", "152-FZ Art. 14 p. 8 item 5: processing under the law on transport security"}, infoKinds, true},
	{"14-6", Text{"ч. 4–6 ст. 14 152-ФЗ: повторный запрос, не отвечающий условиям ч. 4 и 5 ст. 14", "152-FZ Art. 14 p. 4–6: a repeat request that does not meet Art. 14 p. 4 and 5"}, infoKinds, false},
	{"14-3", Text{"ч. 3 ст. 14 152-ФЗ: запрос не содержит обязательных сведений", "152-FZ Art. 14 p. 3: the request lacks the details it must contain"}, infoKinds, false},
	{"20-3", Text{"ч. 3 ст. 20, ч. 1 ст. 21 152-ФЗ: сведения, подтверждающие, что данные неполные, неточные, устаревшие, незаконно полученные или не являются необходимыми, не представлены", "152-FZ Art. 20 p. 3, Art. 21 p. 1: no evidence that the data are incomplete, inaccurate, outdated, unlawfully obtained or unnecessary"}, []Kind{KindRectify, KindDestroy, KindBlock}, true},
	{"identity", Text{"личность заявителя не подтверждена представленным документом (порядок сброса пароля оператора)", "the document does not confirm the applicant's identity (the operator's password-reset procedure)"}, []Kind{KindPasswordReset}, true},
	{"law", Text{"иной федеральный закон", "another federal law"}, []Kind{KindAccess, KindRectify, KindDestroy, KindBlock, KindWithdrawConsent, KindStopProcessing}, true},
}

// RefusalGroundsFor lists the grounds that may answer a request of kind k:
// none for an opt-out (38-FZ Art. 18 p. 1: stop at once), an authority's
// request or an incident.
func RefusalGroundsFor(k Kind) []RefusalGround {
	var out []RefusalGround
	for _, g := range RefusalGrounds {
		if slices.Contains(g.Kinds, k) {
			out = append(out, g)
		}
	}
	return out
}

// RefusalGroundText names a refusal ground.
func RefusalGroundText(key string) (Text, bool) {
	for _, g := range RefusalGrounds {
		if g.Key == key {
			return g.Text, true
		}
	}
	return Text{}, false
}

// Refusal is what a refusal letter states beyond its ground: for a repeat,
// the earlier request and its answer.
type Refusal struct {
	Ground        RefusalGround
	FirstRequest  Date
	FirstID       ID
	FirstAnswer   Date
	FirstAnswerNo string
}

// Error codes of refusals.
const (
	ErrRefusalGround    = "refusal_ground"
	ErrRefusalFact      = "refusal_fact"
	ErrRepeatUnlinked   = "repeat_unlinked"
	ErrRepeatUnanswered = "repeat_unanswered"
	ErrRepeatLate       = "repeat_late"
	ErrRefusalTwice     = "refusal_twice"
	ErrNoRefusal        = "no_refusal"
	ErrRefusalUnsent    = "refusal_unsent"
	ErrCloseReason      = "close_reason"
)

// CheckRefusal tells whether the case may be refused on the ground args
// name (Art. 20 p. 2), and gathers the facts the letter states. earlier is
// the request a repeat repeats (the case's RepeatOf), nil when there is
// none; corrects is the letter a new refusal replaces.
func (c *Case) CheckRefusal(args map[string]string, earlier *Case, corrects int) (Refusal, error) {
	key := args["ground"]
	allowed := RefusalGroundsFor(c.Kind)
	i := slices.IndexFunc(allowed, func(g RefusalGround) bool { return g.Key == key })
	if i < 0 {
		keys := make([]string, len(allowed))
		for j, g := range allowed {
			keys[j] = g.Key
		}
		return Refusal{}, errf(ErrRefusalGround, key, c.Kind.Info().Title, strings.Join(keys, ", "))
	}
	r := Refusal{Ground: allowed[i]}
	need := func(field string) error {
		if strings.TrimSpace(args[field]) == "" {
			return errf(ErrRefusalFact, field)
		}
		return nil
	}
	if key == "law" {
		for _, f := range []string{"law", "article", "part"} {
			if err := need(f); err != nil {
				return r, err
			}
		}
	}
	if key == "14-3" {
		if err := need("missing"); err != nil {
			return r, err
		}
	}
	if r.Ground.Facts {
		if err := need("details"); err != nil {
			return r, err
		}
	}
	if corrects == 0 {
		for _, l := range c.Letters {
			if l.Template == "refusal" && !c.corrected(l.No) {
				return r, errf(ErrRefusalTwice, l.Number, l.No)
			}
		}
	}
	if key == "14-6" {
		return r, c.checkRepeat(&r, earlier)
	}
	return r, nil
}

// corrected tells whether a later letter replaces letter no.
func (c *Case) corrected(no int) bool {
	return slices.ContainsFunc(c.Letters, func(l Letter) bool { return l.Corrects == no })
}

// checkRepeat allows a repeat refusal (Art. 14 p. 4–6) only when the
// earlier request was answered and this one came within 30 days of that
// answer's sending.
func (c *Case) checkRepeat(r *Refusal, earlier *Case) error {
	if earlier == nil || c.RepeatOf == nil || earlier.ID != *c.RepeatOf {
		return errf(ErrRepeatUnlinked, c.ID.String())
	}
	var answer *Letter
	for i := range earlier.Letters {
		l := &earlier.Letters[i]
		if l.Template == "access-answer" && l.Sent != nil && !earlier.corrected(l.No) {
			answer = l
		}
	}
	if answer == nil {
		return errf(ErrRepeatUnanswered, earlier.ID.String())
	}
	sent := DateOf(*answer.Sent)
	if DateOf(c.Received) < sent || DateOf(c.Received) > sent.AddDays(30) {
		return errf(ErrRepeatLate, DateOf(c.Received).String(), sent.String())
	}
	r.FirstID, r.FirstRequest, r.FirstAnswer, r.FirstAnswerNo = earlier.ID, DateOf(earlier.Received), sent, answer.Number
	return nil
}

// RepeatLink is how far back a request for information is linked to the
// subject's earlier one: 30 days after that one's answer, which may itself
// come up to 15 working days after its receipt.
const RepeatLink = 60 * 24 * time.Hour
