package dupes

import (
	"math"
	"testing"

	"github.com/journey-cli/journey/internal/journey"
)

func TestSimilarity(t *testing.T) {
	const S = "Adoption"
	tests := []struct {
		name string
		a, b row
		dup  bool // at or above DefaultThreshold
	}{
		{"identical", tp("1", S, "Monthly product newsletter", "Email", "Ongoing", "Marketing", "Share new features."),
			tp("2", S, "Monthly product newsletter", "Email", "Ongoing", "Product", "Share new features."), true},
		{"one extra word", tp("1", S, "Monthly product newsletter", "Email", "Ongoing", "Marketing", ""),
			tp("2", S, "Monthly product update newsletter", "Email", "Ongoing", "Product", ""), true},
		{"plural, case and punctuation", tp("1", S, "Renewal reminder", "Email", "Automatic", "Sales", ""),
			tp("2", S, "RENEWAL REMINDERS!", "Email", "Automatic", "Customer Success", ""), true},
		{"e-mail and email", tp("1", S, "Welcome e-mail", "Email", "Automatic", "Sales", ""),
			tp("2", S, "Welcome email", "Email", "Automatic", "Product", ""), true},
		{"typos", tp("1", S, "Quartely busines review", "Meeting", "Manual", "Sales", "Review results and plan the next quarter."),
			tp("2", S, "Quarterly business review", "Meeting", "Manual", "Customer Success", "Review results and plan the next quarter."), true},
		{"word order", tp("1", S, "Thought leadership posts on LinkedIn", "Social media", "Ongoing", "Sales", ""),
			tp("2", S, "LinkedIn thought-leadership posts", "Social media", "Ongoing", "Marketing", ""), true},
		{"same purpose, other words, same kind of channel", tp("1", S, "Kick-off meeting", "Meeting", "Manual", "Sales", "Agree goals, timeline and the setup plan with the customer's team."),
			tp("2", S, "Onboarding kickoff call", "Video call", "Manual", "Customer Success", "Agree the goals, the timeline and a setup plan with the customer team."), true},
		{"webinar invitation is not the recording follow-up",
			tp("1", S, "Webinar invitation", "Email", "Automatic", "Marketing", "Invite leads and trialists to the next live product webinar."),
			tp("2", S, "Webinar recording follow-up", "Email", "Automatic", "Marketing", "Send the recording and slides to everyone who registered."), false},
		{"trial expiry is not invoice payment",
			tp("1", S, "Trial expiry reminder", "Email", "Automatic", "Marketing", "Tell the trialist that the trial ends in three days and how to buy."),
			tp("2", S, "Invoice payment reminder", "Email", "Automatic", "Sales", "Remind the billing contact to pay the first invoice."), false},
		{"one shared word only", tp("1", S, "Monthly usage report", "Email", "Automatic", "Product", "Send each admin the team's usage numbers."),
			tp("2", S, "Monthly product newsletter", "Email", "Ongoing", "Marketing", "Share new features, tips and customer stories."), false},
		{"similar name, other channel kind, other purpose",
			tp("1", S, "Product tour", "In-app", "Automatic", "Product", "Guide each new user to build a dashboard."),
			tp("2", S, "Product tour webinar", "Webinar", "Manual", "Customer Success", "Walk a group of admins through the settings."), false},
		{"nothing in common", tp("1", S, "NPS survey", "Email", "Automatic", "Customer Success", "Measure loyalty."),
			tp("2", S, "Seat-limit upgrade prompt", "In-app", "Automatic", "Product", "Offer more seats."), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := newJourney("j.xlsx", "P", []string{S}, tt.a, tt.b)
			x, y := itemsOf(j, 0, 1)
			s := similarity(x, y)
			if r := similarity(y, x); r != s {
				t.Errorf("not symmetric: %v and %v", s, r)
			}
			if s < 0 || s > 1 {
				t.Errorf("similarity %v out of [0, 1]", s)
			}
			if got := s >= DefaultThreshold; got != tt.dup {
				t.Errorf("similarity = %.3f, duplicate = %v, want %v (threshold %.2f)", s, got, tt.dup, DefaultThreshold)
			}
		})
	}
}

func TestSimilarityOfIdenticalTouchpointsIsOne(t *testing.T) {
	r := tp("1", "Adoption", "Monthly newsletter", "Email", "Ongoing", "Marketing", "Share news.").
		with(journey.FieldCadence, "Monthly").with(journey.FieldDay, "0")
	j := newJourney("j.xlsx", "P", nil, r, r.with(journey.FieldID, "2"))
	x, y := itemsOf(j, 0, 1)
	if s := similarity(x, y); math.Abs(s-1) > 1e-9 {
		t.Errorf("similarity = %v, want 1", s)
	}
}

func TestChannelAgreement(t *testing.T) {
	kinds := newKindTable(DefaultChannelKinds, [][]string{{"Email", "In-app"}})
	tests := []struct {
		a, b string
		want float64
	}{
		{"Email", "email", 1},
		{"Video call", "Meeting", SameKindChannel},
		{"Phone", "Video call", SameKindChannel},
		{"Chatbot", "Live chat", SameKindChannel},
		{"Email", "In-app", SameKindChannel}, // grouped by --same-kind
		{"Email", "SMS", 0},                  // Email left "written" for the custom group
		{"Direct mail", "SMS", SameKindChannel},
		{"Email", "Phone", 0},
		{"Pigeon", "Pigeon", 1},
		{"Pigeon", "Carrier pigeon", 0},
		{"", "Email", 0},
		{"", "", 0},
	}
	for _, tt := range tests {
		syms := symbols{}
		ca, cb := journey.NormalizeName(tt.a), journey.NormalizeName(tt.b)
		a := &item{channel: syms.id(ca), kind: syms.id(kinds.kind(ca))}
		b := &item{channel: syms.id(cb), kind: syms.id(kinds.kind(cb))}
		if got := channelAgreement(a, b); got != tt.want {
			t.Errorf("channelAgreement(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestContextCloseness(t *testing.T) {
	mk := func(mode, cadence, day string) *item {
		tp := &journey.Touchpoint{}
		tp.SetRaw(journey.FieldMode, mode)
		tp.SetRaw(journey.FieldCadence, cadence)
		tp.SetRaw(journey.FieldDay, day)
		journey.ParseTyped(tp)
		return &item{tp: tp, mode: tp.Mode, cadence: tp.Cadence, day: tp.Day}
	}
	tests := []struct {
		a, b *item
		want float64
	}{
		{mk("Automatic", "Monthly", "0"), mk("Automatic", "Monthly", "1"), 1},
		{mk("Automatic", "Monthly", "0"), mk("Manual", "Monthly", "0"), 2.0 / 3},
		{mk("Automatic", "Weekly", "0"), mk("Automatic", "Biweekly", "5"), (1 + 0.5 + 0.5) / 3},
		{mk("Automatic", "Weekly", "0"), mk("Automatic", "Yearly", "30"), 1.0 / 3},
		{mk("", "", ""), mk("Manual", "Weekly", "3"), 0.5},
		{mk("Manual", "One-time", "0"), mk("Manual", "Triggered", "0"), 2.0 / 3},
	}
	for i, tt := range tests {
		if got := contextCloseness(tt.a, tt.b); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("case %d: contextCloseness = %v, want %v", i, got, tt.want)
		}
	}
}

func TestContextBreaksTies(t *testing.T) {
	base := tp("1", "Adoption", "Monthly newsletter", "Email", "Ongoing", "Marketing", "")
	same := base.with(journey.FieldID, "2")
	otherMode := base.with(journey.FieldID, "3").with(journey.FieldMode, "Manual")
	j := newJourney("j.xlsx", "P", nil, base, same, otherMode)
	a, b := itemsOf(j, 0, 1)
	_, c := itemsOf(j, 0, 2)
	if s1, s2 := similarity(a, b), similarity(a, c); !(s1 > s2) || s1-s2 > ContextWeight {
		t.Errorf("same mode %v, other mode %v: the mode should break the tie, by at most %v", s1, s2, ContextWeight)
	}
}

// TestSimilarityAtLeast: the early-out version agrees with the full score.
func TestSimilarityAtLeast(t *testing.T) {
	j := mustRead(t, labelledPath)
	c := collect([]*journey.Journey{j}, newKindTable(DefaultChannelKinds, nil), "")
	c.prepare(exhaustiveLimit)
	for _, th := range []float64{0.2, 0.45, DefaultThreshold, 0.7, 0.9} {
		for _, b := range c.blocks {
			for x := range b.items {
				for y := x + 1; y < len(b.items); y++ {
					full := similarity(b.items[x], b.items[y])
					s, ok := similarityAtLeast(b.items[x], b.items[y], th)
					if ok != (full >= th-1e-9) || (ok && math.Abs(s-full) > 1e-12) {
						t.Fatalf("threshold %v: %q ~ %q: full %v, at least: %v %v", th, b.items[x].tp.Name(), b.items[y].tp.Name(), full, s, ok)
					}
				}
			}
		}
	}
}
