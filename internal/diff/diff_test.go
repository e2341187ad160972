package diff

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/templates"
)

// withStages sets a journey's Stages sheet: "Name" or "Name/Owner team".
func withStages(j *journey.Journey, names ...string) *journey.Journey {
	j.Stages = nil
	for i, n := range names {
		name, owner, _ := strings.Cut(n, "/")
		j.Stages = append(j.Stages, journey.Stage{Name: name, OwnerTeam: owner,
			Loc: journey.Loc{File: j.File, Sheet: "Stages", Row: i + 2, Col: 1}})
	}
	return j
}

func compare(t *testing.T, old, new *journey.Journey, opts Options) *Result {
	t.Helper()
	r, err := Compare(old, new, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// kinds lists "kind name [fields]" for every pair, in order.
func kinds(r *Result) []string {
	var out []string
	for _, p := range r.Pairs {
		s := string(p.Kind) + " " + p.Name()
		var fs []string
		for _, f := range p.Fields {
			fs = append(fs, f.Field+":"+f.From+">"+f.To)
		}
		if len(fs) > 0 {
			s += " [" + strings.Join(fs, " ") + "]"
		}
		out = append(out, s)
	}
	return out
}

func TestCompareKinds(t *testing.T) {
	const (
		mode   = journey.FieldMode
		target = journey.FieldTarget
		status = journey.FieldStatus
	)
	old := mapOf(
		touch("TP-1", "Onboarding", "Welcome email", "Email", target, "35%"),
		touch("TP-2", "Onboarding", "Kickoff call", "Video call", mode, "Manual"),
		touch("TP-3", "Adoption", "Check-in email", "Email", mode, "Manual"),
		touch("TP-4", "Expansion", "Upgrade offer", "Email"),
		touch("TP-5", "Retention", "Renewal reminder", "Email", status, ""),
	)
	new := mapOf(
		touch("TP-5", "Retention", "Renewal reminder", "Email", status, "Live"),
		touch("TP-3", "Adoption", "Automated check-in email", "Email", mode, "auto"),
		touch("TP-1", "Onboarding", "Welcome email", "Email", target, "35.00%"),
		touch("TP-4", "Retention", "Upgrade offer", "Email", mode, "Manual"),
		touch("TP-6", "Onboarding", "Setup checklist", "In-app"),
	)
	withStages(old, "Onboarding", "Adoption", "Expansion", "Retention")
	withStages(new, "Onboarding", "Adoption", "Expansion", "Retention")
	r := compare(t, old, new, Options{})
	want := []string{
		"unchanged Welcome email",
		"added Setup checklist",
		"removed Kickoff call",
		"changed Automated check-in email [Touchpoint:Check-in email>Automated check-in email Mode:Manual>auto]",
		"unchanged Renewal reminder",
		"moved Upgrade offer [Stage:Expansion>Retention Mode:Automatic>Manual]",
	}
	if got := kinds(r); !reflect.DeepEqual(got, want) {
		t.Errorf("pairs:\n got %q\nwant %q", got, want)
	}
	if r.Summary != (Summary{Added: 1, Removed: 1, Changed: 1, Moved: 1, Unchanged: 2}) {
		t.Errorf("summary %+v", r.Summary)
	}
	if r.Same() || !r.IDMode {
		t.Errorf("Same() = %v, IDMode = %v", r.Same(), r.IDMode)
	}
	if n := len(r.Changes()); n != 4 {
		t.Errorf("%d changes, want 4", n)
	}
	// Both cells of a changed field: rows 4 -> 3, column C.
	for _, p := range r.Pairs {
		if p.ID() == "TP-3" {
			f := p.Fields[0]
			if f.FromLoc.String() != "Touchpoints!C4" || f.ToLoc.String() != "Touchpoints!C3" {
				t.Errorf("cells %s -> %s, want Touchpoints!C4 -> Touchpoints!C3", f.FromLoc, f.ToLoc)
			}
			if p.Match != MatchID {
				t.Errorf("matched by %s, want id", p.Match)
			}
		}
	}
}

func TestCompareSelfIsSame(t *testing.T) {
	j := withStages(mapOf(touch("TP-1", "Onboarding", "Welcome email", "Email"), touch("", "Adoption", "Tour", "In-app")), "Onboarding", "Adoption")
	r := compare(t, j, j, Options{})
	if !r.Same() || r.Summary.Unchanged != 2 || len(r.StageChanges) != 0 {
		t.Errorf("a map against itself: same %v, summary %+v, stage changes %+v", r.Same(), r.Summary, r.StageChanges)
	}
}

func TestCompareIgnore(t *testing.T) {
	old := mapOf(touch("TP-1", "Onboarding", "Welcome email", "Email", journey.FieldDRI, "Dana", journey.FieldNotes, "x"))
	new := mapOf(touch("TP-1", "Onboarding", "Welcome email", "Email", journey.FieldDRI, "Sam", journey.FieldNotes, "y"))
	addExtra(old, "Budget", map[int]string{2: "100"})
	addExtra(new, "budget", map[int]string{2: "200"})
	if r := compare(t, old, new, Options{}); len(r.Pairs[0].Fields) != 3 {
		t.Fatalf("without --ignore: fields %+v, want DRI, Notes and Budget", r.Pairs[0].Fields)
	}
	// Aliases and the headers of a team's own columns, in any case.
	r := compare(t, old, new, Options{Ignore: []string{"Responsible", "notes", "BUDGET"}})
	if !r.Same() {
		t.Errorf("ignoring DRI, Notes and Budget: %q", kinds(r))
	}
	_, err := Compare(old, new, Options{Ignore: []string{"Colour"}})
	var ie *IgnoreError
	if !errors.As(err, &ie) || ie.Name != "Colour" {
		t.Errorf("unknown column: error %v, want an IgnoreError", err)
	}
}

// addExtra adds a column journey does not know, with values by row.
func addExtra(j *journey.Journey, header string, byRow map[int]string) {
	col := len(j.Table.Headers) + 1
	j.Table.Headers = append(j.Table.Headers, journey.Header{Col: col, Text: header, Field: -1})
	for i := range j.Touchpoints {
		if v, ok := byRow[j.Touchpoints[i].Row]; ok {
			if j.Touchpoints[i].Extra == nil {
				j.Touchpoints[i].Extra = map[int]string{}
			}
			j.Touchpoints[i].Extra[col] = v
		}
	}
}

func TestCompareExtraColumns(t *testing.T) {
	old := mapOf(touch("TP-1", "Onboarding", "A", "Email"), touch("TP-2", "Onboarding", "B", "Email"))
	new := mapOf(touch("TP-1", "Onboarding", "A", "Email"), touch("TP-2", "Onboarding", "B", "Email"))
	addExtra(old, "Budget", map[int]string{2: "1200", 3: "50"})
	addExtra(new, "Region", map[int]string{2: "EMEA"})
	addExtra(new, "BUDGET", map[int]string{2: "1,200.00", 3: "60"}) // moved right, re-cased
	r := compare(t, old, new, Options{})
	want := []string{"changed A [Region:>EMEA]", "changed B [BUDGET:50>60]"}
	if got := kinds(r); !reflect.DeepEqual(got, want) {
		t.Errorf("pairs %q, want %q", got, want)
	}
	if got := r.Compared[len(r.Compared)-2:]; !reflect.DeepEqual(got, []string{"Region", "BUDGET"}) {
		t.Errorf("extra columns compared %q, want the second map's order", got)
	}
}

func TestStageChanges(t *testing.T) {
	old := withStages(mapOf(), "Awareness/Marketing", "Onboarding/Sales", "Adoption/Customer Success", "Expansion/Sales", "Retention/Customer Success", "Advocacy/Marketing")
	new := withStages(mapOf(), "Awareness/Marketing", "Onboarding/Customer Success", "Activation/Product", "Adoption/Customer Success", "Retention/Customer Success", "Expansion/Sales")
	old.Stages[0].Target = journey.Measure{Value: 0.3, Percent: true, Known: true}
	new.Stages[0].Target = journey.Measure{Value: 0.3, Known: true} // 30% written as 0.3: the same
	old.Stages[2].KPI = "Weekly active seats"
	r := compare(t, old, new, Options{})
	var got []string
	for _, sc := range r.StageChanges {
		s := string(sc.Kind) + " " + sc.Stage
		for _, f := range sc.Fields {
			s += " " + f.Field + ":" + f.From + ">" + f.To
		}
		if sc.Kind == StageAdded || sc.Kind == StageReordered {
			s += " after " + sc.After
		}
		got = append(got, s)
	}
	want := []string{
		"changed Onboarding Owner team:Sales>Customer Success",
		"added Activation after Onboarding",
		"changed Adoption KPI:Weekly active seats>",
		"reordered Expansion after Retention",
		"removed Advocacy",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stage changes:\n got %q\nwant %q", got, want)
	}
	if r.Same() {
		t.Error("Same() with stage changes")
	}
	// Stages taken from the template (a CSV file) are not compared.
	for i := range new.Stages {
		new.Stages[i].Loc = journey.Loc{}
	}
	if r := compare(t, old, new, Options{}); len(r.StageChanges) != 0 {
		t.Errorf("stage changes against template stages: %+v", r.StageChanges)
	}
	var order []string
	for _, row := range r.Stages {
		order = append(order, row.Stage)
	}
	if want := []string{"Awareness", "Onboarding", "Activation", "Adoption", "Retention", "Expansion", "Advocacy"}; !reflect.DeepEqual(order, want) {
		t.Errorf("stage order %q, want %q", order, want)
	}
}

func TestStageTable(t *testing.T) {
	const (
		mode   = journey.FieldMode
		dir    = journey.FieldDirection
		feel   = journey.FieldFeeling
		status = journey.FieldStatus
	)
	old := mapOf(
		touch("TP-1", "Onboarding", "Kickoff call", "Video call", mode, "Manual", feel, "-1"),
		touch("TP-2", "Onboarding", "Setup guide", "Help center", mode, "Manual", dir, "Inbound", feel, "-1"),
		touch("TP-3", "Onboarding", "Welcome series", "Email", status, "Planned"),
	)
	new := mapOf(
		touch("TP-1", "Onboarding", "Kickoff call", "Video call", mode, "Manual", feel, "0"),
		touch("TP-2", "Onboarding", "Setup guide", "Help center", mode, "Ongoing", dir, "Inbound", feel, "1"),
		touch("TP-3", "Onboarding", "Welcome series", "Email", status, "Live"),
		touch("TP-4", "Onboarding", "Setup checklist", "In-app", feel, "1"),
		touch("TP-5", "Unlisted", "Somewhere", "Email"),
	)
	withStages(old, "Onboarding", "Adoption")
	withStages(new, "Onboarding", "Adoption")
	r := compare(t, old, new, Options{})
	if len(r.Stages) != 3 {
		t.Fatalf("%d stage rows, want Onboarding, Adoption and the unlisted stage", len(r.Stages))
	}
	on := r.Stages[0]
	share := func(s StageStats) float64 { v, _ := s.AutomatedShare(); return v }
	feeling := func(s StageStats) float64 { v, _ := s.MeanFeeling(); return v }
	// "Onboarding: 2 -> 4 touchpoints, automated 0% -> 75%"
	if on.Old.Touchpoints != 2 || on.New.Touchpoints != 4 || share(on.Old) != 0 || share(on.New) != 0.75 {
		t.Errorf("Onboarding %d -> %d touchpoints, automated %v -> %v; want 2 -> 4, 0 -> 0.75",
			on.Old.Touchpoints, on.New.Touchpoints, share(on.Old), share(on.New))
	}
	if on.Old.Inbound != 1 || on.New.Inbound != 1 || feeling(on.Old) != -1 || feeling(on.New) != 2.0/3 {
		t.Errorf("Onboarding inbound %d -> %d, feeling %v -> %v", on.Old.Inbound, on.New.Inbound, feeling(on.Old), feeling(on.New))
	}
	if want := []string{"Email", "Help center", "In-app", "Video call"}; !reflect.DeepEqual(on.New.Channels, want) {
		t.Errorf("channels %q, want %q", on.New.Channels, want)
	}
	if !on.Changed() || r.Stages[1].Changed() {
		t.Errorf("Changed(): Onboarding %v, Adoption %v", on.Changed(), r.Stages[1].Changed())
	}
	if _, ok := r.Stages[1].New.AutomatedShare(); ok {
		t.Error("a stage without live touchpoints has an automated share")
	}
	if u := r.Stages[2]; u.Stage != "Unlisted" || u.InOld || !u.InNew || u.New.Touchpoints != 1 {
		t.Errorf("unlisted stage row %+v", u)
	}
}

// TestThresholdSeparatesExamples checks the documented threshold on the
// templates' sample journeys: no two different touchpoints pair, except
// the planted duplicate newsletters.
func TestThresholdSeparatesExamples(t *testing.T) {
	for _, j := range exampleJourneys(t) {
		tps := j.Touchpoints
		for a := range tps {
			for b := a + 1; b < len(tps); b++ {
				s := Score(&tps[a], &tps[b])
				planted := strings.Contains(tps[a].Name(), "newsletter") && strings.Contains(tps[b].Name(), "newsletter")
				if s >= DefaultThreshold && !planted {
					t.Errorf("%s: %q and %q score %.3f, at or above the threshold %v", j.File, tps[a].Name(), tps[b].Name(), s, DefaultThreshold)
				}
			}
		}
	}
}

// exampleJourneys returns each template's sample journey.
func exampleJourneys(t *testing.T) []*journey.Journey {
	t.Helper()
	var out []*journey.Journey
	for _, name := range templates.Names() {
		tpl, err := templates.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, &journey.Journey{File: name, Touchpoints: tpl.Example.Touchpoints, Stages: tpl.Stages})
	}
	return out
}
