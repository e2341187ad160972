package dupes

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/journey-cli/journey/internal/journey"
)

var b2bStages = []string{"Awareness=Marketing", "Onboarding=Customer Success", "Adoption=Customer Success", "Retention=Customer Success"}

func TestFindGroupsClusters(t *testing.T) {
	j := newJourney("j.xlsx", "Ops Manager", b2bStages,
		tp("R1", "Retention", "Renewal reminder email", "Email", "Automatic", "Customer Success", "Remind the customer of the renewal date and the plan."),
		tp("X1", "Retention", "Quarterly business review", "Meeting", "Manual", "Customer Success", "Review results and plan the next quarter."),
		tp("R2", "Retention", "Renewal reminders", "Email", "Manual", "Sales", "Remind the account of the upcoming renewal date and plan."),
		tp("X2", "Retention", "Invoice payment reminder", "Email", "Automatic", "Sales", "Ask the billing contact to pay an overdue invoice."),
		tp("R3", "Retention", "Renewal reminder text message", "SMS", "Automatic", "Support", "Remind the customer that the renewal date is near."),
		tp("N1", "Adoption", "Monthly product newsletter", "Email", "Ongoing", "Marketing", "Share new features and tips."),
		tp("N2", "Adoption", "Monthly product update newsletter", "Email", "Ongoing", "Product", "Share the new features and tips of the release."),
	)
	groups := Find([]*journey.Journey{j}, Options{})
	want := [][]string{{"N1", "N2"}, {"R1", "R2", "R3"}}
	if got := groupIDs(groups); !reflect.DeepEqual(got, want) {
		t.Fatalf("groups = %v, want %v (stages in journey order, members in row order)", got, want)
	}
	for _, g := range groups {
		if !g.CrossTeam || g.Persona != "Ops Manager" || g.Similarity < DefaultThreshold || g.Similarity > 1 {
			t.Errorf("group %v: cross-team %v, persona %q, similarity %v", g.IDs(), g.CrossTeam, g.Persona, g.Similarity)
		}
	}
	renewal := groups[1]
	if renewal.Stage != "Retention" || renewal.SuggestedOwner != "Customer Success" || renewal.OwnerReason != "owns the Retention stage" {
		t.Errorf("renewal group: stage %q, owner %q (%s)", renewal.Stage, renewal.SuggestedOwner, renewal.OwnerReason)
	}
	m := renewal.Members[2]
	if m.ID != "R3" || m.Loc.String() != "Touchpoints!C6" || m.Loc.File != "j.xlsx" || m.Channel != "SMS" || m.Team != "Support" || m.Touchpoint != "Renewal reminder text message" {
		t.Errorf("member = %+v", m)
	}
}

func TestGroupSimilarityIsTheWeakestLink(t *testing.T) {
	j := newJourney("j.xlsx", "P", nil,
		tp("A", "Retention", "Renewal reminder email", "Email", "Automatic", "Customer Success", "Remind the customer of the renewal date and the plan."),
		tp("B", "Retention", "Renewal reminders", "Email", "Manual", "Sales", "Remind the account of the upcoming renewal date and plan."),
		tp("C", "Retention", "Renewal reminder text message", "SMS", "Automatic", "Support", "Remind the customer that the renewal date is near."),
	)
	groups := Find([]*journey.Journey{j}, Options{})
	if len(groups) != 1 {
		t.Fatalf("groups = %v", groupIDs(groups))
	}
	c := collect([]*journey.Journey{j}, newKindTable(DefaultChannelKinds, nil), "")
	c.prepare(exhaustiveLimit)
	it := c.blocks[0].items
	ab, ac, bc := similarity(it[0], it[1]), similarity(it[0], it[2]), similarity(it[1], it[2])
	// the group holds by its two strongest links; the weakest of those is its similarity
	links := []float64{ab, ac, bc}
	strongest2 := secondLargest(links)
	if math.Abs(groups[0].Similarity-strongest2) > 1e-9 {
		t.Errorf("similarity = %v, want the weaker of the two strongest links of %v", groups[0].Similarity, links)
	}
}

func secondLargest(xs []float64) float64 {
	a, b := math.Inf(-1), math.Inf(-1)
	for _, x := range xs {
		switch {
		case x > a:
			a, b = x, a
		case x > b:
			b = x
		}
	}
	return b
}

func TestFindChainsByUnionFind(t *testing.T) {
	// A~B and B~C are duplicates while A and C differ more: one group.
	j := newJourney("j.xlsx", "P", nil,
		tp("A", "Adoption", "Monthly product newsletter", "Email", "Ongoing", "Marketing", ""),
		tp("B", "Adoption", "Monthly product update newsletter", "Email", "Ongoing", "Product", ""),
		tp("C", "Adoption", "Product update newsletter digest", "Email", "Ongoing", "Customer Success", ""),
	)
	c := collect([]*journey.Journey{j}, newKindTable(DefaultChannelKinds, nil), "")
	c.prepare(exhaustiveLimit)
	it := c.blocks[0].items
	threshold := (similarity(it[0], it[2]) + min(similarity(it[0], it[1]), similarity(it[1], it[2]))) / 2
	if similarity(it[0], it[2]) >= threshold {
		t.Skip("A and C are as close as the others; the case does not test chaining")
	}
	groups := Find([]*journey.Journey{j}, Options{Threshold: threshold})
	if got := groupIDs(groups); !reflect.DeepEqual(got, [][]string{{"A", "B", "C"}}) {
		t.Errorf("groups = %v at threshold %.3f", got, threshold)
	}
}

func TestFindBlocksByPersonaAndStage(t *testing.T) {
	news := tp("", "Adoption", "Monthly product newsletter", "Email", "Ongoing", "Marketing", "Share new features.")
	j := newJourney("j.xlsx", "Ops Manager", nil,
		news.with(journey.FieldID, "1"),
		news.with(journey.FieldID, "2").with(journey.FieldStage, "Retention"),  // other stage
		news.with(journey.FieldID, "3").with(journey.FieldPersona, "VP Sales"), // other persona
		news.with(journey.FieldID, "4").with(journey.FieldStage, " adoption "), // same stage, written differently
		news.with(journey.FieldID, "5").with(journey.FieldPersona, "vp sales"), // same persona as 3
		news.with(journey.FieldID, "6").with(journey.FieldPersona, "ops manager"),
	)
	got := groupIDs(Find([]*journey.Journey{j}, Options{}))
	want := [][]string{{"1", "4", "6"}, {"3", "5"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("groups = %v, want %v", got, want)
	}
}

func TestFindStatuses(t *testing.T) {
	news := tp("", "Adoption", "Monthly product newsletter", "Email", "Ongoing", "Marketing", "")
	j := newJourney("j.xlsx", "P", nil,
		news.with(journey.FieldID, "live"),
		news.with(journey.FieldID, "planned").with(journey.FieldStatus, "Planned"),
		news.with(journey.FieldID, "paused").with(journey.FieldStatus, "Paused"),
		news.with(journey.FieldID, "retired").with(journey.FieldStatus, "Retired"),
		news.with(journey.FieldID, "empty").with(journey.FieldTouchpoint, ""),
	)
	got := groupIDs(Find([]*journey.Journey{j}, Options{}))
	if want := [][]string{{"live", "planned"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("groups = %v, want %v (live and planned only; a row without text is skipped)", got, want)
	}
}

func TestFindOptions(t *testing.T) {
	j := newJourney("j.xlsx", "P", b2bStages,
		tp("A1", "Adoption", "Monthly product newsletter", "Email", "Ongoing", "Marketing", ""),
		tp("A2", "Adoption", "Monthly product newsletters", "Email", "Ongoing", "Product", ""),
		tp("W1", "Onboarding", "Welcome email", "Email", "Automatic", "Customer Success", ""),
		tp("W2", "Onboarding", "Welcome e-mail", "Email", "Automatic", "Customer Success", ""),
		tp("C1", "Adoption", "Weekly check-in email", "Email", "Manual", "Customer Success", ""),
		tp("C2", "Adoption", "Check-in call", "Phone", "Manual", "Customer Success", ""),
	)
	js := []*journey.Journey{j}
	tests := []struct {
		name string
		opts Options
		want [][]string
	}{
		{"default", Options{}, [][]string{{"W1", "W2"}, {"A1", "A2"}}},
		{"stage", Options{Stage: "onboarding"}, [][]string{{"W1", "W2"}}},
		{"cross-team only", Options{CrossTeamOnly: true}, [][]string{{"A1", "A2"}}},
		{"high threshold", Options{Threshold: 0.99}, nil},
		{"other kinds", Options{Threshold: 0.5}, [][]string{{"W1", "W2"}, {"A1", "A2"}}},
		{"same kind", Options{Threshold: 0.5, SameKind: [][]string{{"Email", "Phone"}}}, [][]string{{"W1", "W2"}, {"A1", "A2"}, {"C1", "C2"}}},
		{"low threshold", Options{Threshold: 0.3}, [][]string{{"W1", "W2"}, {"A1", "A2"}, {"C1", "C2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := groupIDs(Find(js, tt.opts)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("groups = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSuggestedOwner(t *testing.T) {
	stages := []string{"Adoption=Customer Success"}
	news := func(id, team, mode string) row {
		return tp(id, "Adoption", "Monthly product newsletter", "Email", mode, team, "Share new features.")
	}
	tests := []struct {
		name       string
		stages     []string
		rows       []row
		owner      string
		reasonHas  string
		crossTeams bool
	}{
		{"stage owner among members", stages,
			[]row{news("1", "Marketing", "Automatic"), news("2", "Customer Success", "Manual")},
			"Customer Success", "owns the Adoption stage", true},
		{"stage owner spelled differently", []string{"Adoption=customer success"},
			[]row{news("1", "Marketing", "Automatic"), news("2", "Customer Success", "Manual")},
			"Customer Success", "owns the Adoption stage", true},
		{"most automated member", stages,
			[]row{news("1", "Marketing", "Manual"), news("2", "Product", "Automatic"), news("3", "Sales", "Ongoing")},
			"Product", "runs the most automated member (automatic)", true},
		{"ongoing beats manual", nil,
			[]row{news("1", "Marketing", "Manual"), news("2", "Sales", "Ongoing")},
			"Sales", "(ongoing)", true},
		{"tie alphabetically", stages,
			[]row{news("1", "Product", "Ongoing"), news("2", "Marketing", "Ongoing")},
			"Marketing", "as automated as Product (ongoing); first alphabetically", true},
		{"one team", stages,
			[]row{news("1", "Marketing", "Manual"), news("2", "marketing", "Automatic")},
			"Marketing", "automatic", false},
		{"unknown modes", nil,
			[]row{news("1", "Sales", ""), news("2", "Marketing", "")},
			"Marketing", "first alphabetically", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := newJourney("j.xlsx", "P", tt.stages, tt.rows...)
			groups := Find([]*journey.Journey{j}, Options{})
			if len(groups) != 1 {
				t.Fatalf("groups = %v", groupIDs(groups))
			}
			g := groups[0]
			if g.SuggestedOwner != tt.owner || !strings.Contains(g.OwnerReason, tt.reasonHas) || g.CrossTeam != tt.crossTeams {
				t.Errorf("owner %q (%s), cross-team %v; want %q (…%s…), %v", g.SuggestedOwner, g.OwnerReason, g.CrossTeam, tt.owner, tt.reasonHas, tt.crossTeams)
			}
		})
	}
}

func TestFindAcrossWorkbooks(t *testing.T) {
	stages := []string{"Adoption=Customer Success"}
	marketing := newJourney("marketing.xlsx", "Marketing Ops Manager", stages,
		tp("M-1", "Adoption", "Monthly product newsletter", "Email", "Ongoing", "Marketing", "Share new features, tips and customer stories."),
		tp("M-2", "Adoption", "Customer webinar", "Webinar", "Manual", "Marketing", "Show customers advanced reporting."),
	)
	// a CSV file has no Persona sheet: its rows join the only persona named
	product := newJourney("product.csv", "", nil,
		tp("P-1", "Adoption", "Product update newsletter (monthly)", "Email", "Automatic", "Product", "Share the new features and tips of each release."),
		tp("P-2", "Adoption", "In-app release notes", "In-app", "Automatic", "Product", "List what changed in the release."),
	)
	groups := Find([]*journey.Journey{marketing, product}, Options{})
	if len(groups) != 1 {
		t.Fatalf("groups = %v", groupIDs(groups))
	}
	g := groups[0]
	if got := g.IDs(); !reflect.DeepEqual(got, []string{"M-1", "P-1"}) || !g.CrossTeam || g.Persona != "Marketing Ops Manager" {
		t.Errorf("group %v, cross-team %v, persona %q", got, g.CrossTeam, g.Persona)
	}
	if g.Members[0].Loc.File != "marketing.xlsx" || g.Members[1].Loc.File != "product.csv" {
		t.Errorf("files = %s, %s", g.Members[0].Loc.File, g.Members[1].Loc.File)
	}
	if g.SuggestedOwner != "Product" {
		t.Errorf("owner = %s (%s), want Product (its member is automatic)", g.SuggestedOwner, g.OwnerReason)
	}
}

func TestFindSeveralPersonasWithoutOne(t *testing.T) {
	// With two personas named, a row without one is not guessed into either.
	news := tp("", "Adoption", "Monthly product newsletter", "Email", "Ongoing", "Marketing", "")
	a := newJourney("a.xlsx", "Ops Manager", nil, news.with(journey.FieldID, "a"))
	b := newJourney("b.xlsx", "VP Sales", nil, news.with(journey.FieldID, "b"))
	c := newJourney("c.csv", "", nil, news.with(journey.FieldID, "c"), news.with(journey.FieldID, "d"))
	got := groupIDs(Find([]*journey.Journey{a, b, c}, Options{}))
	if want := [][]string{{"c", "d"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("groups = %v, want %v", got, want)
	}
}

func TestFinding(t *testing.T) {
	j := newJourney("j.xlsx", "P", []string{"Adoption=Customer Success"},
		tp("N1", "Adoption", "Monthly product newsletter", "Email", "Ongoing", "Marketing", ""),
		tp("", "Adoption", "Monthly product newsletters", "Email", "Ongoing", "Product", ""),
	)
	fs := Findings(Find([]*journey.Journey{j}, Options{}))
	if len(fs) != 1 {
		t.Fatalf("findings = %v", fs)
	}
	f := fs[0]
	if f.Rule != "duplicate-effort" || f.Severity != journey.Warning || f.Stage != "Adoption" ||
		f.Loc.String() != "Touchpoints!C2" || !reflect.DeepEqual(f.IDs, []string{"N1", "Touchpoints!C3"}) {
		t.Errorf("finding = %+v", f)
	}
	for _, s := range []string{"2 touchpoints in Adoption", "cross-team", `"Monthly product newsletter" (Marketing, Email)`} {
		if !strings.Contains(f.Message, s) {
			t.Errorf("message %q lacks %q", f.Message, s)
		}
	}
	if !strings.Contains(f.Suggestion, "owned by Marketing") {
		t.Errorf("suggestion = %q", f.Suggestion)
	}
}

func TestFindNothing(t *testing.T) {
	if g := Find(nil, Options{}); g != nil {
		t.Errorf("Find(nil) = %v", g)
	}
	j := newJourney("j.xlsx", "P", nil, tp("1", "Adoption", "Monthly product newsletter", "Email", "Ongoing", "Marketing", ""))
	if g := Find([]*journey.Journey{j}, Options{}); len(g) != 0 {
		t.Errorf("one touchpoint: %v", groupIDs(g))
	}
	res := Analyze([]*journey.Journey{j}, Options{})
	if res.Compared != 1 || res.Threshold != DefaultThreshold {
		t.Errorf("result = %+v", res)
	}
}
