package gaps_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/journey-cli/journey/internal/bench"
	"github.com/journey-cli/journey/internal/gaps"
	"github.com/journey-cli/journey/internal/workbook"
)

// BenchmarkGaps measures gaps (read + analysis, duplicate search included)
// against the bare excelize streaming read of the same sheet.
func BenchmarkGaps(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 200_000} {
		b.Run(fmt.Sprintf("touchpoints=%d", n), func(b *testing.B) {
			path := bench.Workbook(b, n)
			tpl := bench.Template(b)
			bench.Compare(b, path, 1, func() error {
				j, err := workbook.Read(path, workbook.ReadOptions{Template: tpl})
				if err != nil {
					return err
				}
				r := gaps.Analyze(j, gaps.Options{Thresholds: gaps.DefaultThresholds, Now: time.Now()})
				if len(r.Personas) == 0 {
					return fmt.Errorf("no persona analysed")
				}
				return nil
			})
		})
	}
}

// BenchmarkAnalyze times gaps.Analyze alone on the workbook read
// beforehand: the analysis's share of the command, and what to profile
// (-cpuprofile, -memprofile).
func BenchmarkAnalyze(b *testing.B) {
	for _, n := range []int{100_000, 200_000} {
		b.Run(fmt.Sprintf("touchpoints=%d", n), func(b *testing.B) {
			j, err := workbook.Read(bench.Workbook(b, n), workbook.ReadOptions{Template: bench.Template(b)})
			if err != nil {
				b.Fatal(err)
			}
			opts := gaps.Options{Thresholds: gaps.DefaultThresholds, Now: time.Now()}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				gaps.Analyze(j, opts)
			}
		})
	}
}
