package workbook

import (
	"fmt"
	"strings"
	"unicode"
)

// Error is input or output the tool cannot handle, said in one sentence for the user.
type Error struct {
	File string // the path as the user typed it
	Msg  string // what it is and what to do, starting lower case, no trailing period
}

// Error returns the file name and the message, e.g.
// `team.csv: not UTF-8 text (invalid byte 0xE1 on line 2): save it again as "CSV UTF-8"`.
func (e *Error) Error() string {
	if e.File == "" {
		return e.Msg
	}
	return e.File + ": " + e.Msg
}

// errorf returns an *Error about file whose message is formatted as by
// fmt.Sprintf. Control characters (a newline inside a zip entry's name)
// become spaces, so the message always stays on one line.
func errorf(file, format string, args ...any) *Error {
	return &Error{File: file, Msg: oneLine(fmt.Sprintf(format, args...))}
}

// oneLine replaces the control characters of s with spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}
