package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/journey-cli/journey/internal/cli"
)

var update = flag.Bool("update", false, "rewrite the expected output files in testdata/script")

// TestMain lets the test binary run as the real journey command inside
// the scripts of testdata/script.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"journey": func() { os.Exit(cli.Main(os.Args[1:], cli.System())) },
	})
}

// TestScripts runs the end-to-end scripts: the real binary on real files.
// $CORPUS is ../shared/corpus when present (condition [corpus]);
// $TESTDATA is the repository's testdata folder.
func TestScripts(t *testing.T) {
	testdata, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	corpus, _ := filepath.Abs("../../../shared/corpus")
	_, corpusErr := os.Stat(corpus)
	testscript.Run(t, testscript.Params{
		Dir:           filepath.Join(testdata, "script"),
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("TESTDATA", testdata)
			env.Setenv("CORPUS", corpus)
			env.Setenv("HOME", env.WorkDir) // LibreOffice needs a writable profile
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "corpus" {
				return corpusErr == nil, nil
			}
			return false, nil
		},
	})
}
