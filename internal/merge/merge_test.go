package merge

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/journey-cli/journey/internal/journey"
)

// input builds a journey read from file with its own Stages sheet (when
// stages is not nil), every known column, the extra headers given, and
// rows of "ID|Stage|Touchpoint|Channel|Team" plus extra values.
func input(file string, stages []string, extra []string, rows ...[]string) *journey.Journey {
	j := &journey.Journey{File: file}
	sheet := "Touchpoints"
	if strings.HasSuffix(file, ".csv") {
		sheet = ""
	}
	j.Table.Sheet = journey.Loc{File: file, Sheet: sheet}
	j.Table.HeaderRow = 1
	for f := journey.Field(0); f < journey.NumFields; f++ {
		j.Table.Columns[f] = int(f) + 1
		j.Table.Headers = append(j.Table.Headers, journey.Header{Col: int(f) + 1, Text: f.String(), Field: f})
	}
	for i, h := range extra {
		j.Table.Headers = append(j.Table.Headers, journey.Header{Col: int(journey.NumFields) + 1 + i, Text: h, Field: -1})
	}
	for i, s := range stages {
		j.Stages = append(j.Stages, journey.Stage{Name: s, Loc: journey.Loc{File: file, Sheet: "Stages", Row: i + 2, Col: 1}})
	}
	if stages == nil {
		for _, s := range []string{"Awareness", "Onboarding"} { // the template's
			j.Stages = append(j.Stages, journey.Stage{Name: s})
		}
	}
	j.Vocab = journey.Vocabulary{Channels: []string{"Email"}, Teams: []string{"Marketing"}, Modes: journey.ModeNames(),
		Directions: journey.DirectionNames(), Cadences: journey.CadenceNames(), Statuses: journey.StatusNames(),
		Automatable: map[string]bool{"email": true}}
	for i, r := range rows {
		tp := journey.Touchpoint{Row: i + 2}
		for k, f := range []journey.Field{journey.FieldID, journey.FieldStage, journey.FieldTouchpoint, journey.FieldChannel, journey.FieldOwnerTeam} {
			tp.SetRaw(f, r[k])
		}
		tp.SetRaw(journey.FieldMode, "Manual")
		tp.SetRaw(journey.FieldDirection, "Outbound")
		for k, v := range r[5:] {
			if v != "" {
				if tp.Extra == nil {
					tp.Extra = map[int]string{}
				}
				tp.Extra[int(journey.NumFields)+1+k] = v
			}
		}
		journey.ParseTyped(&tp)
		j.Touchpoints = append(j.Touchpoints, tp)
	}
	return j
}

var stages2 = []string{"Awareness", "Onboarding"}

func ids(r *Result) []string {
	var out []string
	for i := range r.Touchpoints {
		out = append(out, r.Touchpoints[i].ID()+" "+r.Touchpoints[i].Name())
	}
	return out
}

func TestMergeUnionRenumberDedupe(t *testing.T) {
	a := input("a.xlsx", stages2, nil,
		[]string{"TP-001", "Awareness", "Blog", "Email", "Marketing"},
		[]string{"TP-010", "Onboarding", "Kickoff", "Email", "Marketing"})
	b := input("b.xlsx", stages2, nil,
		[]string{"TP-001", "Awareness", "Blog", "Email", "Marketing"},     // same touchpoint: kept once
		[]string{"TP-010", "Onboarding", "Welcome", "Email", "Marketing"}, // ID taken: renumbered
		[]string{"TP-005", "Awareness", "Ads", "Email", "Marketing"},
		[]string{"", "Awareness", "No ID", "Email", "Marketing"})
	c := input("c.xlsx", stages2, nil,
		[]string{"TP-011", "Awareness", "Podcast", "Email", "Marketing"},
		[]string{"", "Awareness", "No ID", "Email", "Marketing"},       // same as b's: kept once
		[]string{"TP-001", "Awareness", "Blog ", "Email", "Marketing"}) // same after cleaning spaces
	res, err := Merge([]*journey.Journey{a, b, c}, Options{ByStage: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"TP-001 Blog", "TP-005 Ads", " No ID", "TP-011 Podcast", "TP-010 Kickoff", "TP-012 Welcome"}
	if got := ids(res); !slices.Equal(got, want) {
		t.Errorf("touchpoints = %q, want %q", got, want)
	}
	if res.Duplicates != 3 {
		t.Errorf("duplicates = %d, want 3", res.Duplicates)
	}
	if len(res.Renumbered) != 1 {
		t.Fatalf("renumbered = %+v", res.Renumbered)
	}
	if got, want := res.Renumbered[0].String(), "b.xlsx Touchpoints!A3: ID TP-010 is already used by a.xlsx row 3; renumbered TP-012"; got != want {
		t.Errorf("renumbering = %q, want %q", got, want)
	}
	for i := range res.Touchpoints {
		if res.Touchpoints[i].Row != i+2 {
			t.Errorf("touchpoint %d written to row %d", i, res.Touchpoints[i].Row)
		}
	}
}

func TestMergeKeepFirst(t *testing.T) {
	a := input("a.xlsx", stages2, nil,
		[]string{"TP-002", "Onboarding", "Kickoff", "Email", "Marketing"},
		[]string{"TP-001", "Awareness", "Blog", "Email", "Marketing"},
		[]string{"TP-001", "Awareness", "Ads", "Email", "Marketing"}) // renumbered in place
	b := input("b.xlsx", stages2, nil,
		[]string{"TP-007", "Onboarding", "Welcome", "Email", "Marketing"},
		[]string{"TP-002", "Awareness", "Podcast", "Email", "Marketing"}, // renumbered
		[]string{"TP-001", "Awareness", "Blog", "Email", "Marketing"})    // a duplicate
	res, err := Merge([]*journey.Journey{a, b}, Options{ByStage: true, KeepFirst: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"TP-002 Kickoff", "TP-001 Blog", "TP-008 Ads", "TP-009 Podcast", "TP-007 Welcome"}
	if got := ids(res); !slices.Equal(got, want) {
		t.Errorf("touchpoints = %q, want %q", got, want)
	}
	wantOrigins := []Origin{{0, 2}, {0, 3}, {0, 4}, {1, 3}, {1, 2}}
	if !slices.Equal(res.Origins, wantOrigins) {
		t.Errorf("origins = %v, want %v", res.Origins, wantOrigins)
	}
}

func TestMergeKeepsFileOrderWithoutByStage(t *testing.T) {
	a := input("a.xlsx", stages2, nil,
		[]string{"TP-002", "Onboarding", "Kickoff", "Email", "Marketing"},
		[]string{"TP-001", "Awareness", "Blog", "Email", "Marketing"})
	res, err := Merge([]*journey.Journey{a}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); !slices.Equal(got, []string{"TP-002 Kickoff", "TP-001 Blog"}) {
		t.Errorf("touchpoints = %q", got)
	}
}

func TestMergeSameIDInOneFileIsRenumbered(t *testing.T) {
	a := input("a.csv", nil, nil,
		[]string{"K-7", "Awareness", "Blog", "Email", "Marketing"},
		[]string{"K-7", "Awareness", "Blog", "Email", "Marketing"})
	res, err := Merge([]*journey.Journey{a}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); !slices.Equal(got, []string{"K-7 Blog", "K-8 Blog"}) {
		t.Errorf("touchpoints = %q", got)
	}
	if got := res.Renumbered[0].String(); got != "a.csv A3: ID K-7 is already used by a.csv row 2; renumbered K-8" {
		t.Errorf("renumbering = %q", got)
	}
}

func TestMergeStageConflicts(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stages []string
		want   string
	}{
		{"renamed", []string{"Awareness", "Activation"},
			`the stages of a.xlsx and b.xlsx differ ("Onboarding" is only in a.xlsx; "Activation" is only in b.xlsx)`},
		{"reordered", []string{"Onboarding", "Awareness"},
			`the stages of a.xlsx and b.xlsx differ (the order differs: stage 1 is "Awareness" in a.xlsx but "Onboarding" in b.xlsx)`},
		{"added", []string{"Awareness", "Onboarding", "Adoption", "Expansion"},
			`differ ("Adoption" and "Expansion" are only in b.xlsx)`},
		{"twice", []string{"Awareness", "Onboarding", "Awareness"},
			`differ (a.xlsx lists 2 stages, b.xlsx lists 3: a stage is listed twice)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := input("a.xlsx", stages2, nil)
			b := input("b.xlsx", tc.stages, nil)
			_, err := Merge([]*journey.Journey{a, b}, Options{})
			var sc *StageConflict
			if !errors.As(err, &sc) {
				t.Fatalf("err = %v, want a StageConflict", err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasSuffix(err.Error(), "in the same order in its Stages sheet") {
				t.Errorf("error = %q, want it to contain %q", err, tc.want)
			}
		})
	}
	// A CSV file has no stages of its own: it takes the workbooks'.
	a := input("a.xlsx", []string{"One", "Two"}, nil)
	csv := input("b.csv", nil, nil, []string{"X-1", "Two", "Row", "Email", "Marketing"})
	res, err := Merge([]*journey.Journey{csv, a}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stages[0].Name != "One" || len(res.Stages) != 2 {
		t.Errorf("stages = %+v, want a.xlsx's", res.Stages)
	}
}

func TestMergeVocabulariesColumnsAndNotes(t *testing.T) {
	a := input("a.xlsx", stages2, []string{"Budget"},
		[]string{"TP-001", "Awareness", "Blog", "Email", "Marketing", "1200"})
	a.Stages[0].KPI = "MQLs"
	a.Persona = journey.Persona{Name: "Ops Manager", Settings: map[string]journey.Setting{"mintouchpoints": {Field: "Min touchpoints", Value: "3"}}}
	b := input("b.xlsx", stages2, []string{"Region", "budget"},
		[]string{"TP-002", "Onboarding", "Kickoff", "Video call", "Customer Success", "EMEA", "900"},
		[]string{"TP-001", "Awareness", "Blog", "Email", "Marketing", "North", ""}) // same touchpoint; adds a Region
	b.Vocab.Channels = []string{"Email", "Video call", "E-mail"}
	b.Vocab.Teams = []string{"Customer Success", "Marketing"}
	b.Vocab.Automatable = map[string]bool{"email": false, "videocall": false}
	b.Stages[0].KPI = "Leads"
	b.Stages[1].Goal = "Set up"
	b.Persona = journey.Persona{Name: "CMO", Owner: "Dana"}
	res, err := Merge([]*journey.Journey{a, b}, Options{ByStage: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Vocab.Channels, []string{"Email", "Video call", "E-mail"}) {
		t.Errorf("channels = %q", res.Vocab.Channels)
	}
	if !slices.Equal(res.Vocab.Teams, []string{"Marketing", "Customer Success"}) {
		t.Errorf("teams = %q", res.Vocab.Teams)
	}
	if !res.Vocab.Automatable["email"] || res.Vocab.Automatable["videocall"] {
		t.Errorf("automatable = %v, want the first file's word for Email", res.Vocab.Automatable)
	}
	if !slices.Equal(res.ExtraColumns, []string{"Budget", "Region"}) {
		t.Errorf("extra columns = %q", res.ExtraColumns)
	}
	budget, region := int(journey.NumFields)+1, int(journey.NumFields)+2
	blog, kickoff := res.Touchpoints[0], res.Touchpoints[1]
	if blog.Extra[budget] != "1200" || blog.Extra[region] != "North" || kickoff.Extra[budget] != "900" || kickoff.Extra[region] != "EMEA" {
		t.Errorf("extra values: blog %v kickoff %v", blog.Extra, kickoff.Extra)
	}
	if res.Stages[0].KPI != "MQLs" || res.Stages[1].Goal != "Set up" {
		t.Errorf("stage details = %+v", res.Stages)
	}
	if res.Persona.Name != "Ops Manager" || res.Persona.Owner != "Dana" || res.Persona.Settings["mintouchpoints"].Value != "3" {
		t.Errorf("persona = %+v", res.Persona)
	}
	notes := strings.Join(res.Notes, "\n")
	for _, want := range []string{
		`stage Awareness: KPI differs (a.xlsx has "MQLs", b.xlsx has "Leads"); the merged workbook keeps a.xlsx's`,
		`a.xlsx maps the persona "Ops Manager" but b.xlsx maps "CMO"; the merged workbook keeps "Ops Manager"`,
		`the channel lists spell one value two ways, "Email" and "E-mail" (in b.xlsx); both are kept`,
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}
