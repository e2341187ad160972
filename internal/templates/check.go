package templates

import (
	"fmt"
	"slices"
	"strings"

	"github.com/journey-cli/journey/internal/journey"
)

// check reports the first inconsistency of a template: what a template
// defines must fit together, and its example must use only its own stages
// and vocabularies, so that `init --example` writes a workbook that lints
// clean.
func check(t *journey.Template) error {
	for _, c := range []func(*journey.Template) error{checkLists, checkPersonas, checkStages, checkExample} {
		if err := c(t); err != nil {
			return err
		}
	}
	return nil
}

// checkLists requires every list to be present, without blanks or repeats.
func checkLists(t *journey.Template) error {
	v := t.Vocab
	lists := []struct {
		name   string
		values []string
	}{
		{"channels", v.Channels}, {"modes", v.Modes}, {"directions", v.Directions},
		{"teams", v.Teams}, {"cadences", v.Cadences}, {"statuses", v.Statuses},
	}
	for _, l := range lists {
		if len(l.values) == 0 {
			return fmt.Errorf("lists: %s is empty", l.name)
		}
		seen := map[string]bool{}
		for _, s := range l.values {
			key := journey.NormalizeName(s)
			switch {
			case key == "":
				return fmt.Errorf("lists: %s has a blank entry", l.name)
			case seen[key]:
				return fmt.Errorf("lists: %s lists %q twice", l.name, s)
			}
			seen[key] = true
		}
	}
	return nil
}

// checkPersonas requires the enumerated persona fields to use known values.
func checkPersonas(t *journey.Template) error {
	for _, p := range []struct {
		what string
		p    journey.Persona
	}{{"persona", t.Persona}, {"example persona", t.Example.Persona}} {
		if err := oneOf("Map type", p.p.MapType, journey.MapTypes); err != nil {
			return fmt.Errorf("%s: %v", p.what, err)
		}
		if err := oneOf("Review cadence", p.p.ReviewCadence, journey.ReviewCadences); err != nil {
			return fmt.Errorf("%s: %v", p.what, err)
		}
	}
	return nil
}

// checkStages requires named, unique stages owned by listed teams.
func checkStages(t *journey.Template) error {
	if len(t.Stages) == 0 {
		return fmt.Errorf("stages: none given")
	}
	seen := map[string]bool{}
	for i, s := range t.Stages {
		key := journey.NormalizeName(s.Name)
		switch {
		case key == "":
			return fmt.Errorf("stage %d has no name", i+1)
		case seen[key]:
			return fmt.Errorf("stage %q is listed twice", s.Name)
		}
		seen[key] = true
		if err := oneOf("Owner team", s.OwnerTeam, t.Vocab.Teams); err != nil {
			return fmt.Errorf("stage %s: %v", s.Name, err)
		}
		if s.Feeling.Known && (s.Feeling.Value < -2 || s.Feeling.Value > 2) {
			return fmt.Errorf("stage %s: Feeling %d is outside -2..2", s.Name, s.Feeling.Value)
		}
	}
	return nil
}

// checkExample requires every example touchpoint to fill the required
// columns with values of the template's stages and lists, under a unique ID.
func checkExample(t *journey.Template) error {
	stages := make([]string, len(t.Stages))
	for i, s := range t.Stages {
		stages[i] = s.Name
	}
	v := t.Vocab
	vocab := map[journey.Field][]string{
		journey.FieldStage: stages, journey.FieldChannel: v.Channels, journey.FieldMode: v.Modes,
		journey.FieldDirection: v.Directions, journey.FieldOwnerTeam: v.Teams,
		journey.FieldCadence: v.Cadences, journey.FieldStatus: v.Statuses,
	}
	ids := map[string]bool{}
	for i := range t.Example.Touchpoints {
		tp := &t.Example.Touchpoints[i]
		where := fmt.Sprintf("example touchpoint %d", i+1)
		if id := tp.ID(); id != "" {
			where += " (" + id + ")"
			if ids[id] {
				return fmt.Errorf("%s: ID %s is used twice", where, id)
			}
			ids[id] = true
		}
		for f, col := range journey.TouchpointColumns {
			if col.Required && tp.Value(journey.Field(f)) == "" {
				return fmt.Errorf("%s: %s is empty", where, col.Name)
			}
		}
		for _, f := range vocabFields {
			if err := oneOf(f.String(), tp.Value(f), vocab[f]); err != nil {
				return fmt.Errorf("%s: %v", where, err)
			}
		}
	}
	return nil
}

// vocabFields are the enumerated touchpoint columns, in sheet order.
var vocabFields = []journey.Field{
	journey.FieldStage, journey.FieldChannel, journey.FieldMode, journey.FieldDirection,
	journey.FieldOwnerTeam, journey.FieldCadence, journey.FieldStatus,
}

// oneOf accepts an empty value or one spelled exactly as in allowed.
func oneOf(what, value string, allowed []string) error {
	if value == "" || slices.Contains(allowed, value) {
		return nil
	}
	return fmt.Errorf("%s %q is not one of: %s", what, value, strings.Join(allowed, ", "))
}
