package dupes

import (
	"strings"

	"github.com/journey-cli/journey/internal/journey"
)

// row is a touchpoint for tests, by field.
type row map[journey.Field]string

// newJourney builds a journey in Go: the file name, the persona, the
// stages with their owner teams ("Adoption=Customer Success"), and the rows,
// written from sheet row 2 with every field in its usual column.
func newJourney(file, persona string, stages []string, rows ...row) *journey.Journey {
	j := &journey.Journey{File: file, Persona: journey.Persona{Name: persona}}
	j.Table.Sheet = journey.Loc{File: file, Sheet: "Touchpoints"}
	j.Table.HeaderRow = 1
	for f := range journey.NumFields {
		j.Table.Columns[f] = int(f) + 1
	}
	for _, s := range stages {
		name, owner, _ := strings.Cut(s, "=")
		j.Stages = append(j.Stages, journey.Stage{Name: name, OwnerTeam: owner})
	}
	for i, r := range rows {
		tp := journey.Touchpoint{Row: i + 2}
		for f, v := range r {
			tp.SetRaw(f, v)
		}
		journey.ParseTyped(&tp)
		j.Touchpoints = append(j.Touchpoints, tp)
	}
	return j
}

// tp is a row with the usual fields.
func tp(id, stage, name, channel, mode, team, purpose string) row {
	return row{
		journey.FieldID: id, journey.FieldStage: stage, journey.FieldTouchpoint: name,
		journey.FieldChannel: channel, journey.FieldMode: mode, journey.FieldDirection: "Outbound",
		journey.FieldOwnerTeam: team, journey.FieldPurpose: purpose,
	}
}

// with returns r with more fields set.
func (r row) with(f journey.Field, v string) row {
	c := row{}
	for k, x := range r {
		c[k] = x
	}
	c[f] = v
	return c
}

// ids lists each group's member IDs.
func groupIDs(groups []Group) [][]string {
	var out [][]string
	for _, g := range groups {
		out = append(out, g.IDs())
	}
	return out
}

// itemsOf prepares two touchpoints for scoring, as Find would, within
// the given journey (whose touchpoints set the word weights).
func itemsOf(j *journey.Journey, a, b int) (*item, *item) {
	c := collect([]*journey.Journey{j}, newKindTable(DefaultChannelKinds, nil), "")
	c.prepare(exhaustiveLimit)
	var x, y *item
	for _, bl := range c.blocks {
		for _, it := range bl.items {
			switch it.tp {
			case &j.Touchpoints[a]:
				x = it
			case &j.Touchpoints[b]:
				y = it
			}
		}
	}
	return x, y
}
