package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/merge"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

// mergeOptions are the flags of journey merge.
type mergeOptions struct {
	files    []string
	output   string
	template string
	force    bool
}

func newMergeCmd(streams *IOStreams) *cobra.Command {
	opts := &mergeOptions{}
	cmd := &cobra.Command{
		Use:   "merge A.xlsx B.xlsx... -o ALL.xlsx",
		Short: "Combine the sections different teams filled in into one workbook",
		Long: `merge combines workbooks that teams filled in from the same template (each
team its own touchpoints) into one workbook: the union of the touchpoints, a
touchpoint found in several files (same ID, same content) once, the union of
the Lists vocabularies and of the columns journey does not know.

The merged workbook is a copy of the first file, with everything in it
(other sheets, styles, comments, formulas, charts, defined names, dropdowns)
and its rows where they were; the other files' new touchpoints are appended
below its table, in journey order, and the columns and list values they add
are added. When the first file is a CSV file (or standard input), a new
workbook is written as import writes one, the touchpoints in journey order.

IDs stay unique: a touchpoint whose ID another file already uses gets the
next free ID after the highest in use, and each renumbering is reported.
Every file with a Stages sheet must list the same stages in the same order;
merge refuses files whose stages conflict and says how they differ. Where
files disagree on a stage's details or on the persona, the first file wins
and a note says so. It never replaces an existing file unless --force is
given.`,
		Example: `  journey merge marketing.xlsx sales.xlsx success.xlsx -o journey.xlsx
  journey merge journey.xlsx extra-touchpoints.csv -o journey-new.xlsx`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usageError("merge needs at least two files to combine (see 'journey merge --help')")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.files = args
			return runMerge(opts, streams)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.output, "output", "o", "", "the workbook to write (.xlsx)")
	f.StringVarP(&opts.template, "template", "t", templates.Default, "stages and vocabularies for files that lack them (CSV), and the Guide sheet")
	f.BoolVarP(&opts.force, "force", "f", false, "replace the output file if it exists")
	_ = cmd.MarkFlagRequired("output")
	return cmd
}

func runMerge(opts *mergeOptions, streams *IOStreams) error {
	if err := checkXLSXOutput(opts.output); err != nil {
		return err
	}
	tpl, err := templates.Load(opts.template)
	if err != nil {
		return usageError("%s", err)
	}
	stdin := 0
	for _, f := range opts.files {
		if f == "-" {
			stdin++
		}
		if sameFile(f, opts.output) {
			return usageError("-o %s is one of the files to merge: write the merge to a new file", opts.output)
		}
	}
	if stdin > 1 {
		return usageError("standard input (-) can be read only once")
	}
	var js []*journey.Journey
	for _, f := range opts.files {
		j, err := readTable(f, opts.template, streams)
		if err != nil {
			return err
		}
		js = append(js, j)
	}
	// A first input that is a workbook is copied, with everything it
	// holds, and the others' touchpoints appended; otherwise (a CSV file,
	// standard input) a new workbook is written like import writes one.
	copyFirst := workbook.CanCopy(js[0])
	res, err := merge.Merge(js, merge.Options{ByStage: true, KeepFirst: copyFirst})
	var conflict *merge.StageConflict
	if errors.As(err, &conflict) {
		return &exitError{code: ExitTrouble, err: fmt.Errorf("cannot merge: %s", conflict)}
	}
	if err != nil {
		return err
	}
	if copyFirst {
		err = writeMergedCopy(opts.output, js[0], res, opts.force)
	} else {
		err = writeMerged(opts.output, tpl, res, journey.Persona{}, opts.force)
	}
	if err != nil {
		return err
	}
	printNotes(streams, res)
	summary := fmt.Sprintf("wrote %s (%s from %d files", opts.output, countNoun(len(res.Touchpoints), "touchpoint"), len(js))
	if res.Duplicates > 0 {
		summary += fmt.Sprintf("; %s found in several files kept once", countNoun(res.Duplicates, "touchpoint"))
	}
	if n := len(res.Renumbered); n > 0 {
		summary += fmt.Sprintf("; %d renumbered", n)
	}
	fmt.Fprintln(streams.ErrOut, summary+")")
	return nil
}

// checkXLSXOutput refuses an output that is not an .xlsx workbook.
func checkXLSXOutput(path string) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return nil
	}
	return usageError("give -o a workbook file name ending in .xlsx, not %q", path)
}

// sameFile reports whether two paths name the same existing file.
func sameFile(a, b string) bool {
	if a == "-" || b == "-" {
		return false
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// readTable reads an input that must hold a touchpoints table.
func readTable(path, templateName string, streams *IOStreams) (*journey.Journey, error) {
	j, err := readJourney(path, templateName, streams)
	if err != nil {
		return nil, err
	}
	if j.Table.HeaderRow == 0 {
		return nil, &workbook.Error{File: fileName(path),
			Msg: "has no touchpoints table (a header row with Stage, Touchpoint, Channel, Mode, Direction and Owner team); run journey lint on it"}
	}
	return j, nil
}

// fileName names an input for a message.
func fileName(path string) string {
	if path == "-" {
		return "standard input"
	}
	return path
}

// writeMerged writes a merged (or imported) journey with init's writer:
// the template's sheets, dropdowns and styles, filled in.
func writeMerged(path string, tpl *journey.Template, res *merge.Result, persona journey.Persona, force bool) error {
	t := *tpl
	t.Stages = res.Stages
	t.Vocab = res.Vocab
	t.Example = journey.ExampleJourney{}
	p := res.Persona
	overlay := func(d *string, s string) {
		if s != "" {
			*d = s
		}
	}
	overlay(&p.Name, persona.Name)
	overlay(&p.Seniority, persona.Seniority)
	overlay(&p.MapType, persona.MapType)
	overlay(&p.Owner, persona.Owner)
	tps := res.Touchpoints
	if tps == nil {
		tps = []journey.Touchpoint{}
	}
	return workbook.WriteNew(path, workbook.InitOptions{Template: &t, Persona: p, Touchpoints: tps,
		ExtraColumns: res.ExtraColumns, Force: force})
}

// writeMergedCopy writes a merged journey on a copy of the first input's
// workbook: its rows stay where they are and the other inputs' touchpoints
// are appended below them.
func writeMergedCopy(path string, base *journey.Journey, res *merge.Result, force bool) error {
	rows := make([]workbook.MergedRow, len(res.Touchpoints))
	for i, tp := range res.Touchpoints {
		rows[i].Touchpoint = tp
		if o := res.Origins[i]; o.Input == 0 {
			rows[i].BaseRow = o.Row
		}
	}
	return workbook.WriteMerge(path, workbook.MergeOptions{Base: base, Rows: rows, ExtraColumns: res.ExtraColumns,
		Stages: res.Stages, Vocab: res.Vocab, Persona: res.Persona, Force: force})
}

// printNotes prints each renumbering, what the merge settled, and the values that are not
// in the written workbook's stages and lists (lint reports each).
func printNotes(streams *IOStreams, res *merge.Result) {
	for _, r := range res.Renumbered {
		fmt.Fprintf(streams.ErrOut, "%s\n", r)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(streams.ErrOut, "note: %s\n", n)
	}
	stages := make([]string, len(res.Stages))
	for i, s := range res.Stages {
		stages[i] = s.Name
	}
	checks := []struct {
		field journey.Field
		list  []string
		where string
	}{
		{journey.FieldStage, stages, "the stages"},
		{journey.FieldChannel, res.Vocab.Channels, "the Channel list"},
		{journey.FieldOwnerTeam, res.Vocab.Teams, "the Owner team list"},
	}
	for _, c := range checks {
		in := map[string]bool{}
		for _, v := range c.list {
			in[v] = true
		}
		rows := map[string]int{}
		for i := range res.Touchpoints {
			if v := res.Touchpoints[i].Value(c.field); v != "" && !in[v] {
				rows[v]++
			}
		}
		if len(rows) == 0 {
			continue
		}
		values := make([]string, 0, len(rows))
		for v := range rows {
			values = append(values, v)
		}
		sort.Strings(values)
		shown := values
		if len(shown) > 5 {
			shown = shown[:5]
		}
		parts := make([]string, len(shown))
		for i, v := range shown {
			parts[i] = fmt.Sprintf("%q (%s)", v, countNoun(rows[v], "row"))
		}
		more := ""
		if len(values) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(values)-len(shown))
		}
		fmt.Fprintf(streams.ErrOut, "note: %s values not in %s: %s%s; journey lint lists them with suggestions\n",
			c.field, c.where, strings.Join(parts, ", "), more)
	}
}
