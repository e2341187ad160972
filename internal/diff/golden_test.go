package diff_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/fatih/color"

	"github.com/journey-cli/journey/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden renders the fixtures' comparison in every format and
// compares it with testdata/golden (go test ./internal/diff -update
// rewrites them). The table is fitted to 80 columns, without colour.
func TestGolden(t *testing.T) {
	defer func(old bool) { color.NoColor = old }(color.NoColor)
	color.NoColor = true
	r := compareFiles(t, filepath.Join(fixtures, "current.xlsx"), filepath.Join(fixtures, "future.xlsx"))
	same := compareFiles(t, filepath.Join(fixtures, "current.xlsx"), filepath.Join(fixtures, "current.xlsx"))
	render := map[string]func(*bytes.Buffer) error{
		"diff.txt":      func(b *bytes.Buffer) error { return report.WriteDiffTable(b, r, 80) },
		"diff-same.txt": func(b *bytes.Buffer) error { return report.WriteDiffTable(b, same, 80) },
		"diff.md":       func(b *bytes.Buffer) error { return report.WriteDiffMarkdown(b, r) },
		"diff.csv":      func(b *bytes.Buffer) error { return report.WriteDiffCSV(b, r) },
		"diff.json":     func(b *bytes.Buffer) error { return report.WriteDiffJSON(b, r) },
	}
	names := make([]string, 0, len(render))
	for name := range render {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := render[name](&b); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./internal/diff -update writes it)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from %s (go test ./internal/diff -update rewrites it):\n%s", name, path, b.String())
			}
		})
	}
}

// TestTableWidth checks that the table output fits in 80 columns.
func TestTableWidth(t *testing.T) {
	defer func(old bool) { color.NoColor = old }(color.NoColor)
	color.NoColor = true
	r := compareFiles(t, filepath.Join(fixtures, "current-noid.xlsx"), filepath.Join(fixtures, "future-noid-libreoffice.xlsx"))
	for _, width := range []int{80, 60} {
		var b bytes.Buffer
		if err := report.WriteDiffTable(&b, r, width); err != nil {
			t.Fatal(err)
		}
		for i, line := range bytes.Split(b.Bytes(), []byte("\n")) {
			if n := len([]rune(string(line))); n > width {
				t.Errorf("width %d: line %d has %d columns: %s", width, i+1, n, line)
			}
		}
	}
}

// TestJSONShape checks the SPEC 8 keys of the JSON output.
func TestJSONShape(t *testing.T) {
	r := compareFiles(t, filepath.Join(fixtures, "current.xlsx"), filepath.Join(fixtures, "future.xlsx"))
	var b bytes.Buffer
	if err := report.WriteDiffJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	keys := func(v any) []string {
		var out []string
		for k := range v.(map[string]any) {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	has := func(what string, got []string, want ...string) {
		set := map[string]bool{}
		for _, k := range got {
			set[k] = true
		}
		for _, k := range want {
			if !set[k] {
				t.Errorf("%s lacks %q (has %q)", what, k, got)
			}
		}
	}
	has("top level", keys(doc), "summary", "changes", "stages", "stage_changes")
	if got := keys(doc["summary"]); !reflect.DeepEqual(got, []string{"added", "changed", "moved", "removed", "unchanged"}) {
		t.Errorf("summary keys %q", got)
	}
	changes := doc["changes"].([]any)
	for _, c := range changes {
		has("a change", keys(c), "kind", "id", "stage", "touchpoint", "from_row", "to_row", "fields")
		for _, f := range c.(map[string]any)["fields"].([]any) {
			has("a field", keys(f), "field", "from", "to")
		}
	}
	if len(changes) != 11 {
		t.Errorf("%d changes, want 11", len(changes))
	}
}
