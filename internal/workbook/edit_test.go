package workbook

import (
	"archive/zip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// workbookContentType returns the content type a package declares for
// its workbook part, and whether it holds a VBA project.
func workbookContentType(t *testing.T, path string) (string, bool) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var types string
	macros := false
	for _, f := range zr.File {
		switch f.Name {
		case "[Content_Types].xml":
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(r)
			r.Close()
			types = string(data)
		case "xl/vbaProject.bin":
			macros = true
		}
	}
	i := strings.Index(types, `PartName="/xl/workbook.xml"`)
	if i < 0 {
		t.Fatalf("%s declares no workbook part", path)
	}
	rest := types[i:]
	rest = rest[strings.Index(rest, `ContentType="`)+len(`ContentType="`):]
	return rest[:strings.IndexByte(rest, '"')], macros
}

// addMacros writes a copy of the workbook in to out as Excel saves a
// workbook with macros: a VBA project part and the macro-enabled type.
func addMacros(t *testing.T, in, out string) {
	t.Helper()
	zr, err := zip.OpenReader(in)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	file, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	zw := zip.NewWriter(file)
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(r)
		r.Close()
		if f.Name == "[Content_Types].xml" {
			data = []byte(strings.Replace(string(data), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", macroType, 1))
			data = []byte(strings.Replace(string(data), "<Default ", `<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default `, 1))
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	w, _ := zw.Create("xl/vbaProject.bin")
	w.Write([]byte("not really VBA"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

const macroType = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"

// A copy's workbook type follows its file name, and a workbook with
// macros is not written under a name that would lose them.
func TestWriteCopyFollowsExtension(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.xlsx")
	if err := WriteNew(plain, InitOptions{Template: loadTemplate(t, "b2b-saas"), Example: true}); err != nil {
		t.Fatal(err)
	}
	macro := filepath.Join(dir, "macro.xlsm")
	addMacros(t, plain, macro)

	for _, c := range []struct {
		in, out    string
		wantType   string
		wantMacros bool
		refused    bool
	}{
		{macro, "fixed.xlsm", macroType, true, false},
		{macro, "fixed.xlsx", "", false, true},
		{plain, "fixed-plain.xlsm", macroType, false, false},
		{plain, "fixed-plain.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", false, false},
	} {
		out := filepath.Join(dir, c.out)
		err := ApplyEdits(c.in, out, nil, false)
		if c.refused {
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(e.Error(), "would lose the macros of macro.xlsm") {
				t.Errorf("%s -> %s: error %v, want a refusal naming the macros", filepath.Base(c.in), c.out, err)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written anyway", c.out)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s -> %s: %v", filepath.Base(c.in), c.out, err)
		}
		gotType, gotMacros := workbookContentType(t, out)
		if gotType != c.wantType || gotMacros != c.wantMacros {
			t.Errorf("%s -> %s: type %s, macros %v; want %s, %v", filepath.Base(c.in), c.out, gotType, gotMacros, c.wantType, c.wantMacros)
		}
	}
}
