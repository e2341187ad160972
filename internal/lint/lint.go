// Package lint checks that a journey workbook is well-formed (SPEC 4):
// every value located to its cell, with suggestions and, where it is safe,
// a fix.
package lint

import (
	"fmt"
	"hash/maphash"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/journey-cli/journey/internal/journey"
)

// Rules lists every rule lint knows, with its default severity, in the
// order of SPEC 4.
var Rules = []Rule{
	{"sheet-missing", journey.Error, false, "no Touchpoints sheet (error); no Stages or Lists sheet (warning: defaults used)"},
	{"header-missing", journey.Error, false, "no header row found in the first rows of a sheet"},
	{"column-missing", journey.Error, false, "a required column is absent"},
	{"column-duplicate", journey.Error, false, "two columns map to the same field"},
	{"column-alias", journey.Info, true, "a header matched through an alias"},
	{"column-unknown", journey.Info, false, "a column the spec does not know (kept)"},
	{"required-empty", journey.Error, false, "a required cell is empty"},
	{"value-unknown", journey.Error, true, "a value not in the vocabulary, with the closest candidates"},
	{"value-format", journey.Error, false, "Day, Feeling, Target, Actual or a date that cannot be read or is out of range"},
	{"id-duplicate", journey.Error, false, "an ID used twice"},
	{"id-missing", journey.Warning, true, "a row without an ID"},
	{"row-duplicate", journey.Warning, false, "a row identical to an earlier one"},
	{"row-blank", journey.Warning, true, "a blank row inside the table"},
	{"whitespace", journey.Info, true, "leading, trailing or doubled spaces"},
	{"formula-error", journey.Error, false, "a cell that evaluates to #REF!, #N/A, #VALUE! ..."},
	{"merged-cell", journey.Warning, false, "merged cells inside the table"},
	{"stage-duplicate", journey.Error, false, "the same stage listed twice in Stages"},
}

// Rule describes one lint rule.
type Rule struct {
	ID       string
	Severity journey.Severity
	Fixable  bool
	Summary  string
}

// KnownRule reports whether id names a lint rule.
func KnownRule(id string) bool {
	for _, r := range Rules {
		if r.ID == id {
			return true
		}
	}
	return false
}

// Options tune a lint run.
type Options struct {
	// Disable holds the IDs of rules not to report.
	Disable map[string]bool
}

// Lint checks j and returns its findings, in sheet and cell order.
func Lint(j *journey.Journey, opts Options) []journey.Finding {
	c := &checker{j: j}
	c.findings = append(c.findings, j.Problems...)
	c.checkStages()
	c.checkTouchpoints()
	c.assignMissingIDs()
	var out []journey.Finding
	for _, f := range c.findings {
		if !opts.Disable[f.Rule] {
			out = append(out, f)
		}
	}
	sortFindings(out)
	return out
}

// checker collects the findings of one journey.
type checker struct {
	j          *journey.Journey
	findings   []journey.Finding
	missingIDs []int // rows without an ID, for assignMissingIDs
}

func (c *checker) add(f journey.Finding) { c.findings = append(c.findings, f) }

// checkStages reports stages listed twice.
func (c *checker) checkStages() {
	seen := map[string]journey.Stage{}
	for _, s := range c.j.Stages {
		key := journey.NormalizeName(s.Name)
		if first, dup := seen[key]; dup && s.Loc.Sheet != "" {
			c.add(journey.Finding{Rule: "stage-duplicate", Severity: journey.Error, Loc: s.Loc, Value: s.Name,
				Message: fmt.Sprintf("stage %q is listed twice (first at %s); journey order needs each stage once", s.Name, first.Loc.Cell())})
			continue
		}
		seen[key] = s
	}
}

// checkTouchpoints runs the per-row and per-cell rules.
func (c *checker) checkTouchpoints() {
	vocab := c.vocabularies()
	ids := map[string]int{} // ID -> first row
	rows := rowIndex{seen: map[uint64]int{}}
	for i := range c.j.Touchpoints {
		tp := &c.j.Touchpoints[i]
		c.checkCells(tp)
		c.checkRequired(tp)
		c.checkVocabulary(tp, vocab)
		c.checkFormats(tp)
		c.checkID(tp, ids)
		c.checkDuplicateRow(i, &rows)
	}
}

// vocabulary is one enumerated column and its allowed values.
type vocabulary struct {
	field  journey.Field
	values []string
	list   string // where the values come from, for messages
	kind   string // parser kind for synonyms ("mode"...), "" for free lists
}

func (c *checker) vocabularies() []vocabulary {
	v := c.j.Vocab
	stages := make([]string, len(c.j.Stages))
	for i, s := range c.j.Stages {
		stages[i] = s.Name
	}
	return []vocabulary{
		{journey.FieldStage, stages, "the Stages sheet", ""},
		{journey.FieldChannel, v.Channels, "the Channel list", ""},
		{journey.FieldMode, v.Modes, "the Mode list", "mode"},
		{journey.FieldDirection, v.Directions, "the Direction list", "direction"},
		{journey.FieldOwnerTeam, v.Teams, "the Owner team list", ""},
		{journey.FieldCadence, v.Cadences, "the Cadence list", "cadence"},
		{journey.FieldStatus, v.Statuses, "the Status list", "status"},
	}
}

// loc is the cell of field f in tp's row.
func (c *checker) loc(tp *journey.Touchpoint, f journey.Field) journey.Loc {
	return c.j.Table.Cell(tp.Row, f)
}

// checkCells reports formula errors and stray spaces in every cell of the
// row, the columns journey does not know included.
func (c *checker) checkCells(tp *journey.Touchpoint) {
	for f := journey.Field(0); f < journey.NumFields; f++ {
		if c.j.Table.Columns[f] != 0 {
			c.checkCell(c.loc(tp, f), tp.Raw(f))
		}
	}
	for _, col := range slices.Sorted(maps.Keys(tp.Extra)) {
		c.checkCell(c.j.Table.Sheet.AtRow(tp.Row).At(col), tp.Extra[col])
	}
}

// formulaErrors are the error values a spreadsheet shows for a failed formula.
var formulaErrors = map[string]bool{
	"#REF!": true, "#N/A": true, "#VALUE!": true, "#DIV/0!": true, "#NAME?": true, "#NULL!": true,
	"#NUM!": true, "#SPILL!": true, "#CALC!": true, "#GETTING_DATA": true, "#FIELD!": true, "#BLOCKED!": true,
}

var doubledSpaces = regexp.MustCompile(`[ \t]{2,}`)

func (c *checker) checkCell(loc journey.Loc, v string) {
	if formulaErrors[strings.TrimSpace(v)] {
		c.add(journey.Finding{Rule: "formula-error", Severity: journey.Error, Loc: loc, Value: v,
			Message: fmt.Sprintf("the cell shows the formula error %s; fix the formula or type the value", strings.TrimSpace(v))})
		return
	}
	if isTidy(v) {
		return
	}
	if fixed := tidySpaces(v); fixed != v {
		c.add(journey.Finding{Rule: "whitespace", Severity: journey.Info, Loc: loc, Value: v, Fixable: true, Suggestion: fixed,
			Message: "leading, trailing or doubled spaces", Fix: &journey.Edit{Loc: loc, Value: fixed}})
	}
}

// isTidy reports, without allocating, that tidySpaces would leave v as it
// is: no blank at either end of a line, no run of blanks. Nearly every cell
// is tidy, and lint looks at every cell. It answers false when unsure (a
// control or non-ASCII character), leaving the answer to tidySpaces.
func isTidy(v string) bool {
	lineStart, afterBlank := true, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == ' ' || c == '\t':
			if lineStart || afterBlank {
				return false
			}
			afterBlank = true
		case c == '\n':
			if afterBlank || i == 0 || i == len(v)-1 {
				return false
			}
			lineStart = true
			continue
		case c < ' ' || c >= 0x7f:
			return false
		default:
			afterBlank = false
		}
		lineStart = false
	}
	return !afterBlank
}

// tidySpaces trims a value and collapses runs of spaces and tabs, keeping
// line breaks a user typed inside a cell.
func tidySpaces(v string) string {
	lines := strings.Split(strings.TrimSpace(v), "\n")
	for i, l := range lines {
		lines[i] = doubledSpaces.ReplaceAllString(strings.TrimSpace(l), " ")
	}
	return strings.Join(lines, "\n")
}

func (c *checker) checkRequired(tp *journey.Touchpoint) {
	for f := journey.Field(0); f < journey.NumFields; f++ {
		col := journey.TouchpointColumns[f]
		if col.Required && c.j.Table.Columns[f] != 0 && tp.Value(f) == "" {
			c.add(journey.Finding{Rule: "required-empty", Severity: journey.Error, Loc: c.loc(tp, f), IDs: ids(tp),
				Message: fmt.Sprintf("%s is required; fill it in", col.Name)})
		}
	}
}

// checkVocabulary reports values that are not in their list, with the
// entries they most likely mean.
func (c *checker) checkVocabulary(tp *journey.Touchpoint, vocab []vocabulary) {
	for _, v := range vocab {
		value := tp.Value(v.field)
		if value == "" || c.j.Table.Columns[v.field] == 0 || contains(v.values, value) {
			continue
		}
		loc := c.loc(tp, v.field)
		f := journey.Finding{Rule: "value-unknown", Severity: journey.Error, Loc: loc, Value: value, IDs: ids(tp),
			Message: fmt.Sprintf("%s %q is not in %s", strings.ToLower(v.field.String()), value, v.list)}
		s := suggest(value, v.values, v.kind)
		switch {
		case len(s.candidates) == 0:
			f.Message += "; add it there or pick an entry of the list"
		case s.clear:
			f.Suggestion = s.candidates[0]
			f.Message += fmt.Sprintf("; did you mean %s?", s.candidates[0])
			f.Fixable = true
			f.Fix = &journey.Edit{Loc: loc, Value: s.candidates[0]}
		default:
			f.Suggestion = strings.Join(s.candidates, ", ")
			f.Message += fmt.Sprintf("; did you mean %s?", orList(s.candidates))
		}
		c.add(f)
	}
}

func contains(list []string, v string) bool {
	for _, e := range list {
		if e == v {
			return true
		}
	}
	return false
}

// orList writes "A, B or C".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// checkFormats reports Day, Target, Actual and Feeling values that do not parse.
func (c *checker) checkFormats(tp *journey.Touchpoint) {
	check := func(f journey.Field, parse func(string) error) {
		v := tp.Raw(f)
		if strings.TrimSpace(v) == "" || formulaErrors[strings.TrimSpace(v)] {
			return
		}
		if err := parse(v); err != nil {
			c.add(journey.Finding{Rule: "value-format", Severity: journey.Error, Loc: c.loc(tp, f), Value: v, IDs: ids(tp),
				Message: err.Error()})
		}
	}
	check(journey.FieldDay, func(s string) error { _, err := journey.ParseDay(s); return err })
	check(journey.FieldTarget, func(s string) error { _, err := journey.ParseMeasure(s); return err })
	check(journey.FieldActual, func(s string) error { _, err := journey.ParseMeasure(s); return err })
	check(journey.FieldFeeling, func(s string) error { _, err := journey.ParseFeeling(s); return err })
	if tp.Target.Known && tp.Actual.Known && tp.Target.Percent != tp.Actual.Percent {
		c.add(journey.Finding{Rule: "value-format", Severity: journey.Error, Loc: c.loc(tp, journey.FieldActual), Value: tp.Raw(journey.FieldActual), IDs: ids(tp),
			Message: fmt.Sprintf("Actual %q and Target %q are in different units; write both as percentages or both as numbers", tp.Raw(journey.FieldActual), tp.Raw(journey.FieldTarget))})
	}
}

// checkID reports IDs used twice and remembers rows without one.
func (c *checker) checkID(tp *journey.Touchpoint, seen map[string]int) {
	if c.j.Table.Columns[journey.FieldID] == 0 {
		return
	}
	id := tp.ID()
	if id == "" {
		c.missingIDs = append(c.missingIDs, tp.Row)
		return
	}
	if first, dup := seen[id]; dup {
		c.add(journey.Finding{Rule: "id-duplicate", Severity: journey.Error, Loc: c.loc(tp, journey.FieldID), Value: id, IDs: []string{id},
			Message: fmt.Sprintf("ID %s is already used in row %d; give this touchpoint its own ID", id, first)})
		return
	}
	seen[id] = tp.Row
}

// rowIndex remembers the rows seen so far by a hash of their content,
// which, unlike the content itself, costs a few bytes a row to keep.
type rowIndex struct {
	hash maphash.Hash
	seen map[uint64]int // content hash -> index of the first touchpoint
}

// checkDuplicateRow reports a row whose every cell but the ID repeats an
// earlier row: a copy-paste left behind.
func (c *checker) checkDuplicateRow(i int, rows *rowIndex) {
	tp := &c.j.Touchpoints[i]
	h := rowHash(&rows.hash, tp)
	first, seen := rows.seen[h]
	if !seen {
		rows.seen[h] = i
		return
	}
	// Equal hashes almost surely mean equal rows; make sure.
	if earlier := &c.j.Touchpoints[first]; rowKey(earlier) == rowKey(tp) {
		c.add(journey.Finding{Rule: "row-duplicate", Severity: journey.Warning, Loc: c.j.Table.Sheet.AtRow(tp.Row), IDs: ids(tp),
			Message: fmt.Sprintf("row %d repeats row %d; delete one or tell them apart", tp.Row, earlier.Row)})
	}
}

// rowHash hashes what rowKey spells out, without spelling it out.
func rowHash(h *maphash.Hash, tp *journey.Touchpoint) uint64 {
	h.Reset()
	for f := journey.Field(0); f < journey.NumFields; f++ {
		if f != journey.FieldID {
			writeNormalized(h, tp.Raw(f))
			h.WriteByte(0)
		}
	}
	for _, col := range slices.Sorted(maps.Keys(tp.Extra)) {
		fmt.Fprintf(h, "%d=%s\x00", col, tp.Extra[col])
	}
	return h.Sum64()
}

// writeNormalized writes journey.NormalizeName(s) to h.
func writeNormalized(h *maphash.Hash, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			h.WriteByte(c)
		case c >= 'A' && c <= 'Z':
			h.WriteByte(c + 'a' - 'A')
		case c >= utf8.RuneSelf:
			h.WriteString(journey.NormalizeName(s[i:]))
			return
		}
	}
}

// rowKey spells out a row's content: every field but the ID, normalised,
// and the columns journey does not know.
func rowKey(tp *journey.Touchpoint) string {
	var b strings.Builder
	for f := journey.Field(0); f < journey.NumFields; f++ {
		if f != journey.FieldID {
			b.WriteString(journey.NormalizeName(tp.Raw(f)))
			b.WriteByte(0)
		}
	}
	for _, col := range slices.Sorted(maps.Keys(tp.Extra)) {
		fmt.Fprintf(&b, "%d=%s\x00", col, tp.Extra[col])
	}
	return b.String()
}

// idPattern splits an ID into a prefix and a number: TP-014 -> "TP-", "014".
var idPattern = regexp.MustCompile(`^(.*?)(\d+)$`)

// assignMissingIDs reports each row without an ID, with the next free ID
// after the highest one in use, in the style of the existing IDs.
func (c *checker) assignMissingIDs() {
	if len(c.missingIDs) == 0 {
		return
	}
	prefix, width, next := "TP-", 3, 1
	for i := range c.j.Touchpoints {
		m := idPattern.FindStringSubmatch(c.j.Touchpoints[i].ID())
		if m == nil {
			continue
		}
		n, err := strconv.Atoi(m[2])
		if err != nil {
			continue
		}
		if n >= next {
			prefix, width, next = m[1], len(m[2]), n+1
		}
	}
	for _, row := range c.missingIDs {
		id := fmt.Sprintf("%s%0*d", prefix, width, next)
		next++
		loc := c.j.Table.Cell(row, journey.FieldID)
		c.add(journey.Finding{Rule: "id-missing", Severity: journey.Warning, Loc: loc, Fixable: true, Suggestion: id,
			Message: fmt.Sprintf("touchpoint without an ID; --fix assigns %s", id), Fix: &journey.Edit{Loc: loc, Value: id}})
	}
}

// ids returns the touchpoint's ID as a list, empty when it has none.
func ids(tp *journey.Touchpoint) []string {
	if id := tp.ID(); id != "" {
		return []string{id}
	}
	return nil
}

// sortFindings orders findings by file, sheet (workbook order is not known
// here, so structural findings without a row come first), row and column.
func sortFindings(fs []journey.Finding) {
	sort.SliceStable(fs, func(a, b int) bool {
		x, y := fs[a].Loc, fs[b].Loc
		if x.File != y.File {
			return x.File < y.File
		}
		if x.Sheet != y.Sheet {
			return sheetRank(x.Sheet) < sheetRank(y.Sheet)
		}
		if x.Row != y.Row {
			return x.Row < y.Row
		}
		return x.Col < y.Col
	})
}

// sheetRank orders sheets as init writes them, others after, the
// whole-file findings first.
func sheetRank(sheet string) int {
	switch journey.NormalizeName(sheet) {
	case "":
		return 0
	case "persona":
		return 1
	case "stages":
		return 2
	case "touchpoints":
		return 3
	case "lists":
		return 5
	}
	return 4
}
