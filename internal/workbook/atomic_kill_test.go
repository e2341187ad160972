package workbook

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The kill test re-runs the test binary as a child that writes slowly
// through WriteFileAtomic; these say what it writes.
const (
	killHelperEnv = "JOURNEY_KILL_HELPER"
	killTargetEnv = "JOURNEY_KILL_TARGET"
	killChunk     = 64 << 10 // bytes per write
	killChunks    = 2000     // 125 MiB at most, over 20 s at most
)

// killHelper is the child: it replaces the target with a large file,
// slowly, until it is killed.
func killHelper() error {
	chunk := bytes.Repeat([]byte("a new workbook, half written "), killChunk/29+1)[:killChunk]
	return WriteFileAtomic(os.Getenv(killTargetEnv), true, func(w io.Writer) error {
		for range killChunks {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
			time.Sleep(10 * time.Millisecond)
		}
		return nil
	})
}

// TestWriteFileAtomicKilled kills a write halfway (SIGKILL: no deferred
// clean-up runs) and shows the old workbook intact and still readable, and
// what is left behind: the temp file, named so that a user recognises it,
// which the next write neither trips over nor removes.
func TestWriteFileAtomicKilled(t *testing.T) {
	if os.Getenv(killHelperEnv) == "1" {
		if err := killHelper(); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(3)
		}
		os.Exit(0)
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL on Windows")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "journey.xlsx")
	if err := WriteNew(target, InitOptions{Template: mustTemplate(t), Example: true}); err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	cmd := exec.Command(os.Args[0], "-test.run=^TestWriteFileAtomicKilled$", "-test.count=1")
	cmd.Env = append(os.Environ(), killHelperEnv+"=1", killTargetEnv+"="+target)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()

	// Wait until the child is well into its write: its temp file exists
	// and holds a few chunks.
	pattern := filepath.Join(dir, ".journey-journey.xlsx.*.tmp")
	var tmp string
	var size int64
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no temp file %s with data after 30 s; child said:\n%s", pattern, out.String())
		}
		matches, _ := filepath.Glob(pattern)
		if len(matches) == 1 {
			if info, err := os.Stat(matches[0]); err == nil && info.Size() >= 4*killChunk {
				tmp, size = matches[0], info.Size()
				break
			}
		}
		// While the write goes on, the target is the old file.
		if got, err := os.ReadFile(target); err != nil || !bytes.Equal(got, old) {
			t.Fatalf("the target changed during the write (err %v)", err)
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	err = cmd.Wait()
	killed = true
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != -1 || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("child ended with %v, want killed by a signal; it said:\n%s", err, out.String())
	}

	got, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, old) {
		t.Fatalf("the target changed: %d bytes, was %d", len(got), len(old))
	}
	j, err := Read(target, ReadOptions{Template: mustTemplate(t)})
	if err != nil || len(j.Touchpoints) != 44 {
		t.Fatalf("the old workbook no longer reads: %v", err)
	}

	// What is left: the target and the half-written temp file, hidden and
	// named after journey and the target.
	names := dirEntries(t, dir)
	info, err := os.Stat(tmp)
	if err != nil || len(names) != 2 {
		t.Fatalf("folder holds %q, want journey.xlsx and the temp file %s (%v)", names, filepath.Base(tmp), err)
	}
	if info.Size() < size || info.Size() >= killChunk*killChunks {
		t.Errorf("temp file holds %d bytes, want a part of the %d being written", info.Size(), killChunk*killChunks)
	}
	t.Logf("killed after %d of %d bytes; left behind: %s (%d bytes), target unchanged (%d bytes)",
		info.Size(), killChunk*killChunks, filepath.Base(tmp), info.Size(), len(old))

	// The next write works beside the leftover and leaves it alone (it
	// might be another process's write in progress).
	if err := WriteFileAtomic(target, true, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(target); string(got) != "new" {
		t.Errorf("after the next write the target holds %q", got)
	}
	if _, err := os.Stat(tmp); err != nil {
		t.Errorf("the next write removed the leftover: %v", err)
	}
}

// TestWriteFileAtomicTempName checks the temp file's name: hidden, naming
// journey and the target, and short enough for a target with a long name.
func TestWriteFileAtomicTempName(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("ä", 120) + ".xlsx" // 245 bytes
	var seen string
	err := WriteFileAtomic(filepath.Join(dir, long), false, func(w io.Writer) error {
		seen = w.(*os.File).Name()
		_, err := io.WriteString(w, "x")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Base(seen)
	if !strings.HasPrefix(base, ".journey-ää") || !strings.HasSuffix(base, ".tmp") || len(base) > 255 {
		t.Errorf("temp file %q: want .journey-NAME.*.tmp, at most 255 bytes", base)
	}
	if names := dirEntries(t, dir); len(names) != 1 || names[0] != long {
		t.Errorf("folder holds %q", names)
	}
	if got := tempPattern("all.xlsx"); got != ".journey-all.xlsx.*.tmp" {
		t.Errorf("tempPattern = %q", got)
	}
}

// TestWriteFileAtomicKeepsModeAndLink: a replaced file keeps its mode
// (without execute bits), its backup too, and a symbolic link stays a link
// to the replaced file.
func TestWriteFileAtomicKeepsModeAndLink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix modes and links")
	}
	dir := t.TempDir()
	private := filepath.Join(dir, "private.xlsx")
	if err := os.WriteFile(private, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Backup(private); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(private, true, writeString("new")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{private, private + ".bak"} {
		if info, err := os.Stat(p); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v (%v), want 0600 kept", filepath.Base(p), info.Mode().Perm(), err)
		}
	}
	if got, _ := os.ReadFile(private + ".bak"); string(got) != "old" {
		t.Errorf("backup holds %q", got)
	}

	real := filepath.Join(dir, "shared", "journey.xlsx")
	if err := os.Mkdir(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.xlsx")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(link, true, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link.xlsx is no longer a link (%v)", err)
	}
	if got, _ := os.ReadFile(real); string(got) != "new" {
		t.Errorf("the linked file holds %q, want new", got)
	}
	if names := dirEntries(t, filepath.Dir(real)); len(names) != 1 {
		t.Errorf("shared/ holds %q", names)
	}
}
