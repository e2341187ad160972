package workbook

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

// rowReader yields the rows of one sheet or CSV file, in order.
type rowReader interface {
	// Next returns the next row's 1-based number and its cells, starting at column A
	// (cells[0] is column A). It returns io.EOF after the last row.
	Next() (row int, cells []string, err error)
}

// maxCSVBytes is the largest CSV input newCSVReader accepts. It is a variable
// so that tests can lower it.
var maxCSVBytes int64 = 1 << 30

// csvDelimiters are the delimiters newCSVReader recognises, in order of
// preference when two of them fit the data equally well.
var csvDelimiters = []byte{',', ';', '\t', '|'}

const (
	csvSniffLines = 20      // non-empty lines looked at to detect the delimiter
	csvSniffBytes = 4 << 20 // bytes looked at, at most, to detect the delimiter
)

// Byte order marks.
var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomUTF32LE = []byte{0xFF, 0xFE, 0x00, 0x00}
	bomUTF32BE = []byte{0x00, 0x00, 0xFE, 0xFF}
)

// newCSVReader reads CSV data from r. name is the file name used in error messages ("-" for stdin).
//
// The whole input is read into memory (at most maxCSVBytes). It must be UTF-8
// (a BOM is dropped) or UTF-16 with a BOM; its lines may end in LF, CRLF or,
// when the data has no LF at all, CR. The delimiter (comma, semicolon, tab or
// pipe) is detected from the first lines. Rows are numbered as a spreadsheet
// numbers them after opening the file: a record spanning several lines is one
// row, and a blank line between records is a row without cells. Cells are
// returned exactly as in the file, and rows may have different lengths.
func newCSVReader(name string, r io.Reader) (rowReader, error) {
	data, err := readCSVText(name, r)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = rune(detectDelimiter(data))
	cr.FieldsPerRecord = -1
	return &csvReader{name: name, data: data, csv: cr}, nil
}

// csvReader is the rowReader of a CSV file held in memory.
type csvReader struct {
	name    string
	data    []byte      // the text being parsed, as given to csv
	csv     *csv.Reader // reads records from data
	row     int         // number of the last row returned
	blanks  int         // blank rows to return before pending
	pending []string    // the record read ahead, nil if none
	err     error       // io.EOF or the *Error that ended reading
}

// Next implements rowReader.
func (c *csvReader) Next() (int, []string, error) {
	if c.blanks == 0 && c.pending == nil && c.err == nil {
		c.readRecord()
	}
	switch {
	case c.blanks > 0:
		c.blanks--
		c.row++
		return c.row, nil, nil
	case c.pending != nil:
		cells := c.pending
		c.pending = nil
		c.row++
		return c.row, cells, nil
	default:
		return 0, nil, c.err
	}
}

// readRecord reads the next record into c.pending, counting the blank lines
// that encoding/csv skipped before it into c.blanks. Blank lines after the
// last record are not rows: a spreadsheet shows nothing there either.
func (c *csvReader) readRecord() {
	start := c.csv.InputOffset()
	record, err := c.csv.Read()
	if err != nil {
		c.err = c.readError(err)
		return
	}
	c.blanks = countBlankLines(c.data[start:])
	c.pending = record
}

// countBlankLines returns how many empty lines ("\n" or "\r\n") text starts with.
func countBlankLines(text []byte) int {
	n := 0
	for {
		switch {
		case bytes.HasPrefix(text, []byte("\n")):
			text = text[1:]
		case bytes.HasPrefix(text, []byte("\r\n")):
			text = text[2:]
		default:
			return n
		}
		n++
	}
}

// readError turns an error of encoding/csv into io.EOF or an *Error that
// explains the problem without Go's jargon.
func (c *csvReader) readError(err error) error {
	if errors.Is(err, io.EOF) {
		return io.EOF
	}
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return errorf(c.name, `cannot read it as CSV; save it again as "CSV UTF-8"`)
	}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return errorf(c.name, `line %d: a quote (") is inside a field that does not start with one; put the whole field in quotes and double the quotes inside it ("")`, pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote) && c.isQuoteAt(pe.Line, pe.Column):
		if pe.StartLine != pe.Line {
			return errorf(c.name, `line %d: a quoted field that starts on line %d has text after its closing quote; check the quotes from line %d on`, pe.Line, pe.StartLine, pe.StartLine)
		}
		return errorf(c.name, `line %d: a quoted field has text after its closing quote; double the quotes inside a quoted field ("") or remove them`, pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote):
		return errorf(c.name, "line %d: a quoted field is not closed; check the quotes on that line", pe.StartLine)
	default:
		return errorf(c.name, "line %d: cannot read this line as CSV; check its quotes and delimiters", pe.Line)
	}
}

// isQuoteAt reports whether the byte at the 1-based line and byte column of
// c.data is a double quote. encoding/csv reports a quote followed by stray text
// at the quote, and a quoted field cut off by the end of the file after it.
func (c *csvReader) isQuoteAt(line, col int) bool {
	start := 0
	for ; line > 1; line-- {
		i := bytes.IndexByte(c.data[start:], '\n')
		if i < 0 {
			return false
		}
		start += i + 1
	}
	off := start + col - 1
	return col >= 1 && off < len(c.data) && c.data[off] == '"'
}

// readCSVText reads all of r and returns it as UTF-8 text without a BOM whose
// lines end in LF or CRLF, or an *Error saying why it is not CSV text.
func readCSVText(name string, r io.Reader) ([]byte, error) {
	data, err := readAllLimited(name, r)
	if err != nil {
		return nil, err
	}
	if data, err = decodeText(name, data); err != nil {
		return nil, err
	}
	if isBlankText(data) {
		return nil, errorf(name, `empty file: it has no header row; fill in the touchpoints table or run "journey init"`)
	}
	normalizeCR(data)
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, errorf(name, `binary data, not CSV text (NUL byte on line %d); save it again as "CSV UTF-8"`, lineNumberAt(data, i))
	}
	if i := invalidUTF8(data); i >= 0 {
		return nil, errorf(name, `not UTF-8 text (invalid byte 0x%02X on line %d): save it again as "CSV UTF-8"`, data[i], lineNumberAt(data, i))
	}
	return data, nil
}

// readAllLimited reads all of r, refusing more than maxCSVBytes.
func readAllLimited(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxCSVBytes+1))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, errorf(name, "cannot read it (%v); check that it is a readable file", err)
	}
	if int64(len(data)) > maxCSVBytes {
		return nil, errorf(name, "larger than %s, too big for a touchpoints table; split it into smaller files", formatByteSize(maxCSVBytes))
	}
	return data, nil
}

// formatByteSize formats n bytes for a message, e.g. "1 GiB".
func formatByteSize(n int64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB"}
	i := 0
	for ; i < len(units)-1 && n >= 1024 && n%1024 == 0; i++ {
		n /= 1024
	}
	return strconv.FormatInt(n, 10) + " " + units[i]
}

// decodeText drops a UTF-8 BOM, or transcodes UTF-16 text that starts with a
// BOM to UTF-8. Anything else is returned as it is.
func decodeText(name string, data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return data[len(bomUTF8):], nil
	case bytes.HasPrefix(data, bomUTF32LE), bytes.HasPrefix(data, bomUTF32BE):
		return nil, errorf(name, `UTF-32 text, which journey does not read: save it again as "CSV UTF-8"`)
	case bytes.HasPrefix(data, bomUTF16LE):
		return decodeUTF16(name, data[len(bomUTF16LE):], binary.LittleEndian, unicode.LittleEndian)
	case bytes.HasPrefix(data, bomUTF16BE):
		return decodeUTF16(name, data[len(bomUTF16BE):], binary.BigEndian, unicode.BigEndian)
	}
	return data, nil
}

// decodeUTF16 transcodes UTF-16 text without its BOM to UTF-8, refusing
// broken text (an odd number of bytes, or an unpaired surrogate) rather than
// replacing what it cannot decode.
func decodeUTF16(name string, data []byte, order binary.ByteOrder, endian unicode.Endianness) ([]byte, error) {
	units := make([]uint16, len(data)/2)
	for i := range units {
		units[i] = order.Uint16(data[2*i:])
	}
	if i := invalidUTF16(units, len(data)%2 == 1); i >= 0 {
		return nil, errorf(name, `broken UTF-16 text (invalid data on line %d): save it again as "CSV UTF-8"`, utf16Line(units[:i]))
	}
	out, err := unicode.UTF16(endian, unicode.IgnoreBOM).NewDecoder().Bytes(data)
	if err != nil {
		return nil, errorf(name, `broken UTF-16 text: save it again as "CSV UTF-8"`)
	}
	return out, nil
}

// invalidUTF16 returns the index of the first of units that is not part of
// valid UTF-16, len(units) when they are valid but followed by an odd byte,
// or -1.
func invalidUTF16(units []uint16, oddByte bool) int {
	for i := 0; i < len(units); i++ {
		switch u := units[i]; {
		case utf16.IsSurrogate(rune(u)) && u < 0xDC00 && i+1 < len(units) && utf16.DecodeRune(rune(u), rune(units[i+1])) != utf8.RuneError:
			i++ // a valid surrogate pair
		case utf16.IsSurrogate(rune(u)):
			return i
		}
	}
	if oddByte {
		return len(units)
	}
	return -1
}

// utf16Line returns the 1-based number of the line that follows the UTF-16
// units before: lines end in LF or, when there is none, CR.
func utf16Line(before []uint16) int {
	lf, cr := 0, 0
	for _, u := range before {
		switch u {
		case '\n':
			lf++
		case '\r':
			cr++
		}
	}
	if lf == 0 {
		return cr + 1
	}
	return lf + 1
}

// isBlankText reports whether text holds nothing but spaces, tabs and line ends.
func isBlankText(text []byte) bool {
	for _, b := range text {
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			return false
		}
	}
	return true
}

// normalizeCR turns the line ends of classic Mac text, which has CR but no LF,
// into LF, in place.
func normalizeCR(text []byte) {
	if bytes.IndexByte(text, '\n') >= 0 {
		return
	}
	for i, b := range text {
		if b == '\r' {
			text[i] = '\n'
		}
	}
}

// invalidUTF8 returns the offset of the first byte of text that is not part
// of valid UTF-8, or -1.
func invalidUTF8(text []byte) int {
	if utf8.Valid(text) {
		return -1
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// lineNumberAt returns the 1-based number of the line holding text[off].
func lineNumberAt(text []byte, off int) int {
	return 1 + bytes.Count(text[:off], []byte("\n"))
}

// detectDelimiter returns the candidate delimiter that splits the first
// non-empty lines of text into the most consistent number of fields, more
// than one; ties go to the earlier one in csvDelimiters. Text that no
// candidate splits is one column, read with a comma.
func detectDelimiter(text []byte) byte {
	sample := text[:min(len(text), csvSniffBytes)]
	cut := len(sample) < len(text)
	best, bestScore := csvDelimiters[0], delimiterScore{}
	for _, d := range csvDelimiters {
		if s := scoreDelimiter(fieldCounts(sample, d, cut)); s.beats(bestScore) {
			best, bestScore = d, s
		}
	}
	return best
}

// delimiterScore says how well a delimiter splits the sampled lines.
type delimiterScore struct {
	fields int // the most common number of fields (the larger one on a tie)
	agree  int // how many lines have that number of fields
	lines  int // how many lines were sampled
}

// scoreDelimiter scores the field counts of the sampled lines.
func scoreDelimiter(counts []int) delimiterScore {
	s := delimiterScore{lines: len(counts)}
	for _, c := range counts {
		n := 0
		for _, d := range counts {
			if d == c {
				n++
			}
		}
		if n > s.agree || n == s.agree && c > s.fields {
			s.fields, s.agree = c, n
		}
	}
	return s
}

// beats reports whether s is a better fit than t: it splits lines into more
// than one field and its lines agree more often.
func (s delimiterScore) beats(t delimiterScore) bool {
	switch {
	case s.fields < 2:
		return false
	case t.fields < 2:
		return true
	default:
		return s.agree*t.lines > t.agree*s.lines
	}
}

// fieldCounts returns the number of fields delim gives on each of the first
// csvSniffLines non-empty records of sample, honouring quotes as encoding/csv
// does. cut says that sample stops before the end of the data, so that its
// last, unfinished record is left out (unless it is the only one).
func fieldCounts(sample []byte, delim byte, cut bool) []int {
	var counts []int
	fields, empty, fieldStart, quoted := 1, true, true, false
	for i := 0; i < len(sample) && len(counts) < csvSniffLines; i++ {
		b := sample[i]
		switch {
		case quoted:
			if b == '"' {
				if i+1 < len(sample) && sample[i+1] == '"' {
					i++
				} else {
					quoted = false
				}
			}
		case b == '\n':
			if !empty {
				counts = append(counts, fields)
			}
			fields, empty, fieldStart = 1, true, true
		case b == '\r' && i+1 < len(sample) && sample[i+1] == '\n':
			// The CR of a CRLF line end.
		case b == delim:
			fields, empty, fieldStart = fields+1, false, true
		default:
			quoted = b == '"' && fieldStart
			empty, fieldStart = false, false
		}
	}
	if !empty && len(counts) < csvSniffLines && (!cut || len(counts) == 0) {
		counts = append(counts, fields)
	}
	return counts
}
