// Command journey-bench measures every report command of journey on
// generated workbooks of 10,000, 100,000 and 200,000 touchpoints against a
// bare excelize streaming read of the same sheet, measured in the same
// run, and prints one table (make bench). Each measurement runs a real
// process, so the peak memory is the process's maximum resident set.
//
//	journey-bench -journey bin/journey [-sizes 10000,100000,200000]
//	journey-bench bare FILE...    (the baseline: stream every cell, print nothing)
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

func main() {
	if len(os.Args) > 2 && os.Args[1] == "bare" {
		for _, f := range os.Args[2:] {
			if _, err := workbook.StreamCells(f, journey.SheetTouchpoints); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
		}
		return
	}
	if len(os.Args) == 4 && os.Args[1] == "generate" {
		if err := generate(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		return
	}
	bin := flag.String("journey", "bin/journey", "the journey binary to measure")
	sizes := flag.String("sizes", "10000,100000,200000", "touchpoint counts")
	runs := flag.Int("runs", 1, "runs per measurement (the fastest is kept)")
	flag.Parse()
	if err := run(*bin, *sizes, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "journey-bench:", err)
		os.Exit(1)
	}
}

// sample is one measured process.
type sample struct {
	wall time.Duration
	rss  int64 // bytes
}

func run(bin, sizeList string, runs int) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	dir := filepath.Join(os.TempDir(), "journey-bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "command\ttouchpoints\ttime s\tbare read s\tratio\tpeak RSS MB\ttime vs previous size\t")
	prev := map[string]time.Duration{}
	prevN := 0
	for _, s := range strings.Split(sizeList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("-sizes: %q is not a number", s)
		}
		// A child process writes the workbooks: the memory it takes would
		// otherwise count in every measured child's peak (a child's maximum
		// resident set starts from the parent's when it is started).
		current, future := workbookPaths(dir, n)
		if err := exec.Command(self, "generate", dir, strconv.Itoa(n)).Run(); err != nil {
			return fmt.Errorf("generating the %d-touchpoint workbooks: %w", n, err)
		}
		bare1, err := best(runs, self, "bare", current)
		if err != nil {
			return err
		}
		bare2, err := best(runs, self, "bare", current, future)
		if err != nil {
			return err
		}
		for _, c := range commands(current, future) {
			got, err := best(runs, bin, c.args...)
			if err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			bare := bare1
			if c.reads == 2 {
				bare = bare2
			}
			growth := ""
			if p, ok := prev[c.name]; ok {
				growth = fmt.Sprintf("%.2fx for %.1fx rows", got.wall.Seconds()/p.Seconds(), float64(n)/float64(prevN))
			}
			prev[c.name] = got.wall
			fmt.Fprintf(w, "%s\t%d\t%.2f\t%.2f\t%.2fx\t%d\t%s\t\n", c.name, n, got.wall.Seconds(), bare.wall.Seconds(),
				got.wall.Seconds()/bare.wall.Seconds(), got.rss>>20, growth)
		}
		prevN = n
		w.Flush()
	}
	return startup(self, bin, dir)
}

// command is one measured command line.
type command struct {
	name  string
	args  []string
	reads int // workbooks it reads: its baseline is that many bare reads
}

func commands(current, future string) []command {
	return []command{
		{"lint", []string{"lint", current}, 1},
		{"gaps", []string{"gaps", current}, 1},
		{"dupes", []string{"dupes", current}, 1},
		{"diff", []string{"diff", current, future}, 2},
		{"export json", []string{"export", current, "--to", "json"}, 1},
		{"export csv", []string{"export", current, "--to", "csv"}, 1},
	}
}

// workbookPaths names the current and future workbooks of n touchpoints.
func workbookPaths(dir string, n int) (string, string) {
	return filepath.Join(dir, fmt.Sprintf("touchpoints-%d-v2.xlsx", n)), filepath.Join(dir, fmt.Sprintf("touchpoints-%d-v2-future.xlsx", n))
}

// generate writes the workbooks of n touchpoints into dir unless they are
// there: the future one renames one touchpoint in a hundred and moves one
// in two hundred to another stage.
func generate(dir, count string) error {
	n, err := strconv.Atoi(count)
	if err != nil {
		return err
	}
	tpl, err := templates.Load(templates.Default)
	if err != nil {
		return err
	}
	current, future := workbookPaths(dir, n)
	if _, err := os.Stat(current); err != nil {
		fmt.Fprintf(os.Stderr, "generating %s\n", current)
		if err := workbook.WriteSynthetic(current, tpl, n, 42); err != nil {
			return err
		}
	}
	if _, err := os.Stat(future); err != nil {
		fmt.Fprintf(os.Stderr, "generating %s\n", future)
		var edits []journey.Edit
		for row := 2; row < n+2; row++ {
			switch {
			case row%100 == 0:
				edits = append(edits, journey.Edit{Loc: journey.Loc{Sheet: journey.SheetTouchpoints, Row: row, Col: int(journey.FieldTouchpoint) + 1}, Value: fmt.Sprintf("Renamed touchpoint %d", row)})
			case row%200 == 1:
				edits = append(edits, journey.Edit{Loc: journey.Loc{Sheet: journey.SheetTouchpoints, Row: row, Col: int(journey.FieldStage) + 1}, Value: tpl.Stages[row%len(tpl.Stages)].Name})
			}
		}
		return workbook.ApplyEdits(current, future, edits, true)
	}
	return nil
}

// best runs a command runs times and keeps the fastest run.
func best(runs int, bin string, args ...string) (sample, error) {
	var b sample
	for i := range runs {
		s, err := measure(bin, args...)
		if err != nil {
			return b, err
		}
		if i == 0 || s.wall < b.wall {
			b = s
		}
	}
	return b, nil
}

// measure runs one process with its output discarded and returns its wall
// time and maximum resident set. Exit code 1 (findings) is success here.
func measure(bin string, args ...string) (sample, error) {
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil
	}
	if err != nil {
		return sample{}, fmt.Errorf("%s %s: %w", bin, strings.Join(args, " "), err)
	}
	rss := int64(0)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss << 10 // kilobytes on Linux
	}
	return sample{wall: wall, rss: rss}, nil
}

// startup shows that a start and a small lint are instant, next to true's.
func startup(self, bin, dir string) error {
	if err := exec.Command(self, "generate", dir, "50").Run(); err != nil {
		return err
	}
	small, _ := workbookPaths(dir, 50)
	trueBin, err := exec.LookPath("true")
	if err != nil {
		return err
	}
	fmt.Println()
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "start-up (median of 11 runs)\tms\t")
	for _, c := range []struct {
		name string
		bin  string
		args []string
	}{
		{"true", trueBin, nil},
		{"journey --version", bin, []string{"--version"}},
		{"journey lint (50 rows)", bin, []string{"lint", small}},
	} {
		var walls []time.Duration
		for range 11 {
			s, err := measure(c.bin, c.args...)
			if err != nil {
				return err
			}
			walls = append(walls, s.wall)
		}
		slices.Sort(walls)
		fmt.Fprintf(w, "%s\t%.1f\t\n", c.name, float64(walls[5].Microseconds())/1000)
	}
	return w.Flush()
}
