package templates

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/journey-cli/journey/internal/journey"
)

// The b2b-saas example journey has weaknesses planted on purpose for the
// gaps and dupes reports to find (templates/README.md lists them). These
// tests keep the data honest: each planted weakness is there, and nothing
// else of its kind is, with simple versions of the reports' rules.

// b2bExample loads the default template.
func b2bExample(t *testing.T) *journey.Template {
	t.Helper()
	tpl, err := Load("b2b-saas")
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// liveByStage groups the live example touchpoints by stage.
func liveByStage(tpl *journey.Template) map[string][]*journey.Touchpoint {
	m := map[string][]*journey.Touchpoint{}
	for i := range tpl.Example.Touchpoints {
		tp := &tpl.Example.Touchpoints[i]
		if tp.Status == journey.StatusLive {
			m[tp.Stage()] = append(m[tp.Stage()], tp)
		}
	}
	return m
}

// stagesWhere returns the stages, in journey order, for which pred holds.
func stagesWhere(tpl *journey.Template, pred func(s journey.Stage, live []*journey.Touchpoint) bool) []string {
	live := liveByStage(tpl)
	var names []string
	for _, s := range tpl.Stages {
		if pred(s, live[s.Name]) {
			names = append(names, s.Name)
		}
	}
	return names
}

// ids returns the IDs of the touchpoints for which pred holds.
func ids(tps []*journey.Touchpoint, pred func(tp *journey.Touchpoint) bool) []string {
	var out []string
	for _, tp := range tps {
		if pred(tp) {
			out = append(out, tp.ID())
		}
	}
	return out
}

// allLive returns every live example touchpoint.
func allLive(tpl *journey.Template) []*journey.Touchpoint {
	var out []*journey.Touchpoint
	for i := range tpl.Example.Touchpoints {
		if tp := &tpl.Example.Touchpoints[i]; tp.Status == journey.StatusLive {
			out = append(out, tp)
		}
	}
	return out
}

// expect fails when got differs from want.
func expect(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestPlantedThinOnboarding(t *testing.T) {
	tpl := b2bExample(t)
	thin := stagesWhere(tpl, func(_ journey.Stage, live []*journey.Touchpoint) bool { return len(live) < 2 })
	expect(t, "stages with fewer than 2 live touchpoints", thin, []string{"Onboarding"})
	onboarding := liveByStage(tpl)["Onboarding"]
	expect(t, "live Onboarding touchpoints", ids(onboarding, func(*journey.Touchpoint) bool { return true }), []string{"TP-023"})
	var low journey.Stage
	for _, s := range tpl.Stages {
		if low.Name == "" || s.Feeling.Value < low.Feeling.Value {
			low = s
		}
	}
	if low.Name != "Onboarding" || low.Feeling.Value >= 0 {
		t.Errorf("low point of the emotion curve = %s (%d), want Onboarding, negative", low.Name, low.Feeling.Value)
	}
}

func TestPlantedHandoffLag(t *testing.T) {
	tpl := b2bExample(t)
	live := liveByStage(tpl)
	lags := map[string]int{}
	for i := 1; i < len(tpl.Stages); i++ {
		from, to := tpl.Stages[i-1], tpl.Stages[i]
		if from.OwnerTeam == to.OwnerTeam {
			continue
		}
		first := -1
		for _, tp := range live[to.Name] {
			if tp.Team() == to.OwnerTeam && tp.Day.Known && (first < 0 || tp.Day.Value < first) {
				first = tp.Day.Value
			}
		}
		if first < 0 {
			t.Errorf("handoff %s -> %s: timing unknown", from.Name, to.Name)
		}
		if first > 2 {
			lags[to.Name] = first
		}
	}
	if !maps.Equal(lags, map[string]int{"Onboarding": 9}) {
		t.Errorf("handoffs slower than 2 days = %v, want Onboarding at day 9", lags)
	}
}

func TestPlantedDuplicateNewsletters(t *testing.T) {
	tpl := b2bExample(t)
	byID := map[string]*journey.Touchpoint{}
	for i := range tpl.Example.Touchpoints {
		byID[tpl.Example.Touchpoints[i].ID()] = &tpl.Example.Touchpoints[i]
	}
	a, b := byID["TP-026"], byID["TP-027"]
	if a == nil || b == nil {
		t.Fatal("TP-026 or TP-027 missing")
	}
	if a.Name() != "Monthly product newsletter" || b.Name() != "Monthly product update newsletter" {
		t.Errorf("names = %q, %q", a.Name(), b.Name())
	}
	for _, tp := range []*journey.Touchpoint{a, b} {
		if tp.Stage() != "Adoption" || tp.Channel() != "Email" || tp.Cadence != journey.Monthly || tp.Status != journey.StatusLive {
			t.Errorf("%s = %s/%s/%s/%s, want Adoption/Email/Monthly/Live", tp.ID(), tp.Stage(), tp.Channel(), tp.Cadence, tp.Status)
		}
	}
	if a.Team() != "Marketing" || b.Team() != "Product" {
		t.Errorf("teams = %s, %s; want Marketing, Product", a.Team(), b.Team())
	}
}

func TestPlantedAutomationOpportunity(t *testing.T) {
	tpl := b2bExample(t)
	manual := ids(allLive(tpl), func(tp *journey.Touchpoint) bool {
		return tp.Mode == journey.ModeManual && tp.Cadence.Recurring() && tpl.Vocab.Automatable[journey.NormalizeName(tp.Channel())]
	})
	expect(t, "manual recurring touchpoints on automatable channels", manual, []string{"TP-028"})
	mostlyManual := stagesWhere(tpl, func(_ journey.Stage, live []*journey.Touchpoint) bool {
		return 2*len(ids(live, func(tp *journey.Touchpoint) bool { return tp.Mode == journey.ModeManual })) > len(live)
	})
	expect(t, "mostly manual stages", mostlyManual, []string{"Onboarding"})
}

func TestPlantedDirections(t *testing.T) {
	tpl := b2bExample(t)
	has := func(d journey.Direction) func(journey.Stage, []*journey.Touchpoint) bool {
		return func(_ journey.Stage, live []*journey.Touchpoint) bool {
			return len(ids(live, func(tp *journey.Touchpoint) bool { return tp.Direction == d })) == 0
		}
	}
	expect(t, "stages without inbound", stagesWhere(tpl, has(journey.Inbound)), []string{"Onboarding", "Expansion"})
	expect(t, "stages without outbound", stagesWhere(tpl, has(journey.Outbound)), nil)
}

// perWeek estimates the outbound messages a week of a touchpoint in a stage
// that lasts days: from the cadence, one-time touchpoints spread over the stage.
func perWeek(c journey.Cadence, days int) float64 {
	switch c {
	case journey.Daily:
		return 7
	case journey.Weekly:
		return 1
	case journey.Biweekly:
		return 0.5
	case journey.Monthly:
		return 12.0 / 52
	case journey.Quarterly:
		return 4.0 / 52
	case journey.Yearly:
		return 1.0 / 52
	}
	return 7 / float64(max(days, 7))
}

func TestPlantedOverCommunication(t *testing.T) {
	tpl := b2bExample(t)
	loud := stagesWhere(tpl, func(s journey.Stage, live []*journey.Touchpoint) bool {
		total := 0.0
		for _, tp := range live {
			if tp.Direction == journey.Outbound {
				total += perWeek(tp.Cadence, s.Days.Value)
			}
		}
		return total > 3
	})
	expect(t, "stages with more than 3 outbound messages a week", loud, []string{"Consideration"})
}

func TestPlantedChannelUnderTarget(t *testing.T) {
	tpl := b2bExample(t)
	sum, n := map[string]float64{}, map[string]int{}
	for _, tp := range allLive(tpl) {
		if tp.Target.Known && tp.Actual.Known && tp.Target.Value != 0 {
			if tp.Target.Percent != tp.Actual.Percent {
				t.Errorf("%s: Target and Actual in different units", tp.ID())
			}
			sum[tp.Channel()] += tp.Actual.Value / tp.Target.Value
			n[tp.Channel()]++
		}
	}
	var under []string
	for _, ch := range tpl.Vocab.Channels {
		if n[ch] > 0 && sum[ch]/float64(n[ch]) < 0.8 {
			under = append(under, ch)
		}
	}
	expect(t, "channels under 80% of target", under, []string{"Webinar"})
	low := ids(allLive(tpl), func(tp *journey.Touchpoint) bool {
		return tp.Target.Known && tp.Actual.Known && tp.Actual.Value < 0.8*tp.Target.Value
	})
	expect(t, "touchpoints under 80% of target", low, []string{"TP-011"})
}

func TestPlantedKPIMissing(t *testing.T) {
	tpl := b2bExample(t)
	missing := stagesWhere(tpl, func(s journey.Stage, _ []*journey.Touchpoint) bool { return s.KPI == "" })
	expect(t, "stages without a KPI", missing, []string{"Advocacy"})
}

func TestExampleOtherwiseClean(t *testing.T) {
	tpl := b2bExample(t)
	fragmented := stagesWhere(tpl, func(_ journey.Stage, live []*journey.Touchpoint) bool {
		teams := map[string]bool{}
		for _, tp := range live {
			teams[tp.Team()] = true
		}
		return len(teams) > 3
	})
	expect(t, "stages touched by more than 3 teams", fragmented, nil)
	unowned := stagesWhere(tpl, func(s journey.Stage, _ []*journey.Touchpoint) bool { return s.OwnerTeam == "" })
	expect(t, "stages without an owner team", unowned, nil)
	p := tpl.Example.Persona
	if p.Name != "Marketing Ops Manager" || p.Seniority != "Manager" || p.MapType != "Current state" || p.ReviewCadence != "Quarterly" {
		t.Errorf("example persona = %+v", p)
	}
	if want := time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC); !p.LastReviewed.Equal(want) {
		t.Errorf("last reviewed = %v, want %v", p.LastReviewed, want)
	}
	statuses := map[journey.Status][]string{}
	for _, tp := range tpl.Example.Touchpoints {
		statuses[tp.Status] = append(statuses[tp.Status], tp.ID())
	}
	expect(t, "planned", statuses[journey.StatusPlanned], []string{"TP-022"})
	expect(t, "paused", statuses[journey.StatusPaused], []string{"TP-043"})
	expect(t, "retired", statuses[journey.StatusRetired], []string{"TP-024"})
}
