package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/journey-cli/journey/internal/journey"
)

// FindingJSON is a finding in the stable JSON interface (SPEC 8).
type FindingJSON struct {
	Rule       string   `json:"rule"`
	Severity   string   `json:"severity"`
	Message    string   `json:"message"`
	File       string   `json:"file,omitempty"`
	Sheet      string   `json:"sheet,omitempty"`
	Cell       string   `json:"cell,omitempty"`
	Row        int      `json:"row,omitempty"`
	Column     string   `json:"column,omitempty"`
	Value      string   `json:"value,omitempty"`
	Suggestion string   `json:"suggestion,omitempty"`
	Fixable    bool     `json:"fixable,omitempty"`
	Stage      string   `json:"stage,omitempty"`
	IDs        []string `json:"ids,omitempty"`
}

// NewFindingJSON converts a finding for JSON output.
func NewFindingJSON(f journey.Finding) FindingJSON {
	return FindingJSON{
		Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message,
		File: f.Loc.File, Sheet: f.Loc.Sheet, Cell: f.Loc.Cell(), Row: f.Loc.Row, Column: journey.ColumnName(f.Loc.Col),
		Value: f.Value, Suggestion: f.Suggestion, Fixable: f.Fixable, Stage: f.Stage, IDs: f.IDs,
	}
}

// FindingsJSON converts findings, never returning nil (JSON [] not null).
func FindingsJSON(fs []journey.Finding) []FindingJSON {
	out := make([]FindingJSON, 0, len(fs))
	for _, f := range fs {
		out = append(out, NewFindingJSON(f))
	}
	return out
}

// Counts tallies findings by severity.
type Counts struct {
	Errors, Warnings, Infos, Fixable int
}

// Count tallies fs.
func Count(fs []journey.Finding) Counts {
	var c Counts
	for _, f := range fs {
		switch f.Severity {
		case journey.Error:
			c.Errors++
		case journey.Warning:
			c.Warnings++
		default:
			c.Infos++
		}
		if f.Fixable {
			c.Fixable++
		}
	}
	return c
}

// Add sums two tallies.
func (c Counts) Add(o Counts) Counts {
	return Counts{c.Errors + o.Errors, c.Warnings + o.Warnings, c.Infos + o.Infos, c.Fixable + o.Fixable}
}

// String reads "2 errors, 1 warning, 0 infos".
func (c Counts) String() string {
	return fmt.Sprintf("%s, %s, %s", plural(c.Errors, "error"), plural(c.Warnings, "warning"), plural(c.Infos, "info"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Where is a finding's location as printed: "FILE:SHEET!CELL", "FILE:SHEET"
// or "FILE".
func Where(l journey.Loc) string {
	if at := l.String(); at != "" {
		return l.File + ":" + at
	}
	return l.File
}

// severityText colours a severity name.
func severityText(s journey.Severity) string {
	switch s {
	case journey.Error:
		return Red(s.String())
	case journey.Warning:
		return Yellow(s.String())
	default:
		return Cyan(s.String())
	}
}

// FindingLine is "FILE:SHEET!CELL: severity rule: message", coloured when
// colour is on.
func FindingLine(f journey.Finding) string {
	line := fmt.Sprintf("%s: %s %s: %s", Bold(Where(f.Loc)), severityText(f.Severity), Faint(f.Rule), f.Message)
	if f.Fixable {
		line += " " + Faint("[fixable]")
	}
	return line
}

// WriteFindingLines prints one line per finding.
func WriteFindingLines(w io.Writer, fs []journey.Finding) error {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(FindingLine(f))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteGitHub prints GitHub Actions workflow commands, one per finding, so
// a workflow run shows them as annotations on the file.
func WriteGitHub(w io.Writer, fs []journey.Finding) error {
	var b strings.Builder
	for _, f := range fs {
		level := map[journey.Severity]string{journey.Error: "error", journey.Warning: "warning", journey.Info: "notice"}[f.Severity]
		title := f.Rule
		if at := f.Loc.String(); at != "" {
			title += " (" + at + ")"
		}
		fmt.Fprintf(&b, "::%s file=%s,title=%s::%s\n", level, ghProperty(f.Loc.File), ghProperty(title), ghData(f.Message))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// FindingHeader is the header of findings as markdown or CSV rows.
var FindingHeader = []string{"file", "sheet", "cell", "severity", "rule", "stage", "ids", "value", "message", "suggestion"}

// FindingRow is a finding as a markdown or CSV row.
func FindingRow(f journey.Finding) []string {
	return []string{f.Loc.File, f.Loc.Sheet, f.Loc.Cell(), f.Severity.String(), f.Rule, f.Stage,
		strings.Join(f.IDs, " "), f.Value, f.Message, f.Suggestion}
}

// FindingRows converts findings for WriteCSV or WriteMarkdownTable.
func FindingRows(fs []journey.Finding) [][]string {
	rows := make([][]string, len(fs))
	for i, f := range fs {
		rows[i] = FindingRow(f)
	}
	return rows
}
