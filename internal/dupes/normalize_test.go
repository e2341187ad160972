package dupes

import (
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want string // tokens joined by spaces
	}{
		{"Monthly product newsletter", "monthly product newsletter"},
		{"  MONTHLY   Product-Newsletters!! ", "monthly product newsletter productnewsletter"},
		{"Renewal reminders", "renewal reminder"},
		{"Renewal reminder", "renewal reminder"},
		{"Replies to the survey", "reply survey"},
		{"Onboarding kickoff call", "onboard kickoff call"},
		{"Scheduled invoices", "schedul invoic"},
		{"Invoicing", "invoic"},
		{"e-mail", "mail email"},
		{"E‑mail (non-breaking hyphen)", "mail email non break nonbreak hyphen"},
		{"Check-in email", "check checkin email"},
		{"The customer's first week", "customer first week"},
		{"Café résumé naïve Ångström", "cafe resum naiv angstrom"},
		{"Straße Æsir Øre Łódź", "strass aesir ore lodz"},
		{"NPS survey (Q3/2026)", "nps survey q3 2026"},
		{"Status and analysis of classes", "status analysis class"},
		{"News", "new"},
		{"ops", "ops"},
		{"a the of and to for", ""},
		{"", ""},
		{"---", ""},
		{"v2.1 release", "v21 releas"},
		{"Webinar invite e-mail", "webinar invit mail email"},
		{"Webinar invitation", "webinar invitation"},
		{"日本語 newsletter", "日本語 newsletter"},
	}
	for _, tt := range tests {
		got := strings.Join(Tokens(tt.in), " ")
		if got != tt.want {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStem(t *testing.T) {
	pairs := [][2]string{
		{"reminder", "reminders"}, {"newsletter", "newsletters"}, {"survey", "surveys"},
		{"company", "companies"}, {"onboard", "onboarding"}, {"invoice", "invoicing"},
		{"invoice", "invoices"}, {"schedule", "scheduled"}, {"update", "updates"},
		{"price", "pricing"}, {"class", "classes"},
	}
	for _, p := range pairs {
		a, b := string(stem([]byte(p[0]))), string(stem([]byte(p[1])))
		if a != b {
			t.Errorf("stem(%q) = %q, stem(%q) = %q; want equal", p[0], a, p[1], b)
		}
	}
	for _, w := range []string{"status", "analysis", "class", "ops", "bus", "gas"} {
		if got := string(stem([]byte(w))); !strings.HasPrefix(w, got) || len(got) < len(w)-1 {
			t.Errorf("stem(%q) = %q", w, got)
		}
	}
}

func TestTrigramsIgnoreWordOrder(t *testing.T) {
	var ex extractor
	a := ex.text("thought leadership posts")
	b := ex.text("Posts: Thought  Leadership")
	if !slices.Equal(a.grams.fw, b.grams.fw) || !slices.Equal(a.words.fw, b.words.fw) {
		t.Error("word order changed the features")
	}
	c := ex.text("Quartely busines review")
	d := ex.text("Quarterly business review")
	shared := 0
	for _, g := range c.grams.fw {
		if slices.Contains(d.grams.fw, g) {
			shared++
		}
	}
	if shared < len(c.grams.fw)*2/3 {
		t.Errorf("typos share %d of %d trigrams", shared, len(c.grams.fw))
	}
}
