package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// csvRow is one row as newCSVReader yields it.
type csvRow struct {
	Row   int
	Cells []string
}

// String formats r for test failures, e.g. `2:["a" "b"]`.
func (r csvRow) String() string { return fmt.Sprintf("%d:%q", r.Row, r.Cells) }

// readCSVRows reads every row of data, or returns the first error.
func readCSVRows(name string, data []byte) ([]csvRow, error) {
	rr, err := newCSVReader(name, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var rows []csvRow
	for {
		row, cells, err := rr.Next()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, csvRow{row, cells})
	}
}

// mustReadCSVRows reads every row of data and fails the test on an error.
func mustReadCSVRows(t *testing.T, name string, data []byte) []csvRow {
	t.Helper()
	rows, err := readCSVRows(name, data)
	if err != nil {
		t.Fatalf("reading %s: %v", name, err)
	}
	return rows
}

// csvRowsOf numbers records from row 1; a nil record is a blank row.
func csvRowsOf(records ...[]string) []csvRow {
	rows := make([]csvRow, len(records))
	for i, r := range records {
		rows[i] = csvRow{i + 1, r}
	}
	return rows
}

// rec is shorthand for a record.
func rec(s ...string) []string { return s }

// csvUTF16LE encodes ASCII text as UTF-16 little endian with a BOM.
func csvUTF16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, b := range []byte(s) {
		out = append(out, b, 0)
	}
	return out
}

func TestCSVRows(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []csvRow
	}{
		{"LF", "a,b\n1,2\n", csvRowsOf(rec("a", "b"), rec("1", "2"))},
		{"no final line end", "a,b\n1,2", csvRowsOf(rec("a", "b"), rec("1", "2"))},
		{"CRLF", "a,b\r\n1,2\r\n", csvRowsOf(rec("a", "b"), rec("1", "2"))},
		{"CR only", "a,b\r1,2\r", csvRowsOf(rec("a", "b"), rec("1", "2"))},
		{"CR only inside quotes", "a,\"b\rc\"\r1,2", csvRowsOf(rec("a", "b\nc"), rec("1", "2"))},
		{"CR only blank line", "a\r\rb\r", csvRowsOf(rec("a"), nil, rec("b"))},
		{"UTF-8 BOM", "\ufeffid,name\n1,x\n", csvRowsOf(rec("id", "name"), rec("1", "x"))},
		{"quoted newline is one row", "a,\"x\ny\"\nb,c\n", csvRowsOf(rec("a", "x\ny"), rec("b", "c"))},
		{"quoted blank line is not a row", "\"x\n\ny\",1\nb,c\n", csvRowsOf(rec("x\n\ny", "1"), rec("b", "c"))},
		{"quoted CRLF becomes LF", "a,\"x\r\ny\"\r\nb,c\r\n", csvRowsOf(rec("a", "x\ny"), rec("b", "c"))},
		{"escaped quotes", "a,\"say \"\"hi\"\"\"\n", csvRowsOf(rec("a", `say "hi"`))},
		{"blank lines counted", "a,b\n\nc,d\n\n\ne,f\n", csvRowsOf(rec("a", "b"), nil, rec("c", "d"), nil, nil, rec("e", "f"))},
		{"blank lines CRLF", "a,b\r\n\r\nc,d\r\n", csvRowsOf(rec("a", "b"), nil, rec("c", "d"))},
		{"leading blank lines", "\n\nid,name\n1,x\n", csvRowsOf(nil, nil, rec("id", "name"), rec("1", "x"))},
		{"trailing blank lines are not rows", "a,b\n1,2\n\n\n\r\n", csvRowsOf(rec("a", "b"), rec("1", "2"))},
		{"whitespace line is a row", "a,b\n  \nc,d\n", csvRowsOf(rec("a", "b"), rec("  "), rec("c", "d"))},
		{"row of empty cells", ",,\na,b,c\n", csvRowsOf(rec("", "", ""), rec("a", "b", "c"))},
		{"values kept as they are", " a , b\t,\"  c  \"\n", csvRowsOf(rec(" a ", " b\t", "  c  "))},
		{"trailing delimiter keeps empty field", "a,b,\n1,2,\n", csvRowsOf(rec("a", "b", ""), rec("1", "2", ""))},
		{"ragged rows", "a,b,c\n1\n1,2,3,4\n", csvRowsOf(rec("a", "b", "c"), rec("1"), rec("1", "2", "3", "4"))},
		{"one column", "name\nx\ny\n", csvRowsOf(rec("name"), rec("x"), rec("y"))},
		{"semicolon", "a;b;c\n1;2,5;3\n", csvRowsOf(rec("a", "b", "c"), rec("1", "2,5", "3"))},
		{"tab", "a\tb\tc\n1\t2\t3\n", csvRowsOf(rec("a", "b", "c"), rec("1", "2", "3"))},
		{"pipe", "a|b|c\n1|2|3\n", csvRowsOf(rec("a", "b", "c"), rec("1", "2", "3"))},
		{"comma inside quotes does not count", "\"a,b\";c\n\"1,2\";3\n", csvRowsOf(rec("a,b", "c"), rec("1,2", "3"))},
		{"non-ASCII", "stage,feeling\nAdoption,😀 ça va\n", csvRowsOf(rec("stage", "feeling"), rec("Adoption", "😀 ça va"))},
		{"U+FFFD is valid text", "a,\ufffd\n", csvRowsOf(rec("a", "\ufffd"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustReadCSVRows(t, "t.csv", []byte(tt.in))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows of %q:\n got %v\nwant %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestCSVUTF16(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
	}{
		{"little endian", csvUTF16LE("a,b\r\n1,2\r\n")},
		{"big endian", []byte("\xFE\xFF\x00a\x00,\x00b\x00\n\x001\x00,\x002")},
		{"surrogate pair", append(csvUTF16LE("a,b\n1,"), 0x3D, 0xD8, 0x00, 0xDE)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := csvRowsOf(rec("a", "b"), rec("1", "2"))
			if tt.name == "surrogate pair" {
				want[1].Cells[1] = "😀"
			}
			if got := mustReadCSVRows(t, "t.csv", tt.in); !reflect.DeepEqual(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func TestCSVTestdataFiles(t *testing.T) {
	tests := []struct {
		file string
		want []csvRow
	}{
		{"csvkit_mac_newlines.csv", csvRowsOf(
			rec("a", "b", "c"),
			rec("1", "2", "3"),
			rec("Once upon\na time", "5", "6"))},
		{"sheetjs_crlf.csv", csvRowsOf(
			rec("Normal", "abc\ndef"),
			rec("Formula", "abc\ndef"),
			rec("Test", ""))},
		{"csvkit_test_utf16_little.csv", csvRowsOf(
			rec("a", "b", "c"),
			rec("1", "2", "3"),
			rec("4", "5", "ʤ"))},
		{"frictionless_issue-1138.csv", csvRowsOf(
			rec("Zeit [MEZ]", "Wasserstand", "Status", ""),
			rec("09.07.2013 12:00:00", "146", "nicht qualitätsgesichert", ""),
			rec("10.07.2013", "145", "qualitätsgesichert", ""),
			rec("11.07.2013", "145", "qualitätsgesichert", ""),
			rec("12.07.2013", "144", "qualitätsgesichert", ""),
			rec("13.07.2013", "143", "qualitätsgesichert", ""),
			rec("14.07.2013", "143", "qualitätsgesichert", ""),
			rec("15.07.2013", "142", "qualitätsgesichert", ""))},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "csv", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if got := mustReadCSVRows(t, tt.file, data); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestCSVErrors(t *testing.T) {
	latin, err := os.ReadFile(filepath.Join("testdata", "csv", "frictionless_table-infer-iso-8859-7.csv"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   []byte
		want string // the whole message
	}{
		{"ISO-8859-7", latin,
			`team.csv: not UTF-8 text (invalid byte 0xCB on line 2): save it again as "CSV UTF-8"`},
		{"Latin-1 on CR-only line 3", []byte("a,b\r1,2\rcaf\xe9,3\r"),
			`team.csv: not UTF-8 text (invalid byte 0xE9 on line 3): save it again as "CSV UTF-8"`},
		{"empty", nil,
			`team.csv: empty file: it has no header row; fill in the touchpoints table or run "journey init"`},
		{"only a BOM", []byte("\xEF\xBB\xBF"),
			`team.csv: empty file: it has no header row; fill in the touchpoints table or run "journey init"`},
		{"only whitespace", []byte(" \r\n\t\n"),
			`team.csv: empty file: it has no header row; fill in the touchpoints table or run "journey init"`},
		{"only a UTF-16 BOM", []byte("\xFF\xFE"),
			`team.csv: empty file: it has no header row; fill in the touchpoints table or run "journey init"`},
		{"NUL without UTF-16 BOM", []byte("a\x00,\x00b\x00\n\x00"),
			`team.csv: binary data, not CSV text (NUL byte on line 1); save it again as "CSV UTF-8"`},
		{"NUL on line 2", []byte("a,b\n1,\x00\n"),
			`team.csv: binary data, not CSV text (NUL byte on line 2); save it again as "CSV UTF-8"`},
		{"UTF-16 odd byte", append(csvUTF16LE("a,b\r\n1,2"), 'x'),
			`team.csv: broken UTF-16 text (invalid data on line 2): save it again as "CSV UTF-8"`},
		{"UTF-16 lone surrogate", append(csvUTF16LE("a,b\r1,2\r3,"), 0x00, 0xD8, '4', 0),
			`team.csv: broken UTF-16 text (invalid data on line 3): save it again as "CSV UTF-8"`},
		{"UTF-16 low surrogate first", append(csvUTF16LE("a,"), 0x00, 0xDC, 0x3D, 0xD8),
			`team.csv: broken UTF-16 text (invalid data on line 1): save it again as "CSV UTF-8"`},
		{"UTF-16 NUL", csvUTF16LE("a,\x00b\n"),
			`team.csv: binary data, not CSV text (NUL byte on line 1); save it again as "CSV UTF-8"`},
		{"UTF-32", []byte("\xFF\xFE\x00\x00a\x00\x00\x00"),
			`team.csv: UTF-32 text, which journey does not read: save it again as "CSV UTF-8"`},
		{"unclosed quote", []byte("a,b\n1,2\n3,4\n5,\"six\n7,8\n"),
			`team.csv: line 4: a quoted field is not closed; check the quotes on that line`},
		{"unclosed quote CRLF", []byte("a,b\r\n\"x,y\r\n"),
			`team.csv: line 2: a quoted field is not closed; check the quotes on that line`},
		{"bare quote", []byte("a,b\n5\" screen,2\n"),
			`team.csv: line 2: a quote (") is inside a field that does not start with one; put the whole field in quotes and double the quotes inside it ("")`},
		{"text after closing quote", []byte("a,b\n\"x\"y,2\n"),
			`team.csv: line 2: a quoted field has text after its closing quote; double the quotes inside a quoted field ("") or remove them`},
		{"text after closing quote on a later line", []byte("a,\"b\nc\"d\n"),
			`team.csv: line 2: a quoted field that starts on line 1 has text after its closing quote; check the quotes from line 1 on`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readCSVRows("team.csv", tt.in)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got error %v (%T), want an *Error", err, err)
			}
			if e.File != "team.csv" || err.Error() != tt.want {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
		})
	}
}

func TestCSVErrorsAreSticky(t *testing.T) {
	rr, err := newCSVReader("t.csv", strings.NewReader("a\n\"b\n"))
	if err != nil {
		t.Fatal(err)
	}
	if row, _, err := rr.Next(); row != 1 || err != nil {
		t.Fatalf("first Next = %d, %v", row, err)
	}
	for range 2 {
		if _, _, err := rr.Next(); err == nil || err == io.EOF {
			t.Fatalf("Next = %v, want the parse error every time", err)
		}
	}
	rr, _ = newCSVReader("t.csv", strings.NewReader("a\n"))
	rr.Next()
	for range 2 {
		if row, cells, err := rr.Next(); row != 0 || cells != nil || err != io.EOF {
			t.Fatalf("Next after the last row = %d, %q, %v; want io.EOF", row, cells, err)
		}
	}
}

func TestCSVTooLarge(t *testing.T) {
	defer func(n int64) { maxCSVBytes = n }(maxCSVBytes)
	maxCSVBytes = 2 << 10
	_, err := newCSVReader("big.csv", strings.NewReader(strings.Repeat("a,b\n", 513)))
	want := "big.csv: larger than 2 KiB, too big for a touchpoints table; split it into smaller files"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	if _, err := newCSVReader("ok.csv", strings.NewReader(strings.Repeat("a,b\n", 512))); err != nil {
		t.Errorf("exactly the limit: %v", err)
	}
}

func TestCSVUnreadableInput(t *testing.T) {
	_, err := newCSVReader("-", iotest.ErrReader(errors.New("connection reset")))
	want := "-: cannot read it (connection reset); check that it is a readable file"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	dir := t.TempDir()
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = newCSVReader("folder", f)
	var e *Error
	if !errors.As(err, &e) || strings.Contains(err.Error(), dir) {
		t.Errorf("reading a directory: got %v, want an *Error without the path repeated", err)
	}
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want byte
	}{
		{"comma", "a,b,c\n1,2,3\n", ','},
		{"semicolon with decimal commas", "name;price\nfoo;1,50\nbar;2,00\n", ';'},
		{"tab", "a\tb\n1\t2\n", '\t'},
		{"pipe", "a|b\n1|2\n", '|'},
		{"one column is comma", "name\nfoo\n", ','},
		{"empty is comma", "", ','},
		{"tie prefers comma", "a,b;c\n1,2;3\n", ','},
		{"tie prefers semicolon over tab", "a;b\tc\n1;2\t3\n", ';'},
		{"tie prefers tab over pipe", "a\tb|c\n1\t2|3\n", '\t'},
		{"most consistent wins", "a;b;c\n1;2;3\n4;5;6\nx,y\n", ';'},
		{"title line before the header", "Customer journey\nid,stage,name\n1,2,3\n4,5,6\n", ','},
		{"delimiters in quotes ignored", "\"a;b;c\",d\n\"1;2;3\",4\n\"x;y\",z\n", ','},
		{"quoted newlines are not line ends", "a;\"x\ny,z\"\nb;c\n", ';'},
		{"blank lines ignored", "\n\na;b\n\n1;2\n", ';'},
		{"CRLF", "a;b\r\n1;2\r\n", ';'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectDelimiter([]byte(tt.in)); got != tt.want {
				t.Errorf("detectDelimiter(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDetectDelimiterLooksAtTheFirstLines(t *testing.T) {
	// The first csvSniffLines lines are semicolon-separated; what follows is not looked at.
	in := strings.Repeat("a;b\n", csvSniffLines) + strings.Repeat("a,b,c\n", 100)
	if got := detectDelimiter([]byte(in)); got != ';' {
		t.Errorf("got %q, want ';'", got)
	}
}

// csvCorpusDir returns the shared corpus of real-world files, a sibling of the
// repository, or skips the test when it is absent.
func csvCorpusDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus of real-world files not found at %s: %v", dir, err)
	}
	return dir
}

// readCorpusCSV reads the rows of a corpus file, failing the test on an error.
func readCorpusCSV(t *testing.T, file string) []csvRow {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(csvCorpusDir(t), file))
	if err != nil {
		t.Fatal(err)
	}
	return mustReadCSVRows(t, file, data)
}

// checkCSVShape fails the test unless rows are numbered 1..len(widths) and row i
// has widths[i-1] cells.
func checkCSVShape(t *testing.T, rows []csvRow, widths ...int) {
	t.Helper()
	if len(rows) != len(widths) {
		t.Fatalf("got %d rows, want %d", len(rows), len(widths))
	}
	for i, r := range rows {
		if r.Row != i+1 || len(r.Cells) != widths[i] {
			t.Errorf("row %d: got number %d with %d cells, want %d cells", i+1, r.Row, len(r.Cells), widths[i])
		}
	}
}

// csvWidths returns n copies of width.
func csvWidths(width, n int) []int {
	widths := make([]int, n)
	for i := range widths {
		widths[i] = width
	}
	return widths
}

func TestCSVCorpus(t *testing.T) {
	t.Run("Datagov title and blank row before the header", func(t *testing.T) {
		rows := readCorpusCSV(t, "csv_csvkit_Datagov_FY10_EDU_recp_by_State.csv")
		checkCSVShape(t, rows, csvWidths(9, 58)...)
		if want := rec("", "", "", "", "", "", "", "", ""); !reflect.DeepEqual(rows[0].Cells, want) {
			t.Errorf("row 1 = %q, want empty cells", rows[0].Cells)
		}
		if !strings.HasPrefix(rows[1].Cells[0], "Number of Beneficaries") {
			t.Errorf("row 2 = %q, want the title", rows[1].Cells)
		}
		if rows[2].Cells[0] != "State Name" || rows[2].Cells[8] != "TOTAL" {
			t.Errorf("row 3 = %q, want the header", rows[2].Cells)
		}
		if got := rows[56].Cells[8]; got != " " {
			t.Errorf("row 57 last cell = %q, want a space kept as it is", got)
		}
		for _, r := range rows {
			if r.Cells[0] == "WASHINGTON" && r.Cells[8] != "18,729" {
				t.Errorf("WASHINGTON total = %q, want \"18,729\" in one cell", r.Cells[8])
			}
		}
	})
	t.Run("ragged rows", func(t *testing.T) {
		rows := readCorpusCSV(t, "csv_csvkit_bad.csv")
		want := csvRowsOf(
			rec("column_a", "column_b", "column_c"),
			rec("1", "27", "", "I'm too long!"),
			rec("", "I'm too short!"),
			rec("0", "mixed types.... uh oh", "17"))
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("got  %v\nwant %v", rows, want)
		}
	})
	t.Run("wide", func(t *testing.T) {
		rows := readCorpusCSV(t, "csv_frictionless_wide.csv")
		checkCSVShape(t, rows, csvWidths(9074, 4)...)
		if rows[0].Cells[0] != "id" || rows[3].Cells[0] != "id3" {
			t.Errorf("first cells %q, %q", rows[0].Cells[0], rows[3].Cells[0])
		}
	})
	t.Run("BOM and CJK", func(t *testing.T) {
		rows := readCorpusCSV(t, "csv_frictionless_bom.csv")
		want := csvRowsOf(rec("id", "name"), rec("1", "english"), rec("2", "中国人"))
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("got %v, want %v", rows, want)
		}
	})
	t.Run("Attendance, LF inside quoted header cells", func(t *testing.T) {
		rows := readCorpusCSV(t, "csv_sheetjs_Attendance.csv")
		checkCSVShape(t, rows, csvWidths(9, 25)...)
		if rows[0].Cells[1] != "Ben \nAshley" || rows[24].Cells[0] != "Total" {
			t.Errorf("got %q ... %q", rows[0].Cells, rows[24].Cells)
		}
	})
	t.Run("empty", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join(csvCorpusDir(t), "csv_frictionless_empty.csv"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = readCSVRows("empty.csv", data)
		if err == nil || !strings.HasPrefix(err.Error(), "empty.csv: empty file") {
			t.Errorf("got %v, want an empty-file error", err)
		}
	})
}
