package diff_test

// Comparisons of real workbooks: testdata/diff (made by
// testdata/diff/make-fixtures.sh, edits listed in its README.md) and the
// LibreOffice re-save of init --example in testdata/interop.

import (
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/journey-cli/journey/internal/diff"
	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

const fixtures = "../../testdata/diff"

// read reads a workbook and names it by its base name, as a user would
// type it.
func read(t testing.TB, path string) *journey.Journey {
	t.Helper()
	tpl, err := templates.Load("b2b-saas")
	if err != nil {
		t.Fatal(err)
	}
	j, err := workbook.Read(path, workbook.ReadOptions{Template: tpl})
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	j.File = filepath.Base(path)
	return j
}

func compareFiles(t testing.TB, a, b string) *diff.Result {
	t.Helper()
	r, err := diff.Compare(read(t, a), read(t, b), diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// describe lists each change as "kind ID stage: name [field from>to ...]".
func describe(r *diff.Result, withID bool) []string {
	var out []string
	for _, p := range r.Changes() {
		s := string(p.Kind)
		if withID {
			s += " " + p.ID()
		}
		s += " " + p.Stage() + ": " + p.Name()
		var fs []string
		for _, f := range p.Fields {
			fs = append(fs, f.Field+" "+f.From+">"+f.To)
		}
		if len(fs) > 0 {
			s += " [" + strings.Join(fs, "; ") + "]"
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// wantFixtureChanges are the edits make-fixtures.sh makes to the future map.
var wantFixtureChanges = []string{
	"added TP-045 Onboarding: In-app setup checklist",
	"added TP-046 Activation: Setup help chatbot",
	"changed TP-008 Consideration: Trial tips email [Touchpoint Daily trial tips email>Trial tips email; Cadence Daily>Weekly]",
	"changed TP-022 Onboarding: Onboarding email sequence [Actual >55%; Status Planned>Live]",
	"changed TP-023 Onboarding: Onboarding kickoff call [Day 9>2]",
	"changed TP-026 Adoption: Monthly product newsletter [Budget >500]",
	"changed TP-028 Adoption: Automated weekly check-in email [Touchpoint Weekly check-in email>Automated weekly check-in email; Mode Manual>Automatic]",
	"changed TP-037 Retention: Knowledge base [Touchpoint Help center>Knowledge base]",
	"moved TP-033 Retention: Add-on module proposal [Stage Expansion>Retention]",
	"removed TP-014 Consideration: SDR follow-up email",
	"removed TP-024 Onboarding: Weekly onboarding webinar",
}

func TestFixtureWithIDs(t *testing.T) {
	r := compareFiles(t, filepath.Join(fixtures, "current.xlsx"), filepath.Join(fixtures, "future.xlsx"))
	if got := describe(r, true); !reflect.DeepEqual(got, wantFixtureChanges) {
		t.Errorf("changes:\n got %q\nwant %q", got, wantFixtureChanges)
	}
	if want := (diff.Summary{Added: 2, Removed: 2, Changed: 6, Moved: 1, Unchanged: 35}); r.Summary != want {
		t.Errorf("summary %+v, want %+v", r.Summary, want)
	}
	for _, p := range r.Pairs {
		if p.Old != nil && p.New != nil && p.Match != diff.MatchID {
			t.Errorf("%s matched by %s, want id", p.ID(), p.Match)
		}
		if p.ID() == "TP-028" {
			f := p.Fields[1] // Mode, from row 29 to row 27 (two rows above were removed)
			if f.FromLoc.String() != "Touchpoints!E29" || f.ToLoc.String() != "Touchpoints!E27" {
				t.Errorf("TP-028 Mode cells %s -> %s, want Touchpoints!E29 -> Touchpoints!E27", f.FromLoc, f.ToLoc)
			}
		}
	}
	checkFixtureStages(t, r)
}

func checkFixtureStages(t *testing.T, r *diff.Result) {
	t.Helper()
	var got []string
	for _, sc := range r.StageChanges {
		s := string(sc.Kind) + " " + sc.Stage
		for _, f := range sc.Fields {
			s += " " + f.Field + " " + f.From + ">" + f.To
		}
		got = append(got, s)
	}
	want := []string{"added Activation", "reordered Expansion", "changed Expansion Owner team Sales>Customer Success"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stage changes %q, want %q", got, want)
	}
	for _, row := range r.Stages {
		if row.Stage != "Onboarding" {
			continue
		}
		a, _ := row.Old.AutomatedShare()
		b, _ := row.New.AutomatedShare()
		if row.Old.Touchpoints != 1 || row.New.Touchpoints != 3 || a != 0 || b != 2.0/3 {
			t.Errorf("Onboarding: %d -> %d live touchpoints, automated %v -> %v; want 1 -> 3, 0 -> 2/3",
				row.Old.Touchpoints, row.New.Touchpoints, a, b)
		}
	}
}

// TestFixtureWithoutIDs compares the same maps without IDs, the future
// one's rows shuffled and saved by LibreOffice: the same changes, the
// renames found by similarity.
func TestFixtureWithoutIDs(t *testing.T) {
	r := compareFiles(t, filepath.Join(fixtures, "current-noid.xlsx"), filepath.Join(fixtures, "future-noid-libreoffice.xlsx"))
	var want []string
	for _, c := range wantFixtureChanges {
		kind, rest, _ := strings.Cut(c, " ")
		_, rest, _ = strings.Cut(rest, " ") // drop the ID
		want = append(want, kind+" "+rest)
	}
	sort.Strings(want)
	if got := describe(r, false); !reflect.DeepEqual(got, want) {
		t.Errorf("changes:\n got %q\nwant %q", got, want)
	}
	if want := (diff.Summary{Added: 2, Removed: 2, Changed: 6, Moved: 1, Unchanged: 35}); r.Summary != want {
		t.Errorf("summary %+v, want %+v", r.Summary, want)
	}
	if r.IDMode {
		t.Error("IDMode without IDs")
	}
	similar := map[string]bool{}
	for _, p := range r.Pairs {
		if p.Match == diff.MatchSimilar {
			similar[p.Name()] = true
		}
	}
	for _, name := range []string{"Knowledge base", "Automated weekly check-in email", "Trial tips email", "Add-on module proposal"} {
		if !similar[name] {
			t.Errorf("%s not matched by similarity; similar matches: %v", name, similar)
		}
	}
	checkFixtureStages(t, r)
}

func TestFixtureAgainstItself(t *testing.T) {
	for _, name := range []string{"current.xlsx", "future.xlsx", "future-noid-libreoffice.xlsx"} {
		path := filepath.Join(fixtures, name)
		if r := compareFiles(t, path, path); !r.Same() || r.Summary.Unchanged != len(r.New.Touchpoints) {
			t.Errorf("%s against itself: %+v, %q", name, r.Summary, describe(r, true))
		}
	}
}

// TestLibreOfficeResaveIsSame compares init --example with its LibreOffice
// re-save, both ways.
func TestLibreOfficeResaveIsSame(t *testing.T) {
	tpl, err := templates.Load("b2b-saas")
	if err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "example.xlsx")
	if err := workbook.WriteNew(fresh, workbook.InitOptions{Template: tpl, Example: true}); err != nil {
		t.Fatal(err)
	}
	resaved := "../../testdata/interop/example-libreoffice.xlsx"
	for _, files := range [][2]string{{fresh, resaved}, {resaved, fresh}} {
		r := compareFiles(t, files[0], files[1])
		if !r.Same() {
			t.Errorf("%s -> %s: %+v, %q, stage changes %+v", files[0], files[1], r.Summary, describe(r, true), r.StageChanges)
		}
	}
}
