package workbook

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCSVRows feeds arbitrary bytes to newCSVReader: it must never panic,
// number rows 1, 2, 3... with no more rows than lines, return valid UTF-8
// cells, and fail only with an *Error whose message is one line naming the file.
func FuzzCSVRows(f *testing.F) {
	seeds := []string{
		"a,b\n1,2\n",
		"a,b\r\n\r\n1,2\r\n",
		"a,b\r1,\"x\ry\"\r",
		"\ufeffid;name;\n1;\"a;b\";\n",
		"a\tb\n1\t2\n",
		"a|b\n1|2\n",
		"\n\na,\"x\n\ny\"\n\nb\n\n",
		"a,b\n5\" screen,2\n",
		"a,\"b\nc\"d\n",
		"a,\"unclosed\n",
		"caf\xe9,1\n",
		"\xff\xfea\x00,\x00b\x00",
		"\xfe\xff\x00a\x00,\x00b",
		"\xff\xfe\x00\xd8",
		"a\x00b",
		"",
		" \n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "fuzz.csv"
		rr, err := newCSVReader(name, bytes.NewReader(data))
		if err != nil {
			checkCSVError(t, name, err)
			return
		}
		maxRows := 1 + bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r"))
		for want := 1; ; want++ {
			row, cells, err := rr.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				checkCSVError(t, name, err)
				return
			}
			if row != want {
				t.Fatalf("row number %d, want %d", row, want)
			}
			if row > maxRows {
				t.Fatalf("row %d of input with at most %d lines", row, maxRows)
			}
			for _, c := range cells {
				if !utf8.ValidString(c) || strings.ContainsRune(c, 0) {
					t.Fatalf("row %d: cell %q is not valid text", row, c)
				}
			}
		}
	})
}

// checkCSVError fails the test unless err is an *Error about name whose
// message is one line without encoding/csv's wording.
func checkCSVError(t *testing.T, name string, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is a %T, want *Error", err, err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, name+": ") || e.File != name {
		t.Fatalf("error %q does not start with the file name", msg)
	}
	if strings.ContainsAny(msg, "\r\n") || strings.HasSuffix(msg, ".") {
		t.Fatalf("error %q is not one line without a trailing period", msg)
	}
	if strings.Contains(msg, "parse error") || strings.Contains(msg, "non-quoted-field") {
		t.Fatalf("error %q uses encoding/csv's wording", msg)
	}
}
