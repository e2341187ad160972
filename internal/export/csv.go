package export

import (
	"encoding/csv"
	"io"

	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/report"
)

// WriteCSV writes the touchpoints table for `export --to csv`: every
// canonical column in the order init writes them, then the columns journey
// does not know, by their header, left to right; one row per touchpoint in
// table order. Values are the text as written with surrounding and doubled
// spaces removed (as in the JSON form); a column the input lacks is empty.
// Cells that a spreadsheet would take for a formula get a leading
// apostrophe (report.DefuseCell); the header is written as it is.
//
// The rows are streamed through one reused record rather than built as a
// table first, which cost two slices per touchpoint.
func WriteCSV(w io.Writer, j *journey.Journey) error {
	extra := extraHeaders(j)
	record := make([]string, 0, int(journey.NumFields)+len(extra))
	for _, c := range journey.TouchpointColumns {
		record = append(record, c.Name)
	}
	for _, h := range extra {
		record = append(record, h.Text)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(record); err != nil {
		return err
	}
	for i := range j.Touchpoints {
		t := &j.Touchpoints[i]
		record = record[:0]
		for f := journey.Field(0); f < journey.NumFields; f++ {
			record = append(record, report.DefuseCell(t.Value(f)))
		}
		for _, h := range extra {
			record = append(record, report.DefuseCell(journey.CleanText(t.Extra[h.Col])))
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
