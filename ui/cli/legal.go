package cli

import (
	"fmt"
	"strings"
	"time"

	flag "github.com/spf13/pflag"

	"privdesk/cases"
)

// incidentFlags describe an incident (Art. 21 p. 3.1): when and by whom it
// was detected, what happened, and the details of the two notices.
type incidentFlags struct {
	detected, detectedBy, description, categories, began, system string
	causes, harm, measures, contact, investigation, responsible  string
	subjects, records                                            int
}

func (f *incidentFlags) declare(fs *flag.FlagSet, creating bool) {
	if creating {
		fs.StringVar(&f.detected, "detected", "", "YYYY-MM-DD HH:MM | RFC3339")
		fs.StringVar(&f.detectedBy, "detected-by", "operator", "")
	}
	fs.StringVar(&f.description, "description", "", "")
	fs.StringVar(&f.began, "began", "", "YYYY-MM-DD HH:MM | RFC3339")
	fs.StringVar(&f.system, "system", "", "")
	fs.StringVar(&f.categories, "categories", "", "")
	fs.IntVar(&f.subjects, "subjects", 0, "")
	fs.IntVar(&f.records, "records", 0, "")
	fs.StringVar(&f.causes, "causes", "", "")
	fs.StringVar(&f.harm, "harm", "", "")
	fs.StringVar(&f.measures, "measures", "", "")
	fs.StringVar(&f.contact, "contact", "", "")
	fs.StringVar(&f.investigation, "investigation", "", "")
	fs.StringVar(&f.responsible, "responsible", "", "")
}

func (f *incidentFlags) given() bool {
	return f.detected != "" || f.description != "" || f.began != "" || f.system != "" || f.categories != "" || f.subjects != 0 || f.records != 0 ||
		f.causes != "" || f.harm != "" || f.measures != "" || f.contact != "" || f.investigation != "" || f.responsible != ""
}

// incident builds the incident from the flags over base (nil: a new one).
func (f *incidentFlags) incident(base *cases.Incident) (*cases.Incident, error) {
	in := cases.Incident{DetectedBy: f.detectedBy}
	if base != nil {
		in = *base
	} else {
		if f.detected == "" {
			return nil, &cases.Error{Code: cases.ErrIncidentDetails, Args: []any{"--detected", "YYYY-MM-DD HH:MM"}}
		}
		at, err := cases.ParseTime(f.detected)
		if err != nil {
			return nil, err
		}
		in.DetectedAt = at
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&in.Description, f.description)
	set(&in.System, f.system)
	if f.began != "" {
		at, err := cases.ParseTime(f.began)
		if err != nil {
			return nil, err
		}
		in.Began = at
	}
	set(&in.Causes, f.causes)
	set(&in.Harm, f.harm)
	set(&in.Measures, f.measures)
	set(&in.Contact, f.contact)
	set(&in.Investigation, f.investigation)
	set(&in.Responsible, f.responsible)
	if f.categories != "" {
		in.Categories = strings.Split(f.categories, ";")
	}
	if f.subjects != 0 {
		in.Subjects = f.subjects
	}
	if f.records != 0 {
		in.Records = f.records
	}
	return &in, nil
}

// legalCommands declares its commands, each with fresh flag variables.
func legalCommands(register func(command)) {
	register(incidentCommand())
	register(foundCommand())
	discoverCommands(register)
}

// incidentCommand is privdesk incident.
func incidentCommand() command {
	var inc incidentFlags
	return command{name: "incident", args: []argKind{argCase}, flags: func(fs *flag.FlagSet) {
		inc.declare(fs, false)
	}, run: func(a *app, fs *flag.FlagSet, pos []string) error {
		id, err := oneID(a, pos, 1)
		if err != nil {
			return err
		}
		if !inc.given() {
			return usageError{a.l.T("err.edit_nothing")}
		}
		return a.change(id, func(c *cases.Case, now time.Time, who string) (cases.Event, error) {
			in, err := inc.incident(c.Incident)
			if c.Incident == nil {
				return cases.Event{}, &cases.Error{Code: cases.ErrNotIncident, Args: []any{id.String()}}
			}
			if err != nil {
				return cases.Event{}, err
			}
			return c.UpdateIncident(*in, now, who)
		})
	}}
}

// printIncident writes an incident's details in the case file.
func (a *app) printIncident(row func(label, v string), in *cases.Incident) {
	l := a.l
	row("f.detected", fmt.Sprintf("%s, %s", l.DetectedAt(in.DetectedAt), l.Text(cases.DetectorTitle(in.DetectedBy))))
	row("f.description", in.Description)
	row("f.categories", strings.Join(in.Categories, "; "))
	if in.Subjects > 0 || in.Records > 0 {
		row("f.affected", l.T("f.affected_n", in.Subjects, in.Records))
	}
	row("f.causes", in.Causes)
	row("f.harm", in.Harm)
	row("f.measures", in.Measures)
	row("f.contact", in.Contact)
	row("f.investigation", in.Investigation)
	row("f.responsible", in.Responsible)
}
