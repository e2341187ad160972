package workbook

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/journey-cli/journey/internal/journey"
)

// touchpointColumns is the Touchpoints schema as a slice for the header helpers.
var touchpointColumns = journey.TouchpointColumns[:]

// keyFields are the columns a touchpoint row fills in; a row after a blank
// gap that fills none of them belongs to another table.
var keyFields = []journey.Field{journey.FieldID, journey.FieldStage, journey.FieldTouchpoint, journey.FieldChannel}

// readTouchpoints reads the touchpoints table of one sheet (or CSV file) into j.
// It reports false when the sheet has no touchpoints header.
func readTouchpoints(rr rowReader, sheet journey.Loc, j *journey.Journey) (bool, error) {
	hollow := &hollowRows{rowReader: rr, rows: map[int]bool{}}
	rr = hollow
	// Two required columns at least (a score of 4): "id, name" alone is
	// some other table.
	header, rest, found, err := findHeader(rr, touchpointColumns, 4)
	if err != nil || !found {
		return false, err
	}
	t := &j.Table
	t.Sheet = sheet
	t.HeaderRow = header.num
	cols, headers, problems := mapHeader(header.cells, touchpointColumns, sheet.AtRow(header.num))
	copy(t.Columns[:], cols)
	t.Headers = headers
	j.Problems = append(j.Problems, problems...)

	extra := extraColumns(headers)
	startsOther := func(cells []string) bool {
		if headerMatches(cells, touchpointColumns) >= 2 {
			return true
		}
		for _, f := range keyFields {
			if strings.TrimSpace(cellAt(cells, t.Columns[f])) != "" {
				return false
			}
		}
		return true
	}
	extraCells := 0
	visit := func(num int, cells []string) error {
		if len(j.Touchpoints) == maxTouchpoints {
			return errorf(sheet.File, "%s has more than %s touchpoint rows (row %d is one too many), more than journey reads: split the journey, by persona or by stage, into several workbooks",
				sheetName(sheet), thousands(maxTouchpoints), num)
		}
		tp := newTouchpoint(num, cells, t, extra)
		if extraCells += len(tp.Extra); extraCells > maxExtraCells {
			return errorf(sheet.File, "%s has more than %s filled cells in columns journey does not know (by row %d), more than journey keeps: delete the columns that are not part of the journey",
				sheetName(sheet), thousands(maxExtraCells), num)
		}
		j.Touchpoints = append(j.Touchpoints, tp)
		return nil
	}
	blank := func(first, last int) error {
		if n := last - first + 1; n > maxBlankRun {
			j.Problems = append(j.Problems, journey.Finding{Rule: "row-blank", Severity: journey.Warning, Loc: sheet.AtRow(first),
				Message: fmt.Sprintf("rows %d to %d (%s rows) are blank inside the touchpoints table, which goes on in row %d: delete them, or the stray rows below them",
					first, last, thousands(n), last+1)})
			return nil
		}
		for num := first; num <= last; num++ {
			loc := sheet.AtRow(num)
			if hollow.rows[num] {
				j.Problems = append(j.Problems, journey.Finding{Rule: "row-blank", Severity: journey.Warning, Loc: loc,
					Message: "row looks blank inside the touchpoints table but has cells (formulas without a value?); check it and delete it by hand"})
				continue
			}
			j.Problems = append(j.Problems, journey.Finding{Rule: "row-blank", Severity: journey.Warning, Fixable: true, Loc: loc,
				Message: "blank row inside the touchpoints table; --fix deletes it", Fix: &journey.Edit{Loc: loc, DeleteRow: true}})
		}
		return nil
	}
	return true, walkTable(rr, rest, startsOther, visit, blank)
}

// sheetName names the sheet of loc for a message: `sheet "Touchpoints"`,
// or "the file" for a CSV file.
func sheetName(loc journey.Loc) string {
	if loc.Sheet == "" {
		return "the file"
	}
	return fmt.Sprintf("sheet %q", loc.Sheet)
}

// thousands writes n with thousands separators: 1048576 -> "1,048,576".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// extraColumns lists the columns whose header the tool does not know.
func extraColumns(headers []journey.Header) []int {
	var cols []int
	for _, h := range headers {
		if !h.Known() {
			cols = append(cols, h.Col)
		}
	}
	return cols
}

// newTouchpoint builds a touchpoint from one row, parsing the typed fields.
// Values that do not parse stay unknown here; lint reports them.
func newTouchpoint(num int, cells []string, t *journey.Table, extra []int) journey.Touchpoint {
	tp := journey.Touchpoint{Row: num}
	var raw [journey.NumFields]string
	for f, col := range t.Columns {
		raw[f] = cellAt(cells, col)
	}
	tp.SetRawFields(raw)
	for _, col := range extra { // in column order
		if col > len(cells) {
			break
		}
		if v := cells[col-1]; v != "" {
			if tp.Extra == nil {
				tp.Extra = make(map[int]string, min(len(extra), 8))
			}
			tp.Extra[col] = v
		}
	}
	journey.ParseTyped(&tp)
	return tp
}

// readStages reads the Stages sheet, in row order.
func readStages(rr rowReader, sheet journey.Loc, j *journey.Journey) (bool, error) {
	columns := journey.StageColumns[:]
	header, rest, found, err := findHeader(rr, columns, 1)
	if err != nil || !found {
		return false, err
	}
	cols, _, problems := mapHeader(header.cells, columns, sheet.AtRow(header.num))
	for _, p := range problems {
		if p.Rule != "column-unknown" {
			j.Problems = append(j.Problems, p)
		}
	}
	startsOther := func(cells []string) bool { return strings.TrimSpace(cellAt(cells, cols[journey.StageName])) == "" }
	visit := func(num int, cells []string) error {
		get := func(f journey.StageField) string { return journey.CleanText(cellAt(cells, cols[f])) }
		if get(journey.StageName) == "" {
			return nil
		}
		if len(j.Stages) == maxSheetItems {
			return tooManyItems(sheet, "stages", num)
		}
		s := journey.Stage{
			Name: get(journey.StageName), Goal: get(journey.StageGoal), KPI: get(journey.StageKPI),
			OwnerTeam: get(journey.StageOwnerTeam), Friction: get(journey.StageFriction),
			Loc: sheet.AtRow(num).At(cols[journey.StageName]),
		}
		row := sheet.AtRow(num)
		var err error
		if s.Target, err = journey.ParseMeasure(get(journey.StageTarget)); err != nil {
			j.Problems = append(j.Problems, valueFormat(row.At(cols[journey.StageTarget]), get(journey.StageTarget), err))
		}
		if s.Days, err = journey.ParseDay(get(journey.StageDays)); err != nil {
			j.Problems = append(j.Problems, valueFormat(row.At(cols[journey.StageDays]), get(journey.StageDays), err))
		}
		if s.Feeling, err = journey.ParseFeeling(get(journey.StageFeeling)); err != nil {
			j.Problems = append(j.Problems, valueFormat(row.At(cols[journey.StageFeeling]), get(journey.StageFeeling), err))
		}
		j.Stages = append(j.Stages, s)
		return nil
	}
	return true, walkTable(rr, rest, startsOther, visit, func(int, int) error { return nil })
}

// tooManyItems is the error for a Stages, Lists or Persona sheet longer
// than maxSheetItems.
func tooManyItems(sheet journey.Loc, what string, row int) error {
	return errorf(sheet.File, "%s has more than %s %s (row %d is one too many), more than journey reads: a journey has a few dozen; delete the rest",
		sheetName(sheet), thousands(maxSheetItems), what, row)
}

// readLists reads the vocabularies of the Lists sheet: one column each,
// read down to the end, blanks skipped. Lists the sheet lacks stay nil.
func readLists(rr rowReader, sheet journey.Loc, v *journey.Vocabulary) (bool, error) {
	columns := make([]journey.Column, len(journey.ListColumns))
	for i, name := range journey.ListColumns {
		columns[i] = journey.Column{Name: name}
	}
	columns[4].Aliases = []string{"Team", "Teams", "Owner"}
	columns[0].Aliases = []string{"Channels"}
	header, rest, found, err := findHeader(rr, columns, 1)
	if err != nil || !found {
		return false, err
	}
	cols, _, _ := mapHeader(header.cells, columns, journey.Loc{})
	lists := make([][]string, len(columns))
	automatable := map[string]bool{}
	rows := 0
	add := func(num int, cells []string) error {
		if rows++; rows > maxSheetItems {
			return tooManyItems(sheet, "rows of list entries", num)
		}
		for i, col := range cols {
			if v := journey.CleanText(cellAt(cells, col)); v != "" && i != 1 {
				lists[i] = append(lists[i], v)
			}
		}
		if ch := journey.CleanText(cellAt(cells, cols[0])); ch != "" && cols[1] != 0 {
			automatable[journey.NormalizeName(ch)] = isYes(cellAt(cells, cols[1]))
		}
		return nil
	}
	if err := walkTable(rr, rest, func([]string) bool { return false }, add, func(int, int) error { return nil }); err != nil {
		return true, err
	}
	v.Channels, v.Modes, v.Directions, v.Teams, v.Cadences, v.Statuses = lists[0], lists[2], lists[3], lists[4], lists[5], lists[6]
	if cols[1] != 0 {
		v.Automatable = automatable
	}
	return true, nil
}

// isYes reads a Yes/No cell.
func isYes(s string) bool {
	switch journey.NormalizeName(s) {
	case "yes", "y", "true", "1", "x", "ja", "oui", "si":
		return true
	}
	return false
}

// personaFields maps the normalised Field names of the Persona sheet.
var personaFields = map[string]func(p *journey.Persona, v string){
	"persona":       func(p *journey.Persona, v string) { p.Name = v },
	"name":          func(p *journey.Persona, v string) { p.Name = v },
	"seniority":     func(p *journey.Persona, v string) { p.Seniority = v },
	"maptype":       func(p *journey.Persona, v string) { p.MapType = v },
	"owner":         func(p *journey.Persona, v string) { p.Owner = v },
	"dri":           func(p *journey.Persona, v string) { p.Owner = v },
	"goal":          func(p *journey.Persona, v string) { p.Goal = v },
	"reviewcadence": func(p *journey.Persona, v string) { p.ReviewCadence = v },
}

// readPersona reads the Field/Value rows of the Persona sheet: the first
// two non-empty cells of each row.
func readPersona(rr rowReader, sheet journey.Loc, date1904 bool, p *journey.Persona, problems *[]journey.Finding) error {
	p.Settings = map[string]journey.Setting{}
	p.Locs = map[string]journey.Loc{}
	return walkTable(rr, nil, func([]string) bool { return false }, func(num int, cells []string) error {
		fieldCol, valueCol := firstTwoFilled(cells)
		if fieldCol == 0 {
			return nil
		}
		field := journey.CleanText(cells[fieldCol-1])
		value := journey.CleanText(cellAt(cells, valueCol))
		key := journey.NormalizeName(field)
		if key == "field" || key == "" {
			return nil // the header row
		}
		if _, seen := p.Locs[key]; !seen && len(p.Locs) == maxSheetItems {
			return tooManyItems(sheet, "fields", num)
		}
		loc := sheet.AtRow(num).At(valueCol)
		if valueCol == 0 {
			loc = sheet.AtRow(num).At(fieldCol + 1)
		}
		p.Locs[key] = loc
		switch {
		case personaFields[key] != nil:
			personaFields[key](p, value)
		case key == "lastreviewed":
			var err error
			if p.LastReviewed, err = journey.ParseDate(value, date1904); err != nil {
				*problems = append(*problems, valueFormat(loc, value, err))
			}
		default:
			p.Settings[key] = journey.Setting{Field: field, Value: value, Loc: loc}
		}
		return nil
	}, func(int, int) error { return nil })
}

// firstTwoFilled returns the 1-based columns of the first two non-empty
// cells of a row, 0 for those missing.
func firstTwoFilled(cells []string) (first, second int) {
	for i, c := range cells {
		if strings.TrimSpace(c) == "" {
			continue
		}
		if first == 0 {
			first = i + 1
		} else {
			return first, i + 1
		}
	}
	return first, 0
}

// valueFormat is the finding for a value that does not parse.
func valueFormat(loc journey.Loc, value string, err error) journey.Finding {
	return journey.Finding{Rule: "value-format", Severity: journey.Error, Loc: loc, Value: value, Message: err.Error()}
}

// hollowRows notes the rows that read as blank but have cells: excelize
// returns a cell for a formula whose cached value is empty, so such a row
// is not safe for --fix to delete. (A CSV line of empty fields is noted
// too; deleting it by hand is as quick.)
type hollowRows struct {
	rowReader
	rows map[int]bool
}

func (h *hollowRows) Next() (int, []string, error) {
	num, cells, err := h.rowReader.Next()
	if err == nil && len(cells) > 0 && rowBlank(cells) {
		h.rows[num] = true
	}
	return num, cells, err
}
