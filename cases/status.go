package cases

// Status is where a case stands.
type Status string

// The statuses. A closed case has an Outcome.
const (
	StatusNew        Status = "new"
	StatusVerifying  Status = "verifying"
	StatusInProgress Status = "in_progress"
	StatusClosed     Status = "closed"
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusNew, StatusVerifying, StatusInProgress, StatusClosed}

var statusTitles = map[Status]Text{
	StatusNew:        {"новое", "new"},
	StatusVerifying:  {"проверка личности", "verifying"},
	StatusInProgress: {"в работе", "in progress"},
	StatusClosed:     {"закрыто", "closed"},
}

// Title returns the status's name for people.
func (s Status) Title() Text { return statusTitles[s] }

// Open tells whether work on the case is still due.
func (s Status) Open() bool { return s != StatusClosed }

// ParseStatus reads a status's machine name.
func ParseStatus(s string) (Status, error) {
	st := Status(s)
	if _, ok := statusTitles[st]; !ok {
		return "", errf(ErrUnknownStatus, s)
	}
	return st, nil
}

// Next is the status that "move on" leads to from s, or "" if none.
func (s Status) Next() Status {
	switch s {
	case StatusNew:
		return StatusVerifying
	case StatusVerifying:
		return StatusInProgress
	}
	return ""
}

// allowed holds the open-status moves; closing and reopening have their own methods.
var allowed = map[Status][]Status{
	StatusNew:        {StatusVerifying, StatusInProgress},
	StatusVerifying:  {StatusInProgress},
	StatusInProgress: {StatusVerifying},
}

// CanMove tells whether a case may go from s to to by a status change.
func (s Status) CanMove(to Status) bool {
	for _, t := range allowed[s] {
		if t == to {
			return true
		}
	}
	return false
}

// Outcome is how a closed case ended.
type Outcome string

// The outcomes.
const (
	OutcomeFulfilled Outcome = "fulfilled"
	OutcomeRejected  Outcome = "rejected"
	OutcomeWithdrawn Outcome = "withdrawn"
	// OutcomeNotRequest closes mail that is no personal-data request at
	// all (spam, a question, a misdirected letter): kept out of the
	// statistics, with its reason.
	OutcomeNotRequest Outcome = "not-request"
)

// Outcomes lists every outcome.
var Outcomes = []Outcome{OutcomeFulfilled, OutcomeRejected, OutcomeWithdrawn, OutcomeNotRequest}

var outcomeTitles = map[Outcome]Text{
	OutcomeFulfilled:  {"исполнено", "fulfilled"},
	OutcomeRejected:   {"отказано", "rejected"},
	OutcomeWithdrawn:  {"отозвано заявителем", "withdrawn"},
	OutcomeNotRequest: {"не обращение по 152-ФЗ", "not a personal-data request"},
}

// Counted tells whether a case closed so is a request the statistics count.
func (o Outcome) Counted() bool { return o != OutcomeNotRequest }

// Title returns the outcome's name for people.
func (o Outcome) Title() Text { return outcomeTitles[o] }

// ParseOutcome reads an outcome's machine name.
func ParseOutcome(s string) (Outcome, error) {
	o := Outcome(s)
	if _, ok := outcomeTitles[o]; !ok {
		return "", errf(ErrUnknownOutcome, s)
	}
	return o, nil
}
