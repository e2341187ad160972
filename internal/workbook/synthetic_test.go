package workbook

import (
	"path/filepath"
	"testing"
)

func TestWriteSyntheticReadsBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "synthetic.xlsx")
	if err := WriteSynthetic(path, mustTemplate(t), 200, 1); err != nil {
		t.Fatal(err)
	}
	j := readOK(t, path)
	if len(j.Touchpoints) != 200 || j.Touchpoints[199].ID() != "TP-000200" || len(j.Stages) != 8 {
		t.Fatalf("got %d touchpoints (last %q), %d stages", len(j.Touchpoints), j.Touchpoints[len(j.Touchpoints)-1].ID(), len(j.Stages))
	}
	n, err := StreamCells(path, "Touchpoints")
	if err != nil || n < 200*15 {
		t.Errorf("StreamCells = %d, %v", n, err)
	}
}
