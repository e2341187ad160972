package cli

import (
	"os"
	"path/filepath"
	"testing"
)

func TestInputBytes(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.csv")
	if err := os.WriteFile(a, make([]byte, 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, make([]byte, 234), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		want int64
	}{
		{"no arguments", nil, 0},
		{"one file", []string{a}, 1000},
		{"two files", []string{a, b}, 1234},
		{"standard input", []string{a, "-"}, 0},
		{"a missing file", []string{a, filepath.Join(dir, "missing.xlsx")}, 0},
		{"a folder", []string{dir}, 0},
	} {
		if got := inputBytes(c.args); got != c.want {
			t.Errorf("%s: inputBytes = %d, want %d", c.name, got, c.want)
		}
	}
}
