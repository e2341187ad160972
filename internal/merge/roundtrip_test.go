package merge_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/journey-cli/journey/internal/cli"
	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/lint"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

// journeyCLI runs the journey command line with buffers.
func journeyCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = cli.Main(args, &cli.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut,
		Env: func(string) (string, bool) { return "", false }})
	return out.String(), errOut.String(), code
}

func b2b(t *testing.T) *journey.Template {
	t.Helper()
	tpl, err := templates.Load("b2b-saas")
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// readAndLint reads a workbook and fails the test on any lint error or
// warning.
func readAndLint(t *testing.T, path string) *journey.Journey {
	t.Helper()
	j, err := workbook.Read(path, workbook.ReadOptions{Template: b2b(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range lint.Lint(j, lint.Options{}) {
		if f.Severity >= journey.Warning {
			t.Errorf("lint %s: %s %s %s: %s", path, f.Loc, f.Severity, f.Rule, f.Message)
		}
	}
	return j
}

// rowsOf returns every touchpoint as its cleaned values, sorted, to
// compare journeys as sets of rows.
func rowsOf(j *journey.Journey) []string {
	var out []string
	for i := range j.Touchpoints {
		var cells []string
		for f := journey.Field(0); f < journey.NumFields; f++ {
			cells = append(cells, j.Touchpoints[i].Value(f))
		}
		out = append(out, strings.Join(cells, "|"))
	}
	slices.Sort(out)
	return out
}

// TestImportThenLint exports the example as CSV (aliased headers and an
// unknown column added), imports it, and lints the workbook: clean, with
// the same touchpoints as the example.
func TestImportThenLint(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := workbook.WriteNew("example.xlsx", workbook.InitOptions{Template: b2b(t), Example: true}); err != nil {
		t.Fatal(err)
	}
	csvText, errOut, code := journeyCLI(t, "export", "example.xlsx", "--to", "csv")
	if code != 0 {
		t.Fatal(errOut)
	}
	lines := strings.Split(strings.TrimSuffix(csvText, "\n"), "\n")
	lines[0] = strings.Replace(lines[0], "Owner team", "Team", 1) + ",Budget"
	for i := 1; i < len(lines); i++ {
		lines[i] += ",1200"
	}
	if err := os.WriteFile("touchpoints.csv", []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = journeyCLI(t, "import", "touchpoints.csv", "-o", "imported.xlsx", "--persona", "Marketing Ops Manager")
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "wrote imported.xlsx (44 touchpoints from touchpoints.csv, template b2b-saas)") {
		t.Errorf("import said %q", errOut)
	}
	ex := readAndLint(t, "example.xlsx")
	im := readAndLint(t, "imported.xlsx")
	if !slices.Equal(rowsOf(im), rowsOf(ex)) {
		t.Error("the imported touchpoints differ from the example's")
	}
	if im.Persona.Name != "Marketing Ops Manager" {
		t.Errorf("persona = %q", im.Persona.Name)
	}
	if len(im.Table.Headers) != int(journey.NumFields)+1 || im.Table.Headers[journey.NumFields].Text != "Budget" {
		t.Errorf("headers = %+v, want the known columns then Budget", im.Table.Headers)
	}
	if v := im.Touchpoints[0].Extra[int(journey.NumFields)+1]; v != "1200" {
		t.Errorf("Budget = %q", v)
	}
}

// TestMergeTeamWorkbooks splits the example by team into two workbooks
// (one touchpoint in both), merges them, and lints the result: every
// touchpoint once, the first file's first and the others appended in
// journey order, clean.
func TestMergeTeamWorkbooks(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	tpl := b2b(t)
	var growth, customers []journey.Touchpoint
	for _, tp := range tpl.Example.Touchpoints {
		switch tp.Team() {
		case "Marketing", "Sales":
			growth = append(growth, tp)
		default:
			customers = append(customers, tp)
		}
	}
	customers = append(customers, growth[len(growth)-1]) // a touchpoint both teams list
	for name, tps := range map[string][]journey.Touchpoint{"growth.xlsx": growth, "customers.xlsx": customers} {
		if err := workbook.WriteNew(name, workbook.InitOptions{Template: tpl, Touchpoints: tps, Persona: tpl.Example.Persona}); err != nil {
			t.Fatal(err)
		}
		readAndLint(t, name)
	}
	_, errOut, code := journeyCLI(t, "merge", "growth.xlsx", "customers.xlsx", "-o", "all.xlsx")
	if code != 0 {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	if want := "wrote all.xlsx (44 touchpoints from 2 files; 1 touchpoint found in several files kept once)\n"; errOut != want {
		t.Errorf("merge said %q, want %q", errOut, want)
	}
	all := readAndLint(t, "all.xlsx")
	if err := workbook.WriteNew("example.xlsx", workbook.InitOptions{Template: tpl, Example: true}); err != nil {
		t.Fatal(err)
	}
	ex := readAndLint(t, "example.xlsx")
	if !slices.Equal(rowsOf(all), rowsOf(ex)) {
		t.Error("the merged touchpoints differ from the example's")
	}
	// The merged workbook is a copy of the first: its rows come first, as
	// they were; the second file's new touchpoints follow in journey order.
	for i := range growth {
		if got, want := all.Touchpoints[i].ID(), growth[i].ID(); got != want {
			t.Errorf("row %d: ID %s, want the first file's %s", all.Touchpoints[i].Row, got, want)
		}
	}
	var order []int
	for i := len(growth); i < len(all.Touchpoints); i++ {
		order = append(order, slices.IndexFunc(tpl.Stages, func(s journey.Stage) bool { return s.Name == all.Touchpoints[i].Stage() }))
	}
	if !slices.IsSorted(order) {
		t.Errorf("appended touchpoints are not in journey order: stages %v", order)
	}
	if all.Persona.Name != "Marketing Ops Manager" {
		t.Errorf("persona = %q", all.Persona.Name)
	}

	// A file of another template conflicts; nothing is written.
	if err := workbook.WriteNew("shop.xlsx", workbook.InitOptions{Template: loadShop(t)}); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = journeyCLI(t, "merge", "growth.xlsx", "shop.xlsx", "-o", "bad.xlsx")
	if code != 2 || !strings.HasPrefix(errOut, "journey: cannot merge: the stages of growth.xlsx and shop.xlsx differ (") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("conflict: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.xlsx")); err == nil {
		t.Error("merge wrote a file despite the conflict")
	}
}

func loadShop(t *testing.T) *journey.Template {
	t.Helper()
	tpl, err := templates.Load("ecommerce")
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}
