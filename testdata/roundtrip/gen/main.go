// Command gen derives the round-trip fixtures of testdata/roundtrip from
// the workbook `journey init --example` writes. make-fixtures.sh runs it:
//
//	go run ./testdata/roundtrip/gen team-a IN.xlsx OUT.xlsx   # the workbook a team has made its own
//	go run ./testdata/roundtrip/gen team-b IN.xlsx OUT.xlsx   # a second team's workbook to merge into it
//
// README.md lists what each holds and what the tests expect.
package main

import (
	"fmt"
	"os"

	"github.com/xuri/excelize/v2"
)

const (
	tps    = "Touchpoints"
	lists  = "Lists"
	budget = "Budget"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: gen team-a|team-b IN.xlsx OUT.xlsx")
		os.Exit(2)
	}
	f, err := excelize.OpenFile(os.Args[2])
	check(err)
	switch os.Args[1] {
	case "team-a":
		teamA(f)
	case "team-b":
		teamB(f)
	default:
		check(fmt.Errorf("unknown mode %q", os.Args[1]))
	}
	check(f.SaveAs(os.Args[3]))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func set(f *excelize.File, sheet, cell string, v any) { check(f.SetCellValue(sheet, cell, v)) }

func cell(col string, row int) string { return fmt.Sprintf("%s%d", col, row) }

// restyle gives a cell its own style changed by edit, keeping the rest
// (a percent format stays a percent format).
func restyle(f *excelize.File, sheet, ref string, edit func(*excelize.Style)) {
	id, err := f.GetCellStyle(sheet, ref)
	check(err)
	st, err := f.GetStyle(id)
	check(err)
	edit(st)
	nid, err := f.NewStyle(st)
	check(err)
	check(f.SetCellStyle(sheet, ref, ref, nid))
}

func newStyle(f *excelize.File, st *excelize.Style) int {
	id, err := f.NewStyle(st)
	check(err)
	return id
}

func comment(f *excelize.File, sheet, ref, author, text string) {
	check(f.AddComment(sheet, excelize.Comment{Cell: ref, Author: author, Paragraph: []excelize.RichTextRun{
		{Text: author + ":\n", Font: &excelize.Font{Bold: true}}, {Text: text},
	}}))
}

// teamA makes the example a team's own: a Channel dropdown and a defined
// name pointing at exactly the Lists values, a blank row inside the table,
// things lint --fix fixes, a Budget column and a formula column, fills,
// fonts, number formats, widths, comments, conditional formatting, and a
// Budget sheet with formulas, a chart, a merged cell and defined names.
func teamA(f *excelize.File) {
	// Dropdown over exactly the 17 channels (the template's is $A$2:$A$200).
	check(f.DeleteDataValidation(tps, "D2:D2000"))
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "D2:D2000"
	dv.SetSqrefDropList("Lists!$A$2:$A$18")
	dv.SetError(excelize.DataValidationErrorStyleWarning, "Channel", "Pick a channel from the Lists sheet.")
	check(f.AddDataValidation(tps, dv))
	check(f.SetDefinedName(&excelize.DefinedName{Name: "ChannelList", RefersTo: "Lists!$A$2:$A$18"}))

	// A blank row between TP-018 and TP-019: TP-019..TP-044 are rows 21..46.
	check(f.InsertRows(tps, 20, 1))
	const last = 46

	// What lint --fix fixes.
	set(f, tps, "G1", "Team")                    // column-alias -> Owner team
	set(f, tps, "D11", "E-mail")                 // TP-010: value-unknown -> Email
	set(f, tps, "C13", "  Demo request   form ") // TP-012: whitespace
	check(f.SetCellValue(tps, "A16", nil))       // TP-015: id-missing -> TP-045
	header, err := f.GetCellStyle(tps, "V1")
	check(err)

	// Budget (numbers, #,##0) and Monthly budget (a formula, 0.00).
	set(f, tps, "W1", "Budget")
	set(f, tps, "X1", "Monthly budget")
	check(f.SetCellStyle(tps, "W1", "X1", header))
	money := newStyle(f, &excelize.Style{NumFmt: 3})
	twoPlaces := newStyle(f, &excelize.Style{NumFmt: 2})
	n := 0
	for row := 2; row <= last; row++ {
		if row == 20 {
			continue
		}
		n++
		set(f, tps, cell("W", row), (n*37%9+1)*500)
		check(f.SetCellFormula(tps, cell("X", row), fmt.Sprintf("ROUND(W%d/12,2)", row)))
		check(f.SetCellStyle(tps, cell("W", row), cell("W", row), money))
		check(f.SetCellStyle(tps, cell("X", row), cell("X", row), twoPlaces))
	}
	budgetRule := excelize.NewDataValidation(true)
	budgetRule.Sqref = fmt.Sprintf("W2:W%d", last)
	check(budgetRule.SetRange(0, 1000000, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
	budgetRule.SetError(excelize.DataValidationErrorStyleStop, "Budget", "A budget from 0 to 1,000,000.")
	check(f.AddDataValidation(tps, budgetRule))

	// Fills, fonts and widths.
	restyle(f, tps, "C5", func(s *excelize.Style) {
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFF00"}}
	})
	restyle(f, tps, "C7", func(s *excelize.Style) {
		s.Font = &excelize.Font{Bold: true, Color: "C00000"}
	})
	for col := 1; col <= 24; col++ {
		name, _ := excelize.ColumnNumberToName(col)
		restyle(f, tps, cell(name, 10), func(s *excelize.Style) {
			s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E2EFDA"}}
		})
	}
	check(f.SetColWidth(tps, "C", "C", 48))
	check(f.SetColWidth(tps, "W", "W", 12))
	check(f.SetColWidth(tps, "X", "X", 16))

	// Comments, one below the blank row (it moves up with its row).
	comment(f, tps, "C3", "Dana", "Check the cadence with Sales.")
	comment(f, tps, "W2", "Finance", "Budgets in EUR, from the 2026 plan.")
	comment(f, tps, "C30", "Priya", "Move to Q3?")
	comment(f, tps, "X1", "Finance", "Budget divided by 12.")

	// Feeling below zero in red.
	red, err := f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
	check(err)
	check(f.SetConditionalFormat(tps, fmt.Sprintf("P2:P%d", last), []excelize.ConditionalFormatOptions{
		{Type: "cell", Criteria: "<", Value: "0", Format: &red},
	}))

	// The Budget sheet.
	_, err = f.NewSheet(budget)
	check(err)
	bold := newStyle(f, &excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}}})
	percent := newStyle(f, &excelize.Style{NumFmt: 10})
	for i, h := range []string{"Quarter", "Amount", "Share"} {
		c := cell(string(rune('A'+i)), 1)
		set(f, budget, c, h)
		check(f.SetCellStyle(budget, c, c, bold))
	}
	for i, amount := range []int{12000, 15000, 9000, 18000} {
		row := i + 2
		set(f, budget, cell("A", row), fmt.Sprintf("Q%d", i+1))
		set(f, budget, cell("B", row), amount)
		check(f.SetCellFormula(budget, cell("C", row), fmt.Sprintf("B%d/$B$6", row)))
		check(f.SetCellStyle(budget, cell("C", row), cell("C", row), percent))
	}
	set(f, budget, "A6", "Total")
	check(f.SetCellFormula(budget, "B6", "SUM(B2:B5)"))
	set(f, budget, "A8", "Touchpoint budget")
	check(f.SetCellFormula(budget, "B8", fmt.Sprintf("SUM(Touchpoints!W2:W%d)", last)))
	set(f, budget, "A9", "Stages")
	check(f.SetCellFormula(budget, "B9", "COUNTA(Stages!A2:A100)"))
	check(f.SetCellStyle(budget, "B2", "B8", money))
	check(f.SetColWidth(budget, "A", "A", 22))
	check(f.SetColWidth(budget, "B", "B", 14))
	set(f, budget, "A11", "Figures from the 2026 plan; Finance updates them every quarter.")
	check(f.MergeCell(budget, "A11", "D11"))
	comment(f, budget, "B6", "Finance", "Approved in the January budget review.")
	check(f.AddChart(budget, "F2", &excelize.Chart{
		Type:   excelize.Col,
		Series: []excelize.ChartSeries{{Name: "Budget!$B$1", Categories: "Budget!$A$2:$A$5", Values: "Budget!$B$2:$B$5"}},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Budget by quarter"}}},
	}))
	check(f.SetDefinedName(&excelize.DefinedName{Name: "BudgetTotal", RefersTo: "Budget!$B$6"}))
	check(f.SetDefinedName(&excelize.DefinedName{Name: "TouchpointBudget", RefersTo: fmt.Sprintf("Touchpoints!$W$2:$W$%d", last)}))
}

// teamB is a second team's workbook: TP-005 as in team A (a duplicate,
// with a Region team A lacks), TP-006 reused for another touchpoint (its ID
// clashes), three new touchpoints of a new team on a new channel, Budget
// and Region columns, and Podcast and Partnerships added to its Lists.
func teamB(f *excelize.File) {
	rows, err := f.GetRows(tps)
	check(err)
	for row := len(rows); row >= 2; row-- {
		if id := rows[row-1][0]; id != "TP-005" && id != "TP-006" {
			check(f.RemoveRow(tps, row))
		}
	}
	// Rows 2 and 3 are TP-005 and TP-006.
	percent0 := newStyle(f, &excelize.Style{NumFmt: 9})
	percent1 := newStyle(f, &excelize.Style{CustomNumFmt: ptr("0.0%")})
	header, err := f.GetCellStyle(tps, "V1")
	check(err)
	set(f, tps, "W1", "Budget")
	set(f, tps, "X1", "Region")
	check(f.SetCellStyle(tps, "W1", "X1", header))
	set(f, tps, "X2", "Global")
	type tp struct {
		id, stage, name, channel, mode, direction, cadence string
		day                                                int
		target, actual                                     float64
		feeling                                            int
		status                                             string
		budget                                             int
		region                                             string
	}
	for i, t := range []tp{
		{"TP-006", "Awareness", "Partner podcast", "Podcast", "Ongoing", "Outbound", "Monthly", 0, 500, 420, 1, "Live", 800, "Global"},
		{"TP-050", "Consideration", "Partner co-marketing webinar", "Webinar", "Manual", "Outbound", "Quarterly", 7, 0.25, 0.215, 1, "Planned", 1200, "EMEA"},
		{"TP-051", "Awareness", "Partner newsletter feature", "Email", "Automatic", "Outbound", "Monthly", 3, 0.3, 0.27, 0, "Live", 600, "North America"},
		{"TP-052", "Onboarding", "Partner onboarding kit", "Direct mail", "Manual", "Outbound", "One-time", 5, 0, 0, -1, "Planned", 0, "EMEA"},
	} {
		row := i + 3
		for col := 'A'; col <= 'X'; col++ {
			check(f.SetCellValue(tps, cell(string(col), row), nil))
			check(f.SetCellStyle(tps, cell(string(col), row), cell(string(col), row), 0))
		}
		set(f, tps, cell("A", row), t.id)
		set(f, tps, cell("B", row), t.stage)
		set(f, tps, cell("C", row), t.name)
		set(f, tps, cell("D", row), t.channel)
		set(f, tps, cell("E", row), t.mode)
		set(f, tps, cell("F", row), t.direction)
		set(f, tps, cell("G", row), "Partnerships")
		set(f, tps, cell("H", row), "Lena Fischer")
		set(f, tps, cell("I", row), t.cadence)
		set(f, tps, cell("J", row), t.day)
		if t.target != 0 {
			set(f, tps, cell("N", row), t.target)
			set(f, tps, cell("O", row), t.actual)
		}
		if t.target < 1 && t.target > 0 {
			check(f.SetCellStyle(tps, cell("N", row), cell("N", row), percent0))
			check(f.SetCellStyle(tps, cell("O", row), cell("O", row), percent1))
		}
		set(f, tps, cell("P", row), t.feeling)
		set(f, tps, cell("R", row), t.status)
		if t.budget != 0 {
			set(f, tps, cell("W", row), t.budget)
		}
		set(f, tps, cell("X", row), t.region)
	}
	// The new channel and team, at the end of their Lists columns.
	set(f, lists, "A19", "Podcast")
	set(f, lists, "B19", "No")
	cols, err := f.GetCols(lists)
	check(err)
	teams := 0
	for _, v := range cols[4] {
		if v != "" {
			teams++
		}
	}
	set(f, lists, cell("E", teams+1), "Partnerships")
	check(f.SetSheetDimension(tps, "A1:X6"))
}

func ptr(s string) *string { return &s }
