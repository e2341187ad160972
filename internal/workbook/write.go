package workbook

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/journey-cli/journey/internal/journey"
)

// Rows that the dropdowns and prompts of a new workbook cover.
const (
	// lastDataRow is the last Touchpoints row with dropdowns and prompts.
	lastDataRow = 2000
	// lastStageRow is the last Stages row with dropdowns and prompts, and
	// the end of the range the Stage dropdown offers.
	lastStageRow = 100
	// lastListRow is the end of each Lists range a dropdown offers, leaving
	// room to add values below the template's.
	lastListRow = 200
)

// Limits Excel puts on an input prompt; longer ones make it repair the file.
const (
	maxPromptTitle = 32
	maxPrompt      = 255
)

// InitOptions say what `journey init` writes.
type InitOptions struct {
	// Template supplies the stages, the vocabularies and the example.
	Template *journey.Template
	// Persona fields that are not empty override the template's.
	Persona journey.Persona
	// Example fills the workbook with the template's sample journey.
	Example bool
	// Touchpoints, when not nil, are the rows written to the Touchpoints
	// sheet instead of the example's (import and merge): text as text, and
	// Day, Feeling, Target and Actual as numbers where they parsed, exactly
	// as the example is written.
	Touchpoints []journey.Touchpoint
	// ExtraColumns are the headers of columns journey does not know,
	// written after the known ones. A touchpoint's Extra values are keyed
	// by the sheet column they go to: int(journey.NumFields)+1 for
	// ExtraColumns[0], and so on. Values that are plain numbers or
	// percentages are written as numbers.
	ExtraColumns []string
	// Force replaces an existing file.
	Force bool
}

// WriteNew writes a new journey workbook to path (SPEC 3.6): the sheets
// Guide, Persona, Stages, Touchpoints and Lists, with dropdowns pointing at
// the Lists ranges, input prompts, a frozen styled header and an autofilter.
// It refuses to replace an existing file unless opts.Force is set.
func WriteNew(path string, opts InitOptions) error {
	if opts.Template == nil {
		return errorf(path, "no template to write the workbook from")
	}
	f, err := buildNew(opts)
	if err != nil {
		return errorf(path, "cannot build the workbook (%v)", err)
	}
	defer f.Close()
	return WriteFileAtomic(path, opts.Force, func(w io.Writer) error { return f.Write(w) })
}

// newWriter builds one new workbook in memory.
type newWriter struct {
	f       *excelize.File
	t       *journey.Template
	persona journey.Persona
	tps     []journey.Touchpoint
	extra   []string // headers of the unknown columns, after the known ones
	style   styleIDs
	used    map[string]journey.Loc // per sheet, the last row and column written
	err     error                  // the first error; later calls do nothing
}

// styleIDs are the cell styles of a new workbook.
type styleIDs struct {
	required, optional  int // header cells of required and optional columns
	title, bold, date   int
	percent0, percent1  int // 35% and 2.5%
	percent2, guideText int
}

// buildNew lays out every sheet of a new workbook.
func buildNew(opts InitOptions) (*excelize.File, error) {
	w := &newWriter{f: excelize.NewFile(), t: opts.Template, persona: opts.Template.Persona, used: map[string]journey.Loc{}}
	if opts.Example {
		overlayPersona(&w.persona, opts.Template.Example.Persona)
		w.tps = opts.Template.Example.Touchpoints
	}
	if opts.Touchpoints != nil {
		w.tps, w.extra = opts.Touchpoints, opts.ExtraColumns
	}
	overlayPersona(&w.persona, opts.Persona)
	if len(opts.Persona.Settings) > 0 {
		w.persona.Settings = opts.Persona.Settings
	}
	w.createSheets()
	w.newStyles()
	w.writeGuide()
	w.writePersona()
	w.writeStages()
	w.writeTouchpoints()
	w.writeLists()
	w.setProps()
	w.setDimensions()
	if w.err != nil {
		w.f.Close()
		return nil, w.err
	}
	return w.f, nil
}

// overlayPersona copies the non-empty fields of src over dst.
func overlayPersona(dst *journey.Persona, src journey.Persona) {
	set := func(d *string, s string) {
		if strings.TrimSpace(s) != "" {
			*d = s
		}
	}
	set(&dst.Name, src.Name)
	set(&dst.Seniority, src.Seniority)
	set(&dst.MapType, src.MapType)
	set(&dst.Owner, src.Owner)
	set(&dst.Goal, src.Goal)
	set(&dst.ReviewCadence, src.ReviewCadence)
	if !src.LastReviewed.IsZero() {
		dst.LastReviewed = src.LastReviewed
	}
}

// check keeps the first error of a step.
func (w *newWriter) check(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

// sheetOrder is the order SPEC 3.6 gives the sheets.
var sheetOrder = []string{journey.SheetGuide, journey.SheetPersona, journey.SheetStages, journey.SheetTouchpoints, journey.SheetLists}

// createSheets renames the default sheet and adds the others in order, with
// Touchpoints the one shown when the file is opened.
func (w *newWriter) createSheets() {
	w.check(w.f.SetSheetName(w.f.GetSheetName(0), sheetOrder[0]))
	for _, name := range sheetOrder[1:] {
		idx, err := w.f.NewSheet(name)
		w.check(err)
		if name == journey.SheetTouchpoints {
			w.f.SetActiveSheet(idx)
		}
	}
}

// newStyles registers the styles the sheets use.
func (w *newWriter) newStyles() {
	border := []excelize.Border{
		{Type: "left", Color: "8EA9DB", Style: 1}, {Type: "right", Color: "8EA9DB", Style: 1},
		{Type: "top", Color: "8EA9DB", Style: 1}, {Type: "bottom", Color: "8EA9DB", Style: 1},
	}
	header := func(fill, font string) *excelize.Style {
		return &excelize.Style{
			Font:      &excelize.Font{Bold: true, Color: font},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}},
			Border:    border,
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		}
	}
	custom := func(format string) *excelize.Style { return &excelize.Style{CustomNumFmt: &format} }
	w.style.required = w.newStyle(header("1F4E78", "FFFFFF"))
	w.style.optional = w.newStyle(header("DDEBF7", "1F4E78"))
	w.style.title = w.newStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16, Color: "1F4E78"}})
	w.style.bold = w.newStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	w.style.date = w.newStyle(custom("yyyy-mm-dd"))
	w.style.percent0 = w.newStyle(&excelize.Style{NumFmt: 9})
	w.style.percent1 = w.newStyle(custom("0.0%"))
	w.style.percent2 = w.newStyle(&excelize.Style{NumFmt: 10})
	w.style.guideText = w.newStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
}

// newStyle registers one style.
func (w *newWriter) newStyle(s *excelize.Style) int {
	id, err := w.f.NewStyle(s)
	w.check(err)
	return id
}

// setProps names the workbook in its document properties.
func (w *newWriter) setProps() {
	title := "Customer journey"
	if w.persona.Name != "" {
		title += ": " + w.persona.Name
	}
	now := time.Now().UTC().Format(time.RFC3339)
	w.check(w.f.SetDocProps(&excelize.DocProperties{
		Created:     now,
		Modified:    now,
		Title:       title,
		Subject:     w.persona.MapType,
		Creator:     "journey",
		Description: "Customer communications workbook, template " + w.t.Name,
	}))
}

// guideText is the Guide sheet: one line per row, "" for a blank row.
var guideText = []string{
	"This workbook maps every communication one persona has with your company, from first awareness to advocacy.",
	"Make one workbook per persona, as specific as you can (down to seniority), and keep it up to date together:",
	"every customer-facing team fills in its own touchpoints, and one person owns the whole map.",
	"",
	"1. Persona: who the map is for, who owns it, what the mapping should improve, and when it was last reviewed.",
	"    Review it monthly or quarterly, and deeply once a year.",
	"2. Stages: the lifecycle stages in journey order, each with a goal, a KPI and its target, the owning team,",
	"    the typical days a customer spends there, and how the customer feels (-2 very negative .. +2 very positive).",
	"3. Touchpoints: one row per communication the persona receives or can start. Pick Stage, Channel, Mode,",
	"    Direction, Owner team, Cadence and Status from the dropdowns; select a cell to see what its column means.",
	"    Dark headers are required columns. Extra columns you add are kept by every journey command.",
	"4. Lists: the values the dropdowns offer. Add your own channels and teams at the bottom of a column and the",
	"    dropdowns offer them too. Write Yes under Automatable beside each channel that can be automated.",
	"",
	"Then check the workbook with `journey lint FILE.xlsx` and find the weak spots with `journey gaps FILE.xlsx`.",
}

// writeGuide writes the instructions and a legend of the Touchpoints columns.
func (w *newWriter) writeGuide() {
	s := journey.SheetGuide
	w.setStr(s, 1, 1, "Customer journey workbook")
	w.setStyle(s, 1, 1, w.style.title)
	w.setStr(s, 2, 1, fmt.Sprintf("Template: %s. %s", w.t.Name, w.t.Description))
	row := 4
	for _, line := range guideText {
		w.setStr(s, row, 1, line)
		row++
	}
	row++
	w.setHeaderRow(s, row, []string{"Touchpoints column", "Required", "What to write"}, nil)
	for _, c := range journey.TouchpointColumns {
		row++
		w.setStr(s, row, 1, c.Name)
		w.setStyle(s, row, 1, w.style.bold)
		if c.Required {
			w.setStr(s, row, 2, "Yes")
		}
		w.setStr(s, row, 3, c.Help)
		w.setStyle(s, row, 3, w.style.guideText)
	}
	w.setWidths(s, []float64{22, 10, 90})
}

// personaRows are the Field column of the Persona sheet, with their prompts.
var personaRows = []struct{ field, help string }{
	{"Persona", "Who this map is for, as specific as possible, e.g. Marketing Ops Manager."},
	{"Seniority", "User, Manager, Director, VP or C-level, or your own words."},
	{"Map type", "Current state, Future state, Day in the life or Service blueprint."},
	{"Owner", "The person responsible (DRI) for the whole map."},
	{"Goal", "What the mapping exercise is meant to improve."},
	{"Review cadence", "How often the map is reviewed: Monthly, Quarterly or Yearly."},
	{"Last reviewed", "The date of the last review, e.g. 2026-09-15."},
}

// writePersona writes the Field/Value rows with prompts and dropdowns.
func (w *newWriter) writePersona() {
	s, p := journey.SheetPersona, w.persona
	w.setHeaderRow(s, 1, []string{"Field", "Value"}, nil)
	values := []string{p.Name, p.Seniority, p.MapType, p.Owner, p.Goal, p.ReviewCadence}
	for i, r := range personaRows {
		row := i + 2
		w.setStr(s, row, 1, r.field)
		w.setStyle(s, row, 1, w.style.bold)
		if i < len(values) {
			w.setStr(s, row, 2, values[i])
		}
		dv := promptValidation(journey.CellName(2, row), r.field, r.help)
		switch r.field {
		case "Seniority":
			w.check(dv.SetDropList(journey.Seniorities)) // free text allowed: no error alert
		case "Map type":
			w.check(dv.SetDropList(journey.MapTypes))
			dv.SetError(excelize.DataValidationErrorStyleWarning, "Map type", "Pick one of the four map types.")
		case "Review cadence":
			w.check(dv.SetDropList(journey.ReviewCadences))
			dv.SetError(excelize.DataValidationErrorStyleWarning, "Review cadence", "Pick Monthly, Quarterly or Yearly.")
		case "Last reviewed":
			w.writeDate(s, row, 2, p.LastReviewed)
			w.check(dv.SetRange(1, journey.MaxSerial, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween))
			dv.SetError(excelize.DataValidationErrorStyleWarning, "Last reviewed", "Write a date such as 2026-09-15.")
		}
		w.check(w.f.AddDataValidation(s, dv))
	}
	for i, st := range sortedSettings(p.Settings) {
		row := len(personaRows) + 2 + i
		w.setStr(s, row, 1, st.Field)
		w.setStyle(s, row, 1, w.style.bold)
		w.setStr(s, row, 2, st.Value)
	}
	w.setWidths(s, []float64{18, 80})
}

// sortedSettings returns the Persona sheet's other Field/Value rows in the
// order they were read (by row, then by field).
func sortedSettings(m map[string]journey.Setting) []journey.Setting {
	out := make([]journey.Setting, 0, len(m))
	for _, st := range m {
		if strings.TrimSpace(st.Field) != "" {
			out = append(out, st)
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Loc.Row != out[b].Loc.Row {
			return out[a].Loc.Row < out[b].Loc.Row
		}
		return out[a].Field < out[b].Field
	})
	return out
}

// writeDate writes a date cell shown as yyyy-mm-dd; a zero date leaves the
// cell empty but formatted for one.
func (w *newWriter) writeDate(sheet string, row, col int, t time.Time) {
	if !t.IsZero() {
		w.check(w.f.SetCellValue(sheet, w.cell(sheet, row, col), t))
	}
	w.setStyle(sheet, row, col, w.style.date)
}

// writeStages writes one row per template stage in journey order.
func (w *newWriter) writeStages() {
	s := journey.SheetStages
	cols := journey.StageColumns[:]
	names := make([]string, len(cols))
	required := make([]bool, len(cols))
	for i, c := range cols {
		names[i], required[i] = c.Name, c.Required
	}
	w.setHeaderRow(s, 1, names, required)
	for i, st := range w.t.Stages {
		row := i + 2
		col := func(f journey.StageField) int { return int(f) + 1 }
		w.setStr(s, row, col(journey.StageName), st.Name)
		w.setStr(s, row, col(journey.StageGoal), st.Goal)
		w.setStr(s, row, col(journey.StageKPI), st.KPI)
		w.writeMeasure(s, row, col(journey.StageTarget), st.Target, "")
		w.setStr(s, row, col(journey.StageOwnerTeam), st.OwnerTeam)
		w.writeOptional(s, row, col(journey.StageDays), st.Days, "")
		w.writeOptional(s, row, col(journey.StageFeeling), st.Feeling, "")
		w.setStr(s, row, col(journey.StageFriction), st.Friction)
	}
	for i, c := range cols {
		ref := columnRange(i+1, 2, lastStageRow)
		dv := promptValidation(ref, c.Name, c.Help)
		switch journey.StageField(i) {
		case journey.StageOwnerTeam:
			w.listDropdown(dv, c.Name, listRange("Owner team"))
		case journey.StageDays:
			w.wholeRange(dv, c.Name, 0, journey.MaxDay)
		case journey.StageFeeling:
			w.wholeRange(dv, c.Name, -2, 2)
		}
		w.check(w.f.AddDataValidation(s, dv))
	}
	w.freezeHeader(s, 1)
	w.setWidths(s, []float64{18, 50, 30, 10, 18, 8, 9, 45})
}

// touchpointWidths are the column widths of the Touchpoints sheet, by field.
var touchpointWidths = [journey.NumFields]float64{
	journey.FieldID: 10, journey.FieldStage: 16, journey.FieldTouchpoint: 36, journey.FieldChannel: 16,
	journey.FieldMode: 12, journey.FieldDirection: 12, journey.FieldOwnerTeam: 18, journey.FieldDRI: 16,
	journey.FieldCadence: 12, journey.FieldDay: 7, journey.FieldTrigger: 32, journey.FieldPurpose: 55,
	journey.FieldKPI: 24, journey.FieldTarget: 10, journey.FieldActual: 10, journey.FieldFeeling: 9,
	journey.FieldFriction: 40, journey.FieldStatus: 10, journey.FieldPersona: 18, journey.FieldBackstage: 30,
	journey.FieldSystems: 22, journey.FieldNotes: 40,
}

// touchpointLists maps the enumerated Touchpoints columns to the Lists
// column their dropdown offers; Stage points at the Stages sheet instead.
var touchpointLists = map[journey.Field]string{
	journey.FieldChannel: "Channel", journey.FieldMode: "Mode", journey.FieldDirection: "Direction",
	journey.FieldOwnerTeam: "Owner team", journey.FieldCadence: "Cadence", journey.FieldStatus: "Status",
}

// writeTouchpoints writes the header, the example rows (if any), and one
// prompt or dropdown per column over the data rows.
func (w *newWriter) writeTouchpoints() {
	s := journey.SheetTouchpoints
	names := make([]string, journey.NumFields)
	required := make([]bool, journey.NumFields)
	for i, c := range journey.TouchpointColumns {
		names[i], required[i] = c.Name, c.Required
	}
	for range w.extra {
		required = append(required, false)
	}
	w.setHeaderRow(s, 1, append(names, w.extra...), required)
	for i := range w.tps {
		w.writeTouchpoint(s, i+2, &w.tps[i])
	}
	// Dropdowns and prompts cover the rows written and room to add more.
	lastRow := max(lastDataRow, len(w.tps)+1+lastDataRow/4)
	for i, c := range journey.TouchpointColumns {
		f := journey.Field(i)
		dv := promptValidation(columnRange(i+1, 2, lastRow), c.Name, c.Help)
		switch {
		case f == journey.FieldStage:
			w.listDropdown(dv, c.Name, stageRange())
		case touchpointLists[f] != "":
			w.listDropdown(dv, c.Name, listRange(touchpointLists[f]))
		case f == journey.FieldFeeling:
			w.wholeRange(dv, c.Name, -2, 2)
		}
		w.check(w.f.AddDataValidation(s, dv))
	}
	last := journey.ColumnName(int(journey.NumFields) + len(w.extra))
	w.check(w.f.AutoFilter(s, fmt.Sprintf("A1:%s%d", last, lastRow), nil))
	w.freezeHeader(s, 1+int(journey.FieldTouchpoint))
	widths := append([]float64(nil), touchpointWidths[:]...)
	for _, h := range w.extra {
		widths = append(widths, min(40, max(12, float64(len([]rune(h)))+4)))
	}
	w.setWidths(s, widths)
}

// writeTouchpoint writes one touchpoint row: text as strings, and Day,
// Feeling, Target and Actual as numbers when they parsed.
func (w *newWriter) writeTouchpoint(sheet string, row int, tp *journey.Touchpoint) {
	for i := range journey.TouchpointColumns {
		f, col := journey.Field(i), i+1
		raw := tp.Raw(f)
		switch f {
		case journey.FieldDay:
			w.writeOptional(sheet, row, col, tp.Day, raw)
		case journey.FieldFeeling:
			w.writeOptional(sheet, row, col, tp.Feeling, raw)
		case journey.FieldTarget:
			w.writeMeasure(sheet, row, col, tp.Target, raw)
		case journey.FieldActual:
			w.writeMeasure(sheet, row, col, tp.Actual, raw)
		default:
			w.setStr(sheet, row, col, raw)
		}
	}
	for col, v := range tp.Extra {
		if col > int(journey.NumFields) && col <= int(journey.NumFields)+len(w.extra) {
			w.writeExtra(sheet, row, col, v)
		}
	}
}

// plainNumber is a number written the way a spreadsheet shows it in the
// General format: no sign but minus, no leading zeros, no grouping.
var plainNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,9})?$`)

// writeExtra writes the value of a column journey does not know: a plain
// number ("1200", "-3.5") as a number, a percentage ("12%", "2.5%") as a
// formatted number, and anything else as text. A value is typed only when
// the cell shows it exactly as written (so "007", "1,200" and "12.50" stay
// text).
func (w *newWriter) writeExtra(sheet string, row, col int, v string) {
	num, percent := strings.CutSuffix(v, "%")
	if !plainNumber.MatchString(num) || strings.HasSuffix(num, "0") && strings.Contains(num, ".") || num == "-0" {
		w.setStr(sheet, row, col, v)
		return
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		w.setStr(sheet, row, col, v)
		return
	}
	if !percent {
		w.check(w.f.SetCellFloat(sheet, w.cell(sheet, row, col), f, -1, 64))
		return
	}
	m, err := journey.ParseMeasure(v)
	if err != nil || !m.Known || !percentShows(m.Value, num) {
		w.setStr(sheet, row, col, v)
		return
	}
	w.writeMeasure(sheet, row, col, m, v)
}

// percentShows reports whether one of the percent formats shows fraction
// v as the digits written (at most two decimals).
func percentShows(v float64, written string) bool {
	_, frac, _ := strings.Cut(written, ".")
	return len(frac) <= 2 && !math.IsInf(v, 0) && !math.IsNaN(v)
}

// writeOptional writes a known whole number, or else the raw text.
func (w *newWriter) writeOptional(sheet string, row, col int, v journey.Optional, raw string) {
	if !v.Known {
		w.setStr(sheet, row, col, raw)
		return
	}
	w.check(w.f.SetCellInt(sheet, w.cell(sheet, row, col), int64(v.Value)))
}

// writeMeasure writes a known measure as a number (a percentage as a
// fraction with a percent format), or else the raw text.
func (w *newWriter) writeMeasure(sheet string, row, col int, m journey.Measure, raw string) {
	if !m.Known {
		w.setStr(sheet, row, col, raw)
		return
	}
	w.check(w.f.SetCellFloat(sheet, w.cell(sheet, row, col), m.Value, -1, 64))
	if m.Percent {
		w.setStyle(sheet, row, col, w.percentStyle(m.Value))
	}
}

// percentStyle picks the percent format that shows v without rounding it
// where two decimals suffice: 35%, 2.5%, else 2.25%.
func (w *newWriter) percentStyle(v float64) int {
	whole := func(x float64) bool { return math.Abs(x-math.Round(x)) < 1e-9 }
	switch {
	case whole(v * 100):
		return w.style.percent0
	case whole(v * 1000):
		return w.style.percent1
	}
	return w.style.percent2
}

// writeLists writes the vocabularies, one column each, with Yes/No beside
// each channel.
func (w *newWriter) writeLists() {
	s, v := journey.SheetLists, w.t.Vocab
	w.setHeaderRow(s, 1, journey.ListColumns, nil)
	automatable := make([]string, len(v.Channels))
	for i, ch := range v.Channels {
		automatable[i] = "No"
		if v.Automatable[journey.NormalizeName(ch)] {
			automatable[i] = "Yes"
		}
	}
	columns := map[string][]string{
		"Channel": v.Channels, "Automatable": automatable, "Mode": v.Modes, "Direction": v.Directions,
		"Owner team": v.Teams, "Cadence": v.Cadences, "Status": v.Statuses,
	}
	for i, name := range journey.ListColumns {
		for j, value := range columns[name] {
			w.setStr(s, j+2, i+1, value)
		}
	}
	dv := promptValidation(columnRange(listColumn("Automatable"), 2, lastListRow), "Automatable",
		"Yes when the channel beside it can be automated (email, chatbot, in-app...), else No.")
	w.check(dv.SetDropList([]string{"Yes", "No"}))
	w.check(w.f.AddDataValidation(s, dv))
	w.freezeHeader(s, 0)
	w.setWidths(s, []float64{20, 13, 12, 12, 20, 12, 10})
}

// listColumn returns the 1-based column of a Lists header.
func listColumn(name string) int {
	for i, n := range journey.ListColumns {
		if n == name {
			return i + 1
		}
	}
	panic("workbook: no Lists column " + name)
}

// listRange returns the absolute range of a Lists column's values, such as
// "Lists!$A$2:$A$200".
func listRange(name string) string {
	return absRange(journey.SheetLists, listColumn(name), 2, lastListRow)
}

// stageRange returns the absolute range of the stage names.
func stageRange() string {
	return absRange(journey.SheetStages, int(journey.StageName)+1, 2, lastStageRow)
}

// absRange returns "Sheet!$C$first:$C$last".
func absRange(sheet string, col, first, last int) string {
	c := journey.ColumnName(col)
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sheet), c, first, c, last)
}

// quoteSheet quotes a sheet name for a formula when it needs it.
func quoteSheet(name string) string {
	for _, r := range name {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "'" + strings.ReplaceAll(name, "'", "''") + "'"
		}
	}
	return name
}

// columnRange returns "C2:C2000" for col 3.
func columnRange(col, first, last int) string {
	return journey.CellName(col, first) + ":" + journey.CellName(col, last)
}

// promptValidation returns a validation over ref that accepts anything and
// shows the column's explanation when a cell is selected.
func promptValidation(ref, title, help string) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = ref
	dv.SetInput(clip(title, maxPromptTitle), clip(help, maxPrompt))
	return dv
}

// listDropdown makes dv a dropdown of the cells in source, warning (but
// allowing) a value that is not in it.
func (w *newWriter) listDropdown(dv *excelize.DataValidation, column, source string) {
	dv.SetSqrefDropList(source)
	dv.SetError(excelize.DataValidationErrorStyleWarning, clip(column, maxPromptTitle),
		clip(fmt.Sprintf("This %s is not in the list. Pick one from the dropdown, or add it to %s first.",
			strings.ToLower(column), strings.SplitN(source, "!", 2)[0]), maxPrompt))
}

// wholeRange makes dv accept whole numbers from lo to hi only.
func (w *newWriter) wholeRange(dv *excelize.DataValidation, column string, lo, hi int) {
	w.check(dv.SetRange(lo, hi, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween))
	dv.SetError(excelize.DataValidationErrorStyleStop, clip(column, maxPromptTitle),
		fmt.Sprintf("Write a whole number from %d to %d.", lo, hi))
}

// clip shortens s to at most n characters.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// setHeaderRow writes a styled header; required[i] picks the dark style,
// and a nil required styles every cell as required.
func (w *newWriter) setHeaderRow(sheet string, row int, names []string, required []bool) {
	for i, name := range names {
		w.setStr(sheet, row, i+1, name)
		style := w.style.required
		if required != nil && !required[i] {
			style = w.style.optional
		}
		w.setStyle(sheet, row, i+1, style)
	}
	w.check(w.f.SetRowHeight(sheet, row, 20))
}

// freezeHeader freezes the first row and the first cols columns.
func (w *newWriter) freezeHeader(sheet string, cols int) {
	pane := "bottomLeft"
	if cols > 0 {
		pane = "bottomRight"
	}
	topLeft := journey.CellName(cols+1, 2)
	w.check(w.f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, XSplit: cols, YSplit: 1, TopLeftCell: topLeft, ActivePane: pane,
		Selection: []excelize.Selection{{SQRef: topLeft, ActiveCell: topLeft, Pane: pane}},
	}))
}

// setWidths sets the widths of the first len(widths) columns.
func (w *newWriter) setWidths(sheet string, widths []float64) {
	for i, width := range widths {
		c := journey.ColumnName(i + 1)
		w.check(w.f.SetColWidth(sheet, c, c, width))
	}
}

// setStr writes a non-empty text cell.
func (w *newWriter) setStr(sheet string, row, col int, s string) {
	if s == "" {
		return
	}
	w.check(w.f.SetCellStr(sheet, w.cell(sheet, row, col), s))
}

// setStyle styles one cell.
func (w *newWriter) setStyle(sheet string, row, col, style int) {
	cell := w.cell(sheet, row, col)
	w.check(w.f.SetCellStyle(sheet, cell, cell, style))
}

// cell returns the A1 name of a cell about to be written, and widens the
// sheet's used range to cover it.
func (w *newWriter) cell(sheet string, row, col int) string {
	u := w.used[sheet]
	u.Row, u.Col = max(u.Row, row), max(u.Col, col)
	w.used[sheet] = u
	return journey.CellName(col, row)
}

// setDimensions declares each sheet's used range, which excelize leaves at
// A1 and some readers trust.
func (w *newWriter) setDimensions() {
	for _, sheet := range sheetOrder {
		if u, ok := w.used[sheet]; ok {
			w.check(w.f.SetSheetDimension(sheet, "A1:"+journey.CellName(u.Col, u.Row)))
		}
	}
}
