package export_test

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/journey-cli/journey/internal/export"
	"github.com/journey-cli/journey/internal/journey"
)

// trickyStrings are texts whose JSON encoding is easy to get wrong: what
// encoding/json escapes (quotes, control characters, <, > and &, U+2028
// and U+2029), invalid UTF-8 (written as \ufffd), and spaces that
// CleanText removes.
var trickyStrings = []string{
	"",
	"plain",
	`say "hi" \ there`,
	"tab\there, line\nbreak, \r, \b, \f, \x00, \x1f, \x7f",
	"<script>alert('x & y')</script>",
	"line\u2028separator\u2029paragraph",
	"bad \xff utf-8 \xe2\x82 cut \xe2",
	"\xed\xa0\x80 surrogate, \xc0\xaf overlong",
	"  doubled   and\u00a0non-breaking\u3000spaces  ",
	"émoji 🚀, ümlaut, 漢字",
}

// trickyNumbers are Target and Actual values across encoding/json's
// switch between plain and exponent notation.
var trickyNumbers = []float64{0, math.Copysign(0, -1), 0.35, -2.5, 1e-6, 9.99e-7, 1e-7, 1.5e-300, 123456789.125, 1e20, 1e21, -1e21, 1.7976931348623157e308, 5e-324}

// referenceJSON is the JSON of j as encoding/json writes the whole
// Document: what WriteJSON must write byte for byte.
func referenceJSON(t *testing.T, j *journey.Journey) []byte {
	t.Helper()
	want, err := json.MarshalIndent(export.NewDocument(j), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(want, '\n')
}

func checkWriteJSON(t *testing.T, j *journey.Journey) {
	t.Helper()
	var got bytes.Buffer
	if err := export.WriteJSON(&got, j); err != nil {
		t.Fatal(err)
	}
	if want := referenceJSON(t, j); !bytes.Equal(got.Bytes(), want) {
		t.Errorf("WriteJSON differs from encoding/json:\n%s", firstDiff(string(want), got.String()))
	}
}

// jsonEscapesJourney has every tricky string in every field, extra columns
// (two of them with the same header), a tricky sheet name, and measures
// of every tricky number, NaN and infinity.
func jsonEscapesJourney(sheet string) *journey.Journey {
	j := &journey.Journey{File: "tricky.xlsx", Table: allColumns()}
	j.Table.Sheet = journey.Loc{File: "tricky.xlsx", Sheet: sheet}
	extraCol := int(journey.NumFields) + 1
	for i, h := range []string{"Budget", "<b>Owner</b>", "Budget", "Zone \xff"} {
		j.Table.Headers = append(j.Table.Headers, journey.Header{Col: extraCol + i, Text: h, Field: -1})
	}
	measures := append(trickyNumbers, math.NaN(), math.Inf(1), math.Inf(-1))
	for i, s := range trickyStrings {
		var tp journey.Touchpoint
		tp.Row = i // row 0 has references without a row
		var raw [journey.NumFields]string
		for f := range raw {
			raw[f] = s
		}
		tp.SetRawFields(raw)
		journey.ParseTyped(&tp)
		tp.Target = journey.Measure{Value: measures[i%len(measures)], Percent: i%2 == 0, Known: true}
		tp.Actual = journey.Measure{Value: measures[(i+7)%len(measures)], Known: i%3 != 0}
		tp.Day, tp.Feeling = journey.Some(-i), journey.Some(i%5-2)
		if i%2 == 1 {
			tp.Extra = map[int]string{extraCol: s, extraCol + 1: "x", extraCol + 2: "right " + s, extraCol + 3: s, 99: "no header"}
		}
		j.Touchpoints = append(j.Touchpoints, tp)
	}
	return j
}

func TestWriteJSONMatchesEncodingJSON(t *testing.T) {
	t.Run("example", func(t *testing.T) { checkWriteJSON(t, readExample(t)) })
	for _, sheet := range []string{"Touchpoints", "", `Q1 "<&>"`, "bad \xe2\x82", "Ü\u2028"} {
		t.Run("sheet "+sheet, func(t *testing.T) { checkWriteJSON(t, jsonEscapesJourney(sheet)) })
	}
	t.Run("measures", func(t *testing.T) {
		j := &journey.Journey{Table: allColumns()}
		for i, v := range trickyNumbers {
			j.Touchpoints = append(j.Touchpoints, journey.Touchpoint{Row: i + 2,
				Target: journey.Measure{Value: v, Known: true}, Actual: journey.Measure{Value: -v, Percent: true, Known: true}})
		}
		checkWriteJSON(t, j)
	})
	t.Run("no columns", func(t *testing.T) {
		checkWriteJSON(t, &journey.Journey{Touchpoints: []journey.Touchpoint{{Row: 2}, {Row: 3, Extra: map[int]string{1: "x"}}}})
	})
	t.Run("no touchpoints", func(t *testing.T) { checkWriteJSON(t, &journey.Journey{Table: allColumns()}) })
}

// FuzzWriteJSON compares WriteJSON with encoding/json on a touchpoint
// whose text, extra column, sheet name, row and Target are fuzzed.
func FuzzWriteJSON(f *testing.F) {
	for i, s := range trickyStrings {
		f.Add(s, s, "Touchpoints", i+1, trickyNumbers[i%len(trickyNumbers)])
	}
	f.Fuzz(func(t *testing.T, text, header, sheet string, row int, target float64) {
		j := &journey.Journey{Table: allColumns()}
		j.Table.Sheet.Sheet = sheet
		extraCol := int(journey.NumFields) + 1
		j.Table.Headers = append(j.Table.Headers, journey.Header{Col: extraCol, Text: header, Field: -1})
		tp := journey.Touchpoint{Row: row, Extra: map[int]string{extraCol: text}}
		var raw [journey.NumFields]string
		for f := range raw {
			raw[f] = text
		}
		tp.SetRawFields(raw)
		journey.ParseTyped(&tp)
		tp.Target = journey.Measure{Value: target, Known: true}
		j.Touchpoints = []journey.Touchpoint{tp, {Row: row + 1}}
		checkWriteJSON(t, j)
	})
}
