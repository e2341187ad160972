package workbook

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeString returns a write func that writes s.
func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// dirEntries lists the names in dir.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFileAtomicCreates(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.xlsx")
	if err := WriteFileAtomic(path, false, writeString("hello")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "hello" {
		t.Fatalf("content = %q, %v; want hello", got, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o644 {
		t.Errorf("mode = %v, want 0644", mode)
	}
	if names := dirEntries(t, dir); len(names) != 1 {
		t.Errorf("folder holds %v, want only out.xlsx", names)
	}
}

func TestWriteFileAtomicRefusesOverwrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.xlsx")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	called := false
	err := WriteFileAtomic(path, false, func(w io.Writer) error { called = true; return nil })
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "already exists: use --force to replace it") || e.File != path {
		t.Fatalf("err = %v, want *Error saying it already exists", err)
	}
	if called {
		t.Error("the write func ran although the file exists")
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("content = %q, want old", got)
	}
}

func TestWriteFileAtomicForceReplaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.xlsx")
	if err := os.WriteFile(path, []byte("old"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, true, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("content = %q, want new", got)
	}
	info, _ := os.Stat(path)
	if mode := info.Mode().Perm(); mode != 0o644 {
		t.Errorf("mode = %v, want 0644", mode)
	}
}

func TestWriteFileAtomicFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.xlsx")
	old := bytes.Repeat([]byte("old workbook bytes "), 1000)
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk on fire")
	err := WriteFileAtomic(path, true, func(w io.Writer) error {
		if _, err := w.Write([]byte("half a new workbook")); err != nil {
			return err
		}
		return boom
	})
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("err = %v, want an *Error mentioning the cause", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, old) {
		t.Error("the old file changed after a failed write")
	}
	if names := dirEntries(t, dir); len(names) != 1 {
		t.Errorf("folder holds %v after a failed write, want only out.xlsx", names)
	}
}

func TestWriteFileAtomicKeepsWriteFuncError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.xlsx")
	want := errorf(path, "something specific")
	err := WriteFileAtomic(path, false, func(io.Writer) error { return want })
	if err != want {
		t.Errorf("err = %v, want the write func's own *Error", err)
	}
	if _, serr := os.Stat(path); serr == nil {
		t.Error("a failed write created the target")
	}
}

func TestWriteFileAtomicRefusesFolder(t *testing.T) {
	dir := t.TempDir()
	for _, force := range []bool{false, true} {
		err := WriteFileAtomic(dir, force, writeString("x"))
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Msg, "folder") {
			t.Errorf("force=%v: err = %v, want an *Error about a folder", force, err)
		}
	}
}

func TestWriteFileAtomicMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "out.xlsx")
	err := WriteFileAtomic(path, false, writeString("x"))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *Error", err)
	}
}
