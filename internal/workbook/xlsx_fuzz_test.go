package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-cli/journey/internal/journey"
)

// smallWorkbook is a workbook with a Touchpoints sheet whose XML the sheet
// fuzzer replaces: every other part is valid.
func smallWorkbook(sheetXML []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Touchpoints" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>Stage</t></si><si><t>Touchpoint</t></si><si><t>Channel</t></si></sst>`},
		{"xl/worksheets/sheet1.xml", string(sheetXML)},
	}
	for _, p := range parts {
		w, _ := zw.Create(p.name)
		w.Write([]byte(p.body))
	}
	zw.Close()
	return buf.Bytes()
}

const seedSheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:G2"/><sheetData>` +
	`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><t>Mode</t></is></c><c r="E1" t="inlineStr"><is><t>Direction</t></is></c><c r="F1" t="inlineStr"><is><t>Owner team</t></is></c><c r="G1" t="inlineStr"><is><t>Day</t></is></c></row>` +
	`<row r="2"><c r="A2" t="inlineStr"><is><t>Onboarding</t></is></c><c r="B2" t="inlineStr"><is><t>Kickoff</t></is></c><c r="C2" t="inlineStr"><is><t>Email</t></is></c><c r="D2" t="inlineStr"><is><t>Manual</t></is></c><c r="E2" t="inlineStr"><is><t>Outbound</t></is></c><c r="F2" t="inlineStr"><is><t>Sales</t></is></c><c r="G2"><v>3</v></c></row>` +
	`</sheetData><mergeCells count="1"><mergeCell ref="A5:B6"/></mergeCells></worksheet>`

// readFuzzed reads a workbook from bytes and checks the reader's promises:
// no panic, either a journey or an *Error of one line naming the input.
func readFuzzed(t *testing.T, data []byte) {
	path := filepath.Join(t.TempDir(), "fuzz.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	j, err := Read(path, ReadOptions{})
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		if msg := e.Error(); !strings.HasPrefix(msg, path+": ") || strings.Contains(msg, "\n") {
			t.Fatalf("message %q is not one line naming the file", msg)
		}
		return
	}
	for _, tp := range j.Touchpoints {
		if tp.Row <= j.Table.HeaderRow {
			t.Fatalf("touchpoint at row %d, above the header row %d", tp.Row, j.Table.HeaderRow)
		}
	}
}

// FuzzReadSheetXML mutates the XML of a sheet inside an otherwise valid
// workbook: the streaming reader meets broken cells, rows and references.
func FuzzReadSheetXML(f *testing.F) {
	f.Add([]byte(seedSheet))
	f.Add([]byte(strings.ReplaceAll(seedSheet, `r="A2"`, `r="A0"`)))
	f.Add([]byte(strings.ReplaceAll(seedSheet, `<c r="G2">`, `<c r="G2" s="">`)))
	f.Add([]byte(strings.Replace(seedSheet, `</sheetData>`, ``, 1)))
	f.Add([]byte(strings.ReplaceAll(seedSheet, `<v>3</v>`, `<f>1/0</f><v>#DIV/0!</v>`)))
	f.Add([]byte(strings.ReplaceAll(seedSheet, `r="2"`, `r="1048577"`)))
	f.Fuzz(func(t *testing.T, sheet []byte) {
		readFuzzed(t, smallWorkbook(sheet))
	})
}

// FuzzReadWorkbookBytes mutates whole workbook files: zip structure,
// headers and parts.
func FuzzReadWorkbookBytes(f *testing.F) {
	f.Add(smallWorkbook([]byte(seedSheet)))
	for _, name := range []string{"bad_truncated_SampleSS.xlsx", "bad_tealeg_badfile_noWorksheets.xlsx"} {
		if data, err := os.ReadFile(filepath.Join("testdata", "bad", name)); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		readFuzzed(t, data)
	})
}

// TestFuzzSeedsRead: the sheet fuzzer's base case is a real journey.
func TestFuzzSeedsRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.xlsx")
	if err := os.WriteFile(path, smallWorkbook([]byte(seedSheet)), 0o644); err != nil {
		t.Fatal(err)
	}
	j, err := Read(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Touchpoints) != 1 || j.Touchpoints[0].Day != journey.Some(3) || j.Touchpoints[0].Team() != "Sales" {
		t.Fatalf("got %+v", j.Touchpoints)
	}
}
