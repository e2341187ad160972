// Package export turns a journey into other forms. JSON is the model
// itself with typed values and the cell each value came from; its shape
// is documented in docs/json.md and kept stable.
package export

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/journey-cli/journey/internal/journey"
)

// Document is the JSON form of a journey.
type Document struct {
	File         string       `json:"file"`
	Persona      Persona      `json:"persona"`
	Stages       []Stage      `json:"stages"`
	Vocabularies Vocabularies `json:"vocabularies"`
	Columns      []Column     `json:"columns"`
	Touchpoints  []Touchpoint `json:"touchpoints"`
}

// Persona is the Persona sheet.
type Persona struct {
	Name          string            `json:"name"`
	Seniority     string            `json:"seniority"`
	MapType       string            `json:"map_type"`
	Owner         string            `json:"owner"`
	Goal          string            `json:"goal"`
	ReviewCadence string            `json:"review_cadence"`
	LastReviewed  string            `json:"last_reviewed,omitempty"` // YYYY-MM-DD
	Settings      map[string]string `json:"settings,omitempty"`
}

// Stage is one row of the Stages sheet.
type Stage struct {
	Name      string   `json:"name"`
	Goal      string   `json:"goal,omitempty"`
	KPI       string   `json:"kpi,omitempty"`
	Target    *Measure `json:"target,omitempty"`
	OwnerTeam string   `json:"owner_team,omitempty"`
	Days      *int     `json:"days,omitempty"`
	Feeling   *int     `json:"feeling,omitempty"`
	Friction  string   `json:"friction,omitempty"`
	Cell      string   `json:"cell,omitempty"`
}

// Measure is a number, or a percentage given as a fraction (35% is 0.35).
type Measure struct {
	Value   float64 `json:"value"`
	Percent bool    `json:"percent"`
}

// Vocabularies are the lists behind the dropdowns.
type Vocabularies struct {
	Channels            []string `json:"channels"`
	AutomatableChannels []string `json:"automatable_channels"`
	Modes               []string `json:"modes"`
	Directions          []string `json:"directions"`
	Teams               []string `json:"teams"`
	Cadences            []string `json:"cadences"`
	Statuses            []string `json:"statuses"`
}

// Column is one header cell of the touchpoints table.
type Column struct {
	Header string `json:"header"`
	Field  string `json:"field,omitempty"` // canonical name; empty for a column journey does not know
	Cell   string `json:"cell"`
}

// Touchpoint is one row of the touchpoints table: the text of every field
// as written, the typed values, and the cell of each field.
type Touchpoint struct {
	Row       int               `json:"row"`
	Fields    map[string]string `json:"fields"`
	Mode      string            `json:"mode"`
	Direction string            `json:"direction"`
	Cadence   string            `json:"cadence"`
	Status    string            `json:"status"`
	Day       *int              `json:"day"`
	Target    *Measure          `json:"target"`
	Actual    *Measure          `json:"actual"`
	Feeling   *int              `json:"feeling"`
	Cells     map[string]string `json:"cells"`
	Extra     map[string]string `json:"extra,omitempty"` // unknown columns by header
}

// NewDocument builds the JSON form of j.
func NewDocument(j *journey.Journey) Document {
	d := Document{File: j.File, Persona: persona(j.Persona), Vocabularies: vocabularies(j.Vocab),
		Stages: []Stage{}, Columns: []Column{}, Touchpoints: []Touchpoint{}}
	for _, s := range j.Stages {
		d.Stages = append(d.Stages, Stage{Name: s.Name, Goal: s.Goal, KPI: s.KPI, Target: measure(s.Target),
			OwnerTeam: s.OwnerTeam, Days: optional(s.Days), Feeling: optional(s.Feeling), Friction: s.Friction, Cell: s.Loc.String()})
	}
	headerText := map[int]string{}
	for _, h := range j.Table.Headers {
		c := Column{Header: h.Text, Cell: j.Table.Sheet.AtRow(j.Table.HeaderRow).At(h.Col).String()}
		if h.Known() {
			c.Field = h.Field.String()
		}
		headerText[h.Col] = h.Text
		d.Columns = append(d.Columns, c)
	}
	for i := range j.Touchpoints {
		d.Touchpoints = append(d.Touchpoints, touchpoint(&j.Touchpoints[i], &j.Table, headerText))
	}
	return d
}

// WriteJSON writes j as indented JSON.
//
// The touchpoints are encoded one at a time, so a large journey is never
// held twice in memory: the output is the same as encoding the whole
// Document with two-space indentation.
func WriteJSON(w io.Writer, j *journey.Journey) error {
	d := NewDocument(&journey.Journey{File: j.File, Persona: j.Persona, Stages: j.Stages, Vocab: j.Vocab, Table: j.Table})
	head, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	// The touchpoints are the document's last field: cut its empty list and
	// write the items in its place.
	const emptyList = "[]\n}"
	head = head[:len(head)-len(emptyList)+1]
	if len(j.Touchpoints) == 0 {
		_, err = fmt.Fprintf(w, "%s]\n}\n", head)
		return err
	}
	if _, err := w.Write(append(head, '\n')); err != nil {
		return err
	}
	headerText := map[int]string{}
	for _, h := range j.Table.Headers {
		headerText[h.Col] = h.Text
	}
	for i := range j.Touchpoints {
		item, err := json.MarshalIndent(touchpoint(&j.Touchpoints[i], &j.Table, headerText), "    ", "  ")
		if err != nil {
			return err
		}
		sep := ",\n"
		if i == len(j.Touchpoints)-1 {
			sep = "\n"
		}
		if _, err := fmt.Fprintf(w, "    %s%s", item, sep); err != nil {
			return err
		}
	}
	_, err = io.WriteString(w, "  ]\n}\n")
	return err
}

func touchpoint(t *journey.Touchpoint, table *journey.Table, headerText map[int]string) Touchpoint {
	out := Touchpoint{Row: t.Row, Fields: map[string]string{}, Cells: map[string]string{},
		Mode: t.Mode.String(), Direction: t.Direction.String(), Cadence: t.Cadence.String(), Status: t.Status.String(),
		Day: optional(t.Day), Target: measure(t.Target), Actual: measure(t.Actual), Feeling: optional(t.Feeling)}
	for f := journey.Field(0); f < journey.NumFields; f++ {
		if table.Columns[f] == 0 {
			continue
		}
		out.Fields[f.String()] = t.Value(f)
		out.Cells[f.String()] = table.Cell(t.Row, f).String()
	}
	for col, v := range t.Extra {
		if out.Extra == nil {
			out.Extra = map[string]string{}
		}
		out.Extra[headerText[col]] = v
	}
	return out
}

func persona(p journey.Persona) Persona {
	out := Persona{Name: p.Name, Seniority: p.Seniority, MapType: p.MapType, Owner: p.Owner, Goal: p.Goal, ReviewCadence: p.ReviewCadence}
	if !p.LastReviewed.IsZero() {
		out.LastReviewed = p.LastReviewed.Format("2006-01-02")
	}
	for _, s := range p.Settings {
		if out.Settings == nil {
			out.Settings = map[string]string{}
		}
		out.Settings[s.Field] = s.Value
	}
	return out
}

func vocabularies(v journey.Vocabulary) Vocabularies {
	out := Vocabularies{Channels: nonNil(v.Channels), Modes: nonNil(v.Modes), Directions: nonNil(v.Directions),
		Teams: nonNil(v.Teams), Cadences: nonNil(v.Cadences), Statuses: nonNil(v.Statuses), AutomatableChannels: []string{}}
	for _, c := range v.Channels {
		if v.Automatable[journey.NormalizeName(c)] {
			out.AutomatableChannels = append(out.AutomatableChannels, c)
		}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func optional(o journey.Optional) *int {
	if !o.Known {
		return nil
	}
	v := o.Value
	return &v
}

func measure(m journey.Measure) *Measure {
	if !m.Known || math.IsNaN(m.Value) || math.IsInf(m.Value, 0) {
		return nil
	}
	return &Measure{Value: m.Value, Percent: m.Percent}
}
