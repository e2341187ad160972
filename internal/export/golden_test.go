package export_test

import (
	"testing"
)

// TestGolden runs `journey export example.xlsx --to FORMAT` on the
// workbook of `journey init --example` and compares the output with
// testdata/export/golden (go test ./internal/export -run Golden -update
// rewrites them).
func TestGolden(t *testing.T) {
	exampleDir(t)
	for _, tc := range []struct{ format, golden string }{
		{"csv", "example.csv"},
		{"json", "example.json"},
		{"markdown", "example.md"},
		{"mermaid", "example.mmd"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			out, errOut, code := runJourney(t, "export", "example.xlsx", "--to", tc.format)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			checkGolden(t, repoPath(t, "testdata", "export", "golden", tc.golden), []byte(out))
		})
	}
}
