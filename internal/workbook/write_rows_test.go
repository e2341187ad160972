package workbook

import (
	"github.com/journey-cli/journey/internal/lotest"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/templates"
)

// givenRows are touchpoints as import and merge pass them to the writer,
// with values for three columns journey does not know.
func givenRows() ([]journey.Touchpoint, []string) {
	extra := []string{"Budget", "Share", "Code"}
	col := func(i int) int { return int(journey.NumFields) + 1 + i }
	rows := []map[journey.Field]string{
		{journey.FieldID: "TP-001", journey.FieldStage: "Awareness", journey.FieldTouchpoint: "=not a formula", journey.FieldChannel: "Email",
			journey.FieldMode: "Automatic", journey.FieldDirection: "Outbound", journey.FieldOwnerTeam: "Marketing",
			journey.FieldDay: "7d", journey.FieldTarget: "35%", journey.FieldActual: "0.3", journey.FieldFeeling: "-1"},
		{journey.FieldID: "TP-002", journey.FieldStage: "Onboarding", journey.FieldTouchpoint: "Kickoff call", journey.FieldChannel: "Video call",
			journey.FieldMode: "Manual", journey.FieldDirection: "Outbound", journey.FieldOwnerTeam: "Customer Success",
			journey.FieldDay: "soon", journey.FieldFeeling: "happy"},
	}
	extras := []map[int]string{
		{col(0): "1200", col(1): "12%", col(2): "007"},
		{col(0): "12.50", col(1): "2.5%", col(2): "-3.5"},
	}
	var tps []journey.Touchpoint
	for i, r := range rows {
		var tp journey.Touchpoint
		for f, v := range r {
			tp.SetRaw(f, v)
		}
		tp.Extra = extras[i]
		journey.ParseTyped(&tp)
		tps = append(tps, tp)
	}
	return tps, extra
}

// TestWriteNewGivenTouchpoints writes touchpoints and unknown columns as
// import and merge do, and checks the cell types and the read-back values.
func TestWriteNewGivenTouchpoints(t *testing.T) {
	tpl := loadTemplate(t, templates.Default)
	tps, extra := givenRows()
	persona := journey.Persona{Name: "Ops Manager", Settings: map[string]journey.Setting{
		"mintouchpoints": {Field: "Min touchpoints", Value: "3", Loc: journey.Loc{Row: 9}},
		"handoffdays":    {Field: "Handoff days", Value: "4", Loc: journey.Loc{Row: 10}},
	}}
	path, f := writeAndOpen(t, InitOptions{Template: tpl, Touchpoints: tps, ExtraColumns: extra, Persona: persona})

	header := row(t, f, journey.SheetTouchpoints, 1)
	if len(header) != int(journey.NumFields)+3 || !reflect.DeepEqual(header[journey.NumFields:], extra) {
		t.Errorf("header ends %q, want the known columns then %q", header[min(len(header), int(journey.NumFields)):], extra)
	}
	s := journey.SheetTouchpoints
	for _, tc := range []struct {
		cell   string
		number bool
		shown  string
	}{
		{"C2", false, "=not a formula"},
		{"J2", true, "7"}, {"N2", true, "35%"}, {"O2", true, "0.3"}, {"P2", true, "-1"},
		{"J3", false, "soon"}, {"P3", true, "1"},
		{"W2", true, "1200"}, {"X2", true, "12%"}, {"Y2", false, "007"},
		{"W3", false, "12.50"}, {"X3", true, "2.5%"}, {"Y3", true, "-3.5"},
	} {
		if got := isNumberCell(t, f, s, tc.cell); got != tc.number {
			t.Errorf("%s: number = %v, want %v", tc.cell, got, tc.number)
		}
		if got := cellValue(t, f, s, tc.cell, false); got != tc.shown {
			t.Errorf("%s shows %q, want %q", tc.cell, got, tc.shown)
		}
	}
	if formula, _ := f.GetCellFormula(s, "C2"); formula != "" {
		t.Errorf("C2 holds the formula %q; text must stay text", formula)
	}
	if got := row(t, f, journey.SheetPersona, 9); !reflect.DeepEqual(got, []string{"Min touchpoints", "3"}) {
		t.Errorf("Persona row 9 = %q, want the first setting", got)
	}

	j, err := Read(path, ReadOptions{Template: tpl})
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Touchpoints) != 2 || j.Touchpoints[0].Name() != "=not a formula" {
		t.Fatalf("read back %d touchpoints", len(j.Touchpoints))
	}
	want := map[int]string{23: "1200", 24: "12%", 25: "007"}
	if !reflect.DeepEqual(j.Touchpoints[0].Extra, want) {
		t.Errorf("extra values read back as %v, want %v", j.Touchpoints[0].Extra, want)
	}
	if j.Persona.Settings["handoffdays"].Value != "4" {
		t.Errorf("settings read back as %v", j.Persona.Settings)
	}
	for _, p := range j.Problems {
		if p.Severity > journey.Info {
			t.Errorf("read problem: %s %s", p.Rule, p.Message)
		}
	}

	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not on PATH; install libreoffice-calc-nogui to open the workbook")
	}
	dir := filepath.Dir(path)
	records := lotest.SheetCSV(t, soffice, dir, path, filepath.Join(dir, "out"), 4)
	if len(records) != 3 || !reflect.DeepEqual(records[0], header) {
		t.Fatalf("LibreOffice reads %d rows, header %q", len(records), records[0])
	}
	if got := strings.Join(records[1][journey.NumFields:], ","); got != "1200,12%,007" {
		t.Errorf("LibreOffice reads the extra cells as %q", got)
	}
}
