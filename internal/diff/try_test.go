package diff_test

import (
	"os"
	"testing"

	"github.com/journey-cli/journey/internal/diff"
	"github.com/journey-cli/journey/internal/report"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

func TestTry(t *testing.T) {
	tpl, _ := templates.Load("b2b-saas")
	for _, pair := range [][2]string{{"current.xlsx", "future.xlsx"}, {"current-noid.xlsx", "future-noid-libreoffice.xlsx"}} {
		a, err := workbook.Read("../../testdata/diff/"+pair[0], workbook.ReadOptions{Template: tpl})
		if err != nil { t.Fatal(err) }
		b, err := workbook.Read("../../testdata/diff/"+pair[1], workbook.ReadOptions{Template: tpl})
		if err != nil { t.Fatal(err) }
		r, err := diff.Compare(a, b, diff.Options{})
		if err != nil { t.Fatal(err) }
		report.WriteDiffTable(os.Stdout, r, 80)
	}
}
