package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/journey-cli/journey/internal/diff"
	"github.com/journey-cli/journey/internal/journey"
)

// DiffJSON is journey diff's stable JSON output (SPEC 8, docs/json.md).
type DiffJSON struct {
	From         string                `json:"from"`
	To           string                `json:"to"`
	Same         bool                  `json:"same"`
	Summary      DiffSummaryJSON       `json:"summary"`
	Changes      []DiffChangeJSON      `json:"changes"`
	Stages       []DiffStageJSON       `json:"stages"`
	StageChanges []DiffStageChangeJSON `json:"stage_changes"`
}

// DiffSummaryJSON counts touchpoints by kind of change.
type DiffSummaryJSON struct {
	Added     int `json:"added"`
	Removed   int `json:"removed"`
	Changed   int `json:"changed"`
	Moved     int `json:"moved"`
	Unchanged int `json:"unchanged"`
}

// DiffChangeJSON is one touchpoint added, removed, changed or moved.
type DiffChangeJSON struct {
	Kind       string          `json:"kind"`
	ID         string          `json:"id"`
	Stage      string          `json:"stage"`
	Touchpoint string          `json:"touchpoint"`
	FromRow    *int            `json:"from_row"`
	ToRow      *int            `json:"to_row"`
	Fields     []DiffFieldJSON `json:"fields"`
	Match      string          `json:"match,omitempty"`
	Similarity *float64        `json:"similarity,omitempty"`
	FromStage  string          `json:"from_stage,omitempty"`
	FromCell   string          `json:"from_cell,omitempty"`
	ToCell     string          `json:"to_cell,omitempty"`
}

// DiffFieldJSON is one differing column.
type DiffFieldJSON struct {
	Field    string `json:"field"`
	From     string `json:"from"`
	To       string `json:"to"`
	FromCell string `json:"from_cell,omitempty"`
	ToCell   string `json:"to_cell,omitempty"`
}

// DiffStageJSON is one row of the per-stage before/after table.
type DiffStageJSON struct {
	Stage  string             `json:"stage"`
	Status string             `json:"status"` // added, removed, changed, same
	From   *DiffStageSideJSON `json:"from"`
	To     *DiffStageSideJSON `json:"to"`
}

// DiffStageSideJSON is a stage's numbers on one side, over live touchpoints.
type DiffStageSideJSON struct {
	Touchpoints    int      `json:"touchpoints"`
	Automated      int      `json:"automated"`
	AutomatedShare *float64 `json:"automated_share"`
	Inbound        int      `json:"inbound"`
	Outbound       int      `json:"outbound"`
	Channels       []string `json:"channels"`
	Feeling        *float64 `json:"feeling"`
}

// DiffStageChangeJSON is one change to the Stages sheet.
type DiffStageChangeJSON struct {
	Kind         string          `json:"kind"`
	Stage        string          `json:"stage"`
	FromPosition *int            `json:"from_position"`
	ToPosition   *int            `json:"to_position"`
	After        string          `json:"after,omitempty"`
	Fields       []DiffFieldJSON `json:"fields,omitempty"`
}

// NewDiffJSON converts a comparison for JSON output.
func NewDiffJSON(r *diff.Result) DiffJSON {
	s := r.Summary
	out := DiffJSON{
		From: r.Old.File, To: r.New.File, Same: r.Same(),
		Summary:      DiffSummaryJSON{s.Added, s.Removed, s.Changed, s.Moved, s.Unchanged},
		Changes:      []DiffChangeJSON{},
		Stages:       []DiffStageJSON{},
		StageChanges: []DiffStageChangeJSON{},
	}
	for _, p := range r.Changes() {
		c := DiffChangeJSON{Kind: string(p.Kind), ID: p.ID(), Stage: p.Stage(), Touchpoint: p.Name(),
			Fields: diffFieldsJSON(p.Fields), Match: string(p.Match)}
		if p.Old != nil {
			c.FromRow = diffIntPtr(p.Old.Row)
			c.FromCell = diffNameCell(r.Old, p.Old)
		}
		if p.New != nil {
			c.ToRow = diffIntPtr(p.New.Row)
			c.ToCell = diffNameCell(r.New, p.New)
		}
		if p.Match == diff.MatchSimilar {
			c.Similarity = diffFloatPtr(diffRound3(p.Similarity))
		}
		if p.Kind == diff.Moved {
			c.FromStage = p.OldStage()
		}
		out.Changes = append(out.Changes, c)
	}
	for _, row := range r.Stages {
		st := DiffStageJSON{Stage: row.Stage, Status: diffStageStatus(row)}
		if row.InOld {
			st.From = diffStageSideJSON(row.Old)
		}
		if row.InNew {
			st.To = diffStageSideJSON(row.New)
		}
		out.Stages = append(out.Stages, st)
	}
	for _, sc := range r.StageChanges {
		c := DiffStageChangeJSON{Kind: string(sc.Kind), Stage: sc.Stage, After: sc.After}
		if len(sc.Fields) > 0 {
			c.Fields = diffFieldsJSON(sc.Fields)
		}
		if sc.FromPos > 0 {
			c.FromPosition = diffIntPtr(sc.FromPos)
		}
		if sc.ToPos > 0 {
			c.ToPosition = diffIntPtr(sc.ToPos)
		}
		out.StageChanges = append(out.StageChanges, c)
	}
	return out
}

// WriteDiffJSON writes the comparison as JSON.
func WriteDiffJSON(w io.Writer, r *diff.Result) error { return WriteJSON(w, NewDiffJSON(r)) }

func diffFieldsJSON(fs []diff.FieldChange) []DiffFieldJSON {
	out := make([]DiffFieldJSON, 0, len(fs))
	for _, f := range fs {
		out = append(out, DiffFieldJSON{Field: f.Field, From: f.From, To: f.To, FromCell: diffCellRef(f.FromLoc), ToCell: diffCellRef(f.ToLoc)})
	}
	return out
}

// diffCellRef is "Sheet!C14" for a located cell, "" when the column is absent.
func diffCellRef(l journey.Loc) string {
	if l.Col <= 0 || l.Row <= 0 {
		return ""
	}
	return l.String()
}

// diffNameCell is the Touchpoint cell of a row, the cell that names it.
func diffNameCell(j *journey.Journey, tp *journey.Touchpoint) string {
	return diffCellRef(j.Table.Cell(tp.Row, journey.FieldTouchpoint))
}

func diffStageStatus(row diff.StageRow) string {
	switch {
	case !row.InOld:
		return "added"
	case !row.InNew:
		return "removed"
	case row.Changed():
		return "changed"
	}
	return "same"
}

func diffStageSideJSON(s diff.StageStats) *DiffStageSideJSON {
	out := &DiffStageSideJSON{Touchpoints: s.Touchpoints, Automated: s.Automated, Inbound: s.Inbound,
		Outbound: s.Outbound, Channels: s.Channels}
	if out.Channels == nil {
		out.Channels = []string{}
	}
	if v, ok := s.AutomatedShare(); ok {
		out.AutomatedShare = diffFloatPtr(diffRound3(v))
	}
	if v, ok := s.MeanFeeling(); ok {
		out.Feeling = diffFloatPtr(diffRound3(v))
	}
	return out
}

func diffIntPtr(v int) *int              { return &v }
func diffFloatPtr(v float64) *float64    { return &v }
func diffRound3(v float64) float64       { return math.Round(v*1000) / 1000 }
func diffArrow(from, to string) string   { return from + " -> " + to }
func diffMdArrow(from, to string) string { return from + " → " + to }

// DiffSummaryLine is "3 added, 1 removed, 2 changed, 1 moved, 38 unchanged".
func DiffSummaryLine(s diff.Summary) string {
	return fmt.Sprintf("%d added, %d removed, %d changed, %d moved, %d unchanged", s.Added, s.Removed, s.Changed, s.Moved, s.Unchanged)
}

// diffStageCells are one stage's before/after cells: touchpoints, automated
// share, inbound, channels, feeling. A value that did not change is diffShown
// once; a side without the stage is "-".
func diffStageCells(row diff.StageRow, arrow func(string, string) string) []string {
	pair := func(get func(diff.StageStats) string) string {
		a, b := "-", "-"
		if row.InOld {
			a = get(row.Old)
		}
		if row.InNew {
			b = get(row.New)
		}
		if a == b {
			return a
		}
		return arrow(a, b)
	}
	count := func(get func(diff.StageStats) int) func(diff.StageStats) string {
		return func(s diff.StageStats) string { return strconv.Itoa(get(s)) }
	}
	return []string{
		pair(count(func(s diff.StageStats) int { return s.Touchpoints })),
		pair(func(s diff.StageStats) string {
			if v, ok := s.AutomatedShare(); ok {
				return strconv.Itoa(int(math.Round(v*100))) + "%"
			}
			return "n/a"
		}),
		pair(count(func(s diff.StageStats) int { return s.Inbound })),
		pair(count(func(s diff.StageStats) int { return len(s.Channels) })),
		pair(func(s diff.StageStats) string {
			if v, ok := s.MeanFeeling(); ok {
				return strconv.FormatFloat(v, 'f', 1, 64)
			}
			return "n/a"
		}),
	}
}

// diffChannelChange lists the channels a stage gains and loses: "+Chatbot -Phone".
func diffChannelChange(row diff.StageRow) string {
	if !row.InOld || !row.InNew {
		return ""
	}
	has := func(list []string, c string) bool {
		for _, x := range list {
			if journey.NormalizeName(x) == journey.NormalizeName(c) {
				return true
			}
		}
		return false
	}
	var parts []string
	for _, c := range row.New.Channels {
		if !has(row.Old.Channels, c) {
			parts = append(parts, "+"+c)
		}
	}
	for _, c := range row.Old.Channels {
		if !has(row.New.Channels, c) {
			parts = append(parts, "-"+c)
		}
	}
	return strings.Join(parts, " ")
}

var diffStageHeader = []string{"Stage", "Touchpoints", "Automated", "Inbound", "Channels", "Feeling"}

// diffStageChangeText describes a change to the Stages sheet in words.
func diffStageChangeText(sc diff.StageChange, arrow func(string, string) string) string {
	switch sc.Kind {
	case diff.StageAdded:
		if sc.After == "" {
			return fmt.Sprintf("%s added as the first stage", sc.Stage)
		}
		return fmt.Sprintf("%s added after %s", sc.Stage, sc.After)
	case diff.StageRemoved:
		return fmt.Sprintf("%s removed (was stage %d)", sc.Stage, sc.FromPos)
	case diff.StageReordered:
		where := "now first"
		if sc.After != "" {
			where = "now after " + sc.After
		}
		return fmt.Sprintf("%s reordered: stage %s, %s", sc.Stage, arrow(strconv.Itoa(sc.FromPos), strconv.Itoa(sc.ToPos)), where)
	}
	var parts []string
	for _, f := range sc.Fields {
		parts = append(parts, fmt.Sprintf("%s %s", f.Field, arrow(diffShown(f.From), diffShown(f.To))))
	}
	return sc.Stage + ": " + strings.Join(parts, "; ")
}

// diffShown writes an empty value as "(empty)".
func diffShown(s string) string {
	if s == "" {
		return "(empty)"
	}
	return s
}

// diffKindStyle is each kind's symbol and colour on a terminal.
func diffKindStyle(k diff.Kind) (string, func(...any) string) {
	switch k {
	case diff.Added:
		return "+", Green
	case diff.Removed:
		return "-", Red
	case diff.Moved:
		return ">", Cyan
	}
	return "~", Yellow
}

// diffRowsText is "row 29", "row 24 -> 17".
func diffRowsText(p diff.Pair) string {
	switch {
	case p.Old == nil:
		return fmt.Sprintf("row %d", p.New.Row)
	case p.New == nil:
		return fmt.Sprintf("row %d", p.Old.Row)
	case p.Old.Row == p.New.Row:
		return fmt.Sprintf("row %d", p.New.Row)
	}
	return "rows " + diffArrow(strconv.Itoa(p.Old.Row), strconv.Itoa(p.New.Row))
}

// diffChangeTitle is the touchpoint a change is about: "TP-028 Weekly check-in email".
func diffChangeTitle(p diff.Pair) string {
	name := p.Name()
	if name == "" {
		name = "(no name)"
	}
	if id := p.ID(); id != "" {
		return id + " " + name
	}
	return name
}

// diffChangeWhere is "(Adoption, row 29)", "(Onboarding -> Decision, rows 24 -> 17, similar 0.72)".
func diffChangeWhere(p diff.Pair, arrow func(string, string) string) string {
	stage := p.Stage()
	if p.Kind == diff.Moved {
		stage = arrow(p.OldStage(), p.Stage())
	}
	if stage == "" {
		stage = "no stage"
	}
	parts := []string{stage, diffRowsText(p)}
	if p.Match == diff.MatchSimilar {
		parts = append(parts, fmt.Sprintf("matched by similarity %.2f", p.Similarity))
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// WriteDiffTable writes the comparison for a terminal, fitted to width
// columns: the summary, the stage changes, the per-stage table, then each
// touchpoint change with its fields old -> new. Added is green, removed
// red, changed yellow, moved cyan (when colour is on).
func WriteDiffTable(w io.Writer, r *diff.Result, width int) error {
	if width < 40 {
		width = 40
	}
	var b strings.Builder
	if title := diffArrow(r.Old.File, r.New.File); utf8.RuneCountInString(title) <= width {
		b.WriteString(Bold(title) + "\n")
	} else {
		diffWriteWrapped(&b, "", "", title, width, 2)
	}
	b.WriteString(DiffSummaryLine(r.Summary) + "\n")
	if r.Same() {
		fmt.Fprintf(&b, "The maps are the same: %d touchpoints and %d stages.\n", r.Summary.Unchanged, len(r.New.Stages))
		_, err := io.WriteString(w, b.String())
		return err
	}
	if len(r.StageChanges) > 0 {
		b.WriteString("\n" + Bold("Stage changes") + "\n")
		for _, sc := range r.StageChanges {
			sym, col := "~", Yellow
			switch sc.Kind {
			case diff.StageAdded:
				sym, col = "+", Green
			case diff.StageRemoved:
				sym, col = "-", Red
			}
			diffWriteWrapped(&b, sym+" ", col(sym)+" ", diffStageChangeText(sc, diffArrow), width, 2)
		}
	}
	b.WriteString("\n")
	diffWriteWrapped(&b, "Stages ", Bold("Stages")+" ", "(live touchpoints; automated = Automatic or Ongoing; mean feeling)", width, 2)
	var rows [][]string
	var styles []func(...any) string
	var channels []string
	for _, row := range r.Stages {
		rows = append(rows, append([]string{row.Stage}, diffStageCells(row, diffArrow)...))
		styles = append(styles, diffStageStyle(row))
		if ch := diffChannelChange(row); ch != "" {
			channels = append(channels, row.Stage+" "+ch)
		}
	}
	diffAligned(&b, diffStageHeader, rows, styles, width)
	if len(channels) > 0 {
		diffWriteWrapped(&b, "Channels: ", Faint("Channels:")+" ", strings.Join(channels, "; "), width, 2)
	}
	changes := r.Changes()
	if len(changes) > 0 {
		b.WriteString("\n" + Bold("Touchpoints") + "\n")
	}
	const indent = 11
	for _, p := range changes {
		sym, col := diffKindStyle(p.Kind)
		prefix := fmt.Sprintf("%s %-8s ", sym, p.Kind)
		diffWriteWrapped(&b, prefix, col(prefix[:len(prefix)-1])+" ", diffChangeTitle(p)+" "+diffChangeWhere(p, diffArrow), width, indent)
		for _, f := range p.Fields {
			pad := strings.Repeat(" ", indent)
			diffWriteWrapped(&b, pad+f.Field+": ", pad+Bold(f.Field+":")+" ", diffArrow(diffShown(f.From), diffShown(f.To)), width, indent+2)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// diffStageStyle colours a stage row: added green, removed red, changed
// yellow, the same plain.
func diffStageStyle(row diff.StageRow) func(...any) string {
	switch diffStageStatus(row) {
	case "added":
		return Green
	case "removed":
		return Red
	case "changed":
		return Yellow
	}
	return fmt.Sprint
}

// diffAligned writes a header and rows as columns aligned with spaces,
// each row in its style, when they fit in width; otherwise one wrapped
// line per row, each value named by its header.
func diffAligned(b *strings.Builder, header []string, rows [][]string, styles []func(...any) string, width int) {
	widths := make([]int, len(header))
	for _, r := range append([][]string{header}, rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	total := 2 * (len(widths) - 1)
	for _, n := range widths {
		total += n
	}
	if total > width {
		// Too narrow for columns: one wrapped line per stage, such as
		// "Onboarding: Touchpoints 1 -> 3, Automated 0% -> 67%, ...".
		for i, r := range rows {
			parts := make([]string, 0, len(r)-1)
			for c := 1; c < len(r); c++ {
				parts = append(parts, header[c]+" "+r[c])
			}
			diffWriteWrapped(b, r[0]+": ", styles[i](r[0]+":")+" ", strings.Join(parts, ", "), width, 2)
		}
		return
	}
	line := func(cells []string) string {
		var l strings.Builder
		for i, c := range cells {
			l.WriteString(c)
			if i < len(cells)-1 {
				l.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)+2))
			}
		}
		return l.String()
	}
	b.WriteString(Bold(line(header)) + "\n")
	for i, r := range rows {
		b.WriteString(styles[i](line(r)) + "\n")
	}
}

// diffWriteWrapped writes prefix (diffShown as styled, which may add colour
// codes) and then text wrapped at spaces to width columns, continuation
// lines indented by indent spaces.
func diffWriteWrapped(b *strings.Builder, prefix, styled, text string, width, indent int) {
	for i, l := range diffWrapText(utf8.RuneCountInString(prefix), text, width, indent) {
		if i == 0 {
			b.WriteString(styled)
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
}

// diffWrapText breaks text into lines of at most width runes where it can, at
// spaces. The first line follows a prefix of used runes; the others start
// with indent spaces, which they include. A word longer than a line is cut.
func diffWrapText(used int, text string, width, indent int) []string {
	pad := strings.Repeat(" ", indent)
	var lines []string
	var cur strings.Builder
	curLen, empty := used, true
	newLine := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		cur.WriteString(pad)
		curLen, empty = indent, true
	}
	for _, word := range strings.Fields(text) {
		wr := []rune(word)
		for len(wr) > 0 {
			need := len(wr)
			if !empty {
				need++
			}
			if curLen+need <= width {
				if !empty {
					cur.WriteByte(' ')
					curLen++
				}
				cur.WriteString(string(wr))
				curLen += len(wr)
				empty = false
				break
			}
			if !empty {
				newLine()
				continue
			}
			room := min(max(width-curLen, 1), len(wr))
			cur.WriteString(string(wr[:room]))
			curLen += room
			empty = false
			if wr = wr[room:]; len(wr) > 0 {
				newLine()
			}
		}
	}
	return append(lines, cur.String())
}

// WriteDiffMarkdown writes the comparison as markdown for a review
// document: the summary, the stage changes, the per-stage table, and one
// table row per changed field.
func WriteDiffMarkdown(w io.Writer, r *diff.Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Journey diff: %s → %s\n\n", diffCode(r.Old.File), diffCode(r.New.File))
	fmt.Fprintf(&b, "**%s**\n", DiffSummaryLine(r.Summary))
	if r.Same() {
		b.WriteString("\nThe maps are the same.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	if len(r.StageChanges) > 0 {
		b.WriteString("\n### Stage changes\n\n")
		for _, sc := range r.StageChanges {
			b.WriteString("- " + diffMarkdownText(diffStageChangeText(sc, diffMdArrow)) + "\n")
		}
	}
	b.WriteString("\n### Stages\n\nLive touchpoints; automated is Automatic or Ongoing over live; feeling is the mean.\n\n")
	var rows [][]string
	for _, row := range r.Stages {
		cells := diffStageCells(row, diffMdArrow)
		if ch := diffChannelChange(row); ch != "" {
			cells[3] += " (" + ch + ")"
		}
		rows = append(rows, append([]string{row.Stage}, cells...))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	b.Reset()
	if err := WriteMarkdownTable(w, diffStageHeader, rows); err != nil {
		return err
	}
	changes := r.Changes()
	if len(changes) == 0 {
		return nil
	}
	b.WriteString("\n### Touchpoint changes\n\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	header := []string{"Change", "ID", "Touchpoint", "Stage", "Rows", "Field", "From", "To"}
	rows = rows[:0]
	for _, p := range changes {
		stage := p.Stage()
		if p.Kind == diff.Moved {
			stage = diffMdArrow(p.OldStage(), p.Stage())
		}
		rowNums := func(tp *journey.Touchpoint) string {
			if tp == nil {
				return "–"
			}
			return strconv.Itoa(tp.Row)
		}
		kind := string(p.Kind)
		if p.Match == diff.MatchSimilar {
			kind += fmt.Sprintf(" (similar %.2f)", p.Similarity)
		}
		first := []string{kind, p.ID(), p.Name(), stage, diffMdArrow(rowNums(p.Old), rowNums(p.New))}
		if len(p.Fields) == 0 {
			rows = append(rows, append(first, "", "", ""))
			continue
		}
		for i, f := range p.Fields {
			lead := first
			if i > 0 {
				lead = make([]string, len(first))
			}
			rows = append(rows, append(append([]string{}, lead...), f.Field, f.From, f.To))
		}
	}
	return WriteMarkdownTable(w, header, rows)
}

// diffCode quotes s as inline code.
func diffCode(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}

// diffMarkdownText escapes text that starts a list item or holds markup.
func diffMarkdownText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", "[", `\[`)
	return r.Replace(s)
}

// DiffCSVHeader is the header of journey diff --format csv.
var DiffCSVHeader = []string{"kind", "id", "stage", "touchpoint", "match", "similarity", "field", "from", "to", "from_cell", "to_cell"}

// WriteDiffCSV writes one row per changed field (an added or removed
// touchpoint is one row with an empty field), then one per stage change
// (kind "stage added", "stage removed", "stage reordered", "stage changed").
// Cells that a spreadsheet would run as formulas are defused.
func WriteDiffCSV(w io.Writer, r *diff.Result) error {
	var rows [][]string
	for _, p := range r.Changes() {
		sim := ""
		if p.Match == diff.MatchSimilar {
			sim = strconv.FormatFloat(diffRound3(p.Similarity), 'f', -1, 64)
		}
		lead := []string{string(p.Kind), p.ID(), p.Stage(), p.Name(), string(p.Match), sim}
		if len(p.Fields) == 0 {
			from, to := "", ""
			if p.Old != nil {
				from = diffNameCell(r.Old, p.Old)
			}
			if p.New != nil {
				to = diffNameCell(r.New, p.New)
			}
			rows = append(rows, append(append([]string{}, lead...), "", "", "", from, to))
			continue
		}
		for _, f := range p.Fields {
			rows = append(rows, append(append([]string{}, lead...), f.Field, f.From, f.To, diffCellRef(f.FromLoc), diffCellRef(f.ToLoc)))
		}
	}
	for _, sc := range r.StageChanges {
		lead := []string{"stage " + string(sc.Kind), "", sc.Stage, "", "", ""}
		switch sc.Kind {
		case diff.StageChanged:
			for _, f := range sc.Fields {
				rows = append(rows, append(append([]string{}, lead...), f.Field, f.From, f.To, f.FromLoc.String(), f.ToLoc.String()))
			}
		default:
			from, to := "", ""
			if sc.FromPos > 0 {
				from = strconv.Itoa(sc.FromPos)
			}
			if sc.ToPos > 0 {
				to = strconv.Itoa(sc.ToPos)
			}
			rows = append(rows, append(append([]string{}, lead...), "Position", from, to, "", ""))
		}
	}
	return WriteCSV(w, DiffCSVHeader, rows)
}
