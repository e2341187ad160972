// Package workbook reads journey workbooks (.xlsx, .xlsm, .csv) into the
// journey model and writes them. It is the only package that imports
// excelize.
package workbook

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/journey-cli/journey/internal/journey"
)

// maxStdinSize bounds what is read from standard input.
const maxStdinSize = 1 << 30

// ReadOptions say how to read a journey.
type ReadOptions struct {
	// Template supplies the stages and vocabularies a workbook lacks (and
	// all of them for a CSV file).
	Template *journey.Template
	// Stdin is read when the path is "-".
	Stdin io.Reader
}

// Read reads the journey in path: an .xlsx/.xlsm workbook, a CSV file of
// touchpoints, or "-" for standard input. Input the tool cannot read at all
// is an *Error; what is wrong inside a readable workbook is returned in
// Journey.Problems.
func Read(path string, opts ReadOptions) (j *journey.Journey, err error) {
	defer func() {
		// A spreadsheet library that panics on a malformed file must not
		// take the command down: say the file cannot be read.
		if r := recover(); r != nil {
			j, err = nil, errorf(path, "cannot be read: the file is malformed (%v); re-save it in Excel or LibreOffice", r)
		}
	}()
	var (
		kind Kind
		data []byte
	)
	if path == "-" {
		data, err = readStdin(opts.Stdin)
		if err == nil {
			kind, err = sniffBytes("standard input", data)
		}
	} else {
		kind, err = sniff(path)
	}
	if err != nil {
		return nil, err
	}
	j = &journey.Journey{File: path}
	if kind == KindCSV {
		err = readCSVJourney(path, data, j)
	} else {
		err = readXLSXJourney(path, data, j)
	}
	if err != nil {
		return nil, err
	}
	applyTemplate(j, opts.Template)
	return j, nil
}

// readStdin reads all of standard input, bounded.
func readStdin(r io.Reader) ([]byte, error) {
	if r == nil {
		r = os.Stdin
	}
	data, err := io.ReadAll(io.LimitReader(r, maxStdinSize+1))
	if err != nil {
		return nil, errorf("standard input", "cannot be read (%v)", err)
	}
	if len(data) > maxStdinSize {
		return nil, errorf("standard input", "is larger than 1 GiB; save it to a file and split it")
	}
	return data, nil
}

// readCSVJourney reads a CSV file of touchpoints.
func readCSVJourney(path string, data []byte, j *journey.Journey) error {
	var r io.Reader
	if data != nil {
		r = bytes.NewReader(data)
	} else {
		f, err := os.Open(path)
		if err != nil {
			return errorf(path, "cannot be opened (%v)", err)
		}
		defer f.Close()
		r = f
	}
	rr, err := newCSVReader(path, r)
	if err != nil {
		return err
	}
	rr = (&readBudget{}).limit(rr, path, "")
	found, err := readTouchpoints(undefused{rr}, journey.Loc{File: path}, j)
	if err != nil {
		return err
	}
	if !found {
		j.Problems = append(j.Problems, headerMissing(path, "", "Stage, Touchpoint, Channel, Mode, Direction, Owner team"))
	}
	return nil
}

// readXLSXJourney reads the Touchpoints, Stages, Lists and Persona sheets.
func readXLSXJourney(path string, data []byte, j *journey.Journey) error {
	pkgScan, err := startPackageScan(path, data)
	if err != nil {
		return err
	}
	f, openErr := openXLSX(path, data)
	sheets, err := pkgScan.wait()
	if openErr == nil {
		defer f.Close()
	}
	if err != nil {
		return err // the scan's reason to refuse comes first
	}
	if openErr != nil {
		return openErr
	}
	if sheets == nil {
		sheets = map[string]sheetPart{}
	}
	b := &xlsxBook{f: f, file: path, sheets: sheets, budget: &readBudget{}}
	names := sheetNames(f)
	// Scan the Touchpoints sheet for merged cells on the other core while
	// excelize streams its rows: the scan unzips the sheet once more.
	merged := make(chan mergedScan, 1)
	if name, ok := names[journey.NormalizeName(journey.SheetTouchpoints)]; ok {
		go func() {
			ranges, err := mergedCells(path, data, name)
			merged <- mergedScan{name, ranges, err}
		}()
	} else {
		merged <- mergedScan{}
	}
	err = readTouchpointSheet(b, names, j)
	scan := <-merged
	if err != nil {
		return err
	}
	if err := checkMerged(path, data, j, scan); err != nil {
		return err
	}
	if name, ok := names[journey.NormalizeName(journey.SheetStages)]; ok {
		var found bool
		err := b.readSheet(name, false, func(rr rowReader) (err error) {
			found, err = readStages(rr, journey.Loc{File: path, Sheet: name}, j)
			return err
		})
		if err != nil {
			return err
		}
		if !found {
			j.Problems = append(j.Problems, headerMissing(path, name, "Stage"))
		}
	} else {
		j.Problems = append(j.Problems, sheetMissing(path, journey.SheetStages, journey.Warning, "the template's stages are used"))
	}
	if name, ok := names[journey.NormalizeName(journey.SheetLists)]; ok {
		err := b.readSheet(name, false, func(rr rowReader) error {
			_, err := readLists(rr, journey.Loc{File: path, Sheet: name}, &j.Vocab)
			return err
		})
		if err != nil {
			return err
		}
	} else {
		j.Problems = append(j.Problems, sheetMissing(path, journey.SheetLists, journey.Warning, "the template's vocabularies are used"))
	}
	if name, ok := names[journey.NormalizeName(journey.SheetPersona)]; ok {
		is1904 := date1904(f)
		// Raw values: a date shows in whatever format the user chose, but
		// its serial number always parses.
		return b.readSheet(name, true, func(rr rowReader) error {
			return readPersona(rr, journey.Loc{File: path, Sheet: name}, is1904, &j.Persona, &j.Problems)
		})
	}
	return nil
}

// readTouchpointSheet reads the Touchpoints sheet or, when the workbook has
// none, the first sheet holding a touchpoints table.
func readTouchpointSheet(b *xlsxBook, names map[string]string, j *journey.Journey) error {
	path := b.file
	if name, ok := names[journey.NormalizeName(journey.SheetTouchpoints)]; ok {
		var found bool
		reserveTouchpoints(b, name, j)
		err := b.readSheet(name, false, func(rr rowReader) (err error) {
			found, err = readTouchpoints(rr, journey.Loc{File: path, Sheet: name}, j)
			return err
		})
		if err == nil && !found {
			j.Problems = append(j.Problems, headerMissing(path, name, "Stage, Touchpoint, Channel, Mode, Direction, Owner team"))
		}
		return err
	}
	list := b.f.GetSheetList()
	for _, name := range list {
		if knownSheet(name) {
			continue
		}
		var found bool
		reserveTouchpoints(b, name, j)
		err := b.readSheet(name, false, func(rr rowReader) (err error) {
			found, err = readTouchpoints(rr, journey.Loc{File: path, Sheet: name}, j)
			return err
		})
		if err != nil {
			return err
		}
		if found {
			j.Problems = append(j.Problems, sheetMissing(path, journey.SheetTouchpoints, journey.Warning,
				fmt.Sprintf("the touchpoints were read from sheet %q; rename it to Touchpoints", name)))
			return nil
		}
		j.Problems, j.Table = nil, journey.Table{}
	}
	j.Problems = append(j.Problems, sheetMissing(path, journey.SheetTouchpoints, journey.Error,
		fmt.Sprintf("none of the sheets (%s) holds a touchpoints table; add a Touchpoints sheet (journey init writes one)", listSheets(list))))
	return nil
}

// reserveTouchpoints makes room in j for as many touchpoints as the sheet
// has rows, so that a large journey is not copied while it grows: each
// copy needs the old and the new slice in memory at once.
func reserveTouchpoints(b *xlsxBook, sheet string, j *journey.Journey) {
	if part, ok := b.sheetPart(sheet); ok && part.rows > 1 {
		j.Touchpoints = make([]journey.Touchpoint, 0, min(part.rows-1, maxTouchpoints))
	}
}

func sheetMissing(file, sheet string, sev journey.Severity, what string) journey.Finding {
	return journey.Finding{Rule: "sheet-missing", Severity: sev, Loc: journey.Loc{File: file}, Value: sheet,
		Message: fmt.Sprintf("no %s sheet: %s", sheet, what)}
}

func headerMissing(file, sheet, columns string) journey.Finding {
	where := "of the file"
	if sheet != "" {
		where = "of sheet " + sheet
	}
	return journey.Finding{Rule: "header-missing", Severity: journey.Error, Loc: journey.Loc{File: file, Sheet: sheet},
		Message: fmt.Sprintf("no header row in the first %d rows %s: add one with the columns %s", headerScanRows, where, columns)}
}

// applyTemplate fills in what the workbook lacks from the template: the
// stages when there is no Stages sheet, and each empty vocabulary.
func applyTemplate(j *journey.Journey, t *journey.Template) {
	if t == nil {
		return
	}
	if len(j.Stages) == 0 {
		j.Stages = append([]journey.Stage(nil), t.Stages...)
	}
	v, d := &j.Vocab, t.Vocab
	fill := func(list *[]string, def []string) {
		if len(*list) == 0 {
			*list = def
		}
	}
	fill(&v.Channels, d.Channels)
	fill(&v.Modes, d.Modes)
	fill(&v.Directions, d.Directions)
	fill(&v.Teams, d.Teams)
	fill(&v.Cadences, d.Cadences)
	fill(&v.Statuses, d.Statuses)
	if v.Automatable == nil {
		v.Automatable = d.Automatable
	}
}

// mergedScan is the outcome of mergedCells for one sheet.
type mergedScan struct {
	sheet  string
	ranges []string
	err    error
}

// checkMerged reports merged ranges that overlap the touchpoints table:
// only their top-left cell keeps a value, the others read as empty.
func checkMerged(path string, data []byte, j *journey.Journey, scan mergedScan) error {
	t := &j.Table
	if t.HeaderRow == 0 || len(t.Headers) == 0 {
		return nil
	}
	ranges, err := scan.ranges, scan.err
	if scan.sheet != t.Sheet.Sheet { // the table was found on another sheet
		ranges, err = mergedCells(path, data, t.Sheet.Sheet)
	}
	if err != nil {
		return err
	}
	lastRow := t.HeaderRow
	if n := len(j.Touchpoints); n > 0 {
		lastRow = j.Touchpoints[n-1].Row
	}
	firstCol, lastCol := t.Headers[0].Col, t.Headers[len(t.Headers)-1].Col
	for _, ref := range ranges {
		c1, r1, c2, r2, ok := rangeBounds(ref)
		if !ok || r2 < t.HeaderRow || r1 > lastRow || c2 < firstCol || c1 > lastCol {
			continue
		}
		j.Problems = append(j.Problems, journey.Finding{Rule: "merged-cell", Severity: journey.Warning,
			Loc: t.Sheet.AtRow(r1).At(c1), Value: ref,
			Message: fmt.Sprintf("cells %s are merged inside the table: only the first keeps its value; unmerge them and fill each cell", ref)})
	}
	return nil
}

// rangeBounds reads "A3:B4" (or a single cell) into its corners.
func rangeBounds(ref string) (c1, r1, c2, r2 int, ok bool) {
	first, last, found := strings.Cut(ref, ":")
	if !found {
		last = first
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(first)
	c2, r2, err2 := excelize.CellNameToCoordinates(last)
	return min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2), err1 == nil && err2 == nil
}

// knownSheet reports whether name is one of the workbook's own sheets other
// than Touchpoints, which never hold the touchpoints table.
func knownSheet(name string) bool {
	switch journey.NormalizeName(name) {
	case "guide", "persona", "stages", "lists":
		return true
	}
	return false
}

// listSheets names the first sheets of a workbook for a message.
func listSheets(names []string) string {
	const shown = 5
	quoted := make([]string, 0, shown)
	for i, n := range names {
		if i == shown {
			quoted = append(quoted, fmt.Sprintf("and %d more", len(names)-shown))
			break
		}
		quoted = append(quoted, strconv.Quote(n))
	}
	return strings.Join(quoted, ", ")
}

// undefused removes the apostrophe that CSV exports (journey's own
// included) put before a cell starting with =, +, - or @ so that a
// spreadsheet does not run it as a formula: "'-1" reads as -1.
type undefused struct{ rowReader }

func (u undefused) Next() (int, []string, error) {
	num, cells, err := u.rowReader.Next()
	for i, v := range cells {
		if len(v) >= 2 && v[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(v[1])) {
			cells[i] = v[1:]
		}
	}
	return num, cells, err
}

// readBudget counts what one Read has been handed, in all the sheets it
// reads, against maxTextBytes and maxCellsRead.
type readBudget struct {
	text, cells int
}

// limit wraps the reader of one sheet (sheet is "" for a CSV file) so that
// each row is checked against the budget and each cell against
// maxCellChars.
func (b *readBudget) limit(rr rowReader, file, sheet string) rowReader {
	return &limitedRows{rowReader: rr, budget: b, sheet: journey.Loc{File: file, Sheet: sheet}}
}

// limitedRows is a rowReader whose rows are checked against a readBudget.
type limitedRows struct {
	rowReader
	budget *readBudget
	sheet  journey.Loc
}

// Next implements rowReader.
func (l *limitedRows) Next() (int, []string, error) {
	num, cells, err := l.rowReader.Next()
	if err != nil {
		return num, cells, err
	}
	b, file := l.budget, l.sheet.File
	if b.cells += len(cells); b.cells > maxCellsRead {
		return 0, nil, errorf(file, "%s has rows reaching far right (row %d to column %s), and journey stops after %s cells, counting the empty ones left of each row's last filled cell: delete the columns right of the table, or the stray cells there, and save again",
			sheetName(l.sheet), num, journey.ColumnName(len(cells)), thousands(maxCellsRead))
	}
	for i, c := range cells {
		b.text += len(c)
		if len(c) > maxCellChars {
			if n := utf8.RuneCountInString(c); n > maxCellChars {
				return 0, nil, errorf(file, "cell %s holds %s characters, more than the %s a spreadsheet cell can hold, so no spreadsheet program saved it: shorten it, or split it over several cells, and save again",
					l.sheet.AtRow(num).At(i+1), thousands(n), thousands(maxCellChars))
			}
		}
	}
	if b.text > maxTextBytes {
		return 0, nil, errorf(file, "%s holds more than %d MB of text by row %d, far more than any journey map (is one long text repeated in many cells?): delete what is not part of the journey and save again",
			sheetName(l.sheet), maxTextBytes>>20, num)
	}
	return num, cells, nil
}
