package diff_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/journey-cli/journey/internal/bench"
	"github.com/journey-cli/journey/internal/diff"
	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/workbook"
)

// BenchmarkDiff100k measures journey diff's work (reading both workbooks,
// matching and comparing every touchpoint, the stage table) on two
// generated 100,000-touchpoint workbooks, against two bare excelize
// streaming reads of the same sheet (SPEC 9), and reports the ratio as
// x-bare-read. Run it with make bench, or:
//
//	go test -run '^$' -bench Diff100k -benchtime 3x ./internal/diff
//
// Cases:
//   - same: a workbook against a copy of itself, every touchpoint matched by
//     ID and unchanged;
//   - changed: against a workbook generated with another seed, the same IDs
//     and nearly every field changed;
//   - no-ids-same, no-ids-changed: the same with the IDs emptied after
//     reading, so every touchpoint goes through the name pass, and in the
//     second case nearly all through the similarity pass (the worst case).
func BenchmarkDiff100k(b *testing.B) {
	const n = 100_000
	tpl := bench.Template(b)
	current := bench.Workbook(b, n)
	copyPath := filepath.Join(filepath.Dir(current), fmt.Sprintf("touchpoints-%d-v1-copy.xlsx", n))
	if _, err := os.Stat(copyPath); err != nil {
		data, err := os.ReadFile(current)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(copyPath, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	other := filepath.Join(filepath.Dir(current), fmt.Sprintf("touchpoints-%d-seed43-v1.xlsx", n))
	if _, err := os.Stat(other); err != nil {
		if err := workbook.WriteSynthetic(other, tpl, n, 43); err != nil {
			b.Fatal(err)
		}
	}
	run := func(future string, noIDs bool, check func(*diff.Result) error) func() error {
		return func() error {
			old, err := workbook.Read(current, workbook.ReadOptions{Template: tpl})
			if err != nil {
				return err
			}
			new, err := workbook.Read(future, workbook.ReadOptions{Template: tpl})
			if err != nil {
				return err
			}
			if noIDs {
				for _, j := range []*journey.Journey{old, new} {
					for i := range j.Touchpoints {
						j.Touchpoints[i].SetRaw(journey.FieldID, "")
					}
				}
			}
			r, err := diff.Compare(old, new, diff.Options{})
			if err != nil {
				return err
			}
			return check(r)
		}
	}
	b.Run("same", func(b *testing.B) {
		bench.Compare(b, current, 2, run(copyPath, false, func(r *diff.Result) error {
			if !r.Same() || r.Summary.Unchanged != n {
				return fmt.Errorf("summary %+v, want %d unchanged", r.Summary, n)
			}
			return nil
		}))
	})
	b.Run("changed", func(b *testing.B) {
		bench.Compare(b, current, 2, run(other, false, func(r *diff.Result) error {
			if r.Summary.Added+r.Summary.Removed != 0 {
				return fmt.Errorf("summary %+v, want every touchpoint matched by ID", r.Summary)
			}
			return nil
		}))
	})
	b.Run("no-ids-same", func(b *testing.B) {
		bench.Compare(b, current, 2, run(copyPath, true, func(r *diff.Result) error {
			if !r.Same() {
				return fmt.Errorf("summary %+v, want %d unchanged", r.Summary, n)
			}
			return nil
		}))
	})
	b.Run("no-ids-changed", func(b *testing.B) {
		bench.Compare(b, current, 2, run(other, true, func(r *diff.Result) error {
			b.ReportMetric(float64(r.Summary.Total()-r.Summary.Added-r.Summary.Removed), "matched")
			return nil
		}))
	})
}
