package journey

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// parseCase is one input of a parser and either the value it must give or
// errKind, the Kind of the ValueError it must fail with.
type parseCase[T any] struct {
	in      string
	want    T
	errKind string
}

// accepts and rejects build cases tersely.
func accepts[T any](in string, want T) parseCase[T] { return parseCase[T]{in: in, want: want} }

func rejects[T any](kind, in string) parseCase[T] { return parseCase[T]{in: in, errKind: kind} }

func runParseCases[T any](t *testing.T, parse func(string) (T, error), cases []parseCase[T]) {
	t.Helper()
	for _, c := range cases {
		got, err := parse(c.in)
		if c.errKind == "" {
			if err != nil {
				t.Errorf("parse(%q): unexpected error: %v", c.in, err)
			} else if !reflect.DeepEqual(got, c.want) {
				t.Errorf("parse(%q) = %#v, want %#v", c.in, got, c.want)
			}
			continue
		}
		checkValueError(t, c.in, c.errKind, err)
	}
}

// checkValueError asserts err is a one-line *ValueError of the kind that
// quotes the value.
func checkValueError(t *testing.T, in, kind string, err error) {
	t.Helper()
	var ve *ValueError
	switch {
	case err == nil:
		t.Errorf("parse(%q): no error, want a %s error", in, kind)
	case !errors.As(err, &ve):
		t.Errorf("parse(%q): error %T is not a *ValueError", in, err)
	case ve.Kind != kind:
		t.Errorf("parse(%q): error kind %q, want %q", in, ve.Kind, kind)
	case !strings.Contains(err.Error(), `"`+in+`"`):
		t.Errorf("parse(%q): message %q does not quote the value", in, err)
	case strings.ContainsAny(err.Error(), "\n\r"):
		t.Errorf("parse(%q): message %q is not one line", in, err)
	}
}

func TestParseMode(t *testing.T) {
	runParseCases(t, ParseMode, []parseCase[Mode]{
		accepts("", ModeUnknown),
		accepts("   ", ModeUnknown),
		accepts("Ongoing", ModeOngoing),
		accepts("automatic", ModeAutomatic),
		accepts(" MANUAL ", ModeManual),
		accepts("auto", ModeAutomatic),
		accepts("Automated", ModeAutomatic),
		accepts("automation", ModeAutomatic),
		accepts("always on", ModeOngoing),
		accepts("Always-On", ModeOngoing),
		accepts("always_on", ModeOngoing),
		accepts("continuous", ModeOngoing),
		accepts("evergreen", ModeOngoing),
		accepts("by hand", ModeManual),
		accepts("Human", ModeManual),
		accepts("personal", ModeManual),
		rejects[Mode]("mode", "sometimes"),
		rejects[Mode]("mode", "-"),
		rejects[Mode]("mode", "Outbound"),
	})
}

func TestParseDirection(t *testing.T) {
	runParseCases(t, ParseDirection, []parseCase[Direction]{
		accepts("", DirectionUnknown),
		accepts("Outbound", Outbound),
		accepts("inbound", Inbound),
		accepts("OUT", Outbound),
		accepts("push", Outbound),
		accepts("outgoing", Outbound),
		accepts("in", Inbound),
		accepts("Pull", Inbound),
		accepts("incoming", Inbound),
		accepts("in-bound", Inbound),
		rejects[Direction]("direction", "both"),
		rejects[Direction]("direction", "sideways"),
	})
}

func TestParseCadence(t *testing.T) {
	runParseCases(t, ParseCadence, []parseCase[Cadence]{
		accepts("", CadenceUnknown),
		accepts("One-time", OneTime),
		accepts("one time", OneTime),
		accepts("ONETIME", OneTime),
		accepts("once", OneTime),
		accepts("one-off", OneTime),
		accepts("one off", OneTime),
		accepts("single", OneTime),
		accepts("Triggered", Triggered),
		accepts("on trigger", Triggered),
		accepts("event-based", Triggered),
		accepts("event driven", Triggered),
		accepts("on demand", Triggered),
		accepts("as needed", Triggered),
		accepts("Daily", Daily),
		accepts("every day", Daily),
		accepts("each day", Daily),
		accepts("per day", Daily),
		accepts("weekly", Weekly),
		accepts("every week", Weekly),
		accepts("each week", Weekly),
		accepts("per week", Weekly),
		accepts("once a week", Weekly),
		accepts("Biweekly", Biweekly),
		accepts("bi-weekly", Biweekly),
		accepts("bi weekly", Biweekly),
		accepts("fortnightly", Biweekly),
		accepts("every two weeks", Biweekly),
		accepts("every 2 weeks", Biweekly),
		accepts("every other week", Biweekly),
		accepts("Monthly", Monthly),
		accepts("every month", Monthly),
		accepts("each month", Monthly),
		accepts("per month", Monthly),
		accepts("once a month", Monthly),
		accepts("Quarterly", Quarterly),
		accepts("every quarter", Quarterly),
		accepts("each quarter", Quarterly),
		accepts("every 3 months", Quarterly),
		accepts("every three months", Quarterly),
		accepts("Yearly", Yearly),
		accepts("every year", Yearly),
		accepts("each year", Yearly),
		accepts("annual", Yearly),
		accepts("Annually", Yearly),
		accepts("once a year", Yearly),
		rejects[Cadence]("cadence", "sometimes"),
		rejects[Cadence]("cadence", "every 5 weeks"),
		rejects[Cadence]("cadence", "hourly"),
	})
}

func TestParseStatus(t *testing.T) {
	runParseCases(t, ParseStatus, []parseCase[Status]{
		accepts("", StatusLive),
		accepts("  ", StatusLive),
		accepts("Live", StatusLive),
		accepts("active", StatusLive),
		accepts("On", StatusLive),
		accepts("running", StatusLive),
		accepts("Planned", StatusPlanned),
		accepts("draft", StatusPlanned),
		accepts("idea", StatusPlanned),
		accepts("proposed", StatusPlanned),
		accepts("paused", StatusPaused),
		accepts("On hold", StatusPaused),
		accepts("on-hold", StatusPaused),
		accepts("Retired", StatusRetired),
		accepts("stopped", StatusRetired),
		accepts("off", StatusRetired),
		accepts("deprecated", StatusRetired),
		accepts("discontinued", StatusRetired),
		rejects[Status]("status", "maybe"),
		rejects[Status]("status", "tbd"),
	})
}

func TestParseDay(t *testing.T) {
	runParseCases(t, ParseDay, []parseCase[Optional]{
		accepts("", Optional{}),
		accepts(" \t", Optional{}),
		accepts("0", Some(0)),
		accepts("3", Some(3)),
		accepts(" 3 ", Some(3)),
		accepts("+3", Some(3)),
		accepts("7d", Some(7)),
		accepts("7 d", Some(7)),
		accepts("7 days", Some(7)),
		accepts("7 Days", Some(7)),
		accepts("1 day", Some(1)),
		accepts("2w", Some(14)),
		accepts("2 weeks", Some(14)),
		accepts("1 week", Some(7)),
		accepts("3wk", Some(21)),
		accepts("1.0w", Some(7)),
		accepts("Day 7", Some(7)),
		accepts("day7", Some(7)),
		accepts("D7", Some(7)),
		accepts("Day 0", Some(0)),
		accepts("7.0", Some(7)),
		accepts("7.00", Some(7)),
		accepts("007", Some(7)),
		accepts("-0", Some(0)),
		accepts("3650", Some(3650)),
		accepts("521w", Some(3647)),
		rejects[Optional]("day", "1.5w"),
		rejects[Optional]("day", "0.5"),
		rejects[Optional]("day", "7.5 days"),
		rejects[Optional]("day", "-3"),
		rejects[Optional]("day", "\u22123"),
		rejects[Optional]("day", "-1w"),
		rejects[Optional]("day", "3651"),
		rejects[Optional]("day", "522w"),
		rejects[Optional]("day", "99999999999999999999"),
		rejects[Optional]("day", "3 weeks ago"),
		rejects[Optional]("day", "2 months"),
		rejects[Optional]("day", "soon"),
		rejects[Optional]("day", "day"),
		rejects[Optional]("day", "d"),
		rejects[Optional]("day", "7dd"),
		rejects[Optional]("day", "1,000"),
		rejects[Optional]("day", "1e3"),
		rejects[Optional]("day", "+-3"),
		rejects[Optional]("day", "3-5"),
		rejects[Optional]("day", "."),
	})
}

func TestParseDayMessages(t *testing.T) {
	for in, want := range map[string]string{
		"3 weeks ago": `day "3 weeks ago" is not a number of days: write a whole number of days such as 0, 3, 7d or 2w`,
		"1.5w":        `day "1.5w" is not a whole number of days: write a whole number of days such as 0, 3, 7d or 2w`,
		"4000":        `day "4000" is out of range: use a whole number of days from 0 to 3650 (ten years)`,
		"-3":          `day "-3" is negative: count the days after the customer enters the stage, from 0`,
	} {
		if _, err := ParseDay(in); err == nil || err.Error() != want {
			t.Errorf("ParseDay(%q) error = %v, want %s", in, err, want)
		}
	}
}

func TestParseMeasure(t *testing.T) {
	pct := func(v float64) Measure { return Measure{Value: v, Percent: true, Known: true} }
	num := func(v float64) Measure { return Measure{Value: v, Known: true} }
	runParseCases(t, ParseMeasure, []parseCase[Measure]{
		accepts("", Measure{}),
		accepts("  ", Measure{}),
		// Percentages are rounded once from their decimal text, so they
		// equal the Go literal of the fraction exactly.
		accepts("35%", pct(0.35)),
		accepts("35 %", pct(0.35)),
		accepts(" 35% ", pct(0.35)),
		accepts("35.5%", pct(0.355)),
		accepts("7%", pct(0.07)),
		accepts("57%", pct(0.57)),
		accepts("12.5%", pct(0.125)),
		accepts("7.3%", pct(0.073)),
		accepts("0.1%", pct(0.001)),
		accepts("100%", pct(1)),
		accepts("150%", pct(1.5)),
		accepts("0%", pct(0)),
		accepts("-5%", pct(-0.05)),
		accepts("1,234%", pct(12.34)),
		accepts("0.35", num(0.35)),
		accepts(".5", num(0.5)),
		accepts("5.", num(5)),
		accepts("1,234", num(1234)),
		accepts("1,234.5", num(1234.5)),
		accepts("1,234,567", num(1234567)),
		accepts("+40", num(40)),
		accepts("-12", num(-12)),
		accepts("\u221212", num(-12)),
		accepts("-0", num(0)),
		accepts("4.5", num(4.5)),
		accepts("1.5E3", num(1500)),
		accepts("1e-5", num(0.00001)),
		accepts("2.5e+2%", pct(2.5)),
		rejects[Measure]("measure", "high"),
		rejects[Measure]("measure", "n/a"),
		rejects[Measure]("measure", "35%%"),
		rejects[Measure]("measure", "%35"),
		rejects[Measure]("measure", "NaN"),
		rejects[Measure]("measure", "Inf"),
		rejects[Measure]("measure", "-Infinity"),
		rejects[Measure]("measure", "0x10"),
		rejects[Measure]("measure", "1_000"),
		rejects[Measure]("measure", "12,34"),
		rejects[Measure]("measure", "1,2345"),
		rejects[Measure]("measure", ",123"),
		rejects[Measure]("measure", "0,35"),
		rejects[Measure]("measure", "1.2.3"),
		rejects[Measure]("measure", "1e400"),
		rejects[Measure]("measure", "1e99999"),
		rejects[Measure]("measure", "e5"),
		rejects[Measure]("measure", "+"),
		rejects[Measure]("measure", "%"),
		rejects[Measure]("measure", "$100"),
	})
}

func TestParseFeeling(t *testing.T) {
	runParseCases(t, ParseFeeling, []parseCase[Optional]{
		accepts("", Optional{}),
		accepts("-2", Some(-2)),
		accepts("-1", Some(-1)),
		accepts("0", Some(0)),
		accepts("+1", Some(1)),
		accepts("2", Some(2)),
		accepts("2.0", Some(2)),
		accepts("\u22121", Some(-1)),
		accepts("-0", Some(0)),
		accepts("very negative", Some(-2)),
		accepts("Very unhappy", Some(-2)),
		accepts("negative", Some(-1)),
		accepts("unhappy", Some(-1)),
		accepts("Frustrated", Some(-1)),
		accepts("neutral", Some(0)),
		accepts("OK", Some(0)),
		accepts("positive", Some(1)),
		accepts("happy", Some(1)),
		accepts("very positive", Some(2)),
		accepts("very-happy", Some(2)),
		accepts("Delighted", Some(2)),
		rejects[Optional]("feeling", "1.5"),
		rejects[Optional]("feeling", "3"),
		rejects[Optional]("feeling", "-3"),
		rejects[Optional]("feeling", "5"),
		rejects[Optional]("feeling", "1000000000000"),
		rejects[Optional]("feeling", "meh"),
		rejects[Optional]("feeling", "1e0"),
		rejects[Optional]("feeling", "++1"),
	})
	want := `feeling "5" is out of range: use a whole number from -2 (very negative) to +2 (very positive), or a word such as unhappy, neutral or happy`
	if _, err := ParseFeeling("5"); err == nil || err.Error() != want {
		t.Errorf("ParseFeeling(\"5\") error = %v, want %s", err, want)
	}
}

func TestParseDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	at := func(y int, m time.Month, d, h, mi, s int) time.Time { return time.Date(y, m, d, h, mi, s, 0, time.UTC) }
	parse1900 := func(s string) (time.Time, error) { return ParseDate(s, false) }
	runParseCases(t, parse1900, []parseCase[time.Time]{
		accepts("", time.Time{}),
		accepts("   ", time.Time{}),
		// Excel serial numbers in the 1900 system.
		accepts("45292", day(2024, time.January, 1)),
		accepts("45292.0", day(2024, time.January, 1)),
		accepts("45292.5", at(2024, time.January, 1, 12, 0, 0)),
		accepts("45292.75", at(2024, time.January, 1, 18, 0, 0)),
		accepts("1", day(1900, time.January, 1)),
		accepts("59", day(1900, time.February, 28)),
		accepts("60", day(1900, time.February, 28)), // Excel's fictitious 29 February 1900
		accepts("61", day(1900, time.March, 1)),
		accepts("1.5", at(1900, time.January, 1, 12, 0, 0)),
		accepts("2958465", day(9999, time.December, 31)),
		accepts("20240305", day(2024, time.March, 5)), // YYYYMMDD, too long for a serial
		rejects[time.Time]("date", "0"),
		rejects[time.Time]("date", "0.5"),
		rejects[time.Time]("date", "-1"),
		rejects[time.Time]("date", "2958466"),
		rejects[time.Time]("date", "2958465.5"),
		rejects[time.Time]("date", "20241305"),
		rejects[time.Time]("date", "1e400"),
		// ISO text.
		accepts("2024-03-05", day(2024, time.March, 5)),
		accepts("2024-3-5", day(2024, time.March, 5)),
		accepts("2024/03/05", day(2024, time.March, 5)),
		accepts("2024.03.05", day(2024, time.March, 5)),
		accepts("2024-03-05T10:00:00", at(2024, time.March, 5, 10, 0, 0)),
		accepts("2024-03-05 10:00:00", at(2024, time.March, 5, 10, 0, 0)),
		accepts("2024-03-05 10:30", at(2024, time.March, 5, 10, 30, 0)),
		accepts("2024-03-05T10:00:00Z", at(2024, time.March, 5, 10, 0, 0)),
		accepts("2024-03-05T10:00:00+02:00", at(2024, time.March, 5, 8, 0, 0)),
		accepts("2024-03-05T23:00:00-0300", at(2024, time.March, 6, 2, 0, 0)),
		accepts("2024-03-05T10:00:00.000Z", at(2024, time.March, 5, 10, 0, 0)),
		accepts("1900-01-01", day(1900, time.January, 1)),
		accepts("9999-12-31", day(9999, time.December, 31)),
		rejects[time.Time]("date", "2024-02-30"),
		rejects[time.Time]("date", "2024-13-01"),
		rejects[time.Time]("date", "2024-03-05T25:00:00"),
		rejects[time.Time]("date", "1899-12-31"),
		rejects[time.Time]("date", "9999-12-31T23:00:00-05:00"),
		rejects[time.Time]("date", "0000-01-01"),
		// Spelled-out months.
		accepts("5 March 2024", day(2024, time.March, 5)),
		accepts("March 5, 2024", day(2024, time.March, 5)),
		accepts("Mar 5 2024", day(2024, time.March, 5)),
		accepts("5 mar 2024", day(2024, time.March, 5)),
		accepts("5-Mar-2024", day(2024, time.March, 5)),
		accepts("5th March 2024", day(2024, time.March, 5)),
		accepts("Tuesday, 5 March 2024", day(2024, time.March, 5)),
		accepts("Sept. 1, 2024", day(2024, time.September, 1)),
		accepts("29 February 2024", day(2024, time.February, 29)),
		rejects[time.Time]("date", "29 February 2023"),
		rejects[time.Time]("date", "March 2024"),
		rejects[time.Time]("date", "5 March 24"),
		rejects[time.Time]("date", "5 March March 2024"),
		rejects[time.Time]("date", "5 Smarch 2024"),
		// Day/month orders are refused.
		rejects[time.Time]("date", "05/03/2024"),
		rejects[time.Time]("date", "5/3/2024"),
		rejects[time.Time]("date", "25/12/2024"),
		rejects[time.Time]("date", "12/25/2024"),
		rejects[time.Time]("date", "05.03.2024"),
		rejects[time.Time]("date", "05-03-2024"),
		rejects[time.Time]("date", "05/03/24"),
		rejects[time.Time]("date", "13/13/2024"),
		rejects[time.Time]("date", "5/3/2024 10:00"),
		rejects[time.Time]("date", "next week"),
		rejects[time.Time]("date", "yesterday"),
		rejects[time.Time]("date", "10:00"),
	})
}

func TestParseDate1904(t *testing.T) {
	parse1904 := func(s string) (time.Time, error) { return ParseDate(s, true) }
	runParseCases(t, parse1904, []parseCase[time.Time]{
		rejects[time.Time]("date", "0"),
		accepts("1", time.Date(1904, time.January, 2, 0, 0, 0, 0, time.UTC)),
		accepts("43830", time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)),
		accepts("60", time.Date(1904, time.March, 1, 0, 0, 0, 0, time.UTC)),
		accepts("2024-03-05", time.Date(2024, time.March, 5, 0, 0, 0, 0, time.UTC)),
		rejects[time.Time]("date", "2958465"), // past 9999 in the 1904 system
	})
}

func TestParseDateMessages(t *testing.T) {
	for in, want := range map[string]string{
		"05/03/2024": `date "05/03/2024" is ambiguous (5 March 2024 or 3 May 2024?): write it as YYYY-MM-DD: 2024-03-05 or 2024-05-03`,
		"25/12/2024": `date "25/12/2024" is not in year-month-day order: write it as YYYY-MM-DD: 2024-12-25 for 25 December 2024`,
		"12/25/2024": `date "12/25/2024" is not in year-month-day order: write it as YYYY-MM-DD: 2024-12-25 for 25 December 2024`,
		"05/03/24":   `date "05/03/24" is ambiguous (day/month or month/day?): write it as YYYY-MM-DD, such as 2024-03-05`,
		"2024-02-30": `date "2024-02-30" is not a real calendar date: write it as YYYY-MM-DD, such as 2024-03-05`,
		"next week":  `date "next week" is not a date: write it as YYYY-MM-DD, such as 2024-03-05`,
		"0":          `date "0" is out of range: write a date from 1900-01-01 to 9999-12-31 as YYYY-MM-DD, such as 2024-03-05`,
	} {
		if _, err := ParseDate(in, false); err == nil || err.Error() != want {
			t.Errorf("ParseDate(%q) error =\n  %v\nwant\n  %s", in, err, want)
		}
	}
}

func TestEnumMessages(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{errOf(ParseMode("sometimes")), `mode "sometimes" is not a known mode: use Ongoing, Automatic or Manual`},
		{errOf(ParseDirection("both")), `direction "both" is not a known direction: use Outbound or Inbound`},
		{errOf(ParseCadence("hourly")), `cadence "hourly" is not a known cadence: use One-time, Triggered, Daily, Weekly, Biweekly, Monthly, Quarterly or Yearly`},
		{errOf(ParseStatus("tbd")), `status "tbd" is not a known status: use Live, Planned, Paused or Retired`},
		{errOf(ParseMeasure("high")), `value "high" is not a number or a percentage: write a number such as 40, 0.35 or 1,234.5, or a percentage such as 35%`},
	}
	for _, c := range cases {
		if c.err == nil || c.err.Error() != c.want {
			t.Errorf("error = %v, want %s", c.err, c.want)
		}
	}
}

func errOf[T any](_ T, err error) error { return err }

func TestValueErrorShortensLongValues(t *testing.T) {
	long := strings.Repeat("x", 500) + "\nsecond line"
	_, err := ParseDay(long)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if len(msg) > 200 || strings.ContainsAny(msg, "\n\r") || !strings.Contains(msg, `xxx..."`) {
		t.Errorf("message not shortened to one line: %q", msg)
	}
}

func TestNames(t *testing.T) {
	for _, c := range []struct {
		got, want []string
	}{
		{ModeNames(), []string{"Ongoing", "Automatic", "Manual"}},
		{DirectionNames(), []string{"Outbound", "Inbound"}},
		{CadenceNames(), []string{"One-time", "Triggered", "Daily", "Weekly", "Biweekly", "Monthly", "Quarterly", "Yearly"}},
		{StatusNames(), []string{"Live", "Planned", "Paused", "Retired"}},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("names = %q, want %q", c.got, c.want)
		}
	}
	// The slices are copies: changing one does not change the next.
	ModeNames()[0] = "changed"
	if ModeNames()[0] != "Ongoing" {
		t.Error("ModeNames returns a shared slice")
	}
}

func TestNamesRoundTrip(t *testing.T) {
	for _, n := range ModeNames() {
		if m, err := ParseMode(n); err != nil || m.String() != n {
			t.Errorf("ParseMode(%q) = %v, %v", n, m, err)
		}
	}
	for _, n := range DirectionNames() {
		if d, err := ParseDirection(n); err != nil || d.String() != n {
			t.Errorf("ParseDirection(%q) = %v, %v", n, d, err)
		}
	}
	for _, n := range CadenceNames() {
		if c, err := ParseCadence(n); err != nil || c.String() != n {
			t.Errorf("ParseCadence(%q) = %v, %v", n, c, err)
		}
	}
	for _, n := range StatusNames() {
		if s, err := ParseStatus(n); err != nil || s.String() != n {
			t.Errorf("ParseStatus(%q) = %v, %v", n, s, err)
		}
	}
}

func TestSynonym(t *testing.T) {
	cases := []struct {
		kind, in, want string
		ok             bool
	}{
		{"mode", "auto", "Automatic", true},
		{"mode", "Always-on", "Ongoing", true},
		{"mode", "manual", "Manual", true},
		{"direction", "push", "Outbound", true},
		{"direction", "incoming", "Inbound", true},
		{"cadence", "fortnightly", "Biweekly", true},
		{"cadence", "one off", "One-time", true},
		{"cadence", "every 3 months", "Quarterly", true},
		{"status", "on hold", "Paused", true},
		{"status", "draft", "Planned", true},
		{"status", "LIVE", "Live", true},
		{"mode", "push", "", false},
		{"cadence", "sometimes", "", false},
		{"cadence", "", "", false},
		{"channel", "email", "", false},
		{"feeling", "happy", "", false},
	}
	for _, c := range cases {
		got, ok := Synonym(c.kind, c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("Synonym(%q, %q) = %q, %v; want %q, %v", c.kind, c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestExcelSerialToTime(t *testing.T) {
	cases := []struct {
		serial   float64
		date1904 bool
		want     time.Time
	}{
		{1, false, time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)},
		{45292, false, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		{45292 + 1.0/3, false, time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)},
		{45292.99999999, false, time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)},
		{0.25 + 2, false, time.Date(1900, 1, 2, 6, 0, 0, 0, time.UTC)},
		{0, true, time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)},
		{43830.5, true, time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		if got := ExcelSerialToTime(c.serial, c.date1904); !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("ExcelSerialToTime(%v, %v) = %v, want %v", c.serial, c.date1904, got, c.want)
		}
	}
}
