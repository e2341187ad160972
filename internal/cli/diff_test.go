package cli

import (
	"bytes"
	"fmt"
	"github.com/journey-cli/journey/internal/lotest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

const diffFixtures = "../../testdata/diff"

// runDiffCmd runs journey diff with args and returns the exit code and
// both outputs.
func runDiffCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	streams := &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut,
		Env: func(string) (string, bool) { return "", false }}
	code := Main(append([]string{"diff"}, args...), streams)
	return code, out.String(), errOut.String()
}

func TestDiffExitCodes(t *testing.T) {
	cur, fut := filepath.Join(diffFixtures, "current.xlsx"), filepath.Join(diffFixtures, "future.xlsx")
	dir := t.TempDir()
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string // a substring, "" for none expected
	}{
		{"the same file", []string{cur, cur}, ExitOK, ""},
		{"different maps", []string{cur, fut}, ExitFindings, ""},
		{"one file", []string{cur}, ExitTrouble, "two files"},
		{"a missing file", []string{cur, filepath.Join(dir, "nope.xlsx")}, ExitTrouble, "nope.xlsx"},
		{"a directory", []string{dir, cur}, ExitTrouble, dir},
		{"a bad format", []string{cur, fut, "--format", "yaml"}, ExitTrouble, "--format takes table, json, markdown, csv"},
		{"an unknown column to ignore", []string{cur, fut, "--ignore", "Colour"}, ExitTrouble, `--ignore "Colour"`},
		{"--force without -o", []string{cur, fut, "--force"}, ExitTrouble, "--force goes with -o"},
		{"-o not a workbook", []string{cur, fut, "-o", filepath.Join(dir, "out.csv")}, ExitTrouble, "ending in .xlsx"},
		{"both from standard input", []string{"-", "-"}, ExitTrouble, "only one"},
		{"an unknown template", []string{cur, fut, "--template", "nope"}, ExitTrouble, "b2b-saas"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runDiffCmd(t, c.args...)
			if code != c.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, c.code, stderr)
			}
			if c.stderr != "" && !strings.Contains(stderr, c.stderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr, c.stderr)
			}
			if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
				t.Errorf("stderr shows a crash: %s", stderr)
			}
			if c.code == ExitTrouble && strings.Count(strings.TrimSpace(stderr), "\n") > 1 {
				t.Errorf("stderr has more than the message (and a map-type warning): %q", stderr)
			}
		})
	}
}

func TestDiffMapTypeWarnings(t *testing.T) {
	cur, fut := filepath.Join(diffFixtures, "current.xlsx"), filepath.Join(diffFixtures, "future.xlsx")
	csvFile := filepath.Join(t.TempDir(), "touchpoints.csv")
	if err := os.WriteFile(csvFile, []byte("Stage,Touchpoint,Channel,Mode,Direction,Owner team\nOnboarding,Welcome email,Email,Automatic,Outbound,Marketing\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want []string // substrings of stderr, each on its own line
	}{
		{[]string{cur, fut}, nil},
		{[]string{fut, cur}, []string{`future.xlsx is the "Future state" map (Persona!B4) and`, "did you mean journey diff"}},
		{[]string{cur, cur}, []string{`current.xlsx is a "Current state" map (Persona!B4); diff expects the "Future state" map second`}},
		{[]string{fut, fut}, []string{`future.xlsx is a "Future state" map (Persona!B4); diff expects the "Current state" map first`}},
		{[]string{csvFile, csvFile}, nil}, // no Persona sheet, no warning
	}
	for _, c := range cases {
		code, _, stderr := runDiffCmd(t, c.args...)
		if code == ExitTrouble {
			t.Fatalf("%q: exit code 2: %s", c.args, stderr)
		}
		if len(c.want) == 0 && stderr != "" {
			t.Errorf("%q: stderr %q, want nothing", c.args, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stderr, "journey: warning: ") || !strings.Contains(stderr, w) {
				t.Errorf("%q: stderr %q, want a warning containing %q", c.args, stderr, w)
			}
		}
	}
}

func TestDiffFormats(t *testing.T) {
	cur, fut := filepath.Join(diffFixtures, "current.xlsx"), filepath.Join(diffFixtures, "future.xlsx")
	for format, want := range map[string]string{
		"table":    "2 added, 2 removed, 6 changed, 1 moved, 35 unchanged",
		"json":     `"summary": {`,
		"markdown": "| Stage | Touchpoints | Automated |",
		"csv":      "kind,id,stage,touchpoint,match,similarity,field,from,to,from_cell,to_cell\n",
	} {
		code, out, stderr := runDiffCmd(t, cur, fut, "--format", format)
		if code != ExitFindings || !strings.Contains(out, want) {
			t.Errorf("--format %s: exit %d, output lacks %q:\n%s%s", format, code, want, out, stderr)
		}
		if strings.Contains(out, "\x1b[") {
			t.Errorf("--format %s: colour codes when output is not a terminal", format)
		}
	}
	// --ignore takes aliases, several at once.
	_, out, _ := runDiffCmd(t, cur, fut, "--format", "csv", "--ignore", "Touchpoint,Mode", "--ignore", "budget")
	for _, gone := range []string{",Touchpoint,", ",Mode,", ",Budget,"} {
		if strings.Contains(out, gone) {
			t.Errorf("ignored column %s still reported:\n%s", gone, out)
		}
	}
}

// TestDiffOutputWorkbook writes -o and has LibreOffice read it back: every
// touchpoint of both maps is there with its Change, the removed ones at
// the bottom.
func TestDiffOutputWorkbook(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "changes.xlsx")
	cur, fut := filepath.Join(diffFixtures, "current.xlsx"), filepath.Join(diffFixtures, "future.xlsx")
	code, _, stderr := runDiffCmd(t, cur, fut, "-o", out)
	if code != ExitFindings || !strings.Contains(stderr, "wrote "+out) {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	// Refused without --force, and nothing printed; replaced with it.
	code, stdout, stderr := runDiffCmd(t, cur, fut, "-o", out)
	if code != ExitTrouble || stdout != "" || !strings.Contains(stderr, "--force") {
		t.Errorf("second -o without --force: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, _, stderr = runDiffCmd(t, cur, fut, "-o", out, "--force"); code != ExitFindings {
		t.Errorf("-o --force: exit %d, %s", code, stderr)
	}

	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not on PATH; install libreoffice-calc-nogui to check the -o workbook in it")
	}
	lo := t.TempDir()
	records := lotest.SheetCSV(t, soffice, lo, out, filepath.Join(lo, "out"), 4) // Guide, Persona, Stages, Touchpoints
	header := records[0]
	if header[len(header)-1] != "Change" {
		t.Fatalf("header %q, want Change last", header)
	}
	got := map[string]string{}
	var order []string
	for _, r := range records[1:] {
		got[r[0]] = r[len(r)-1]
		order = append(order, r[len(r)-1])
	}
	want := map[string]string{"TP-045": "added", "TP-046": "added", "TP-014": "removed", "TP-024": "removed", "TP-033": "moved"}
	for _, id := range []string{"TP-008", "TP-022", "TP-023", "TP-026", "TP-028", "TP-037"} {
		want[id] = "changed"
	}
	for i := 1; i <= 44; i++ {
		if id := fmt.Sprintf("TP-%03d", i); want[id] == "" {
			want[id] = "unchanged"
		}
	}
	if !reflect.DeepEqual(got, want) {
		var diffs []string
		for id := range want {
			if got[id] != want[id] {
				diffs = append(diffs, id+": "+got[id]+" want "+want[id])
			}
		}
		sort.Strings(diffs)
		t.Errorf("LibreOffice reads %d touchpoints; differences: %q", len(got), diffs)
	}
	if tail := order[len(order)-2:]; !reflect.DeepEqual(tail, []string{"removed", "removed"}) {
		t.Errorf("last rows %q, want the removed ones", tail)
	}
}
