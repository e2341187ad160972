// Package export turns a journey into other forms. JSON is the model
// itself with typed values and the cell each value came from; its shape
// is documented in docs/json.md and kept stable.
package export

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/journey-cli/journey/internal/journey"
)

// Document is the JSON form of a journey.
type Document struct {
	File         string       `json:"file"`
	Persona      Persona      `json:"persona"`
	Stages       []Stage      `json:"stages"`
	Vocabularies Vocabularies `json:"vocabularies"`
	Columns      []Column     `json:"columns"`
	Touchpoints  []Touchpoint `json:"touchpoints"`
}

// Persona is the Persona sheet.
type Persona struct {
	Name          string            `json:"name"`
	Seniority     string            `json:"seniority"`
	MapType       string            `json:"map_type"`
	Owner         string            `json:"owner"`
	Goal          string            `json:"goal"`
	ReviewCadence string            `json:"review_cadence"`
	LastReviewed  string            `json:"last_reviewed,omitempty"` // YYYY-MM-DD
	Settings      map[string]string `json:"settings,omitempty"`
}

// Stage is one row of the Stages sheet.
type Stage struct {
	Name      string   `json:"name"`
	Goal      string   `json:"goal,omitempty"`
	KPI       string   `json:"kpi,omitempty"`
	Target    *Measure `json:"target,omitempty"`
	OwnerTeam string   `json:"owner_team,omitempty"`
	Days      *int     `json:"days,omitempty"`
	Feeling   *int     `json:"feeling,omitempty"`
	Friction  string   `json:"friction,omitempty"`
	Cell      string   `json:"cell,omitempty"`
}

// Measure is a number, or a percentage given as a fraction (35% is 0.35).
type Measure struct {
	Value   float64 `json:"value"`
	Percent bool    `json:"percent"`
}

// Vocabularies are the lists behind the dropdowns.
type Vocabularies struct {
	Channels            []string `json:"channels"`
	AutomatableChannels []string `json:"automatable_channels"`
	Modes               []string `json:"modes"`
	Directions          []string `json:"directions"`
	Teams               []string `json:"teams"`
	Cadences            []string `json:"cadences"`
	Statuses            []string `json:"statuses"`
}

// Column is one header cell of the touchpoints table.
type Column struct {
	Header string `json:"header"`
	Field  string `json:"field,omitempty"` // canonical name; empty for a column journey does not know
	Cell   string `json:"cell"`
}

// Touchpoint is one row of the touchpoints table: the text of every field
// as written, the typed values, and the cell of each field.
type Touchpoint struct {
	Row       int               `json:"row"`
	Fields    map[string]string `json:"fields"`
	Mode      string            `json:"mode"`
	Direction string            `json:"direction"`
	Cadence   string            `json:"cadence"`
	Status    string            `json:"status"`
	Day       *int              `json:"day"`
	Target    *Measure          `json:"target"`
	Actual    *Measure          `json:"actual"`
	Feeling   *int              `json:"feeling"`
	Cells     map[string]string `json:"cells"`
	Extra     map[string]string `json:"extra,omitempty"` // unknown columns by header
}

// NewDocument builds the JSON form of j.
func NewDocument(j *journey.Journey) Document {
	d := Document{File: j.File, Persona: persona(j.Persona), Vocabularies: vocabularies(j.Vocab),
		Stages: []Stage{}, Columns: []Column{}, Touchpoints: []Touchpoint{}}
	for _, s := range j.Stages {
		d.Stages = append(d.Stages, Stage{Name: s.Name, Goal: s.Goal, KPI: s.KPI, Target: measure(s.Target),
			OwnerTeam: s.OwnerTeam, Days: optional(s.Days), Feeling: optional(s.Feeling), Friction: s.Friction, Cell: s.Loc.String()})
	}
	headerText := map[int]string{}
	for _, h := range j.Table.Headers {
		c := Column{Header: h.Text, Cell: j.Table.Sheet.AtRow(j.Table.HeaderRow).At(h.Col).String()}
		if h.Known() {
			c.Field = h.Field.String()
		}
		headerText[h.Col] = h.Text
		d.Columns = append(d.Columns, c)
	}
	for i := range j.Touchpoints {
		d.Touchpoints = append(d.Touchpoints, touchpoint(&j.Touchpoints[i], &j.Table, headerText))
	}
	return d
}

// WriteJSON writes j as indented JSON: byte for byte what
// json.MarshalIndent(NewDocument(j), "", "  ") and a newline would give.
//
// encoding/json writes everything but the touchpoints. The touchpoints,
// nearly all of the output, are streamed one at a time by a
// touchpointWriter: encoding/json would spend most of its time on
// reflection, on building two maps per touchpoint and on sorting their keys.
func WriteJSON(w io.Writer, j *journey.Journey) error {
	d := NewDocument(&journey.Journey{File: j.File, Persona: j.Persona, Stages: j.Stages, Vocab: j.Vocab, Table: j.Table})
	head, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	// The touchpoints are the document's last field: cut its empty list
	// and write the items in its place.
	const emptyList = "[]\n}"
	head = head[:len(head)-len(emptyList)+1]
	if len(j.Touchpoints) == 0 {
		_, err = fmt.Fprintf(w, "%s]\n}\n", head)
		return err
	}
	if _, err := w.Write(append(head, '\n')); err != nil {
		return err
	}
	tw := newTouchpointWriter(&j.Table)
	for i := range j.Touchpoints {
		last := i == len(j.Touchpoints)-1
		if _, err := w.Write(tw.item(&j.Touchpoints[i], last)); err != nil {
			return err
		}
	}
	_, err = io.WriteString(w, "  ]\n}\n")
	return err
}

func touchpoint(t *journey.Touchpoint, table *journey.Table, headerText map[int]string) Touchpoint {
	out := Touchpoint{Row: t.Row, Fields: map[string]string{}, Cells: map[string]string{},
		Mode: t.Mode.String(), Direction: t.Direction.String(), Cadence: t.Cadence.String(), Status: t.Status.String(),
		Day: optional(t.Day), Target: measure(t.Target), Actual: measure(t.Actual), Feeling: optional(t.Feeling)}
	for f := journey.Field(0); f < journey.NumFields; f++ {
		if table.Columns[f] == 0 {
			continue
		}
		out.Fields[f.String()] = t.Value(f)
		out.Cells[f.String()] = table.Cell(t.Row, f).String()
	}
	// In column order, so that of two columns with the same header the
	// rightmost wins.
	for _, col := range slices.Sorted(maps.Keys(t.Extra)) {
		if out.Extra == nil {
			out.Extra = map[string]string{}
		}
		out.Extra[headerText[col]] = t.Extra[col]
	}
	return out
}

// touchpointWriter writes touchpoints as items of the document's
// "touchpoints" list, exactly as json.MarshalIndent writes a Touchpoint
// there, into one buffer reused from item to item.
type touchpointWriter struct {
	table      *journey.Table
	columns    []fieldColumn // the fields the table has, by name: encoding/json sorts map keys
	headerText map[int]string
	extra      []extraEntry // reused for each item
	buf        []byte
}

// fieldColumn is what every item writes the same for one field.
type fieldColumn struct {
	field journey.Field
	key   []byte // the quoted name and ": "
	// cellPrefix is the quoted cell reference without the row and the
	// closing quote: `"Touchpoints!D`. Escaping the prefix alone is the
	// same as escaping the whole reference, since the row digits are
	// written as they are whatever precedes them.
	cellPrefix []byte
}

// extraEntry is the value of a column journey does not know.
type extraEntry struct {
	key   string // the column's header
	col   int
	value string
}

// The indentation of a touchpoint's entries and of the entries of the
// objects it holds.
const (
	itemIndent   = "\n      "
	nestedIndent = "\n        "
)

func newTouchpointWriter(table *journey.Table) *touchpointWriter {
	tw := &touchpointWriter{table: table, headerText: map[int]string{}}
	for _, h := range table.Headers {
		tw.headerText[h.Col] = h.Text
	}
	for f := journey.Field(0); f < journey.NumFields; f++ {
		if table.Columns[f] == 0 {
			continue
		}
		prefix := strings.TrimSuffix(table.Cell(1, f).String(), "1") // Loc.String ends with the row
		quoted := appendJSONString(nil, prefix)
		tw.columns = append(tw.columns, fieldColumn{
			field:      f,
			key:        append(appendJSONString(nil, f.String()), ": "...),
			cellPrefix: quoted[:len(quoted)-1],
		})
	}
	slices.SortFunc(tw.columns, func(a, b fieldColumn) int { return strings.Compare(a.field.String(), b.field.String()) })
	return tw
}

// item returns touchpoint t as a list item: indented, followed by a comma
// unless it is the last one, and a line break. The slice is valid until
// the next call.
func (tw *touchpointWriter) item(t *journey.Touchpoint, last bool) []byte {
	b := append(tw.buf[:0], "    {"+itemIndent+`"row": `...)
	b = strconv.AppendInt(b, int64(t.Row), 10)
	b = append(b, ","+itemIndent+`"fields": `...)
	b = tw.appendFields(b, t)
	b = appendItemString(b, "mode", t.Mode.String())
	b = appendItemString(b, "direction", t.Direction.String())
	b = appendItemString(b, "cadence", t.Cadence.String())
	b = appendItemString(b, "status", t.Status.String())
	b = append(b, ","+itemIndent+`"day": `...)
	b = appendOptional(b, t.Day)
	b = append(b, ","+itemIndent+`"target": `...)
	b = appendMeasure(b, t.Target)
	b = append(b, ","+itemIndent+`"actual": `...)
	b = appendMeasure(b, t.Actual)
	b = append(b, ","+itemIndent+`"feeling": `...)
	b = appendOptional(b, t.Feeling)
	b = append(b, ","+itemIndent+`"cells": `...)
	b = tw.appendCells(b, t)
	if len(t.Extra) > 0 {
		b = append(b, ","+itemIndent+`"extra": `...)
		b = tw.appendExtra(b, t)
	}
	b = append(b, "\n    }"...)
	if !last {
		b = append(b, ',')
	}
	tw.buf = append(b, '\n')
	return tw.buf
}

// appendFields writes the "fields" object: each field's cleaned text.
func (tw *touchpointWriter) appendFields(b []byte, t *journey.Touchpoint) []byte {
	if len(tw.columns) == 0 {
		return append(b, "{}"...)
	}
	b = append(b, '{')
	for i, c := range tw.columns {
		b = append(startNestedEntry(b, i), c.key...)
		b = appendJSONString(b, t.Value(c.field))
	}
	return append(b, itemIndent+"}"...)
}

// appendCells writes the "cells" object: each field's cell reference.
func (tw *touchpointWriter) appendCells(b []byte, t *journey.Touchpoint) []byte {
	if len(tw.columns) == 0 {
		return append(b, "{}"...)
	}
	b = append(b, '{')
	for i, c := range tw.columns {
		b = append(startNestedEntry(b, i), c.key...)
		if t.Row <= 0 { // Loc.String writes the sheet alone then
			b = appendJSONString(b, tw.table.Cell(t.Row, c.field).String())
			continue
		}
		b = append(b, c.cellPrefix...)
		b = strconv.AppendInt(b, int64(t.Row), 10)
		b = append(b, '"')
	}
	return append(b, itemIndent+"}"...)
}

// appendExtra writes the "extra" object: the values of the columns journey
// does not know, by header, sorted as encoding/json sorts map keys; of two
// columns with the same header the rightmost wins, as in NewDocument.
func (tw *touchpointWriter) appendExtra(b []byte, t *journey.Touchpoint) []byte {
	tw.extra = tw.extra[:0]
	for col, v := range t.Extra {
		tw.extra = append(tw.extra, extraEntry{key: tw.headerText[col], col: col, value: v})
	}
	slices.SortFunc(tw.extra, func(a, b extraEntry) int {
		return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(b.col, a.col)) // rightmost first
	})
	tw.extra = slices.CompactFunc(tw.extra, func(a, b extraEntry) bool { return a.key == b.key })
	b = append(b, '{')
	for i, e := range tw.extra {
		b = appendJSONString(startNestedEntry(b, i), e.key)
		b = append(b, ": "...)
		b = appendJSONString(b, e.value)
	}
	return append(b, itemIndent+"}"...)
}

// startNestedEntry starts the i-th entry of an object held by a
// touchpoint: a comma after the previous entry, a line break and the
// indentation.
func startNestedEntry(b []byte, i int) []byte {
	if i > 0 {
		b = append(b, ',')
	}
	return append(b, nestedIndent...)
}

// appendItemString writes a string entry of a touchpoint after the
// previous entry.
func appendItemString(b []byte, key, value string) []byte {
	b = append(b, ","+itemIndent+`"`...)
	b = append(b, key...)
	b = append(b, `": `...)
	return appendJSONString(b, value)
}

func appendOptional(b []byte, o journey.Optional) []byte {
	if !o.Known {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, int64(o.Value), 10)
}

func appendMeasure(b []byte, m journey.Measure) []byte {
	if !finite(m) {
		return append(b, "null"...)
	}
	b = append(b, "{"+nestedIndent+`"value": `...)
	b = appendJSONFloat(b, m.Value)
	b = append(b, ","+nestedIndent+`"percent": `...)
	b = strconv.AppendBool(b, m.Percent)
	return append(b, itemIndent+"}"...)
}

// jsonSafe marks the ASCII bytes that encoding/json writes as they are in
// a string: not the control characters, the quote and the backslash, nor
// <, > and & (which it escapes so that JSON is safe inside HTML).
var jsonSafe = func() (safe [utf8.RuneSelf]bool) {
	for c := range safe {
		safe[c] = c >= 0x20 && !strings.ContainsRune(`"\<>&`, rune(c))
	}
	return safe
}()

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json quotes a string:
// invalid UTF-8 becomes \ufffd, and U+2028 and U+2029 are escaped too.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0 // s[start:i] is still to be copied
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = appendEscapedByte(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r != utf8.RuneError || size != 1) && r != '\u2028' && r != '\u2029' {
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		if r == utf8.RuneError {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendEscapedByte escapes an ASCII byte that jsonSafe does not allow.
func appendEscapedByte(b []byte, c byte) []byte {
	switch c {
	case '\\', '"':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}

// appendJSONFloat appends a finite f as encoding/json writes a float64:
// the shortest form that reads back the same, with an exponent only below
// 1e-6 or from 1e21 on, and no leading zero in it (1e-7, not 1e-07).
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1]
		b = b[:n-1]
	}
	return b
}

func persona(p journey.Persona) Persona {
	out := Persona{Name: p.Name, Seniority: p.Seniority, MapType: p.MapType, Owner: p.Owner, Goal: p.Goal, ReviewCadence: p.ReviewCadence}
	if !p.LastReviewed.IsZero() {
		out.LastReviewed = p.LastReviewed.Format("2006-01-02")
	}
	for _, s := range p.Settings {
		if out.Settings == nil {
			out.Settings = map[string]string{}
		}
		out.Settings[s.Field] = s.Value
	}
	return out
}

func vocabularies(v journey.Vocabulary) Vocabularies {
	out := Vocabularies{Channels: nonNil(v.Channels), Modes: nonNil(v.Modes), Directions: nonNil(v.Directions),
		Teams: nonNil(v.Teams), Cadences: nonNil(v.Cadences), Statuses: nonNil(v.Statuses), AutomatableChannels: []string{}}
	for _, c := range v.Channels {
		if v.Automatable[journey.NormalizeName(c)] {
			out.AutomatableChannels = append(out.AutomatableChannels, c)
		}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func optional(o journey.Optional) *int {
	if !o.Known {
		return nil
	}
	v := o.Value
	return &v
}

func measure(m journey.Measure) *Measure {
	if !finite(m) {
		return nil
	}
	return &Measure{Value: m.Value, Percent: m.Percent}
}

// finite reports whether m is known and a number JSON can hold.
func finite(m journey.Measure) bool {
	return m.Known && !math.IsNaN(m.Value) && !math.IsInf(m.Value, 0)
}
