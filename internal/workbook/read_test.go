package workbook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/templates"
)

// sheetSpec is a sheet to build in a test workbook.
type sheetSpec struct {
	name  string
	start string // top-left cell, "A1" when empty
	rows  [][]any
}

// buildWorkbook writes a workbook with the given sheets into a temp dir.
func buildWorkbook(t *testing.T, sheets ...sheetSpec) string {
	t.Helper()
	data := make([]SheetData, len(sheets))
	for i, s := range sheets {
		data[i] = SheetData{Name: s.name, Start: s.start, Rows: s.rows}
	}
	path := filepath.Join(t.TempDir(), "test.xlsx")
	if err := WriteSheets(path, data); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustTemplate(t *testing.T) *journey.Template {
	t.Helper()
	tpl, err := templates.Load(templates.Default)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func readOK(t *testing.T, path string) *journey.Journey {
	t.Helper()
	j, err := Read(path, ReadOptions{Template: mustTemplate(t)})
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	return j
}

// rules lists "rule@cell" for each problem, in order.
func rules(j *journey.Journey) []string {
	var out []string
	for _, p := range j.Problems {
		out = append(out, p.Rule+"@"+p.Loc.String())
	}
	return out
}

var header = []any{"ID", "Stage", "Touchpoint", "Channel", "Mode", "Direction", "Owner team"}

func TestReadHeaderBelowTitleAndRightOfMargin(t *testing.T) {
	path := buildWorkbook(t, sheetSpec{name: "Touchpoints", start: "B1", rows: [][]any{
		{"Customer journey of the Marketing Ops Manager"},
		{},
		{"Filled in by Marketing, last week"},
		header,
		{"TP-1", "Awareness", "Newsletter", "Email", "Ongoing", "Outbound", "Marketing"},
		{"TP-2", "Onboarding", "Kickoff call", "Video call", "Manual", "Outbound", "Customer Success"},
	}})
	j := readOK(t, path)
	if j.Table.HeaderRow != 4 || j.Table.Columns[journey.FieldID] != 2 {
		t.Fatalf("header row %d, ID column %d; want row 4, column 2 (B)", j.Table.HeaderRow, j.Table.Columns[journey.FieldID])
	}
	if len(j.Touchpoints) != 2 {
		t.Fatalf("got %d touchpoints, want 2", len(j.Touchpoints))
	}
	tp := j.Touchpoints[1]
	if got := j.Table.Cell(tp.Row, journey.FieldChannel).String(); got != "Touchpoints!E6" {
		t.Errorf("channel cell = %s, want Touchpoints!E6", got)
	}
	if tp.Mode != journey.ModeManual || tp.Team() != "Customer Success" {
		t.Errorf("got mode %v team %q", tp.Mode, tp.Team())
	}
}

func TestReadTableEndsAtASecondTable(t *testing.T) {
	path := buildWorkbook(t, sheetSpec{name: "Touchpoints", rows: [][]any{
		header,
		{"TP-1", "Awareness", "Newsletter", "Email", "Ongoing", "Outbound", "Marketing"},
		{},
		{"TP-2", "Decision", "Demo", "Video call", "Manual", "Outbound", "Sales"},
		{},
		{},
		{"", "", "", "", "", "", "", "Totals"},
		{"", "", "", "", "", "", "", "2"},
	}})
	j := readOK(t, path)
	if len(j.Touchpoints) != 2 {
		t.Fatalf("got %d touchpoints, want 2 (the totals table is not touchpoints)", len(j.Touchpoints))
	}
	want := []string{"row-blank@Touchpoints!3", "sheet-missing@", "sheet-missing@"} // no Stages, no Lists
	if got := rules(j); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("problems = %v, want %v", got, want)
	}
}

func TestReadColumnProblems(t *testing.T) {
	path := buildWorkbook(t,
		sheetSpec{name: "touch_points", rows: [][]any{
			{"Key", "Phase", "Touchpoint", "Medium", "Mode", "Team", "Budget", "Touchpoint"},
			{"TP-1", "Awareness", "Newsletter", "Email", "Ongoing", "Marketing", "100", "dup"},
		}},
		sheetSpec{name: "Stages", rows: [][]any{{"Stage"}, {"Awareness"}}},
		sheetSpec{name: "Lists", rows: [][]any{{"Channel"}, {"Email"}}},
	)
	j := readOK(t, path)
	got := strings.Join(rules(j), " ")
	want := "column-alias@touch_points!A1 column-alias@touch_points!B1 column-alias@touch_points!D1 column-alias@touch_points!F1 " +
		"column-unknown@touch_points!G1 column-duplicate@touch_points!H1 column-missing@touch_points!1"
	if got != want {
		t.Errorf("problems\n got %s\nwant %s", got, want)
	}
	if tp := j.Touchpoints[0]; tp.Extra[7] != "100" || tp.ID() != "TP-1" {
		t.Errorf("extra column or alias lost: %+v", tp)
	}
	if len(j.Vocab.Channels) != 1 || len(j.Vocab.Teams) == 0 {
		t.Errorf("Lists channels %v should win; teams %v should fall back to the template", j.Vocab.Channels, j.Vocab.Teams)
	}
}

func TestReadFallsBackToAnotherSheet(t *testing.T) {
	path := buildWorkbook(t,
		sheetSpec{name: "Notes", rows: [][]any{{"Nothing here"}}},
		sheetSpec{name: "Comms plan", rows: [][]any{header, {"TP-1", "Awareness", "Newsletter", "Email", "Ongoing", "Outbound", "Marketing"}}},
	)
	j := readOK(t, path)
	if len(j.Touchpoints) != 1 || j.Table.Sheet.Sheet != "Comms plan" {
		t.Fatalf("touchpoints %d from %q", len(j.Touchpoints), j.Table.Sheet.Sheet)
	}
	if got := strings.Join(rules(j), " "); got != "sheet-missing@ sheet-missing@ sheet-missing@" {
		t.Errorf("problems = %s", got)
	}
	if len(j.Stages) != 8 {
		t.Errorf("stages should come from the template, got %d", len(j.Stages))
	}
}

func TestReadNoTouchpointsAnywhere(t *testing.T) {
	path := buildWorkbook(t, sheetSpec{name: "Data", rows: [][]any{{"name", "value"}, {"a", 1}}})
	j := readOK(t, path)
	if len(j.Problems) != 3 {
		t.Fatalf("want sheet-missing for Touchpoints, Stages and Lists, got %v", rules(j))
	}
	if p := j.Problems[0]; p.Rule != "sheet-missing" || p.Severity != journey.Error || p.Value != "Touchpoints" {
		t.Errorf("got %+v", p)
	}
}

func TestReadTouchpointsSheetWithoutHeader(t *testing.T) {
	path := buildWorkbook(t, sheetSpec{name: "Touchpoints", rows: [][]any{{"just notes"}, {"more notes"}}})
	j := readOK(t, path)
	if got := strings.Join(rules(j), " "); !strings.HasPrefix(got, "header-missing@Touchpoints") {
		t.Errorf("problems = %s", got)
	}
}

func TestReadPersonaAndStages(t *testing.T) {
	path := buildWorkbook(t,
		sheetSpec{name: "Touchpoints", rows: [][]any{header}},
		sheetSpec{name: "Persona", rows: [][]any{
			{"Field", "Value"}, {"Persona", "VP Marketing"}, {"Map type", "Future state"},
			{"Last reviewed", "2026-01-31"}, {"Min touchpoints", 3},
		}},
		sheetSpec{name: "Stages", start: "A2", rows: [][]any{
			{"Stage", "KPI", "Target", "Owner team", "Days", "Feeling"},
			{"Awareness", "MQLs", 300, "Marketing", 30, 1},
			{"Onboarding", "Activation", "60%", "Customer Success", "2w", -1},
		}},
	)
	j := readOK(t, path)
	p := j.Persona
	if p.Name != "VP Marketing" || p.MapType != "Future state" || p.LastReviewed.Format("2006-01-02") != "2026-01-31" {
		t.Errorf("persona = %+v", p)
	}
	if s := p.Settings["mintouchpoints"]; s.Value != "3" || s.Loc.String() != "Persona!B5" {
		t.Errorf("setting = %+v", s)
	}
	if len(j.Stages) != 2 {
		t.Fatalf("stages = %+v", j.Stages)
	}
	on := j.Stages[1]
	if on.Name != "Onboarding" || on.Target.Value != 0.6 || !on.Target.Percent || on.Days.Value != 14 || on.Feeling.Value != -1 || on.Loc.String() != "Stages!A4" {
		t.Errorf("onboarding = %+v", on)
	}
}

// TestRoundTrip: what init writes reads back as the template and, with the
// example, as the example's touchpoints at their rows.
func TestRoundTrip(t *testing.T) {
	for _, name := range templates.Names() {
		t.Run(name, func(t *testing.T) {
			tpl, err := templates.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			blank, example := filepath.Join(dir, "blank.xlsx"), filepath.Join(dir, "example.xlsx")
			if err := WriteNew(blank, InitOptions{Template: tpl, Persona: journey.Persona{Name: "Ops lead"}}); err != nil {
				t.Fatal(err)
			}
			if err := WriteNew(example, InitOptions{Template: tpl, Example: true}); err != nil {
				t.Fatal(err)
			}
			j, err := Read(blank, ReadOptions{}) // no fallback: everything must come from the workbook
			if err != nil {
				t.Fatal(err)
			}
			if len(j.Touchpoints) != 0 || len(j.Problems) != 0 || j.Persona.Name != "Ops lead" {
				t.Errorf("blank: %d touchpoints, problems %v, persona %q", len(j.Touchpoints), rules(j), j.Persona.Name)
			}
			assertSameVocab(t, j.Vocab, tpl.Vocab)
			assertSameStages(t, j.Stages, tpl.Stages)

			j, err = Read(example, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(j.Problems) != 0 {
				t.Errorf("example problems: %v", rules(j))
			}
			gp, wp := j.Persona, tpl.Example.Persona
			if gp.Name != wp.Name || gp.Seniority != wp.Seniority || gp.MapType != wp.MapType || gp.Owner != wp.Owner ||
				gp.Goal != wp.Goal || gp.ReviewCadence != wp.ReviewCadence || !gp.LastReviewed.Equal(wp.LastReviewed) {
				t.Errorf("example persona:\n got %+v\nwant %+v", gp, wp)
			}
			if len(j.Touchpoints) != len(tpl.Example.Touchpoints) {
				t.Fatalf("example: %d touchpoints, want %d", len(j.Touchpoints), len(tpl.Example.Touchpoints))
			}
			for i, want := range tpl.Example.Touchpoints {
				got := j.Touchpoints[i]
				if got.Row != i+2 {
					t.Errorf("touchpoint %d at row %d, want %d", i, got.Row, i+2)
				}
				if cell := j.Table.Cell(got.Row, journey.FieldStage).String(); cell != "Touchpoints!B"+itoa(i+2) {
					t.Errorf("stage cell %s", cell)
				}
				for f := journey.Field(0); f < journey.NumFields; f++ {
					if g, w := got.Value(f), want.Value(f); g != w {
						t.Errorf("%s %s: got %q, want %q", want.ID(), f, g, w)
					}
				}
				if got.Day != want.Day || got.Target != want.Target || got.Actual != want.Actual || got.Feeling != want.Feeling ||
					got.Mode != want.Mode || got.Cadence != want.Cadence || got.Status != want.Status || got.Direction != want.Direction {
					t.Errorf("%s typed values differ:\n got %+v\nwant %+v", want.ID(), got, want)
				}
			}
		})
	}
}

func itoa(n int) string { return journey.CellName(1, n)[1:] }

func assertSameVocab(t *testing.T, got, want journey.Vocabulary) {
	t.Helper()
	pairs := map[string][2][]string{
		"channels": {got.Channels, want.Channels}, "teams": {got.Teams, want.Teams}, "modes": {got.Modes, want.Modes},
		"directions": {got.Directions, want.Directions}, "cadences": {got.Cadences, want.Cadences}, "statuses": {got.Statuses, want.Statuses},
	}
	for name, p := range pairs {
		if strings.Join(p[0], "|") != strings.Join(p[1], "|") {
			t.Errorf("%s: got %v, want %v", name, p[0], p[1])
		}
	}
	for _, c := range want.Channels {
		if got.Automatable[journey.NormalizeName(c)] != want.Automatable[journey.NormalizeName(c)] {
			t.Errorf("automatable %s: got %v", c, got.Automatable[journey.NormalizeName(c)])
		}
	}
}

func assertSameStages(t *testing.T, got, want []journey.Stage) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d stages, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		g.Loc, w.Loc = journey.Loc{}, journey.Loc{}
		if g != w {
			t.Errorf("stage %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

// TestReadCorpusQuirks covers real files whose quirks the reader must survive.
func TestReadCorpusQuirks(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("the shared corpus is not here:", err)
	}
	// Excel for Mac wrote s="" on every cell; excelize's stream drops them.
	f, err := excelize.OpenFile(filepath.Join(corpus, "ok_calamine_empty_s_attribute.xlsx"), excelizeOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	err = readSheet(f, "x.xlsx", "Sheet1", false, func(rr rowReader) error {
		return tableRows(rr, nil, func([]string) bool { return false }, func(_ int, cells []string) { rows = append(rows, cells) }, func(int) {})
	})
	if err != nil || len(rows) != 5 || rows[1][0] != "John" || rows[1][1] != "1" {
		t.Errorf("empty s attribute: rows %q, err %v", rows, err)
	}
}

// TestReadCSVUndoesDefusing: the apostrophe a CSV export puts before a
// cell starting with =, +, - or @ is removed; other apostrophes stay.
func TestReadCSVUndoesDefusing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "defused.csv")
	data := "ID,Stage,Touchpoint,Channel,Mode,Direction,Owner team,Feeling,Notes\n" +
		"TP-1,Awareness,'=cmd,Email,Manual,Outbound,Marketing,'-1,'plain quote\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	tp := readOK(t, path).Touchpoints[0]
	if tp.Name() != "=cmd" || tp.Feeling != journey.Some(-1) || tp.Raw(journey.FieldNotes) != "'plain quote" {
		t.Errorf("got name %q feeling %+v notes %q", tp.Name(), tp.Feeling, tp.Raw(journey.FieldNotes))
	}
}

// TestFormulaRowIsNotFixedAway: a row of formulas without a cached value
// reads as blank but must not be deleted by --fix.
func TestFormulaRowIsNotFixedAway(t *testing.T) {
	path := filepath.Join(t.TempDir(), "formulas.xlsx")
	sheet := strings.Replace(seedSheet, `</sheetData>`,
		`<row r="3"><c r="A3"><f>IF(1=2,"x","")</f></c></row><row r="4"><c r="A4" t="inlineStr"><is><t>Onboarding</t></is></c><c r="B4" t="inlineStr"><is><t>Guide</t></is></c><c r="C4" t="inlineStr"><is><t>Email</t></is></c></row></sheetData>`, 1)
	if err := os.WriteFile(path, smallWorkbook([]byte(sheet)), 0o644); err != nil {
		t.Fatal(err)
	}
	j := readOK(t, path)
	for _, p := range j.Problems {
		if p.Rule == "row-blank" && (p.Fixable || p.Loc.Row != 3) {
			t.Errorf("row 3 holds a formula: %+v", p)
		}
	}
	if got := strings.Join(rules(j), " "); !strings.Contains(got, "row-blank@Touchpoints!3") {
		t.Errorf("want a row-blank warning on row 3, got %s", got)
	}
}
