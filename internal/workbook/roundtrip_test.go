package workbook_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/journey-cli/journey/internal/cli"
	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/lint"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

// The round-trip fixtures (testdata/roundtrip/README.md says what is in
// them; make-fixtures.sh makes them).
const (
	teamA = "../../testdata/roundtrip/team-a.xlsx"
	teamB = "../../testdata/roundtrip/team-b.xlsx"
)

// runJourney runs the journey command line in dir with buffers.
func runJourney(t *testing.T, dir string, args ...string) (stderr string, code int) {
	t.Helper()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	code = cli.Main(args, &cli.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut,
		Env: func(string) (string, bool) { return "", false }})
	return errOut.String(), code
}

// roundTrip copies the fixtures into a folder and runs lint --fix -o and
// merge on team-a.xlsx there.
func roundTrip(t *testing.T) (dir string, fixes []journey.Edit) {
	t.Helper()
	dir = t.TempDir()
	for _, src := range []string{teamA, teamB} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(src)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tpl, err := templates.Load(templates.Default)
	if err != nil {
		t.Fatal(err)
	}
	j, err := workbook.Read(filepath.Join(dir, "team-a.xlsx"), workbook.ReadOptions{Template: tpl})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range lint.Lint(j, lint.Options{}) {
		if f.Fix != nil {
			fixes = append(fixes, *f.Fix)
		}
	}
	if len(fixes) != 5 {
		t.Fatalf("team-a.xlsx has %d fixes, want the 5 README.md lists: %+v", len(fixes), fixes)
	}
	if msg, code := runJourney(t, dir, "lint", "team-a.xlsx", "--fix", "-o", "fixed.xlsx"); code != 0 {
		t.Fatalf("lint --fix: exit %d\n%s", code, msg)
	}
	msg, code := runJourney(t, dir, "merge", "team-a.xlsx", "team-b.xlsx", "-o", "merged.xlsx")
	if code != 0 {
		t.Fatalf("merge: exit %d\n%s", code, msg)
	}
	want := "team-b.xlsx Touchpoints!A3: ID TP-006 is already used by team-a.xlsx row 7; renumbered TP-053\n" +
		"note: Channel values not in the Channel list: \"E-mail\" (1 row); journey lint lists them with suggestions\n" +
		"wrote merged.xlsx (48 touchpoints from 2 files; 1 touchpoint found in several files kept once; 1 renumbered)\n"
	if msg != want {
		t.Errorf("merge said:\n%s\nwant:\n%s", msg, want)
	}
	return dir, fixes
}

// fixedRow maps a row of team-a.xlsx to its row in the fixed copy, which
// lost the blank row 20; 0 for row 20 itself.
func fixedRow(row int) int {
	switch {
	case row < 20:
		return row
	case row == 20:
		return 0
	}
	return row - 1
}

// TestRoundTripKeepsWorkbook checks, with excelize, that lint --fix and
// merge keep every style, comment, formula (with its cached value),
// defined name, validation, conditional format, merged cell and chart of
// a workbook a team made its own, moving them with the rows where rows
// moved, and that merge grew what had to grow.
func TestRoundTripKeepsWorkbook(t *testing.T) {
	dir, _ := roundTrip(t)
	before := openBook(t, filepath.Join(dir, "team-a.xlsx"))
	fixed := openBook(t, filepath.Join(dir, "fixed.xlsx"))
	merged := openBook(t, filepath.Join(dir, "merged.xlsx"))

	if want := before.GetSheetList(); !slices.Equal(fixed.GetSheetList(), want) || !slices.Equal(merged.GetSheetList(), want) {
		t.Fatalf("sheets: fixed %q, merged %q, want %q", fixed.GetSheetList(), merged.GetSheetList(), want)
	}
	// What the fix and the merge change on purpose: the fixed cells, the
	// range of a formula over the rows that moved up, the team added to
	// the Lists.
	fixedCells := map[string]string{"Touchpoints!G1": "Owner team", "Touchpoints!D11": "Email",
		"Touchpoints!C13": "Demo request form", "Touchpoints!A16": "TP-045", "Budget!B8": "=SUM(Touchpoints!W2:W45)"}
	mergedCells := map[string]string{"Lists!E7": "Partnerships"}
	for _, sheet := range before.GetSheetList() {
		rowOf := func(r int) int { return r }
		if sheet == journey.SheetTouchpoints {
			rowOf = fixedRow
		}
		compareCells(t, "fixed", sheet, before, fixed, rowOf, fixedCells)
		compareCells(t, "merged", sheet, before, merged, func(r int) int { return r }, mergedCells)
		for _, col := range []string{"A", "B", "C", "D", "W", "X"} {
			wb, _ := before.GetColWidth(sheet, col)
			wf, _ := fixed.GetColWidth(sheet, col)
			wm, _ := merged.GetColWidth(sheet, col)
			if wf != wb || wm != wb {
				t.Errorf("%s column %s width: fixed %v, merged %v, was %v", sheet, col, wf, wm, wb)
			}
		}
	}

	// Comments: where they were, the one below the deleted row one row up.
	wantComments := func(shift bool) map[string]string {
		m := map[string]string{}
		for _, sheet := range before.GetSheetList() {
			for cell, text := range commentsOf(t, before, sheet) {
				if shift && sheet == journey.SheetTouchpoints {
					col, row, _ := excelize.CellNameToCoordinates(strings.TrimPrefix(cell, sheet+"!"))
					cell = sheet + "!" + journey.CellName(col, fixedRow(row))
				}
				m[cell] = text
			}
		}
		return m
	}
	if len(wantComments(false)) != 5 {
		t.Fatalf("team-a.xlsx has comments %q, want the 5 README.md lists", wantComments(false))
	}
	allComments := func(f *excelize.File) map[string]string {
		m := map[string]string{}
		for _, sheet := range f.GetSheetList() {
			for cell, text := range commentsOf(t, f, sheet) {
				m[cell] = text
			}
		}
		return m
	}
	if got, want := allComments(fixed), wantComments(true); !reflect.DeepEqual(got, want) {
		t.Errorf("fixed comments:\n%q\nwant\n%q", got, want)
	}
	if got, want := allComments(merged), wantComments(false); !reflect.DeepEqual(got, want) {
		t.Errorf("merged comments:\n%q\nwant\n%q", got, want)
	}

	// Defined names: merge grows ChannelList with the channel it adds.
	names := func(f *excelize.File) map[string]string {
		m := map[string]string{}
		for _, dn := range f.GetDefinedName() {
			m[dn.Scope+" "+dn.Name] = dn.RefersTo
		}
		return m
	}
	wantNames := names(before)
	wantNames["Workbook TouchpointBudget"] = "Touchpoints!$W$2:$W$45"
	wantNames["Touchpoints _xlnm._FilterDatabase"] = "Touchpoints!$A$1:$V$2000"
	if got := names(fixed); !reflect.DeepEqual(got, wantNames) {
		t.Errorf("fixed names %q, want %q", got, wantNames)
	}
	wantNames = names(before)
	wantNames["Workbook ChannelList"] = "Lists!$A$2:$A$19"
	if got := names(merged); !reflect.DeepEqual(got, wantNames) {
		t.Errorf("merged names %q, want %q", got, wantNames)
	}

	// Validations: the Channel dropdown offers the new channel, and the
	// Budget rule covers the appended rows.
	validations := func(f *excelize.File) map[string]string {
		m := map[string]string{}
		for _, sheet := range f.GetSheetList() {
			dvs, err := f.GetDataValidations(sheet)
			if err != nil {
				t.Fatal(err)
			}
			for _, dv := range dvs {
				m[sheet+"!"+dv.Sqref] = dv.Type + " " + dv.Formula1 + " " + dv.Formula2 + " " + ptrText(dv.Prompt) + ptrText(dv.Error)
			}
		}
		return m
	}
	wantDV := validations(before)
	wantDV["Touchpoints!D2:D1046"] = strings.Replace(wantDV["Touchpoints!D2:D1046"], "$A$18", "$A$19", 1)
	wantDV["Touchpoints!W2:W50"] = wantDV["Touchpoints!W2:W46"]
	delete(wantDV, "Touchpoints!W2:W46")
	if got := validations(merged); !reflect.DeepEqual(got, wantDV) {
		t.Errorf("merged validations:\n%q\nwant\n%q", got, wantDV)
	}
	gotDV := validations(fixed)
	if gotDV["Touchpoints!W2:W45"] == "" || gotDV["Touchpoints!D2:D1045"] == "" || len(gotDV) != len(validations(before)) {
		t.Errorf("fixed validations: %q", gotDV)
	}

	for _, c := range []struct {
		name string
		f    *excelize.File
		want string
	}{{"before", before, "P2:P46"}, {"fixed", fixed, "P2:P45"}, {"merged", merged, "P2:P46"}} {
		cf, err := c.f.GetConditionalFormats(journey.SheetTouchpoints)
		if err != nil || len(cf) != 1 || len(cf[c.want]) != 1 {
			t.Errorf("%s conditional formats %v, want one on %s (%v)", c.name, cf, c.want, err)
		}
		mc, err := c.f.GetMergeCells("Budget")
		if err != nil || len(mc) != 1 || mc[0].GetStartAxis() != "A11" || mc[0].GetEndAxis() != "D11" {
			t.Errorf("%s merged cells of Budget: %v (%v)", c.name, mc, err)
		}
	}
	for _, name := range []string{"team-a.xlsx", "fixed.xlsx", "merged.xlsx"} {
		if parts := zipParts(t, filepath.Join(dir, name), "xl/charts/chart"); len(parts) != 1 {
			t.Errorf("%s charts: %q, want the Budget chart", name, parts)
		}
	}

	// The appended rows look like the rows above: the Budget column's
	// #,##0, a percentage as a percentage, a plain number not as one.
	tp := journey.SheetTouchpoints
	styleOf := func(cell string) *excelize.Style {
		id, err := merged.GetCellStyle(tp, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := merged.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st, above := styleOf("W48"), styleOf("W46"); !reflect.DeepEqual(st, above) {
		t.Errorf("appended Budget W48 has style %+v, want W46's %+v", st, above)
	}
	if st := styleOf("N49"); st.NumFmt != 9 {
		t.Errorf("appended Target N49 (25%%) has number format %d, want 9 (0%%)", st.NumFmt)
	}
	if st := styleOf("O49"); st.CustomNumFmt == nil || *st.CustomNumFmt != "0.0%" {
		t.Errorf("appended Actual O49 (21.5%%) has format %v, want 0.0%%", st.CustomNumFmt)
	}
	if st := styleOf("N47"); st.NumFmt != 0 || st.CustomNumFmt != nil {
		t.Errorf("appended Target N47 (500) has number format %d %v, want General", st.NumFmt, st.CustomNumFmt)
	}
	for _, c := range []struct{ cell, want string }{{"A47", "TP-053"}, {"N47", "500"}, {"N49", "25%"}, {"O49", "21.5%"}, {"W49", "1,200"}, {"Y1", "Region"}, {"Y6", "Global"}} {
		if got, _ := merged.GetCellValue(tp, c.cell); got != c.want {
			t.Errorf("merged %s = %q, want %q", c.cell, got, c.want)
		}
	}
}

// openBook opens a workbook for the test.
func openBook(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// compareCells checks that every cell of sheet in before is in after at
// row rowOf(row) (0: deleted) with the same style, value (a formula's
// cached value) and formula (moved with its row where the row moved),
// except the cells of changed ("Sheet!A1" in before), which hold the value
// (or "=formula") given.
func compareCells(t *testing.T, name, sheet string, before, after *excelize.File, rowOf func(int) int, changed map[string]string) {
	t.Helper()
	rows, err := before.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	formulas, styles := 0, 0
	for r := range rows {
		row := rowOf(r + 1)
		if row == 0 {
			continue
		}
		for c := range max(len(rows[r]), 24) {
			from, to := journey.CellName(c+1, r+1), journey.CellName(c+1, row)
			sb, _ := before.GetCellStyle(sheet, from)
			sa, _ := after.GetCellStyle(sheet, to)
			stb, _ := before.GetStyle(sb)
			sta, _ := after.GetStyle(sa)
			if !reflect.DeepEqual(stb, sta) {
				t.Errorf("%s %s!%s: style %+v, was %+v at %s", name, sheet, to, sta, stb, from)
			} else if sb != 0 {
				styles++
			}
			fb, _ := before.GetCellFormula(sheet, from)
			fa, _ := after.GetCellFormula(sheet, to)
			vb, _ := before.GetCellValue(sheet, from, excelize.Options{RawCellValue: true})
			va, _ := after.GetCellValue(sheet, to, excelize.Options{RawCellValue: true})
			if want, ok := changed[sheet+"!"+from]; ok {
				if got := va; strings.HasPrefix(want, "=") && "="+fa != want || !strings.HasPrefix(want, "=") && got != want {
					t.Errorf("%s %s!%s: %q (formula %q), want %q", name, sheet, to, va, fa, want)
				}
			} else if vb != va || (fb != fa && from == to) || (fb == "") != (fa == "") {
				t.Errorf("%s %s!%s: %q (formula %q), was %q (formula %q) at %s", name, sheet, to, va, fa, vb, fb, from)
			}
			if fb != "" {
				formulas++
			}
		}
	}
	if sheet == journey.SheetTouchpoints && (formulas < 44 || styles < 100) || sheet == "Budget" && formulas != 7 {
		t.Errorf("%s: compared %d formulas and %d styled cells, fewer than team-a.xlsx holds", sheet, formulas, styles)
	}
}

// commentsOf returns the comments of sheet by "Sheet!Cell": author and text.
func commentsOf(t *testing.T, f *excelize.File, sheet string) map[string]string {
	t.Helper()
	list, err := f.GetComments(sheet)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, c := range list {
		text := c.Author + ": " + c.Text
		for _, r := range c.Paragraph {
			text += r.Text
		}
		m[sheet+"!"+c.Cell] = text
	}
	return m
}

// zipParts lists the parts of a workbook whose name starts with prefix.
func zipParts(t *testing.T, path, prefix string) []string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var out []string
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, prefix) {
			out = append(out, f.Name)
		}
	}
	return out
}

func ptrText(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// TestRoundTripLibreOffice compares LibreOffice's CSV export of every
// sheet before and after lint --fix and merge: every sheet but Touchpoints
// and Lists is identical; Touchpoints differs by exactly the fixes (for
// merge: the new Region column, the value it adopted for TP-005, and the
// appended rows); Lists gains the new channel and team.
func TestRoundTripLibreOffice(t *testing.T) {
	soffice := findSoffice()
	if soffice == "" {
		t.Skip("LibreOffice (soffice) is not installed: the CSV comparison of the round trip is skipped")
	}
	dir, fixes := roundTrip(t)
	sheets := csvSheets(t, soffice, dir, "team-a.xlsx", "team-b.xlsx", "fixed.xlsx", "merged.xlsx")
	before, fixed, merged, other := sheets["team-a.xlsx"], sheets["fixed.xlsx"], sheets["merged.xlsx"], sheets["team-b.xlsx"]
	tp, lists := journey.SheetTouchpoints, journey.SheetLists

	for _, sheet := range []string{journey.SheetGuide, journey.SheetPersona, journey.SheetStages, lists, "Budget"} {
		if !reflect.DeepEqual(fixed[sheet], before[sheet]) {
			t.Errorf("lint --fix changed sheet %s:\n%s", sheet, gridDiff(before[sheet], fixed[sheet]))
		}
		if sheet != lists && !reflect.DeepEqual(merged[sheet], before[sheet]) {
			t.Errorf("merge changed sheet %s:\n%s", sheet, gridDiff(before[sheet], merged[sheet]))
		}
	}

	// lint --fix: the fixed cells, and the blank row gone.
	want := cloneGrid(before[tp])
	for _, e := range fixes {
		if !e.DeleteRow {
			setCell(&want, e.Loc.Row, e.Loc.Col, e.Value)
		}
	}
	for _, e := range fixes {
		if e.DeleteRow {
			want = slices.Delete(want, e.Loc.Row-1, e.Loc.Row)
		}
	}
	if got := fixed[tp]; !sameGrid(got, want) {
		t.Errorf("lint --fix: Touchpoints differs from the original with the fixes applied:\n%s", gridDiff(want, got))
	}

	// merge: a Region column, TP-005's Region from team-b.xlsx, and
	// team-b.xlsx's new touchpoints appended in journey order.
	want = cloneGrid(before[tp])
	width := len(want[0])
	setCell(&want, 1, width+1, "Region")
	setCell(&want, 6, width+1, "Global")
	header := merged[tp][0]
	for _, id := range []string{"TP-006", "TP-051", "TP-050", "TP-052"} {
		src := findRow(other[tp], id)
		if src == nil {
			t.Fatalf("team-b.xlsx has no %s", id)
		}
		row := make([]string, len(header))
		for c, h := range other[tp][0] {
			i := slices.IndexFunc(header, func(s string) bool { return journey.NormalizeName(s) == journey.NormalizeName(h) })
			if h == "Owner team" {
				i = slices.Index(header, "Team")
			}
			if i < 0 {
				t.Fatalf("merged header %q lacks team-b.xlsx's %q", header, h)
			}
			row[i] = cellAt(src, c)
		}
		if id == "TP-006" {
			row[0] = "TP-053"
		}
		want = append(want, row)
	}
	if got := merged[tp]; !sameGrid(got, want) {
		t.Errorf("merge: Touchpoints differs from the original plus the merge:\n%s", gridDiff(want, got))
	}
	want = cloneGrid(before[lists])
	setCell(&want, 19, 1, "Podcast")
	setCell(&want, 19, 2, "No")
	setCell(&want, 7, 5, "Partnerships")
	if got := merged[lists]; !sameGrid(got, want) {
		t.Errorf("merge: Lists differs from the original plus Podcast and Partnerships:\n%s", gridDiff(want, got))
	}
}

// findSoffice returns LibreOffice's command, "" when it is not installed.
func findSoffice() string {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// csvSheets exports every sheet of each file in dir with LibreOffice
// (values as stored, not as formatted; formulas as their values) and
// reads them back: file -> sheet -> rows.
func csvSheets(t *testing.T, soffice, dir string, files ...string) map[string]map[string][][]string {
	t.Helper()
	home, out := t.TempDir(), t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := []string{"-env:UserInstallation=file://" + filepath.ToSlash(filepath.Join(home, "profile")), "--headless", "--norestore",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", out}
	for _, f := range files {
		args = append(args, filepath.Join(dir, f))
	}
	cmd := exec.CommandContext(ctx, soffice, args...)
	cmd.Env = append(os.Environ(), "HOME="+home)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	res := map[string]map[string][][]string{}
	for _, name := range files {
		f := openBook(t, filepath.Join(dir, name))
		res[name] = map[string][][]string{}
		for _, sheet := range f.GetSheetList() {
			path := filepath.Join(out, strings.TrimSuffix(name, ".xlsx")+"-"+sheet+".csv")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("LibreOffice did not export %s of %s: %v", sheet, name, err)
			}
			r := csv.NewReader(bytes.NewReader(data))
			r.FieldsPerRecord = -1
			rows, err := r.ReadAll()
			if err != nil && err != io.EOF {
				t.Fatal(err)
			}
			res[name][sheet] = rows
		}
	}
	return res
}

func cloneGrid(g [][]string) [][]string {
	out := make([][]string, len(g))
	for i, r := range g {
		out[i] = slices.Clone(r)
	}
	return out
}

// setCell sets the 1-based cell of *g, growing it as needed.
func setCell(g *[][]string, row, col int, v string) {
	for len(*g) < row {
		*g = append(*g, nil)
	}
	r := &(*g)[row-1]
	for len(*r) < col {
		*r = append(*r, "")
	}
	(*r)[col-1] = v
}

func cellAt(r []string, i int) string {
	if i < len(r) {
		return r[i]
	}
	return ""
}

// sameGrid compares two sheets, an absent cell being an empty one.
func sameGrid(a, b [][]string) bool {
	return gridDiff(a, b) == ""
}

// gridDiff lists the cells that differ, "" when none do.
func gridDiff(want, got [][]string) string {
	var b strings.Builder
	for r := range max(len(want), len(got)) {
		var wr, gr []string
		if r < len(want) {
			wr = want[r]
		}
		if r < len(got) {
			gr = got[r]
		}
		for c := range max(len(wr), len(gr)) {
			if w, g := cellAt(wr, c), cellAt(gr, c); w != g {
				fmt.Fprintf(&b, "  %s: %q, want %q\n", journey.CellName(c+1, r+1), g, w)
			}
		}
	}
	return b.String()
}

// findRow returns the row of g whose first cell is id.
func findRow(g [][]string, id string) []string {
	for _, r := range g {
		if len(r) > 0 && r[0] == id {
			return r
		}
	}
	return nil
}
