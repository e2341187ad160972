package journey

import (
	"strings"
	"time"
)

// Journey is one workbook (or CSV file) read into the model.
type Journey struct {
	// File is the path the journey was read from ("-" for standard input).
	File        string
	Persona     Persona
	Stages      []Stage
	Vocab       Vocabulary
	Table       Table
	Touchpoints []Touchpoint
	// Problems are what the reader noticed about the workbook's structure
	// (missing sheets, unknown or aliased columns, blank rows, merged cells),
	// as findings that lint reports.
	Problems []Finding
}

// Persona is the Persona sheet: who the map is for and how it is kept.
type Persona struct {
	Name          string
	Seniority     string
	MapType       string
	Owner         string
	Goal          string
	ReviewCadence string
	LastReviewed  time.Time // zero when not given
	// Settings holds the other Field/Value rows (such as thresholds), keyed
	// by the normalised field name.
	Settings map[string]Setting
	// Locs gives the cell of each known field's value, keyed by the
	// normalised field name ("mapt ype" -> "maptype").
	Locs map[string]Loc
}

// Setting is one extra Field/Value row of the Persona sheet.
type Setting struct {
	Field string
	Value string
	Loc   Loc
}

// Stage is one row of the Stages sheet; the slice order is journey order.
type Stage struct {
	Name      string
	Goal      string
	KPI       string
	Target    Measure
	OwnerTeam string
	Days      Optional
	Feeling   Optional
	Friction  string
	Loc       Loc // the row; Col is the Stage column
}

// Optional is a whole number that may be absent.
type Optional struct {
	Value int
	Known bool
}

// Some returns a known Optional holding v.
func Some(v int) Optional { return Optional{Value: v, Known: true} }

// Measure is a Target or Actual value: a number, or a percentage stored as
// a fraction (35% is 0.35 with Percent set).
type Measure struct {
	Value   float64
	Percent bool
	Known   bool
}

// Table is where the touchpoints were found: the sheet, the header row, and
// which column holds which field.
type Table struct {
	Sheet     Loc // file and sheet
	HeaderRow int
	// Columns gives the 1-based column of each field, 0 when absent.
	Columns [NumFields]int
	// Headers lists every non-empty header cell, left to right.
	Headers []Header
}

// Header is one cell of the header row.
type Header struct {
	Col   int
	Text  string
	Field Field // -1 when the column is not one the tool knows
	Alias bool  // matched through an alias rather than the canonical name
}

// Known reports whether the header maps to a touchpoint field.
func (h Header) Known() bool { return h.Field >= 0 }

// Cell returns the location of field f in row, with Col 0 when the column is absent.
func (t *Table) Cell(row int, f Field) Loc {
	l := t.Sheet
	l.Row = row
	l.Col = t.Columns[f]
	return l
}

// Touchpoint is one row of the Touchpoints sheet.
type Touchpoint struct {
	Row int // 1-based sheet row
	// raw holds the text of every field exactly as read, one after the
	// other: field f is raw[ends[f-1]:ends[f]]. One string a row, rather
	// than one a field, keeps a journey of 200,000 touchpoints a third
	// smaller and quicker for the garbage collector to go through.
	raw  string
	ends [NumFields]uint32
	// Extra holds the values of the columns the tool does not know, keyed
	// by column number, so they survive every rewrite.
	Extra map[int]string

	Mode      Mode
	Direction Direction
	Cadence   Cadence
	Status    Status
	Day       Optional
	Target    Measure
	Actual    Measure
	Feeling   Optional
}

// Raw returns field f's text exactly as read ("" when absent).
func (t *Touchpoint) Raw(f Field) string {
	start := uint32(0)
	if f > 0 {
		start = t.ends[f-1]
	}
	return t.raw[start:t.ends[f]]
}

// RawFields returns the text of every field, exactly as read.
func (t *Touchpoint) RawFields() [NumFields]string {
	var fields [NumFields]string
	for f := range fields {
		fields[f] = t.Raw(Field(f))
	}
	return fields
}

// SetRawFields sets the text of every field. It does not parse them:
// ParseTyped does.
func (t *Touchpoint) SetRawFields(fields [NumFields]string) {
	size := 0
	for _, v := range fields {
		size += len(v)
	}
	var b strings.Builder
	b.Grow(size)
	for f, v := range fields {
		b.WriteString(v)
		t.ends[f] = uint32(b.Len())
	}
	t.raw = b.String()
}

// SetRaw sets field f's text; see SetRawFields.
func (t *Touchpoint) SetRaw(f Field, v string) {
	fields := t.RawFields()
	fields[f] = v
	t.SetRawFields(fields)
}

// ParseTyped fills the typed fields of t from its raw text. Values that do
// not parse are left unknown; lint reports them.
func ParseTyped(t *Touchpoint) {
	t.Mode, _ = ParseMode(t.Raw(FieldMode))
	t.Direction, _ = ParseDirection(t.Raw(FieldDirection))
	t.Cadence, _ = ParseCadence(t.Raw(FieldCadence))
	t.Day, _ = ParseDay(t.Raw(FieldDay))
	t.Target, _ = ParseMeasure(t.Raw(FieldTarget))
	t.Actual, _ = ParseMeasure(t.Raw(FieldActual))
	t.Feeling, _ = ParseFeeling(t.Raw(FieldFeeling))
	t.Status, _ = ParseStatus(t.Raw(FieldStatus))
}

// Value returns field f with surrounding spaces removed and inner runs of
// white space collapsed to one space.
func (t *Touchpoint) Value(f Field) string { return CleanText(t.Raw(f)) }

// ID returns the touchpoint's ID, or "" when it has none.
func (t *Touchpoint) ID() string { return t.Value(FieldID) }

// Stage returns the touchpoint's stage as written.
func (t *Touchpoint) Stage() string { return t.Value(FieldStage) }

// Name returns the touchpoint's name (the Touchpoint column).
func (t *Touchpoint) Name() string { return t.Value(FieldTouchpoint) }

// Channel returns the touchpoint's channel as written.
func (t *Touchpoint) Channel() string { return t.Value(FieldChannel) }

// Team returns the touchpoint's owner team as written.
func (t *Touchpoint) Team() string { return t.Value(FieldOwnerTeam) }

// Blank reports whether every field and extra column is empty.
func (t *Touchpoint) Blank() bool {
	if strings.TrimSpace(t.raw) != "" {
		return false
	}
	for _, v := range t.Extra {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// CleanText trims s and collapses inner runs of white space to one space.
func CleanText(s string) string {
	if !needsCleaning(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func needsCleaning(s string) bool {
	prevSpace := true // a leading space needs cleaning
	for i := 0; i < len(s); i++ {
		switch byteClasses[s[i]] {
		case plainByte:
			prevSpace = false
		case spaceByte:
			if prevSpace {
				return true
			}
			prevSpace = true
		default:
			return true
		}
	}
	return prevSpace && len(s) > 0
}

// Byte classes for needsCleaning, looked up rather than compared: it runs
// on every cell of every row.
const (
	plainByte = iota
	spaceByte // ' ', fine alone between words
	otherByte // other white space, or part of a non-ASCII character: strings.Fields decides
)

var byteClasses = func() (classes [256]uint8) {
	for _, c := range "\t\n\r\v\f" {
		classes[c] = otherByte
	}
	for c := 0x80; c < 0x100; c++ {
		classes[c] = otherByte
	}
	classes[' '] = spaceByte
	return classes
}()

// Vocabulary is the set of allowed values of each enumerated column, read
// from the Lists sheet or, where the workbook has none, the template.
type Vocabulary struct {
	Channels []string
	// Automatable says, by normalised channel name, whether the channel can
	// be automated (email, chatbot, in-app...).
	Automatable map[string]bool
	Modes       []string
	Directions  []string
	Teams       []string
	Cadences    []string
	Statuses    []string
}
