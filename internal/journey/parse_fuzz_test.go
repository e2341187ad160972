package journey

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// checkFuzzError asserts the invariants of every parse error: a
// *ValueError of the right kind whose message is one non-empty line in
// plain words, quoting the value.
func checkFuzzError(t *testing.T, kind, in string, err error) {
	t.Helper()
	var ve *ValueError
	if !errors.As(err, &ve) {
		t.Fatalf("%s %q: error %T is not a *ValueError: %v", kind, in, err, err)
	}
	msg := err.Error()
	switch {
	case ve.Kind != kind:
		t.Fatalf("%s %q: error kind %q", kind, in, ve.Kind)
	case ve.Value != in:
		t.Fatalf("%s %q: error value %q", kind, in, ve.Value)
	case strings.TrimSpace(msg) == "":
		t.Fatalf("%s %q: empty message", kind, in)
	case strings.ContainsAny(msg, "\n\r\u2028\u2029\u0085"):
		t.Fatalf("%s %q: message is not one line: %q", kind, in, msg)
	case strings.Contains(msg, "strconv") || strings.Contains(msg, "parsing time"):
		t.Fatalf("%s %q: message leaks Go internals: %q", kind, in, msg)
	case !strings.Contains(msg, quoteValue(in)):
		t.Fatalf("%s %q: message does not quote the value: %q", kind, in, msg)
	}
}

func addSeeds(f *testing.F, seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
}

func FuzzParseDay(f *testing.F) {
	addSeeds(f, "", " ", "0", "3", "+3", "7d", "7 d", "7 days", "1 day", "2w", "2 weeks",
		"Day 7", "day7", "D7", "7.0", "7.00", "1.5w", "0.5", "-3", "\u22123", "3650", "3651",
		"3 weeks ago", "99999999999999999999w", "d", "day", ".", "1e3")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDay(s)
		if err != nil {
			checkFuzzError(t, "day", s, err)
			if got != (Optional{}) {
				t.Fatalf("ParseDay(%q) = %v with an error", s, got)
			}
			return
		}
		if blankValue(s) {
			if got != (Optional{}) {
				t.Fatalf("ParseDay(%q) = %v, want unknown", s, got)
			}
			return
		}
		if !got.Known || got.Value < 0 || got.Value > MaxDay {
			t.Fatalf("ParseDay(%q) = %+v, want a known day in 0..%d", s, got, MaxDay)
		}
		if again, err := ParseDay(strconv.Itoa(got.Value)); err != nil || again != got {
			t.Fatalf("ParseDay(%q) = %v, but its plain form gives %v, %v", s, got, again, err)
		}
	})
}

func FuzzParseMeasure(f *testing.F) {
	addSeeds(f, "", "35%", "35 %", "35.5%", "7%", "57%", "12.5%", "0.35", "1,234", "1,234.5",
		"+40", "-12", "4.5", "\u221212", "high", "n/a", "35%%", "NaN", "Inf", "1e400", "1e-400",
		"12,34", ".5", "5.", "1.5E+3", "0x10", "1_000")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseMeasure(s)
		if math.IsNaN(got.Value) || math.IsInf(got.Value, 0) {
			t.Fatalf("ParseMeasure(%q) = %v", s, got.Value)
		}
		if err != nil {
			checkFuzzError(t, "measure", s, err)
			if got != (Measure{}) {
				t.Fatalf("ParseMeasure(%q) = %+v with an error", s, got)
			}
			return
		}
		trimmed := strings.TrimSpace(s)
		if trimmed == "" {
			if got != (Measure{}) {
				t.Fatalf("ParseMeasure(%q) = %+v, want unknown", s, got)
			}
			return
		}
		if !got.Known || got.Percent != strings.HasSuffix(trimmed, "%") {
			t.Fatalf("ParseMeasure(%q) = %+v", s, got)
		}
		text := strconv.FormatFloat(got.Value, 'g', -1, 64)
		if again, err := ParseMeasure(text); err != nil || again.Value != got.Value {
			t.Fatalf("ParseMeasure(%q) = %v, but %q gives %+v, %v", s, got.Value, text, again, err)
		}
	})
}

func FuzzParseFeeling(f *testing.F) {
	addSeeds(f, "", "-2", "+1", "2", "2.0", "\u22121", "1.5", "3", "-3", "very negative",
		"Very Happy", "ok", "neutral", "delighted", "meh", "99999999999999999999", "1e0")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseFeeling(s)
		if err != nil {
			checkFuzzError(t, "feeling", s, err)
			if got != (Optional{}) {
				t.Fatalf("ParseFeeling(%q) = %v with an error", s, got)
			}
			return
		}
		if blankValue(s) != !got.Known {
			t.Fatalf("ParseFeeling(%q) = %+v", s, got)
		}
		if got.Value < -2 || got.Value > 2 {
			t.Fatalf("ParseFeeling(%q) = %d, want -2..2", s, got.Value)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	addSeeds(f, "", "45292", "45292.5", "1", "60", "2958465", "0", "-1", "20240305",
		"2024-03-05", "2024/03/05", "2024-03-05T10:00:00", "2024-03-05 10:00:00",
		"2024-03-05T10:00:00+02:00", "5 March 2024", "March 5, 2024", "Mar 5 2024",
		"5th Sept 2024", "05/03/2024", "25/12/2024", "05/03/24", "2024-02-30", "next week")
	f.Fuzz(func(t *testing.T, s string) {
		for _, date1904 := range []bool{false, true} {
			got, err := ParseDate(s, date1904)
			if err != nil {
				checkFuzzError(t, "date", s, err)
				if !got.IsZero() {
					t.Fatalf("ParseDate(%q, %v) = %v with an error", s, date1904, got)
				}
				continue
			}
			if blankValue(s) != got.IsZero() {
				t.Fatalf("ParseDate(%q, %v) = %v", s, date1904, got)
			}
			if !got.IsZero() && (got.Location() != time.UTC || got.Year() < 1900 || got.Year() > 9999) {
				t.Fatalf("ParseDate(%q, %v) = %v, want a UTC date in 1900..9999", s, date1904, got)
			}
		}
	})
}

// FuzzParseCadence covers the four enumerated columns: mode, direction,
// cadence and status.
func FuzzParseCadence(f *testing.F) {
	addSeeds(f, "", "Weekly", "every 2 weeks", "bi-weekly", "One-time", "auto", "always-on",
		"push", "in", "on hold", "off", "LIVE", "sometimes", "-", "\u00a0Monthly\u00a0")
	f.Fuzz(func(t *testing.T, s string) {
		checkEnumFuzz(t, "cadence", s, func(s string) (int, string, error) {
			v, err := ParseCadence(s)
			return int(v), v.String(), err
		})
		checkEnumFuzz(t, "mode", s, func(s string) (int, string, error) {
			v, err := ParseMode(s)
			return int(v), v.String(), err
		})
		checkEnumFuzz(t, "direction", s, func(s string) (int, string, error) {
			v, err := ParseDirection(s)
			return int(v), v.String(), err
		})
		checkEnumFuzz(t, "status", s, func(s string) (int, string, error) {
			v, err := ParseStatus(s)
			return int(v), v.String(), err
		})
	})
}

// checkEnumFuzz asserts that a non-blank value parses to a named value
// that Synonym agrees with and whose name parses back to it.
func checkEnumFuzz(t *testing.T, kind, s string, parse func(string) (int, string, error)) {
	t.Helper()
	v, name, err := parse(s)
	canonical, isSynonym := Synonym(kind, s)
	switch {
	case err != nil:
		checkFuzzError(t, kind, s, err)
		if isSynonym {
			t.Fatalf("%s %q: Synonym gives %q but parsing fails", kind, s, canonical)
		}
	case blankValue(s):
		if v != 0 {
			t.Fatalf("%s %q: blank gives %d", kind, s, v)
		}
	case name == "" || canonical != name:
		t.Fatalf("%s %q: parsed as %q, Synonym says %q, %v", kind, s, name, canonical, isSynonym)
	default:
		if back, _, err := parse(name); err != nil || back != v {
			t.Fatalf("%s %q: name %q parses to %d, %v", kind, s, name, back, err)
		}
	}
}
