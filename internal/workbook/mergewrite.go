package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/journey-cli/journey/internal/journey"
)

// MergedRow is one touchpoint of a merged workbook.
type MergedRow struct {
	// Touchpoint holds the merged values. Its Extra is keyed by the index
	// of the column in MergeOptions.ExtraColumns: int(journey.NumFields)+1
	// for ExtraColumns[0], and so on (as InitOptions.Touchpoints).
	Touchpoint journey.Touchpoint
	// BaseRow is the sheet row the touchpoint was read from in the base
	// workbook; 0 for a touchpoint of another input, which is appended.
	BaseRow int
}

// MergeOptions say what WriteMerge writes.
type MergeOptions struct {
	// Base is the first input as read: its file is opened again and
	// copied, with every sheet, style, comment, formula, defined name,
	// chart and validation.
	Base *journey.Journey
	// Rows are the merged touchpoints: the base's own (BaseRow set), then
	// the ones to append, in the order to write them.
	Rows []MergedRow
	// ExtraColumns are the headers of the columns journey does not know,
	// in the order of MergedRow.Touchpoint.Extra's keys.
	ExtraColumns []string
	// Stages, Vocab and Persona are the merged ones: what the base lacks
	// is filled in from them.
	Stages  []journey.Stage
	Vocab   journey.Vocabulary
	Persona journey.Persona
	// Force replaces an existing file.
	Force bool
}

// CanCopy reports whether WriteMerge can build on j: a journey read from a
// workbook file (not a CSV file, not standard input).
func CanCopy(j *journey.Journey) bool {
	if j == nil || j.File == "-" || j.Table.Sheet.Sheet == "" || j.Table.HeaderRow == 0 {
		return false
	}
	kind, err := sniff(j.File)
	return err == nil && kind == KindXLSX
}

// WriteMerge writes a merged journey to path on a copy of the base
// workbook: the base's touchpoint rows stay where they are (a renumbered
// ID, and values for the columns they lacked, are written into them), the
// other inputs' touchpoints are appended below the table, typed as init
// writes them and styled like the rows above; columns the base lacks are
// added after its last column; the Lists columns gain the values the
// others add (and the dropdown ranges that cover a whole list grow with
// it); empty stage details and persona fields are filled in. Everything
// else is kept as it is. It refuses to replace an existing file unless
// opts.Force is set.
func WriteMerge(path string, opts MergeOptions) (err error) {
	if !CanCopy(opts.Base) {
		return errorf(path, "no workbook to build the merged workbook on")
	}
	if err := checkTarget(path, opts.Force); err != nil {
		return err
	}
	defer func() {
		// A spreadsheet library that panics on an odd workbook must not
		// take the command down.
		if r := recover(); r != nil {
			err = errorf(path, "cannot build the merged workbook from %s (%v); re-save it in Excel or LibreOffice", opts.Base.File, r)
		}
	}()
	m := &mergeWriter{opts: &opts, base: opts.Base, sheet: opts.Base.Table.Sheet.Sheet,
		styles: map[styleKey]int{}, used: map[string]journey.Loc{}, shifted: map[string]int{}}
	f, err := m.open()
	if err != nil {
		return err
	}
	defer f.Close()
	if err := m.write(); err != nil {
		var e *Error
		if errors.As(err, &e) {
			return err
		}
		return errorf(path, "cannot build the merged workbook from %s (%s)", opts.Base.File, plainError(err))
	}
	return writeCopy(f, path, opts.Force)
}

// mergeWriter adds the merge to the base workbook.
type mergeWriter struct {
	f     *excelize.File
	opts  *MergeOptions
	base  *journey.Journey
	sheet string // the touchpoints sheet
	// cols gives the sheet column of each field, extra that of each
	// ExtraColumns entry, after the columns the base lacks are added.
	cols     [journey.NumFields]int
	extra    []int
	firstCol int
	lastCol  int
	styles   map[styleKey]int
	// used is, per sheet, the last row and column written; shifted the
	// rows inserted into a sheet. Both widen the sheet's dimension.
	used    map[string]journey.Loc
	shifted map[string]int
	// insert is set when the appended rows are inserted above what the
	// sheet holds below the table.
	insert bool
}

// open opens the base workbook. When the sheet holds something below the
// table, the appended rows are inserted rather than written over it, and
// the comments below are moved down first (see rowShift).
func (m *mergeWriter) open() (*excelize.File, error) {
	f, err := openXLSX(m.base.File, nil)
	if err != nil {
		return nil, err
	}
	n := 0
	for i := range m.opts.Rows {
		if m.opts.Rows[i].BaseRow == 0 {
			n++
		}
	}
	below := false
	if n > 0 {
		if below, err = contentBelow(f, m.sheet, m.lastTableRow()); err != nil {
			f.Close()
			return nil, err
		}
	}
	if !below {
		m.f = f
		return f, nil
	}
	last := m.lastTableRow()
	f.Close()
	if f, err = openShifted(m.base.File, []rowShift{{Sheet: m.sheet, Row: last + 1, Offset: n}}); err != nil {
		return nil, err
	}
	m.f, m.insert = f, true
	return f, nil
}

// write makes every change.
func (m *mergeWriter) write() error {
	if err := m.addColumns(); err != nil {
		return err
	}
	if err := m.updateBaseRows(); err != nil {
		return err
	}
	if err := m.appendRows(); err != nil {
		return err
	}
	if err := m.writeLists(); err != nil {
		return err
	}
	if err := m.writeStages(); err != nil {
		return err
	}
	if err := m.writePersona(); err != nil {
		return err
	}
	return m.widenDimensions()
}

// addColumns maps every field and extra column to a sheet column, adding
// after the table's last column the known columns the base lacks but a
// touchpoint fills, and the extra columns the base lacks.
func (m *mergeWriter) addColumns() error {
	t := &m.base.Table
	m.cols = t.Columns
	byName := map[string]int{}
	for _, h := range t.Headers {
		if m.firstCol == 0 || h.Col < m.firstCol {
			m.firstCol = h.Col
		}
		m.lastCol = max(m.lastCol, h.Col)
		if !h.Known() {
			if key := journey.NormalizeName(h.Text); key != "" && byName[key] == 0 {
				byName[key] = h.Col
			}
		}
	}
	for _, c := range t.Columns {
		if c > 0 && (m.firstCol == 0 || c < m.firstCol) {
			m.firstCol = c
		}
		m.lastCol = max(m.lastCol, c)
	}
	m.firstCol = max(m.firstCol, 1)
	headerStyle := m.lastHeaderStyle()
	add := func(name string, width float64) (int, error) {
		m.lastCol++
		col := m.lastCol
		if err := m.setStr(m.sheet, col, t.HeaderRow, name); err != nil {
			return 0, err
		}
		if headerStyle != 0 {
			if err := m.setStyle(m.sheet, col, t.HeaderRow, headerStyle); err != nil {
				return 0, err
			}
		}
		c := journey.ColumnName(col)
		return col, m.f.SetColWidth(m.sheet, c, c, width)
	}
	for fld := journey.Field(0); fld < journey.NumFields; fld++ {
		if m.cols[fld] != 0 || !m.anyValue(fld) {
			continue
		}
		col, err := add(journey.TouchpointColumns[fld].Name, touchpointWidths[fld])
		if err != nil {
			return err
		}
		m.cols[fld] = col
	}
	m.extra = make([]int, len(m.opts.ExtraColumns))
	for i, h := range m.opts.ExtraColumns {
		key := journey.NormalizeName(h)
		if c, ok := byName[key]; ok {
			m.extra[i] = c
			continue
		}
		col, err := add(h, min(40, max(12, float64(len([]rune(h)))+4)))
		if err != nil {
			return err
		}
		m.extra[i] = col
		if key != "" {
			byName[key] = col
		}
	}
	return nil
}

// anyValue reports whether a merged touchpoint fills field f.
func (m *mergeWriter) anyValue(f journey.Field) bool {
	for i := range m.opts.Rows {
		if m.opts.Rows[i].Touchpoint.Value(f) != "" {
			return true
		}
	}
	return false
}

// lastHeaderStyle returns the style of the rightmost styled header cell.
func (m *mergeWriter) lastHeaderStyle() int {
	for c := m.lastCol; c >= 1; c-- {
		if style, err := m.f.GetCellStyle(m.sheet, journey.CellName(c, m.base.Table.HeaderRow)); err == nil && style != 0 {
			return style
		}
	}
	return 0
}

// updateBaseRows writes into the base's own rows what the merge changed:
// a renumbered ID, and values for cells that are empty in the base (the
// columns it lacked, taken from the same touchpoint in a later file).
// Nothing the base holds is overwritten but a renumbered ID's cell.
func (m *mergeWriter) updateBaseRows() error {
	base := map[int]*journey.Touchpoint{}
	for i := range m.base.Touchpoints {
		base[m.base.Touchpoints[i].Row] = &m.base.Touchpoints[i]
	}
	for i := range m.opts.Rows {
		r := &m.opts.Rows[i]
		old := base[r.BaseRow]
		if r.BaseRow == 0 || old == nil {
			continue
		}
		tp := &r.Touchpoint
		if id := tp.ID(); id != "" && id != old.ID() && m.base.Table.Columns[journey.FieldID] != 0 {
			if err := m.setStr(m.sheet, m.cols[journey.FieldID], r.BaseRow, id); err != nil {
				return err
			}
		}
		for fld := journey.Field(0); fld < journey.NumFields; fld++ {
			// A cell of an added column may hold something else (a note
			// beside the table): it is left alone.
			if fld == journey.FieldID || m.cols[fld] == 0 || tp.Value(fld) == "" || old.Value(fld) != "" ||
				!m.cellEmpty(m.sheet, m.cols[fld], r.BaseRow) {
				continue
			}
			if err := m.writeField(r.BaseRow, fld, tp, 0); err != nil {
				return err
			}
		}
		for k, col := range m.extra {
			v := tp.Extra[int(journey.NumFields)+1+k]
			if strings.TrimSpace(v) == "" || strings.TrimSpace(old.Extra[col]) != "" || !m.cellEmpty(m.sheet, col, r.BaseRow) {
				continue
			}
			if err := m.writeExtra(col, r.BaseRow, v, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// lastTableRow returns the last row of the base's table: its last
// touchpoint, or the header.
func (m *mergeWriter) lastTableRow() int {
	last := m.base.Table.HeaderRow
	for i := range m.base.Touchpoints {
		last = max(last, m.base.Touchpoints[i].Row)
	}
	return last
}

// appendRows writes the other inputs' touchpoints below the table. When
// the sheet holds something below the table (a second small table, notes),
// rows are inserted for them, moving it down, rather than written over it.
func (m *mergeWriter) appendRows() error {
	var rows []*journey.Touchpoint
	for i := range m.opts.Rows {
		if m.opts.Rows[i].BaseRow == 0 {
			rows = append(rows, &m.opts.Rows[i].Touchpoint)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	last := m.lastTableRow()
	if m.insert {
		if err := m.f.InsertRows(m.sheet, last+1, len(rows)); err != nil {
			return err
		}
		m.shifted[m.sheet] += len(rows)
	}
	styles, err := m.rowStyles()
	if err != nil {
		return err
	}
	for i, tp := range rows {
		row := last + 1 + i
		for col := m.firstCol; col <= m.lastCol; col++ {
			if styles[col] != 0 {
				if err := m.setStyle(m.sheet, col, row, styles[col]); err != nil {
					return err
				}
			}
		}
		for fld := journey.Field(0); fld < journey.NumFields; fld++ {
			if m.cols[fld] != 0 {
				if err := m.writeField(row, fld, tp, styles[m.cols[fld]]); err != nil {
					return err
				}
			}
		}
		for k, col := range m.extra {
			if v := tp.Extra[int(journey.NumFields)+1+k]; v != "" {
				if err := m.writeExtra(col, row, v, styles[col]); err != nil {
					return err
				}
			}
		}
	}
	return m.growValidations(last, last+len(rows))
}

// rowStyles returns, for each column of the table, the style most of the
// last (up to five) touchpoint rows give it, so that appended rows look
// like the rows above (borders, fonts, number formats).
func (m *mergeWriter) rowStyles() (map[int]int, error) {
	var rows []int
	for i := len(m.base.Touchpoints) - 1; i >= 0 && len(rows) < 5; i-- {
		rows = append(rows, m.base.Touchpoints[i].Row)
	}
	styles := map[int]int{}
	for col := m.firstCol; col <= m.lastCol; col++ {
		count := map[int]int{}
		best := 0
		for _, row := range rows { // latest first: it wins a tie
			s, err := m.f.GetCellStyle(m.sheet, journey.CellName(col, row))
			if err != nil {
				return nil, err
			}
			count[s]++
			if count[s] > count[best] {
				best = s
			}
		}
		styles[col] = best
	}
	return styles, nil
}

// writeField writes field fld of tp into row as init writes it: Day and
// Feeling as whole numbers, Target and Actual as numbers (percentages
// formatted as such) when they parse, everything else as text. style is
// the cell's style (0 keeps the cell's own).
func (m *mergeWriter) writeField(row int, fld journey.Field, tp *journey.Touchpoint, style int) error {
	col, raw := m.cols[fld], tp.Raw(fld)
	if strings.TrimSpace(raw) == "" {
		return nil
	}
	switch fld {
	case journey.FieldDay:
		return m.writeOptional(col, row, tp.Day, raw, style)
	case journey.FieldFeeling:
		return m.writeOptional(col, row, tp.Feeling, raw, style)
	case journey.FieldTarget:
		return m.writeMeasure(col, row, tp.Target, raw, style)
	case journey.FieldActual:
		return m.writeMeasure(col, row, tp.Actual, raw, style)
	}
	return m.setStr(m.sheet, col, row, raw)
}

// writeOptional writes a known whole number, or else the raw text.
func (m *mergeWriter) writeOptional(col, row int, v journey.Optional, raw string, style int) error {
	if !v.Known {
		return m.setStr(m.sheet, col, row, raw)
	}
	return m.setNumber(col, row, float64(v.Value), false, style)
}

// writeMeasure writes a known measure as a number, or else the raw text.
func (m *mergeWriter) writeMeasure(col, row int, v journey.Measure, raw string, style int) error {
	if !v.Known {
		return m.setStr(m.sheet, col, row, raw)
	}
	return m.setNumber(col, row, v.Value, v.Percent, style)
}

// writeExtra writes the value of a column journey does not know as
// import does: a plain number as a number, a percentage as a formatted
// number, when the cell then shows it as written; anything else as text.
func (m *mergeWriter) writeExtra(col, row int, v string, style int) error {
	num, percent := strings.CutSuffix(v, "%")
	if !plainNumber.MatchString(num) || strings.HasSuffix(num, "0") && strings.Contains(num, ".") || num == "-0" {
		return m.setStr(m.sheet, col, row, v)
	}
	x, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return m.setStr(m.sheet, col, row, v)
	}
	if !percent {
		return m.setNumber(col, row, x, false, style)
	}
	meas, err := journey.ParseMeasure(v)
	if err != nil || !meas.Known || !percentShows(meas.Value, num) {
		return m.setStr(m.sheet, col, row, v)
	}
	return m.setNumber(col, row, meas.Value, true, style)
}

// setNumber writes a number, formatted as a percentage when percent is
// set. The cell keeps style (or its own style when style is 0), with its
// number format changed where it would misshow the number: a percentage
// gets a percent format, a plain number loses a percent format.
func (m *mergeWriter) setNumber(col, row int, v float64, percent bool, style int) error {
	cell := journey.CellName(col, row)
	own, err := m.f.GetCellStyle(m.sheet, cell)
	if err != nil {
		return err
	}
	if style == 0 {
		style = own
	}
	if err := m.f.SetCellFloat(m.sheet, cell, v, -1, 64); err != nil {
		return err
	}
	m.touch(m.sheet, col, row)
	want := 0 // keep the style's format
	switch {
	case percent:
		want = percentFormat(v)
	case m.isPercentStyle(style):
		want = formatGeneral
	}
	if want != 0 {
		if style, err = m.formatStyle(style, want); err != nil {
			return err
		}
	}
	if style == own {
		return nil
	}
	return m.f.SetCellStyle(m.sheet, cell, cell, style)
}

// Number formats setNumber gives a cell: excelize's built-in IDs, and
// formatPercent1 for the custom "0.0%".
const (
	formatGeneral  = -1
	formatPercent0 = 9
	formatPercent2 = 10
	formatPercent1 = -2
)

// percentFormat picks the format that shows fraction v without rounding
// it where two decimals suffice, as init does: 35%, 2.5%, else 2.25%.
func percentFormat(v float64) int {
	whole := func(x float64) bool { return math.Abs(x-math.Round(x)) < 1e-9 }
	switch {
	case whole(v * 100):
		return formatPercent0
	case whole(v * 1000):
		return formatPercent1
	}
	return formatPercent2
}

// styleKey is a base style with a number format.
type styleKey struct{ base, format int }

// formatStyle returns style base with its number format replaced.
func (m *mergeWriter) formatStyle(base, format int) (int, error) {
	key := styleKey{base, format}
	if id, ok := m.styles[key]; ok {
		return id, nil
	}
	st := &excelize.Style{}
	if base != 0 {
		s, err := m.f.GetStyle(base)
		if err != nil {
			return 0, err
		}
		if s != nil {
			st = s
		}
	}
	st.CustomNumFmt, st.DecimalPlaces = nil, nil
	switch format {
	case formatGeneral:
		st.NumFmt = 0
	case formatPercent1:
		f := "0.0%"
		st.NumFmt, st.CustomNumFmt = 0, &f
	default:
		st.NumFmt = format
	}
	id, err := m.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	m.styles[key] = id
	return id, nil
}

// isPercentStyle reports whether a style shows numbers as percentages.
func (m *mergeWriter) isPercentStyle(style int) bool {
	if style == 0 {
		return false
	}
	s, err := m.f.GetStyle(style)
	if err != nil || s == nil {
		return false
	}
	if s.CustomNumFmt != nil {
		return strings.Contains(*s.CustomNumFmt, "%")
	}
	return s.NumFmt == 9 || s.NumFmt == 10
}

// growValidations extends the validations (dropdowns, prompts) of the
// table's columns that covered its rows down to the last one, so that they
// cover the appended rows too.
func (m *mergeWriter) growValidations(last, newLast int) error {
	first := m.base.Table.HeaderRow + 1
	return rewriteValidations(m.f, m.sheet, func(dv *excelize.DataValidation) bool {
		refs := strings.Fields(dv.Sqref)
		changed := false
		for i, ref := range refs {
			c1, r1, c2, r2, ok := rangeBounds(ref)
			if !ok || c2 < m.firstCol || c1 > m.lastCol || r1 > max(last, first) || r2 < last || r2 >= newLast {
				continue
			}
			refs[i] = journey.CellName(c1, r1) + ":" + journey.CellName(c2, newLast)
			changed = true
		}
		dv.Sqref = strings.Join(refs, " ")
		return changed
	})
}

// rewriteValidations calls change on every data validation of sheet and
// writes back the ones it changed. excelize cannot edit a validation in
// place: the changed ones are deleted and added again.
func rewriteValidations(f *excelize.File, sheet string, change func(*excelize.DataValidation) bool) error {
	dvs, err := f.GetDataValidations(sheet)
	if err != nil {
		return err
	}
	var oldRefs []string
	var changed []*excelize.DataValidation
	for _, dv := range dvs {
		old := dv.Sqref
		if change(dv) {
			oldRefs = append(oldRefs, old)
			changed = append(changed, dv)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	if err := f.DeleteDataValidation(sheet, oldRefs...); err != nil {
		return err
	}
	for _, dv := range changed {
		// GetDataValidations unescapes the formulas; AddDataValidation
		// writes them as they are.
		dv.Formula1, dv.Formula2 = escapeValidationFormula(dv.Formula1), escapeValidationFormula(dv.Formula2)
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return err
		}
	}
	return nil
}

// bareAmpersand is an & that does not start an XML entity.
var bareAmpersand = regexp.MustCompile(`&(?:[a-zA-Z]+;|#[0-9]+;|#x[0-9a-fA-F]+;)?`)

// escapeValidationFormula undoes excelize's unescaping of a validation
// formula, which turns &amp;, &lt; and &gt; into characters (but leaves
// the &quot; LibreOffice writes) and the doubled quotes of an inline list
// into single ones.
func escapeValidationFormula(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = `"` + strings.ReplaceAll(s[1:len(s)-1], `"`, `""`) + `"`
	}
	s = bareAmpersand.ReplaceAllStringFunc(s, func(m string) string {
		if m == "&" {
			return "&amp;"
		}
		return m
	})
	return strings.NewReplacer(`<`, `&lt;`, `>`, `&gt;`).Replace(s)
}

// listColumnOf returns the list of v that Lists column i (in
// journey.ListColumns order) holds; nil for Automatable.
func listColumnOf(v *journey.Vocabulary, i int) []string {
	switch journey.ListColumns[i] {
	case "Channel":
		return v.Channels
	case "Mode":
		return v.Modes
	case "Direction":
		return v.Directions
	case "Owner team":
		return v.Teams
	case "Cadence":
		return v.Cadences
	case "Status":
		return v.Statuses
	}
	return nil
}

// listsLayout is where the Lists sheet keeps each vocabulary.
type listsLayout struct {
	header int
	cols   []int      // by journey.ListColumns index; 0 when absent
	values [][]string // the values each column holds
	last   []int      // the last row holding a value, per column
}

// readListsLayout finds the Lists sheet's header and the values under it.
func (m *mergeWriter) readListsLayout(sheet string) (*listsLayout, error) {
	columns := make([]journey.Column, len(journey.ListColumns))
	for i, name := range journey.ListColumns {
		columns[i] = journey.Column{Name: name}
	}
	columns[4].Aliases = []string{"Team", "Teams", "Owner"}
	columns[0].Aliases = []string{"Channels"}
	var l *listsLayout
	err := readSheet(m.f, m.base.File, sheet, false, func(rr rowReader) error {
		header, rest, found, err := findHeader(rr, columns, 1)
		if err != nil || !found {
			return err
		}
		cols, _, _ := mapHeader(header.cells, columns, journey.Loc{})
		l = &listsLayout{header: header.num, cols: cols, values: make([][]string, len(cols)), last: make([]int, len(cols))}
		for i := range l.last {
			l.last[i] = header.num
		}
		add := func(num int, cells []string) {
			for i, col := range cols {
				if v := journey.CleanText(cellAt(cells, col)); v != "" && col != 0 {
					l.values[i] = append(l.values[i], v)
					l.last[i] = num
				}
			}
		}
		for _, r := range rest {
			add(r.num, r.cells)
		}
		return tableRows(rr, nil, func([]string) bool { return false }, add, func(int) {})
	})
	return l, err
}

// writeLists adds to each Lists column the merged values it lacks, below
// its last value in the style of that value (with Yes or No under
// Automatable beside a new channel), and grows the dropdown ranges and
// names that covered the whole column. A base without a Lists sheet gets
// one.
func (m *mergeWriter) writeLists() error {
	sheet, ok := sheetNames(m.f)[journey.NormalizeName(journey.SheetLists)]
	if !ok {
		return m.newListsSheet()
	}
	l, err := m.readListsLayout(sheet)
	if err != nil || l == nil {
		return err
	}
	autoCol := l.cols[listColumn("Automatable")-1]
	grown := map[int][2]int{} // column -> old and new last row
	for i, col := range l.cols {
		want := listColumnOf(&m.opts.Vocab, i)
		if col == 0 || len(want) == 0 {
			continue
		}
		have := map[string]bool{}
		for _, v := range l.values[i] {
			have[v] = true
		}
		last := l.last[i]
		style, err := m.f.GetCellStyle(sheet, journey.CellName(col, last))
		if err != nil {
			return err
		}
		if last == l.header {
			style = 0
		}
		autoStyle := 0
		if autoCol != 0 && journey.ListColumns[i] == "Channel" && last != l.header {
			if autoStyle, err = m.f.GetCellStyle(sheet, journey.CellName(autoCol, last)); err != nil {
				return err
			}
		}
		row := last
		for _, v := range want {
			v = journey.CleanText(v)
			if v == "" || have[v] {
				continue
			}
			have[v] = true
			row++
			if err := m.setStr(sheet, col, row, v); err != nil {
				return err
			}
			if style != 0 {
				if err := m.setStyle(sheet, col, row, style); err != nil {
					return err
				}
			}
			if autoCol != 0 && journey.ListColumns[i] == "Channel" {
				yes := "No"
				if m.opts.Vocab.Automatable[journey.NormalizeName(v)] {
					yes = "Yes"
				}
				if err := m.setStr(sheet, autoCol, row, yes); err != nil {
					return err
				}
				if autoStyle != 0 {
					if err := m.setStyle(sheet, autoCol, row, autoStyle); err != nil {
						return err
					}
				}
			}
		}
		if row > last && last > l.header {
			grown[col] = [2]int{last, row}
			if autoCol != 0 && journey.ListColumns[i] == "Channel" {
				grown[autoCol] = [2]int{last, row}
			}
		}
	}
	return m.growListRanges(sheet, grown)
}

// listRef is a single-column range on some sheet in a formula:
// Lists!$A$2:$A$18, 'My lists'!A2:A18.
var listRef = regexp.MustCompile(`('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!(\$?)([A-Za-z]{1,3})(\$?)([0-9]+):(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)`)

// growRefs rewrites the ranges of formula that cover a grown column of
// sheet down to its old last value (or beyond, short of the new one) to
// end at its new last value.
func growRefs(formula, sheet string, grown map[int][2]int) string {
	return listRef.ReplaceAllStringFunc(formula, func(ref string) string {
		p := listRef.FindStringSubmatch(ref)
		name := p[1]
		if strings.HasPrefix(name, "'") {
			name = strings.ReplaceAll(name[1:len(name)-1], "''", "'")
		}
		if !strings.EqualFold(name, sheet) || !strings.EqualFold(p[3], p[7]) {
			return ref
		}
		col, err := excelize.ColumnNameToNumber(p[3])
		if err != nil {
			return ref
		}
		g, ok := grown[col]
		r1, err1 := strconv.Atoi(p[5])
		r2, err2 := strconv.Atoi(p[9])
		if !ok || err1 != nil || err2 != nil || r1 > g[0] || r2 < g[0] || r2 >= g[1] {
			return ref
		}
		return fmt.Sprintf("%s!%s%s%s%d:%s%s%s%d", p[1], p[2], p[3], p[4], r1, p[6], p[7], p[8], g[1])
	})
}

// growListRanges makes every validation and defined name that offers a
// grown Lists column offer its new values too.
func (m *mergeWriter) growListRanges(sheet string, grown map[int][2]int) error {
	if len(grown) == 0 {
		return nil
	}
	for _, s := range m.f.GetSheetList() {
		if _, err := m.f.GetSheetDimension(s); err != nil {
			continue // a chart sheet
		}
		err := rewriteValidations(m.f, s, func(dv *excelize.DataValidation) bool {
			f1, f2 := growRefs(dv.Formula1, sheet, grown), growRefs(dv.Formula2, sheet, grown)
			changed := f1 != dv.Formula1 || f2 != dv.Formula2
			dv.Formula1, dv.Formula2 = f1, f2
			return changed
		})
		if err != nil {
			return err
		}
	}
	for _, dn := range m.f.GetDefinedName() {
		if strings.HasPrefix(dn.Name, "_xlnm.") {
			continue
		}
		to := growRefs(dn.RefersTo, sheet, grown)
		if to == dn.RefersTo {
			continue
		}
		scope := dn.Scope
		if scope == "Workbook" {
			scope = ""
		}
		if err := m.f.DeleteDefinedName(&excelize.DefinedName{Name: dn.Name, Scope: scope}); err != nil {
			return err
		}
		if err := m.f.SetDefinedName(&excelize.DefinedName{Name: dn.Name, Comment: dn.Comment, RefersTo: to, Scope: scope}); err != nil {
			return err
		}
	}
	return nil
}

// newListsSheet adds a Lists sheet holding the merged vocabularies, for a
// base that has none.
func (m *mergeWriter) newListsSheet() error {
	v := &m.opts.Vocab
	if len(v.Channels)+len(v.Teams) == 0 {
		return nil
	}
	s := journey.SheetLists
	if _, err := m.f.NewSheet(s); err != nil {
		return err
	}
	for i, name := range journey.ListColumns {
		if err := m.setStr(s, i+1, 1, name); err != nil {
			return err
		}
		values := listColumnOf(v, i)
		if name == "Automatable" {
			values = make([]string, len(v.Channels))
			for j, ch := range v.Channels {
				values[j] = "No"
				if v.Automatable[journey.NormalizeName(ch)] {
					values[j] = "Yes"
				}
			}
		}
		for j, value := range values {
			if err := m.setStr(s, i+1, j+2, value); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeStages fills the base's empty stage details (goal, KPI, target,
// owner team, days, feeling, friction) from the merged stages. A base
// without a Stages sheet gets one.
func (m *mergeWriter) writeStages() error {
	sheet, ok := sheetNames(m.f)[journey.NormalizeName(journey.SheetStages)]
	if !ok {
		return m.newStagesSheet()
	}
	var cols []int
	err := readSheet(m.f, m.base.File, sheet, false, func(rr rowReader) error {
		header, _, found, err := findHeader(rr, journey.StageColumns[:], 1)
		if found {
			cols, _, _ = mapHeader(header.cells, journey.StageColumns[:], journey.Loc{})
		}
		return err
	})
	if err != nil || cols == nil {
		return err
	}
	rows := map[string]*journey.Stage{}
	for i := range m.base.Stages {
		s := &m.base.Stages[i]
		if key := journey.NormalizeName(s.Name); s.Loc.Sheet != "" && rows[key] == nil {
			rows[key] = s
		}
	}
	for _, s := range m.opts.Stages {
		old := rows[journey.NormalizeName(s.Name)]
		if old == nil {
			continue
		}
		row := old.Loc.Row
		text := func(f journey.StageField, have, v string) error {
			if cols[f] == 0 || have != "" || v == "" {
				return nil
			}
			return m.setStr(sheet, cols[f], row, v)
		}
		number := func(f journey.StageField, known bool, v float64, percent bool) error {
			if cols[f] == 0 || !known {
				return nil
			}
			return m.setSheetNumber(sheet, cols[f], row, v, percent)
		}
		if err := errors.Join(
			text(journey.StageGoal, old.Goal, s.Goal),
			text(journey.StageKPI, old.KPI, s.KPI),
			text(journey.StageOwnerTeam, old.OwnerTeam, s.OwnerTeam),
			text(journey.StageFriction, old.Friction, s.Friction),
			number(journey.StageTarget, !old.Target.Known && s.Target.Known, s.Target.Value, s.Target.Percent),
			number(journey.StageDays, !old.Days.Known && s.Days.Known, float64(s.Days.Value), false),
			number(journey.StageFeeling, !old.Feeling.Known && s.Feeling.Known, float64(s.Feeling.Value), false),
		); err != nil {
			return err
		}
	}
	return nil
}

// cellEmpty reports whether a cell holds nothing.
func (m *mergeWriter) cellEmpty(sheet string, col, row int) bool {
	v, err := m.f.GetCellValue(sheet, journey.CellName(col, row))
	return err == nil && strings.TrimSpace(v) == ""
}

// setSheetNumber writes a number into an empty cell of any sheet,
// formatted as a percentage when percent is set.
func (m *mergeWriter) setSheetNumber(sheet string, col, row int, v float64, percent bool) error {
	if !m.cellEmpty(sheet, col, row) {
		return nil
	}
	cell := journey.CellName(col, row)
	if err := m.f.SetCellFloat(sheet, cell, v, -1, 64); err != nil {
		return err
	}
	m.touch(sheet, col, row)
	if !percent {
		return nil
	}
	style, err := m.f.GetCellStyle(sheet, cell)
	if err != nil {
		return err
	}
	if style, err = m.formatStyle(style, percentFormat(v)); err != nil {
		return err
	}
	return m.f.SetCellStyle(sheet, cell, cell, style)
}

// newStagesSheet adds a Stages sheet holding the merged stages, for a base
// that has none, when the stages came from another input's Stages sheet.
func (m *mergeWriter) newStagesSheet() error {
	if len(m.opts.Stages) == 0 || m.opts.Stages[0].Loc.Sheet == "" {
		return nil // the template's: the base reads them without a sheet too
	}
	s := journey.SheetStages
	if _, err := m.f.NewSheet(s); err != nil {
		return err
	}
	for i, c := range journey.StageColumns {
		if err := m.setStr(s, i+1, 1, c.Name); err != nil {
			return err
		}
	}
	col := func(f journey.StageField) int { return int(f) + 1 }
	for i, st := range m.opts.Stages {
		row := i + 2
		err := errors.Join(
			m.setStr(s, col(journey.StageName), row, st.Name),
			m.setStr(s, col(journey.StageGoal), row, st.Goal),
			m.setStr(s, col(journey.StageKPI), row, st.KPI),
			m.setStr(s, col(journey.StageOwnerTeam), row, st.OwnerTeam),
			m.setStr(s, col(journey.StageFriction), row, st.Friction),
		)
		if err == nil && st.Target.Known {
			err = m.setSheetNumber(s, col(journey.StageTarget), row, st.Target.Value, st.Target.Percent)
		}
		if err == nil && st.Days.Known {
			err = m.setSheetNumber(s, col(journey.StageDays), row, float64(st.Days.Value), false)
		}
		if err == nil && st.Feeling.Known {
			err = m.setSheetNumber(s, col(journey.StageFeeling), row, float64(st.Feeling.Value), false)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// writePersona fills the base's empty persona fields from the merged
// persona, in their rows, and adds below the Persona sheet's last row the
// fields and settings (thresholds) it lacks. A base without a Persona
// sheet is left without one.
func (m *mergeWriter) writePersona() error {
	sheet, ok := sheetNames(m.f)[journey.NormalizeName(journey.SheetPersona)]
	if !ok {
		return nil
	}
	old, p := &m.base.Persona, &m.opts.Persona
	valueCol := 2
	for _, loc := range old.Locs {
		valueCol = max(loc.Col, 2)
		break
	}
	next, err := lastFilledRow(m.f, sheet)
	if err != nil {
		return err
	}
	add := func(field string, write func(col, row int) error) error {
		next++
		if err := m.setStr(sheet, valueCol-1, next, field); err != nil {
			return err
		}
		return write(valueCol, next)
	}
	fields := []struct {
		name       string
		keys       []string
		have, want string
	}{
		{"Persona", []string{"persona", "name"}, old.Name, p.Name},
		{"Seniority", []string{"seniority"}, old.Seniority, p.Seniority},
		{"Map type", []string{"maptype"}, old.MapType, p.MapType},
		{"Owner", []string{"owner", "dri"}, old.Owner, p.Owner},
		{"Goal", []string{"goal"}, old.Goal, p.Goal},
		{"Review cadence", []string{"reviewcadence"}, old.ReviewCadence, p.ReviewCadence},
	}
	for _, fd := range fields {
		if fd.have != "" || fd.want == "" {
			continue
		}
		write := func(col, row int) error { return m.setStr(sheet, col, row, fd.want) }
		if loc, ok := personaLoc(old, fd.keys...); ok {
			if m.cellEmpty(sheet, loc.Col, loc.Row) {
				if err := write(loc.Col, loc.Row); err != nil {
					return err
				}
			}
		} else if err := add(fd.name, write); err != nil {
			return err
		}
	}
	if old.LastReviewed.IsZero() && !p.LastReviewed.IsZero() {
		write := func(col, row int) error { return m.setDate(sheet, col, row, p.LastReviewed) }
		if loc, ok := personaLoc(old, "lastreviewed"); ok {
			if m.cellEmpty(sheet, loc.Col, loc.Row) {
				if err := write(loc.Col, loc.Row); err != nil {
					return err
				}
			}
		} else if err := add("Last reviewed", write); err != nil {
			return err
		}
	}
	for _, st := range sortedSettings(p.Settings) {
		key := journey.NormalizeName(st.Field)
		if _, ok := old.Settings[key]; ok {
			continue
		}
		if _, ok := old.Locs[key]; ok {
			continue
		}
		if err := add(st.Field, func(col, row int) error { return m.setStr(sheet, col, row, st.Value) }); err != nil {
			return err
		}
	}
	return nil
}

// personaLoc returns the value cell of the first of keys the Persona sheet has.
func personaLoc(p *journey.Persona, keys ...string) (journey.Loc, bool) {
	for _, k := range keys {
		if loc, ok := p.Locs[k]; ok && loc.Row > 0 && loc.Col > 0 {
			return loc, true
		}
	}
	return journey.Loc{}, false
}

// setDate writes a date cell shown as yyyy-mm-dd.
func (m *mergeWriter) setDate(sheet string, col, row int, t time.Time) error {
	cell := journey.CellName(col, row)
	if err := m.f.SetCellValue(sheet, cell, t); err != nil {
		return err
	}
	m.touch(sheet, col, row)
	format := "yyyy-mm-dd"
	style, err := m.f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return err
	}
	return m.f.SetCellStyle(sheet, cell, cell, style)
}

// setStr writes a non-empty text cell, keeping its style.
func (m *mergeWriter) setStr(sheet string, col, row int, s string) error {
	if s == "" {
		return nil
	}
	m.touch(sheet, col, row)
	return m.f.SetCellStr(sheet, journey.CellName(col, row), s)
}

// setStyle styles one cell.
func (m *mergeWriter) setStyle(sheet string, col, row, style int) error {
	cell := journey.CellName(col, row)
	return m.f.SetCellStyle(sheet, cell, cell, style)
}

// touch widens the used range of sheet to cover a cell written.
func (m *mergeWriter) touch(sheet string, col, row int) {
	u := m.used[sheet]
	u.Row, u.Col = max(u.Row, row), max(u.Col, col)
	m.used[sheet] = u
}

// widenDimensions makes each sheet written to declare a used range that
// covers what was written (excelize keeps the declared one, and some
// readers trust it).
func (m *mergeWriter) widenDimensions() error {
	names := make([]string, 0, len(m.used))
	for s := range m.used {
		names = append(names, s)
	}
	sort.Strings(names)
	for _, sheet := range names {
		u := m.used[sheet]
		firstCol, firstRow, lastCol, lastRow := 1, 1, u.Col, u.Row
		if dim, err := m.f.GetSheetDimension(sheet); err == nil && dim != "" {
			if c1, r1, c2, r2, ok := rangeBounds(dim); ok {
				firstCol, firstRow = c1, r1
				lastCol, lastRow = max(lastCol, c2), max(lastRow, r2+m.shifted[sheet])
			}
		}
		ref := journey.CellName(firstCol, firstRow) + ":" + journey.CellName(lastCol, lastRow)
		if err := m.f.SetSheetDimension(sheet, ref); err != nil {
			return err
		}
	}
	return nil
}

// shrinkDimension makes the used range sheet declares one row shorter
// after row was deleted, when the range reached below it.
func shrinkDimension(f *excelize.File, sheet string, row int) error {
	dim, err := f.GetSheetDimension(sheet)
	if err != nil || dim == "" {
		return err
	}
	c1, r1, c2, r2, ok := rangeBounds(dim)
	if !ok || r2 < row || r2 == r1 {
		return nil
	}
	return f.SetSheetDimension(sheet, journey.CellName(c1, r1)+":"+journey.CellName(c2, r2-1))
}

// contentBelow reports whether sheet holds a value below row last. It
// reads the whole sheet: a declared used range can be stale (excelize
// leaves it as it was when it inserts rows), and trusting one that ends
// too early would write the appended rows over what is there.
func contentBelow(f *excelize.File, sheet string, last int) (bool, error) {
	n, err := lastFilledRow(f, sheet)
	return n > last, err
}

// lastFilledRow returns the last row of sheet holding a value, 0 for none.
func lastFilledRow(f *excelize.File, sheet string) (int, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	last, n := 0, 0
	for rows.Next() {
		n++
		cells, err := rows.Columns()
		if err != nil {
			return 0, err
		}
		if !rowBlank(cells) {
			last = n
		}
	}
	return last, rows.Error()
}

// Moving comments with their rows. excelize moves cells, formulas,
// validations, merged cells and drawings when it inserts or deletes rows,
// but not comments; its own comment functions cannot edit the notes
// LibreOffice writes (shape IDs such as "shape_0") and find a note's shape
// by where its box is drawn rather than by its cell. So the comments are
// moved in the package itself, before excelize opens it: the comment
// parts' cell references, and each note shape's row and anchor.

// rowShift is rows inserted (Offset > 0) or deleted (Offset < 0) at Row of
// a sheet.
type rowShift struct {
	Sheet       string
	Row, Offset int
}

// openShifted opens the workbook at path with the comments of each
// shift's rows already moved (in order), ready for excelize to insert or
// delete the rows themselves.
func openShifted(path string, shifts []rowShift) (*excelize.File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, openError(path, err)
	}
	moved, err := shiftComments(data, shifts)
	if err != nil {
		return nil, errorf(path, "cannot move the comments of the rows (%s): re-save the workbook in Excel or LibreOffice", plainError(err))
	}
	return openXLSX(path, moved)
}

// sheetParts returns the comment parts (legacy comments, threaded
// comments, note drawings) of every sheet, by sheet name.
func sheetParts(files map[string]*zip.File) (map[string][]string, error) {
	type rel struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	}
	type rels struct {
		Rels []rel `xml:"Relationship"`
	}
	readXML := func(name string, v any) (bool, error) {
		f := files[strings.ToLower(name)]
		if f == nil {
			return false, nil
		}
		r, err := f.Open()
		if err != nil {
			return false, err
		}
		defer r.Close()
		return true, xml.NewDecoder(io.LimitReader(r, 64<<20)).Decode(v)
	}
	resolve := func(from, target string) string {
		if strings.HasPrefix(target, "/") {
			return strings.TrimPrefix(target, "/")
		}
		return path.Join(path.Dir(from), target)
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var wbRels rels
	if _, err := readXML("xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	if _, err := readXML("xl/_rels/workbook.xml.rels", &wbRels); err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, s := range wb.Sheets {
		for _, r := range wbRels.Rels {
			if r.ID != s.RID {
				continue
			}
			sheetPath := resolve("xl/workbook.xml", r.Target)
			var sr rels
			if _, err := readXML(path.Join(path.Dir(sheetPath), "_rels", path.Base(sheetPath)+".rels"), &sr); err != nil {
				return nil, err
			}
			for _, x := range sr.Rels {
				switch path.Base(x.Type) {
				case "comments", "threadedComment", "vmlDrawing":
					out[s.Name] = append(out[s.Name], resolve(sheetPath, x.Target))
				}
			}
		}
	}
	return out, nil
}

// Patterns of the comment parts.
var (
	commentElem  = regexp.MustCompile(`(?s)<((?:\w+:)?(?:threadedComment|comment))\b([^>]*?)\bref="\$?([A-Za-z]{1,3})\$?([0-9]+)"([^>]*?)(?:/>|>.*?</(?:\w+:)?(?:threadedComment|comment)>)`)
	noteShape    = regexp.MustCompile(`(?s)<((?:\w+:)?shape)\b[^>]*>.*?</(?:\w+:)?shape>`)
	noteRow      = regexp.MustCompile(`<((?:\w+:)?Row)>\s*([0-9]+)\s*</(?:\w+:)?Row>`)
	noteAnchor   = regexp.MustCompile(`<((?:\w+:)?Anchor)>([^<]*)</(?:\w+:)?Anchor>`)
	noteIsForRow = regexp.MustCompile(`ObjectType="Note"`)
)

// shiftRow applies a shift to a 1-based row: the new row, or 0 when the
// row is deleted.
func (s rowShift) shiftRow(row int) int {
	switch {
	case row < s.Row:
		return row
	case s.Offset < 0 && row < s.Row-s.Offset:
		return 0
	}
	return row + s.Offset
}

// shiftComments returns the workbook data with the comments of the
// shifted rows moved (or, for deleted rows, removed). Data without
// comments on those rows comes back as it was.
func shiftComments(data []byte, shifts []rowShift) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.ToLower(f.Name)] = f
	}
	parts, err := sheetParts(files)
	if err != nil {
		return nil, err
	}
	changed := map[string][]byte{}
	for _, s := range shifts {
		for _, name := range parts[s.Sheet] {
			f := files[strings.ToLower(name)]
			if f == nil {
				continue
			}
			text, ok := changed[f.Name]
			if !ok {
				if text, err = readPart(f); err != nil {
					return nil, err
				}
			}
			if strings.HasSuffix(strings.ToLower(name), ".vml") {
				text = shiftNotes(text, s)
			} else {
				text = shiftCommentRefs(text, s)
			}
			changed[f.Name] = text
		}
	}
	if len(changed) == 0 {
		return data, nil
	}
	return replaceParts(zr, changed, nil)
}

// shiftCommentRefs moves the ref of each comment (or threaded comment) of
// a shifted row, and drops the ones of deleted rows.
func shiftCommentRefs(text []byte, s rowShift) []byte {
	return commentElem.ReplaceAllFunc(text, func(elem []byte) []byte {
		m := commentElem.FindSubmatch(elem)
		row, err := strconv.Atoi(string(m[4]))
		if err != nil {
			return elem
		}
		to := s.shiftRow(row)
		switch to {
		case row:
			return elem
		case 0:
			return nil
		}
		// Replace only the ref attribute in the start tag.
		start := bytes.IndexByte(elem, '>')
		head := bytes.Replace(elem[:start], []byte(`ref="`+string(m[3])+string(m[4])+`"`), []byte(`ref="`+string(m[3])+strconv.Itoa(to)+`"`), 1)
		if bytes.Equal(head, elem[:start]) { // a ref written with $ signs
			head = commentRefAttr.ReplaceAll(elem[:start], []byte(`ref="`+string(m[3])+strconv.Itoa(to)+`"`))
		}
		return append(head, elem[start:]...)
	})
}

// commentRefAttr is a ref attribute.
var commentRefAttr = regexp.MustCompile(`\bref="[^"]*"`)

// shiftNotes moves the note shapes of shifted rows (their 0-based row and
// the rows of their box's anchor) and drops the ones of deleted rows.
func shiftNotes(text []byte, s rowShift) []byte {
	return noteShape.ReplaceAllFunc(text, func(shape []byte) []byte {
		if !noteIsForRow.Match(shape) {
			return shape
		}
		m := noteRow.FindSubmatch(shape)
		if m == nil {
			return shape
		}
		row, err := strconv.Atoi(string(m[2]))
		if err != nil {
			return shape
		}
		to := s.shiftRow(row + 1)
		switch to {
		case row + 1:
			return shape
		case 0:
			return nil
		}
		delta := to - (row + 1)
		shape = noteRow.ReplaceAll(shape, []byte("<${1}>"+strconv.Itoa(to-1)+"</${1}>"))
		return noteAnchor.ReplaceAllFunc(shape, func(a []byte) []byte {
			am := noteAnchor.FindSubmatch(a)
			fields := strings.Split(string(am[2]), ",")
			if len(fields) != 8 {
				return a
			}
			for _, i := range []int{2, 6} { // top row, bottom row
				if n, err := strconv.Atoi(strings.TrimSpace(fields[i])); err == nil {
					fields[i] = " " + strconv.Itoa(max(0, n+delta))
				}
			}
			fields[0] = strings.TrimSpace(fields[0])
			return []byte("<" + string(am[1]) + ">" + strings.Join(fields, ",") + "</" + string(am[1]) + ">")
		})
	})
}
