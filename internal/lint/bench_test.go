package lint_test

import (
	"fmt"
	"testing"

	"github.com/journey-cli/journey/internal/bench"
	"github.com/journey-cli/journey/internal/lint"
	"github.com/journey-cli/journey/internal/workbook"
)

// BenchmarkLint measures lint (read + every rule) on generated workbooks
// against the bare excelize streaming read of the same sheet.
func BenchmarkLint(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 200_000} {
		b.Run(fmt.Sprintf("touchpoints=%d", n), func(b *testing.B) {
			path := bench.Workbook(b, n)
			tpl := bench.Template(b)
			bench.Compare(b, path, 1, func() error {
				j, err := workbook.Read(path, workbook.ReadOptions{Template: tpl})
				if err != nil {
					return err
				}
				if len(j.Touchpoints) != n {
					return fmt.Errorf("read %d touchpoints, want %d", len(j.Touchpoints), n)
				}
				lint.Lint(j, lint.Options{})
				return nil
			})
		})
	}
}
