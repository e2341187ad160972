// Package bench holds what the benchmarks of every command share: the
// generated workbooks, cached between runs, and the measurements they
// report next to the bare excelize streaming read (SPEC 9).
package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/journey-cli/journey/internal/gctune"
	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

var cacheMu sync.Mutex

// Workbook returns the path of a generated workbook of n touchpoints,
// writing it on first use into a cache folder under the system temp dir
// (generating 200,000 rows takes several seconds).
func Workbook(tb testing.TB, n int) string {
	tb.Helper()
	cacheMu.Lock()
	defer cacheMu.Unlock()
	dir := filepath.Join(os.TempDir(), "journey-bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("touchpoints-%d-v2.xlsx", n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if err := workbook.WriteSynthetic(path, Template(tb), n, 42); err != nil {
		tb.Fatal(err)
	}
	return path
}

// Template is the default template.
func Template(tb testing.TB) *journey.Template {
	tpl, err := templates.Load(templates.Default)
	if err != nil {
		tb.Fatal(err)
	}
	return tpl
}

// Measure runs work once and returns its wall time and the peak of the
// Go heap while it ran, sampled every millisecond.
func Measure(work func() error) (time.Duration, uint64, error) {
	runtime.GC()
	stop := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var max uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > max {
				max = v
			}
			select {
			case <-stop:
				peak <- max
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	err := work()
	elapsed := time.Since(start)
	close(stop)
	return elapsed, <-peak, err
}

// Compare measures a command's work against the bare streaming read of
// the same workbook, runs times each (interleaved, best of), and reports
// the ratio, both times and the command's peak heap as benchmark metrics.
func Compare(b *testing.B, path string, reads int, work func() error) {
	b.Helper()
	gctune.Tune(int64(reads) * fileSize(b, path)) // as the command line runs
	defer gctune.Reset()
	var bestBare, bestWork time.Duration
	var peak uint64
	for i := 0; i < b.N; i++ {
		bare, _, err := Measure(func() error {
			for range reads {
				if _, err := workbook.StreamCells(path, journey.SheetTouchpoints); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		took, heap, err := Measure(work)
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 || bare < bestBare {
			bestBare = bare
		}
		if i == 0 || took < bestWork {
			bestWork = took
		}
		peak = max(peak, heap)
	}
	b.ReportMetric(float64(bestWork)/float64(bestBare), "x-bare-read")
	b.ReportMetric(bestBare.Seconds(), "bare-s")
	b.ReportMetric(bestWork.Seconds(), "cmd-s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(0, "ns/op") // the wall time of a loop of both is meaningless
}

// fileSize is the size of the file at path.
func fileSize(b *testing.B, path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return info.Size()
}
