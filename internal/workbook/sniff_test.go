package workbook

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// corpusDir is the shared corpus of real-world workbooks, beside the repo.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

// badWant is, for each bad_* file of the corpus and of testdata/bad, a
// distinctive part of the message sniff must give. An empty string means
// sniff accepts the file: what is wrong is inside the sheet data and is the
// reader's to report.
var badWant = map[string]string{
	"bad_excelize_encryptSHA1.xlsx":                               "password-protected",
	"bad_poi_protected_passtika.xlsx":                             "password-protected",
	"bad_poi_SampleSS.xls":                                        "legacy Excel 97-2003 .xls",
	"bad_poi_testEXCEL_95.xls":                                    "legacy Excel 5/95 .xls",
	"bad_poi_testEXCEL_4.xls":                                     "legacy Excel 2-4 worksheet (.xls)",
	"bad_poi_Simple.xlsb":                                         "binary workbook (.xlsb)",
	"bad_poi_SampleSS.ods":                                        "OpenDocument spreadsheet (.ods)",
	"bad_sheetjs_Attendance.numbers":                              "Apple Numbers",
	"bad_xlrd_sample.zip":                                         "a zip archive, not a workbook",
	"bad_poi_crash-274d6342e4842d61be0fb48eaadad6208ae767ae.xlsx": "truncated or damaged",
	"bad_truncated_SampleSS.xlsx":                                 "truncated or damaged",
	"bad_poi_xlsx-corrupted.xlsx":                                 "corrupt _rels/.rels",
	"bad_openpyxl_null_file.xlsx":                                 "empty file (0 bytes)",
	"bad_tealeg_badfile_noWorksheets.xlsx":                        `damaged workbook: sheet "Tabelle1" is listed but its data is missing from the file`,
	"bad_poi_poc-xmlbomb.xlsx":                                    "unsafe XML (entity declarations) in xl/sharedStrings.xml",
	// A valid package whose one 1 MB shared string is referenced 12,000
	// times from cells numbered from row 0: the reader reports the invalid
	// references and bounds its output.
	"bad_poi_poc-shared-strings.xlsx": "",
}

// goErrorText are fragments of Go error messages that must never reach the
// user.
var goErrorText = []string{"zip: ", "EOF", "XML syntax", "expected element", "flate", "mscfb", "unexpected", "%!", "<nil>"}

// checkRefused fails unless err is an *Error about file whose message
// contains want and reads as one sentence without Go error text.
func checkRefused(t *testing.T, err error, file, want string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("sniff(%s) = %v, want an *Error containing %q", file, err, want)
	}
	msg := err.Error()
	t.Log(msg)
	if !strings.HasPrefix(msg, file+": ") {
		t.Errorf("message %q does not start with the file name %q", msg, file)
	}
	if !strings.Contains(msg, want) {
		t.Errorf("message %q does not contain %q", msg, want)
	}
	for _, bad := range goErrorText {
		if strings.Contains(e.Msg, bad) {
			t.Errorf("message %q contains Go error text %q", msg, bad)
		}
	}
	if strings.ContainsAny(e.Msg, "\n") || strings.HasSuffix(e.Msg, ".") || strings.Contains(e.Msg, ". ") {
		t.Errorf("message %q is not one sentence without a trailing period", msg)
	}
}

// checkSniff checks sniff's answer for file: kind when want is empty, else
// an *Error containing want.
func checkSniff(t *testing.T, file string, kind Kind, err error, wantKind Kind, want string) {
	t.Helper()
	if want != "" {
		checkRefused(t, err, file, want)
		return
	}
	if err != nil || kind != wantKind {
		t.Errorf("sniff(%s) = %v, %v; want %v, nil", file, kind, err, wantKind)
	}
}

// sniffDir sniffs every bad_* file in dir against badWant.
func sniffDir(t *testing.T, dir string) {
	names, err := filepath.Glob(filepath.Join(dir, "bad_*"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no bad_* files in %s", dir)
	}
	for _, path := range names {
		want, ok := badWant[filepath.Base(path)]
		if !ok {
			t.Errorf("%s: new bad file: add what sniff must say about it to badWant", path)
			continue
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			kind, err := sniff(path)
			checkSniff(t, path, kind, err, KindXLSX, want)
		})
	}
}

// needCorpus skips the test when the shared corpus is not beside the repo.
func needCorpus(t testing.TB) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus %s not found (it sits beside the repository in the development setup): %v", corpusDir, err)
	}
}

func TestSniffTestdataBad(t *testing.T) {
	sniffDir(t, filepath.Join("testdata", "bad"))
}

func TestSniffCorpusBad(t *testing.T) {
	needCorpus(t)
	sniffDir(t, corpusDir)
}

func TestSniffCorpusOK(t *testing.T) {
	needCorpus(t)
	var names []string
	for _, pattern := range []string{"ok_*.xlsx", "ok_*.xlsm"} {
		m, _ := filepath.Glob(filepath.Join(corpusDir, pattern))
		names = append(names, m...)
	}
	for _, must := range []string{"ok_calamine_minimal_package.xlsx", "ok_sheetjs_wtf_path.xlsx", "ok_poi_SampleSS.strict.xlsx"} {
		if _, err := os.Stat(filepath.Join(corpusDir, must)); err != nil {
			t.Errorf("corpus lacks %s", must)
		}
	}
	for _, path := range names {
		t.Run(filepath.Base(path), func(t *testing.T) {
			kind, err := sniff(path)
			checkSniff(t, path, kind, err, KindXLSX, "")
		})
	}
}

func TestSniffCorpusCSV(t *testing.T) {
	needCorpus(t)
	names, _ := filepath.Glob(filepath.Join(corpusDir, "csv_*"))
	for _, path := range names {
		t.Run(filepath.Base(path), func(t *testing.T) {
			kind, err := sniff(path)
			want := ""
			if fi, _ := os.Stat(path); fi != nil && fi.Size() == 0 {
				want = "empty file (0 bytes)"
			}
			checkSniff(t, path, kind, err, KindCSV, want)
		})
	}
}

// zipPart is an entry of a generated zip file.
type zipPart struct {
	name, body string
	size       int64  // when > 0, body is repeated to size bytes
	method     uint16 // zip.Deflate unless set
	flags      uint16
}

// minimalXLSX is the smallest workbook excelize reads: one sheet with
// A1 = "Stage".
func minimalXLSX() []zipPart {
	const (
		rel  = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
		main = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	)
	return []zipPart{
		{name: "[Content_Types].xml", body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{name: "_rels/.rels", body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + rel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{name: "xl/workbook.xml", body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="` + main + `" xmlns:r="` + rel + `"><sheets><sheet name="Touchpoints" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{name: "xl/_rels/workbook.xml.rels", body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + rel + `/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{name: "xl/worksheets/sheet1.xml", body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="` + main + `"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Stage</t></is></c></row></sheetData></worksheet>`},
	}
}

// with returns parts with the entry named p.name replaced by p, or added.
func with(parts []zipPart, p zipPart) []zipPart {
	out := without(parts, p.name)
	return append(out, p)
}

// without returns parts without the entry named name.
func without(parts []zipPart, name string) []zipPart {
	var out []zipPart
	for _, q := range parts {
		if q.name != name {
			out = append(out, q)
		}
	}
	return out
}

// writeZip writes parts as a zip file at path.
func writeZip(t testing.TB, path string, parts []zipPart) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := writeZipTo(f, parts); err != nil {
		t.Fatal(err)
	}
}

// writeZipTo writes parts as a zip file to w.
func writeZipTo(w io.Writer, parts []zipPart) error {
	zw := zip.NewWriter(w)
	for _, p := range parts {
		var err error
		switch {
		case p.size > 0:
			err = createRepeated(zw, p.name, []byte(p.body), p.size)
		case p.method != 0 && p.method != zip.Deflate:
			err = createRawStored(zw, p)
		default:
			var pw io.Writer
			if pw, err = zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Flags: p.flags}); err == nil {
				_, err = io.WriteString(pw, p.body)
			}
		}
		if err != nil {
			return err
		}
	}
	return zw.Close()
}

// createRawStored writes p's body uncompressed under p's method number, to
// make an entry compressed with a method archive/zip does not know.
func createRawStored(zw *zip.Writer, p zipPart) error {
	pw, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: p.method,
		CRC32: crc32.ChecksumIEEE([]byte(p.body)), CompressedSize64: uint64(len(p.body)), UncompressedSize64: uint64(len(p.body))})
	if err == nil {
		_, err = io.WriteString(pw, p.body)
	}
	return err
}

// createRepeated adds an entry to zw whose content is unit repeated to about
// size bytes (rounded down to whole 1 MiB chunks), compressed with Deflate
// as well as Deflate can (~1000:1), without holding the content or even
// compressing all of it: one chunk is compressed, and the deflate blocks of
// the second chunk, which refer only to the window before them (the same
// periodic bytes each time), are repeated for every further chunk.
func createRepeated(zw *zip.Writer, name string, unit []byte, size int64) error {
	chunk := bytes.Repeat(unit, (1<<20)/len(unit))
	n := size / int64(len(chunk))
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return err
	}
	cut := func() []byte { b := bytes.Clone(buf.Bytes()); buf.Reset(); return b }
	fw.Write(chunk)
	fw.Flush()
	first := cut()
	fw.Write(chunk)
	fw.Flush()
	again := cut()
	fw.Close()
	last := cut()
	crc := uint32(0)
	for range n {
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64:   uint64(len(first)) + uint64(n-1)*uint64(len(again)) + uint64(len(last)),
		UncompressedSize64: uint64(n) * uint64(len(chunk)),
	})
	if err != nil {
		return err
	}
	w.Write(first)
	for i := int64(1); i < n; i++ {
		w.Write(again)
	}
	_, err = w.Write(last)
	return err
}

// TestCreateRepeated checks that the zip bomb the tests build is a genuine
// zip entry: it unpacks to the declared size, with the right checksum.
func TestCreateRepeated(t *testing.T) {
	var buf bytes.Buffer
	if err := writeZipTo(&buf, []zipPart{{name: "rows.xml", body: "<row/>", size: 16 << 20}}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	f := zr.File[0]
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	head := make([]byte, 12)
	io.ReadFull(rc, head)
	n, err := io.Copy(io.Discard, rc)
	if err != nil || uint64(n)+12 != f.UncompressedSize64 || string(head) != "<row/><row/>" {
		t.Fatalf("unpacked %d+12 bytes starting %q, err %v; want %d bytes of <row/>", n, head, err, f.UncompressedSize64)
	}
	if ratio := f.UncompressedSize64 / f.CompressedSize64; ratio < 500 {
		t.Errorf("compression ratio %d:1, want ~1000:1", ratio)
	}
}

// TestZipReadsNoMoreThanDeclared backs the claim in sniff.go that the sizes
// a zip declares bound what archive/zip unpacks: an entry declaring 1,000
// bytes whose data inflates to 1 MiB yields an error, not 1 MiB.
func TestZipReadsNoMoreThanDeclared(t *testing.T) {
	var data bytes.Buffer
	fw, _ := flate.NewWriter(&data, flate.BestCompression)
	fw.Write(bytes.Repeat([]byte("<row/>"), 1<<20/6))
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "liar.xml", Method: zip.Deflate, CompressedSize64: uint64(data.Len()), UncompressedSize64: 1000})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data.Bytes())
	zw.Close()
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, rc)
	if err == nil || n > 1000 {
		t.Errorf("read %d bytes, err %v; want at most 1000 bytes and an error", n, err)
	}
}

func TestSniffGenerated(t *testing.T) {
	dir := t.TempDir()
	const rel = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	xlsx := minimalXLSX()
	file := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	zipped := func(name string, parts []zipPart) string {
		p := filepath.Join(dir, name)
		writeZip(t, p, parts)
		return p
	}
	random := make([]byte, 4096)
	rand.NewChaCha8([32]byte{1}).Read(random)
	whole := zipped("whole.xlsx", xlsx)
	wholeBytes, _ := os.ReadFile(whole)
	sub := filepath.Join(dir, "folder.xlsx")
	os.Mkdir(sub, 0o755)
	var inner bytes.Buffer
	writeZipTo(&inner, xlsx)

	tests := []struct {
		name string
		path string
		kind Kind   // when want is ""
		want string // part of the message, "" when accepted
	}{
		{"minimal workbook", whole, KindXLSX, ""},
		{"xlsm", zipped("macros.xlsm", xlsx), KindXLSX, ""},
		{"xlsx renamed .xls", file("renamed.xls", wholeBytes), KindXLSX, ""},
		{"xlsx without extension", file("workbook", wholeBytes), KindXLSX, ""},
		{"xlsx named .csv", file("named.csv", wholeBytes), 0, "an Excel workbook named .csv: rename it to .xlsx"},
		{"absolute sheet target", zipped("absolute.xlsx", with(xlsx, zipPart{name: "xl/_rels/workbook.xml.rels",
			body: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + rel + `/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>`})), KindXLSX, ""},
		{"missing path", filepath.Join(dir, "nope.xlsx"), 0, "no such file: check the path"},
		{"path through a file", filepath.Join(whole, "x.xlsx"), 0, "no such file"},
		{"directory", sub, 0, "a folder, not a file"},
		{"empty", file("empty.xlsx", nil), 0, "empty file (0 bytes)"},
		{"random bytes", file("random.xlsx", random), 0, "not a spreadsheet: journey reads .xlsx, .xlsm and .csv files"},
		{"CSV named .xlsx", file("text.xlsx", []byte("Stage,Touchpoint\nAwareness,Ad\n")), 0, "a text (CSV) file named .xlsx: rename it to .csv"},
		{"CSV named .xls", file("text.xls", []byte("Stage;Touchpoint\r\nAwareness;Ad\r\n")), 0, "a text (CSV) file named .xls: rename it to .csv"},
		{"CSV", file("ok.csv", []byte("\xEF\xBB\xBFStage,Touchpoint\nAwareness,Café\n")), KindCSV, ""},
		{"Latin-1 CSV", file("latin1.csv", []byte("Stage,Touchpoint\nAwareness,Caf\xE9\n")), KindCSV, ""},
		{"UTF-16 text", file("unicode.txt", []byte("\xFF\xFES\x00t\x00a\x00g\x00e\x00\t\x00T\x00\n\x00")), KindCSV, ""},
		{"UTF-16 without BOM", file("nobom.csv", []byte("S\x00t\x00a\x00g\x00e\x00,\x00T\x00\n\x00")), KindCSV, ""},
		{"text, unknown extension", file("export.dat", []byte("a,b\n1,2\n")), KindCSV, ""},
		{"HTML named .xls", file("report.xls", []byte("<html><body><table><tr><td>1</td></tr></table></body></html>")), 0, "a web page (HTML), not a workbook"},
		{"other XML", file("data.xlsx", []byte(`<?xml version="1.0"?><rows><row/></rows>`)), 0, "an XML file, not a spreadsheet"},
		{"CSV mentioning HTML", file("notes.csv", []byte("Stage,Note\nAwareness,\"see <table> in urn:schemas-microsoft-com:office:spreadsheet\"\n")), KindCSV, ""},
		{"Excel 2003 XML", file("old.xml", []byte(`<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`)), 0, "Excel 2003 XML spreadsheet"},
		{"PDF", file("map.xlsx", []byte("%PDF-1.7\n\x00\x01\x02\x03binary")), 0, "a PDF document"},
		{"BIFF4", file("old.xls", append([]byte{0x09, 0x04, 0x06, 0x00, 0x00, 0x00, 0x10, 0x00, 0xd3, 0x10}, random[:100]...)), 0, "legacy Excel 2-4 worksheet (.xls)"},
		{"OLE2 header only", file("ole.xls", append(bytes.Clone(ole2Magic), random[:600]...)), 0, "truncated or damaged Office binary file (OLE2)"},
		{"truncated xlsx", file("half.xlsx", wholeBytes[:len(wholeBytes)/2]), 0, "truncated or damaged file: it is not a complete .xlsx; get a fresh copy or re-save it"},
		{"zip header only", file("stub.xlsx", []byte("PK\x03\x04")), 0, "truncated or damaged file"},
		{"empty zip", zipped("nothing.xlsx", nil), 0, "a zip archive, not a workbook"},
		{"zip with a text file", zipped("sample.zip", []zipPart{{name: "sample.txt", body: ""}}), 0, "a zip archive, not a workbook (it has no [Content_Types].xml)"},
		{"zip holding an xlsx", zipped("download.zip", []zipPart{{name: "map/journey.xlsx", body: inner.String()}}), 0, "a zip archive holding map/journey.xlsx: extract it"},
		{"no content types", zipped("noct.xlsx", without(xlsx, "[Content_Types].xml")), 0, "[Content_Types].xml is missing"},
		{"no package rels", zipped("norels.xlsx", without(xlsx, "_rels/.rels")), 0, "_rels/.rels is missing"},
		{"garbage package rels", zipped("badrels.xlsx", with(xlsx, zipPart{name: "_rels/.rels", body: "<?xml version=\"1.0\"?>\nCORRUPTED"})), 0, "damaged workbook package (corrupt _rels/.rels)"},
		{"no workbook part", zipped("nowb.xlsx", without(xlsx, "xl/workbook.xml")), 0, "its workbook part xl/workbook.xml is missing"},
		{"no sheets", zipped("nosheets.xlsx", with(xlsx, zipPart{name: "xl/workbook.xml", body: `<workbook><sheets/></workbook>`})), 0, "lists no sheets"},
		{"missing sheet part", zipped("nosheet.xlsx", without(xlsx, "xl/worksheets/sheet1.xml")), 0, `damaged workbook: sheet "Touchpoints" is listed but its data is missing from the file; re-save it in Excel or LibreOffice`},
		{"no workbook rels", zipped("nowbrels.xlsx", without(xlsx, "xl/_rels/workbook.xml.rels")), 0, `sheet "Touchpoints" is listed but its data is missing`},
		{"DTD in shared strings", zipped("dtd.xlsx", append(xlsx, zipPart{name: "xl/sharedStrings.xml",
			body: `<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaa">]><sst>&a;</sst>`})), 0, "unsafe XML (entity declarations) in xl/sharedStrings.xml: re-save the workbook in Excel or LibreOffice"},
		{"entity in UTF-16 part", zipped("dtd16.xlsx", append(xlsx, zipPart{name: "xl/styles.xml",
			body: "\xFF\xFE<\x00!\x00E\x00N\x00T\x00I\x00T\x00Y\x00"})), 0, "unsafe XML (entity declarations) in xl/styles.xml"},
		{"Word", zipped("letter.xlsx", with(xlsx, zipPart{name: "_rels/.rels",
			body: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + rel + `/officeDocument" Target="word/document.xml"/></Relationships>`})), 0, "a Word file, not a workbook"},
		{"PowerPoint without content types", zipped("deck.xlsx", []zipPart{{name: "ppt/presentation.xml", body: "<p/>"}}), 0, "a PowerPoint file, not a workbook"},
		{"xlsb by content type", zipped("binary.xlsx", with(xlsx, zipPart{name: "[Content_Types].xml",
			body: `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>`})), 0, "binary workbook (.xlsb)"},
		{"ODS", zipped("calc.xlsx", []zipPart{{name: "mimetype", body: "application/vnd.oasis.opendocument.spreadsheet", method: zip.Store}, {name: "content.xml", body: "<x/>"}}), 0, "OpenDocument spreadsheet (.ods): open it in LibreOffice and save as .xlsx"},
		{"ODT", zipped("letter.odt", []zipPart{{name: "mimetype", body: "application/vnd.oasis.opendocument.text", method: zip.Store}}), 0, "an OpenDocument text file, not a spreadsheet"},
		{"Numbers", zipped("budget.numbers", []zipPart{{name: "Index/Document.iwa", body: "\x00\x01"}, {name: "Metadata/Properties.plist", body: "x"}}), 0, "an Apple Numbers file: export it to .xlsx or .csv from Numbers"},
		{"zip encryption", zipped("locked.xlsx", with(xlsx, zipPart{name: "xl/workbook.xml", body: "xx", flags: 0x1})), 0, "a zip archive with password-protected (encrypted) entries"},
		{"unknown compression", zipped("lzma.xlsx", with(xlsx, zipPart{name: "xl/styles.xml", body: "<styleSheet/>", method: 14})), 0, "xl/styles.xml is compressed in a way journey cannot read (zip method 14)"},
		{"big part", zipped("bigpart.xlsx", with(xlsx, zipPart{name: "xl/worksheets/sheet1.xml", body: "<row/>", size: 300 << 20})), 0, "xl/worksheets/sheet1.xml alone to 299 MB, more than the 256 MB journey allows for one part"},
		{"compression ratio", zipped("ratio.xlsx", with(xlsx, zipPart{name: "xl/media/image1.png", body: "\x00", size: 64 << 20})), 0, "xl/media/image1.png compresses more than 1000:1, as only a zip bomb does"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kind, err := sniff(tc.path)
			checkSniff(t, tc.path, kind, err, tc.kind, tc.want)
		})
	}
}

func TestSniffUnreadable(t *testing.T) {
	p := filepath.Join(t.TempDir(), "secret.xlsx")
	if err := os.WriteFile(p, []byte("a,b\n"), 0o000); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(p); err == nil {
		f.Close()
		t.Skip("the file is readable anyway (running as root?); openError is tested directly below")
	}
	_, err := sniff(p)
	checkRefused(t, err, p, "permission denied")
}

func TestOpenErrorWords(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "open", Path: "x.xlsx", Err: fs.ErrPermission}, "permission denied"},
		{&fs.PathError{Op: "open", Path: "x.xlsx", Err: fs.ErrNotExist}, "no such file: check the path"},
		{&fs.PathError{Op: "open", Path: "x.xlsx", Err: errors.New("input/output error")}, "cannot be opened (input/output error)"},
	}
	for _, tc := range tests {
		checkRefused(t, openError("x.xlsx", tc.err), "x.xlsx", tc.want)
	}
}

func TestSniffNotRegular(t *testing.T) {
	if _, err := os.Stat("/dev/null"); err != nil {
		t.Skip("no /dev/null")
	}
	_, err := sniff("/dev/null")
	checkRefused(t, err, "/dev/null", "not a regular file")
}

func TestSniffBytes(t *testing.T) {
	var xlsx bytes.Buffer
	if err := writeZipTo(&xlsx, minimalXLSX()); err != nil {
		t.Fatal(err)
	}
	const name = "standard input"
	if kind, err := sniffBytes(name, xlsx.Bytes()); kind != KindXLSX || err != nil {
		t.Errorf("sniffBytes(xlsx) = %v, %v", kind, err)
	}
	if kind, err := sniffBytes(name, []byte("Stage,Touchpoint\n")); kind != KindCSV || err != nil {
		t.Errorf("sniffBytes(csv) = %v, %v", kind, err)
	}
	_, err := sniffBytes(name, nil)
	checkRefused(t, err, name, "empty file (0 bytes)")
	_, err = sniffBytes(name, xlsx.Bytes()[:xlsx.Len()-10])
	checkRefused(t, err, name, "truncated or damaged")
	data, err := os.ReadFile(filepath.Join("testdata", "bad", "bad_excelize_encryptSHA1.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = sniffBytes(name, data)
	checkRefused(t, err, name, "password-protected")
}

// writeZipBomb writes to path a workbook whose sheet unpacks to 2 GiB of
// <row/> from about 2 MB of zip, streaming it to disk.
func writeZipBomb(t testing.TB, path string) {
	t.Helper()
	parts := with(minimalXLSX(), zipPart{name: "xl/worksheets/sheet1.xml", body: "<row/>", size: 2 << 30})
	writeZip(t, path, parts)
}

func TestSniffZipBomb(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bomb.xlsx")
	writeZipBomb(t, path)
	fi, _ := os.Stat(path)
	start := time.Now()
	_, err := sniff(path)
	elapsed := time.Since(start)
	checkRefused(t, err, path, "unpacks to 2.0 GB, more than the 512 MB journey allows (a zip bomb?): refusing to open it; if it is a genuine workbook, remove unused sheets or re-save it")
	t.Logf("%d-byte zip bomb refused in %v", fi.Size(), elapsed)
	if elapsed > 2*time.Second {
		t.Errorf("refusing the zip bomb took %v, want well under a second", elapsed)
	}
}

func BenchmarkSniffZipBomb(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bomb.xlsx")
	writeZipBomb(b, path)
	b.ResetTimer()
	for b.Loop() {
		if _, err := sniff(path); err == nil {
			b.Fatal("zip bomb accepted")
		}
	}
}

func BenchmarkSniffCorpusManySheets(b *testing.B) {
	needCorpus(b)
	path := filepath.Join(corpusDir, "ok_openpyxl_bigfoot.xlsx")
	for b.Loop() {
		if _, err := sniff(path); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzSniffBytes checks that no input makes sniff panic, and that it always
// answers with a kind or an *Error free of Go error text.
func FuzzSniffBytes(f *testing.F) {
	var xlsx bytes.Buffer
	writeZipTo(&xlsx, minimalXLSX())
	f.Add(xlsx.Bytes())
	f.Add([]byte("Stage,Touchpoint\nAwareness,Ad\n"))
	f.Add([]byte("\xFF\xFEa\x00,\x00b\x00"))
	for _, name := range []string{"bad_poi_SampleSS.xls", "bad_excelize_encryptSHA1.xlsx", "bad_poi_testEXCEL_4.xls", "bad_poi_SampleSS.ods"} {
		if data, err := os.ReadFile(filepath.Join("testdata", "bad", name)); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		kind, err := sniffBytes("fuzz.xlsx", data)
		if err == nil {
			if kind != KindXLSX && kind != KindCSV {
				t.Fatalf("kind %v without an error", kind)
			}
			return
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error %T %v is not an *Error", err, err)
		}
		for _, bad := range goErrorText {
			if strings.Contains(e.Msg, bad) {
				t.Fatalf("message %q contains Go error text %q", e.Msg, bad)
			}
		}
	})
}

// TestSniffRefusesDeepWorkbookPart: a workbook.xml nested far deeper than
// any program writes is refused before encoding/xml decodes it.
func TestSniffRefusesDeepWorkbookPart(t *testing.T) {
	deep := strings.Repeat("<a>", 200_000) + strings.Repeat("</a>", 200_000)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels":         `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":     `<?xml version="1.0"?><workbook><sheets>` + deep + `</sheets></workbook>`,
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	start := time.Now()
	_, err := sniffBytes("deep.xlsx", buf.Bytes())
	if err == nil || !strings.Contains(err.Error(), "nest more than") {
		t.Fatalf("got %v", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v", took)
	}
}
