package cases

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Incident describes a breach (Art. 21 p. 3.1): unlawful or accidental
// transfer, provision, dissemination of or access to personal data. It has
// no subject; its terms run from the moment it was detected.
type Incident struct {
	DetectedBy  string    `json:"detected_by"` // operator, rkn, other
	DetectedAt  time.Time `json:"detected_at"` // with the zone it was given in
	Description string    `json:"description"`
	Categories  []string  `json:"categories,omitempty"`
	// Began is when the incident itself began, as far as known (zero:
	// not known yet); System is the information system it happened in.
	Began    time.Time `json:"began,omitzero"`
	System   string    `json:"system,omitempty"`
	Subjects int       `json:"subjects,omitempty"` // approximate numbers
	Records  int       `json:"records,omitempty"`
	// The first notice (24 h): presumed causes, presumed harm, measures
	// taken, and the person authorised to deal with Roskomnadzor.
	Causes   string `json:"causes,omitempty"`
	Harm     string `json:"harm,omitempty"`
	Measures string `json:"measures,omitempty"`
	Contact  string `json:"contact,omitempty"`
	// The second notice (72 h): the results of the internal investigation,
	// and the persons whose actions caused the incident, if identified.
	Investigation string `json:"investigation,omitempty"`
	Responsible   string `json:"responsible,omitempty"`
}

// Who may detect an incident (Art. 21 p. 3.1).
var Detectors = []string{"operator", "rkn", "other"}

var detectorTitles = map[string]Text{
	"operator": {"оператор", "the operator"},
	"rkn":      {"Роскомнадзор", "Roskomnadzor"},
	"other":    {"иное заинтересованное лицо", "another interested person"},
}

// DetectorTitle names who detected an incident.
func DetectorTitle(s string) Text { return detectorTitles[s] }

// Validate checks an incident's details and normalises them in place.
func (in *Incident) Validate(now time.Time) error {
	in.DetectedBy = strings.ToLower(CleanLine(in.DetectedBy))
	in.Description = Clean(in.Description)
	in.System = CleanLine(in.System)
	if !in.Began.IsZero() && (in.Began.After(in.DetectedAt) || in.Began.After(now)) {
		return errf(ErrIncidentDetails, "began", "no later than the moment of detection")
	}
	for _, p := range []*string{&in.Causes, &in.Harm, &in.Measures, &in.Contact, &in.Investigation, &in.Responsible} {
		*p = Clean(*p)
		if utf8.RuneCountInString(*p) > maxSummary {
			return errf(ErrFieldTooLong, Field("incident"), maxSummary)
		}
	}
	cats := in.Categories[:0]
	for _, c := range in.Categories {
		if c = CleanLine(c); c != "" {
			cats = append(cats, c)
		}
	}
	in.Categories = cats
	if _, ok := detectorTitles[in.DetectedBy]; !ok {
		return errf(ErrIncidentDetails, "detected-by", strings.Join(Detectors, ", "))
	}
	if in.DetectedAt.IsZero() {
		return errf(ErrIncidentDetails, "detected", "YYYY-MM-DD HH:MM")
	}
	if in.Description == "" {
		return errf(ErrIncidentDetails, "description", "")
	}
	if utf8.RuneCountInString(in.Description) > maxSummary {
		return errf(ErrFieldTooLong, Field("description"), maxSummary)
	}
	if in.Subjects < 0 || in.Records < 0 {
		return errf(ErrIncidentDetails, "subjects", ">= 0")
	}
	return CheckReceived(in.DetectedAt, now)
}

// UpdateIncident records the details of the notices as they become known.
func (c *Case) UpdateIncident(in Incident, now time.Time, officer string) (Event, error) {
	if c.Incident == nil {
		return Event{}, errf(ErrNotIncident, c.ID.String())
	}
	if !c.Status.Open() {
		return Event{}, errf(ErrAlreadyClosed, c.ID.String())
	}
	if in.DetectedAt.IsZero() {
		in.DetectedAt = c.Incident.DetectedAt
	}
	if !in.DetectedAt.Equal(c.Incident.DetectedAt) {
		return Event{}, errf(ErrIncidentDetails, "detected", "the moment of detection is fixed; register a new incident if it was wrong")
	}
	if err := in.Validate(now); err != nil {
		return Event{}, err
	}
	if incidentEqual(*c.Incident, in) {
		return Event{}, errf(ErrUnchanged, c.ID.String())
	}
	c.Incident = &in
	return newEvent(EventIncident, now, officer), nil
}

func incidentEqual(a, b Incident) bool {
	return a.DetectedBy == b.DetectedBy && a.DetectedAt.Equal(b.DetectedAt) && a.Description == b.Description &&
		strings.Join(a.Categories, "\x00") == strings.Join(b.Categories, "\x00") && a.Subjects == b.Subjects &&
		a.Records == b.Records && a.Causes == b.Causes && a.Harm == b.Harm && a.Measures == b.Measures &&
		a.Contact == b.Contact && a.Investigation == b.Investigation && a.Responsible == b.Responsible &&
		a.Began.Equal(b.Began) && a.System == b.System
}

// ReportedIncident is an incident as a letter reports it: detected by
// another interested person, at the moment the letter arrived.
func ReportedIncident(received time.Time, summary string) *Incident {
	desc := CleanLine(summary)
	if desc == "" {
		desc = "Сообщение о возможном инциденте (см. заметку)"
	}
	return &Incident{DetectedBy: "other", DetectedAt: received, Description: desc}
}
