package report

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/journey-cli/journey/internal/dupes"
	"github.com/journey-cli/journey/internal/parallel"
)

// DupesReport is the JSON form of journey dupes (SPEC 8).
type DupesReport struct {
	Groups []DupeGroupJSON `json:"groups"`
}

// DupeGroupJSON is one group of duplicate touchpoints.
type DupeGroupJSON struct {
	Stage          string           `json:"stage"`
	Persona        string           `json:"persona"`
	Similarity     float64          `json:"similarity"`
	CrossTeam      bool             `json:"cross_team"`
	SuggestedOwner string           `json:"suggested_owner"`
	Members        []DupeMemberJSON `json:"members"`
}

// DupeMemberJSON is one member of a group; Cell is the A1 reference of its
// Touchpoint cell.
type DupeMemberJSON struct {
	ID         string `json:"id"`
	File       string `json:"file"`
	Sheet      string `json:"sheet"`
	Row        int    `json:"row"`
	Cell       string `json:"cell"`
	Touchpoint string `json:"touchpoint"`
	Channel    string `json:"channel"`
	Team       string `json:"team"`
}

// NewDupesReport converts groups for JSON output ("groups": [] when none).
func NewDupesReport(groups []dupes.Group) DupesReport {
	r := DupesReport{Groups: make([]DupeGroupJSON, 0, len(groups))}
	for _, g := range groups {
		gj := DupeGroupJSON{Stage: g.Stage, Persona: g.Persona, Similarity: roundScore(g.Similarity),
			CrossTeam: g.CrossTeam, SuggestedOwner: g.SuggestedOwner}
		for _, m := range g.Members {
			gj.Members = append(gj.Members, DupeMemberJSON{ID: m.ID, File: m.Loc.File, Sheet: m.Loc.Sheet, Row: m.Loc.Row,
				Cell: m.Loc.Cell(), Touchpoint: m.Touchpoint, Channel: m.Channel, Team: m.Team})
		}
		r.Groups = append(r.Groups, gj)
	}
	return r
}

func roundScore(x float64) float64 { return math.Round(x*100) / 100 }

// DupesSummary is what the table and markdown outputs say at the end.
type DupesSummary struct {
	Compared  int
	Threshold float64
}

// dupesSummaryLine is "2 duplicate groups (1 cross-team) covering 5 of 44
// touchpoints compared; threshold 0.55."
func dupesSummaryLine(groups []dupes.Group, s DupesSummary) string {
	if len(groups) == 0 {
		return fmt.Sprintf("No duplicate efforts among %s (threshold %s).", plural(s.Compared, "touchpoint"), formatScore(s.Threshold))
	}
	cross, members := 0, 0
	for _, g := range groups {
		if g.CrossTeam {
			cross++
		}
		members += len(g.Members)
	}
	noun, verb := "duplicate groups", "hold"
	if len(groups) == 1 {
		noun, verb = "duplicate group", "holds"
	}
	return fmt.Sprintf("%d %s (%d cross-team) %s %d of the %s compared; threshold %s.",
		len(groups), noun, cross, verb, members, plural(s.Compared, "touchpoint"), formatScore(s.Threshold))
}

func formatScore(x float64) string { return strconv.FormatFloat(roundScore(x), 'f', 2, 64) }

// groupTitle is "Adoption · Marketing Ops Manager".
func groupTitle(g dupes.Group) string {
	if g.Persona == "" {
		return g.Stage
	}
	return g.Stage + " · " + g.Persona
}

// groupFacts is "2 touchpoints, similarity 0.85, cross-team (Marketing, Product)".
func groupFacts(g dupes.Group, crossTeam func(...any) string) string {
	sorted := g.Teams()
	slices.SortFunc(sorted, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	teams := strings.Join(sorted, ", ")
	scope := "one team (" + teams + ")"
	if g.CrossTeam {
		scope = crossTeam("cross-team") + " (" + teams + ")"
	}
	return fmt.Sprintf("%d touchpoints, similarity %s, %s", len(g.Members), formatScore(g.Similarity), scope)
}

// groupOwner is "Marketing (owns the Adoption stage)".
func groupOwner(g dupes.Group, owner func(...any) string) string {
	if g.SuggestedOwner == "" {
		return "none (" + g.OwnerReason + ")"
	}
	return owner(g.SuggestedOwner) + " (" + g.OwnerReason + ")"
}

// manyFiles reports whether the groups' members come from more than one file.
func manyFiles(groups []dupes.Group) bool {
	file := ""
	for i, g := range groups {
		for j, m := range g.Members {
			if i == 0 && j == 0 {
				file = m.Loc.File
			} else if m.Loc.File != file {
				return true
			}
		}
	}
	return false
}

// MaxTableMembers is the most members the table shows of one group; the
// other formats list them all.
const MaxTableMembers = 30

// WriteDupesTable prints each group as a heading, its facts and suggested
// owner, and a table of its members, fitted to width columns; then a
// summary line. The member's place is its Touchpoint cell, with the file
// above it when the members come from several files.
func WriteDupesTable(w io.Writer, groups []dupes.Group, s DupesSummary, width int) error {
	files := manyFiles(groups)
	// tablewriter takes about 0.1 ms a table, which a thousand groups
	// feel: runs of groups are drawn on every core, then printed in order.
	const run = 32
	drawn := make([]string, (len(groups)+run-1)/run)
	errs := make([]error, len(drawn))
	parallel.For(len(drawn), func() func(int) {
		// One tablewriter table, reset for each group, without the cache
		// of its stringer: creating or resetting that cache allocates a
		// large map, which for a thousand groups took most of the time.
		var b strings.Builder
		table := tablewriter.NewTable(&b, tablewriter.WithConfig(memberTableConfig), tablewriter.WithStringerCacheCustom(noCache{}))
		return func(k int) {
			b.Reset()
			for i := k * run; i < min(len(groups), (k+1)*run) && errs[k] == nil; i++ {
				errs[k] = writeDupeGroup(&b, table, i, groups[i], files, width)
			}
			drawn[k] = b.String()
		}
	})
	var b strings.Builder
	for k, text := range drawn {
		if errs[k] != nil {
			return errs[k]
		}
		b.WriteString(text)
	}
	for _, line := range strings.Split(strings.TrimSuffix(wrapIndent(dupesSummaryLine(groups, s), width, ""), "\n"), "\n") {
		b.WriteString(Faint(line) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeDupeGroup writes the i-th group to b, its members' table drawn by
// table (which writes to b).
func writeDupeGroup(b *strings.Builder, table *tablewriter.Table, i int, g dupes.Group, files bool, width int) error {
	fmt.Fprintf(b, "%s\n", Bold(fmt.Sprintf("%d. %s", i+1, groupTitle(g))))
	b.WriteString(wrapIndent(groupFacts(g, Yellow), width, "   "))
	b.WriteString(wrapIndent("suggested owner: "+groupOwner(g, Green), width, "   "))
	header := []string{"ID", "Touchpoint", "Channel", "Team", "Cell"}
	if files {
		header[4] = "Where"
	}
	shown := g.Members
	if len(shown) > MaxTableMembers {
		shown = shown[:MaxTableMembers]
	}
	rows := make([][]string, 0, len(shown))
	for _, m := range shown {
		where := m.Loc.String()
		if files {
			where = m.Loc.File + "\n" + where
		}
		rows = append(rows, []string{dashIfEmpty(m.ID), m.Touchpoint, m.Channel, m.Team, where})
	}
	if err := fittedTable(table, header, rows, width); err != nil {
		return err
	}
	if more := len(g.Members) - len(shown); more > 0 {
		b.WriteString(wrapIndent(fmt.Sprintf("... and %d more (--format csv or json lists every member)", more), width, "   "))
	}
	b.WriteString("\n")
	return nil
}

// noCache is a stringer cache that keeps nothing: journey hands
// tablewriter strings, never values for its stringer to convert.
type noCache struct{}

func (noCache) Add(reflect.Type, reflect.Value) bool           { return false }
func (noCache) Get(reflect.Type) (v reflect.Value, found bool) { return v, false }
func (noCache) Purge()                                         {}

// memberTableConfig is how fittedTable draws a table, but for the column
// widths.
var memberTableConfig = tablewriter.Config{
	Header: tw.CellConfig{
		Formatting: tw.CellFormatting{AutoFormat: tw.Off, AutoWrap: tw.WrapNormal},
		Alignment:  tw.CellAlignment{Global: tw.AlignLeft},
	},
	Row: tw.CellConfig{
		Formatting: tw.CellFormatting{AutoWrap: tw.WrapNormal},
		Alignment:  tw.CellAlignment{Global: tw.AlignLeft},
	},
}

// fittedTable renders, with t (reset first), a boxed table whose columns
// take their natural width, the widest ones narrowed (their text wrapped
// at spaces) until the table fits in width; no column gets narrower than
// its longest word or than a few characters.
func fittedTable(t *tablewriter.Table, header []string, rows [][]string, width int) error {
	widths := make([]int, len(header))
	floors := make([]int, len(header))
	measure := func(cells []string) {
		for i, c := range cells {
			for _, line := range strings.Split(c, "\n") {
				widths[i] = max(widths[i], utf8.RuneCountInString(line))
				for _, word := range strings.Fields(line) {
					floors[i] = max(floors[i], utf8.RuneCountInString(word))
				}
			}
		}
	}
	measure(header)
	for _, r := range rows {
		measure(r)
	}
	const minWidth = 8
	for i := range floors {
		floors[i] = max(floors[i], min(minWidth, widths[i]))
	}
	total := func() int {
		t := 1
		for _, n := range widths {
			t += n + 3
		}
		return t
	}
	for total() > width {
		widest := -1
		for i, n := range widths {
			if n > floors[i] && (widest < 0 || n > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break // as narrow as it gets
		}
		widths[widest]--
	}
	per := tw.NewMapper[int, int]()
	for i, n := range widths {
		per.Set(i, n+2) // tablewriter counts the padding in
	}
	t.Reset()
	t.Configure(func(cfg *tablewriter.Config) {
		cfg.Header.ColMaxWidths = tw.CellWidth{PerColumn: per}
		cfg.Row.ColMaxWidths = tw.CellWidth{PerColumn: per}
	})
	t.Header(header)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}

// wrapIndent wraps text at word boundaries to width, every line starting
// with indent.
func wrapIndent(text string, width int, indent string) string {
	var b strings.Builder
	line := indent
	n := utf8.RuneCountInString(indent)
	for _, word := range strings.Fields(text) {
		wl := visibleLen(word)
		if n > len(indent) && n+1+wl > width {
			b.WriteString(line + "\n")
			line, n = indent, utf8.RuneCountInString(indent)
		}
		if n > utf8.RuneCountInString(indent) {
			line += " "
			n++
		}
		line += word
		n += wl
	}
	b.WriteString(line + "\n")
	return b.String()
}

// visibleLen is the length of s without colour escape sequences.
func visibleLen(s string) int {
	n, esc := 0, false
	for _, r := range s {
		switch {
		case esc:
			if r == 'm' {
				esc = false
			}
		case r == '\x1b':
			esc = true
		default:
			n++
		}
	}
	return n
}

// WriteDupesMarkdown prints the groups as markdown: a heading per group,
// its facts, and a table of its members.
func WriteDupesMarkdown(w io.Writer, groups []dupes.Group, s DupesSummary) error {
	var b strings.Builder
	b.WriteString("## Duplicate efforts\n\n")
	for i, g := range groups {
		fmt.Fprintf(&b, "### %d. %s\n\n", i+1, markdownText(groupTitle(g)))
		fmt.Fprintf(&b, "%s. Suggested owner: %s.\n\n",
			markdownText(groupFacts(g, fmt.Sprint)),
			markdownText(groupOwner(g, fmt.Sprint)))
		var rows [][]string
		for _, m := range g.Members {
			rows = append(rows, []string{m.ID, m.Touchpoint, m.Channel, m.Team, m.Loc.File, m.Loc.String()})
		}
		if err := WriteMarkdownTable(&b, []string{"ID", "Touchpoint", "Channel", "Team", "File", "Cell"}, rows); err != nil {
			return err
		}
		b.WriteString("\n")
	}
	b.WriteString(markdownText(dupesSummaryLine(groups, s)) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// markdownText escapes the characters that markdown would read as
// formatting in running text.
func markdownText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`,
		"<", `\<`, ">", `\>`, "#", `\#`, "|", `\|`, "\n", " ").Replace(s)
}

// DupesCSVHeader is the header of the CSV output: one row per member.
var DupesCSVHeader = []string{"group", "persona", "stage", "similarity", "cross_team", "suggested_owner",
	"id", "file", "sheet", "cell", "row", "touchpoint", "channel", "team"}

// WriteDupesCSV prints one row per member, numbered by group.
func WriteDupesCSV(w io.Writer, groups []dupes.Group) error {
	var rows [][]string
	for i, g := range groups {
		for _, m := range g.Members {
			rows = append(rows, []string{strconv.Itoa(i + 1), g.Persona, g.Stage, formatScore(g.Similarity),
				strconv.FormatBool(g.CrossTeam), g.SuggestedOwner, m.ID, m.Loc.File, m.Loc.Sheet, m.Loc.Cell(),
				strconv.Itoa(m.Loc.Row), m.Touchpoint, m.Channel, m.Team})
		}
	}
	return WriteCSV(w, DupesCSVHeader, rows)
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
