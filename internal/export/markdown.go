package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/journey-cli/journey/internal/journey"
)

// markdownColumns are the touchpoint columns of each stage's table.
var markdownColumns = []journey.Field{
	journey.FieldID, journey.FieldTouchpoint, journey.FieldChannel, journey.FieldMode, journey.FieldDirection,
	journey.FieldOwnerTeam, journey.FieldCadence, journey.FieldDay, journey.FieldKPI, journey.FieldTarget,
	journey.FieldActual, journey.FieldFeeling, journey.FieldStatus,
}

// WriteMarkdown writes the journey as a GitHub-flavoured markdown
// document: the persona, a table of the stages at a glance (with the gaps
// of each), then one section per stage in journey order with its goal,
// KPI, owner team, feeling and friction and its touchpoints as a table.
// Every value is escaped so that it shows as written (a | does not break
// a table, a * does not start emphasis).
func WriteMarkdown(w io.Writer, j *journey.Journey) error {
	b := bufio.NewWriter(w)
	views := stageViews(j)
	p := j.Persona

	title := "Customer journey"
	if p.Name != "" {
		title += ": " + p.Name
	}
	fmt.Fprintf(b, "# %s\n\n", mdText(title))
	item := func(label, value string) {
		if value != "" {
			fmt.Fprintf(b, "- **%s:** %s\n", label, mdText(value))
		}
	}
	item("Seniority", p.Seniority)
	item("Map type", p.MapType)
	item("Owner", p.Owner)
	item("Goal", p.Goal)
	review := p.ReviewCadence
	if !p.LastReviewed.IsZero() {
		review = strings.TrimPrefix(review+", last reviewed "+p.LastReviewed.Format("2006-01-02"), ", ")
	}
	item("Review", review)
	listed := 0
	for _, v := range views {
		if v.Listed() {
			listed++
		}
	}
	fmt.Fprintf(b, "\n%d %s (%d live) over %d %s, from %s.\n\n", len(j.Touchpoints), plural(len(j.Touchpoints), "touchpoint"),
		countLive(j), listed, plural(listed, "stage"), mdText(fileLabel(j.File)))

	b.WriteString("## Stages at a glance\n\n")
	rows := make([][]string, 0, len(views))
	for _, v := range views {
		kpi, owner := "", ""
		if v.Stage != nil {
			kpi, owner = v.Stage.KPI, v.Stage.OwnerTeam
			if t := measureText(v.Stage.Target); t != "" && kpi != "" {
				kpi += " (target " + t + ")"
			}
		}
		name := v.Name
		if !v.Listed() {
			name += " (not in the Stages sheet)"
		}
		rows = append(rows, []string{fmt.Sprint(v.Num), name, owner, kpi, signedOrEmpty(v.Feeling),
			fmt.Sprint(v.Live), fmt.Sprint(v.Inbound), fmt.Sprint(v.Outbound), strings.Join(v.Gaps, "; ")})
	}
	writeMarkdownTable(b, []string{"No.", "Stage", "Owner team", "KPI", "Feeling", "Live", "Inbound", "Outbound", "Gaps"}, rows)

	for _, v := range views {
		fmt.Fprintf(b, "\n## %d. %s\n\n", v.Num, mdText(v.Name))
		if s := v.Stage; s != nil {
			kpi := orNotSet(s.KPI)
			if t := measureText(s.Target); t != "" {
				kpi += ", target " + t
			}
			item("Goal", orNotSet(s.Goal))
			item("KPI", kpi)
			item("Owner team", orNotSet(s.OwnerTeam))
			item("Feeling", orNotSet(v.Feeling.String()))
			if s.Days.Known {
				item("Days in stage", fmt.Sprintf("about %d", s.Days.Value))
			}
			item("Friction", s.Friction)
		} else {
			item("Note", "the Stages sheet does not list this stage")
			item("Feeling", orNotSet(v.Feeling.String()))
		}
		if len(v.Gaps) > 0 {
			item("Gaps", strings.Join(v.Gaps, "; "))
		}
		b.WriteString("\n")
		if len(v.Touchpoints) == 0 {
			b.WriteString("_No touchpoints._\n")
			continue
		}
		header := make([]string, len(markdownColumns))
		for i, f := range markdownColumns {
			header[i] = f.String()
		}
		rows := make([][]string, 0, len(v.Touchpoints))
		for _, t := range v.Touchpoints {
			row := make([]string, len(markdownColumns))
			for i, f := range markdownColumns {
				row[i] = t.Value(f)
			}
			rows = append(rows, row)
		}
		writeMarkdownTable(b, header, rows)
	}
	return b.Flush()
}

// writeMarkdownTable writes a table with every cell escaped.
func writeMarkdownTable(b *bufio.Writer, header []string, rows [][]string) {
	line := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + mdText(c) + " |")
		}
		b.WriteString("\n")
	}
	line(header)
	b.WriteString(strings.Repeat("| --- ", len(header)) + "|\n")
	for _, r := range rows {
		line(r)
	}
}

// mdEscaper escapes the characters that markdown would read as syntax.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "~", `\~`, "#", `\#`,
	"\r\n", "<br>", "\n", "<br>", "\r", "<br>",
)

// mdText escapes s for markdown prose, headings and table cells, keeping
// line breaks as <br>.
func mdText(s string) string { return mdEscaper.Replace(s) }

// orNotSet returns s, or "not set" when it is empty.
func orNotSet(s string) string {
	if s == "" {
		return "not set"
	}
	return s
}

// signedOrEmpty writes a known feeling with its sign.
func signedOrEmpty(f feeling) string {
	if !f.Known {
		return ""
	}
	if f.FromStage {
		return signed(f.Value)
	}
	return signed(f.Value) + " (mean)"
}

// fileLabel names the input for a reader.
func fileLabel(path string) string {
	if path == "-" || path == "" {
		return "standard input"
	}
	return path
}
