package workbook

import (
	"path/filepath"
	"testing"
	"time"
)

func TestZZProfMerge(t *testing.T) {
	base, err := Read("/tmp/user/big.xlsx", ReadOptions{Template: mustTemplate(t)})
	if err != nil {
		t.Fatal(err)
	}
	var rows []MergedRow
	for _, tp := range base.Touchpoints {
		rows = append(rows, MergedRow{Touchpoint: tp, BaseRow: tp.Row})
	}
	rows = append(rows, MergedRow{Touchpoint: base.Touchpoints[0]})
	start := time.Now()
	if err := WriteMerge(filepath.Join(t.TempDir(), "o.xlsx"), MergeOptions{Base: base, Rows: rows, Vocab: base.Vocab, Stages: base.Stages, Persona: base.Persona}); err != nil {
		t.Fatal(err)
	}
	t.Log(time.Since(start))
}
