package workbook

// Limits on what one Read keeps and how much work it does, so that a
// hostile or accidental workbook (a stray cell in the last row, a value in
// column XFD, one long text referenced thousands of times) costs bounded
// time and memory. The zip-level limits (maxUnzipSize, maxPartSize,
// maxRatio) are in sniff.go. A limit, when hit, ends the read with one
// *Error naming the sheet and the cell or row, except maxBlankRun and
// maxUnknownColumnFindings, which only shape findings. docs/reading.md
// lists them under "Limits"; hostile_test.go reads a workbook at each.
const (
	// maxCellChars is the longest text a cell may hold: Excel's own
	// limit of 32,767 characters, so no workbook saved by Excel goes over
	// it. A longer cell comes from another program (or a crafted file) and
	// is refused, naming the cell, rather than cut: cutting would lose
	// text silently in every command that writes.
	maxCellChars = 32767

	// maxTextBytes bounds the text of all the cells one Read is handed,
	// in every sheet it reads. A shared-string table stores a text once
	// however many cells use it, and excelize copies it out for each
	// cell, so a 100 KB file whose one 1 MB string fills 12,000 cells
	// would otherwise become 12 GB. The generated 200,000-touchpoint
	// benchmark journey holds 40 MB of text (~200 bytes a row).
	maxTextBytes = 64 << 20

	// maxCellsRead bounds the cells excelize hands over in one Read,
	// counting the empty ones it fills in before the last filled cell of
	// each row: a row whose only stray cell is in column XFD comes back as
	// 16,384 strings (about 1 MB of allocations and 0.5 ms). A cell takes
	// at least 16 bytes of sheet XML (<c><v>1</v></c>), so the 512 MB a
	// package may unpack to holds at most 32 million real cells; anything
	// beyond is padding. At ~30 ns a padding cell this is about a second.
	maxCellsRead = maxUnzipSize / 16

	// maxTouchpoints is the most touchpoint rows a journey may have. A
	// touchpoint is 464 bytes besides its text, and the slice holding them
	// briefly exists twice while it grows: a read refused at this limit
	// peaks near 270 MB of heap, under the 300 MB the SPEC allows; the
	// benchmark's largest journey has 200,000. Excel's own limit,
	// 1,048,575 rows under a header, would need over a gigabyte.
	maxTouchpoints = 250_000

	// maxExtraCells is the most filled cells a journey may have in
	// columns journey does not know, kept with each touchpoint so that
	// rewrites keep them (a map entry each): 2,000,000 is ten such columns
	// on a 200,000-touchpoint journey; a read refused at this limit peaks
	// near 270 MB.
	maxExtraCells = 2_000_000

	// maxSheetItems is the most stages, list entries or persona fields a
	// Stages, Lists or Persona sheet may give: real ones have a few dozen.
	maxSheetItems = 10_000

	// maxBlankRun is the longest run of blank rows inside the touchpoints
	// table reported row by row (row-blank, which --fix deletes). A longer
	// run, typically the gap above a stray cell near the bottom of the
	// sheet, is one finding that --fix leaves alone: a million findings,
	// or a million row deletions, help nobody.
	maxBlankRun = 100

	// maxUnknownColumnFindings is how many columns journey does not know
	// are reported one by one (column-unknown); the rest are counted in one
	// more finding. A header row 16,384 columns wide is one screen, not
	// 16,384 lines. The columns are kept all the same.
	maxUnknownColumnFindings = 20

	// maxXMLDepth is the deepest the elements of an XML part may nest.
	// Parts written by real programs nest up to 10 levels (charts and
	// themes; the corpus's deepest). Go's encoding/xml refuses to
	// unmarshal deeper than 10,000 levels but not to skip, and excelize
	// skips what it does not know, at ~75 bytes of decoder memory a level:
	// a 21 MB shared-string table of runs nested three million deep took
	// 220 MB and 9 s. Every XML part is scanned for it, as bytes (at about
	// the speed of unzipping it), before excelize parses any.
	maxXMLDepth = 1000

	// maxWholeSheet is the largest sheet XML read whole. excelize's
	// streaming reader drops cells whose style attribute is not a number
	// (s="", written by Excel for Mac), so such a sheet is parsed whole
	// first, which takes up to 50 times its XML size in memory (a 55 MB
	// sheet of formatted empty cells took 2.7 GB and 52 s).
	maxWholeSheet = 4 << 20
)
