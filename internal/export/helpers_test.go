package export_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-cli/journey/internal/cli"
	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

var update = flag.Bool("update", false, "rewrite testdata/export/golden/* and docs/journey-map.png")

// repoRoot is the repository root, found before any test changes the
// working folder.
var repoRoot = func() string {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		panic(err)
	}
	return root
}()

// repoPath returns a path from the repository root.
func repoPath(t *testing.T, elem ...string) string {
	t.Helper()
	return filepath.Join(append([]string{repoRoot}, elem...)...)
}

// loadTemplate loads a built-in template or fails the test.
func loadTemplate(t *testing.T, name string) *journey.Template {
	t.Helper()
	tpl, err := templates.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// exampleDir writes the workbook of `journey init --example` as
// example.xlsx into a new folder, makes it the working folder (so that
// outputs name the file example.xlsx) and returns it.
func exampleDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := workbook.WriteNew(filepath.Join(dir, "example.xlsx"), workbook.InitOptions{Template: loadTemplate(t, "b2b-saas"), Example: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	return dir
}

// readExample reads the example workbook as every command reads it.
func readExample(t *testing.T) *journey.Journey {
	t.Helper()
	exampleDir(t)
	j, err := workbook.Read("example.xlsx", workbook.ReadOptions{Template: loadTemplate(t, "b2b-saas")})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// runJourney runs the journey command line with buffers.
func runJourney(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = cli.Main(args, &cli.IOStreams{
		In: strings.NewReader(""), Out: &out, ErrOut: &errOut,
		Env: func(string) (string, bool) { return "", false },
	})
	return out.String(), errOut.String(), code
}

// checkGolden compares got with the golden file, or rewrites it with -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/export -run Golden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run with -update to accept it):\n%s", path, firstDiff(string(want), string(got)))
	}
}

// firstDiff shows the first line that differs.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, a, b)
		}
	}
	return "(same lines, different bytes)"
}

// tp builds a touchpoint from field values, parsing its typed fields.
func tp(fields map[journey.Field]string) journey.Touchpoint {
	var t journey.Touchpoint
	for f, v := range fields {
		t.SetRaw(f, v)
	}
	journey.ParseTyped(&t)
	return t
}

// allColumns is a table that has every known column, in order.
func allColumns() journey.Table {
	var tb journey.Table
	tb.HeaderRow = 1
	for f := journey.Field(0); f < journey.NumFields; f++ {
		tb.Columns[f] = int(f) + 1
		tb.Headers = append(tb.Headers, journey.Header{Col: int(f) + 1, Text: f.String(), Field: f})
	}
	return tb
}
