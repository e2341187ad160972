package lint_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/lint"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

// book is a small, clean workbook that each test case changes a little.
type book struct {
	touchpoints [][]any
	stages      [][]any
	lists       [][]any
	tpSheet     string
	merge       []string
	noStages    bool
}

func cleanBook() *book {
	return &book{
		tpSheet: "Touchpoints",
		touchpoints: [][]any{
			{"ID", "Stage", "Touchpoint", "Channel", "Mode", "Direction", "Owner team", "Day", "Target", "Actual", "Feeling", "Notes"},
			{"TP-001", "Awareness", "Newsletter", "Email", "Ongoing", "Outbound", "Marketing", 0, "35%", "30%", 1, ""},
			{"TP-002", "Onboarding", "Kickoff call", "Video call", "Manual", "Outbound", "Customer Success", 3, "", "", 0, ""},
			{"TP-003", "Onboarding", "Help center", "Help center", "Ongoing", "Inbound", "Support", 0, "", "", "", ""},
		},
		stages: [][]any{
			{"Stage", "KPI", "Owner team"},
			{"Awareness", "MQLs", "Marketing"},
			{"Onboarding", "Activation", "Customer Success"},
		},
		lists: [][]any{
			{"Channel", "Automatable", "Mode", "Direction", "Owner team", "Cadence", "Status"},
			{"Email", "Yes", "Ongoing", "Outbound", "Marketing", "One-time", "Live"},
			{"Video call", "No", "Automatic", "Inbound", "Customer Success", "Weekly", "Retired"},
			{"Help center", "Yes", "Manual", "", "Support", "", ""},
		},
	}
}

// set changes one cell of the touchpoints table (0-based row and column
// of the rows slice, the header being row 0).
func (b *book) set(row, col int, v any) *book {
	for len(b.touchpoints[row]) <= col {
		b.touchpoints[row] = append(b.touchpoints[row], "")
	}
	b.touchpoints[row][col] = v
	return b
}

func (b *book) write(t *testing.T) string {
	t.Helper()
	sheets := []workbook.SheetData{{Name: b.tpSheet, Rows: b.touchpoints, Merge: b.merge}}
	if !b.noStages {
		sheets = append(sheets, workbook.SheetData{Name: "Stages", Rows: b.stages})
	}
	sheets = append(sheets, workbook.SheetData{Name: "Lists", Rows: b.lists})
	path := filepath.Join(t.TempDir(), "journey.xlsx")
	if err := workbook.WriteSheets(path, sheets); err != nil {
		t.Fatal(err)
	}
	return path
}

func lintFile(t *testing.T, path string) []journey.Finding {
	t.Helper()
	tpl, err := templates.Load(templates.Default)
	if err != nil {
		t.Fatal(err)
	}
	j, err := workbook.Read(path, workbook.ReadOptions{Template: tpl})
	if err != nil {
		t.Fatal(err)
	}
	return lint.Lint(j, lint.Options{})
}

// cellsOf lists "Sheet!Cell" of the findings of one rule.
func cellsOf(fs []journey.Finding, rule string) []string {
	var out []string
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f.Loc.String())
		}
	}
	return out
}

func TestCleanBookIsClean(t *testing.T) {
	if fs := lintFile(t, cleanBook().write(t)); len(fs) != 0 {
		t.Fatalf("the clean workbook has findings: %v", fs)
	}
}

// TestEachRule: every rule fires at the exact cell on a workbook with the
// defect, and not at all on the same workbook without it.
func TestEachRule(t *testing.T) {
	insertRow := func(b *book, at int, row []any) *book {
		b.touchpoints = slices.Insert(b.touchpoints, at, row)
		return b
	}
	tests := []struct {
		rule     string
		severity journey.Severity
		broken   func(*book) *book
		cells    []string
		fixable  bool
		suggest  string
	}{
		{"sheet-missing", journey.Error, func(b *book) *book {
			b.tpSheet, b.touchpoints = "Data", [][]any{{"name", "value"}, {"a", 1}}
			return b
		}, []string{""}, false, ""},
		{"sheet-missing", journey.Warning, func(b *book) *book { b.noStages = true; return b }, []string{""}, false, ""},
		{"header-missing", journey.Error, func(b *book) *book {
			b.touchpoints = [][]any{{"to be filled in next week"}}
			return b
		}, []string{"Touchpoints"}, false, ""},
		{"column-missing", journey.Error, func(b *book) *book {
			for i := range b.touchpoints {
				b.touchpoints[i] = slices.Delete(b.touchpoints[i], 3, 4)
			}
			return b
		}, []string{"Touchpoints!1"}, false, "Channel"},
		{"column-duplicate", journey.Error, func(b *book) *book { return b.set(0, 12, "Stage") }, []string{"Touchpoints!M1"}, false, ""},
		{"column-alias", journey.Info, func(b *book) *book { return b.set(0, 3, "Medium") }, []string{"Touchpoints!D1"}, true, "Channel"},
		{"column-unknown", journey.Info, func(b *book) *book { return b.set(0, 12, "Budget") }, []string{"Touchpoints!M1"}, false, ""},
		{"required-empty", journey.Error, func(b *book) *book { return b.set(2, 3, "") }, []string{"Touchpoints!D3"}, false, ""},
		{"value-unknown", journey.Error, func(b *book) *book { return b.set(1, 3, "E-mail") }, []string{"Touchpoints!D2"}, true, "Email"},
		{"value-format", journey.Error, func(b *book) *book { return b.set(1, 7, "soon") }, []string{"Touchpoints!H2"}, false, ""},
		{"id-duplicate", journey.Error, func(b *book) *book { return b.set(2, 0, "TP-001") }, []string{"Touchpoints!A3"}, false, ""},
		{"id-missing", journey.Warning, func(b *book) *book { return b.set(2, 0, "") }, []string{"Touchpoints!A3"}, true, "TP-004"},
		{"row-duplicate", journey.Warning, func(b *book) *book {
			dup := slices.Clone(b.touchpoints[3])
			dup[0] = "TP-004"
			return insertRow(b, 4, dup)
		}, []string{"Touchpoints!5"}, false, ""},
		{"row-blank", journey.Warning, func(b *book) *book { return insertRow(b, 2, []any{}) }, []string{"Touchpoints!3"}, true, ""},
		{"whitespace", journey.Info, func(b *book) *book { return b.set(1, 2, " Monthly  newsletter ") }, []string{"Touchpoints!C2"}, true, "Monthly newsletter"},
		{"formula-error", journey.Error, func(b *book) *book { return b.set(1, 11, "#REF!") }, []string{"Touchpoints!L2"}, false, ""},
		{"merged-cell", journey.Warning, func(b *book) *book { b.merge = []string{"L2:L3"}; return b }, []string{"Touchpoints!L2"}, false, ""},
		{"stage-duplicate", journey.Error, func(b *book) *book {
			b.stages = append(b.stages, []any{"awareness", "MQLs", "Marketing"})
			return b
		}, []string{"Stages!A4"}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.rule+"/"+tt.severity.String(), func(t *testing.T) {
			fs := lintFile(t, tt.broken(cleanBook()).write(t))
			if got := cellsOf(fs, tt.rule); strings.Join(got, " ") != strings.Join(tt.cells, " ") {
				t.Fatalf("%s at %q, want %q; all findings: %v", tt.rule, got, tt.cells, fs)
			}
			for _, f := range fs {
				if f.Rule != tt.rule {
					continue
				}
				if f.Severity != tt.severity || f.Fixable != tt.fixable || (tt.suggest != "" && f.Suggestion != tt.suggest) || f.Message == "" {
					t.Errorf("got %+v; want severity %v, fixable %v, suggestion %q", f, tt.severity, tt.fixable, tt.suggest)
				}
				if tt.fixable && f.Fix == nil {
					t.Errorf("fixable finding without a fix: %+v", f)
				}
			}
			if got := cellsOf(lintFile(t, cleanBook().write(t)), tt.rule); len(got) != 0 {
				t.Errorf("%s fires on the clean workbook at %v", tt.rule, got)
			}
		})
	}
}

// TestSuggestions: the closest vocabulary entries, found by spelling,
// synonym and edit distance.
func TestSuggestions(t *testing.T) {
	tests := []struct {
		col     int
		value   string
		want    string
		fixable bool
	}{
		{3, "email", "Email", true},
		{3, "e-mail", "Email", true},
		{3, "Emial", "Email", true},
		{3, "KB", "Help center", true},
		{3, "helpcentre", "Help center", true},
		{3, "Carrier pigeon", "", false},
		{6, "CS", "Customer Success", true},
		{6, "customer-success", "Customer Success", true},
		{6, "Marketting", "Marketing", true},
		{4, "auto", "Automatic", true},
		{4, "always on", "Ongoing", true},
		{5, "in", "Inbound", true},
		{1, "Onbording", "Onboarding", true},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			fs := lintFile(t, cleanBook().set(1, tt.col, tt.value).write(t))
			var got *journey.Finding
			for i := range fs {
				if fs[i].Rule == "value-unknown" {
					got = &fs[i]
				}
			}
			if got == nil {
				t.Fatalf("no value-unknown finding: %v", fs)
			}
			if got.Suggestion != tt.want || got.Fixable != tt.fixable {
				t.Errorf("suggestion %q fixable %v, want %q %v (%s)", got.Suggestion, got.Fixable, tt.want, tt.fixable, got.Message)
			}
			if tt.want != "" && !strings.Contains(got.Message, "did you mean "+tt.want+"?") {
				t.Errorf("message %q does not suggest %s", got.Message, tt.want)
			}
		})
	}
}

// seededBook has one finding of every kind that can live together in one
// workbook.
func seededBook() *book {
	b := cleanBook()
	b.touchpoints = [][]any{
		{"ID", "Stage", "Touchpoint", "Channel", "Mode", "Direction", "Team", "Day", "Target", "Actual", "Feeling", "Notes", "Stage", "Budget"},
		{"TP-001", "Awareness", "Newsletter", "E-mail", "Ongoing", "Outbound", "Marketing", "soon", "35%", "30%", 1, "#N/A"},
		{"TP-002", "Onboarding", " Kickoff  call", "", "Manual", "Outbound", "Customer Success", 3, "", "", 0},
		{},
		{"TP-001", "Onboarding", "Help center", "Help center", "Ongoing", "Inbound", "Support", 0},
		{"", "Onboarding", "Help center", "Help center", "Ongoing", "Inbound", "Support", 0},
	}
	b.stages = append(b.stages, []any{"awareness", "MQLs", "Marketing"})
	return b
}

func TestSeededWorkbook(t *testing.T) {
	fs := lintFile(t, seededBook().write(t))
	var got []string
	for _, f := range fs {
		got = append(got, f.Loc.String()+" "+f.Severity.String()+" "+f.Rule)
	}
	want := []string{
		"Stages!A4 error stage-duplicate",
		"Touchpoints!G1 info column-alias",
		"Touchpoints!M1 error column-duplicate",
		"Touchpoints!N1 info column-unknown",
		"Touchpoints!D2 error value-unknown",
		"Touchpoints!H2 error value-format",
		"Touchpoints!L2 error formula-error",
		"Touchpoints!C3 info whitespace",
		"Touchpoints!D3 error required-empty",
		"Touchpoints!4 warning row-blank",
		"Touchpoints!A5 error id-duplicate",
		"Touchpoints!6 warning row-duplicate",
		"Touchpoints!A6 warning id-missing",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestFix: --fix applies every fixable finding, keeps everything else,
// and the fixed workbook has no fixable finding left.
func TestFix(t *testing.T) {
	in := seededBook().write(t)
	fs := lintFile(t, in)
	var edits []journey.Edit
	for _, f := range fs {
		if f.Fix != nil {
			edits = append(edits, *f.Fix)
		}
	}
	if len(edits) != 5 {
		t.Fatalf("got %d fixes, want 5 (alias, E-mail, whitespace, blank row, missing ID)", len(edits))
	}
	out := filepath.Join(t.TempDir(), "fixed.xlsx")
	if err := workbook.ApplyEdits(in, out, edits, false); err != nil {
		t.Fatal(err)
	}
	after := lintFile(t, out)
	for _, f := range after {
		if f.Fixable {
			t.Errorf("fixable finding left: %+v", f)
		}
	}
	tpl, _ := templates.Load(templates.Default)
	j, err := workbook.Read(out, workbook.ReadOptions{Template: tpl})
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Touchpoints) != 4 {
		t.Fatalf("fixed workbook has %d touchpoints, want 4", len(j.Touchpoints))
	}
	first, second, last := j.Touchpoints[0], j.Touchpoints[1], j.Touchpoints[3]
	if first.Channel() != "Email" || first.Raw(journey.FieldNotes) != "#N/A" || second.Name() != "Kickoff call" || last.ID() != "TP-003" || last.Row != 5 {
		t.Errorf("fixed values: %q %q %q %q row %d", first.Channel(), first.Raw(journey.FieldNotes), second.Name(), last.ID(), last.Row)
	}
	if h := j.Table.Headers[6]; h.Text != "Owner team" || h.Alias {
		t.Errorf("alias not renamed: %+v", h)
	}
	if h := j.Table.Headers[len(j.Table.Headers)-1]; h.Text != "Budget" {
		t.Errorf("unknown column lost: %+v", h)
	}
	if len(j.Stages) != 3 || len(j.Vocab.Channels) != 3 {
		t.Errorf("other sheets changed: %d stages, channels %v", len(j.Stages), j.Vocab.Channels)
	}
	if again := lintFile(t, in); len(again) != len(fs) {
		t.Errorf("the input changed: %d findings, had %d", len(again), len(fs))
	}
}

// TestFixedWorkbookSurvivesLibreOffice: a workbook whose findings are all
// fixable, fixed, then re-saved by LibreOffice, opens and lints clean.
func TestFixedWorkbookSurvivesLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed; .ci/run installs it")
	}
	b := cleanBook().set(0, 3, "Medium").set(1, 3, "e-mail").set(2, 2, " Kickoff  call ").set(3, 0, "")
	b.touchpoints = slices.Insert(b.touchpoints, 2, []any{})
	in := b.write(t)
	var edits []journey.Edit
	for _, f := range lintFile(t, in) {
		if !f.Fixable {
			t.Fatalf("not fixable: %+v", f)
		}
		edits = append(edits, *f.Fix)
	}
	dir := t.TempDir()
	fixed := filepath.Join(dir, "fixed.xlsx")
	if err := workbook.ApplyEdits(in, fixed, edits, false); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "lo")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, fixed)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	if fs := lintFile(t, filepath.Join(out, "fixed.xlsx")); len(fs) != 0 {
		t.Errorf("the fixed workbook re-saved by LibreOffice has findings: %v", fs)
	}
}
