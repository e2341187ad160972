package workbook

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/journey-cli/journey/internal/journey"
)

// excelizeOptions bound what excelize may unpack (a crafted 2 MB file can
// otherwise take gigabytes) and render dates as ISO text.
func excelizeOptions() excelize.Options {
	return excelize.Options{
		UnzipSizeLimit:    maxUnzipSize,
		UnzipXMLSizeLimit: 16 << 20, // larger sheets stream from a temp file
		ShortDatePattern:  "yyyy-mm-dd",
		LongDatePattern:   "yyyy-mm-dd",
	}
}

// openXLSX opens a workbook that sniff has accepted. data is used instead
// of the file when not nil (standard input).
func openXLSX(path string, data []byte) (*excelize.File, error) {
	var (
		f   *excelize.File
		err error
	)
	if data != nil {
		f, err = excelize.OpenReader(bytes.NewReader(data), excelizeOptions())
	} else {
		f, err = excelize.OpenFile(path, excelizeOptions())
	}
	if err != nil {
		return nil, errorf(path, "cannot open the workbook (%s): re-save it in Excel or LibreOffice as .xlsx", plainError(err))
	}
	return f, nil
}

// plainError turns an excelize or XML error into words for a message.
func plainError(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.Contains(msg[:i], "xml") {
		msg = msg[i+2:]
	}
	return msg
}

// xlsxRows reads one worksheet through excelize's streaming iterator,
// checking every cell error, and notices a sheet that ends before the last
// row it declares (a sheet cut short inside the file ends excelize's
// iterator early without an error).
type xlsxRows struct {
	file, sheet string
	raw         bool // values as stored (dates as serials) rather than as displayed
	rows        *excelize.Rows
	row         int
	lastRow     int // the last row the sheet's dimension declares, 0 when unknown
}

// newXLSXRows starts reading sheet.
func newXLSXRows(f *excelize.File, file, sheet string, raw bool) (*xlsxRows, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, errorf(file, "sheet %q cannot be read (%s): re-save the workbook in Excel or LibreOffice", sheet, plainError(err))
	}
	r := &xlsxRows{file: file, sheet: sheet, rows: rows, raw: raw}
	if dim, err := f.GetSheetDimension(sheet); err == nil {
		r.lastRow = dimensionLastRow(dim)
	}
	return r, nil
}

// Next implements rowReader.
func (r *xlsxRows) Next() (int, []string, error) {
	if !r.rows.Next() {
		if err := r.rows.Error(); err != nil {
			return 0, nil, errorf(r.file, "sheet %q cannot be read after row %d (%s)", r.sheet, r.row, plainError(err))
		}
		if r.lastRow > r.row {
			return 0, nil, errorf(r.file, "sheet %q ends at row %d but declares rows up to %d: the file is damaged or cut short; re-save it in Excel or LibreOffice", r.sheet, r.row, r.lastRow)
		}
		return 0, nil, io.EOF
	}
	r.row++
	cells, err := r.rows.Columns(excelize.Options{RawCellValue: r.raw})
	if err != nil {
		return 0, nil, errorf(r.file, "sheet %q row %d cannot be read (%s): re-save the workbook in Excel or LibreOffice", r.sheet, r.row, plainError(err))
	}
	return r.row, cells, nil
}

// Close releases the iterator's temporary files.
func (r *xlsxRows) Close() error { return r.rows.Close() }

// dimensionLastRow returns the last row of a dimension such as "A1:H50",
// 0 when it gives no range: a single cell ("A1", "A1:A1") is what writers
// put in an empty sheet.
func dimensionLastRow(dim string) int {
	first, ref, isRange := strings.Cut(dim, ":")
	if !isRange || strings.EqualFold(first, ref) {
		return 0
	}
	digits := strings.TrimLeft(ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$")
	n, err := strconv.Atoi(strings.TrimPrefix(digits, "$"))
	if err != nil {
		return 0
	}
	return n
}

// readSheet streams one sheet into read, with values as displayed (a
// percentage as "35%"), or as stored when raw is set (a date as its serial
// number, whatever its display format). A sheet that declares cells but
// streams none is read again after excelize loads it whole: excelize's
// streaming reader drops cells it cannot parse (an empty s="" style
// attribute, seen in files from Excel for Mac) without an error.
func readSheet(f *excelize.File, file, sheet string, raw bool, read func(rowReader) error) error {
	rows, err := newXLSXRows(f, file, sheet, raw)
	if err != nil {
		return err
	}
	counter := &countingRows{rowReader: rows}
	err = read(counter)
	rows.Close()
	if err != nil || counter.cells > 0 || rows.lastRow == 0 || counter.rows == 0 {
		return err
	}
	// Loading any cell parses the whole sheet into memory, after which the
	// iterator reads the parsed copy.
	if _, err := f.GetCellValue(sheet, "A1"); err != nil {
		return errorf(file, "sheet %q cannot be read (%s): re-save the workbook in Excel or LibreOffice", sheet, plainError(err))
	}
	rows, err = newXLSXRows(f, file, sheet, raw)
	if err != nil {
		return err
	}
	defer rows.Close()
	return read(rows)
}

// countingRows counts the rows and non-empty cells a reader yields.
type countingRows struct {
	rowReader
	rows, cells int
}

func (c *countingRows) Next() (int, []string, error) {
	num, cells, err := c.rowReader.Next()
	if err == nil {
		c.rows++
		for _, v := range cells {
			if v != "" {
				c.cells++
			}
		}
	}
	return num, cells, err
}

// date1904 reports whether the workbook counts dates from 1904.
func date1904(f *excelize.File) bool {
	props, err := f.GetWorkbookProps()
	return err == nil && props.Date1904 != nil && *props.Date1904
}

// sheetNames maps normalised sheet names to the workbook's own spelling.
func sheetNames(f *excelize.File) map[string]string {
	names := map[string]string{}
	for _, s := range f.GetSheetList() {
		key := journey.NormalizeName(s)
		if _, dup := names[key]; !dup {
			names[key] = s
		}
	}
	return names
}
