package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const dupesFixtures = "../../testdata/dupes"

// runDupesCmd runs journey dupes with args (stdin as given) and returns
// the exit code and both outputs.
func runDupesCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	streams := &IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut,
		Env: func(string) (string, bool) { return "", false }}
	code := Main(append([]string{"dupes"}, args...), streams)
	return code, out.String(), errOut.String()
}

func TestDupesExitCodes(t *testing.T) {
	mkt, prd := filepath.Join(dupesFixtures, "marketing.csv"), filepath.Join(dupesFixtures, "product.csv")
	dir := t.TempDir()
	notCSV := filepath.Join(dir, "notes.xlsx")
	if err := os.WriteFile(notCSV, []byte("just some notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // a substring of standard error ("" for none)
	}{
		{"groups found, no --fail-on", []string{mkt, prd}, 0, ""},
		{"fail on warning", []string{mkt, prd, "--fail-on", "warning"}, 1, ""},
		{"fail on info", []string{mkt, prd, "--fail-on", "info"}, 1, ""},
		{"fail on error: groups are warnings", []string{mkt, prd, "--fail-on", "error"}, 0, ""},
		{"fail on warning, nothing found", []string{prd, "--fail-on", "warning"}, 0, ""},
		{"fail on none", []string{mkt, prd, "--fail-on", "none"}, 0, ""},
		{"bad --fail-on", []string{mkt, "--fail-on", "loud"}, 2, "--fail-on takes"},
		{"bad --format", []string{mkt, "--format", "xml"}, 2, "--format takes"},
		{"threshold too high", []string{mkt, "--threshold", "1.5"}, 2, "--threshold"},
		{"threshold zero", []string{mkt, "--threshold", "0"}, 2, "--threshold"},
		{"threshold not a number", []string{mkt, "--threshold", "high"}, 2, "invalid argument"},
		{"unknown stage", []string{mkt, "--stage", "Onbording"}, 2, `--stage "Onbording": no such stage`},
		{"stage written differently", []string{mkt, prd, "--stage", " adoption"}, 0, ""},
		{"same-kind needs two channels", []string{mkt, "--same-kind", "Email"}, 2, "--same-kind"},
		{"no file", nil, 2, "requires at least 1 arg"},
		{"missing file", []string{filepath.Join(dir, "missing.xlsx")}, 2, "missing.xlsx"},
		{"not a workbook", []string{mkt, notCSV}, 2, "notes.xlsx"},
		{"the same file twice", []string{mkt, mkt}, 2, "given twice"},
		{"the same file by two paths", []string{mkt, "./" + mkt}, 2, "given twice"},
		{"unknown template", []string{mkt, "--template", "nope"}, 2, "unknown template"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runDupesCmd(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if tt.stderr != "" && !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.stderr)
			}
			if tt.stderr == "" && stderr != "" {
				t.Errorf("unexpected stderr %q", stderr)
			}
			if strings.Count(strings.TrimSpace(stderr), "\n") > 0 || strings.Contains(stderr, "goroutine") {
				t.Errorf("stderr is not one line: %q", stderr)
			}
		})
	}
}

func TestDupesJSONAcrossFiles(t *testing.T) {
	mkt, prd := filepath.Join(dupesFixtures, "marketing.csv"), filepath.Join(dupesFixtures, "product.csv")
	code, out, _ := runDupesCmd(t, "", mkt, prd, "--format", "json")
	if code != 0 {
		t.Fatalf("exit code %d", code)
	}
	var got struct {
		Groups []struct {
			Stage, Persona string
			Similarity     float64
			CrossTeam      bool   `json:"cross_team"`
			SuggestedOwner string `json:"suggested_owner"`
			Members        []struct {
				ID, File, Sheet, Cell, Touchpoint, Channel, Team string
				Row                                              int
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.Groups) != 1 {
		t.Fatalf("groups: %s", out)
	}
	g := got.Groups[0]
	if g.Stage != "Adoption" || !g.CrossTeam || g.SuggestedOwner != "Marketing" || g.Similarity < 0.55 || len(g.Members) != 2 {
		t.Errorf("group = %+v", g)
	}
	if m := g.Members[1]; m.ID != "PRD-03" || m.File != prd || m.Row != 4 || m.Cell != "C4" || m.Team != "Product" {
		t.Errorf("member = %+v", m)
	}
}

func TestDupesStdinAndFormats(t *testing.T) {
	csv, err := os.ReadFile(filepath.Join(dupesFixtures, "marketing.csv"))
	if err != nil {
		t.Fatal(err)
	}
	prd := filepath.Join(dupesFixtures, "product.csv")
	for _, format := range []string{"table", "markdown", "csv", "json"} {
		code, out, stderr := runDupesCmd(t, string(csv), "-", prd, "--format", format)
		if code != 0 || !strings.Contains(out, "PRD-03") || !strings.Contains(out, "MKT-05") {
			t.Errorf("%s: exit %d, stderr %q, output:\n%s", format, code, stderr, out)
		}
	}
	code, out, _ := runDupesCmd(t, "", prd, "--format", "markdown")
	if code != 0 || !strings.Contains(out, "No duplicate efforts") {
		t.Errorf("markdown without groups: %q", out)
	}
	code, _, stderr := runDupesCmd(t, "", "-", "-")
	if code != 2 || !strings.Contains(stderr, "standard input") {
		t.Errorf("stdin twice: exit %d, %q", code, stderr)
	}
}

func TestDupesCrossTeamOnlyAndStage(t *testing.T) {
	lab := filepath.Join(dupesFixtures, "labelled.csv")
	count := func(args ...string) int {
		t.Helper()
		code, out, stderr := runDupesCmd(t, "", append([]string{lab, "--format", "json"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var r struct{ Groups []json.RawMessage }
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		return len(r.Groups)
	}
	all, cross, retention := count(), count("--cross-team-only"), count("--stage", "Retention")
	if all != 15 || cross != 14 || retention != 5 {
		t.Errorf("groups: %d in all, %d cross-team, %d in Retention; want 15, 14, 5", all, cross, retention)
	}
	if strict := count("--threshold", "0.95"); strict >= all {
		t.Errorf("--threshold 0.95 finds %d groups", strict)
	}
}

func TestDupesHelp(t *testing.T) {
	code, out, _ := runDupesCmd(t, "", "--help")
	if code != 0 || !strings.Contains(out, "Examples:") || !strings.Contains(out, "--cross-team-only") || !strings.Contains(out, "--fail-on") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
}
