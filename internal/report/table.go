// Package report renders results for people and programs: terminal tables
// (tablewriter with colour from fatih/color), JSON, markdown and CSV.
package report

import (
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/tw"
)

// tablewriter keeps the display widths it measures in one global cache
// behind a mutex. The dupes table is drawn on every core, where waiting
// for that lock cost more than measuring the cells again: 155 ms instead
// of 80 ms for 1,269 groups (BenchmarkWriteDupesTable). Journey's cells
// are short, so measuring them is cheap.
func init() { twwidth.SetCacheCapacity(0) }

// Table renders a header and rows as a boxed terminal table that fits in
// width columns: when the cells' natural widths do not fit, the widest
// columns are narrowed first and their cells wrap at word boundaries.
// Headers are printed as given (tablewriter would upper-case them).
func Table(w io.Writer, header []string, rows [][]string, width int) error {
	limits := tw.NewMapper[int, int]()
	for col, max := range columnLimits(header, rows, width) {
		limits.Set(col, max)
	}
	cfg := tablewriter.Config{
		Header: tw.CellConfig{
			Formatting:   tw.CellFormatting{AutoFormat: tw.Off, AutoWrap: tw.WrapNormal},
			Alignment:    tw.CellAlignment{Global: tw.AlignLeft},
			ColMaxWidths: tw.CellWidth{PerColumn: limits},
		},
		Row: tw.CellConfig{
			Formatting:   tw.CellFormatting{AutoWrap: tw.WrapNormal},
			Alignment:    tw.CellAlignment{Global: tw.AlignLeft},
			ColMaxWidths: tw.CellWidth{PerColumn: limits},
		},
	}
	t := tablewriter.NewTable(w, tablewriter.WithConfig(cfg))
	t.Header(header)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}

// columnLimits returns, for the columns that must be narrowed, the width
// their text may take so that the whole table fits in width: the widest
// column gives way first, never below its longest word (up to 12
// characters; longer words break) or 6 characters.
func columnLimits(header []string, rows [][]string, width int) map[int]int {
	n := len(header)
	natural, floor := make([]int, n), make([]int, n)
	measure := func(col int, cell string) {
		for _, line := range strings.Split(cell, "\n") {
			natural[col] = max(natural[col], twwidth.Width(line))
			for _, word := range strings.Fields(line) {
				floor[col] = max(floor[col], min(twwidth.Width(word), 12))
			}
		}
	}
	for i, h := range header {
		measure(i, h)
	}
	for _, r := range rows {
		for i := 0; i < len(r) && i < n; i++ {
			measure(i, r[i])
		}
	}
	budget := width - 1 - 3*n // each column costs a border and two spaces of padding
	widths := append([]int(nil), natural...)
	limits := map[int]int{}
	for total := sum(widths); total > budget; total = sum(widths) {
		widest := 0
		for i := range widths {
			if widths[i]-max(floor[i], 6) > widths[widest]-max(floor[widest], 6) {
				widest = i
			}
		}
		if widths[widest] <= max(floor[widest], 6) {
			break // cannot shrink further; the table will be wider than asked
		}
		widths[widest]--
		limits[widest] = widths[widest]
	}
	return limits
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

// Grid renders a compact, borderless matrix (heat maps): a header row and
// rows, columns separated by spaces, numbers right-aligned.
func Grid(w io.Writer, header []string, rows [][]string) error {
	t := tablewriter.NewTable(w,
		tablewriter.WithRendition(tw.Rendition{
			Borders:  tw.BorderNone,
			Settings: tw.Settings{Separators: tw.SeparatorsNone, Lines: tw.LinesNone},
		}),
		tablewriter.WithConfig(tablewriter.Config{
			Header: tw.CellConfig{
				Formatting: tw.CellFormatting{AutoFormat: tw.Off},
				Alignment:  tw.CellAlignment{Global: tw.AlignRight, PerColumn: []tw.Align{tw.AlignLeft}},
			},
			Row: tw.CellConfig{Alignment: tw.CellAlignment{Global: tw.AlignRight, PerColumn: []tw.Align{tw.AlignLeft}}},
		}),
	)
	t.Header(header)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}
