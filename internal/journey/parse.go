package journey

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// ValueError reports a cell value that cannot be read. Its message is one
// plain sentence that names the value and says what is accepted.
type ValueError struct {
	// Kind is what was being read: "mode", "direction", "cadence",
	// "status", "day", "measure", "feeling" or "date".
	Kind string
	// Value is the text as written.
	Value string
	// Problem says what is wrong, e.g. "is out of range".
	Problem string
	// Hint says what to write instead, e.g. "use Ongoing, Automatic or Manual".
	Hint string
}

// Error returns the sentence, e.g. `mode "Sometimes" is not a known mode:
// use Ongoing, Automatic or Manual`.
func (e *ValueError) Error() string {
	msg := quoteValue(e.Value) + " " + e.Problem
	if noun := valueNoun(e.Kind); noun != "" {
		msg = noun + " " + msg
	}
	if e.Hint != "" {
		msg += ": " + e.Hint
	}
	return msg
}

// valueNoun names a kind of value the way a spreadsheet user would.
func valueNoun(kind string) string {
	if kind == "measure" {
		return "value"
	}
	return kind
}

// maxQuotedValue is the longest value, in characters, an error quotes in full.
const maxQuotedValue = 60

// quoteValue quotes s on one line, shortening very long cells.
func quoteValue(s string) string {
	if r := []rune(s); len(r) > maxQuotedValue {
		s = string(r[:maxQuotedValue-3]) + "..."
	}
	return strconv.Quote(s)
}

// blankValue reports whether s is empty or only white space.
func blankValue(s string) bool { return strings.TrimSpace(s) == "" }

// vocab is the vocabulary of an enumerated column: its canonical names,
// indexed by enum value, and every accepted spelling.
type vocab struct {
	kind  string
	names []string       // "" for the unknown value
	words map[string]int // normalised name or synonym -> enum value
}

func newVocab(kind string, names []string, synonyms map[int][]string) *vocab {
	v := &vocab{kind: kind, names: names, words: map[string]int{}}
	for i, n := range names {
		if n != "" {
			v.words[NormalizeName(n)] = i
		}
	}
	for i, list := range synonyms {
		for _, w := range list {
			v.words[NormalizeName(w)] = i
		}
	}
	return v
}

// canonical returns the canonical names in enum order.
func (v *vocab) canonical() []string {
	out := make([]string, 0, len(v.names))
	for _, n := range v.names {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// lookup returns the enum value that s spells, ignoring case, spaces and
// punctuation.
func (v *vocab) lookup(s string) (int, bool) {
	i, ok := v.words[NormalizeName(s)]
	return i, ok
}

// parse reads s; a blank s is the zero value.
func (v *vocab) parse(s string) (int, error) {
	if blankValue(s) {
		return 0, nil
	}
	if i, ok := v.lookup(s); ok {
		return i, nil
	}
	return 0, &ValueError{Kind: v.kind, Value: s, Problem: "is not a known " + v.kind, Hint: "use " + joinOr(v.canonical())}
}

// joinOr lists names as "A, B or C".
func joinOr(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

var (
	modeVocab = newVocab("mode", modeNames, map[int][]string{
		int(ModeOngoing):   {"always on", "always-on", "continuous", "evergreen"},
		int(ModeAutomatic): {"auto", "automated", "automation"},
		int(ModeManual):    {"by hand", "human", "personal"},
	})
	directionVocab = newVocab("direction", directionNames, map[int][]string{
		int(Outbound): {"out", "push", "outgoing"},
		int(Inbound):  {"in", "pull", "incoming"},
	})
	cadenceVocab = newVocab("cadence", cadenceNames, map[int][]string{
		int(OneTime):   {"once", "one time", "one-off", "one off", "single"},
		int(Triggered): {"on trigger", "event-based", "event driven", "on demand", "as needed"},
		int(Daily):     {"every day", "each day", "per day"},
		int(Weekly):    {"every week", "each week", "per week", "once a week"},
		int(Biweekly):  {"bi-weekly", "fortnightly", "every two weeks", "every 2 weeks", "every other week"},
		int(Monthly):   {"every month", "each month", "per month", "once a month"},
		int(Quarterly): {"every quarter", "each quarter", "every 3 months", "every three months"},
		int(Yearly):    {"every year", "each year", "annual", "annually", "once a year"},
	})
	statusVocab = newVocab("status", statusNames, map[int][]string{
		int(StatusLive):    {"active", "on", "running"},
		int(StatusPlanned): {"draft", "idea", "proposed"},
		int(StatusPaused):  {"on hold"},
		int(StatusRetired): {"stopped", "off", "deprecated", "discontinued"},
	})
	vocabByKind = map[string]*vocab{
		"mode":      modeVocab,
		"direction": directionVocab,
		"cadence":   cadenceVocab,
		"status":    statusVocab,
	}
)

// ModeNames returns the canonical modes in order: Ongoing, Automatic, Manual.
func ModeNames() []string { return modeVocab.canonical() }

// DirectionNames returns the canonical directions: Outbound, Inbound.
func DirectionNames() []string { return directionVocab.canonical() }

// CadenceNames returns the canonical cadences, from One-time to Yearly.
func CadenceNames() []string { return cadenceVocab.canonical() }

// StatusNames returns the canonical statuses: Live, Planned, Paused, Retired.
func StatusNames() []string { return statusVocab.canonical() }

// Synonym returns the canonical spelling of s as a value of kind ("mode",
// "direction", "cadence" or "status"): Synonym("cadence", "fortnightly") is
// "Biweekly". Canonical names in another case or spacing count too.
func Synonym(kind, s string) (canonical string, ok bool) {
	v, found := vocabByKind[kind]
	if !found {
		return "", false
	}
	i, found := v.lookup(s)
	if !found {
		return "", false
	}
	return v.names[i], true
}

// ParseMode reads Ongoing, Automatic or Manual, or a synonym such as "auto"
// or "always on". A blank cell is ModeUnknown.
func ParseMode(s string) (Mode, error) {
	i, err := modeVocab.parse(s)
	return Mode(i), err
}

// ParseDirection reads Outbound or Inbound, or a synonym such as "push" or
// "incoming". A blank cell is DirectionUnknown.
func ParseDirection(s string) (Direction, error) {
	i, err := directionVocab.parse(s)
	return Direction(i), err
}

// ParseCadence reads One-time, Triggered, Daily, Weekly, Biweekly, Monthly,
// Quarterly or Yearly, or a synonym such as "fortnightly" or "every month".
// A blank cell is CadenceUnknown.
func ParseCadence(s string) (Cadence, error) {
	i, err := cadenceVocab.parse(s)
	return Cadence(i), err
}

// ParseStatus reads Live, Planned, Paused or Retired, or a synonym such as
// "active" or "on hold". A blank cell is StatusLive.
func ParseStatus(s string) (Status, error) {
	i, err := statusVocab.parse(s)
	return Status(i), err
}

// decimal is a number as written: sign, digits and a power of ten.
type decimal struct {
	neg   bool
	whole string // digits before the decimal point, separators removed
	frac  string // digits after the decimal point
	exp   int    // power of ten written after an e
}

// scanDecimal reads an optionally signed decimal number ("+3", "-1.50",
// ".5", "−2" with a Unicode minus). grouped allows thousands separators
// ("1,234.5"), exponent allows a power of ten ("1.5E-3").
func scanDecimal(s string, grouped, exponent bool) (decimal, bool) {
	var d decimal
	s = strings.ReplaceAll(s, "\u2212", "-")
	if s != "" && (s[0] == '+' || s[0] == '-') {
		d.neg = s[0] == '-'
		s = s[1:]
	}
	if i := strings.IndexAny(s, "eE"); exponent && i >= 0 {
		e, ok := scanExponent(s[i+1:])
		if !ok {
			return d, false
		}
		d.exp, s = e, s[:i]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if grouped {
		var ok bool
		if whole, ok = ungroup(whole); !ok {
			return d, false
		}
	}
	if whole+frac == "" || !allDigits(whole) || !allDigits(frac) {
		return d, false
	}
	d.whole, d.frac = whole, frac
	return d, true
}

// scanExponent reads the signed power of ten after an e, up to four digits.
func scanExponent(s string) (int, bool) {
	digits := strings.TrimLeft(s, "+-")
	if len(s)-len(digits) > 1 || digits == "" || len(digits) > 4 || !allDigits(digits) {
		return 0, false
	}
	e, _ := strconv.Atoi(digits)
	if s[0] == '-' {
		e = -e
	}
	return e, true
}

// ungroup removes thousands separators from the integer part, checking
// that they sit every three digits ("1,234,567" but not "12,34").
func ungroup(s string) (string, bool) {
	if !strings.Contains(s, ",") {
		return s, true
	}
	groups := strings.Split(s, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isWhole reports whether the number has no fractional part ("7.00" has none).
func (d decimal) isWhole() bool { return strings.Trim(d.frac, "0") == "" }

// int returns the magnitude of the integer part, ok=false when it exceeds
// nine digits.
func (d decimal) int() (int, bool) {
	digits := strings.TrimLeft(d.whole, "0")
	if digits == "" {
		return 0, true
	}
	if len(digits) > 9 {
		return 0, false
	}
	n, _ := strconv.Atoi(digits)
	return n, true
}

// float returns the number as a float64 rounded once, from its decimal
// text, so "0.35" and "35e-2" give the same value. ok is false when the
// number is too large for a float64.
func (d decimal) float() (float64, bool) {
	text := orZero(d.whole) + "." + orZero(d.frac) + "e" + strconv.Itoa(d.exp)
	if d.neg {
		text = "-" + text
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	if v == 0 {
		v = 0 // no negative zero
	}
	return v, true
}

func orZero(digits string) string {
	if digits == "" {
		return "0"
	}
	return digits
}

// MaxDay is the largest day offset ParseDay accepts: ten years.
const MaxDay = 3650

const dayHint = "write a whole number of days such as 0, 3, 7d or 2w"

// dayUnits maps a unit written after a day offset to its length in days.
var dayUnits = map[string]int{
	"": 1, "d": 1, "day": 1, "days": 1,
	"w": 7, "wk": 7, "wks": 7, "week": 7, "weeks": 7,
}

// ParseDay reads a number of days after the customer enters the stage:
// "3", "+3", "7.0", "7d", "7 days", "2w", "2 weeks", "Day 7", "D7". The
// result is a whole number from 0 to MaxDay; a blank cell is unknown.
func ParseDay(s string) (Optional, error) {
	if blankValue(s) {
		return Optional{}, nil
	}
	num, factor, ok := splitDayUnit(s)
	d, isNum := scanDecimal(num, false, false)
	if !ok || !isNum {
		return Optional{}, dayError(s, "is not a number of days", dayHint)
	}
	// A week is 7 days and 7 shares no factor with 10, so a written
	// fraction never makes whole days: 1.5w is 10.5 days.
	if !d.isWhole() {
		return Optional{}, dayError(s, "is not a whole number of days", dayHint)
	}
	n, small := d.int()
	days := n * factor
	switch {
	case d.neg && days != 0:
		return Optional{}, dayError(s, "is negative", "count the days after the customer enters the stage, from 0")
	case !small || days > MaxDay:
		return Optional{}, dayError(s, "is out of range", "use a whole number of days from 0 to 3650 (ten years)")
	}
	return Some(days), nil
}

// splitDayUnit drops a leading "Day" or "D" and splits the number from its
// unit, returning the unit's length in days.
func splitDayUnit(s string) (num string, factor int, ok bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.ReplaceAll(t, "\u2212", "-")
	if rest, found := strings.CutPrefix(t, "day"); found {
		t = rest
	} else if rest, found := strings.CutPrefix(t, "d"); found {
		t = rest
	}
	t = strings.TrimSpace(t)
	end := strings.IndexFunc(t, func(r rune) bool { return !strings.ContainsRune("+-.0123456789", r) })
	if end < 0 {
		end = len(t)
	}
	factor, ok = dayUnits[strings.TrimSpace(t[end:])]
	return t[:end], factor, ok
}

func dayError(s, problem, hint string) error {
	return &ValueError{Kind: "day", Value: s, Problem: problem, Hint: hint}
}

// ParseMeasure reads a Target or Actual: a number ("4.5", "+40", "-12",
// "1,234.5", "1.5E3") or a percentage ("35%", "35 %"), stored as a
// fraction: "35%" is 0.35 with Percent set. A blank cell is unknown.
func ParseMeasure(s string) (Measure, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return Measure{}, nil
	}
	num, percent := strings.CutSuffix(t, "%")
	d, ok := scanDecimal(strings.TrimSpace(num), true, true)
	if !ok {
		return Measure{}, measureError(s, "is not a number or a percentage")
	}
	if percent {
		d.exp -= 2
	}
	v, ok := d.float()
	if !ok {
		return Measure{}, measureError(s, "is too large")
	}
	return Measure{Value: v, Percent: percent, Known: true}, nil
}

func measureError(s, problem string) error {
	return &ValueError{Kind: "measure", Value: s, Problem: problem,
		Hint: "write a number such as 40, 0.35 or 1,234.5, or a percentage such as 35%"}
}

const feelingHint = "use a whole number from -2 (very negative) to +2 (very positive), or a word such as unhappy, neutral or happy"

// feelingWords maps normalised words to feelings.
var feelingWords = map[string]int{
	"verynegative": -2, "veryunhappy": -2,
	"negative": -1, "unhappy": -1, "frustrated": -1,
	"neutral": 0, "ok": 0, "okay": 0,
	"positive": 1, "happy": 1,
	"verypositive": 2, "veryhappy": 2, "delighted": 2,
}

// ParseFeeling reads how the customer feels: a whole number from -2 to +2
// ("-2", "+1", "2.0", "−1" with a Unicode minus) or a word such as
// "unhappy", "neutral" or "delighted". A blank cell is unknown.
func ParseFeeling(s string) (Optional, error) {
	if blankValue(s) {
		return Optional{}, nil
	}
	if v, ok := feelingWords[NormalizeName(s)]; ok {
		return Some(v), nil
	}
	d, ok := scanDecimal(strings.TrimSpace(s), false, false)
	switch {
	case !ok:
		return Optional{}, feelingError(s, "is not a feeling")
	case !d.isWhole():
		return Optional{}, feelingError(s, "is not a whole number")
	}
	n, small := d.int()
	if !small || n > 2 {
		return Optional{}, feelingError(s, "is out of range")
	}
	if d.neg {
		n = -n
	}
	return Some(n), nil
}

func feelingError(s, problem string) error {
	return &ValueError{Kind: "feeling", Value: s, Problem: problem, Hint: feelingHint}
}

// MaxSerial is the largest Excel date serial number: 9999-12-31.
const MaxSerial = 2958465

const dateHint = "write it as YYYY-MM-DD, such as 2024-03-05"

// ParseDate reads a date: an Excel serial number ("45292" is 2024-01-01 in
// the 1900 date system; date1904 selects the 1904 system), ISO text
// ("2024-03-05", "2024/03/05", "2024-03-05T10:00:00", "2024-03-05
// 10:00:00"), or a spelled-out month ("5 March 2024", "March 5, 2024",
// "Mar 5 2024"). Numeric day/month orders such as "05/03/2024" are refused
// as ambiguous. The result is in UTC; a blank cell is the zero time.
func ParseDate(s string, date1904 bool) (time.Time, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return time.Time{}, nil
	}
	if d, ok := scanDecimal(t, false, true); ok {
		return parseSerialDate(s, d, date1904)
	}
	if tm, ok := parseISODate(t); ok {
		return checkDateRange(s, tm)
	}
	if y, m, d, ok := parseSpelledDate(t); ok {
		return calendarDate(s, y, m, d)
	}
	return time.Time{}, numericDateError(s, t)
}

// parseSerialDate converts an Excel serial number, or an 8-digit
// YYYYMMDD date, which no serial number is long enough to be.
func parseSerialDate(s string, d decimal, date1904 bool) (time.Time, error) {
	if len(d.whole) == 8 && d.frac == "" && d.exp == 0 && !d.neg {
		y, _ := strconv.Atoi(d.whole[:4])
		m, _ := strconv.Atoi(d.whole[4:6])
		day, _ := strconv.Atoi(d.whole[6:])
		if validDate(y, m, day) {
			return calendarDate(s, y, m, day)
		}
	}
	v, ok := d.float()
	if !ok || v < 1 || v > MaxSerial {
		return time.Time{}, dateOutOfRange(s)
	}
	// The 1904 system ends 1,462 days earlier, so check the year too.
	return checkDateRange(s, ExcelSerialToTime(v, date1904))
}

var (
	excelEpoch1900 = time.Date(1899, time.December, 30, 0, 0, 0, 0, time.UTC)
	excelEpoch1904 = time.Date(1904, time.January, 1, 0, 0, 0, 0, time.UTC)
)

// ExcelSerialToTime converts an Excel serial date (1 or more) to a UTC time
// by the same rule as excelize's ExcelDateToTime: whole days from the
// epoch, the fictitious 29 February 1900 folded onto the 28th, and the time
// of day rounded to the microsecond up to serial 61, to the second after.
func ExcelSerialToTime(serial float64, date1904 bool) time.Time {
	epoch := excelEpoch1900
	if date1904 {
		epoch = excelEpoch1904
	}
	whole := int(serial)
	if whole > 61 {
		frac := serial - float64(whole) + 1e-9
		day := epoch.AddDate(0, 0, whole)
		return roundToSecond(day.Add(time.Duration(float64(24*time.Hour) * frac)))
	}
	t := excelEarlyTime(epoch, serial, date1904)
	if !date1904 && serial < 60 {
		t = t.AddDate(0, 0, 1) // before the fictitious 29 February 1900
	}
	return t
}

// excelEarlyTime converts a serial up to 61 as excelize does: through a
// modified Julian date, with the time of day truncated to the microsecond.
func excelEarlyTime(epoch time.Time, serial float64, date1904 bool) time.Time {
	offset := 15018.0 // modified Julian date of the 1900 epoch
	if date1904 {
		offset = 16480.0
	}
	days, frac := math.Modf(serial + offset)
	frac = (0.5 + frac) - 0.5
	ns := int64(float64(24*time.Hour)*frac + 500)
	return epoch.AddDate(0, 0, int(days-offset)).Add(time.Duration(ns - ns%1000))
}

// roundToSecond rounds up from past half a second (by the millisecond, as
// excelize does) and truncates otherwise.
func roundToSecond(t time.Time) time.Time {
	if t.Nanosecond()/1e6 > 500 {
		return t.Round(time.Second)
	}
	return t.Truncate(time.Second)
}

// isoDateLayouts are the year-first forms ParseDate reads with time.Parse.
var isoDateLayouts = func() []string {
	var out []string
	for _, date := range []string{"2006-1-2", "2006/1/2", "2006.1.2"} {
		out = append(out, date)
		for _, clock := range []string{"T15:04", " 15:04", "T15:04:05", " 15:04:05"} {
			for _, zone := range []string{"", "Z07:00", "Z0700", " Z07:00"} {
				out = append(out, date+clock+zone)
			}
		}
	}
	return out
}()

// parseISODate reads a year-first date with an optional time and zone.
func parseISODate(s string) (time.Time, bool) {
	if len(s) < 8 || !allDigits(s[:4]) || !strings.ContainsRune("-/.", rune(s[4])) {
		return time.Time{}, false
	}
	for _, layout := range isoDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

var monthWords = func() map[string]int {
	m := map[string]int{"sept": 9}
	for i := time.January; i <= time.December; i++ {
		name := strings.ToLower(i.String())
		m[name], m[name[:3]] = int(i), int(i)
	}
	return m
}()

var weekdayWords = func() map[string]bool {
	m := map[string]bool{}
	for i := time.Sunday; i <= time.Saturday; i++ {
		name := strings.ToLower(i.String())
		m[name], m[name[:3]] = true, true
	}
	return m
}()

// dateTokens splits a date into words and numbers.
func dateTokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",-/.", r)
	})
}

// parseSpelledDate reads a day, a month name and a four-digit year in any
// order ("5 March 2024", "March 5th, 2024", "Tue 5-Mar-2024"), ignoring
// a weekday. ok says whether the text has that form, not whether the day
// exists.
func parseSpelledDate(s string) (y, m, d int, ok bool) {
	for _, tok := range dateTokens(s) {
		switch {
		case weekdayWords[tok]:
		case monthWords[tok] != 0 && m == 0:
			m = monthWords[tok]
		case len(tok) == 4 && allDigits(tok) && y == 0:
			y, _ = strconv.Atoi(tok)
		case d == 0:
			if d, ok = dayOfMonth(tok); !ok {
				return 0, 0, 0, false
			}
		default:
			return 0, 0, 0, false
		}
	}
	return y, m, d, y != 0 && m != 0 && d != 0
}

// dayOfMonth reads "5", "05" or "5th".
func dayOfMonth(tok string) (int, bool) {
	for _, suffix := range []string{"st", "nd", "rd", "th"} {
		tok = strings.TrimSuffix(tok, suffix)
	}
	if tok == "" || len(tok) > 2 || !allDigits(tok) {
		return 0, false
	}
	d, _ := strconv.Atoi(tok)
	return d, d > 0
}

// validDate reports whether year, month and day name a real calendar day.
func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}

// calendarDate returns the UTC midnight of a day that must exist and be in
// range.
func calendarDate(s string, y, m, d int) (time.Time, error) {
	if !validDate(y, m, d) {
		return time.Time{}, &ValueError{Kind: "date", Value: s, Problem: "is not a real calendar date", Hint: dateHint}
	}
	return checkDateRange(s, time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC))
}

// checkDateRange accepts years 1900 to 9999.
func checkDateRange(s string, t time.Time) (time.Time, error) {
	if t.Year() < 1900 || t.Year() > 9999 {
		return time.Time{}, dateOutOfRange(s)
	}
	return t, nil
}

func dateOutOfRange(s string) error {
	return &ValueError{Kind: "date", Value: s, Problem: "is out of range",
		Hint: "write a date from 1900-01-01 to 9999-12-31 as YYYY-MM-DD, such as 2024-03-05"}
}

// numericDateError explains why an unreadable date was refused: a
// day/month order, a year-first date that does not exist, or anything else.
func numericDateError(s, t string) error {
	tok := dateTokens(t)
	if len(tok) < 3 || !allDigits(tok[0]+tok[1]+tok[2]) || len(tok[0]) > 4 || len(tok[1]) > 4 || len(tok[2]) > 4 {
		return &ValueError{Kind: "date", Value: s, Problem: "is not a date", Hint: dateHint}
	}
	a, _ := strconv.Atoi(tok[0])
	b, _ := strconv.Atoi(tok[1])
	c, _ := strconv.Atoi(tok[2])
	if len(tok[0]) == 4 {
		if !validDate(a, b, c) {
			return &ValueError{Kind: "date", Value: s, Problem: "is not a real calendar date", Hint: dateHint}
		}
		return &ValueError{Kind: "date", Value: s, Problem: "is not a date", Hint: dateHint}
	}
	return dayMonthError(s, a, b, c, len(tok[2]) == 4)
}

// dayMonthError refuses "05/03/2024": it names both readings when there
// are two and gives the YYYY-MM-DD spelling of each.
func dayMonthError(s string, a, b, year int, fullYear bool) error {
	e := &ValueError{Kind: "date", Value: s, Problem: "is ambiguous (day/month or month/day?)", Hint: dateHint}
	if !fullYear {
		return e
	}
	dayFirst, monthFirst := validDate(year, b, a), validDate(year, a, b)
	switch {
	case dayFirst && monthFirst && a != b:
		e.Problem = fmt.Sprintf("is ambiguous (%s or %s?)", longDate(year, b, a), longDate(year, a, b))
		e.Hint = fmt.Sprintf("write it as YYYY-MM-DD: %s or %s", isoDate(year, b, a), isoDate(year, a, b))
	case dayFirst:
		e.Problem = "is not in year-month-day order"
		e.Hint = fmt.Sprintf("write it as YYYY-MM-DD: %s for %s", isoDate(year, b, a), longDate(year, b, a))
	case monthFirst:
		e.Problem = "is not in year-month-day order"
		e.Hint = fmt.Sprintf("write it as YYYY-MM-DD: %s for %s", isoDate(year, a, b), longDate(year, a, b))
	default:
		e.Problem = "is not a real calendar date"
	}
	return e
}

func longDate(y, m, d int) string { return fmt.Sprintf("%d %s %d", d, time.Month(m), y) }

func isoDate(y, m, d int) string { return fmt.Sprintf("%04d-%02d-%02d", y, m, d) }
