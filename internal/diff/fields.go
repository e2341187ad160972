package diff

import (
	"math"

	"github.com/journey-cli/journey/internal/journey"
)

// fieldComparer compares the columns of matched touchpoints.
type fieldComparer struct {
	old, new *journey.Journey
	cols     []column
	stageCol int           // the index in cols of the Stage column, -1 when not compared
	buf      []FieldChange // scratch space kept between calls
}

func newFieldComparer(old, new *journey.Journey, cols []column) *fieldComparer {
	c := &fieldComparer{old: old, new: new, cols: cols, stageCol: -1}
	for i, col := range cols {
		if col.field == journey.FieldStage {
			c.stageCol = i
		}
	}
	return c
}

// compare returns the compared columns whose values differ, in a slice of
// exactly that length (a map where every row changed holds millions of
// them).
func (c *fieldComparer) compare(o, n *journey.Touchpoint) []FieldChange {
	out := c.buf[:0]
	defer func() { c.buf = out[:0] }()
	for _, col := range c.cols {
		var a, b string
		if col.field >= 0 {
			a, b = o.Raw(col.field), n.Raw(col.field)
		} else {
			a, b = o.Extra[col.oldCol], n.Extra[col.newCol]
		}
		if sameValue(col.field, a, b) {
			continue
		}
		fc := FieldChange{Field: col.name, From: journey.CleanText(a), To: journey.CleanText(b)}
		fc.FromLoc = c.old.Table.Sheet.AtRow(o.Row).At(col.oldCol)
		fc.ToLoc = c.new.Table.Sheet.AtRow(n.Row).At(col.newCol)
		out = append(out, fc)
	}
	if len(out) == 0 {
		return nil
	}
	return append([]FieldChange(nil), out...)
}

// kind is the kind of a matched pair whose changed columns are fields:
// moved when the Stage column is among them.
func (c *fieldComparer) kind(fields []FieldChange) Kind {
	if len(fields) == 0 {
		return Unchanged
	}
	if c.stageCol >= 0 {
		for _, f := range fields {
			if f.Field == c.cols[c.stageCol].name {
				return Moved
			}
		}
	}
	return Changed
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
	if a == b { // most cells of a large map, without cleaning them
		return true
	}
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
