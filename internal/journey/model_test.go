package journey

import (
	"strings"
	"testing"
)

var textCases = []string{
	"", " ", "Email", "Welcome email", "Welcome  email", " Email", "Email ", "a\tb", "a\nb",
	"Café", "Café au lait", "a\u00a0b", "a\u2003b", "\u3000", "TP-001", "x  ", "\r\n",
}

// CleanText is strings.Fields joined by one space, with a fast path that
// must never change the answer.
func TestCleanText(t *testing.T) {
	for _, s := range textCases {
		if got, want := CleanText(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzCleanText(f *testing.F) {
	for _, s := range textCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := CleanText(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", s, got, want)
		}
	})
}

// Every field reads back what was set, whatever the others hold.
func TestRawFields(t *testing.T) {
	var tp Touchpoint
	if tp.Raw(FieldNotes) != "" || !tp.Blank() {
		t.Fatalf("a zero touchpoint is not blank and empty")
	}
	var raw [NumFields]string
	for f := range raw {
		raw[f] = strings.Repeat("é", f) // the ID empty, the others longer and longer
	}
	tp.SetRawFields(raw)
	if tp.RawFields() != raw {
		t.Fatalf("RawFields() = %q, want %q", tp.RawFields(), raw)
	}
	tp.SetRaw(FieldStage, "Onboarding")
	raw[FieldStage] = "Onboarding"
	for f := Field(0); f < NumFields; f++ {
		if tp.Raw(f) != raw[f] {
			t.Errorf("Raw(%v) = %q, want %q", f, tp.Raw(f), raw[f])
		}
	}
	if tp.Blank() {
		t.Errorf("a touchpoint with text is blank")
	}
	tp.SetRawFields([NumFields]string{FieldNotes: " \t "})
	if !tp.Blank() {
		t.Errorf("a touchpoint of white space only is not blank")
	}
}

func TestNameKeysRemembersNormalizeName(t *testing.T) {
	keys := NameKeys{}
	for _, s := range []string{"Owner_team", "owner team", " Adoption ", "Adoption", "", "Ünïcode 2"} {
		for range 2 { // asked again, from memory
			if got, want := keys.Key(s), NormalizeName(s); got != want {
				t.Errorf("Key(%q) = %q, want %q", s, got, want)
			}
		}
	}
	if len(keys) != 6 {
		t.Errorf("remembered %d strings, want 6", len(keys))
	}
}
