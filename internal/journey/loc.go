// Package journey is the model of a customer-journey workbook: the persona,
// the stages in journey order, the touchpoints, the vocabularies, and where
// every value came from. It does no I/O.
package journey

import (
	"fmt"
	"strconv"
)

// Loc says where a value came from: a file, a sheet, and a 1-based row and
// column. Row or Col is 0 when the location is a whole sheet or a whole row.
type Loc struct {
	File  string
	Sheet string
	Row   int
	Col   int
}

// Cell returns the A1 reference of the location ("D14"), the row number
// alone when the column is unknown ("14"), or "" for a whole sheet.
func (l Loc) Cell() string {
	switch {
	case l.Row <= 0:
		return ""
	case l.Col <= 0:
		return strconv.Itoa(l.Row)
	default:
		return ColumnName(l.Col) + strconv.Itoa(l.Row)
	}
}

// String returns "Sheet!D14", "Sheet" or "" depending on what is known.
func (l Loc) String() string {
	cell := l.Cell()
	switch {
	case l.Sheet == "":
		return cell
	case cell == "":
		return l.Sheet
	default:
		return l.Sheet + "!" + cell
	}
}

// At returns the location of column col in the same row.
func (l Loc) At(col int) Loc {
	l.Col = col
	return l
}

// AtRow returns the location of the same column in another row.
func (l Loc) AtRow(row int) Loc {
	l.Row = row
	return l
}

// ColumnName turns a 1-based column number into its letters: 1 -> A, 28 -> AB.
func ColumnName(col int) string {
	if col <= 0 {
		return ""
	}
	var buf [8]byte
	i := len(buf)
	for col > 0 {
		col--
		i--
		buf[i] = byte('A' + col%26)
		col /= 26
	}
	return string(buf[i:])
}

// CellName returns the A1 reference of a 1-based column and row.
func CellName(col, row int) string {
	return fmt.Sprintf("%s%d", ColumnName(col), row)
}
