package dupes

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

// TestLabelledFixture: on testdata/dupes/labelled.csv (known duplicate
// groups among look-alikes that do other jobs, rows in random order),
// precision and recall over pairs are both 1, in the file's order and
// shuffled, with every pair scored and through the MinHash index.
func TestLabelledFixture(t *testing.T) {
	j := mustRead(t, labelledPath)
	lab := labels(t, j)
	want := labelPairs(j, lab)
	if len(want) < 15 || len(j.Touchpoints) < 60 {
		t.Fatalf("the fixture has %d touchpoints and %d duplicate pairs; expected more", len(j.Touchpoints), len(want))
	}
	check := func(t *testing.T, j *journey.Journey, opts Options) {
		t.Helper()
		groups := Find([]*journey.Journey{j}, opts)
		p, r, extra, missed := precisionRecall(groupPairs(groups), want)
		if p != 1 || r != 1 {
			t.Errorf("precision %.3f, recall %.3f\nfalse pairs:%s\nmissed pairs:%s", p, r, describe(j, extra), describe(j, missed))
		}
	}
	t.Run("file order", func(t *testing.T) { check(t, j, Options{}) })
	for seed := uint64(1); seed <= 8; seed++ {
		t.Run(fmt.Sprintf("shuffled %d", seed), func(t *testing.T) { check(t, shuffled(j, seed), Options{}) })
	}
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprintf("index, shuffled %d", seed), func(t *testing.T) { check(t, shuffled(j, seed), Options{exhaustive: 1}) })
	}
}

// TestLabelledGroupsAreExact: beyond pairs, the groups are the labelled
// ones, with the teams and owners they should have.
func TestLabelledGroupsAreExact(t *testing.T) {
	j := mustRead(t, labelledPath)
	lab := labels(t, j)
	groups := Find([]*journey.Journey{j}, Options{})
	seen := map[string]bool{}
	for _, g := range groups {
		label := lab[g.Members[0].ID]
		for _, m := range g.Members {
			if lab[m.ID] != label {
				t.Errorf("group %v mixes labels", g.IDs())
			}
		}
		seen[label] = true
		if label == "checkin" && g.CrossTeam {
			t.Errorf("the check-in group is one team's: %v", g.Teams())
		}
		if label == "news" && (len(g.Members) != 3 || g.SuggestedOwner != "Customer Success") {
			t.Errorf("newsletters: %d members, owner %s (%s); want 3, Customer Success (owns Adoption)", len(g.Members), g.SuggestedOwner, g.OwnerReason)
		}
		if label == "vprenew" && g.Persona != "VP Marketing" {
			t.Errorf("persona of the VP renewal group = %q", g.Persona)
		}
	}
	for _, l := range lab {
		if l != "" && !seen[l] {
			t.Errorf("group %q not found", l)
		}
	}
}

// TestLabelledThresholds prints precision and recall over a range of
// thresholds (go test -run LabelledThresholds -v), the table of
// docs/dupes.md, and checks that the default sits inside the range where
// both are 1.
func TestLabelledThresholds(t *testing.T) {
	j := mustRead(t, labelledPath)
	want := labelPairs(j, labels(t, j))
	var b strings.Builder
	fmt.Fprintf(&b, "| threshold | pairs found | precision | recall |\n| --- | --- | --- | --- |\n")
	perfectLo, perfectHi := -1.0, -1.0
	for k := 40; k <= 70; k++ {
		th := float64(k) / 100
		found := groupPairs(Find([]*journey.Journey{j}, Options{Threshold: th}))
		p, r, _, _ := precisionRecall(found, want)
		if p == 1 && r == 1 {
			if perfectLo < 0 {
				perfectLo = th
			}
			perfectHi = th
		}
		if k%5 == 0 || k == 49 || k == 57 || k == 58 {
			fmt.Fprintf(&b, "| %.2f | %d | %.2f | %.2f |\n", th, len(found), p, r)
		}
	}
	t.Logf("labelled fixture: %d touchpoints, %d duplicate pairs; precision and recall are both 1 from %.2f to %.2f\n%s",
		len(j.Touchpoints), len(want), perfectLo, perfectHi, b.String())
	for _, th := range []float64{DefaultThreshold - 0.03, DefaultThreshold + 0.015} {
		p, r, _, _ := precisionRecall(groupPairs(Find([]*journey.Journey{j}, Options{Threshold: th})), want)
		if p != 1 || r != 1 {
			t.Errorf("at %.3f, near the default, precision %.2f recall %.2f: the default has no margin", th, p, r)
		}
	}
}

// TestExampleWorkbook: init --example's planted duplicates (TP-026 and
// TP-027) are one cross-team group, and nothing else is grouped; the
// ecommerce example has no duplicates.
func TestExampleWorkbook(t *testing.T) {
	for _, name := range templates.Names() {
		t.Run(name, func(t *testing.T) {
			tpl, err := templates.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "example.xlsx")
			if err := workbook.WriteNew(path, workbook.InitOptions{Template: tpl, Example: true}); err != nil {
				t.Fatal(err)
			}
			j, err := workbook.Read(path, workbook.ReadOptions{Template: tpl})
			if err != nil {
				t.Fatal(err)
			}
			groups := Find([]*journey.Journey{j}, Options{})
			switch name {
			case "b2b-saas":
				if len(groups) != 1 || strings.Join(groups[0].IDs(), " ") != "TP-026 TP-027" {
					t.Fatalf("groups = %v, want [[TP-026 TP-027]]", groupIDs(groups))
				}
				g := groups[0]
				if !g.CrossTeam || g.Stage != "Adoption" || g.Persona != "Marketing Ops Manager" || g.SuggestedOwner != "Marketing" {
					t.Errorf("group = %+v", g)
				}
				if g.Members[0].Loc.String() != "Touchpoints!C27" || g.Members[1].Loc.String() != "Touchpoints!C28" {
					t.Errorf("cells = %s, %s", g.Members[0].Loc, g.Members[1].Loc)
				}
			default:
				if len(groups) != 0 {
					t.Errorf("groups = %v, want none", groupIDs(groups))
				}
			}
		})
	}
}

// TestTwoTeamWorkbooks: each team keeps its own workbook; their two
// newsletters are found across the files and marked cross-team.
func TestTwoTeamWorkbooks(t *testing.T) {
	tpl := mustTemplate(t)
	dir := t.TempDir()
	persona := journey.Persona{Name: "Marketing Ops Manager"}
	write := func(file string, rows ...row) string {
		path := filepath.Join(dir, file)
		var tps []journey.Touchpoint
		for i, r := range newJourney(file, "", nil, rows...).Touchpoints {
			tp := r
			tp.Row = i + 2
			tps = append(tps, tp)
		}
		if err := workbook.WriteNew(path, workbook.InitOptions{Template: tpl, Persona: persona, Touchpoints: tps}); err != nil {
			t.Fatal(err)
		}
		return path
	}
	marketing := write("marketing.xlsx",
		tp("MKT-1", "Awareness", "Marketing ops blog", "Website", "Ongoing", "Marketing", "Practical guides on attribution and dashboards."),
		tp("MKT-2", "Adoption", "Monthly product newsletter", "Email", "Ongoing", "Marketing", "Share new features, tips and customer stories with all customers."),
		tp("MKT-3", "Adoption", "Customer webinar series", "Webinar", "Manual", "Marketing", "Show customers advanced reporting workflows."),
	)
	product := write("product.xlsx",
		tp("PRD-1", "Adoption", "In-app product tours", "In-app", "Automatic", "Product", "Guide each new user to build a first dashboard."),
		tp("PRD-2", "Adoption", "Monthly product update newsletter", "Email", "Ongoing", "Product", "Share the new features and tips of the latest release with all customers."),
		tp("PRD-3", "Expansion", "Seat-limit upgrade prompt", "In-app", "Automatic", "Product", "Offer more seats before the team hits its limit."),
	)
	js := []*journey.Journey{mustRead(t, marketing), mustRead(t, product)}
	groups := Find(js, Options{})
	if len(groups) != 1 {
		t.Fatalf("groups = %v, want the two newsletters", groupIDs(groups))
	}
	g := groups[0]
	if got := strings.Join(g.IDs(), " "); got != "MKT-2 PRD-2" || !g.CrossTeam || g.Stage != "Adoption" {
		t.Errorf("group %s, cross-team %v, stage %s", got, g.CrossTeam, g.Stage)
	}
	if g.Members[0].Loc.File != marketing || g.Members[1].Loc.File != product {
		t.Errorf("files = %s, %s", g.Members[0].Loc.File, g.Members[1].Loc.File)
	}
	if g.SuggestedOwner != "Marketing" {
		t.Errorf("owner = %s (%s); Customer Success owns Adoption but runs neither, Marketing and Product tie", g.SuggestedOwner, g.OwnerReason)
	}
	if only := Find(js, Options{CrossTeamOnly: true}); len(only) != 1 {
		t.Errorf("cross-team only: %v", groupIDs(only))
	}
}
