package cases

import "fmt"

// Error is a domain error with a stable code, so that the CLI and the TUI can
// explain it in the officer's language.
type Error struct {
	Code string
	Args []any
}

func (e *Error) Error() string {
	if len(e.Args) == 0 {
		return e.Code
	}
	return fmt.Sprintf("%s %v", e.Code, e.Args)
}

func errf(code string, args ...any) error { return &Error{Code: code, Args: args} }

// Arguments an error's message names in the reader's language, never as
// the id the code knows them by.
type (
	// StepKey is a checklist step, named by its title.
	StepKey string
	// MilestoneKey is a deadline, named by its title.
	MilestoneKey string
	// Field is a field of a form or a record, named in words.
	Field string
	// ReviewAction is what waits for review (ActionRefusal,
	// ActionDestruction), named in words.
	ReviewAction string
)

// Error codes. Their texts live in the message catalog.
const (
	ErrNameRequired       = "name_required"
	ErrContactRequired    = "contact_required"
	ErrBadEmail           = "bad_email"
	ErrBadPhone           = "bad_phone"
	ErrUnknownKind        = "unknown_kind"
	ErrUnknownChannel     = "unknown_channel"
	ErrUnknownStatus      = "unknown_status"
	ErrUnknownOutcome     = "unknown_outcome"
	ErrBadDate            = "bad_date"
	ErrBadID              = "bad_id"
	ErrIllegalTransition  = "illegal_transition"
	ErrAlreadyClosed      = "already_closed"
	ErrNotClosed          = "not_closed"
	ErrReasonRequired     = "reason_required"
	ErrNoteEmpty          = "note_empty"
	ErrAssigneeRequired   = "assignee_required"
	ErrNothingToUndo      = "nothing_to_undo"
	ErrCannotUndo         = "cannot_undo"
	ErrFieldTooLong       = "field_too_long"
	ErrOutsideCalendar    = "outside_calendar"
	ErrNotExtendable      = "not_extendable"
	ErrAlreadyExtended    = "already_extended"
	ErrNoticeLate         = "notice_late"
	ErrNoticeEarly        = "notice_early"
	ErrUnchanged          = "unchanged"
	ErrSubjectField       = "subject_field"
	ErrDepersonalised     = "depersonalised"
	ErrNoMilestone        = "no_milestone"
	ErrMilestoneMet       = "milestone_met"
	ErrNoStep             = "no_step"
	ErrStepState          = "step_state"
	ErrMethodRequired     = "method_required"
	ErrUnknownMethod      = "unknown_method"
	ErrFutureDate         = "future_date"
	ErrUnknownBranch      = "unknown_branch"
	ErrEvidenceEarly      = "evidence_early"
	ErrNotAuthority       = "not_authority"
	ErrIncidentKind       = "incident_kind"
	ErrIncidentDetails    = "incident_details"
	ErrUnknownGround      = "unknown_ground"
	ErrNotIncident        = "not_incident"
	ErrDestructionDetails = "destruction_details"
	ErrPaperDetails       = "paper_details"
	ErrActCovered         = "act_covered"
	ErrUnknownOfficer     = "unknown_officer"
	ErrVerificationOpen   = "verification_open"
)
