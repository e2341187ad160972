package export_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/journey-cli/journey/internal/export"
	"github.com/journey-cli/journey/internal/journey"
)

// TestCSVExport runs export --to csv on a CSV with aliased and unknown
// columns and formula-like cells.
func TestCSVExport(t *testing.T) {
	t.Chdir(t.TempDir())
	in := "Budget,Team,Stage,Touchpoint,Medium,Mode,Direction,Feeling,Notes\n" +
		"1200,Marketing,Awareness,\"=HYPERLINK(\"\"http://x\"\")\",Email,Automatic,Outbound,-1,@mention\n" +
		"+5,Sales,Decision,\"Call | follow-up\",Phone,Manual,Outbound,2,\"two\nlines\"\n"
	if err := os.WriteFile("in.csv", []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runJourney(t, "export", "in.csv", "--to", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, c := range journey.TouchpointColumns {
		want = append(want, c.Name)
	}
	want = append(want, "Budget")
	if !slices.Equal(rows[0], want) {
		t.Fatalf("header = %q, want the canonical columns then Budget", rows[0])
	}
	col := func(name string) int { return slices.Index(rows[0], name) }
	for _, tc := range []struct {
		row        int
		column     string
		want       string
		reasonText string
	}{
		{1, "Touchpoint", `'=HYPERLINK("http://x")`, "a formula is defused"},
		{1, "Feeling", "'-1", "a leading minus is defused"},
		{1, "Notes", "'@mention", "a leading @ is defused"},
		{1, "Budget", "1200", "unknown columns are kept"},
		{2, "Budget", "'+5", "a leading + is defused"},
		{2, "Owner team", "Sales", "aliases are written under the canonical name"},
		{2, "Channel", "Phone", "aliases are written under the canonical name"},
		{2, "Touchpoint", "Call | follow-up", "text is kept"},
		{2, "ID", "", "a column the input lacks is empty"},
	} {
		if got := rows[tc.row][col(tc.column)]; got != tc.want {
			t.Errorf("row %d %s = %q, want %q (%s)", tc.row, tc.column, got, tc.want, tc.reasonText)
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	j := &journey.Journey{
		File:    "x.csv",
		Persona: journey.Persona{Name: "Ops *lead* | <b>EMEA</b>"},
		Stages:  []journey.Stage{{Name: "A|B", Goal: "Win _big_", KPI: "NPS", Target: journey.Measure{Value: 0.4, Percent: true, Known: true}, OwnerTeam: "Sales", Feeling: journey.Some(-1)}},
		Table:   allColumns(),
	}
	j.Touchpoints = append(j.Touchpoints,
		tp(map[journey.Field]string{journey.FieldID: "T1", journey.FieldStage: "A|B", journey.FieldTouchpoint: "Pipe | in name", journey.FieldChannel: "Email",
			journey.FieldMode: "Manual", journey.FieldDirection: "Inbound", journey.FieldOwnerTeam: "Sales", journey.FieldFeeling: "1"}),
		tp(map[journey.Field]string{journey.FieldID: "T2", journey.FieldStage: "Elsewhere", journey.FieldTouchpoint: "Back\\slash `code` [link](x)",
			journey.FieldStatus: "Planned"}),
	)
	var buf bytes.Buffer
	if err := export.WriteMarkdown(&buf, j); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		`# Customer journey: Ops \*lead\* \| &lt;b&gt;EMEA&lt;/b&gt;`,
		`## 1. A\|B`,
		`- **Goal:** Win \_big\_`,
		`- **KPI:** NPS, target 40%`,
		`- **Feeling:** -1 (negative)`,
		`- **Gaps:** only 1 live touchpoint (fewer than 2)`,
		`| T1 | Pipe \| in name |`,
		`## 2. Elsewhere`,
		`- **Note:** the Stages sheet does not list this stage`,
		"Back\\\\slash \\`code\\` \\[link\\](x)",
		`2 touchpoints (1 live) over 1 stage, from x.csv.`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	// Every table row has as many cells as its header.
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			continue
		}
		cells := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") - 1
		if cells != 9 && cells != 13 {
			t.Errorf("table row with %d cells: %q", cells, line)
		}
	}
}
