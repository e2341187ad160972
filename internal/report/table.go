// Package report renders results for people and programs: terminal tables
// (tablewriter with colour from fatih/color), JSON, markdown and CSV.
package report

import (
	"io"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Table renders a header and rows as a boxed terminal table. Headers are
// printed as given (tablewriter would upper-case them) and long cells wrap
// at maxWidth characters (0: no limit).
func Table(w io.Writer, header []string, rows [][]string, maxWidth int) error {
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
