package workbook

// sniff decides, before excelize ever opens a file, whether it is a workbook
// journey can read. excelize's own errors for the wrong kind of file are
// misleading ("zip: not a valid zip file" for an encrypted workbook, "EOF" for
// an .ods), and its default limits let a 2 MB crafted file unpack to
// gigabytes, so every input is looked at here first and refused with one
// sentence saying what it is and what to do.

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/richardlehane/mscfb"
	"golang.org/x/net/html/charset"
)

// Kind is what a file turned out to be.
type Kind int

const (
	// KindXLSX is an Office Open XML workbook: .xlsx, .xlsm (macro-enabled),
	// .xltx or .xltm.
	KindXLSX Kind = iota + 1
	// KindCSV is delimited text: .csv, .tsv or .txt.
	KindCSV
)

// String names the kind for messages and tests.
func (k Kind) String() string {
	switch k {
	case KindXLSX:
		return "xlsx"
	case KindCSV:
		return "csv"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Limits bound what a workbook may unpack to (zip bombs). They are checked
// against the sizes the zip's central directory declares, before anything is
// decompressed. Those declared sizes are a real bound, not a hint: Go's
// archive/zip stops every read of an entry with ErrFormat as soon as it
// produces more bytes than the entry's declared UncompressedSize64
// (checksumReader.Read in $GOROOT/src/archive/zip/reader.go), and excelize
// reads parts only through archive/zip, so a part that lies about its size
// fails to open instead of growing past the limit.
const (
	// maxUnzipSize bounds the total uncompressed bytes of all parts. xlsx.go
	// passes the same value to excelize as Options.UnzipSizeLimit.
	maxUnzipSize = 512 << 20
	// maxPartSize bounds one XML part. A journey sheet of 100,000
	// touchpoints with ~20 columns is about 100 MB of sheet XML (~50 bytes a
	// cell), so 256 MiB leaves 2.5 times that room, while at half of
	// maxUnzipSize one part can never use up the whole budget on its own: the
	// shared strings and styles a real workbook has beside its big sheet
	// still fit. Parsing a single part larger than this would also take
	// encoding/xml tens of seconds, which is no longer a usable journey map.
	maxPartSize = 256 << 20
	// maxRatio is the compression ratio above which a part is a zip bomb.
	// Deflate cannot do better than about 1032:1; real sheets compress
	// 5-120:1 (the corpus's best is a 57 MB sheet of repeated formulas at
	// 121:1). Only a part that is one short pattern repeated reaches 1000:1.
	maxRatio = 1000
	// ratioMinSize is the size from which the ratio is checked, so that tiny
	// parts of whitespace or empty rows are left alone.
	ratioMinSize = 4 << 20
	// xmlHeadSize is how much of each XML part is searched for a DTD. A DTD
	// may only appear in the prolog, before the root element, which Office
	// applications write within the first few hundred bytes.
	xmlHeadSize = 4 << 10
	// textHeadSize is how much of a file is looked at to tell text from
	// binary.
	textHeadSize = 8 << 10
	// maxXMLRead bounds how much of the package, workbook and relationship
	// parts is parsed to find the sheets (they are a few KB in real files).
	maxXMLRead = 64 << 20
)

// What to do, shared by several messages.
const (
	doSaveAsXLSX = "open it in Excel or LibreOffice and save as .xlsx (Excel Workbook)"
	doResave     = "re-save it in Excel or LibreOffice"
	doReadable   = "journey reads .xlsx, .xlsm and .csv files"
	doFreshCopy  = "get a fresh copy or re-save it"
)

var (
	zipMagic      = []byte("PK\x03\x04")
	emptyZipMagic = []byte("PK\x05\x06")
	ole2Magic     = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// sniff opens path and returns its kind, or an *Error saying what the file
// is and what to do when journey cannot read it.
func sniff(path string) (Kind, error) {
	f, size, err := openRegular(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return sniffReaderAt(path, f, size)
}

// sniffBytes is sniff for data already in memory (standard input); name is
// used in messages and its extension, if any, as a hint.
func sniffBytes(name string, data []byte) (Kind, error) {
	return sniffReaderAt(name, bytes.NewReader(data), int64(len(data)))
}

// openRegular opens name for reading and returns it with its size, or an
// *Error when it is missing, unreadable, a folder or not a regular file.
func openRegular(name string) (*os.File, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, openError(name, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, openError(name, err)
	}
	switch {
	case fi.IsDir():
		f.Close()
		return nil, 0, errorf(name, "a folder, not a file: give the path of an .xlsx, .xlsm or .csv file")
	case !fi.Mode().IsRegular():
		f.Close()
		return nil, 0, errorf(name, "not a regular file (a pipe or a device): save it to a file first, or pipe it to standard input as -")
	}
	return f, fi.Size(), nil
}

// openError words a failure to open or stat name.
func openError(name string, err error) *Error {
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return errorf(name, "no such file: check the path")
	case errors.Is(err, fs.ErrPermission):
		return errorf(name, "permission denied: you may not read this file; check its permissions or copy it somewhere you can read it")
	}
	return errorf(name, "cannot be opened (%s): check the path and the disk", osReason(err))
}

// readError words a failure to read a file that could be opened.
func readError(name string, err error) *Error {
	return errorf(name, "cannot be read (%s): check the disk or copy the file again", osReason(err))
}

// osReason is the operating system's words for err ("input/output error"),
// without the Go operation and path around them.
func osReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return err.Error()
}

// sniffReaderAt looks at the first bytes of the size bytes in ra and decides
// by content what the file is; name's extension only picks the message.
func sniffReaderAt(name string, ra io.ReaderAt, size int64) (Kind, error) {
	if size == 0 {
		return 0, errorf(name, "empty file (0 bytes): it holds no data; check that it was saved or downloaded completely")
	}
	head := make([]byte, min(size, textHeadSize))
	if n, err := ra.ReadAt(head, 0); n < len(head) {
		if err == nil || errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF // the file shrank while being read
		}
		return 0, readError(name, err)
	}
	var (
		kind Kind
		err  error
	)
	switch {
	case bytes.HasPrefix(head, zipMagic), bytes.HasPrefix(head, emptyZipMagic):
		kind, err = sniffZip(name, ra, size)
	case bytes.HasPrefix(head, ole2Magic):
		err = sniffOLE2(name, ra)
	case isBIFF(head):
		err = errorf(name, "legacy Excel 2-4 worksheet (.xls): %s", doSaveAsXLSX)
	default:
		kind, err = sniffText(name, head)
	}
	if err != nil {
		return 0, err
	}
	if ext := extOf(name); kind == KindXLSX && textExts[ext] {
		return 0, errorf(name, "an Excel workbook named %s: rename it to .xlsx", ext)
	}
	return kind, nil
}

// extOf is name's extension in lower case, with its dot.
func extOf(name string) string {
	return strings.ToLower(filepath.Ext(name))
}

// Extensions that promise a kind of content. Others (.xls, .ods, .numbers,
// .xlsb, none at all) are judged by content alone.
var (
	ooxmlExts = map[string]bool{".xlsx": true, ".xlsm": true, ".xltx": true, ".xltm": true}
	textExts  = map[string]bool{".csv": true, ".tsv": true, ".txt": true}
)

// --- OLE2 (compound file) and raw BIFF -------------------------------------

// sniffOLE2 names the OLE2 compound file in ra by its streams. It always
// returns an *Error: journey reads none of them.
func sniffOLE2(name string, ra io.ReaderAt) error {
	streams, ok := ole2Streams(ra)
	switch {
	case !ok:
		return errorf(name, "truncated or damaged Office binary file (OLE2): %s", doFreshCopy)
	case streams["encryptioninfo"] || streams["encryptedpackage"]:
		return errorf(name, "workbook is password-protected: open it in Excel or LibreOffice, remove the password (File > Info > Protect Workbook) and save as .xlsx")
	case streams["workbook"]:
		return errorf(name, "legacy Excel 97-2003 .xls file: %s", doSaveAsXLSX)
	case streams["book"]:
		return errorf(name, "legacy Excel 5/95 .xls file: %s", doSaveAsXLSX)
	case streams["worddocument"]:
		return errorf(name, "a Word 97-2003 document (.doc), not a workbook: %s", doReadable)
	case streams["powerpoint document"]:
		return errorf(name, "a PowerPoint 97-2003 presentation (.ppt), not a workbook: %s", doReadable)
	}
	return errorf(name, "an OLE2/Office binary file, not an .xlsx: %s", doReadable)
}

// ole2Streams lists the names (in lower case) of the streams and storages of
// the compound file in ra. ok is false when it cannot be parsed. Only the
// directory is read, never a stream's data.
func ole2Streams(ra io.ReaderAt) (names map[string]bool, ok bool) {
	defer func() {
		if recover() != nil { // a damaged file must not crash journey
			names, ok = nil, false
		}
	}()
	doc, err := mscfb.New(ra)
	if err != nil {
		return nil, false
	}
	names = make(map[string]bool, len(doc.File))
	for _, f := range doc.File {
		names[strings.ToLower(f.Name)] = true
	}
	return names, true
}

// isBIFF reports whether head starts with the BOF record of a BIFF2, BIFF3
// or BIFF4 file (Excel 2 to 4 wrote bare records, no OLE2 container): opcode
// 09 00, 09 02 or 09 04, a record length of 4 to 16 bytes, and a sheet type
// of worksheet, chart, macro sheet or BIFF4 workbook.
func isBIFF(head []byte) bool {
	if len(head) < 8 || head[0] != 0x09 || (head[1] != 0x00 && head[1] != 0x02 && head[1] != 0x04) {
		return false
	}
	n := binary.LittleEndian.Uint16(head[2:])
	switch binary.LittleEndian.Uint16(head[6:]) {
	case 0x0010, 0x0020, 0x0040, 0x0100:
		return n >= 4 && n <= 16
	}
	return false
}

// --- text --------------------------------------------------------------------

// sniffText decides what a file that is neither a zip nor an OLE2 file is,
// from its first bytes: text is CSV unless its name promises a workbook.
func sniffText(name string, head []byte) (Kind, error) {
	ext := extOf(name)
	if !isText(head) {
		switch {
		case bytes.HasPrefix(head, []byte("%PDF")):
			return 0, errorf(name, "a PDF document, not a spreadsheet: %s", doReadable)
		case bytes.HasPrefix(head, []byte{0x1F, 0x8B}):
			return 0, errorf(name, "a gzip-compressed file: decompress it first (%s)", doReadable)
		}
		return 0, errorf(name, "not a spreadsheet: %s", doReadable)
	}
	if err := sniffMarkup(name, head); err != nil {
		return 0, err
	}
	if ooxmlExts[ext] || ext == ".xls" || ext == ".xlsb" || ext == ".ods" || ext == ".numbers" {
		return 0, errorf(name, "a text (CSV) file named %s: rename it to .csv", ext)
	}
	return KindCSV, nil
}

// sniffMarkup names text files that start with markup rather than data:
// Excel 2003 XML spreadsheets, web pages (often saved as .xls by reporting
// tools) and other XML. It returns nil for anything else.
func sniffMarkup(name string, head []byte) error {
	start := strings.ToLower(string(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")))
	if !strings.HasPrefix(start, "<") {
		return nil
	}
	switch {
	case strings.Contains(start, "urn:schemas-microsoft-com:office:spreadsheet"):
		return errorf(name, "an Excel 2003 XML spreadsheet, not an .xlsx: %s", doSaveAsXLSX)
	case strings.Contains(start, "<html") || strings.Contains(start, "<table"):
		return errorf(name, "a web page (HTML), not a workbook: if it opens in Excel, save it as .xlsx (Excel Workbook), otherwise download or export the file again")
	case strings.HasPrefix(start, "<?xml"):
		return errorf(name, "an XML file, not a spreadsheet: %s", doReadable)
	}
	return nil
}

// isText reports whether head looks like the start of a text file: UTF-16
// (with or without a byte order mark), or 8-bit text (UTF-8, Latin-1 and
// the like) without NUL bytes and with hardly any control characters.
func isText(head []byte) bool {
	if order := utf16Order(head); order != nil {
		return isText16(head, order)
	}
	controls := 0
	for _, b := range head {
		switch {
		case b == 0:
			return false
		case b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v' && b != 0x1A:
			controls++
		}
	}
	return controls*100 <= len(head) // at most 1%
}

// utf16Order returns the byte order of head if it is UTF-16 text: it starts
// with a byte order mark, or every other byte of its first bytes is zero as
// in UTF-16 text of Latin letters.
func utf16Order(head []byte) binary.ByteOrder {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return binary.LittleEndian
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return binary.BigEndian
	}
	n := min(len(head), 512) &^ 1
	if n < 4 {
		return nil
	}
	var zeroEven, zeroOdd int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			zeroEven++
		}
		if head[i+1] == 0 {
			zeroOdd++
		}
	}
	switch pairs := n / 2; {
	case zeroOdd*10 >= pairs*9 && zeroEven == 0:
		return binary.LittleEndian
	case zeroEven*10 >= pairs*9 && zeroOdd == 0:
		return binary.BigEndian
	}
	return nil
}

// isText16 reports whether head, UTF-16 in the given byte order, holds
// text: no NUL characters and hardly any control characters.
func isText16(head []byte, order binary.ByteOrder) bool {
	controls, n := 0, 0
	for i := 0; i+1 < len(head); i += 2 {
		c := order.Uint16(head[i:])
		n++
		switch {
		case c == 0:
			return false
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v':
			controls++
		}
	}
	return controls*100 <= n
}

// --- zip packages ------------------------------------------------------------

// pkg is an opened zip file and its entries by name, as excelize names them
// (backslashes turned into slashes).
type pkg struct {
	name  string // the file, for messages
	zr    *zip.Reader
	parts map[string]*zip.File
}

// newPkg reads the zip directory of the package in ra.
func newPkg(name string, ra io.ReaderAt, size int64) (*pkg, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, errorf(name, "truncated or damaged file: it is not a complete .xlsx; %s", doFreshCopy)
	}
	p := &pkg{name: name, zr: zr, parts: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		p.parts[strings.ReplaceAll(f.Name, `\`, "/")] = f
	}
	return p, nil
}

// sniffZip decides what the zip file in ra is: a workbook journey can read,
// something else packed as a zip, or a damaged or dangerous package.
func sniffZip(name string, ra io.ReaderAt, size int64) (Kind, error) {
	p, err := newPkg(name, ra, size)
	if err != nil {
		return 0, err
	}
	// In this order: the sizes come from the central directory alone, and
	// nothing is decompressed before they are known to be safe.
	for _, check := range []func() error{p.checkSizes, p.checkEncrypted, p.checkForeign, p.checkXMLHeads, p.checkWorkbook} {
		if err := check(); err != nil {
			return 0, err
		}
	}
	return KindXLSX, nil
}

// checkSizes refuses zip bombs from the sizes the central directory
// declares, before anything is decompressed (see maxUnzipSize).
func (p *pkg) checkSizes() error {
	var total uint64
	for _, f := range p.zr.File {
		total = addSat(total, f.UncompressedSize64)
	}
	const refuse = "refusing to open it; if it is a genuine workbook, remove unused sheets or re-save it"
	if total > maxUnzipSize {
		return errorf(p.name, "unpacks to %s, more than the %s journey allows (a zip bomb?): %s",
			humanSize(total), humanSize(maxUnzipSize), refuse)
	}
	for _, f := range p.zr.File {
		n := f.UncompressedSize64
		if isXMLPart(f.Name) && n > maxPartSize {
			return errorf(p.name, "unpacks to %s, %s alone to %s, more than the %s journey allows for one part: %s",
				humanSize(total), f.Name, humanSize(n), humanSize(maxPartSize), refuse)
		}
		if n > ratioMinSize && n/max(f.CompressedSize64, 1) > maxRatio {
			return errorf(p.name, "unpacks to %s, and %s compresses more than %d:1, as only a zip bomb does: %s",
				humanSize(total), f.Name, maxRatio, refuse)
		}
	}
	return nil
}

// addSat adds without wrapping around: crafted sizes can be near 2^64.
func addSat(a, b uint64) uint64 {
	if a+b < a {
		return ^uint64(0)
	}
	return a + b
}

// humanSize writes n for people: "2.0 GB", "512 MB", "3 KB".
func humanSize(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// isXMLPart reports whether the zip entry is XML that excelize may parse.
func isXMLPart(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".xml", ".rels", ".vml":
		return true
	}
	return false
}

// checkEncrypted refuses zip-level encryption (the "zip password" of zip
// tools), which neither Office nor Go's archive/zip uses or reads.
func (p *pkg) checkEncrypted() error {
	for _, f := range p.zr.File {
		if f.Flags&0x1 != 0 {
			return errorf(p.name, "a zip archive with password-protected (encrypted) entries, which journey cannot read: extract it with its password, or re-save the workbook in Excel or LibreOffice without a password")
		}
	}
	return nil
}

// checkForeign names zip files that are not Office Open XML at all:
// OpenDocument, Apple Numbers, plain zip archives.
func (p *pkg) checkForeign() error {
	if mt, ok := p.part("mimetype"); ok {
		b, err := p.readHead(mt, 128)
		if err != nil {
			return err
		}
		if kind, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "application/vnd.oasis.opendocument."); ok {
			if strings.HasPrefix(kind, "spreadsheet") {
				return errorf(p.name, "OpenDocument spreadsheet (.ods): open it in LibreOffice and save as .xlsx")
			}
			return errorf(p.name, "an OpenDocument %s file, not a spreadsheet: %s", kind, doReadable)
		}
	}
	for _, f := range p.zr.File {
		n := f.Name
		first, _, _ := strings.Cut(n, "/")
		if strings.HasSuffix(strings.ToLower(first), ".numbers") || n == "Index.zip" ||
			(strings.HasPrefix(n, "Index/") && strings.HasSuffix(n, ".iwa")) {
			return errorf(p.name, "an Apple Numbers file: export it to .xlsx or .csv from Numbers (File > Export To)")
		}
	}
	if _, ok := p.partFold("[Content_Types].xml"); ok {
		return nil
	}
	if err := p.checkOtherOffice(""); err != nil {
		return err
	}
	if _, ok := p.part("META-INF/manifest.xml"); ok {
		return errorf(p.name, "an OpenDocument file, not an .xlsx: open it in LibreOffice and save as .xlsx")
	}
	if _, ok := p.part("xl/workbook.xml"); ok {
		return errorf(p.name, "damaged workbook package (corrupt: [Content_Types].xml is missing): %s", doResave)
	}
	for _, f := range p.zr.File {
		switch extOf(f.Name) {
		case ".xlsx", ".xlsm", ".csv":
			return errorf(p.name, "a zip archive holding %s: extract it and give journey that file", f.Name)
		}
	}
	return errorf(p.name, "a zip archive, not a workbook (it has no [Content_Types].xml): %s", doReadable)
}

// checkOtherOffice names Word and PowerPoint files and binary workbooks
// (.xlsb) from their main part doc, by its content type and name; when doc
// is empty, from the usual main part names.
func (p *pkg) checkOtherOffice(doc string) error {
	ct := ""
	if doc != "" {
		ct = p.contentType(doc)
	} else {
		for _, n := range []string{"word/document.xml", "ppt/presentation.xml", "xl/workbook.bin"} {
			if _, ok := p.part(n); ok {
				doc = n
				break
			}
		}
	}
	lower := strings.ToLower(doc)
	switch {
	case strings.Contains(ct, "wordprocessingml") || strings.HasPrefix(lower, "word/"):
		return errorf(p.name, "a Word file, not a workbook: %s", doReadable)
	case strings.Contains(ct, "presentationml") || strings.HasPrefix(lower, "ppt/"):
		return errorf(p.name, "a PowerPoint file, not a workbook: %s", doReadable)
	case strings.Contains(ct, "sheet.binary") || path.Ext(lower) == ".bin":
		return errorf(p.name, "binary workbook (.xlsb), which journey cannot read: open it in Excel and save as .xlsx (Excel Workbook)")
	}
	return nil
}

// contentType returns the content type [Content_Types].xml gives part, in
// lower case, or "" when it gives none or cannot be read.
func (p *pkg) contentType(part string) string {
	f, ok := p.partFold("[Content_Types].xml")
	if !ok {
		return ""
	}
	var types struct {
		Defaults []struct {
			Extension   string `xml:"Extension,attr"`
			ContentType string `xml:"ContentType,attr"`
		} `xml:"Default"`
		Overrides []struct {
			PartName    string `xml:"PartName,attr"`
			ContentType string `xml:"ContentType,attr"`
		} `xml:"Override"`
	}
	if p.decodeXML(f, func(d *xml.Decoder) error { return d.Decode(&types) }) != nil {
		return ""
	}
	for _, o := range types.Overrides {
		if strings.EqualFold(strings.TrimPrefix(o.PartName, "/"), part) {
			return strings.ToLower(o.ContentType)
		}
	}
	ext := strings.TrimPrefix(path.Ext(part), ".")
	for _, d := range types.Defaults {
		if strings.EqualFold(d.Extension, ext) {
			return strings.ToLower(d.ContentType)
		}
	}
	return ""
}

// checkXMLHeads refuses XML parts that declare a DTD or entities in their
// first bytes ("billion laughs"). encoding/xml never expands entities
// declared in a DTD, so this is not the safety barrier; it turns such a
// file, which no Office application writes, into a clear message instead
// of an empty sheet or an XML syntax error later.
func (p *pkg) checkXMLHeads() error {
	for _, f := range p.zr.File {
		if !isXMLPart(f.Name) {
			continue
		}
		head, err := p.readHead(f, xmlHeadSize)
		if err != nil {
			return err
		}
		if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
			head = bytes.ReplaceAll(head, []byte{0}, nil) // UTF-16: keep the ASCII
		}
		if bytes.Contains(head, []byte("<!DOCTYPE")) || bytes.Contains(head, []byte("<!ENTITY")) {
			return errorf(p.name, "unsafe XML (entity declarations) in %s: re-save the workbook in Excel or LibreOffice", f.Name)
		}
	}
	return nil
}

// part returns the entry named name.
func (p *pkg) part(name string) (*zip.File, bool) {
	f, ok := p.parts[name]
	return f, ok
}

// partFold returns the entry named name in any case, as excelize finds
// [Content_Types].xml.
func (p *pkg) partFold(name string) (*zip.File, bool) {
	if f, ok := p.parts[name]; ok {
		return f, true
	}
	for n, f := range p.parts {
		if strings.EqualFold(n, name) {
			return f, true
		}
	}
	return nil, false
}

// readHead returns the first n bytes of entry f (all of it if shorter).
func (p *pkg) readHead(f *zip.File, n int) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, p.damaged(f, err)
	}
	defer rc.Close()
	buf := make([]byte, min(uint64(n), f.UncompressedSize64))
	if _, err := io.ReadFull(rc, buf); err != nil {
		return nil, p.damaged(f, err)
	}
	return buf, nil
}

// damaged words a failure to decompress entry f.
func (p *pkg) damaged(f *zip.File, err error) *Error {
	if errors.Is(err, zip.ErrAlgorithm) {
		return errorf(p.name, "%s is compressed in a way journey cannot read (zip method %d): %s as .xlsx", f.Name, f.Method, doResave)
	}
	return errorf(p.name, "truncated or damaged file (%s cannot be unpacked): it is not a complete .xlsx; %s", f.Name, doFreshCopy)
}

// --- the workbook inside -------------------------------------------------

// Relationship types, transitional and strict, end with this.
const relOfficeDocument = "/relationships/officeDocument"

// relationship is one <Relationship> of a .rels part.
type relationship struct {
	ID         string `xml:"Id,attr"`
	Type       string `xml:"Type,attr"`
	Target     string `xml:"Target,attr"`
	TargetMode string `xml:"TargetMode,attr"`
}

// checkWorkbook finds the workbook part through _rels/.rels, as excelize
// does, and checks that every sheet it lists is in the package.
func (p *pkg) checkWorkbook() error {
	wb, err := p.workbookPart()
	if err != nil {
		return err
	}
	if wb == "" {
		if err := p.checkOtherOffice(""); err != nil {
			return err
		}
		return errorf(p.name, "damaged workbook package (corrupt: _rels/.rels names no workbook): %s", doResave)
	}
	if err := p.checkOtherOffice(wb); err != nil {
		return err
	}
	wf, ok := p.part(wb)
	if !ok {
		return errorf(p.name, "damaged workbook package: its workbook part %s is missing; %s", wb, doResave)
	}
	return p.checkSheets(wf)
}

// workbookPart returns the name of the workbook part that _rels/.rels
// points at, "" when it names none.
func (p *pkg) workbookPart() (string, error) {
	rels, ok := p.part("_rels/.rels")
	if !ok {
		return "", errorf(p.name, "damaged workbook package (corrupt: _rels/.rels is missing), so its workbook cannot be found: %s", doResave)
	}
	rs, err := p.readRels(rels)
	if err != nil {
		return "", err
	}
	for _, r := range rs {
		if strings.HasSuffix(r.Type, relOfficeDocument) {
			return resolveTarget("", r.Target), nil
		}
	}
	return "", nil
}

// checkSheets checks that each sheet listed in the workbook part wf has its
// part in the package.
func (p *pkg) checkSheets(wf *zip.File) error {
	sheets, targets, err := p.sheetParts(wf)
	if err != nil {
		return err
	}
	if len(sheets) == 0 {
		return errorf(p.name, "damaged workbook: %s lists no sheets; %s", wf.Name, doResave)
	}
	for _, s := range sheets {
		if _, ok := p.part(targets[s.rid]); !ok {
			return errorf(p.name, "damaged workbook: sheet %q is listed but its data is missing from the file; %s", s.name, doResave)
		}
	}
	return nil
}

// sheetParts lists the sheets of the workbook part wf and the part name
// each relationship id points at.
func (p *pkg) sheetParts(wf *zip.File) ([]sheetRef, map[string]string, error) {
	sheets, err := p.readSheets(wf)
	if err != nil {
		return nil, nil, err
	}
	dir := path.Dir(wf.Name)
	targets := map[string]string{}
	relsName := path.Join(dir, "_rels", path.Base(wf.Name)+".rels")
	if rf, ok := p.part(relsName); ok {
		rs, err := p.readRels(rf)
		if err != nil {
			return nil, nil, err
		}
		for _, r := range rs {
			if !strings.EqualFold(r.TargetMode, "External") {
				targets[r.ID] = resolveTarget(dir, r.Target)
			}
		}
	}
	return sheets, targets, nil
}

// resolveTarget turns a relationship target into a part name: relative to
// dir (the folder of the part owning the relationship) or, when it starts
// with "/", to the package root. It does what excelize's getWorksheetPath
// does, so that a part found here is a part excelize finds.
func resolveTarget(dir, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(dir+"/"+target), "/")
}

// readRels parses the relationships part f, or says the package is corrupt.
func (p *pkg) readRels(f *zip.File) ([]relationship, error) {
	var doc struct {
		Rels []relationship `xml:"Relationship"`
	}
	if err := p.decodeXML(f, func(d *xml.Decoder) error { return d.Decode(&doc) }); err != nil {
		if e := (*Error)(nil); errors.As(err, &e) {
			return nil, e
		}
		return nil, errorf(p.name, "damaged workbook package (corrupt %s): %s", f.Name, doResave)
	}
	return doc.Rels, nil
}

// sheetRef is a <sheet> of the workbook part: its name and relationship id.
type sheetRef struct{ name, rid string }

// readSheets lists the <sheet> elements of the workbook part f, reading no
// further than the end of <sheets>.
func (p *pkg) readSheets(f *zip.File) ([]sheetRef, error) {
	var sheets []sheetRef
	err := p.decodeXML(f, func(d *xml.Decoder) error {
		for {
			tok, err := d.Token()
			if err != nil {
				return err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				if t.Name.Local == "sheet" {
					sheets = append(sheets, sheetOf(t))
				}
			case xml.EndElement:
				if t.Name.Local == "sheets" {
					return nil
				}
			}
		}
	})
	if e := (*Error)(nil); errors.As(err, &e) {
		return nil, e
	}
	if err != nil && !(errors.Is(err, io.EOF) && len(sheets) == 0) {
		return nil, errorf(p.name, "damaged workbook: %s cannot be read; %s", f.Name, doResave)
	}
	return sheets, nil
}

// sheetOf reads the name and r:id attributes of a <sheet> element, in the
// transitional or the strict relationships namespace.
func sheetOf(t xml.StartElement) sheetRef {
	var s sheetRef
	for _, a := range t.Attr {
		switch {
		case a.Name.Local == "name" && a.Name.Space == "":
			s.name = a.Value
		case a.Name.Local == "id" && strings.HasSuffix(a.Name.Space, "relationships"):
			s.rid = a.Value
		}
	}
	return s
}

// decodeXML runs decode on a decoder reading at most maxXMLRead bytes of
// part f.
func (p *pkg) decodeXML(f *zip.File, decode func(*xml.Decoder) error) error {
	if err := p.checkDepth(f); err != nil {
		return err
	}
	rc, err := f.Open()
	if err != nil {
		return p.damaged(f, err)
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, maxXMLRead))
	d.CharsetReader = charset.NewReaderLabel // as excelize does
	return decode(d)
}

// checkDepth refuses a part whose elements nest deeper than maxXMLDepth
// before encoding/xml decodes it: a few megabytes nested millions deep
// cost the decoder seconds and hundreds of megabytes.
func (p *pkg) checkDepth(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return p.damaged(f, err)
	}
	defer rc.Close()
	res, err := scanXML(io.LimitReader(rc, maxXMLRead), maxXMLDepth)
	if err != nil {
		return p.damaged(f, err)
	}
	if res.depth > maxXMLDepth {
		return tooDeep(p.name, f.Name)
	}
	return nil
}

// tooDeep is the refusal of a part nested deeper than maxXMLDepth.
func tooDeep(file, part string) *Error {
	return errorf(file, "unsafe XML: the elements of %s nest more than %s levels deep, as no spreadsheet program writes (a decompression bomb?): refusing to open it; re-save the workbook in Excel or LibreOffice",
		part, thousands(maxXMLDepth))
}
