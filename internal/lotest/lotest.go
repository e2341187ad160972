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
	filter := "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false," + strconv.Itoa(n)
	f, err := os.Open(convert(t, soffice, dir, book, outDir, filter, "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", f.Name(), err)
	}
	return records
}

// Resave has LibreOffice headless open book and save it as .xlsx in
// outDir, and returns the new file's path.
func Resave(t testing.TB, soffice, dir, book, outDir string) string {
	t.Helper()
	return convert(t, soffice, dir, book, outDir, "xlsx", "*.xlsx")
}

// convert runs one LibreOffice conversion, with its own profile under
// dir, and returns the one file it wrote in outDir matching pattern.
func convert(t testing.TB, soffice, dir, book, outDir, filter, pattern string) string {
	t.Helper()
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	profile := url.URL{Scheme: "file", Path: filepath.Join(dir, "lo-profile")}
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
	matches, _ := filepath.Glob(filepath.Join(outDir, pattern))
	if len(matches) != 1 {
		t.Fatalf("soffice wrote %q, want one file; its output:\n%s", matches, output)
	}
	return matches[0]
}
