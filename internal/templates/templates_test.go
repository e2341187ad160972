package templates

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/journey-cli/journey/internal/journey"
)

func TestNames(t *testing.T) {
	names := Names()
	if len(names) < 2 || names[0] != Default {
		t.Fatalf("Names() = %v, want %s first", names, Default)
	}
	for _, want := range []string{"b2b-saas", "ecommerce"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("Names() = %v, missing %s", names, want)
		}
	}
}

// TestLoadAll loads every built-in template: each must parse and pass the
// consistency checks, its example included.
func TestLoadAll(t *testing.T) {
	for _, name := range Names() {
		tpl, err := Load(name)
		if err != nil {
			t.Errorf("Load(%s): %v", name, err)
			continue
		}
		if tpl.Name != name {
			t.Errorf("%s: name field = %q", name, tpl.Name)
		}
		if tpl.Description == "" || len(tpl.Stages) < 5 || len(tpl.Vocab.Channels) < 10 {
			t.Errorf("%s: too thin: %d stages, %d channels", name, len(tpl.Stages), len(tpl.Vocab.Channels))
		}
		if len(tpl.Example.Touchpoints) < 20 {
			t.Errorf("%s: example has only %d touchpoints", name, len(tpl.Example.Touchpoints))
		}
		stages := map[string]bool{}
		for _, tp := range tpl.Example.Touchpoints {
			stages[tp.Stage()] = true
		}
		for _, s := range tpl.Stages {
			if !stages[s.Name] {
				t.Errorf("%s: example has no touchpoint in stage %s", name, s.Name)
			}
		}
	}
}

func TestLoadIgnoresCase(t *testing.T) {
	if _, err := Load(" B2B-SaaS "); err != nil {
		t.Error(err)
	}
}

func TestLoadUnknown(t *testing.T) {
	_, err := Load("retail")
	if err == nil {
		t.Fatal("Load(retail) succeeded")
	}
	msg := err.Error()
	if !strings.Contains(msg, `"retail"`) || !strings.Contains(msg, "b2b-saas and ecommerce") || strings.Contains(msg, "\n") {
		t.Errorf("error = %q, want one sentence naming retail and listing the templates", msg)
	}
}

func TestB2BSaaSDefaults(t *testing.T) {
	tpl, err := Load(Default)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range tpl.Stages {
		names = append(names, s.Name)
	}
	want := "Awareness Consideration Decision Onboarding Adoption Expansion Retention Advocacy"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("stages = %s, want %s", got, want)
	}
	if got := strings.Join(tpl.Vocab.Teams, ", "); got != "Marketing, Sales, Customer Success, Support, Product" {
		t.Errorf("teams = %s", got)
	}
	if len(tpl.Vocab.Channels) != 17 {
		t.Errorf("%d channels, want the 17 of SPEC 3.5", len(tpl.Vocab.Channels))
	}
	for ch, want := range map[string]bool{"email": true, "chatbot": true, "inapp": true, "sms": true, "phone": false, "meeting": false} {
		if tpl.Vocab.Automatable[ch] != want {
			t.Errorf("automatable[%s] = %v, want %v", ch, tpl.Vocab.Automatable[ch], want)
		}
	}
	if tpl.Persona.MapType != "Current state" || tpl.Persona.ReviewCadence != "Quarterly" {
		t.Errorf("default persona = %+v", tpl.Persona)
	}
	tp := tpl.Example.Touchpoints[0]
	if tp.Row != 2 || tp.Target != (journey.Measure{Value: 0.02, Percent: true, Known: true}) || tp.Day != journey.Some(0) {
		t.Errorf("first example touchpoint = %+v", tp)
	}
}

// minimal is a valid template file; broken variants are made from it.
const minimal = `{
  "name": "mini", "description": "d",
  "persona": {"Map type": "Current state", "Review cadence": "Quarterly"},
  "stages": [{"Stage": "One", "Owner team": "Ops", "Target": "35%", "Days": 3, "Feeling": -1}],
  "lists": {"channels": [{"name": "Email", "automatable": true}], "teams": ["Ops"]},
  "example": {
    "persona": {"Persona": "P", "Last reviewed": "2026-01-31"},
    "touchpoints": [{"ID": "TP-1", "Stage": "One", "Touchpoint": "Hello", "Channel": "Email",
      "Mode": "Automatic", "Direction": "Outbound", "Owner team": "Ops", "Day": "2w", "Target": 40}]
  }
}`

// loadText loads a template from JSON text.
func loadText(text string) error {
	_, err := loadFrom(fstest.MapFS{"mini.json": {Data: []byte(text)}}, "mini")
	return err
}

func TestParseMinimal(t *testing.T) {
	tpl, err := loadFrom(fstest.MapFS{"mini.json": {Data: []byte(minimal)}}, "mini")
	if err != nil {
		t.Fatal(err)
	}
	if got := tpl.Stages[0]; got.Target.Value != 0.35 || !got.Target.Percent || got.Days != journey.Some(3) || got.Feeling != journey.Some(-1) {
		t.Errorf("stage = %+v", got)
	}
	if got := strings.Join(tpl.Vocab.Modes, ","); got != "Ongoing,Automatic,Manual" {
		t.Errorf("default modes = %s", got)
	}
	tp := tpl.Example.Touchpoints[0]
	if tp.Day != journey.Some(14) || tp.Target.Value != 40 || tp.Raw(journey.FieldTarget) != "40" || tp.Mode != journey.ModeAutomatic {
		t.Errorf("touchpoint = %+v", tp)
	}
	if tpl.Example.Persona.LastReviewed.Format("2006-01-02") != "2026-01-31" {
		t.Errorf("last reviewed = %v", tpl.Example.Persona.LastReviewed)
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct{ name, from, to, want string }{
		{"bad day", `"Day": "2w"`, `"Day": "soon"`, "TP-1"},
		{"bad feeling", `"Target": 40`, `"Feeling": "5"`, "Feeling"},
		{"bad target", `"Target": 40`, `"Target": "lots"`, "Target"},
		{"bad mode", `"Mode": "Automatic"`, `"Mode": "Sometimes"`, "Mode"},
		{"mode synonym", `"Mode": "Automatic"`, `"Mode": "auto"`, "Mode"},
		{"unknown channel", `"Channel": "Email"`, `"Channel": "Fax"`, "Channel"},
		{"unknown stage", `"Stage": "One", "Touchpoint"`, `"Stage": "Two", "Touchpoint"`, "Stage"},
		{"unknown team", `"Owner team": "Ops", "Day"`, `"Owner team": "Legal", "Day"`, "Owner team"},
		{"empty required", `"Touchpoint": "Hello"`, `"Touchpoint": ""`, "Touchpoint is empty"},
		{"unknown column", `"Target": 40`, `"Colour": "red"`, "unknown column"},
		{"alias column", `"Target": 40`, `"Goal value": 40`, "unknown column"},
		{"unknown key", `"name": "mini"`, `"nmae": "mini"`, "unknown field"},
		{"bad stage days", `"Days": 3`, `"Days": -3`, "Days"},
		{"stage owner", `"Owner team": "Ops", "Target"`, `"Owner team": "Legal", "Target"`, "Owner team"},
		{"bad date", `"2026-01-31"`, `"31/01/2026"`, "Last reviewed"},
		{"bad map type", `"Map type": "Current state"`, `"Map type": "Now"`, "Map type"},
		{"boolean cell", `"Target": 40`, `"Target": true`, "not text or a number"},
		{"bad automatable", `"automatable": true`, `"automatable": "maybe"`, "automatable"},
		{"no stages", `"stages": [{"Stage": "One", "Owner team": "Ops", "Target": "35%", "Days": 3, "Feeling": -1}]`, `"stages": []`, "stages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(minimal, tt.from, tt.to, 1)
			if text == minimal {
				t.Fatalf("test case does not change the template: %q", tt.from)
			}
			err := loadText(text)
			if err == nil {
				t.Fatal("loaded without error")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "templates/mini.json: ") {
				t.Errorf("error = %q, want it to name the file and mention %q", err, tt.want)
			}
		})
	}
}

func TestParseAutomatableYesNo(t *testing.T) {
	text := strings.Replace(minimal, `"automatable": true`, `"automatable": "Yes"`, 1)
	tpl, err := loadFrom(fstest.MapFS{"mini.json": {Data: []byte(text)}}, "mini")
	if err != nil {
		t.Fatal(err)
	}
	if !tpl.Vocab.Automatable["email"] {
		t.Error(`"Yes" did not make Email automatable`)
	}
}

func TestParseDuplicateID(t *testing.T) {
	dup := strings.Replace(minimal, `"Target": 40}]`,
		`"Target": 40}, {"ID": "TP-1", "Stage": "One", "Touchpoint": "Again", "Channel": "Email", "Mode": "Manual", "Direction": "Inbound", "Owner team": "Ops"}]`, 1)
	if err := loadText(dup); err == nil || !strings.Contains(err.Error(), "used twice") {
		t.Errorf("err = %v, want a duplicate ID error", err)
	}
}
