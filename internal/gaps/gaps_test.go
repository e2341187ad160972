package gaps

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journey-cli/journey/internal/journey"
)

// tp is a touchpoint row for a test journey: stage, name, channel, mode,
// direction, team, cadence, day, status, and optional extras.
type tp struct {
	stage, name, channel, mode, dir, team, cadence, day, status string
	target, actual, kpi, feeling, friction, persona             string
}

// build makes a journey with the b2b stages given (name, owner, KPI, days,
// feeling) and the touchpoints, IDs TP-1.. in order, rows from 2.
func build(stages [][5]string, tps ...tp) *journey.Journey {
	j := &journey.Journey{File: "test.xlsx"}
	j.Persona = journey.Persona{Name: "Ops manager", ReviewCadence: "Quarterly", LastReviewed: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	j.Vocab = journey.Vocabulary{
		Channels:    []string{"Email", "Webinar", "Video call", "Help center", "In-app", "Phone"},
		Automatable: map[string]bool{"email": true, "inapp": true, "helpcenter": true},
		Teams:       []string{"Marketing", "Sales", "Customer Success", "Support", "Product"},
	}
	for i, s := range stages {
		st := journey.Stage{Name: s[0], OwnerTeam: s[1], KPI: s[2], Loc: journey.Loc{File: "test.xlsx", Sheet: "Stages", Row: i + 2, Col: 1}}
		st.Days, _ = journey.ParseDay(s[3])
		st.Feeling, _ = journey.ParseFeeling(s[4])
		j.Stages = append(j.Stages, st)
	}
	j.Table.Sheet = journey.Loc{File: "test.xlsx", Sheet: "Touchpoints"}
	j.Table.HeaderRow = 1
	for f := journey.Field(0); f < journey.NumFields; f++ {
		j.Table.Columns[f] = int(f) + 1
	}
	for i, r := range tps {
		t := journey.Touchpoint{Row: i + 2}
		set := map[journey.Field]string{
			journey.FieldID: fmt.Sprintf("TP-%d", i+1), journey.FieldStage: r.stage, journey.FieldTouchpoint: r.name,
			journey.FieldChannel: r.channel, journey.FieldMode: r.mode, journey.FieldDirection: r.dir, journey.FieldOwnerTeam: r.team,
			journey.FieldCadence: r.cadence, journey.FieldDay: r.day, journey.FieldStatus: r.status, journey.FieldTarget: r.target,
			journey.FieldActual: r.actual, journey.FieldKPI: r.kpi, journey.FieldFeeling: r.feeling, journey.FieldFriction: r.friction,
			journey.FieldPersona: r.persona,
		}
		for f, v := range set {
			t.SetRaw(f, v)
		}
		journey.ParseTyped(&t)
		j.Touchpoints = append(j.Touchpoints, t)
	}
	return j
}

var twoStages = [][5]string{
	{"Decision", "Sales", "Win rate", "30", "0"},
	{"Onboarding", "Customer Success", "Activation", "30", "0"},
}

// healthy is a journey no rule fires on.
func healthy() []tp {
	return []tp{
		{stage: "Decision", name: "Demo call", channel: "Video call", mode: "Manual", dir: "Outbound", team: "Sales", cadence: "One-time", day: "0"},
		{stage: "Decision", name: "Pricing questions", channel: "Phone", mode: "Ongoing", dir: "Inbound", team: "Sales", cadence: "Triggered", day: "0"},
		{stage: "Onboarding", name: "Welcome email", channel: "Email", mode: "Automatic", dir: "Outbound", team: "Customer Success", cadence: "One-time", day: "0"},
		{stage: "Onboarding", name: "Setup articles", channel: "Help center", mode: "Ongoing", dir: "Inbound", team: "Customer Success", cadence: "Triggered", day: "1"},
	}
}

func analyze(j *journey.Journey) Persona {
	r := Analyze(j, Options{Thresholds: DefaultThresholds, Now: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)})
	return r.Personas[0]
}

// fired returns the findings of one rule.
func fired(p Persona, rule string) []journey.Finding {
	var out []journey.Finding
	for _, f := range p.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestHealthyJourneyHasNoFindings(t *testing.T) {
	p := analyze(build(twoStages, healthy()...))
	if len(p.Findings) != 0 {
		t.Fatalf("findings on a healthy journey: %+v", p.Findings)
	}
}

// TestRules: each rule fires on a small change of the healthy journey, at
// the right stage with the right numbers, and a look-alike change does not
// make it fire.
func TestRules(t *testing.T) {
	with := func(change func([]tp) []tp) []tp { return change(healthy()) }
	tests := []struct {
		name     string
		stages   [][5]string
		tps      []tp
		rule     string
		stage    string
		severity journey.Severity
		contains []string // in the message
		ids      []string
	}{
		{"empty stage", append(slices.Clone(twoStages), [5]string{"Advocacy", "Customer Success", "Referrals", "", ""}), healthy(),
			"stage-empty", "Advocacy", journey.Error, []string{"Advocacy has no live touchpoint"}, nil},
		{"retired touchpoints do not count", append(slices.Clone(twoStages), [5]string{"Advocacy", "Customer Success", "Referrals", "", ""}),
			with(func(r []tp) []tp {
				return append(r, tp{stage: "Advocacy", name: "Referral ask", channel: "Email", mode: "Automatic", dir: "Outbound", team: "Customer Success", status: "Retired"})
			}), "stage-empty", "Advocacy", journey.Error, nil, nil},
		{"thin onboarding is an error", twoStages, with(func(r []tp) []tp { return r[:3] }),
			"stage-thin", "Onboarding", journey.Error, []string{"1 live touchpoint; threshold 2", "57%"}, []string{"TP-3"}},
		{"no inbound", twoStages, with(func(r []tp) []tp { r[3].dir = "Outbound"; return r }),
			"no-inbound", "Onboarding", journey.Warning, []string{"all 2 live touchpoints are outbound"}, []string{"TP-3", "TP-4"}},
		{"no outbound", twoStages, with(func(r []tp) []tp { r[2].dir = "Inbound"; return r }),
			"no-outbound", "Onboarding", journey.Warning, []string{"you never reach out"}, nil},
		{"manual weekly email", twoStages, with(func(r []tp) []tp {
			return append(r, tp{stage: "Onboarding", name: "Check-in email", channel: "Email", mode: "Manual", dir: "Outbound", team: "Customer Success", cadence: "Weekly", day: "7"})
		}), "automation-opportunity", "Onboarding", journey.Warning, []string{"TP-5 \"Check-in email\"", "by hand, weekly, on Email"}, []string{"TP-5"}},
		{"handoff lag", twoStages, with(func(r []tp) []tp { r[2].day, r[3].day = "9", "12"; return r }),
			"handoff-lag", "Onboarding", journey.Warning, []string{"Sales hands the customer from Decision to Customer Success", "comes 9 days after", "threshold 2"}, []string{"TP-3"}},
		{"handoff timing unknown", twoStages, with(func(r []tp) []tp { r[2].day, r[3].day = "", ""; return r }),
			"handoff-lag", "Onboarding", journey.Info, []string{"unknown"}, []string{"TP-3", "TP-4"}},
		{"new owner silent", twoStages, with(func(r []tp) []tp { r[2].team, r[3].team = "Support", "Support"; return r }),
			"handoff-lag", "Onboarding", journey.Warning, []string{"Customer Success has no live touchpoint in Onboarding"}, nil},
		{"over-communication", twoStages, with(func(r []tp) []tp {
			return append(r,
				tp{stage: "Onboarding", name: "Daily tips", channel: "Email", mode: "Automatic", dir: "Outbound", team: "Customer Success", cadence: "Daily", day: "0"},
				tp{stage: "Onboarding", name: "Weekly digest", channel: "Email", mode: "Automatic", dir: "Outbound", team: "Customer Success", cadence: "every week", day: "0"})
		}), "over-communication", "Onboarding", journey.Warning, []string{"about 8.2 outbound messages a week", "TP-5 daily 7", "TP-6 weekly 1", "TP-3 one-time 0.2", "threshold 3"}, []string{"TP-3", "TP-5", "TP-6"}},
		{"channel under target", twoStages, with(func(r []tp) []tp {
			return append(r, tp{stage: "Onboarding", name: "Training webinar", channel: "Webinar", mode: "Manual", dir: "Outbound", team: "Customer Success", cadence: "Monthly", day: "3", target: "40%", actual: "18%", kpi: "Attendance"})
		}), "channel-effectiveness", "Onboarding", journey.Warning, []string{"Webinar reaches 45% of its targets", "18% against 40%", "threshold 80%"}, []string{"TP-5"}},
		{"unowned stage", [][5]string{{"Decision", "", "Win rate", "30", "0"}, twoStages[1]}, healthy(),
			"stage-unowned", "Decision", journey.Warning, []string{"no owner team"}, nil},
		{"fragmented stage", twoStages, with(func(r []tp) []tp {
			for _, team := range []string{"Marketing", "Support", "Product"} {
				r = append(r, tp{stage: "Onboarding", name: team + " hello", channel: "In-app", mode: "Automatic", dir: "Outbound", team: team, cadence: "One-time", day: "0"})
			}
			return r
		}), "team-fragmented", "Onboarding", journey.Warning, []string{"4 teams", "threshold 3"}, nil},
		{"off-owner", twoStages, with(func(r []tp) []tp { r[3].team = "Support"; return r }),
			"off-owner", "Onboarding", journey.Info, []string{"TP-4 (Support)", "owner Customer Success"}, []string{"TP-4"}},
		{"negative stage feeling", [][5]string{twoStages[0], {"Onboarding", "Customer Success", "Activation", "30", "-1"}}, healthy(),
			"friction", "Onboarding", journey.Warning, []string{"negative (-1) in Onboarding", "low point"}, nil},
		{"kpi missing", [][5]string{twoStages[0], {"Onboarding", "Customer Success", "", "30", "0"}}, healthy(),
			"kpi-missing", "Onboarding", journey.Warning, []string{"Onboarding has no KPI"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := analyze(build(tt.stages, tt.tps...))
			fs := fired(p, tt.rule)
			if len(fs) != 1 {
				t.Fatalf("%s fired %d times, want once: %+v\nall: %+v", tt.rule, len(fs), fs, p.Findings)
			}
			f := fs[0]
			if f.Stage != tt.stage || f.Severity != tt.severity || f.Suggestion == "" || f.Loc.File != "test.xlsx" {
				t.Errorf("got stage %q severity %v suggestion %q loc %v; want %q %v", f.Stage, f.Severity, f.Suggestion, f.Loc, tt.stage, tt.severity)
			}
			for _, c := range tt.contains {
				if !strings.Contains(f.Message, c) {
					t.Errorf("message %q lacks %q", f.Message, c)
				}
			}
			if tt.ids != nil && strings.Join(f.IDs, " ") != strings.Join(tt.ids, " ") {
				t.Errorf("ids %v, want %v", f.IDs, tt.ids)
			}
		})
	}
}

// TestRulesDoNotFire: look-alikes that must not be findings.
func TestRulesDoNotFire(t *testing.T) {
	tests := []struct {
		name string
		rule string
		tps  []tp
	}{
		{"a help center with no direction counts as inbound", "no-inbound", func() []tp {
			r := healthy()
			r[3].dir = ""
			return r
		}()},
		{"two live touchpoints are enough for a stage", "stage-thin", healthy()},
		{"a manual email that is one-time is no automation candidate", "automation-opportunity", append(healthy(),
			tp{stage: "Onboarding", name: "Personal thank-you", channel: "Email", mode: "Manual", dir: "Outbound", team: "Customer Success", cadence: "One-time", day: "0"})},
		{"a manual weekly call is not on an automatable channel", "automation-opportunity", append(healthy(),
			tp{stage: "Onboarding", name: "Weekly call", channel: "Phone", mode: "Manual", dir: "Outbound", team: "Customer Success", cadence: "Weekly", day: "0"})},
		{"the new owner on day 2 is within the threshold", "handoff-lag", func() []tp {
			r := healthy()
			r[2].day = "2"
			return r
		}()},
		{"unknown timing never produces a lag warning", "over-communication", func() []tp {
			r := healthy()
			return append(r, tp{stage: "Onboarding", name: "Nudges", channel: "Email", mode: "Automatic", dir: "Outbound", team: "Customer Success", cadence: "", day: ""})
		}()},
		{"inbound messages never count as over-communication", "over-communication", append(healthy(),
			tp{stage: "Onboarding", name: "Chat", channel: "In-app", mode: "Ongoing", dir: "Inbound", team: "Customer Success", cadence: "Daily", day: "0"})},
		{"a retired daily email does not count", "over-communication", append(healthy(),
			tp{stage: "Onboarding", name: "Old daily", channel: "Email", mode: "Automatic", dir: "Outbound", team: "Customer Success", cadence: "Daily", day: "0", status: "Retired"})},
		{"a channel at 80% of target is fine", "channel-effectiveness", append(healthy(),
			tp{stage: "Onboarding", name: "Webinar", channel: "Webinar", mode: "Manual", dir: "Outbound", team: "Customer Success", cadence: "Monthly", day: "3", target: "50%", actual: "40%", kpi: "Attendance"})},
		{"response time under target is good when lower is better", "channel-effectiveness", append(healthy(),
			tp{stage: "Onboarding", name: "Support line", channel: "Phone", mode: "Manual", dir: "Inbound", team: "Customer Success", cadence: "Triggered", day: "0", target: "4", actual: "2", kpi: "Response time (hours)"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := analyze(build(twoStages, tt.tps...))
			if fs := fired(p, tt.rule); len(fs) != 0 {
				t.Errorf("%s fired: %+v", tt.rule, fs)
			}
		})
	}
}

// TestHandoffWithUnknownAndKnownDays: a lag from the dated touchpoints,
// saying which are undated; never a lag of zero from unknown timing.
func TestHandoffWithUnknownAndKnownDays(t *testing.T) {
	r := healthy()
	r[2].day, r[3].day = "", "5"
	p := analyze(build(twoStages, r...))
	fs := fired(p, "handoff-lag")
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "comes 5 days after") || !strings.Contains(fs[0].Message, "timing unknown for TP-3") {
		t.Fatalf("got %+v", fs)
	}
}

func TestStaleMap(t *testing.T) {
	tests := []struct {
		reviewed time.Time
		cadence  string
		want     int
	}{
		{time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), "Quarterly", 0},
		{time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), "Quarterly", 1},
		{time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), "Yearly", 0},
		{time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), "Yearly", 1},
		{time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), "Monthly", 1},
	}
	for _, tt := range tests {
		j := build(twoStages, healthy()...)
		j.Persona.LastReviewed, j.Persona.ReviewCadence = tt.reviewed, tt.cadence
		if got := len(fired(analyze(j), "stale-map")); got != tt.want {
			t.Errorf("%s %s: %d stale-map findings, want %d", tt.reviewed.Format("2006-01-02"), tt.cadence, got, tt.want)
		}
	}
}

// TestThresholdsFromPersonaSheet: the sheet's rows apply unless the flag
// was given; a bad row is reported and the default stands.
func TestThresholdsFromPersonaSheet(t *testing.T) {
	j := build(twoStages, healthy()...)
	j.Persona.Settings = map[string]journey.Setting{
		"mintouchpoints": {Field: "Min touchpoints", Value: "3"},
		"handoffdays":    {Field: "Handoff days", Value: "1w"},
		"maxteams":       {Field: "Max teams", Value: "many"},
		"targetratio":    {Field: "Target ratio", Value: "90%"},
	}
	opts := Options{Thresholds: DefaultThresholds, Now: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Set: map[string]bool{"min-touchpoints": true}}
	p := Analyze(j, opts).Personas[0]
	want := Thresholds{MinTouchpoints: 2, HandoffDays: 7, MaxPerWeek: 3, MaxTeams: 3, TargetRatio: 0.9}
	if p.Thresholds != want {
		t.Errorf("thresholds %+v, want %+v", p.Thresholds, want)
	}
	if fs := fired(p, "setting-invalid"); len(fs) != 1 || !strings.Contains(fs[0].Message, `Max teams "many"`) {
		t.Errorf("setting-invalid: %+v", fs)
	}
}

// TestPersonas: a Persona column splits the analysis.
func TestPersonas(t *testing.T) {
	rows := healthy()
	rows = append(rows, tp{stage: "Decision", name: "CFO call", channel: "Phone", mode: "Manual", dir: "Outbound", team: "Sales", cadence: "One-time", day: "0", persona: "CFO"})
	r := Analyze(build(twoStages, rows...), Options{Thresholds: DefaultThresholds})
	if len(r.Personas) != 2 || r.Personas[1].Name != "CFO" || r.Personas[1].Stages[0].Live != 1 || r.Personas[0].Stages[0].Live != 2 {
		t.Fatalf("personas: %+v", r.Personas)
	}
}

func TestMessagesPerWeek(t *testing.T) {
	s := Stage{days: journey.Some(14)}
	for _, c := range []string{"Daily", "Weekly", "Biweekly", "Monthly", "Quarterly", "Yearly", "One-time", "Triggered", ""} {
		tpv := journey.Touchpoint{Direction: journey.Outbound}
		tpv.Cadence, _ = journey.ParseCadence(c)
		s.touchpoints = append(s.touchpoints, &tpv)
	}
	got, uncounted := messagesPerWeek(&s)
	want := 7 + 1 + 0.5 + 12.0/52 + 4.0/52 + 1.0/52 + 0.5 + 0.5
	if fmt.Sprintf("%.4f", got) != fmt.Sprintf("%.4f", want) || uncounted != 1 {
		t.Errorf("got %.4f (%d uncounted), want %.4f (1)", got, uncounted, want)
	}
}

// TestNoTable: a workbook without a touchpoints table reports why instead
// of calling every stage empty.
func TestNoTable(t *testing.T) {
	j := build(twoStages)
	j.Table.HeaderRow = 0
	j.Problems = []journey.Finding{{Rule: "sheet-missing", Severity: journey.Error, Message: "no Touchpoints sheet"}, {Rule: "sheet-missing", Severity: journey.Warning}}
	r := Analyze(j, Options{Thresholds: DefaultThresholds})
	if p := r.Personas[0]; len(p.Stages) != 0 || len(p.Findings) != 1 || p.Findings[0].Rule != "sheet-missing" || !strings.Contains(p.Findings[0].Suggestion, "journey lint") {
		t.Fatalf("got %+v", p)
	}
}
