package diff

import (
	"math"

	"github.com/journey-cli/journey/internal/journey"
)

// compareFields returns the compared columns whose values differ, in a
// slice of exactly that length (a map where every row changed holds
// millions of them). buf is scratch space kept between calls.
func compareFields(cols []column, old, new *journey.Journey, o, n *journey.Touchpoint, buf *[]FieldChange) []FieldChange {
	out := (*buf)[:0]
	defer func() { *buf = out[:0] }()
	for _, c := range cols {
		var a, b string
		if c.field >= 0 {
			a, b = o.Raw(c.field), n.Raw(c.field)
		} else {
			a, b = o.Extra[c.oldCol], n.Extra[c.newCol]
		}
		if sameValue(c.field, a, b) {
			continue
		}
		fc := FieldChange{Field: c.name, From: journey.CleanText(a), To: journey.CleanText(b)}
		fc.FromLoc = old.Table.Sheet.AtRow(o.Row).At(c.oldCol)
		fc.ToLoc = new.Table.Sheet.AtRow(n.Row).At(c.newCol)
		out = append(out, fc)
	}
	if len(out) == 0 {
		return nil
	}
	return append([]FieldChange(nil), out...)
}

// sameValue reports whether two cells of field f (-1 for a column journey
// does not know) hold the same value, whichever program wrote them:
//
//   - Mode, Direction, Cadence and Status compare as the values they
//     spell ("auto" is Automatic; an empty Status is Live);
//   - Day, Feeling, Target and Actual compare as numbers ("35%", "35.00%"
//     and "0.35" are equal; "2w" is 14; "happy" is 1);
//   - Stage, Channel and Owner team compare ignoring case, spaces and
//     punctuation, as the vocabularies match them;
//   - columns journey does not know compare as numbers when both parse as
//     numbers, else as text;
//   - everything else compares as text with surrounding and doubled
//     spaces removed.
//
// A value that does not parse compares as text with the other side.
func sameValue(f journey.Field, a, b string) bool {
	ca, cb := journey.CleanText(a), journey.CleanText(b)
	if ca == cb {
		return true
	}
	switch f {
	case journey.FieldMode:
		return sameParsed(journey.ParseMode, ca, cb)
	case journey.FieldDirection:
		return sameParsed(journey.ParseDirection, ca, cb)
	case journey.FieldCadence:
		return sameParsed(journey.ParseCadence, ca, cb)
	case journey.FieldStatus:
		return sameParsed(journey.ParseStatus, ca, cb)
	case journey.FieldDay:
		return sameParsed(journey.ParseDay, ca, cb)
	case journey.FieldFeeling:
		return sameParsed(journey.ParseFeeling, ca, cb)
	case journey.FieldTarget, journey.FieldActual:
		return sameMeasure(ca, cb)
	case journey.FieldStage, journey.FieldChannel, journey.FieldOwnerTeam:
		return journey.NormalizeName(ca) == journey.NormalizeName(cb)
	case -1:
		ma, erra := journey.ParseMeasure(ca)
		mb, errb := journey.ParseMeasure(cb)
		return erra == nil && errb == nil && ma.Known && mb.Known && closeEnough(ma.Value, mb.Value)
	}
	return false
}

// sameParsed compares two values as parse reads them; if either does not
// parse, they differ (their texts already differ).
func sameParsed[T comparable](parse func(string) (T, error), a, b string) bool {
	va, erra := parse(a)
	vb, errb := parse(b)
	return erra == nil && errb == nil && va == vb
}

// sameMeasure compares two Target or Actual values as numbers: a
// percentage is its fraction, so "35%" equals "0.35".
func sameMeasure(a, b string) bool {
	ma, erra := journey.ParseMeasure(a)
	mb, errb := journey.ParseMeasure(b)
	if erra != nil || errb != nil || ma.Known != mb.Known {
		return false
	}
	return !ma.Known || closeEnough(ma.Value, mb.Value)
}

// closeEnough compares numbers that went through decimal text and binary
// floating point in different programs.
func closeEnough(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}
