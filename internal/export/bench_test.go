package export_test

import (
	"bufio"
	"io"
	"testing"

	"github.com/journey-cli/journey/internal/bench"
	"github.com/journey-cli/journey/internal/export"
	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/workbook"
)

// BenchmarkExport times export --to json and --to csv alone, after the
// generated workbook of 100,000 touchpoints is read, writing through the
// command's buffer to io.Discard: the export's share of the command, and
// what to profile (-cpuprofile, -memprofile).
func BenchmarkExport(b *testing.B) {
	j, err := workbook.Read(bench.Workbook(b, 100_000), workbook.ReadOptions{Template: bench.Template(b)})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		format string
		write  func(io.Writer, *journey.Journey) error
	}{
		{"json", export.WriteJSON},
		{"csv", export.WriteCSV},
	} {
		b.Run(tc.format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				out := bufio.NewWriterSize(io.Discard, 64<<10)
				if err := tc.write(out, j); err != nil {
					b.Fatal(err)
				}
				if err := out.Flush(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
