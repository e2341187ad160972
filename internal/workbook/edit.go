package workbook

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/journey-cli/journey/internal/journey"
)

// ApplyEdits writes a copy of the workbook (or CSV file) in with edits
// applied to out: cell texts replaced, keeping each cell's style, then rows
// deleted from the bottom up (the cells, comments, formulas, validations
// and merged cells below move up with them). Every sheet, column, style,
// comment and validation it does not touch is kept. out may equal in
// (with force) to rewrite in place.
func ApplyEdits(in, out string, edits []journey.Edit, force bool) error {
	kind, err := sniff(in)
	if err != nil {
		return err
	}
	if kind == KindCSV {
		return applyCSVEdits(in, out, edits, force)
	}
	// Deleting rows moves the rows below up; their comments are moved
	// first (excelize leaves them where they were).
	var shifts []rowShift
	for _, e := range rowsToDelete(edits) {
		shifts = append(shifts, rowShift{Sheet: e.Loc.Sheet, Row: e.Loc.Row, Offset: -1})
	}
	var f *excelize.File
	if len(shifts) > 0 {
		f, err = openShifted(in, shifts)
	} else {
		f, err = openXLSX(in, nil)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	for _, e := range edits {
		if e.DeleteRow {
			continue
		}
		if err := f.SetCellStr(e.Loc.Sheet, journey.CellName(e.Loc.Col, e.Loc.Row), e.Value); err != nil {
			return errorf(in, "cannot change %s (%s)", e.Loc, plainError(err))
		}
	}
	for _, e := range rowsToDelete(edits) {
		err := f.RemoveRow(e.Loc.Sheet, e.Loc.Row)
		if err == nil {
			// excelize keeps the declared used range, which would then
			// claim a row the sheet no longer has.
			err = shrinkDimension(f, e.Loc.Sheet, e.Loc.Row)
		}
		if err != nil {
			return errorf(in, "cannot delete row %d of sheet %s (%s)", e.Loc.Row, e.Loc.Sheet, plainError(err))
		}
	}
	return writeCopy(f, out, force)
}

// writeCopy writes f, a workbook read from a file, to path. excelize
// declares the workbook's type (macro-enabled or not) from the extension
// of the file name it holds, and Excel refuses a file whose type and
// extension disagree, so the type follows path. A workbook with macros
// is only written under a name ending in .xlsm: under any other, Excel
// would drop them.
func writeCopy(f *excelize.File, path string, force bool) error {
	if _, macros := f.Pkg.Load("xl/vbaProject.bin"); macros && !strings.EqualFold(filepath.Ext(path), ".xlsm") {
		return errorf(path, "would lose the macros of %s, which only a file ending in .xlsm keeps: give a name ending in .xlsm", filepath.Base(f.Path))
	}
	f.Path = path
	return WriteFileAtomic(path, force, func(w io.Writer) error { return f.Write(w) })
}

// rowsToDelete returns the row deletions, bottom row first, so that each
// deletion leaves the rows still to delete where they were.
func rowsToDelete(edits []journey.Edit) []journey.Edit {
	var dels []journey.Edit
	for _, e := range edits {
		if e.DeleteRow {
			dels = append(dels, e)
		}
	}
	sort.Slice(dels, func(i, j int) bool { return dels[i].Loc.Row > dels[j].Loc.Row })
	return dels
}

// applyCSVEdits rewrites a CSV file with edits applied, as UTF-8 with
// commas (the reader accepts several encodings and delimiters; the fixed
// copy is written in the most portable form).
func applyCSVEdits(in, out string, edits []journey.Edit, force bool) error {
	file, err := os.Open(in)
	if err != nil {
		return openError(in, err)
	}
	defer file.Close()
	rr, err := newCSVReader(in, file)
	if err != nil {
		return err
	}
	var rows [][]string
	for {
		num, cells, err := rr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		for len(rows) < num-1 {
			rows = append(rows, nil)
		}
		rows = append(rows, cells)
	}
	for _, e := range edits {
		if e.DeleteRow || e.Loc.Row < 1 || e.Loc.Row > len(rows) {
			continue
		}
		row := rows[e.Loc.Row-1]
		for len(row) < e.Loc.Col {
			row = append(row, "")
		}
		row[e.Loc.Col-1] = e.Value
		rows[e.Loc.Row-1] = row
	}
	for _, e := range rowsToDelete(edits) {
		if e.Loc.Row >= 1 && e.Loc.Row <= len(rows) {
			rows = append(rows[:e.Loc.Row-1], rows[e.Loc.Row:]...)
		}
	}
	return WriteFileAtomic(out, force, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		return cw.Error()
	})
}

// Backup copies path to path + ".bak", replacing an older backup, with
// the mode of path (without execute bits).
func Backup(path string) error {
	src, err := os.Open(path)
	if err != nil {
		return openError(path, err)
	}
	defer src.Close()
	mode := outputMode
	if info, err := src.Stat(); err == nil {
		mode = info.Mode().Perm() &^ 0o111
	}
	return writeAtomic(path+".bak", true, mode, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	})
}
