package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/journey-cli/journey/internal/cli"
)

// rejected lists the readable-looking corpus files journey refuses on
// purpose (exit 2), with why.
var rejected = map[string]string{
	"csv_frictionless_table-infer-iso-8859-7.csv": "not UTF-8: journey asks for a UTF-8 re-save rather than guess the encoding",
	"csv_frictionless_empty.csv":                  "0 bytes: nothing to read",
	"bad_poi_poc-shared-strings.xlsx":             "invalid cell references (A0)",
}

// TestCorpus runs lint and gaps on every real-world file of
// ../shared/corpus: readable files exit 0 or 1, the others 2 with one line
// naming the file; nothing panics or hangs.
func TestCorpus(t *testing.T) {
	dir, _ := filepath.Abs("../../../shared/corpus")
	manifest, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Skipf("the shared corpus is not here (%v); it lives beside the repository in ../shared/corpus", err)
	}
	defer manifest.Close()
	sc := bufio.NewScanner(manifest)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	sc.Scan() // header
	for sc.Scan() {
		name := strings.SplitN(sc.Text(), "\t", 2)[0]
		path := filepath.Join(dir, name)
		wantTrouble := strings.HasPrefix(name, "bad_") || rejected[name] != ""
		for _, cmd := range []string{"lint", "gaps"} {
			t.Run(cmd+"/"+name, func(t *testing.T) {
				code, stdout, stderr := runWithTimeout(t, 60*time.Second, cmd, path)
				if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "internal error") {
					t.Fatalf("crashed: %s", stderr)
				}
				switch {
				case wantTrouble && code != 2:
					t.Errorf("exit %d, want 2 (%s); stdout:\n%s", code, rejected[name], firstLines(stdout, 5))
				case wantTrouble:
					if lines := strings.Split(strings.TrimSpace(stderr), "\n"); len(lines) != 1 || !strings.Contains(lines[0], name) {
						t.Errorf("want one line naming the file, got:\n%s", stderr)
					}
				case code != 0 && code != 1:
					t.Errorf("exit %d for a readable file; stderr: %s", code, stderr)
				}
			})
		}
	}
}

// runWithTimeout runs the command line in-process and fails the test if it
// does not finish in time.
func runWithTimeout(t *testing.T, limit time.Duration, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	streams := &cli.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Env: func(string) (string, bool) { return "", false }}
	done := make(chan int, 1)
	go func() { done <- cli.Main(args, streams) }()
	select {
	case code := <-done:
		return code, out.String(), errOut.String()
	case <-time.After(limit):
		t.Fatalf("journey %s did not finish in %v", strings.Join(args, " "), limit)
		return 0, "", ""
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
