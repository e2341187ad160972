package diff

import (
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/journey-cli/journey/internal/journey"
)

// tp is a touchpoint given as field -> value.
type tp map[journey.Field]string

// mapOf builds a journey with every touchpoint column, in init's order,
// and the touchpoints on rows 2, 3...
func mapOf(tps ...tp) *journey.Journey {
	return mapWith(nil, tps...)
}

// mapWith builds a journey whose table lacks the fields in without.
func mapWith(without []journey.Field, tps ...tp) *journey.Journey {
	j := &journey.Journey{File: "map.xlsx"}
	j.Table.Sheet = journey.Loc{File: "map.xlsx", Sheet: "Touchpoints"}
	j.Table.HeaderRow = 1
	skip := map[journey.Field]bool{}
	for _, f := range without {
		skip[f] = true
	}
	col := 0
	for f := journey.Field(0); f < journey.NumFields; f++ {
		if skip[f] {
			continue
		}
		col++
		j.Table.Columns[f] = col
		j.Table.Headers = append(j.Table.Headers, journey.Header{Col: col, Text: f.String(), Field: f})
	}
	for i, values := range tps {
		t := journey.Touchpoint{Row: i + 2}
		for f, v := range values {
			t.SetRaw(f, v)
		}
		journey.ParseTyped(&t)
		j.Touchpoints = append(j.Touchpoints, t)
	}
	return j
}

// touch returns a touchpoint with the required fields filled.
func touch(id, stage, name, channel string, more ...any) tp {
	t := tp{journey.FieldID: id, journey.FieldStage: stage, journey.FieldTouchpoint: name, journey.FieldChannel: channel,
		journey.FieldMode: "Automatic", journey.FieldDirection: "Outbound", journey.FieldOwnerTeam: "Marketing"}
	for i := 0; i+1 < len(more); i += 2 {
		t[more[i].(journey.Field)] = more[i+1].(string)
	}
	return t
}

// pairing is how a matcher paired: "old index -> new index by match".
func pairing(m *matcher) []string {
	var out []string
	for oi, ni := range m.oldTo {
		if ni >= 0 {
			out = append(out, fmt.Sprintf("%d->%d %s", oi, ni, m.how[oi]))
		}
	}
	sort.Strings(out)
	return out
}

func runMatcher(old, new *journey.Journey) *matcher {
	m := newMatcher(old, new, DefaultThreshold)
	m.run()
	return m
}

func TestMatchPasses(t *testing.T) {
	const (
		id   = journey.FieldID
		day  = journey.FieldDay
		pers = journey.FieldPersona
		purp = journey.FieldPurpose
	)
	cases := []struct {
		name     string
		old, new *journey.Journey
		want     []string // "old->new match", sorted
		idMode   bool
	}{
		// Pass 1: IDs.
		{name: "unique IDs pair whatever the order and the names",
			old:  mapOf(touch("TP-1", "Onboarding", "Welcome email", "Email"), touch("TP-2", "Adoption", "Product tour", "In-app")),
			new:  mapOf(touch("TP-2", "Retention", "Guided tour", "Video call"), touch("TP-1", "Onboarding", "Hello", "Email")),
			want: []string{"0->1 id", "1->0 id"}, idMode: true},
		{name: "IDs compare ignoring case and spaces around them",
			old:  mapOf(touch("tp-7 ", "Onboarding", "A", "Email")),
			new:  mapOf(touch("TP-7", "Adoption", "B", "Phone")),
			want: []string{"0->0 id"}, idMode: true},
		{name: "different IDs never pair when the maps share IDs",
			old:  mapOf(touch("TP-1", "Onboarding", "Welcome email", "Email"), touch("TP-2", "Onboarding", "Kickoff call", "Phone")),
			new:  mapOf(touch("TP-1", "Onboarding", "Welcome email", "Email"), touch("TP-9", "Onboarding", "Kickoff call", "Phone")),
			want: []string{"0->0 id"}, idMode: true},
		{name: "an ID on one side only pairs by name",
			old:  mapOf(touch("TP-1", "Onboarding", "Welcome email", "Email"), touch("", "Onboarding", "Kickoff call", "Phone")),
			new:  mapOf(touch("TP-1", "Onboarding", "Welcome email", "Email"), touch("TP-2", "Onboarding", "Kickoff call", "Phone")),
			want: []string{"0->0 id", "1->1 name"}, idMode: true},
		{name: "a duplicated ID pairs in the later passes, only with the same ID",
			old:  mapOf(touch("TP-1", "Onboarding", "Welcome email", "Email"), touch("TP-1", "Onboarding", "Kickoff call", "Phone"), touch("TP-3", "Adoption", "Tour", "In-app")),
			new:  mapOf(touch("TP-1", "Onboarding", "Kickoff call", "Phone"), touch("TP-3", "Adoption", "Tour", "In-app"), touch("TP-4", "Onboarding", "Welcome email", "Email")),
			want: []string{"1->0 name", "2->1 id"}, idMode: true},
		{name: "without a shared ID the IDs are ignored",
			old:  mapOf(touch("A-1", "Onboarding", "Welcome email", "Email")),
			new:  mapOf(touch("B-1", "Onboarding", "Welcome email", "Email")),
			want: []string{"0->0 name"}},

		// Pass 2: persona, stage, channel and normalised name.
		{name: "names, stages and channels compare ignoring case, spaces and punctuation",
			old:  mapOf(touch("", "Onboarding", "Welcome e-mail!", "Live chat")),
			new:  mapOf(touch("", "onboarding ", "welcome  e mail", "live-chat")),
			want: []string{"0->0 name"}},
		{name: "same-name touchpoints pair by fewest differences, not by row",
			old: mapOf(touch("", "Adoption", "Check-in call", "Phone", day, "7", purp, "Weekly"),
				touch("", "Adoption", "Check-in call", "Phone", day, "30", purp, "Monthly")),
			new: mapOf(touch("", "Adoption", "Check-in call", "Phone", day, "30", purp, "Monthly"),
				touch("", "Adoption", "Check-in call", "Phone", day, "7", purp, "Weekly")),
			want: []string{"0->1 name", "1->0 name"}},
		{name: "another channel is not the same name key (the similarity pass pairs it)",
			old:  mapOf(touch("", "Onboarding", "Welcome message", "Email")),
			new:  mapOf(touch("", "Onboarding", "Welcome message", "In-app")),
			want: []string{"0->0 similar"}},
		{name: "personas are kept apart when both tables have a Persona column",
			old:  mapOf(touch("", "Onboarding", "Welcome email", "Email", pers, "Admin")),
			new:  mapOf(touch("", "Onboarding", "Welcome email", "Email", pers, "End user")),
			want: nil},
		{name: "a Persona column on one side only is ignored",
			old:  mapWith([]journey.Field{pers}, touch("", "Onboarding", "Welcome email", "Email")),
			new:  mapOf(touch("", "Onboarding", "Welcome email", "Email", pers, "Admin")),
			want: []string{"0->0 name"}},

		// Pass 3: similar name and purpose within a persona.
		{name: "a rename that keeps the purpose is a change",
			old:  mapOf(touch("", "Retention", "Help center", "Help center", purp, "Self-service articles for setup, integrations and troubleshooting.")),
			new:  mapOf(touch("", "Retention", "Knowledge base", "Help center", purp, "Self-service articles for setup, integrations and troubleshooting.")),
			want: []string{"0->0 similar"}},
		{name: "a touchpoint moved to another stage is found",
			old:  mapOf(touch("", "Expansion", "Add-on module proposal", "Meeting")),
			new:  mapOf(touch("", "Retention", "Add-on module proposal", "Meeting")),
			want: []string{"0->0 similar"}},
		{name: "a small typo and reordered words still pair",
			old:  mapOf(touch("", "Adoption", "Monthly product newsletter", "Email")),
			new:  mapOf(touch("", "Adoption", "Product newsleter (monthly)", "Email")),
			want: []string{"0->0 similar"}},
		{name: "unrelated touchpoints do not pair",
			old:  mapOf(touch("", "Onboarding", "Weekly onboarding webinar", "Webinar", purp, "Group session for new admins.")),
			new:  mapOf(touch("", "Onboarding", "In-app setup checklist", "In-app", purp, "Guide the admin through setup.")),
			want: nil},
		{name: "the best-scoring pair goes first",
			old: mapOf(touch("", "Adoption", "Monthly product newsletter", "Email"),
				touch("", "Adoption", "Monthly product update newsletter", "Email")),
			new:  mapOf(touch("", "Adoption", "Monthly product update newsletters", "Email")),
			want: []string{"1->0 similar"}},
		{name: "similar touchpoints of different personas do not pair",
			old:  mapOf(touch("", "Onboarding", "Welcome email", "Email", pers, "Admin")),
			new:  mapOf(touch("", "Onboarding", "Welcome emails", "Email", pers, "End user")),
			want: nil},
		{name: "different IDs do not pair by similarity either",
			old:  mapOf(touch("TP-1", "Adoption", "Tour", "In-app"), touch("TP-2", "Onboarding", "Welcome email", "Email")),
			new:  mapOf(touch("TP-1", "Adoption", "Tour", "In-app"), touch("TP-3", "Onboarding", "Welcome emails", "Email")),
			want: []string{"0->0 id"}, idMode: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := runMatcher(c.old, c.new)
			if got := pairing(m); !reflect.DeepEqual(got, c.want) {
				t.Errorf("pairs %q, want %q", got, c.want)
			}
			if m.idMode != c.idMode {
				t.Errorf("idMode = %v, want %v", m.idMode, c.idMode)
			}
		})
	}
}

// TestMatchShuffled pairs the same touchpoints without IDs in any row
// order.
func TestMatchShuffled(t *testing.T) {
	var tps []tp
	for i := range 30 {
		tps = append(tps, touch("", "Adoption", fmt.Sprintf("Touchpoint number %d", i), "Email"))
	}
	rev := make([]tp, len(tps))
	for i := range tps {
		rev[len(tps)-1-i] = tps[i]
	}
	m := runMatcher(mapOf(tps...), mapOf(rev...))
	for oi, ni := range m.oldTo {
		if int(ni) != len(tps)-1-oi || m.how[oi] != MatchName {
			t.Errorf("old %d -> new %d (%s), want %d by name", oi, ni, m.how[oi], len(tps)-1-oi)
		}
	}
}

func TestSameValue(t *testing.T) {
	cases := []struct {
		field journey.Field
		a, b  string
		same  bool
	}{
		{journey.FieldTarget, "35%", "35.00%", true},
		{journey.FieldTarget, "35%", "0.35", true},
		{journey.FieldTarget, "35%", "36%", false},
		{journey.FieldTarget, "35", "35%", false},
		{journey.FieldActual, "1,200", "1200", true},
		{journey.FieldActual, "", "0", false},
		{journey.FieldActual, "n/a", "N/A", false},
		{journey.FieldDay, "14", "2w", true},
		{journey.FieldDay, "7", "Day 7", true},
		{journey.FieldDay, "7", "8", false},
		{journey.FieldFeeling, "1", "happy", true},
		{journey.FieldFeeling, "+1", "1.0", true},
		{journey.FieldFeeling, "-1", "1", false},
		{journey.FieldMode, "auto", "Automatic", true},
		{journey.FieldMode, "Manual", "Automatic", false},
		{journey.FieldMode, "", "Manual", false},
		{journey.FieldDirection, "incoming", "Inbound", true},
		{journey.FieldCadence, "fortnightly", "Biweekly", true},
		{journey.FieldCadence, "Daily", "Weekly", false},
		{journey.FieldStatus, "", "Live", true},
		{journey.FieldStatus, "on hold", "Paused", true},
		{journey.FieldStatus, "Planned", "Live", false},
		{journey.FieldChannel, "email", "E-mail", true},
		{journey.FieldOwnerTeam, " Customer  Success", "customer success", true},
		{journey.FieldStage, "Onboarding", "Adoption", false},
		{journey.FieldTouchpoint, "Welcome  email ", "Welcome email", true},
		{journey.FieldTouchpoint, "Welcome email", "welcome email", false},
		{journey.FieldPurpose, "a\nb", "a b", true},
		{-1, "1200", "1,200.00", true},
		{-1, "10%", "0.1", true},
		{-1, "EMEA", "emea", false},
		{-1, "", "", true},
	}
	for _, c := range cases {
		if got := sameValue(c.field, c.a, c.b); got != c.same {
			t.Errorf("sameValue(%v, %q, %q) = %v, want %v", c.field, c.a, c.b, got, c.same)
		}
	}
}

func TestTextSimilarity(t *testing.T) {
	var pr profiler
	sim := func(a, b string) float64 { return textSimilarity(pr.profile(a), pr.profile(b)) }
	if s := sim("Monthly product newsletter", "newsletter: product, monthly"); s != 1 {
		t.Errorf("reordered words: %v, want 1", s)
	}
	if s := sim("Welcome email", "Welcome emails"); s < 0.99 {
		t.Errorf("plural: %v, want 1", s)
	}
	if s := sim("Onboarding kickoff call", "Onboarding kickof call"); s < 0.6 {
		t.Errorf("typo: %v, want at least 0.6", s)
	}
	if s := sim("Pricing page", "Support tickets"); s > 0.1 {
		t.Errorf("unrelated: %v, want about 0", s)
	}
	if s := sim("", ""); s != 0 {
		t.Errorf("empty: %v, want 0", s)
	}
}
