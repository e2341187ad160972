// Package report renders results for people and programs: terminal tables
// (tablewriter with colour from fatih/color), JSON, markdown and CSV.
package report

import (
	"io"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Table renders a header and rows as a boxed terminal table that fits in
// width columns: long cells wrap at word boundaries. Headers are printed as
// given (tablewriter would upper-case them).
func Table(w io.Writer, header []string, rows [][]string, width int) error {
	// Each column costs its text plus a border and two spaces of padding.
	maxWidth := (width - 1 - 3*len(header)) / max(len(header), 1)
	cfg := tablewriter.Config{
		Header: tw.CellConfig{
			Formatting: tw.CellFormatting{AutoFormat: tw.Off, AutoWrap: tw.WrapNormal},
			Alignment:  tw.CellAlignment{Global: tw.AlignLeft},
		},
		Row: tw.CellConfig{
			Formatting: tw.CellFormatting{AutoWrap: tw.WrapNormal},
			Alignment:  tw.CellAlignment{Global: tw.AlignLeft},
		},
	}
	if maxWidth > 0 {
		cfg.Row.ColMaxWidths = tw.CellWidth{Global: maxWidth}
		cfg.Header.ColMaxWidths = tw.CellWidth{Global: maxWidth}
	}
	t := tablewriter.NewTable(w, tablewriter.WithConfig(cfg))
	t.Header(header)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}
