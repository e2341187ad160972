package dupes_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/journey-cli/journey/internal/bench"
	"github.com/journey-cli/journey/internal/dupes"
	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/workbook"
)

// The benchmarks of SPEC 9 for dupes (make bench runs them with the
// others; alone: go test -run '^$' -bench Dupes ./internal/dupes):
//
// BenchmarkDupes/touchpoints=N measures the command's work (workbook.Read,
// then dupes.Analyze) on a generated workbook of N touchpoints against
// the bare excelize streaming read of the same sheet (bench.Compare: best
// of b.N interleaved runs; -benchtime 3x on a busy machine). It reports
// x-bare-read (target <= 1.5 at 100,000), bare-s, cmd-s, peak-heap-MB
// (target < 300), groups, read-s and find-s (the fastest read and the
// fastest analysis: where cmd-s goes), and, for 200,000, x-100k: cmd-s
// over cmd-s at 100,000 in the same run (target <= 2.5).
//
// BenchmarkFind/touchpoints=N times dupes.Analyze alone on the workbook
// read beforehand: the analysis's share, and what to profile
// (-cpuprofile).
func BenchmarkDupes(b *testing.B) {
	var best sync.Map // n -> fastest cmd time
	for _, n := range []int{10_000, 100_000, 200_000} {
		b.Run(fmt.Sprintf("touchpoints=%d", n), func(b *testing.B) {
			path := bench.Workbook(b, n)
			tpl := bench.Template(b)
			var fastest, read, find time.Duration
			groups := 0
			least := func(d *time.Duration, took time.Duration) {
				if *d == 0 || took < *d {
					*d = took
				}
			}
			bench.Compare(b, path, 1, func() error {
				start := time.Now()
				j, err := workbook.Read(path, workbook.ReadOptions{Template: tpl})
				if err != nil {
					return err
				}
				mid := time.Now()
				res := dupes.Analyze([]*journey.Journey{j}, dupes.Options{})
				least(&fastest, time.Since(start))
				least(&read, mid.Sub(start))
				least(&find, time.Since(mid))
				groups = len(res.Groups)
				if groups == 0 {
					return fmt.Errorf("no duplicate groups in %s", path)
				}
				return nil
			})
			b.ReportMetric(float64(groups), "groups")
			b.ReportMetric(read.Seconds(), "read-s")
			b.ReportMetric(find.Seconds(), "find-s")
			best.Store(n, fastest)
			if base, ok := best.Load(100_000); ok && n == 200_000 {
				b.ReportMetric(float64(fastest)/float64(base.(time.Duration)), "x-100k")
			}
		})
	}
}

func BenchmarkFind(b *testing.B) {
	for _, n := range []int{100_000, 200_000} {
		b.Run(fmt.Sprintf("touchpoints=%d", n), func(b *testing.B) {
			j, err := workbook.Read(bench.Workbook(b, n), workbook.ReadOptions{Template: bench.Template(b)})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			var res dupes.Result
			for range b.N {
				res = dupes.Analyze([]*journey.Journey{j}, dupes.Options{})
			}
			b.StopTimer()
			biggest := 0
			for _, g := range res.Groups {
				biggest = max(biggest, len(g.Members))
			}
			b.ReportMetric(float64(len(res.Groups)), "groups")
			b.ReportMetric(float64(biggest), "biggest-group")
			b.ReportMetric(float64(res.Compared), "compared")
		})
	}
}
