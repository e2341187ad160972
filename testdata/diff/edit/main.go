// Command edit derives the diff fixtures of testdata/diff from the
// workbook `journey init --example` writes. make-fixtures.sh runs it:
//
//	go run ./testdata/diff/edit future  IN.xlsx OUT.xlsx   # the future-state map, with IDs
//	go run ./testdata/diff/edit noid    IN.xlsx OUT.xlsx   # the same map with the ID cells emptied
//	go run ./testdata/diff/edit shuffle IN.xlsx OUT.xlsx   # the touchpoint rows in a fixed random order
//
// Cells keep their types and styles; the edits are the ones listed in
// testdata/diff/README.md, which the tests in internal/diff expect.
package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"

	"github.com/xuri/excelize/v2"
)

const (
	tps    = "Touchpoints"
	stages = "Stages"
)

// Columns of the Touchpoints sheet init writes.
var col = map[string]string{
	"ID": "A", "Stage": "B", "Touchpoint": "C", "Channel": "D", "Mode": "E", "Direction": "F",
	"Owner team": "G", "DRI": "H", "Cadence": "I", "Day": "J", "Trigger": "K", "Purpose": "L",
	"KPI": "M", "Target": "N", "Actual": "O", "Feeling": "P", "Friction": "Q", "Status": "R",
	"Persona": "S", "Backstage": "T", "Systems": "U", "Notes": "V", "Budget": "W",
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: edit future|noid|shuffle IN.xlsx OUT.xlsx")
		os.Exit(2)
	}
	f, err := excelize.OpenFile(os.Args[2])
	check(err)
	switch os.Args[1] {
	case "future":
		future(f)
	case "noid":
		noIDs(f)
	case "shuffle":
		shuffle(f)
	default:
		check(fmt.Errorf("unknown mode %q", os.Args[1]))
	}
	check(f.SaveAs(os.Args[3]))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "edit:", err)
		os.Exit(1)
	}
}

// rowOf returns the Touchpoints row holding id in column A.
func rowOf(f *excelize.File, id string) int {
	rows, err := f.GetRows(tps)
	check(err)
	for i, r := range rows {
		if len(r) > 0 && r[0] == id {
			return i + 1
		}
	}
	check(fmt.Errorf("no touchpoint %s", id))
	return 0
}

func lastRow(f *excelize.File, sheet string) int {
	rows, err := f.GetRows(sheet)
	check(err)
	return len(rows)
}

func set(f *excelize.File, sheet, cell string, v any) { check(f.SetCellValue(sheet, cell, v)) }

func setTP(f *excelize.File, id, field string, v any) {
	set(f, tps, col[field]+strconv.Itoa(rowOf(f, id)), v)
}

// future makes the future-state map.
func future(f *excelize.File) {
	// Persona: the map type.
	rows, err := f.GetRows("Persona")
	check(err)
	for i, r := range rows {
		if len(r) > 0 && r[0] == "Map type" {
			set(f, "Persona", "B"+strconv.Itoa(i+1), "Future state")
		}
	}

	// Changed touchpoints.
	setTP(f, "TP-028", "Touchpoint", "Automated weekly check-in email") // renamed
	setTP(f, "TP-028", "Mode", "Automatic")
	setTP(f, "TP-022", "Status", "Live")
	setTP(f, "TP-022", "Actual", 0.55)
	pct := "0%"
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &pct})
	check(err)
	cell := "O" + strconv.Itoa(rowOf(f, "TP-022"))
	check(f.SetCellStyle(tps, cell, cell, style))
	setTP(f, "TP-023", "Day", 2)
	setTP(f, "TP-008", "Touchpoint", "Trial tips email") // renamed
	setTP(f, "TP-008", "Cadence", "Weekly")
	setTP(f, "TP-037", "Touchpoint", "Knowledge base") // renamed, same purpose
	// Moved to another stage.
	setTP(f, "TP-033", "Stage", "Retention")
	// Not a change: the same 35% written as 0.35 with two decimals.
	pct2 := "0.00%"
	style2, err := f.NewStyle(&excelize.Style{CustomNumFmt: &pct2})
	check(err)
	cell = "N" + strconv.Itoa(rowOf(f, "TP-026"))
	set(f, tps, cell, 0.35)
	check(f.SetCellStyle(tps, cell, cell, style2))
	// Not a change either: a synonym and stray spaces.
	setTP(f, "TP-040", "Cadence", "on trigger")
	setTP(f, "TP-041", "Owner team", "  Marketing ")

	// A column of the team's own, with a value on one existing row.
	set(f, tps, "W1", "Budget")
	setTP(f, "TP-026", "Budget", 500)

	// Removed touchpoints (the higher row first).
	check(f.RemoveRow(tps, rowOf(f, "TP-024")))
	check(f.RemoveRow(tps, rowOf(f, "TP-014")))

	// Added touchpoints.
	next := lastRow(f, tps) + 1
	add := func(values map[string]any) {
		for field, v := range values {
			set(f, tps, col[field]+strconv.Itoa(next), v)
		}
		next++
	}
	add(map[string]any{
		"ID": "TP-045", "Stage": "Onboarding", "Touchpoint": "In-app setup checklist", "Channel": "In-app",
		"Mode": "Automatic", "Direction": "Outbound", "Owner team": "Product", "DRI": "Aiko Tanaka",
		"Cadence": "One-time", "Day": 1, "Trigger": "Admin logs in for the first time",
		"Purpose": "Guide the admin through connecting data sources and building the first report.", "KPI": "Checklist completion", "Target": 0.7, "Feeling": 1, "Status": "Live", "Systems": "Pendo",
		"Budget": 1200,
	})
	add(map[string]any{
		"ID": "TP-046", "Stage": "Activation", "Touchpoint": "Setup help chatbot", "Channel": "Chatbot",
		"Mode": "Automatic", "Direction": "Inbound", "Owner team": "Support", "DRI": "Tom Becker",
		"Cadence": "Triggered", "Day": 0, "Trigger": "Admin opens the help widget during setup",
		"Purpose": "Answer setup questions at once and hand over to a person when stuck.", "KPI": "Questions resolved", "Target": 0.5, "Feeling": 1, "Status": "Live", "Systems": "Intercom",
	})
	for _, r := range []int{next - 2, next - 1} {
		cell := "N" + strconv.Itoa(r)
		check(f.SetCellStyle(tps, cell, cell, style))
	}

	// Stages: Activation added after Onboarding; Expansion owned by
	// Customer Success; Retention before Expansion.
	srows, err := f.GetRows(stages)
	check(err)
	find := func(name string) int {
		for i, r := range srows {
			if len(r) > 0 && r[0] == name {
				return i + 1
			}
		}
		check(fmt.Errorf("no stage %s", name))
		return 0
	}
	onboarding := find("Onboarding")
	check(f.InsertRows(stages, onboarding+1, 1))
	r := strconv.Itoa(onboarding + 1)
	set(f, stages, "A"+r, "Activation")
	set(f, stages, "B"+r, "The admin builds the first report on their own data.")
	set(f, stages, "C"+r, "First report within 7 days")
	set(f, stages, "D"+r, 0.5)
	set(f, stages, "E"+r, "Product")
	set(f, stages, "F"+r, 7)
	set(f, stages, "G"+r, 0)
	srows, err = f.GetRows(stages)
	check(err)
	exp, ret := find("Expansion"), find("Retention")
	expRow, retRow := srows[exp-1], srows[ret-1]
	for i := 0; i < 8; i++ {
		c, _ := excelize.CoordinatesToCellName(i+1, exp)
		set(f, stages, c, typed(at(retRow, i)))
		c, _ = excelize.CoordinatesToCellName(i+1, ret)
		set(f, stages, c, typed(at(expRow, i)))
	}
	// Expansion's owner: Sales -> Customer Success (now on row ret).
	set(f, stages, "E"+strconv.Itoa(ret), "Customer Success")
	// Targets were percentages: keep them numbers with a percent format.
	for _, row := range []int{exp, ret, onboarding + 1} {
		cell := "D" + strconv.Itoa(row)
		check(f.SetCellStyle(stages, cell, cell, style))
	}
}

func at(r []string, i int) string {
	if i < len(r) {
		return r[i]
	}
	return ""
}

// typed turns a displayed stage value back into what to store: "90%" as
// 0.9, "365" as 365.
func typed(s string) any {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	if len(s) > 1 && s[len(s)-1] == '%' {
		if v, err := strconv.ParseFloat(s[:len(s)-1], 64); err == nil {
			return v / 100
		}
	}
	return s
}

// noIDs empties the ID cells.
func noIDs(f *excelize.File) {
	for r := 2; r <= lastRow(f, tps); r++ {
		set(f, tps, "A"+strconv.Itoa(r), nil)
	}
}

// shuffle puts the touchpoint rows in a fixed random order, keeping each
// cell's value type and style.
func shuffle(f *excelize.File) {
	last := lastRow(f, tps)
	type cell struct {
		value any
		style int
	}
	var rows [][]cell
	for r := 2; r <= last; r++ {
		var row []cell
		for c := 1; c <= len(col); c++ {
			name, _ := excelize.CoordinatesToCellName(c, r)
			raw, err := f.GetCellValue(tps, name, excelize.Options{RawCellValue: true})
			check(err)
			typ, err := f.GetCellType(tps, name)
			check(err)
			style, err := f.GetCellStyle(tps, name)
			check(err)
			var v any = raw
			if typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset && raw != "" {
				if n, err := strconv.ParseFloat(raw, 64); err == nil {
					v = n
				}
			}
			if raw == "" {
				v = nil
			}
			row = append(row, cell{v, style})
		}
		rows = append(rows, row)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	for i, row := range rows {
		for c, v := range row {
			name, _ := excelize.CoordinatesToCellName(c+1, i+2)
			set(f, tps, name, v.value)
			check(f.SetCellStyle(tps, name, name, v.style))
		}
	}
}
