// Package lotest runs LibreOffice headless for the interoperability
// tests of several packages: one place for the profile, timeout and CSV
// export filter that make a conversion reliable.
package lotest

import (
	"context"
	"encoding/csv"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// SheetCSV converts sheet number n of book to CSV with LibreOffice
// headless and returns its records. The CSV export filter's 12th token
// picks the sheet; LibreOffice then names the output <book>-<Sheet>.csv.
func SheetCSV(t testing.TB, soffice, dir, book, outDir string, n int) [][]string {
	t.Helper()
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	profile := url.URL{Scheme: "file", Path: filepath.Join(dir, "lo-profile")}
	filter := "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false," + strconv.Itoa(n)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation="+profile.String(), "--headless", "--norestore",
		"--convert-to", filter, "--outdir", outDir, book)
	cmd.Env = append(os.Environ(), "HOME="+home)
	cmd.WaitDelay = 10 * time.Second
	output, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice failed (%v):\n%s", err, output)
	}
	matches, _ := filepath.Glob(filepath.Join(outDir, "*.csv"))
	if len(matches) != 1 {
		t.Fatalf("soffice wrote %q, want one CSV file; its output:\n%s", matches, output)
	}
	f, err := os.Open(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", matches[0], err)
	}
	return records
}
