package workbook

import (
	"fmt"
	"io"
	"strings"

	"github.com/journey-cli/journey/internal/journey"
)

// headerScanRows is how many rows from the top of a sheet are searched for
// its header row: real sheets put a title, notes and blank rows above it.
const headerScanRows = 30

// bufferedRow is a row kept while looking for the header.
type bufferedRow struct {
	num   int
	cells []string
}

// findHeader reads up to headerScanRows rows and returns the one whose cells
// best match columns (a score of at least minScore, see headerScore), the
// rows read after it (which are data), and whether a header was found.
func findHeader(rr rowReader, columns []journey.Column, minScore int) (header bufferedRow, rest []bufferedRow, found bool, err error) {
	var rows []bufferedRow
	best, bestScore := -1, 0
	for len(rows) < headerScanRows {
		num, cells, err := rr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return header, nil, false, err
		}
		rows = append(rows, bufferedRow{num, cells})
		if score := headerScore(cells, columns); score > bestScore {
			best, bestScore = len(rows)-1, score
		}
	}
	if best < 0 || bestScore < minScore {
		return header, rows, false, nil
	}
	return rows[best], rows[best+1:], true, nil
}

// headerScore counts the cells that name a column of the schema, twice for
// the required ones, so that a title row mentioning "Stage" loses to the
// real header.
func headerScore(cells []string, columns []journey.Column) int {
	score := 0
	for _, c := range cells {
		if i, _, ok := journey.Match(columns, c); ok {
			score++
			if columns[i].Required {
				score++
			}
		}
	}
	return score
}

// headerMatches counts the cells that name a column of the schema.
func headerMatches(cells []string, columns []journey.Column) int {
	n := 0
	for _, c := range cells {
		if _, _, ok := journey.Match(columns, c); ok {
			n++
		}
	}
	return n
}

// mapHeader maps each header cell to a column of the schema. It returns the
// 1-based column of each schema entry (0 when absent), the header cells, and
// the structural findings: aliases, duplicates, unknown and missing columns.
func mapHeader(cells []string, columns []journey.Column, loc journey.Loc) (cols []int, headers []journey.Header, problems []journey.Finding) {
	cols = make([]int, len(columns))
	unknown, moreAt, lastUnknown := 0, -1, 0
	for i, text := range cells {
		text = journey.CleanText(text)
		if text == "" {
			continue
		}
		col := i + 1
		cell := loc.At(col)
		h := journey.Header{Col: col, Text: text, Field: -1}
		idx, alias, ok := journey.Match(columns, text)
		switch {
		case !ok:
			if unknown++; unknown <= maxUnknownColumnFindings {
				problems = append(problems, journey.Finding{Rule: "column-unknown", Severity: journey.Info, Loc: cell, Value: text,
					Message: fmt.Sprintf("column %q is not one journey knows; it is kept as it is", text)})
			} else if unknown == maxUnknownColumnFindings+1 {
				moreAt = len(problems)
				problems = append(problems, journey.Finding{Rule: "column-unknown", Severity: journey.Info, Loc: cell})
			}
			lastUnknown = col
		case cols[idx] != 0:
			problems = append(problems, journey.Finding{Rule: "column-duplicate", Severity: journey.Error, Loc: cell, Value: text,
				Message: fmt.Sprintf("column %q is a second %s column (the first is column %s); rename or delete one", text, columns[idx].Name, journey.ColumnName(cols[idx]))})
		default:
			cols[idx] = col
			h.Field = journey.Field(idx)
			h.Alias = alias
			if alias {
				problems = append(problems, journey.Finding{Rule: "column-alias", Severity: journey.Info, Loc: cell, Value: text, Fixable: true,
					Message: fmt.Sprintf("column %q is read as %s; --fix renames it", text, columns[idx].Name), Suggestion: columns[idx].Name,
					Fix: &journey.Edit{Loc: cell, Value: columns[idx].Name}})
			}
		}
		headers = append(headers, h)
	}
	if moreAt >= 0 {
		p := &problems[moreAt]
		p.Message = fmt.Sprintf("%s more columns, from %s to %s, are not ones journey knows; they are kept as they are",
			thousands(unknown-maxUnknownColumnFindings), journey.ColumnName(p.Loc.Col), journey.ColumnName(lastUnknown))
	}
	for i, c := range columns {
		if c.Required && cols[i] == 0 {
			problems = append(problems, journey.Finding{Rule: "column-missing", Severity: journey.Error, Loc: loc,
				Message: fmt.Sprintf("required column %s is missing from the header row; add it", c.Name), Suggestion: c.Name})
		}
	}
	return cols, headers, problems
}

// rowBlank reports whether every cell of a row is empty or white space.
func rowBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// cellAt returns the cell at 1-based column col, or "".
func cellAt(cells []string, col int) string {
	if col <= 0 || col > len(cells) {
		return ""
	}
	return cells[col-1]
}

// tableRows walks the data rows under a header: the buffered ones first,
// then the rest of the reader. It calls visit for each row that belongs to
// the table and blank for each blank row inside it. The table ends at the
// end of the sheet or at a row, after one or more blank rows, that starts
// another table: one that repeats header names or leaves every key column
// empty (a second small table parked under the first).
func tableRows(rr rowReader, buffered []bufferedRow, startsOther func([]string) bool, visit func(num int, cells []string), blank func(num int)) error {
	return walkTable(rr, buffered, startsOther,
		func(num int, cells []string) error { visit(num, cells); return nil },
		func(first, last int) error {
			for num := first; num <= last; num++ {
				blank(num)
			}
			return nil
		})
}

// walkTable is tableRows with callbacks that may end the walk with an
// error, and blank rows handed over as runs: blank(first, last) for each
// run of blank rows inside the table, however long, without keeping
// them (a stray cell in the last row of a sheet follows a million). The
// readers number rows one by one, so a run is every row from first to
// last.
func walkTable(rr rowReader, buffered []bufferedRow, startsOther func([]string) bool, visit func(num int, cells []string) error, blank func(first, last int) error) error {
	first, last := 0, 0 // the blank rows not yet known to be inside the table
	handle := func(num int, cells []string) (bool, error) {
		if rowBlank(cells) {
			if first == 0 {
				first = num
			}
			last = num
			return true, nil
		}
		if first > 0 {
			if startsOther(cells) {
				return false, nil
			}
			if err := blank(first, last); err != nil {
				return false, err
			}
			first, last = 0, 0
		}
		return true, visit(num, cells)
	}
	for _, r := range buffered {
		if more, err := handle(r.num, r.cells); !more || err != nil {
			return err
		}
	}
	for {
		num, cells, err := rr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		more, err := handle(num, cells)
		if err != nil {
			return err
		}
		if !more {
			return drain(rr)
		}
	}
}

// drain reads a reader to its end so that errors after the table (a
// damaged sheet) still surface.
func drain(rr rowReader) error {
	for {
		if _, _, err := rr.Next(); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}
