package workbook

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/journey-cli/journey/internal/gctune"
	"github.com/journey-cli/journey/internal/journey"
)

// Hostile input (issue 8): each generator writes a workbook straight into a
// zip, streaming, so that a million-row sheet costs the test a fraction of
// a second; each test then reads it and checks the time, the peak heap and
// the outcome.

// hostileSheet is one sheet of a generated workbook: its name, its
// dimension ("" for none) and what goes inside <sheetData>.
type hostileSheet struct {
	name string
	dim  string
	data func(w *bufio.Writer)
}

// hostileBook is a generated workbook: sheets, an optional shared-string
// table (what goes inside <sst>) and a style sheet whose style 1 shows
// numbers as percentages.
type hostileBook struct {
	sheets []hostileSheet
	sst    func(w *bufio.Writer)
}

// writeHostile writes book into a temporary folder as name and returns
// its path.
func writeHostile(t testing.TB, name string, book hostileBook) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	part := func(name string, write func(w *bufio.Writer)) {
		zf, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriterSize(zf, 1<<16)
		w.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
		write(w)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	const (
		ns     = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
		relNS  = `xmlns="http://schemas.openxmlformats.org/package/2006/relationships"`
		relDoc = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/`
		ctMain = `application/vnd.openxmlformats-officedocument.spreadsheetml.`
	)
	part("[Content_Types].xml", func(w *bufio.Writer) {
		w.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
		w.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`)
		w.WriteString(`<Override PartName="/xl/workbook.xml" ContentType="` + ctMain + `sheet.main+xml"/>`)
		w.WriteString(`<Override PartName="/xl/styles.xml" ContentType="` + ctMain + `styles+xml"/>`)
		if book.sst != nil {
			w.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="` + ctMain + `sharedStrings+xml"/>`)
		}
		for i := range book.sheets {
			fmt.Fprintf(w, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="%sworksheet+xml"/>`, i+1, ctMain)
		}
		w.WriteString(`</Types>`)
	})
	part("_rels/.rels", func(w *bufio.Writer) {
		w.WriteString(`<Relationships ` + relNS + `><Relationship Id="rId1" Type="` + relDoc + `officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	})
	part("xl/workbook.xml", func(w *bufio.Writer) {
		w.WriteString(`<workbook ` + ns + ` xmlns:r="` + strings.TrimSuffix(relDoc, "/") + `"><sheets>`)
		for i, s := range book.sheets {
			fmt.Fprintf(w, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, s.name, i+1, i+1)
		}
		w.WriteString(`</sheets></workbook>`)
	})
	part("xl/_rels/workbook.xml.rels", func(w *bufio.Writer) {
		w.WriteString(`<Relationships ` + relNS + `>`)
		for i := range book.sheets {
			fmt.Fprintf(w, `<Relationship Id="rId%d" Type="%sworksheet" Target="worksheets/sheet%d.xml"/>`, i+1, relDoc, i+1)
		}
		fmt.Fprintf(w, `<Relationship Id="rId%d" Type="%sstyles" Target="styles.xml"/>`, len(book.sheets)+1, relDoc)
		if book.sst != nil {
			fmt.Fprintf(w, `<Relationship Id="rId%d" Type="%ssharedStrings" Target="sharedStrings.xml"/>`, len(book.sheets)+2, relDoc)
		}
		w.WriteString(`</Relationships>`)
	})
	part("xl/styles.xml", func(w *bufio.Writer) {
		w.WriteString(`<styleSheet ` + ns + `><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
			`<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>` +
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`)
	})
	if book.sst != nil {
		part("xl/sharedStrings.xml", func(w *bufio.Writer) {
			w.WriteString(`<sst ` + ns + `>`)
			book.sst(w)
			w.WriteString(`</sst>`)
		})
	}
	for i, s := range book.sheets {
		part(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), func(w *bufio.Writer) {
			w.WriteString(`<worksheet ` + ns + `>`)
			if s.dim != "" {
				w.WriteString(`<dimension ref="` + s.dim + `"/>`)
			}
			w.WriteString(`<sheetData>`)
			if s.data != nil {
				s.data(w)
			}
			w.WriteString(`</sheetData></worksheet>`)
		})
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// hostileHeader is the touchpoints header the generated sheets use.
var hostileHeader = []string{"ID", "Stage", "Touchpoint", "Channel", "Mode", "Direction", "Owner team"}

// writeRow writes row num with the given cells from column A on, as
// inline strings; empty cells are left out.
func writeRow(w *bufio.Writer, num int, cells ...string) {
	fmt.Fprintf(w, `<row r="%d">`, num)
	for i, c := range cells {
		if c != "" {
			writeCell(w, i+1, num, c)
		}
	}
	w.WriteString(`</row>`)
}

// writeCell writes one inline-string cell.
func writeCell(w *bufio.Writer, col, row int, text string) {
	fmt.Fprintf(w, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, journey.CellName(col, row), text)
}

// touchpointCells are the cells of generated touchpoint n.
func touchpointCells(n int) []string {
	return []string{fmt.Sprintf("TP-%d", n), "Onboarding", fmt.Sprintf("Welcome email %d", n), "Email", "Automatic", "Outbound", "Marketing"}
}

// usage is what reading a file cost.
type usage struct {
	elapsed   time.Duration
	peakHeap  uint64 // peak of live+unswept heap objects above the baseline, sampled
	allocated uint64 // bytes allocated in all
}

func (u usage) String() string {
	return fmt.Sprintf("%v, peak heap %d MB, allocated %d MB", u.elapsed.Round(time.Millisecond), u.peakHeap>>20, u.allocated>>20)
}

// measure runs read with the command line's garbage-collector policy, sampling
// the heap every millisecond. The heap floor is the largest, the command
// line's for standard input: a small hostile file would get a lower one.
func measure(read func()) usage {
	gctune.Tune(0)
	defer gctune.Reset()
	runtime.GC()
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(samples)
	base, alloc0 := samples[0].Value.Uint64(), samples[1].Value.Uint64()
	var (
		peak uint64
		wg   sync.WaitGroup
		done = make(chan struct{})
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	read()
	u := usage{elapsed: time.Since(start)}
	close(done)
	wg.Wait()
	metrics.Read(samples)
	u.peakHeap = max(peak, samples[0].Value.Uint64())
	if u.peakHeap > base {
		u.peakHeap -= base
	} else {
		u.peakHeap = 0
	}
	u.allocated = samples[1].Value.Uint64() - alloc0
	return u
}

// hostileRead reads path, measuring it, and checks the bounds every
// hostile file must keep: 20 s and 300 MB of heap. On a machine so busy
// that reading takes longer, it is compared with excelize's bare stream
// of the Touchpoints sheet, measured then, instead.
func hostileRead(t *testing.T, path string) (*journey.Journey, error) {
	t.Helper()
	var (
		j   *journey.Journey
		err error
	)
	u := measure(func() { j, err = Read(path, ReadOptions{Template: mustTemplate(t)}) })
	t.Logf("%s: %v", filepath.Base(path), u)
	if u.elapsed > 20*time.Second {
		start := time.Now()
		_, streamErr := StreamCells(path, journey.SheetTouchpoints)
		if bare := time.Since(start); streamErr != nil || u.elapsed > 2*bare {
			t.Errorf("reading took %v, more than 20 s and twice excelize's bare stream (%v, %v)", u.elapsed, bare, streamErr)
		}
	}
	if u.peakHeap > 300<<20 {
		t.Errorf("reading took a peak heap of %d MB, more than 300 MB", u.peakHeap>>20)
	}
	return j, err
}

// wantError checks that err is a one-line *Error about path that says
// each of the words.
func wantError(t *testing.T, path string, err error, words ...string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %T %v, want an *Error", err, err)
	}
	msg := e.Error()
	t.Log(e.Msg)
	if !strings.HasPrefix(msg, path+": ") || strings.Contains(msg, "\n") {
		t.Errorf("message %q is not one line naming the file", msg)
	}
	for _, w := range words {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q does not say %q", msg, w)
		}
	}
}

// findings returns the problems of rule.
func findings(j *journey.Journey, rule string) []journey.Finding {
	var out []journey.Finding
	for _, p := range j.Problems {
		if p.Rule == rule {
			out = append(out, p)
		}
	}
	return out
}

// lastRowBook is a table of three touchpoints and a fourth in the last row
// of the sheet, 1,048,576, and nothing in between.
func lastRowBook(t testing.TB) string {
	return writeHostile(t, "lastrow.xlsx", hostileBook{sheets: []hostileSheet{{name: "Touchpoints", dim: "A1:G1048576", data: func(w *bufio.Writer) {
		writeRow(w, 1, hostileHeader...)
		for i := 2; i <= 4; i++ {
			writeRow(w, i, touchpointCells(i)...)
		}
		writeRow(w, excelize.TotalRows, touchpointCells(excelize.TotalRows)...)
	}}}})
}

// formattedRowsBook is a table of three touchpoints above a million rows
// that hold only a formatted empty cell, as a format applied down a whole
// column leaves them; with header false, the sheet has nothing else.
func formattedRowsBook(t testing.TB, rows int, header bool) string {
	return writeHostile(t, "formatted.xlsx", hostileBook{sheets: []hostileSheet{{name: "Touchpoints", dim: fmt.Sprintf("A1:H%d", rows), data: func(w *bufio.Writer) {
		next := 1
		if header {
			writeRow(w, 1, hostileHeader...)
			for i := 2; i <= 4; i++ {
				writeRow(w, i, touchpointCells(i)...)
			}
			next = 5
		}
		for i := next; i <= rows; i++ {
			fmt.Fprintf(w, `<row r="%d" s="1" customFormat="1"><c r="H%d" s="1"/></row>`, i, i)
		}
	}}}})
}

// TestHostileLastRow: a touchpoint in the last row of a sheet, a million
// empty rows below the others, is read at its cell, and the gap is one
// finding rather than a million.
func TestHostileLastRow(t *testing.T) {
	path := lastRowBook(t)
	j, err := hostileRead(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Touchpoints) != 4 {
		t.Fatalf("got %d touchpoints, want 4", len(j.Touchpoints))
	}
	last := j.Touchpoints[3]
	if cell := j.Table.Sheet.AtRow(last.Row).At(j.Table.Columns[journey.FieldID]).String(); cell != "Touchpoints!A1048576" || last.ID() != "TP-1048576" {
		t.Errorf("last touchpoint %q at %s, want TP-1048576 at Touchpoints!A1048576", last.ID(), cell)
	}
	blanks := findings(j, "row-blank")
	if len(blanks) != 1 || blanks[0].Fix != nil || blanks[0].Fixable || blanks[0].Loc.Row != 5 ||
		!strings.Contains(blanks[0].Message, "rows 5 to 1048575 (1,048,571 rows)") {
		t.Errorf("blank rows: %+v", blanks)
	}
}

// TestHostileFormattedRows: a million formatted empty rows under the table
// stream in a few seconds and are no findings.
func TestHostileFormattedRows(t *testing.T) {
	if testing.Short() {
		t.Skip("a million rows take excelize ~4 s")
	}
	path := formattedRowsBook(t, excelize.TotalRows, true)
	j, err := hostileRead(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Touchpoints) != 3 || len(findings(j, "row-blank")) != 0 {
		t.Errorf("got %d touchpoints, problems %v, want 3 and no blank rows", len(j.Touchpoints), rules(j))
	}
}

// TestHostileFormattedSheetWithoutHeader: a sheet of formatted empty cells
// declares cells but streams none, which once had it parsed whole (52 s
// and 2.7 GB for a million rows); only a sheet with unreadable style
// attributes is, and only a small one.
func TestHostileFormattedSheetWithoutHeader(t *testing.T) {
	path := formattedRowsBook(t, 200_000, false)
	j, err := hostileRead(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Touchpoints) != 0 || len(findings(j, "header-missing")) != 1 {
		t.Errorf("got %d touchpoints, problems %v, want a missing header", len(j.Touchpoints), rules(j))
	}
}

// wideHeaderBook has a header row filled to column XFD, the last Excel
// has, and 100 touchpoints with a value in that column.
func wideHeaderBook(t testing.TB) string {
	return writeHostile(t, "wideheader.xlsx", hostileBook{sheets: []hostileSheet{{name: "Touchpoints", data: func(w *bufio.Writer) {
		w.WriteString(`<row r="1">`)
		for c := 1; c <= excelize.MaxColumns; c++ {
			name := fmt.Sprintf("Extra %d", c)
			if c <= len(hostileHeader) {
				name = hostileHeader[c-1]
			}
			writeCell(w, c, 1, name)
		}
		w.WriteString(`</row>`)
		for i := 2; i <= 101; i++ {
			fmt.Fprintf(w, `<row r="%d">`, i)
			for c, v := range touchpointCells(i) {
				writeCell(w, c+1, i, v)
			}
			writeCell(w, excelize.MaxColumns, i, fmt.Sprintf("far right %d", i))
			w.WriteString(`</row>`)
		}
	}}}})
}

// strayColumnBook has a table seven columns wide whose rows each have a
// stray cell in column XFD.
func strayColumnBook(t testing.TB, rows int) string {
	return writeHostile(t, "straycolumn.xlsx", hostileBook{sheets: []hostileSheet{{name: "Touchpoints", data: func(w *bufio.Writer) {
		writeRow(w, 1, hostileHeader...)
		for i := 2; i <= rows+1; i++ {
			fmt.Fprintf(w, `<row r="%d">`, i)
			for c, v := range touchpointCells(i) {
				writeCell(w, c+1, i, v)
			}
			writeCell(w, excelize.MaxColumns, i, "x")
			w.WriteString(`</row>`)
		}
	}}}})
}

// TestHostileWideHeader: a header 16,384 columns wide keeps the value in
// column XFD as an extra column, with 21 column-unknown findings, not
// 16,377.
func TestHostileWideHeader(t *testing.T) {
	j, err := hostileRead(t, wideHeaderBook(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Touchpoints) != 100 || len(j.Table.Headers) != excelize.MaxColumns {
		t.Fatalf("got %d touchpoints and %d columns, want 100 and 16384", len(j.Touchpoints), len(j.Table.Headers))
	}
	if v := j.Touchpoints[99].Extra[excelize.MaxColumns]; v != "far right 101" {
		t.Errorf("XFD101 read as %q", v)
	}
	unknown := findings(j, "column-unknown")
	if len(unknown) != maxUnknownColumnFindings+1 {
		t.Fatalf("%d column-unknown findings, want %d", len(unknown), maxUnknownColumnFindings+1)
	}
	if last := unknown[len(unknown)-1]; last.Loc.String() != "Touchpoints!AB1" || !strings.Contains(last.Message, "16,357 more columns, from AB to XFD") {
		t.Errorf("last column-unknown finding at %s: %q", last.Loc, last.Message)
	}
}

// TestHostileStrayColumn: a few rows with a stray cell in column XFD read
// as usual (the cell is outside the table); thousands of them, each
// costing excelize 16,384 strings, end the read at maxCellsRead rather
// than after minutes.
func TestHostileStrayColumn(t *testing.T) {
	j, err := hostileRead(t, strayColumnBook(t, 100))
	if err != nil || len(j.Touchpoints) != 100 {
		t.Fatalf("100 rows with a stray cell: %v", err)
	}
	path := strayColumnBook(t, 20_000) // took 10 s before the limit
	_, err = hostileRead(t, path)
	wantError(t, path, err, `sheet "Touchpoints" has rows reaching far right`, "to column XFD", "33,554,432 cells", "delete the columns right of the table")
}

// longCellsBook has rows touchpoints named text.
func longCellsBook(t testing.TB, rows int, text string) string {
	return writeHostile(t, "longcells.xlsx", hostileBook{sheets: []hostileSheet{{name: "Touchpoints", data: func(w *bufio.Writer) {
		writeRow(w, 1, hostileHeader...)
		for i := 2; i <= rows+1; i++ {
			c := touchpointCells(i)
			c[journey.FieldTouchpoint] = text
			writeRow(w, i, c...)
		}
	}}}})
}

// TestHostileLongCells: cells of 32,767 characters, Excel's most, are read
// whole; one character more is refused naming the cell, and so is more
// text in all than maxTextBytes. CSV files have the same limits.
func TestHostileLongCells(t *testing.T) {
	longest := strings.Repeat("é", maxCellChars) // 2 bytes a character
	j, err := hostileRead(t, longCellsBook(t, 500, longest))
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Touchpoints) != 500 || j.Touchpoints[499].Raw(journey.FieldTouchpoint) != longest {
		t.Errorf("got %d touchpoints; the last name is %d bytes", len(j.Touchpoints), len(j.Touchpoints[len(j.Touchpoints)-1].Raw(journey.FieldTouchpoint)))
	}

	path := longCellsBook(t, 3, longest+"é")
	_, err = hostileRead(t, path)
	wantError(t, path, err, "cell Touchpoints!C2 holds 32,768 characters, more than the 32,767 a spreadsheet cell can hold")

	path = filepath.Join(t.TempDir(), "long.csv")
	csv := strings.Join(hostileHeader, ",") + "\nTP-1,Onboarding," + strings.Repeat("x", 40_000) + ",Email,Automatic,Outbound,Marketing\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = hostileRead(t, path)
	wantError(t, path, err, "cell C2 holds 40,000 characters")

	path = longCellsBook(t, 3000, strings.Repeat("abcdefgh", maxCellChars/8)) // 98 MB
	_, err = hostileRead(t, path)
	wantError(t, path, err, `sheet "Touchpoints" holds more than 64 MB of text by row 2047`)
}

// sharedRow writes row num of cells that are indexes into the shared
// strings, from column A on.
func sharedRow(w *bufio.Writer, num int, indexes ...int) {
	fmt.Fprintf(w, `<row r="%d">`, num)
	for c, i := range indexes {
		fmt.Fprintf(w, `<c r="%s" t="s"><v>%d</v></c>`, journey.CellName(c+1, num), i)
	}
	w.WriteString(`</row>`)
}

// sharedHeader writes the touchpoints header as shared strings 0 to 6 (see
// sharedHeaderStrings) in row 1.
func sharedHeader(w *bufio.Writer) { sharedRow(w, 1, 0, 1, 2, 3, 4, 5, 6) }

// sharedHeaderStrings writes the touchpoints header's shared strings.
func sharedHeaderStrings(w *bufio.Writer) {
	for _, h := range hostileHeader {
		fmt.Fprintf(w, `<si><t>%s</t></si>`, h)
	}
}

// TestHostileHugeSharedStrings: a shared-string table of a million
// strings (excelize keeps it in a temporary file and indexes it) is read,
// cells pointing at its far end included.
func TestHostileHugeSharedStrings(t *testing.T) {
	if testing.Short() {
		t.Skip("a million shared strings take excelize ~3 s to index")
	}
	const n = 1_000_000
	path := writeHostile(t, "sst.xlsx", hostileBook{sst: func(w *bufio.Writer) {
		sharedHeaderStrings(w)
		for i := range n {
			fmt.Fprintf(w, `<si><t>string %d</t></si>`, i)
		}
	}, sheets: []hostileSheet{{name: "Touchpoints", data: func(w *bufio.Writer) {
		sharedHeader(w)
		for i := 2; i <= 1001; i++ {
			last := len(hostileHeader) + n - i // counting down from the last string
			sharedRow(w, i, last, last-1, last-2, last-3, last-4, last-5, last-6)
		}
	}}}})
	j, err := hostileRead(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Touchpoints) != 1000 || j.Touchpoints[0].ID() != "string 999998" || j.Touchpoints[999].Team() != "string 998993" {
		t.Errorf("got %d touchpoints, the first %q, the last team %q", len(j.Touchpoints), j.Touchpoints[0].ID(), j.Touchpoints[999].Team())
	}
}

// TestHostileNestedSharedStrings: rich-text runs nested three million deep
// (which took excelize 9 s and 220 MB) are refused before excelize parses
// anything.
func TestHostileNestedSharedStrings(t *testing.T) {
	const depth = 3_000_000
	path := writeHostile(t, "nested.xlsx", hostileBook{sst: func(w *bufio.Writer) {
		sharedHeaderStrings(w)
		w.WriteString(`<si><r><t>deep</t>`)
		for range depth {
			w.WriteString(`<r>`)
		}
		for range depth {
			w.WriteString(`</r>`)
		}
		w.WriteString(`</r></si>`)
	}, sheets: []hostileSheet{{name: "Touchpoints", data: func(w *bufio.Writer) {
		sharedHeader(w)
		sharedRow(w, 2, 7, 7, 7, 7, 7, 7, 7)
	}}}})
	_, err := hostileRead(t, path)
	wantError(t, path, err, "unsafe XML: the elements of xl/sharedStrings.xml nest more than 1,000 levels deep")
}

// TestHostileNestedSheet: the same inside a cell of the sheet.
func TestHostileNestedSheet(t *testing.T) {
	const depth = 3_000_000
	path := writeHostile(t, "nestedsheet.xlsx", hostileBook{sheets: []hostileSheet{{name: "Touchpoints", data: func(w *bufio.Writer) {
		writeRow(w, 1, hostileHeader...)
		w.WriteString(`<row r="2"><c r="A2">`)
		for range depth {
			w.WriteString(`<x>`)
		}
		w.WriteString(`<v>1</v></c></row>`)
	}}}})
	_, err := hostileRead(t, path)
	wantError(t, path, err, "unsafe XML: the elements of xl/worksheets/sheet1.xml nest more than 1,000 levels deep")
}

// TestHostileFormulas: a sheet of formulas only reads their cached values,
// as last calculated (a stale value stays stale: nothing is recalculated,
// not even the whole-sheet SUMs), displayed in the cell's format; a
// formula without a cached value reads as empty.
func TestHostileFormulas(t *testing.T) {
	const rows = 20_000
	path := writeHostile(t, "formulas.xlsx", hostileBook{sheets: []hostileSheet{{name: "Touchpoints", data: func(w *bufio.Writer) {
		writeRow(w, 1, append(hostileHeader, "Day", "Target")...)
		for i := 2; i <= rows+1; i++ {
			fmt.Fprintf(w, `<row r="%d">`, i)
			for c, v := range touchpointCells(i) {
				cell := journey.CellName(c+1, i)
				switch {
				case i%2 == 1:
					fmt.Fprintf(w, `<c r="%s"><f>SUM(A1:XFD1048576)</f></c>`, cell)
				case c == 1 && i == 2:
					fmt.Fprintf(w, `<c r="%s" t="str"><f t="shared" ref="B2:B%d" si="0">"Onboard"&amp;"ing"</f><v>%s</v></c>`, cell, rows+1, v)
				case c == 1:
					fmt.Fprintf(w, `<c r="%s" t="str"><f t="shared" si="0"/><v>%s</v></c>`, cell, v)
				default:
					fmt.Fprintf(w, `<c r="%s" t="str"><f>CONCAT("%s")</f><v>%s</v></c>`, cell, v, v)
				}
			}
			if i%2 == 0 {
				fmt.Fprintf(w, `<c r="H%d"><f>1+1</f><v>5</v></c><c r="I%d" s="1"><f>SUM(A1:XFD1048576)</f><v>0.35</v></c>`, i, i)
			}
			w.WriteString(`</row>`)
		}
	}}}})
	j, err := hostileRead(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Touchpoints) != rows/2 {
		t.Fatalf("got %d touchpoints, want %d", len(j.Touchpoints), rows/2)
	}
	for _, tp := range []journey.Touchpoint{j.Touchpoints[0], j.Touchpoints[rows/2-1]} {
		want := touchpointCells(tp.Row)
		if tp.ID() != want[0] || tp.Stage() != "Onboarding" || tp.Name() != want[2] || tp.Raw(journey.FieldDay) != "5" || tp.Raw(journey.FieldTarget) != "35%" {
			t.Errorf("row %d read as %q", tp.Row, tp.RawFields())
		}
	}
	// The rows of formulas without values read as blank.
	if blanks := findings(j, "row-blank"); len(blanks) != rows/2-1 || blanks[0].Loc.Row != 3 {
		t.Errorf("%d blank rows, want %d", len(blanks), rows/2-1)
	}
}

// manySheetsBook has n sheets, none named Touchpoints: the first n-1 hold
// a small other table or only formatted empty cells, the last the journey.
func manySheetsBook(t testing.TB, n int) string {
	sheets := make([]hostileSheet, n)
	for k := range sheets {
		sheets[k] = hostileSheet{name: fmt.Sprintf("Sheet %d", k+1), dim: "A1:C3", data: func(w *bufio.Writer) {
			if k%2 == 0 {
				writeRow(w, 1, "Name", "Amount", "Note")
				writeRow(w, 3, "a", "1", "b")
			} else {
				for i := 1; i <= 3; i++ {
					fmt.Fprintf(w, `<row r="%d"><c r="C%d" s="1"/></row>`, i, i)
				}
			}
		}}
	}
	sheets[n-1] = hostileSheet{name: "Journey", data: func(w *bufio.Writer) {
		writeRow(w, 1, hostileHeader...)
		writeRow(w, 2, touchpointCells(2)...)
	}}
	return writeHostile(t, "sheets.xlsx", hostileBook{sheets: sheets})
}

// TestHostileManySheets: the touchpoints are found on the 500th sheet.
func TestHostileManySheets(t *testing.T) {
	j, err := hostileRead(t, manySheetsBook(t, 500))
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Touchpoints) != 1 || j.Table.Sheet.Sheet != "Journey" || len(findings(j, "sheet-missing")) != 3 {
		t.Errorf("got %d touchpoints on sheet %q, problems %v", len(j.Touchpoints), j.Table.Sheet.Sheet, rules(j))
	}
}

// amplificationBook is the corpus's poc-shared-strings.xlsx with valid
// cell references: one shared string of size bytes in each of 3 cells of
// 4,000 rows under a touchpoints header.
func amplificationBook(t testing.TB, size int) string {
	return writeHostile(t, "amplification.xlsx", hostileBook{sst: func(w *bufio.Writer) {
		sharedHeaderStrings(w)
		w.WriteString(`<si><t>`)
		w.WriteString(strings.Repeat("x", size))
		w.WriteString(`</t></si>`)
	}, sheets: []hostileSheet{{name: "Touchpoints", dim: "A1:G4001", data: func(w *bufio.Writer) {
		sharedHeader(w)
		for i := 2; i <= 4001; i++ {
			sharedRow(w, i, 7, 7, 7)
		}
	}}}})
}

// TestHostileAmplification: one 1 MB shared string referenced 12,000 times
// would be 12 GB of cells: it is refused at its first cell, and a string
// of Excel's largest size referenced as often at maxTextBytes.
func TestHostileAmplification(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "bad_poi_poc-shared-strings.xlsx")
	if _, err := os.Stat(corpus); err == nil {
		_, err := hostileRead(t, corpus)
		wantError(t, corpus, err, `sheet "Tabelle1" row 1 cannot be read (cannot convert cell "A0" to coordinates`)
	} else {
		t.Log("the shared corpus is not here:", err)
	}

	path := amplificationBook(t, 1<<20)
	_, err := hostileRead(t, path)
	wantError(t, path, err, "cell Touchpoints!A2 holds 1,048,576 characters")

	path = amplificationBook(t, maxCellChars)
	_, err = hostileRead(t, path)
	wantError(t, path, err, `sheet "Touchpoints" holds more than 64 MB of text by row 684`)
}

// writeCSV writes a CSV file of the touchpoints header plus extra columns
// and rows touchpoints, each filling the extra columns.
func writeCSV(t testing.TB, rows, extra int) string {
	path := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<16)
	w.WriteString(strings.Join(hostileHeader, ","))
	for c := range extra {
		fmt.Fprintf(w, ",Extra %d", c+1)
	}
	w.WriteString("\n")
	for i := 2; i <= rows+1; i++ {
		w.WriteString(strings.Join(touchpointCells(i), ","))
		for c := range extra {
			fmt.Fprintf(w, ",%d", c)
		}
		w.WriteString("\n")
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// TestHostileTooManyTouchpoints: a table longer than maxTouchpoints is
// refused at the first row too many.
func TestHostileTooManyTouchpoints(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 250,000 touchpoints")
	}
	path := writeCSV(t, maxTouchpoints+1, 0)
	_, err := hostileRead(t, path)
	wantError(t, path, err, "the file has more than 250,000 touchpoint rows (row 250002 is one too many)")
}

// TestHostileTooManyExtraCells: more than maxExtraCells filled cells in
// columns journey does not know are refused.
func TestHostileTooManyExtraCells(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 180,000 touchpoints")
	}
	path := writeCSV(t, maxTouchpoints, 11)
	_, err := hostileRead(t, path)
	wantError(t, path, err, "the file has more than 2,000,000 filled cells in columns journey does not know (by row 181820)")
}

// TestHostileLongStages: a Stages sheet of a million rows is refused at
// maxSheetItems.
func TestHostileLongStages(t *testing.T) {
	path := writeHostile(t, "stages.xlsx", hostileBook{sheets: []hostileSheet{{name: "Touchpoints", data: func(w *bufio.Writer) {
		writeRow(w, 1, hostileHeader...)
		writeRow(w, 2, touchpointCells(2)...)
	}}, {name: "Stages", data: func(w *bufio.Writer) {
		writeRow(w, 1, "Stage", "Goal")
		for i := 2; i <= excelize.TotalRows; i++ {
			fmt.Fprintf(w, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, i, i, i)
		}
	}}}})
	_, err := hostileRead(t, path)
	wantError(t, path, err, `sheet "Stages" has more than 10,000 stages (row 10002 is one too many)`)
}

// TestHostileUnreadableStyles: cells with an empty style attribute, which
// excelize's stream drops, are read even when other cells of the sheet
// stream; a large sheet with them is refused rather than parsed whole.
func TestHostileUnreadableStyles(t *testing.T) {
	book := func(rows int) string {
		return writeHostile(t, "styles.xlsx", hostileBook{sheets: []hostileSheet{{name: "Touchpoints", data: func(w *bufio.Writer) {
			writeRow(w, 1, hostileHeader...)
			for i := 2; i <= rows+1; i++ {
				fmt.Fprintf(w, `<row r="%d">`, i)
				for c, v := range touchpointCells(i) {
					style := ""
					if c == 2 {
						style = ` s=""`
					}
					fmt.Fprintf(w, `<c r="%s"%s t="inlineStr"><is><t>%s</t></is></c>`, journey.CellName(c+1, i), style, v)
				}
				w.WriteString(`</row>`)
			}
		}}}})
	}
	j, err := hostileRead(t, book(10))
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Touchpoints) != 10 || j.Touchpoints[9].Name() != "Welcome email 11" {
		t.Errorf("got %d touchpoints, the last named %q", len(j.Touchpoints), j.Touchpoints[len(j.Touchpoints)-1].Name())
	}
	path := book(50_000)
	_, err = hostileRead(t, path)
	wantError(t, path, err, `sheet "Touchpoints" has cells whose style attribute is not a number (s="", written by Excel for Mac)`, "larger than the 4 MB")
}

// BenchmarkHostile reads each hostile workbook that reads (or is refused)
// in bounded time: go test -run '^$' -bench Hostile -benchmem.
func BenchmarkHostile(b *testing.B) {
	cases := []struct {
		name string
		make func(testing.TB) string
	}{
		{"LastRow", lastRowBook},
		{"FormattedMillionRows", func(t testing.TB) string { return formattedRowsBook(t, excelize.TotalRows, true) }},
		{"WideHeader", wideHeaderBook},
		{"StrayColumn100Rows", func(t testing.TB) string { return strayColumnBook(t, 100) }},
		{"StrayColumnRefused", func(t testing.TB) string { return strayColumnBook(t, 20_000) }},
		{"LongCells500", func(t testing.TB) string { return longCellsBook(t, 500, strings.Repeat("é", maxCellChars)) }},
		{"ManySheets500", func(t testing.TB) string { return manySheetsBook(t, 500) }},
		{"AmplificationRefused", func(t testing.TB) string { return amplificationBook(t, maxCellChars) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			path := c.make(b)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				Read(path, ReadOptions{})
			}
		})
	}
}

// TestScanXML: the byte scanner counts nesting as an XML parser would.
func TestHasLocalName(t *testing.T) {
	for _, c := range []struct {
		name, local string
		want        bool
	}{
		{"row", "row", true},
		{"x:row", "row", true},
		{"x:y:row", "row", false}, // the local name is "y:row"
		{"narrow", "row", false},
		{"ro", "row", false},
		{":row", "row", true},
		{"c", "c", true},
		{"x:c", "c", true},
		{"xc", "c", false},
		{"", "c", false},
	} {
		if got := hasLocalName([]byte(c.name), c.local); got != c.want {
			t.Errorf("hasLocalName(%q, %q) = %v, want %v", c.name, c.local, got, c.want)
		}
	}
}

func TestScanXML(t *testing.T) {
	for _, c := range []struct {
		xml      string
		depth    int
		badStyle bool
	}{
		{`<?xml version="1.0"?><a><b/><c x="1"><d></d></c></a>`, 3, false},
		{`<a><!-- <b><c><d> --><e/></a>`, 2, false},
		{`<a><![CDATA[<b><c><d>]]></a>`, 1, false},
		{`<a x=">" y='/>'><b z="a>b"/></a>`, 2, false},
		{`<a><?pi <b> ?><c/></a>`, 2, false},
		{`<!DOCTYPE a><a><b><c></c></b></a>`, 3, false},
		{`<sheetData><row r="1" s="3"><c r="A1" s="12"><v>1</v></c></row></sheetData>`, 4, false},
		{`<sheetData><row r="1"><c r="A1" s=""><v>1</v></c></row></sheetData>`, 4, true},
		{`<sheetData><row r="1"><c r="A1" s="x"><v>1</v></c></row></sheetData>`, 4, true},
		{`<x:sheetData><x:row r="1"><x:c r="A1" s=""><x:v>1</x:v></x:c></x:row></x:sheetData>`, 4, true},
		{`<sheetData><row r="1" s=""><c r="A1" s="1"><v>1</v></c><cell s=""/></row></sheetData>`, 4, false},
		{`<a>` + strings.Repeat("<b>", 2000), 1001, false},
	} {
		got, err := scanXML(strings.NewReader(c.xml), 1000)
		if err != nil || got.depth != c.depth || got.badStyle != c.badStyle {
			t.Errorf("scanXML(%.60q) = %+v, %v; want depth %d, bad style %v", c.xml, got, err, c.depth, c.badStyle)
		}
	}
	// Across the scanner's 256 KB buffer.
	long := `<a x="` + strings.Repeat("y", 300<<10) + `"><b>` + strings.Repeat("t", 300<<10) + `</b><!--` + strings.Repeat("-", 300<<10) + `--></a>`
	if got, _ := scanXML(strings.NewReader(long), 1000); got.depth != 2 {
		t.Errorf("long tokens: depth %d, want 2", got.depth)
	}
}

// BenchmarkScanXML measures the byte scanner on sheet XML like journey's
// own (compare with unzipping, ~300 MB/s).
func BenchmarkScanXML(b *testing.B) {
	var buf strings.Builder
	w := bufio.NewWriter(&buf)
	for i := 1; i <= 50_000; i++ {
		writeRow(w, i, touchpointCells(i)...)
	}
	w.Flush()
	data := buf.String()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		scanXML(strings.NewReader(data), maxXMLDepth)
	}
}

// TestHostileErrorOnOneLine: a sheet read whole (it has s="") whose XML
// error quotes the file's own line break still gives a one-line message
// (found by FuzzReadSheetXML).
func TestHostileErrorOnOneLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fuzz.xlsx")
	if err := os.WriteFile(path, smallWorkbook([]byte("<worksheet xmlns=\"\r\"><c s=\"\"/>")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Read(path, ReadOptions{})
	wantError(t, path, err, `sheet "Touchpoints" cannot be read`)
}

// FuzzScanXML: on XML without a DTD that encoding/xml reads without
// error, the byte scanner finds the same deepest nesting.
func FuzzScanXML(f *testing.F) {
	f.Add(`<?xml version="1.0"?><a><b/><c x="1"><d></d></c></a>`)
	f.Add(`<a><!-- <b> --><![CDATA[<c>]]><?pi <d>?><e x='>' y="/>"/></a>`)
	f.Add(seedSheet)
	f.Fuzz(func(t *testing.T, doc string) {
		d := xml.NewDecoder(strings.NewReader(doc))
		depth, deepest := 0, 0
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				return
			}
			switch tok.(type) {
			case xml.Directive: // <!DOCTYPE ...>, which sniff refuses
				return
			case xml.StartElement:
				depth++
				deepest = max(deepest, depth)
			case xml.EndElement:
				depth--
			}
		}
		if depth != 0 {
			return
		}
		if got, err := scanXML(strings.NewReader(doc), maxXMLDepth); err != nil || got.depth != min(deepest, maxXMLDepth+1) {
			t.Errorf("scanXML(%q) found depth %d, encoding/xml %d", doc, got.depth, deepest)
		}
	})
}
