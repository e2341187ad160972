package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"
)

// Format is an output format of the report commands.
type Format string

// The formats of SPEC 2; GitHub is lint's workflow annotations.
const (
	FormatTable    Format = "table"
	FormatJSON     Format = "json"
	FormatMarkdown Format = "markdown"
	FormatCSV      Format = "csv"
	FormatGitHub   Format = "github"
)

// ParseFormat checks a --format value against the formats a command offers.
func ParseFormat(s string, allowed ...Format) (Format, error) {
	names := make([]string, len(allowed))
	for i, f := range allowed {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
		names[i] = string(f)
	}
	return "", fmt.Errorf("--format takes %s, not %q", strings.Join(names, ", "), s)
}

// WriteJSON writes v as indented JSON with a final newline.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// WriteCSV writes a header and rows as CSV. Cells that a spreadsheet would
// run as a formula (starting with =, +, -, @, or a tab or carriage return)
// get a leading apostrophe.
func WriteCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		safe := make([]string, len(r))
		for i, c := range r {
			safe[i] = DefuseCell(c)
		}
		if err := cw.Write(safe); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// DefuseCell prefixes a cell that a spreadsheet would treat as a formula
// with an apostrophe.
func DefuseCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteMarkdownTable writes a GitHub-flavoured markdown table, escaping the
// characters that would break it (tablewriter's markdown renderer does not
// escape |).
func WriteMarkdownTable(w io.Writer, header []string, rows [][]string) error {
	line := func(cells []string) string {
		esc := make([]string, len(cells))
		for i, c := range cells {
			esc[i] = MarkdownCell(c)
		}
		return "| " + strings.Join(esc, " | ") + " |\n"
	}
	var b strings.Builder
	b.WriteString(line(header))
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = "---"
	}
	b.WriteString("| " + strings.Join(sep, " | ") + " |\n")
	for _, r := range rows {
		b.WriteString(line(r))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// MarkdownCell escapes a value for a markdown table cell: pipes, and line
// breaks as <br>.
func MarkdownCell(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\r\n", "<br>")
	return strings.ReplaceAll(s, "\n", "<br>")
}

// Colours used across reports; each is plain text when colour is off.
var (
	Bold    = paint(color.Bold)
	Faint   = paint(color.Faint)
	Red     = paint(color.FgRed, color.Bold)
	Yellow  = paint(color.FgYellow)
	Green   = paint(color.FgGreen)
	Cyan    = paint(color.FgCyan)
	Magenta = paint(color.FgMagenta)
)

// palette holds every colour of the reports so SetColor can switch them.
var palette []*color.Color

func paint(attrs ...color.Attribute) func(...any) string {
	c := color.New(attrs...)
	palette = append(palette, c)
	return c.SprintFunc()
}

// SetColor turns colour on or off for every report. fatih/color fixes a
// colour's state when it is created if NO_COLOR is set, so --color always
// must switch each one explicitly.
func SetColor(on bool) {
	color.NoColor = !on
	for _, c := range palette {
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
}
