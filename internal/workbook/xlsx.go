package workbook

import (
	"archive/zip"
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

// plainError turns an excelize or XML error into words for a message, on
// one line: an XML error may quote the file's own line breaks.
func plainError(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.Contains(msg[:i], "xml") {
		msg = msg[i+2:]
	}
	return strings.Join(strings.Fields(msg), " ")
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

// xlsxBook is a workbook being read: excelize's handle on it, what
// scanPackage learnt about its sheets, and the read's budget.
type xlsxBook struct {
	f      *excelize.File
	file   string               // the path as the user typed it, for messages
	sheets map[string]sheetPart // by sheet name; nil until scanned
	budget *readBudget
}

// readSheet streams one sheet of f into read, as xlsxBook.readSheet does,
// with a budget of its own.
func readSheet(f *excelize.File, file, sheet string, raw bool, read func(rowReader) error) error {
	b := &xlsxBook{f: f, file: file, budget: &readBudget{}}
	return b.readSheet(sheet, raw, read)
}

// readSheet streams one sheet into read, with values as displayed (a
// percentage as "35%"), or as stored when raw is set (a date as its serial
// number, whatever its display format), each row checked against the
// read's limits. excelize's streaming reader drops cells whose style
// attribute is not a number (an empty s="", written by Excel for Mac)
// without an error, so a sheet that has such attributes, or that declares
// cells but streams none, is read again after excelize loads it whole, if
// it is small enough for that (maxWholeSheet).
func (b *xlsxBook) readSheet(sheet string, raw bool, read func(rowReader) error) error {
	part, known := b.sheetPart(sheet)
	if known && part.badStyle {
		if err := b.loadWhole(sheet, part); err != nil {
			return err
		}
	}
	rows, err := newXLSXRows(b.f, b.file, sheet, raw)
	if err != nil {
		return err
	}
	fetched := prefetch(b.budget.limit(rows, b.file, sheet))
	counter := &countingRows{rowReader: fetched}
	err = read(counter)
	fetched.stop()
	rows.Close()
	if err != nil || counter.cells > 0 || rows.lastRow == 0 || counter.rows == 0 ||
		!known || part.badStyle || part.size > maxWholeSheet {
		return err
	}
	if err := b.loadWhole(sheet, part); err != nil {
		return err
	}
	rows, err = newXLSXRows(b.f, b.file, sheet, raw)
	if err != nil {
		return err
	}
	defer rows.Close()
	fetched = prefetch(b.budget.limit(rows, b.file, sheet))
	defer fetched.stop()
	return read(fetched)
}

// loadWhole has excelize parse a sheet into memory, after which its
// iterator reads the parsed copy, where no cell is dropped.
func (b *xlsxBook) loadWhole(sheet string, part sheetPart) error {
	if part.size > maxWholeSheet {
		return errorf(b.file, "sheet %q has cells whose style attribute is not a number (s=\"\", written by Excel for Mac), which journey reads only by loading the sheet whole, and at %s it is larger than the %s it loads whole: open it in Excel or LibreOffice and save it again",
			sheet, humanSize(part.size), humanSize(maxWholeSheet))
	}
	// Loading any cell parses the whole sheet.
	if _, err := b.f.GetCellValue(sheet, "A1"); err != nil {
		return errorf(b.file, "sheet %q cannot be read (%s): re-save the workbook in Excel or LibreOffice", sheet, plainError(err))
	}
	return nil
}

// sheetPart returns what the package scan learnt about a sheet, scanning
// the package first if need be (only from a file: a workbook read from
// standard input is scanned when it is opened). known is false when
// nothing is known.
func (b *xlsxBook) sheetPart(sheet string) (part sheetPart, known bool) {
	if b.sheets == nil && b.f.Path != "" {
		b.sheets, _ = scanPackage(b.f.Path, nil)
		if b.sheets == nil {
			b.sheets = map[string]sheetPart{} // scanned, in vain
		}
	}
	part, known = b.sheets[sheet]
	return part, known
}

// sheetPart is what scanPackage learnt about a sheet's part.
type sheetPart struct {
	size     uint64 // uncompressed, as the zip declares it
	badStyle bool   // a style attribute that is not a number (see scanXML)
	rows     int    // row elements with cells, or at least not written empty
}

// scanPackage scans the workbook at path (or in data) as
// startPackageScan does, and waits for the whole scan.
func scanPackage(path string, data []byte) (map[string]sheetPart, error) {
	scan, err := startPackageScan(path, data)
	if err != nil {
		return nil, err
	}
	return scan.wait()
}

// packageScan is a scan of a workbook's sheets under way.
type packageScan struct {
	done   chan struct{}
	sheets map[string]sheetPart
	err    error
}

// wait returns what the scan learnt about each sheet (nil when the
// workbook names none), or why the workbook is refused.
func (s *packageScan) wait() (map[string]sheetPart, error) {
	<-s.done
	return s.sheets, s.err
}

// startPackageScan reads every XML part of the workbook at path (or in
// data) through once, as bytes, before excelize parses any: it refuses a
// part whose elements nest deeper than maxXMLDepth, and learns, for each
// sheet, its size, its rows and whether it has style attributes
// excelize's stream cannot read. The parts excelize parses when it opens
// a workbook are scanned before startPackageScan returns. The sheets,
// which it parses only when they are read, are scanned on another
// goroutine while excelize opens the workbook: wait for the scan before
// reading a sheet.
func startPackageScan(path string, data []byte) (*packageScan, error) {
	ra, size, closeFile, err := readerAt(path, data)
	if err != nil {
		return nil, err
	}
	p, err := newPkg(path, ra, size)
	if err != nil {
		closeFile()
		return nil, err
	}
	// decodeXML checks the depth of the parts this parses first.
	refs, targets, err := p.sheetsOfWorkbook()
	if err != nil {
		closeFile()
		return nil, err
	}
	isSheet := make(map[string]bool, len(refs))
	for _, s := range refs {
		isSheet[targets[s.rid]] = true
	}
	scans := map[string]xmlScan{}
	var sheetParts []*zip.File
	for _, f := range p.zr.File {
		name := strings.ReplaceAll(f.Name, `\`, "/")
		switch {
		case !isXMLPart(name):
		case isSheet[name]:
			sheetParts = append(sheetParts, f)
		default:
			if err := p.scanPart(f, scans); err != nil {
				closeFile()
				return nil, err
			}
		}
	}
	scan := &packageScan{done: make(chan struct{})}
	go func() {
		defer close(scan.done)
		defer closeFile()
		for _, f := range sheetParts {
			if scan.err = p.scanPart(f, scans); scan.err != nil {
				return
			}
		}
		if refs == nil {
			return
		}
		scan.sheets = make(map[string]sheetPart, len(refs))
		for _, s := range refs {
			if f, ok := p.part(targets[s.rid]); ok {
				res := scans[targets[s.rid]]
				scan.sheets[s.name] = sheetPart{size: f.UncompressedSize64, badStyle: res.badStyle, rows: res.rows}
			}
		}
	}()
	return scan, nil
}

// sheetsOfWorkbook lists the sheets of the workbook part and the part each
// relationship id points at; nothing when the package names no workbook
// part.
func (p *pkg) sheetsOfWorkbook() ([]sheetRef, map[string]string, error) {
	wb, err := p.workbookPart()
	if err != nil {
		return nil, nil, err
	}
	wf, ok := p.part(wb)
	if !ok {
		return nil, nil, nil
	}
	return p.sheetParts(wf)
}

// scanPart scans the XML part f into scans, refusing it when it is
// damaged or nests too deep.
func (p *pkg) scanPart(f *zip.File, scans map[string]xmlScan) error {
	rc, err := f.Open()
	if err != nil {
		return p.damaged(f, err)
	}
	res, err := scanXML(rc, maxXMLDepth)
	rc.Close()
	if err != nil {
		return p.damaged(f, err)
	}
	if res.depth > maxXMLDepth {
		return tooDeep(p.name, f.Name)
	}
	scans[strings.ReplaceAll(f.Name, `\`, "/")] = res
	return nil
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

// xmlScan is what scanXML found in an XML part.
type xmlScan struct {
	depth    int  // the deepest nesting of elements, up to just past the limit
	badStyle bool // a style attribute (s="...") that is not a number, as s=""
	rows     int  // row elements that are not empty (<row/>)
}

// scanXML reads an XML part through once, as bytes, and reports how deep
// its elements nest, stopping as soon as they nest deeper than maxDepth,
// and whether it has a style attribute that is not a number, which
// excelize's streaming reader cannot parse and drops the cell for. It
// understands just enough XML for that: tags, quoted attribute values,
// comments, CDATA sections, processing instructions and declarations.
// It is about as fast as unzipping the part.
func scanXML(r io.Reader, maxDepth int) (xmlScan, error) {
	const (
		text     = iota
		open     // after '<'
		startTag // inside a start tag
		quoted   // inside an attribute value
		endTag   // inside an end tag
		bang     // after "<!", before knowing what it starts
		special  // inside a comment, CDATA section, declaration or processing instruction
	)
	var (
		res        xmlScan
		depth      int
		state      = text
		quote      byte
		prev       byte                  // the byte before the current one, inside a start tag
		terminator string                // what ends the special section
		seen       []byte                // the first bytes after "<!", until they tell what follows
		last       [3]byte               // the last bytes of a special section
		name       = make([]byte, 0, 16) // the start of the current start tag's name
		naming     bool                  // whether name may go on
		buf        = make([]byte, 256<<10)
	)
	for {
		n, err := io.ReadFull(r, buf)
		chunk := buf[:n]
		for i := 0; i < len(chunk); i++ {
			c := chunk[i]
			switch state {
			case text:
				j := bytes.IndexByte(chunk[i:], '<')
				if j < 0 {
					i = len(chunk)
					continue
				}
				i += j
				state = open
			case open:
				switch c {
				case '/':
					state = endTag
				case '?':
					state, terminator, last = special, "?>", [3]byte{}
				case '!':
					state, seen = bang, seen[:0]
				default:
					state, prev = startTag, c
					name, naming = append(name[:0], c), true
				}
			case startTag:
				// The common case: the tag ends in this chunk.
				for ; i < len(chunk); i++ {
					c = chunk[i]
					if c == '>' || c == '"' || c == '\'' {
						break
					}
					if naming {
						if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' {
							naming = false
						} else if len(name) < cap(name) {
							name = append(name, c)
						}
					}
					prev = c
				}
				if i == len(chunk) {
					continue
				}
				switch c {
				case '"', '\'':
					state, quote = quoted, c
					if i >= 3 && string(chunk[i-3:i]) == " s=" && !res.badStyle && hasLocalName(name, "c") {
						res.badStyle = !isStyleID(chunk[i+1:], c)
					}
				case '>':
					state = text
					if depth++; depth > res.depth {
						res.depth = depth
						if depth > maxDepth {
							return res, nil
						}
					}
					if prev == '/' { // an empty element, <b/>
						depth--
					} else if hasLocalName(name, "row") {
						res.rows++
					}
				}
				prev = c
			case quoted:
				j := bytes.IndexByte(chunk[i:], quote)
				if j < 0 {
					i = len(chunk)
					continue
				}
				i += j
				state, prev = startTag, quote
			case endTag:
				j := bytes.IndexByte(chunk[i:], '>')
				if j < 0 {
					i = len(chunk)
					continue
				}
				i += j
				state = text
				depth--
			case bang:
				seen = append(seen, c)
				switch s := string(seen); {
				case s == "--":
					state, terminator, last = special, "-->", [3]byte{}
				case s == "[CDATA[":
					state, terminator, last = special, "]]>", [3]byte{}
				case strings.HasPrefix("--", s) || strings.HasPrefix("[CDATA[", s):
				case c == '>':
					state = text
				default:
					state, terminator, last = special, ">", [3]byte{} // <!DOCTYPE ...>
				}
			case special:
				j := bytes.IndexByte(chunk[i:], terminator[len(terminator)-1])
				if j < 0 {
					last = shiftIn(last, chunk[i:])
					i = len(chunk)
					continue
				}
				last = shiftIn(last, chunk[i:i+j+1])
				i += j
				if string(last[3-len(terminator):]) == terminator {
					state = text
				}
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return res, nil
		}
		if err != nil {
			return res, err
		}
	}
}

// hasLocalName reports whether a tag name, without its namespace prefix,
// is local: "c" for c and x:c.
func hasLocalName(name []byte, local string) bool {
	// Every start tag asks, so the suffix is compared first.
	n := len(name) - len(local)
	if n < 0 || string(name[n:]) != local {
		return false
	}
	return n == 0 || (name[n-1] == ':' && bytes.IndexByte(name[:n-1], ':') < 0)
}

// shiftIn returns the last three bytes of last followed by b.
func shiftIn(last [3]byte, b []byte) [3]byte {
	if len(b) > 3 {
		b = b[len(b)-3:]
	}
	for _, c := range b {
		last = [3]byte{last[1], last[2], c}
	}
	return last
}

// isStyleID reports whether rest starts with an attribute value that
// excelize reads as a style number (strconv.ParseInt) and then its closing
// quote. A value cut by the end of the buffer counts as a number.
func isStyleID(rest []byte, quote byte) bool {
	end := bytes.IndexByte(rest, quote)
	if end < 0 {
		return true
	}
	_, err := strconv.ParseInt(string(rest[:end]), 10, 64)
	return err == nil
}
