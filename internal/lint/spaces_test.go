package lint

import (
	"hash/maphash"
	"testing"

	"github.com/journey-cli/journey/internal/journey"
)

var spaceCases = []string{
	"", "Email", "Welcome email", "Welcome  email", " Email", "Email ", "a\tb", "a\t b", "a \tb",
	"line one\nline two", "line one \nline two", "line one\n line two", "\nEmail", "Email\n", "a\n\nb",
	"a\r\nb", "Café", "Café  au lait", "\u00a0Email", "Email\u00a0", "\t", " ", "a\vb",
}

// isTidy may only say "tidy" where tidySpaces changes nothing.
func TestIsTidyAgreesWithTidySpaces(t *testing.T) {
	for _, v := range spaceCases {
		if isTidy(v) && tidySpaces(v) != v {
			t.Errorf("isTidy(%q) = true, but tidySpaces gives %q", v, tidySpaces(v))
		}
	}
	for _, v := range []string{"", "Email", "Welcome email", "a\tb", "line one\nline two", "a\n\nb", "TP-001"} {
		if !isTidy(v) {
			t.Errorf("isTidy(%q) = false, want the fast answer true", v)
		}
	}
}

func FuzzIsTidy(f *testing.F) {
	for _, v := range spaceCases {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if isTidy(v) && tidySpaces(v) != v {
			t.Errorf("isTidy(%q) = true, but tidySpaces gives %q", v, tidySpaces(v))
		}
	})
}

// Rows with the same key must hash alike, and the hash must see every
// field but the ID.
func TestRowHashFollowsRowKey(t *testing.T) {
	row := func(id, name, channel string, extra map[int]string) *journey.Touchpoint {
		tp := &journey.Touchpoint{Extra: extra}
		tp.SetRaw(journey.FieldID, id)
		tp.SetRaw(journey.FieldTouchpoint, name)
		tp.SetRaw(journey.FieldChannel, channel)
		return tp
	}
	var h maphash.Hash
	pairs := []struct {
		a, b *journey.Touchpoint
		same bool
	}{
		{row("TP-1", "Welcome email", "Email", nil), row("TP-2", "welcome-email", "EMAIL", nil), true},
		{row("TP-1", "Café tour", "Email", nil), row("TP-2", "CAFÉ tour", "Email", nil), true},
		{row("TP-1", "Welcome email", "Email", nil), row("TP-2", "Welcome email", "Chat", nil), false},
		{row("", "Welcome", "Email", map[int]string{20: "x"}), row("", "Welcome", "Email", map[int]string{20: "y"}), false},
		{row("", "Welcome", "Email", map[int]string{20: "x", 21: "z"}), row("", "Welcome", "Email", map[int]string{21: "z", 20: "x"}), true},
	}
	for _, p := range pairs {
		if same := rowKey(p.a) == rowKey(p.b); same != p.same {
			t.Errorf("rowKey(%v) == rowKey(%v) is %v, want %v", p.a.RawFields(), p.b.RawFields(), same, p.same)
		}
		if p.same && rowHash(&h, p.a) != rowHash(&h, p.b) {
			t.Errorf("rows %v and %v have the same key but different hashes", p.a.RawFields(), p.b.RawFields())
		}
		if !p.same && rowHash(&h, p.a) == rowHash(&h, p.b) {
			t.Errorf("rows %v and %v differ but hash alike", p.a.RawFields(), p.b.RawFields())
		}
	}
}
