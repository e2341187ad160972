package report

import (
	"io"
	"testing"

	"github.com/journey-cli/journey/internal/bench"
	"github.com/journey-cli/journey/internal/dupes"
	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/workbook"
)

// BenchmarkWriteDupesTable draws the dupes table of the generated
// 10,000-touchpoint workbook (about 1,300 groups): a fixed cost that the
// short read of a small workbook does not amortise.
func BenchmarkWriteDupesTable(b *testing.B) {
	j, err := workbook.Read(bench.Workbook(b, 10_000), workbook.ReadOptions{Template: bench.Template(b)})
	if err != nil {
		b.Fatal(err)
	}
	res := dupes.Analyze([]*journey.Journey{j}, dupes.Options{})
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := WriteDupesTable(io.Discard, res.Groups, DupesSummary{Compared: res.Compared, Threshold: res.Threshold}, 100); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Groups)), "groups")
}
