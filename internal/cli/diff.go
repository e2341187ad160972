package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/journey-cli/journey/internal/diff"
	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/report"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

// diffOptions are the flags of journey diff.
type diffOptions struct {
	current, future string
	format          string
	output          string
	force           bool
	ignore          []string
	template        string
}

func newDiffCmd(streams *IOStreams) *cobra.Command {
	opts := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff CURRENT FUTURE",
		Short: "Show what changes from one map to another: touchpoints added, removed, changed, moved",
		Long: `diff compares two maps of the same persona, usually the current state with the
future state, and reports:

  - touchpoints added, removed, changed (each field old -> new, with both
    cells) and moved to another stage, and how many are unchanged;
  - stages added, removed, reordered, or changed in the Stages sheet
    (owner team, KPI, target...);
  - a before/after table per stage: live touchpoints, automated share
    (Automatic or Ongoing), inbound touchpoints, channels, mean feeling.

Touchpoints are matched by ID when the maps share IDs, then by stage,
channel and name, then by similar name and purpose (a renamed or moved
touchpoint is a change, not a removal plus an addition). Rows may be in
any order, and either file may have been saved by Excel, LibreOffice or
Google Sheets: values are compared as what they mean ("35%" is "35.00%").
See docs/diff.md.

-o writes the future workbook, every sheet and style kept, with a Change
column: added rows green, changed cells yellow with the old value in a
comment, removed rows appended at the bottom in red.

Exit code 0 when the maps are the same, 1 when they differ, 2 when a file
cannot be read or written or the usage is wrong (as diff(1)).`,
		Example: `  journey diff current.xlsx future.xlsx
  journey diff current.xlsx future.xlsx -o changes.xlsx
  journey diff current.xlsx future.xlsx --format markdown > review.md
  journey diff current.xlsx future.xlsx --format json | jq '.summary'
  journey diff current.xlsx future.xlsx --ignore DRI --ignore Notes
  journey diff last-quarter.csv this-quarter.csv --template ecommerce`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageError("diff takes two files, CURRENT and FUTURE, not %d (see 'journey diff --help')", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.current, opts.future = args[0], args[1]
			return runDiff(opts, streams)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", "table", "table, json, markdown or csv")
	f.StringVarP(&opts.output, "output", "o", "", "also write the future workbook with the changes highlighted (.xlsx)")
	f.BoolVarP(&opts.force, "force", "f", false, "with -o: replace the output file if it exists")
	f.StringSliceVar(&opts.ignore, "ignore", nil, "a column not to compare, such as DRI or Notes (repeat or separate with commas)")
	f.StringVarP(&opts.template, "template", "t", templates.Default, "stages and vocabularies for a file that lacks them (CSV)")
	_ = cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"table", "json", "markdown", "csv"}, cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("ignore", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var names []string
		for _, c := range journey.TouchpointColumns {
			names = append(names, c.Name)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func runDiff(opts *diffOptions, streams *IOStreams) error {
	format, err := report.ParseFormat(opts.format, report.FormatTable, report.FormatJSON, report.FormatMarkdown, report.FormatCSV)
	if err != nil {
		return usageError("%s", err)
	}
	switch {
	case opts.current == "-" && opts.future == "-":
		return usageError("only one of CURRENT and FUTURE can be - (standard input)")
	case opts.force && opts.output == "":
		return usageError("--force goes with -o")
	case opts.output != "":
		switch strings.ToLower(filepath.Ext(opts.output)) {
		case ".xlsx", ".xlsm":
		default:
			return usageError("-o writes an .xlsx workbook: give a file name ending in .xlsx, not %q", opts.output)
		}
	}
	cur, fut, err := readDiffSides(opts, streams)
	if err != nil {
		return err
	}
	warnMapTypes(streams, cur, fut)
	res, err := diff.Compare(cur, fut, diff.Options{Ignore: opts.ignore})
	if err != nil {
		var ie *diff.IgnoreError
		if errors.As(err, &ie) {
			return usageError("%s", err)
		}
		return err
	}
	// The workbook first: a refused or failed -o prints no report.
	if opts.output != "" {
		if err := workbook.WriteDiff(opts.output, diffWorkbook(res, opts.force)); err != nil {
			return err
		}
		fmt.Fprintf(streams.ErrOut, "wrote %s (%s)\n", opts.output, report.DiffSummaryLine(res.Summary))
	}
	switch format {
	case report.FormatJSON:
		err = report.WriteDiffJSON(streams.Out, res)
	case report.FormatMarkdown:
		err = report.WriteDiffMarkdown(streams.Out, res)
	case report.FormatCSV:
		err = report.WriteDiffCSV(streams.Out, res)
	default:
		err = report.WriteDiffTable(streams.Out, res, streams.TableWidth())
	}
	if err != nil {
		return err
	}
	if res.Same() {
		return nil
	}
	return exitCode(ExitFindings)
}

// readDiffSides reads the two maps at the same time: reading a workbook
// keeps about one core busy, and the two reads share nothing. The first
// map's error is the one reported when both fail, as when they were read
// one after the other; it is returned without waiting for the second read.
func readDiffSides(opts *diffOptions, streams *IOStreams) (cur, fut *journey.Journey, err error) {
	type read struct {
		j     *journey.Journey
		err   error
		panic any
	}
	future := make(chan read, 1)
	go func() {
		var r read
		// A panic goes back to this command's goroutine, where Main
		// reports it as an internal error.
		defer func() {
			r.panic = recover()
			future <- r
		}()
		r.j, r.err = readDiffSide(opts.future, opts.template, streams)
	}()
	cur, err = readDiffSide(opts.current, opts.template, streams)
	if err != nil {
		return nil, nil, err
	}
	r := <-future
	if r.panic != nil {
		panic(r.panic)
	}
	if r.err != nil {
		return nil, nil, r.err
	}
	return cur, r.j, nil
}

// readDiffSide reads one of the two maps; a file without a touchpoints
// table cannot be compared.
func readDiffSide(path, templateName string, streams *IOStreams) (*journey.Journey, error) {
	j, err := readJourney(path, templateName, streams)
	if err != nil {
		return nil, err
	}
	if j.Table.HeaderRow == 0 {
		why := "add a Touchpoints sheet with the columns Stage, Touchpoint, Channel, Mode, Direction and Owner team"
		for _, p := range j.Problems {
			if p.Severity == journey.Error && (p.Rule == "sheet-missing" || p.Rule == "header-missing") {
				why = p.Message
				break
			}
		}
		return nil, &workbook.Error{File: path, Msg: "has no touchpoints table to compare: " + why}
	}
	return j, nil
}

// mapType returns the Persona sheet's map type in its canonical spelling
// and its cell, "" when the sheet gives none.
func mapType(j *journey.Journey) (string, string) {
	got := strings.TrimSpace(j.Persona.MapType)
	if canon := canonicalMapType(got); canon != "" {
		got = canon
	}
	where := ""
	if loc, ok := j.Persona.Locs["maptype"]; ok && loc.String() != "" {
		where = " (" + loc.String() + ")"
	}
	return got, where
}

// warnMapTypes warns, without failing, when the first map's Persona sheet
// gives a map type other than Current state, or the second's other than
// Future state.
func warnMapTypes(streams *IOStreams, cur, fut *journey.Journey) {
	const current, future = "Current state", "Future state"
	a, aWhere := mapType(cur)
	b, bWhere := mapType(fut)
	if a == future && b == current {
		fmt.Fprintf(streams.ErrOut, "journey: warning: %s is the %q map%s and %s the %q map%s: did you mean journey diff %s %s?\n",
			cur.File, a, aWhere, fut.File, b, bWhere, fut.File, cur.File)
		return
	}
	if a != "" && a != current {
		fmt.Fprintf(streams.ErrOut, "journey: warning: %s is a %q map%s; diff expects the %q map first\n", cur.File, a, aWhere, current)
	}
	if b != "" && b != future {
		fmt.Fprintf(streams.ErrOut, "journey: warning: %s is a %q map%s; diff expects the %q map second\n", fut.File, b, bWhere, future)
	}
}

// diffWorkbook turns a comparison into the marks of the -o workbook.
func diffWorkbook(res *diff.Result, force bool) workbook.DiffWorkbook {
	d := workbook.DiffWorkbook{Future: res.New, Current: res.Old.File, Force: force}
	newExtra := map[string]int{}
	for _, h := range res.New.Table.Headers {
		if !h.Known() {
			if _, dup := newExtra[journey.NormalizeName(h.Text)]; !dup {
				newExtra[journey.NormalizeName(h.Text)] = h.Col
			}
		}
	}
	for _, p := range res.Pairs {
		row := workbook.DiffRow{Change: string(p.Kind)}
		switch p.Kind {
		case diff.Removed:
			row.Values, row.Note = removedValues(res, p.Old, newExtra)
		default:
			row.Row = p.New.Row
		}
		var notes []string
		if p.Match == diff.MatchSimilar {
			notes = append(notes, fmt.Sprintf("Matched by similar name and purpose (score %.2f) with row %d of %s.", p.Similarity, p.Old.Row, res.Old.File))
		}
		for _, f := range p.Fields {
			if f.ToLoc.Col > 0 {
				if row.Old == nil {
					row.Old = map[int]string{}
				}
				row.Old[f.ToLoc.Col] = f.From
			} else if p.Kind != diff.Removed {
				notes = append(notes, fmt.Sprintf("%s was %q (this map has no %s column).", f.Field, f.From, f.Field))
			}
		}
		if len(notes) > 0 {
			row.Note = strings.Join(notes, " ")
		}
		d.Rows = append(d.Rows, row)
	}
	return d
}

// removedValues places a removed touchpoint's values under the future
// table's columns; values whose column the future lacks go in a note.
func removedValues(res *diff.Result, tp *journey.Touchpoint, newExtra map[string]int) (map[int]string, string) {
	values := map[int]string{}
	var missing []string
	for f := journey.Field(0); f < journey.NumFields; f++ {
		v := tp.Raw(f)
		if strings.TrimSpace(v) == "" {
			continue
		}
		if col := res.New.Table.Columns[f]; col > 0 {
			values[col] = v
		} else {
			missing = append(missing, f.String()+": "+journey.CleanText(v))
		}
	}
	for _, h := range res.Old.Table.Headers {
		v, ok := tp.Extra[h.Col]
		if h.Known() || !ok || strings.TrimSpace(v) == "" {
			continue
		}
		if col, ok := newExtra[journey.NormalizeName(h.Text)]; ok {
			values[col] = v
		} else {
			missing = append(missing, h.Text+": "+journey.CleanText(v))
		}
	}
	note := fmt.Sprintf("Removed: row %d of %s.", tp.Row, res.Old.File)
	if len(missing) > 0 {
		note += " Columns this map lacks: " + strings.Join(missing, "; ")
	}
	return values, note
}
