package templates

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/journey-cli/journey/internal/journey"
)

// templateFile is the JSON form of a template; templates/README.md
// documents it. Row objects (persona, stages, touchpoints) are keyed by the
// headings of the workbook's sheets.
type templateFile struct {
	Name        string        `json:"name"`
	Description string        `json:"description"`
	Persona     personaObject `json:"persona"`
	Stages      []stageObject `json:"stages"`
	Lists       listsObject   `json:"lists"`
	Example     *exampleFile  `json:"example"`
}

// personaObject is the Persona sheet as one object.
type personaObject struct {
	Persona       cell `json:"Persona"`
	Seniority     cell `json:"Seniority"`
	MapType       cell `json:"Map type"`
	Owner         cell `json:"Owner"`
	Goal          cell `json:"Goal"`
	ReviewCadence cell `json:"Review cadence"`
	LastReviewed  cell `json:"Last reviewed"`
}

// stageObject is one row of the Stages sheet.
type stageObject struct {
	Stage     cell `json:"Stage"`
	Goal      cell `json:"Goal"`
	KPI       cell `json:"KPI"`
	Target    cell `json:"Target"`
	OwnerTeam cell `json:"Owner team"`
	Days      cell `json:"Days"`
	Feeling   cell `json:"Feeling"`
	Friction  cell `json:"Friction"`
}

// listsObject is the Lists sheet: one list per column.
type listsObject struct {
	Channels   []channelObject `json:"channels"`
	Modes      []string        `json:"modes"`
	Directions []string        `json:"directions"`
	Teams      []string        `json:"teams"`
	Cadences   []string        `json:"cadences"`
	Statuses   []string        `json:"statuses"`
}

// channelObject is one channel and whether it can be automated.
type channelObject struct {
	Name        string `json:"name"`
	Automatable yesNo  `json:"automatable"`
}

// yesNo is written as true/false or as "Yes"/"No".
type yesNo bool

// UnmarshalJSON accepts true, false, "Yes" or "No" (any case).
func (y *yesNo) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch v := v.(type) {
	case bool:
		*y = yesNo(v)
		return nil
	case string:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "yes":
			*y = true
			return nil
		case "no", "":
			*y = false
			return nil
		}
	}
	return fmt.Errorf("automatable %s is not true, false, \"Yes\" or \"No\"", b)
}

// exampleFile is the sample journey: a persona and touchpoint rows keyed by
// the Touchpoints headings.
type exampleFile struct {
	Persona     personaObject     `json:"persona"`
	Touchpoints []map[string]cell `json:"touchpoints"`
}

// cell is a value written in JSON as text or as a number; either way it is
// kept as the text a spreadsheet cell would hold.
type cell string

// UnmarshalJSON accepts a string, a number or null.
func (c *cell) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*c = ""
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*c = cell(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("%s is not text or a number", b)
	}
	*c = cell(n.String())
	return nil
}

// text returns the value with spaces cleaned as the reader would.
func (c cell) text() string { return journey.CleanText(string(c)) }

// template converts the decoded file into the model.
func (tf *templateFile) template() (*journey.Template, error) {
	t := &journey.Template{Name: tf.Name, Description: tf.Description, Vocab: tf.Lists.vocabulary()}
	var err error
	if t.Persona, err = tf.Persona.persona(); err != nil {
		return nil, fmt.Errorf("persona: %v", err)
	}
	for i, so := range tf.Stages {
		s, err := so.stage()
		if err != nil {
			return nil, fmt.Errorf("stage %d (%s): %v", i+1, so.Stage.text(), err)
		}
		t.Stages = append(t.Stages, s)
	}
	if tf.Example == nil {
		return t, nil
	}
	if t.Example.Persona, err = tf.Example.Persona.persona(); err != nil {
		return nil, fmt.Errorf("example persona: %v", err)
	}
	for i, row := range tf.Example.Touchpoints {
		tp, err := touchpoint(row, i+2)
		if err != nil {
			return nil, fmt.Errorf("example touchpoint %d%s: %v", i+1, idSuffix(row), err)
		}
		t.Example.Touchpoints = append(t.Example.Touchpoints, tp)
	}
	return t, nil
}

// idSuffix returns " (TP-007)" for a row with an ID, "" otherwise.
func idSuffix(row map[string]cell) string {
	for k, v := range row {
		if journey.NormalizeName(k) == "id" && v.text() != "" {
			return " (" + v.text() + ")"
		}
	}
	return ""
}

// persona converts the persona object.
func (po personaObject) persona() (journey.Persona, error) {
	p := journey.Persona{
		Name: po.Persona.text(), Seniority: po.Seniority.text(), MapType: po.MapType.text(),
		Owner: po.Owner.text(), Goal: po.Goal.text(), ReviewCadence: po.ReviewCadence.text(),
	}
	var err error
	if p.LastReviewed, err = journey.ParseDate(po.LastReviewed.text(), false); err != nil {
		return p, fmt.Errorf("Last reviewed: %v", err)
	}
	return p, nil
}

// stage converts one stage object, parsing its numbers.
func (so stageObject) stage() (journey.Stage, error) {
	s := journey.Stage{
		Name: so.Stage.text(), Goal: so.Goal.text(), KPI: so.KPI.text(),
		OwnerTeam: so.OwnerTeam.text(), Friction: so.Friction.text(),
	}
	var errs problems
	var err error
	if s.Target, err = journey.ParseMeasure(so.Target.text()); err != nil {
		errs.add("Target", err)
	}
	if s.Days, err = journey.ParseDay(so.Days.text()); err != nil {
		errs.add("Days", err)
	}
	if s.Feeling, err = journey.ParseFeeling(so.Feeling.text()); err != nil {
		errs.add("Feeling", err)
	}
	return s, errs.err()
}

// vocabulary converts the lists; a list left out gets the canonical values.
func (lo listsObject) vocabulary() journey.Vocabulary {
	v := journey.Vocabulary{
		Automatable: map[string]bool{},
		Modes:       orDefault(lo.Modes, journey.ModeNames()),
		Directions:  orDefault(lo.Directions, journey.DirectionNames()),
		Teams:       lo.Teams,
		Cadences:    orDefault(lo.Cadences, journey.CadenceNames()),
		Statuses:    orDefault(lo.Statuses, journey.StatusNames()),
	}
	for _, c := range lo.Channels {
		name := journey.CleanText(c.Name)
		v.Channels = append(v.Channels, name)
		v.Automatable[journey.NormalizeName(name)] = bool(c.Automatable)
	}
	return v
}

// orDefault returns list, or def when list is empty.
func orDefault(list, def []string) []string {
	if len(list) == 0 {
		return def
	}
	return list
}

// touchpoint converts one example row, keyed by canonical column names,
// into a touchpoint for sheet row row, parsing its typed fields.
func touchpoint(row map[string]cell, sheetRow int) (journey.Touchpoint, error) {
	tp := journey.Touchpoint{Row: sheetRow}
	var raw [journey.NumFields]string
	for key, v := range row {
		i, alias, ok := journey.Match(journey.TouchpointColumns[:], key)
		if !ok || alias {
			return tp, fmt.Errorf("unknown column %q: use the column names of the Touchpoints sheet (%s)", key, columnNames())
		}
		raw[i] = v.text()
	}
	tp.SetRawFields(raw)
	var errs problems
	note := func(f journey.Field, err error) { errs.add(f.String(), err) }
	var err error
	tp.Mode, err = journey.ParseMode(tp.Raw(journey.FieldMode))
	note(journey.FieldMode, err)
	tp.Direction, err = journey.ParseDirection(tp.Raw(journey.FieldDirection))
	note(journey.FieldDirection, err)
	tp.Cadence, err = journey.ParseCadence(tp.Raw(journey.FieldCadence))
	note(journey.FieldCadence, err)
	tp.Day, err = journey.ParseDay(tp.Raw(journey.FieldDay))
	note(journey.FieldDay, err)
	tp.Target, err = journey.ParseMeasure(tp.Raw(journey.FieldTarget))
	note(journey.FieldTarget, err)
	tp.Actual, err = journey.ParseMeasure(tp.Raw(journey.FieldActual))
	note(journey.FieldActual, err)
	tp.Feeling, err = journey.ParseFeeling(tp.Raw(journey.FieldFeeling))
	note(journey.FieldFeeling, err)
	tp.Status, err = journey.ParseStatus(tp.Raw(journey.FieldStatus))
	note(journey.FieldStatus, err)
	return tp, errs.err()
}

// problems collects the errors of one row, each prefixed by its column.
type problems []string

// add records err, if any, about column.
func (p *problems) add(column string, err error) {
	if err != nil {
		*p = append(*p, column+": "+err.Error())
	}
}

// err returns the problems as one error on one line, or nil.
func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return errors.New(strings.Join(p, "; "))
}

// columnNames lists the canonical Touchpoints headings.
func columnNames() string {
	names := make([]string, len(journey.TouchpointColumns))
	for i, c := range journey.TouchpointColumns {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}
