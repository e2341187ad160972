package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/templates"
)

// loadTemplate loads a built-in template or fails the test.
func loadTemplate(t *testing.T, name string) *journey.Template {
	t.Helper()
	tpl, err := templates.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// writeAndOpen writes a new workbook into a temp folder and opens it.
func writeAndOpen(t *testing.T, opts InitOptions) (string, *excelize.File) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "journey.xlsx")
	if err := WriteNew(path, opts); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path, excelizeOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return path, f
}

// forEachVariant runs fn for every template, with and without the example.
func forEachVariant(t *testing.T, fn func(t *testing.T, tpl *journey.Template, example bool)) {
	for _, name := range templates.Names() {
		for _, example := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/example=%v", name, example), func(t *testing.T) {
				fn(t, loadTemplate(t, name), example)
			})
		}
	}
}

// row returns the cells of a sheet row, failing the test on error.
func row(t *testing.T, f *excelize.File, sheet string, n int) []string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if n > len(rows) {
		return nil
	}
	return rows[n-1]
}

func TestWriteNewSheetsAndHeaders(t *testing.T) {
	forEachVariant(t, func(t *testing.T, tpl *journey.Template, example bool) {
		path, f := writeAndOpen(t, InitOptions{Template: tpl, Example: example})
		if got := f.GetSheetList(); !slices.Equal(got, sheetOrder) {
			t.Errorf("sheets = %v, want %v", got, sheetOrder)
		}
		if got := f.GetSheetName(f.GetActiveSheetIndex()); got != journey.SheetTouchpoints {
			t.Errorf("active sheet = %s, want Touchpoints", got)
		}
		var want []string
		for _, c := range journey.TouchpointColumns {
			want = append(want, c.Name)
		}
		if got := row(t, f, journey.SheetTouchpoints, 1); !slices.Equal(got, want) {
			t.Errorf("Touchpoints header = %v, want %v", got, want)
		}
		want = want[:0]
		for _, c := range journey.StageColumns {
			want = append(want, c.Name)
		}
		if got := row(t, f, journey.SheetStages, 1); !slices.Equal(got, want) {
			t.Errorf("Stages header = %v, want %v", got, want)
		}
		if got := row(t, f, journey.SheetLists, 1); !slices.Equal(got, journey.ListColumns) {
			t.Errorf("Lists header = %v, want %v", got, journey.ListColumns)
		}
		if got := row(t, f, journey.SheetPersona, 1); !slices.Equal(got, []string{"Field", "Value"}) {
			t.Errorf("Persona header = %v", got)
		}
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o644 {
			t.Errorf("mode = %v, want 0644", info.Mode().Perm())
		}
	})
}

func TestWriteNewFrozenStyledHeader(t *testing.T) {
	_, f := writeAndOpen(t, InitOptions{Template: loadTemplate(t, templates.Default)})
	for _, sheet := range []string{journey.SheetTouchpoints, journey.SheetStages, journey.SheetLists} {
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: panes = %+v, want the header row frozen", sheet, panes)
		}
		id, err := f.GetCellStyle(sheet, "A1")
		if err != nil {
			t.Fatal(err)
		}
		style, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if style.Font == nil || !style.Font.Bold || len(style.Fill.Color) == 0 || len(style.Border) != 4 {
			t.Errorf("%s!A1 style = %+v, want bold, filled, bordered", sheet, style)
		}
	}
	dim, err := f.GetSheetDimension(journey.SheetTouchpoints)
	if err != nil || dim != "A1:V1" {
		t.Errorf("Touchpoints dimension = %q, %v; want A1:V1", dim, err)
	}
}

// sqrefRows returns the first and last rows of a one-column sqref "C2:C2000".
func sqrefRows(t *testing.T, sqref string) (col string, first, last int) {
	t.Helper()
	a, b, ok := strings.Cut(sqref, ":")
	if !ok {
		t.Fatalf("sqref %q is not a range", sqref)
	}
	ca, ra, err := excelize.SplitCellName(a)
	if err != nil {
		t.Fatal(err)
	}
	cb, rb, err := excelize.SplitCellName(b)
	if err != nil || ca != cb {
		t.Fatalf("sqref %q does not cover one column", sqref)
	}
	return ca, ra, rb
}

// checkValidationLimits fails on an inline list or prompt over Excel's limits.
func checkValidationLimits(t *testing.T, sheet string, dv *excelize.DataValidation) {
	t.Helper()
	if dv.Type == "list" && strings.HasPrefix(dv.Formula1, `"`) && len(dv.Formula1) > 257 {
		t.Errorf("%s %s: inline list over 255 characters", sheet, dv.Sqref)
	}
	if dv.PromptTitle != nil && len([]rune(*dv.PromptTitle)) > maxPromptTitle {
		t.Errorf("%s %s: prompt title too long", sheet, dv.Sqref)
	}
	if dv.Prompt != nil && len([]rune(*dv.Prompt)) > maxPrompt {
		t.Errorf("%s %s: prompt too long", sheet, dv.Sqref)
	}
}

func TestWriteNewTouchpointValidations(t *testing.T) {
	forEachVariant(t, func(t *testing.T, tpl *journey.Template, example bool) {
		_, f := writeAndOpen(t, InitOptions{Template: tpl, Example: example})
		dvs, err := f.GetDataValidations(journey.SheetTouchpoints)
		if err != nil {
			t.Fatal(err)
		}
		if len(dvs) != int(journey.NumFields) {
			t.Fatalf("%d validations on Touchpoints, want one per column (%d)", len(dvs), journey.NumFields)
		}
		wantList := map[string]string{ // column letter -> source
			"B": "Stages!$A$2:$A$100",
			"D": "Lists!$A$2:$A$200", // Channel
			"E": "Lists!$C$2:$C$200", // Mode
			"F": "Lists!$D$2:$D$200", // Direction
			"G": "Lists!$E$2:$E$200", // Owner team
			"I": "Lists!$F$2:$F$200", // Cadence
			"R": "Lists!$G$2:$G$200", // Status
		}
		lists := 0
		for _, dv := range dvs {
			checkValidationLimits(t, journey.SheetTouchpoints, dv)
			col, first, last := sqrefRows(t, dv.Sqref)
			if first != 2 || last < 1000 {
				t.Errorf("validation %s covers rows %d..%d, want 2..1000 or more", dv.Sqref, first, last)
			}
			if !dv.ShowInputMessage || dv.Prompt == nil || *dv.Prompt == "" {
				t.Errorf("validation %s has no input prompt", dv.Sqref)
			}
			switch {
			case dv.Type == "list":
				lists++
				if wantList[col] != dv.Formula1 {
					t.Errorf("column %s dropdown source = %q, want %q", col, dv.Formula1, wantList[col])
				}
			case col == "P": // Feeling
				if dv.Type != "whole" || dv.Formula1 != "-2" || dv.Formula2 != "2" {
					t.Errorf("Feeling validation = %s %s..%s, want whole -2..2", dv.Type, dv.Formula1, dv.Formula2)
				}
			case dv.Type != "":
				t.Errorf("column %s: unexpected validation type %q", col, dv.Type)
			}
		}
		if lists != len(wantList) {
			t.Errorf("%d dropdowns, want %d", lists, len(wantList))
		}
	})
}

func TestWriteNewOtherValidations(t *testing.T) {
	_, f := writeAndOpen(t, InitOptions{Template: loadTemplate(t, templates.Default)})
	for _, sheet := range []string{journey.SheetPersona, journey.SheetStages, journey.SheetLists} {
		dvs, err := f.GetDataValidations(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(dvs) == 0 {
			t.Errorf("%s has no validations", sheet)
		}
		for _, dv := range dvs {
			checkValidationLimits(t, sheet, dv)
		}
	}
	dvs, _ := f.GetDataValidations(journey.SheetStages)
	found := false
	for _, dv := range dvs {
		if dv.Sqref == "E2:E100" {
			found = dv.Type == "list" && dv.Formula1 == "Lists!$E$2:$E$200"
		}
	}
	if !found {
		t.Error("Stages Owner team has no dropdown pointing at Lists!$E$2:$E$200")
	}
	dvs, _ = f.GetDataValidations(journey.SheetPersona)
	for _, dv := range dvs {
		if dv.Sqref == "B3" && (dv.Type != "list" || dv.ShowErrorMessage) {
			t.Errorf("Seniority validation = %+v, want a dropdown that allows free text", dv)
		}
	}
}

// cellValue returns a cell's value, raw or formatted.
func cellValue(t *testing.T, f *excelize.File, sheet, cell string, raw bool) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: raw})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// isNumberCell reports whether a cell holds a number rather than text.
func isNumberCell(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	_, perr := strconv.ParseFloat(cellValue(t, f, sheet, cell, true), 64)
	return (typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber) && perr == nil
}

func TestWriteNewPersona(t *testing.T) {
	tpl := loadTemplate(t, templates.Default)
	_, f := writeAndOpen(t, InitOptions{Template: tpl, Example: true,
		Persona: journey.Persona{Name: "VP Finance", Seniority: "VP"}})
	want := [][]string{
		{"Persona", "VP Finance"}, {"Seniority", "VP"}, {"Map type", "Current state"},
		{"Owner", tpl.Example.Persona.Owner}, {"Goal", tpl.Example.Persona.Goal},
		{"Review cadence", "Quarterly"}, {"Last reviewed", "2026-09-15"},
	}
	for i, w := range want {
		if got := row(t, f, journey.SheetPersona, i+2); !slices.Equal(got, w) {
			t.Errorf("Persona row %d = %q, want %q", i+2, got, w)
		}
	}
	if !isNumberCell(t, f, journey.SheetPersona, "B8") {
		t.Error("Last reviewed is not a date cell")
	}

	_, f = writeAndOpen(t, InitOptions{Template: tpl, Persona: journey.Persona{Name: "CFO", MapType: "Future state"}})
	if got := cellValue(t, f, journey.SheetPersona, "B2", false); got != "CFO" {
		t.Errorf("Persona = %q, want CFO", got)
	}
	if got := cellValue(t, f, journey.SheetPersona, "B4", false); got != "Future state" {
		t.Errorf("Map type = %q, want Future state", got)
	}
	if got := cellValue(t, f, journey.SheetPersona, "B7", false); got != "Quarterly" {
		t.Errorf("Review cadence = %q, want the template's Quarterly", got)
	}
	if got := cellValue(t, f, journey.SheetPersona, "B8", false); got != "" {
		t.Errorf("Last reviewed = %q, want empty without --example", got)
	}
}

func TestWriteNewNumbers(t *testing.T) {
	tpl := loadTemplate(t, templates.Default)
	_, f := writeAndOpen(t, InitOptions{Template: tpl, Example: true})
	s := journey.SheetTouchpoints
	// TP-001: Day 0, Target 2%, Actual 2.4%, Feeling 1.
	if got := cellValue(t, f, s, "A2", false); got != "TP-001" {
		t.Fatalf("A2 = %q, want TP-001", got)
	}
	for cell, want := range map[string][2]string{
		"J2": {"0", "0"}, "N2": {"0.02", "2%"}, "O2": {"0.024", "2.4%"}, "P2": {"1", "1"},
	} {
		if !isNumberCell(t, f, s, cell) {
			t.Errorf("%s is not a number cell", cell)
		}
		if raw := cellValue(t, f, s, cell, true); raw != want[0] {
			t.Errorf("%s raw = %q, want %q", cell, raw, want[0])
		}
		if shown := cellValue(t, f, s, cell, false); shown != want[1] {
			t.Errorf("%s shown = %q, want %q", cell, shown, want[1])
		}
	}
	if isNumberCell(t, f, s, "A2") {
		t.Error("ID is written as a number")
	}
	// Stages: Target 300 and 15%, Days and Feeling numbers.
	for _, cell := range []string{"D2", "D3", "F2", "G2", "G5"} {
		if !isNumberCell(t, f, journey.SheetStages, cell) {
			t.Errorf("Stages!%s is not a number cell", cell)
		}
	}
	if got := cellValue(t, f, journey.SheetStages, "D3", false); got != "15%" {
		t.Errorf("Stages!D3 = %q, want 15%%", got)
	}
	if got := cellValue(t, f, journey.SheetStages, "G5", false); got != "-1" {
		t.Errorf("Stages!G5 (Onboarding feeling) = %q, want -1", got)
	}
}

func TestWriteNewLists(t *testing.T) {
	tpl := loadTemplate(t, templates.Default)
	_, f := writeAndOpen(t, InitOptions{Template: tpl})
	rows, err := f.GetRows(journey.SheetLists)
	if err != nil {
		t.Fatal(err)
	}
	for i, ch := range tpl.Vocab.Channels {
		r := rows[i+1]
		want := "No"
		if tpl.Vocab.Automatable[journey.NormalizeName(ch)] {
			want = "Yes"
		}
		if r[0] != ch || r[1] != want {
			t.Errorf("Lists row %d = %q, want %s, %s", i+2, r[:2], ch, want)
		}
	}
	if got := cellValue(t, f, journey.SheetLists, "E3", false); got != tpl.Vocab.Teams[1] {
		t.Errorf("Lists!E3 = %q, want %q", got, tpl.Vocab.Teams[1])
	}
}

func TestWriteNewRefusesOverwrite(t *testing.T) {
	tpl := loadTemplate(t, templates.Default)
	path := filepath.Join(t.TempDir(), "journey.xlsx")
	if err := WriteNew(path, InitOptions{Template: tpl}); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	err = WriteNew(path, InitOptions{Template: tpl, Example: true})
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "--force") {
		t.Fatalf("err = %v, want *Error asking for --force", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the existing workbook changed")
	}
	if err := WriteNew(path, InitOptions{Template: tpl, Example: true, Force: true}); err != nil {
		t.Fatalf("with Force: %v", err)
	}
	if after, _ := os.ReadFile(path); bytes.Equal(before, after) {
		t.Error("Force did not replace the workbook")
	}
}

func TestWriteNewNeedsTemplate(t *testing.T) {
	err := WriteNew(filepath.Join(t.TempDir(), "x.xlsx"), InitOptions{})
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("err = %v, want *Error", err)
	}
}

// TestWriteNewReadsBack reads the example workbook with the package's own
// reader: every value the template gives comes back as written.
func TestWriteNewReadsBack(t *testing.T) {
	for _, name := range templates.Names() {
		t.Run(name, func(t *testing.T) {
			tpl := loadTemplate(t, name)
			path, _ := writeAndOpen(t, InitOptions{Template: tpl, Example: true})
			j, err := Read(path, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range j.Problems {
				t.Errorf("reader problem: %s %s: %s", p.Rule, p.Loc, p.Message)
			}
			compareTouchpoints(t, tpl.Example.Touchpoints, j.Touchpoints)
			compareStages(t, tpl.Stages, j.Stages)
			wantP := tpl.Example.Persona
			gotP := j.Persona
			if gotP.Name != wantP.Name || gotP.Owner != wantP.Owner || gotP.Goal != wantP.Goal ||
				gotP.ReviewCadence != wantP.ReviewCadence || !gotP.LastReviewed.Equal(wantP.LastReviewed) {
				t.Errorf("persona read back = %+v, want %+v", gotP, wantP)
			}
			if !slices.Equal(j.Vocab.Channels, tpl.Vocab.Channels) || !slices.Equal(j.Vocab.Teams, tpl.Vocab.Teams) ||
				!slices.Equal(j.Vocab.Cadences, tpl.Vocab.Cadences) || !slices.Equal(j.Vocab.Statuses, tpl.Vocab.Statuses) {
				t.Errorf("vocabulary read back = %+v, want %+v", j.Vocab, tpl.Vocab)
			}
			for ch, auto := range tpl.Vocab.Automatable {
				if j.Vocab.Automatable[ch] != auto {
					t.Errorf("automatable %s read back as %v", ch, j.Vocab.Automatable[ch])
				}
			}
		})
	}
}

// compareTouchpoints compares the typed fields and raw text of touchpoints.
func compareTouchpoints(t *testing.T, want, got []journey.Touchpoint) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("read %d touchpoints, want %d", len(got), len(want))
	}
	for i := range want {
		w, g := &want[i], &got[i]
		for f := range journey.NumFields {
			if g.Value(f) != w.Value(f) {
				t.Errorf("%s %s: read %q, want %q", w.ID(), f, g.Value(f), w.Value(f))
			}
		}
		if g.Row != w.Row || g.Day != w.Day || g.Feeling != w.Feeling || g.Mode != w.Mode ||
			g.Cadence != w.Cadence || g.Status != w.Status || !sameMeasure(g.Target, w.Target) || !sameMeasure(g.Actual, w.Actual) {
			t.Errorf("%s: read %+v, want %+v", w.ID(), *g, *w)
		}
	}
}

// compareStages compares the stages read back with the template's.
func compareStages(t *testing.T, want, got []journey.Stage) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("read %d stages, want %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if g.Name != w.Name || g.KPI != w.KPI || g.OwnerTeam != w.OwnerTeam || g.Days != w.Days ||
			g.Feeling != w.Feeling || !sameMeasure(g.Target, w.Target) || g.Friction != w.Friction || g.Goal != w.Goal {
			t.Errorf("stage %d read back = %+v, want %+v", i+1, g, w)
		}
	}
}

// sameMeasure compares measures up to float rounding.
func sameMeasure(a, b journey.Measure) bool {
	d := a.Value - b.Value
	return a.Known == b.Known && a.Percent == b.Percent && d < 1e-9 && d > -1e-9
}

func TestPercentStyle(t *testing.T) {
	w := &newWriter{style: styleIDs{percent0: 0, percent1: 1, percent2: 2}}
	for v, want := range map[float64]int{0.35: 0, 0.024: 1, 1.1: 0, 0.0225: 2, 0.07: 0} {
		if got := w.percentStyle(v); got != want {
			t.Errorf("percentStyle(%v) = %d, want %d", v, got, want)
		}
	}
}

func TestQuoteSheet(t *testing.T) {
	for in, want := range map[string]string{"Lists": "Lists", "My lists": "'My lists'", "Bob's": "'Bob''s'"} {
		if got := quoteSheet(in); got != want {
			t.Errorf("quoteSheet(%q) = %q, want %q", in, got, want)
		}
	}
}
