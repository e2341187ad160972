package main

import (
	"archive/zip"
	"bytes"
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
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"zipbomb": zipBomb,
		},
		Condition: func(cond string) (bool, error) {
			if cond == "corpus" {
				return corpusErr == nil, nil
			}
			return false, nil
		},
	})
}

// zipBomb writes a workbook-shaped zip whose sheet unpacks to 2 GiB of
// empty rows (about 2 MB on disk): zipbomb FILE.
func zipBomb(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: zipbomb FILE")
	}
	f, err := os.Create(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	zw := zip.NewWriter(f)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels":         `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
	} {
		w, err := zw.Create(name)
		ts.Check(err)
		_, err = w.Write([]byte(body))
		ts.Check(err)
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	ts.Check(err)
	chunk := bytes.Repeat([]byte("<row/>"), 1<<20)
	for written := 0; written < 2<<30; written += len(chunk) {
		_, err = w.Write(chunk)
		ts.Check(err)
	}
	ts.Check(zw.Close())
}
