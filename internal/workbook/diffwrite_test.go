package workbook

import (
	"errors"
	"github.com/journey-cli/journey/internal/lotest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/journey-cli/journey/internal/journey"
)

// diffFuture writes init --example to a temp folder and reads it back, as
// the future map of a diff.
func diffFuture(t *testing.T) (string, *journey.Journey) {
	t.Helper()
	tpl := loadTemplate(t, "b2b-saas")
	path := filepath.Join(t.TempDir(), "future.xlsx")
	if err := WriteNew(path, InitOptions{Template: tpl, Example: true}); err != nil {
		t.Fatal(err)
	}
	j, err := Read(path, ReadOptions{Template: tpl})
	if err != nil {
		t.Fatal(err)
	}
	return path, j
}

// Columns of init's Touchpoints sheet used below.
const (
	diffColID     = 1  // A
	diffColName   = 3  // C
	diffColMode   = 5  // E
	diffColNotes  = 22 // V, the last
	diffColChange = 23 // W, added by WriteDiff
)

// sampleDiff marks rows 2 (added), 3 (changed), 4 (moved), the others
// unchanged, and appends one removed touchpoint.
func sampleDiff(future *journey.Journey) DiffWorkbook {
	d := DiffWorkbook{Future: future, Current: "current.xlsx"}
	for _, tp := range future.Touchpoints {
		r := DiffRow{Row: tp.Row, Change: ChangeUnchanged}
		switch tp.Row {
		case 2:
			r.Change = ChangeAdded
		case 3:
			r.Change, r.Old = ChangeChanged, map[int]string{diffColMode: "Manual", diffColNotes: ""}
		case 4:
			r.Change, r.Old = ChangeMoved, map[int]string{2: "Decision"}
		}
		d.Rows = append(d.Rows, r)
	}
	d.Rows = append(d.Rows, DiffRow{Change: ChangeRemoved, Note: "Removed: row 9 of current.xlsx. Columns this map lacks: Budget: 1200",
		Values: map[int]string{diffColID: "TP-099", 2: "Onboarding", diffColName: "Old webinar", 10: "7", 14: "35%"}})
	return d
}

func openDiff(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path, excelizeOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// fillOf returns the fill colour of a cell, "" when none.
func fillOf(t *testing.T, f *excelize.File, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(journey.SheetTouchpoints, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Fill.Color) == 0 {
		return ""
	}
	return strings.ToUpper(st.Fill.Color[0])
}

func TestWriteDiffMarks(t *testing.T) {
	futurePath, future := diffFuture(t)
	before := openDiff(t, futurePath)
	out := filepath.Join(t.TempDir(), "diff.xlsx")
	if err := WriteDiff(out, sampleDiff(future)); err != nil {
		t.Fatal(err)
	}
	f := openDiff(t, out)
	s := journey.SheetTouchpoints

	// Every sheet is kept, and the validations of the future workbook.
	if got, want := f.GetSheetList(), before.GetSheetList(); !reflect.DeepEqual(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	dvBefore, _ := before.GetDataValidations(s)
	dvAfter, _ := f.GetDataValidations(s)
	if len(dvAfter) != len(dvBefore) || len(dvAfter) == 0 {
		t.Errorf("%d validations on Touchpoints, want the %d of the future workbook", len(dvAfter), len(dvBefore))
	}

	// The Change column, after the last column, styled as the header.
	if h := row(t, f, s, 1); len(h) != diffColChange || h[diffColChange-1] != "Change" {
		t.Fatalf("header %q, want Change in column W", h)
	}
	if fillOf(t, f, "W1") != fillOf(t, f, "V1") || fillOf(t, f, "W1") == "" {
		t.Errorf("Change header fill %q, want the header's %q", fillOf(t, f, "W1"), fillOf(t, f, "V1"))
	}
	wantChange := map[int]string{2: ChangeAdded, 3: ChangeChanged, 4: ChangeMoved, 5: ChangeUnchanged, 45: ChangeUnchanged, 46: ChangeRemoved}
	for r, want := range wantChange {
		if got := row(t, f, s, r); len(got) < diffColChange || got[diffColChange-1] != want {
			t.Errorf("row %d: %q, want Change %q", r, got, want)
		}
	}

	// Colours: added rows green across the table, changed cells yellow,
	// removed rows red; unchanged cells keep their style.
	green, yellow, red := diffColors[ChangeAdded][0], diffColors[ChangeChanged][0], diffColors[ChangeRemoved][0]
	for cell, want := range map[string]string{
		"A2": green, "V2": green, "W2": green,
		"E3": yellow, "V3": yellow, "W3": yellow, "A3": "", "C3": "",
		"B4": yellow, "W4": yellow, "E4": "",
		"A5": "", "W5": "",
		"A46": red, "N46": red, "W46": red,
	} {
		if got := fillOf(t, f, cell); got != want {
			t.Errorf("%s fill %q, want %q", cell, got, want)
		}
	}
	// A filled cell keeps its number format: N2 is a percentage.
	id, _ := f.GetCellStyle(s, "N2")
	if st, _ := f.GetStyle(id); st.NumFmt != 9 {
		t.Errorf("added row's Target format %d, want 9 (0%%) kept under the fill", st.NumFmt)
	}

	// The old values in comments.
	comments, err := f.GetComments(s)
	if err != nil {
		t.Fatal(err)
	}
	text := map[string]string{}
	for _, c := range comments {
		var b strings.Builder
		b.WriteString(c.Text)
		for _, r := range c.Paragraph {
			b.WriteString(r.Text)
		}
		text[c.Cell] = b.String()
	}
	for cell, want := range map[string]string{"E3": "Was: Manual", "V3": "Was: (empty)", "B4": "Was: Decision", "W46": "Budget: 1200", "W1": "journey diff"} {
		if !strings.Contains(text[cell], want) {
			t.Errorf("comment on %s = %q, want it to contain %q", cell, text[cell], want)
		}
	}

	// The removed touchpoint's values, a number as a number.
	if got := row(t, f, s, 46); got[0] != "TP-099" || got[2] != "Old webinar" || got[9] != "7" || got[13] != "35%" {
		t.Errorf("removed row %q", got)
	}
	if typ, _ := f.GetCellType(s, "J46"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("removed row's Day is text, want a number")
	}

	// The output reads back as a journey: the future's touchpoints and the
	// removed one, the Change column as a column of the team's own.
	j, err := Read(out, ReadOptions{Template: loadTemplate(t, "b2b-saas")})
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Touchpoints) != len(future.Touchpoints)+1 {
		t.Errorf("read back %d touchpoints, want %d", len(j.Touchpoints), len(future.Touchpoints)+1)
	}
}

func TestWriteDiffRefusesOverwrite(t *testing.T) {
	_, future := diffFuture(t)
	out := filepath.Join(t.TempDir(), "diff.xlsx")
	if err := os.WriteFile(out, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteDiff(out, sampleDiff(future))
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("WriteDiff over a file: %v, want an *Error mentioning --force", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "keep me" {
		t.Error("the existing file was changed")
	}
	d := sampleDiff(future)
	d.Force = true
	if err := WriteDiff(out, d); err != nil {
		t.Fatalf("with Force: %v", err)
	}
	if info, _ := os.Stat(out); info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", info.Mode().Perm())
	}
}

// TestWriteDiffKeepsComments adds the old value to a cell that already
// has a comment without losing it.
func TestWriteDiffKeepsComments(t *testing.T) {
	path, _ := diffFuture(t)
	f := openDiff(t, path)
	if err := f.AddComment(journey.SheetTouchpoints, excelize.Comment{Cell: "E3", Author: "Dana", Text: "Ask Sam before automating."}); err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(t.TempDir(), "future.xlsx")
	if err := f.SaveAs(edited); err != nil {
		t.Fatal(err)
	}
	future, err := Read(edited, ReadOptions{Template: loadTemplate(t, "b2b-saas")})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "diff.xlsx")
	if err := WriteDiff(out, sampleDiff(future)); err != nil {
		t.Fatal(err)
	}
	comments, err := openDiff(t, out).GetComments(journey.SheetTouchpoints)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range comments {
		if c.Cell != "E3" {
			continue
		}
		n++
		var b strings.Builder
		for _, r := range c.Paragraph {
			b.WriteString(r.Text)
		}
		if got := c.Text + b.String(); !strings.Contains(got, "Was: Manual") || !strings.Contains(got, "Ask Sam") {
			t.Errorf("E3 comment %q, want the old value and the existing comment", got)
		}
	}
	if n != 1 {
		t.Errorf("%d comments on E3, want 1", n)
	}
}

// TestWriteDiffLibreOfficeComments marks a future map saved by
// LibreOffice, whose note shapes excelize cannot parse as they are
// (shape_0): the diff is written, the old value joins the note already on
// a changed cell, and a note on an untouched cell stays.
func TestWriteDiffLibreOfficeComments(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not on PATH; install libreoffice-calc-nogui to run this test")
	}
	path, _ := diffFuture(t)
	f := openDiff(t, path)
	for _, c := range []excelize.Comment{{Cell: "E3", Author: "Dana", Text: "Ask Sam before automating."}, {Cell: "C10", Author: "Dana", Text: "Keep this one."}} {
		if err := f.AddComment(journey.SheetTouchpoints, c); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	edited := filepath.Join(dir, "future.xlsx")
	if err := f.SaveAs(edited); err != nil {
		t.Fatal(err)
	}
	resaved := lotest.Resave(t, soffice, dir, edited, filepath.Join(dir, "lo"))
	future, err := Read(resaved, ReadOptions{Template: loadTemplate(t, "b2b-saas")})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "diff.xlsx")
	if err := WriteDiff(out, sampleDiff(future)); err != nil {
		t.Fatal(err)
	}
	comments, err := openDiff(t, out).GetComments(journey.SheetTouchpoints)
	if err != nil {
		t.Fatal(err)
	}
	text := map[string]string{}
	for _, c := range comments {
		var b strings.Builder
		for _, r := range c.Paragraph {
			b.WriteString(r.Text)
		}
		text[c.Cell] += c.Text + b.String()
	}
	if got := text["E3"]; !strings.Contains(got, "Was: Manual") || !strings.Contains(got, "Ask Sam") {
		t.Errorf("E3 note %q, want the old value and the note that was there", got)
	}
	if got := text["C10"]; !strings.Contains(got, "Keep this one.") {
		t.Errorf("C10 note %q, want it kept", got)
	}
	if got := text[journey.CellName(diffColChange, future.Touchpoints[len(future.Touchpoints)-1].Row+1)]; !strings.Contains(got, "Removed: row 9") {
		t.Errorf("the removed row's note %q, want the removal noted", got)
	}
	records := lotest.SheetCSV(t, soffice, dir, out, filepath.Join(dir, "csv"), 4)
	if last := records[len(records)-1]; last[len(last)-1] != "removed" {
		t.Errorf("LibreOffice reads the last row of the diff workbook as %q, want the removed row", last)
	}
}

// TestRenameShapes names LibreOffice's shapes after the highest Excel
// name in the drawing and leaves Excel's alone.
func TestRenameShapes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<v:shape id="shape_0" type="#t"/><v:shape id="shape_1"/>`, `<v:shape id="_x0000_s1025" type="#t"/><v:shape id="_x0000_s1026"/>`},
		{`<v:shape id="_x0000_s1030"/><v:shape id="shape_0"/>`, `<v:shape id="_x0000_s1030"/><v:shape id="_x0000_s1031"/>`},
		{`<v:shapetype id="_x0000_t202"/><v:shape id="_x0000_s1025"/>`, ""},
	} {
		got, changed := renameShapes([]byte(c.in))
		if c.want == "" {
			if changed {
				t.Errorf("renameShapes(%s) changed it to %s, want it left alone", c.in, got)
			}
			continue
		}
		if string(got) != c.want {
			t.Errorf("renameShapes(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}

// TestWriteDiffFromCSV builds the diff workbook from a future map read
// from CSV: the table in the rows and columns it came from.
func TestWriteDiffFromCSV(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "future.csv")
	data := "ID,Stage,Touchpoint,Channel,Mode,Direction,Owner team,Budget\n" +
		"TP-1,Onboarding,Welcome email,Email,Automatic,Outbound,Customer Success,100\n" +
		"TP-2,Adoption,Product tour,In-app,Automatic,Outbound,Product,\n"
	if err := os.WriteFile(csvPath, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	future, err := Read(csvPath, ReadOptions{Template: loadTemplate(t, "b2b-saas")})
	if err != nil {
		t.Fatal(err)
	}
	d := DiffWorkbook{Future: future, Rows: []DiffRow{
		{Row: 2, Change: ChangeChanged, Old: map[int]string{8: "90"}},
		{Row: 3, Change: ChangeAdded},
		{Change: ChangeRemoved, Values: map[int]string{1: "TP-0", 3: "Old one"}},
	}}
	out := filepath.Join(dir, "diff.xlsx")
	if err := WriteDiff(out, d); err != nil {
		t.Fatal(err)
	}
	f := openDiff(t, out)
	for n, want := range map[int][]string{
		1: {"ID", "Stage", "Touchpoint", "Channel", "Mode", "Direction", "Owner team", "Budget", "Change"},
		2: {"TP-1", "Onboarding", "Welcome email", "Email", "Automatic", "Outbound", "Customer Success", "100", "changed"},
		4: {"TP-0", "", "Old one", "", "", "", "", "", "removed"},
	} {
		if got := row(t, f, journey.SheetTouchpoints, n); !reflect.DeepEqual(got, want) {
			t.Errorf("row %d: %q, want %q", n, got, want)
		}
	}
}

// TestWriteDiffOpensInLibreOffice has LibreOffice convert the diff
// workbook's Touchpoints sheet to CSV: it opens, and shows the Change
// column and the appended row.
func TestWriteDiffOpensInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not on PATH; install libreoffice-calc-nogui to run this test")
	}
	_, future := diffFuture(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "diff.xlsx")
	if err := WriteDiff(out, sampleDiff(future)); err != nil {
		t.Fatal(err)
	}
	records := lotest.SheetCSV(t, soffice, dir, out, filepath.Join(dir, "csv"), 4)
	if len(records) != len(future.Touchpoints)+2 {
		t.Fatalf("LibreOffice reads %d rows, want the header, %d touchpoints and the removed one", len(records), len(future.Touchpoints))
	}
	if h := records[0]; h[len(h)-1] != "Change" {
		t.Errorf("header %q, want Change last", h)
	}
	last := records[len(records)-1]
	if last[0] != "TP-099" || last[len(last)-1] != "removed" {
		t.Errorf("last row %q, want TP-099 removed", last)
	}
	for i, r := range records[1 : len(records)-1] {
		if r[0] != future.Touchpoints[i].ID() {
			t.Errorf("row %d: ID %q, want %q", i+2, r[0], future.Touchpoints[i].ID())
		}
	}
}

// TestWriteDiffTableElsewhere marks a table whose header is on row 3 from
// column B (openpyxl's interop fixture): the Change column follows its
// last column and removed rows follow its last row.
func TestWriteDiffTableElsewhere(t *testing.T) {
	future, err := Read(filepath.Join(interopDir, "touchpoints-openpyxl.xlsx"), ReadOptions{Template: loadTemplate(t, "b2b-saas")})
	if err != nil {
		t.Fatal(err)
	}
	_, last := (&diffWriter{t: &future.Table}).tableColumns()
	d := DiffWorkbook{Future: future}
	for _, tp := range future.Touchpoints {
		d.Rows = append(d.Rows, DiffRow{Row: tp.Row, Change: ChangeUnchanged})
	}
	d.Rows = append(d.Rows, DiffRow{Change: ChangeRemoved, Values: map[int]string{future.Table.Columns[journey.FieldID]: "TP-GONE"}})
	out := filepath.Join(t.TempDir(), "diff.xlsx")
	if err := WriteDiff(out, d); err != nil {
		t.Fatal(err)
	}
	f := openDiff(t, out)
	sheet := future.Table.Sheet.Sheet
	header := row(t, f, sheet, future.Table.HeaderRow)
	if len(header) != last+1 || header[last] != "Change" {
		t.Fatalf("header row %d: %q, want Change in column %d", future.Table.HeaderRow, header, last+1)
	}
	lastTP := future.Touchpoints[len(future.Touchpoints)-1].Row
	if got := row(t, f, sheet, lastTP); got[last] != ChangeUnchanged {
		t.Errorf("row %d: %q, want unchanged", lastTP, got)
	}
	if got := row(t, f, sheet, lastTP+1); got[future.Table.Columns[journey.FieldID]-1] != "TP-GONE" || got[last] != ChangeRemoved {
		t.Errorf("row %d: %q, want the removed touchpoint", lastTP+1, got)
	}
}
