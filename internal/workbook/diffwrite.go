package workbook

import (
	"os"
	"sort"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/journey-cli/journey/internal/journey"
)

// Change labels of the diff workbook's Change column.
const (
	ChangeAdded     = "added"
	ChangeRemoved   = "removed"
	ChangeChanged   = "changed"
	ChangeMoved     = "moved"
	ChangeUnchanged = "unchanged"
)

// Fills and fonts of the diff workbook: Excel's Good, Bad and Neutral
// cell styles, which read well in LibreOffice and in print.
var diffColors = map[string][2]string{ // change -> fill, font
	ChangeAdded:   {"C6EFCE", "006100"},
	ChangeRemoved: {"FFC7CE", "9C0006"},
	ChangeChanged: {"FFEB9C", "9C5700"},
	ChangeMoved:   {"FFEB9C", "9C5700"},
}

// diffAuthor signs the comments the diff workbook adds.
const diffAuthor = "journey diff"

// DiffRow is how one row of the diff workbook is marked.
type DiffRow struct {
	// Row is the future sheet's row; 0 for a removed touchpoint, which is
	// appended at the bottom.
	Row int
	// Change is ChangeAdded, ChangeChanged, ChangeMoved, ChangeUnchanged or
	// ChangeRemoved.
	Change string
	// Old maps the 1-based column of each changed cell to its value in the
	// current map, shown in the cell's comment ("" shows as "(empty)").
	Old map[int]string
	// Values holds a removed touchpoint's values by the future sheet's
	// 1-based column.
	Values map[int]string
	// Note is shown in a comment on the Change cell: the values of a removed
	// touchpoint whose column the future map lacks, or how it was matched.
	Note string
}

// DiffWorkbook is what WriteDiff writes.
type DiffWorkbook struct {
	// Future is the second map as read: its file is opened again and
	// copied with every sheet, style and validation. When it was a CSV file
	// or standard input, a new workbook holding its table is written.
	Future *journey.Journey
	// Current names the first map in the Change column's header comment.
	Current string
	Rows    []DiffRow
	// Force replaces an existing output file.
	Force bool
}

// WriteDiff writes the future workbook to path with a Change column after
// the last column of the touchpoints table (added, changed, moved,
// unchanged, removed), added rows filled green, changed cells yellow with
// the old value in a comment, and removed rows appended at the bottom in
// red with their values. It refuses to replace an existing file unless
// d.Force is set.
func WriteDiff(path string, d DiffWorkbook) error {
	if d.Future == nil {
		return errorf(path, "no future map to write the diff workbook from")
	}
	if err := checkTarget(path, d.Force); err != nil {
		return err
	}
	f, sheet, err := openDiffBase(d.Future)
	if err != nil {
		return err
	}
	defer f.Close()
	w := &diffWriter{f: f, sheet: sheet, t: &d.Future.Table, styles: map[[2]int]int{}}
	if err := w.mark(d); err != nil {
		return errorf(path, "cannot build the diff workbook (%s)", plainError(err))
	}
	return writeCopy(f, path, d.Force)
}

// openDiffBase opens the future workbook again, or builds one from a CSV
// journey, and returns it with the name of its touchpoints sheet.
func openDiffBase(j *journey.Journey) (*excelize.File, string, error) {
	if j.File != "-" && j.Table.Sheet.Sheet != "" {
		kind, err := sniff(j.File)
		if err != nil {
			return nil, "", err
		}
		if kind == KindXLSX {
			f, err := openForComments(j.File)
			if err != nil {
				return nil, "", err
			}
			return f, j.Table.Sheet.Sheet, nil
		}
	}
	f, err := workbookFromTable(j)
	if err != nil {
		return nil, "", errorf(j.File, "cannot build a workbook from the touchpoints (%v)", err)
	}
	return f, journey.SheetTouchpoints, nil
}

// openForComments opens the workbook at path with its comments ready for
// excelize to add more (see prepareComments).
func openForComments(path string) (*excelize.File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, openError(path, err)
	}
	if data, err = prepareComments(data); err != nil {
		return nil, errorf(path, "cannot read the comments (%s): re-save the workbook in Excel or LibreOffice", plainError(err))
	}
	return openXLSX(path, data)
}

// workbookFromTable writes a journey read from CSV into a new workbook: the
// header and every touchpoint in the rows and columns they came from.
func workbookFromTable(j *journey.Journey) (*excelize.File, error) {
	f := excelize.NewFile()
	sheet := journey.SheetTouchpoints
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		f.Close()
		return nil, err
	}
	set := func(col, row int, v string) error {
		if v == "" {
			return nil
		}
		return f.SetCellStr(sheet, journey.CellName(col, row), v)
	}
	header := max(j.Table.HeaderRow, 1)
	for _, h := range j.Table.Headers {
		if err := set(h.Col, header, h.Text); err != nil {
			f.Close()
			return nil, err
		}
	}
	for i := range j.Touchpoints {
		tp := &j.Touchpoints[i]
		for fld, col := range j.Table.Columns {
			if col > 0 {
				if err := set(col, tp.Row, tp.Raw(journey.Field(fld))); err != nil {
					f.Close()
					return nil, err
				}
			}
		}
		for col, v := range tp.Extra {
			if err := set(col, tp.Row, v); err != nil {
				f.Close()
				return nil, err
			}
		}
	}
	return f, nil
}

// diffWriter marks one sheet.
type diffWriter struct {
	f      *excelize.File
	sheet  string
	t      *journey.Table
	styles map[[2]int]int // (base style, change kind index) -> style
	// comments holds the text of the sheet's existing comments by cell.
	comments map[string]string
}

var changeIndex = map[string]int{ChangeAdded: 1, ChangeRemoved: 2, ChangeChanged: 3, ChangeMoved: 3}

// mark adds the Change column and highlights the rows.
func (w *diffWriter) mark(d DiffWorkbook) error {
	first, last := w.tableColumns()
	changeCol := last + 1
	headerRow := max(w.t.HeaderRow, 1)
	if err := w.changeHeader(headerRow, last, changeCol, d.Current); err != nil {
		return err
	}
	if err := w.loadComments(); err != nil {
		return err
	}
	next, err := w.lastUsedRow()
	if err != nil {
		return err
	}
	next = max(next, headerRow) + 1
	rows := append([]DiffRow(nil), d.Rows...)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Row != 0 && (rows[j].Row == 0 || rows[i].Row < rows[j].Row) })
	for _, r := range rows {
		row := r.Row
		if r.Change == ChangeRemoved || row == 0 {
			row = next
			next++
			if err := w.writeValues(row, r.Values); err != nil {
				return err
			}
		}
		cell := journey.CellName(changeCol, row)
		if err := w.f.SetCellStr(w.sheet, cell, r.Change); err != nil {
			return err
		}
		switch r.Change {
		case ChangeAdded, ChangeRemoved:
			if err := w.fill(row, first, changeCol, r.Change); err != nil {
				return err
			}
		case ChangeChanged, ChangeMoved:
			if err := w.fill(row, changeCol, changeCol, r.Change); err != nil {
				return err
			}
			for _, col := range sortedCols(r.Old) {
				if err := w.fill(row, col, col, r.Change); err != nil {
					return err
				}
				old := r.Old[col]
				if old == "" {
					old = "(empty)"
				}
				if err := w.comment(journey.CellName(col, row), "Was: ", old); err != nil {
					return err
				}
			}
		}
		if r.Note != "" {
			if err := w.comment(cell, "", r.Note); err != nil {
				return err
			}
		}
	}
	return nil
}

// tableColumns returns the first and last columns of the header.
func (w *diffWriter) tableColumns() (first, last int) {
	for _, h := range w.t.Headers {
		if first == 0 || h.Col < first {
			first = h.Col
		}
		last = max(last, h.Col)
	}
	for _, c := range w.t.Columns {
		if c > 0 && (first == 0 || c < first) {
			first = c
		}
		last = max(last, c)
	}
	return max(first, 1), max(last, 1)
}

// changeHeader writes the Change header in the style of the header, with
// a comment saying what the column is.
func (w *diffWriter) changeHeader(row, last, col int, current string) error {
	name := "Change"
	for _, h := range w.t.Headers {
		if journey.NormalizeName(h.Text) == "change" {
			name = "Diff change"
		}
	}
	cell := journey.CellName(col, row)
	if err := w.f.SetCellStr(w.sheet, cell, name); err != nil {
		return err
	}
	// The style of the last styled header cell (a column the team added
	// last may have none).
	for c := last; c >= 1; c-- {
		if style, err := w.f.GetCellStyle(w.sheet, journey.CellName(c, row)); err == nil && style != 0 {
			if err := w.f.SetCellStyle(w.sheet, cell, cell, style); err != nil {
				return err
			}
			break
		}
	}
	c := journey.ColumnName(col)
	if err := w.f.SetColWidth(w.sheet, c, c, 12); err != nil {
		return err
	}
	from := "the current map"
	if current != "" {
		from = current
	}
	return w.f.AddComment(w.sheet, excelize.Comment{Cell: cell, Author: diffAuthor, Paragraph: []excelize.RichTextRun{
		{Text: "journey diff\n", Font: &excelize.Font{Bold: true}},
		{Text: "How each row differs from " + from + ": added (green), changed or moved (changed cells yellow, " +
			"the old value in their comment), unchanged. Rows removed since then are appended at the bottom in red."},
	}, Width: 320, Height: 110})
}

// loadComments reads the sheet's existing comments, so that a changed cell
// that already has one keeps its text.
func (w *diffWriter) loadComments() error {
	w.comments = map[string]string{}
	list, err := w.f.GetComments(w.sheet)
	if err != nil {
		return err
	}
	for _, c := range list {
		text := c.Text
		for _, r := range c.Paragraph {
			text += r.Text
		}
		w.comments[c.Cell] = text
	}
	return nil
}

// comment adds a comment to cell, keeping the text of one already there.
func (w *diffWriter) comment(cell, label, text string) error {
	runs := []excelize.RichTextRun{}
	if label != "" {
		runs = append(runs, excelize.RichTextRun{Text: label, Font: &excelize.Font{Bold: true}})
	}
	runs = append(runs, excelize.RichTextRun{Text: clip(text, 30000)})
	if old, ok := w.comments[cell]; ok {
		if err := w.f.DeleteComment(w.sheet, cell); err != nil {
			return err
		}
		runs = append(runs, excelize.RichTextRun{Text: "\n\n" + clip(old, 2000)})
	}
	w.comments[cell] = text
	return w.f.AddComment(w.sheet, excelize.Comment{Cell: cell, Author: diffAuthor, Paragraph: runs, Width: 240, Height: 80})
}

// lastUsedRow returns the last row of the sheet holding a value.
func (w *diffWriter) lastUsedRow() (int, error) {
	rows, err := w.f.Rows(w.sheet)
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
		for _, c := range cells {
			if c != "" {
				last = n
				break
			}
		}
	}
	return last, rows.Error()
}

// writeValues writes a removed touchpoint's values: a number written the
// way Go writes it back ("1200", "2.5", "-1") as a number, everything else
// as text (so "0035" and "35%" stay as they were).
func (w *diffWriter) writeValues(row int, values map[int]string) error {
	for _, col := range sortedCols(values) {
		v := values[col]
		if v == "" {
			continue
		}
		cell := journey.CellName(col, row)
		var err error
		if n, perr := strconv.ParseFloat(v, 64); perr == nil && strconv.FormatFloat(n, 'f', -1, 64) == v {
			err = w.f.SetCellFloat(w.sheet, cell, n, -1, 64)
		} else {
			err = w.f.SetCellStr(w.sheet, cell, v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// fill colours the cells of row from column first to last for change,
// keeping each cell's own format, borders and alignment.
func (w *diffWriter) fill(row, first, last int, change string) error {
	kind := changeIndex[change]
	for col := first; col <= last; col++ {
		cell := journey.CellName(col, row)
		base, err := w.f.GetCellStyle(w.sheet, cell)
		if err != nil {
			return err
		}
		key := [2]int{base, kind}
		id, ok := w.styles[key]
		if !ok {
			if id, err = w.newFillStyle(base, change); err != nil {
				return err
			}
			w.styles[key] = id
		}
		if err := w.f.SetCellStyle(w.sheet, cell, cell, id); err != nil {
			return err
		}
	}
	return nil
}

// newFillStyle derives from style base one filled for change.
func (w *diffWriter) newFillStyle(base int, change string) (int, error) {
	colors := diffColors[change]
	st, err := w.f.GetStyle(base)
	if err != nil || st == nil {
		st = &excelize.Style{}
	}
	st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colors[0]}}
	font := excelize.Font{}
	if st.Font != nil {
		font = *st.Font
	}
	font.Color = colors[1]
	st.Font = &font
	return w.f.NewStyle(st)
}

// sortedCols returns the keys of m in order.
func sortedCols(m map[int]string) []int {
	cols := make([]int, 0, len(m))
	for c := range m {
		cols = append(cols, c)
	}
	sort.Ints(cols)
	return cols
}
