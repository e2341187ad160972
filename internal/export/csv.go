package export

import "github.com/journey-cli/journey/internal/journey"

// CSVTable returns the touchpoints table for `export --to csv`: every
// canonical column in the order init writes them, then the columns journey
// does not know, by their header, left to right; one row per touchpoint in
// table order. Values are the text as written with surrounding and doubled
// spaces removed (as in the JSON form); a column the input lacks is empty.
// The caller writes it with a CSV writer that defuses formula-like cells.
func CSVTable(j *journey.Journey) (header []string, rows [][]string) {
	extra := extraHeaders(j)
	header = make([]string, 0, int(journey.NumFields)+len(extra))
	for _, c := range journey.TouchpointColumns {
		header = append(header, c.Name)
	}
	for _, h := range extra {
		header = append(header, h.Text)
	}
	rows = make([][]string, 0, len(j.Touchpoints))
	for i := range j.Touchpoints {
		t := &j.Touchpoints[i]
		row := make([]string, 0, len(header))
		for f := journey.Field(0); f < journey.NumFields; f++ {
			row = append(row, t.Value(f))
		}
		for _, h := range extra {
			row = append(row, journey.CleanText(t.Extra[h.Col]))
		}
		rows = append(rows, row)
	}
	return header, rows
}
