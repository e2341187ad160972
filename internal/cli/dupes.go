package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/journey-cli/journey/internal/dupes"
	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/report"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

// dupesOptions are the flags of journey dupes.
type dupesOptions struct {
	files         []string
	threshold     float64
	stage         string
	crossTeamOnly bool
	sameKind      []string
	format        string
	failOn        string
	template      string
}

func newDupesCmd(streams *IOStreams) *cobra.Command {
	opts := &dupesOptions{}
	cmd := &cobra.Command{
		Use:   "dupes FILE...",
		Short: "Find duplicate efforts: touchpoints that do the same job for one persona in one stage",
		Long: `dupes compares the touchpoints of one or more workbooks (each team's file, a
CSV file of touchpoints, or - for standard input) and groups those that do the
same job for the same persona in the same stage, such as two teams' monthly
newsletters. Two touchpoints match on their Touchpoint and Purpose text
(case, punctuation, accents, word order, plurals and small typos do not
matter) and their channel (the same channel, or two of one kind such as
Email and SMS); Mode, Cadence and Day break ties. Live and Planned
touchpoints are compared; Paused and Retired ones are not.

Each group has a similarity (its weakest link, 0..1), says whether it
crosses teams, and suggests the team to own the merged touchpoint: the
stage's owner team when it is among the members, else the team running the
most automated member. docs/dupes.md explains the scoring and the default
--threshold.

Exit code 0, whatever was found, unless --fail-on is given: each group is a
warning, so --fail-on warning (or info) exits 1 when there is a group.
Exit code 2 when a file cannot be read or the usage is wrong.`,
		Example: `  journey dupes journey.xlsx
  journey dupes marketing.xlsx product.xlsx success.xlsx --cross-team-only
  journey dupes journey.xlsx --stage Adoption --threshold 0.7
  journey dupes journey.xlsx --same-kind "Email,In-app"     # count these two channels as one kind
  journey dupes journey.xlsx --format json | jq '.groups[].members[].id'
  journey dupes team-*.xlsx --fail-on warning               # exit 1 in CI when a group is found
  journey dupes touchpoints.csv --template ecommerce`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.files = args
			return runDupes(opts, streams)
		},
	}
	f := cmd.Flags()
	f.Float64Var(&opts.threshold, "threshold", dupes.DefaultThreshold, "similarity from which two touchpoints are duplicates, 0..1 (higher finds fewer)")
	f.StringVar(&opts.stage, "stage", "", "only this stage")
	f.BoolVar(&opts.crossTeamOnly, "cross-team-only", false, "only groups whose members belong to more than one team")
	f.StringArrayVar(&opts.sameKind, "same-kind", nil, `channels to count as one kind, comma-separated (repeatable), e.g. "Email,In-app"`)
	f.StringVar(&opts.format, "format", "table", "table, json, markdown or csv")
	f.StringVar(&opts.failOn, "fail-on", "", "exit 1 when a group is found at or above this severity: info, warning or error (groups are warnings)")
	f.StringVarP(&opts.template, "template", "t", templates.Default, "stages and vocabularies for a file that lacks them (CSV)")
	_ = cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"table", "json", "markdown", "csv"}, cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("fail-on", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"info", "warning", "error"}, cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("template", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return templates.Names(), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func runDupes(opts *dupesOptions, streams *IOStreams) error {
	format, err := report.ParseFormat(opts.format, report.FormatTable, report.FormatJSON, report.FormatMarkdown, report.FormatCSV)
	if err != nil {
		return usageError("%s", err)
	}
	if !(opts.threshold > 0 && opts.threshold <= 1) {
		return usageError("--threshold takes a number above 0 and at most 1, not %g", opts.threshold)
	}
	failOn, failing, err := parseFailOn(opts.failOn)
	if err != nil {
		return err
	}
	sameKind, err := dupesSameKind(opts.sameKind)
	if err != nil {
		return err
	}
	if err := dupesDistinctInputs(opts.files); err != nil {
		return err
	}
	tpl, err := templates.Load(opts.template)
	if err != nil {
		return usageError("%s", err)
	}
	journeys := make([]*journey.Journey, 0, len(opts.files))
	for _, file := range opts.files {
		j, err := workbook.Read(file, workbook.ReadOptions{Template: tpl, Stdin: streams.In})
		if err != nil {
			return err
		}
		dupesNoteProblems(streams, j)
		journeys = append(journeys, j)
	}
	if opts.stage != "" {
		if err := dupesCheckStage(journeys, opts.stage); err != nil {
			return err
		}
	}
	res := dupes.Analyze(journeys, dupes.Options{
		Threshold: opts.threshold, Stage: opts.stage, CrossTeamOnly: opts.crossTeamOnly, SameKind: sameKind,
	})
	summary := report.DupesSummary{Compared: res.Compared, Threshold: res.Threshold}
	switch format {
	case report.FormatJSON:
		err = report.WriteJSON(streams.Out, report.NewDupesReport(res.Groups))
	case report.FormatMarkdown:
		err = report.WriteDupesMarkdown(streams.Out, res.Groups, summary)
	case report.FormatCSV:
		err = report.WriteDupesCSV(streams.Out, res.Groups)
	default:
		err = report.WriteDupesTable(streams.Out, res.Groups, summary, streams.TableWidth())
	}
	if err != nil {
		return err
	}
	if !failing {
		return nil // no need to word a finding for each group
	}
	// each group is a warning-level duplicate-effort finding
	return failOnExit(dupes.Findings(res.Groups), failOn, failing)
}

// dupesSameKind reads each --same-kind list of channels.
func dupesSameKind(lists []string) ([][]string, error) {
	var out [][]string
	for _, l := range lists {
		var group []string
		for _, c := range strings.Split(l, ",") {
			if c = strings.TrimSpace(c); c != "" {
				group = append(group, c)
			}
		}
		if len(group) < 2 {
			return nil, usageError("--same-kind takes two or more channels separated by commas, not %q", l)
		}
		out = append(out, group)
	}
	return out, nil
}

// dupesDistinctInputs refuses a file given twice: each of its touchpoints
// would be its own duplicate.
func dupesDistinctInputs(files []string) error {
	stats := make([]os.FileInfo, len(files))
	for i, f := range files {
		if f != "-" {
			stats[i], _ = os.Stat(f)
		}
		for k := range i {
			same := f == files[k] ||
				(stats[i] != nil && stats[k] != nil && os.SameFile(stats[i], stats[k]))
			if same {
				if f == "-" {
					return usageError("standard input (-) is given twice")
				}
				return usageError("%s is given twice (as %s and %s): give each workbook once", f, files[k], f)
			}
		}
	}
	return nil
}

// dupesCheckStage refuses a --stage that no input knows.
func dupesCheckStage(journeys []*journey.Journey, stage string) error {
	want := journey.NormalizeName(stage)
	var names []string
	seen := map[string]bool{}
	note := func(name string) bool {
		k := journey.NormalizeName(name)
		if k == want {
			return true
		}
		if k != "" && !seen[k] {
			seen[k] = true
			names = append(names, name)
		}
		return false
	}
	for _, j := range journeys {
		for _, s := range j.Stages {
			if note(s.Name) {
				return nil
			}
		}
		for i := range j.Touchpoints {
			if note(j.Touchpoints[i].Stage()) {
				return nil
			}
		}
	}
	return usageError("--stage %q: no such stage in the input; the stages are %s", stage, strings.Join(names, ", "))
}

// dupesNoteProblems warns, on standard error, about a workbook whose structure
// lint reports as broken: its touchpoints may be missing from the
// comparison.
func dupesNoteProblems(streams *IOStreams, j *journey.Journey) {
	n, first := 0, ""
	for _, p := range j.Problems {
		if p.Severity == journey.Error {
			if n == 0 {
				first = p.Message
			}
			n++
		}
	}
	switch {
	case n == 1:
		fmt.Fprintf(streams.ErrOut, "journey: note: %s: %s; run journey lint %s\n", j.File, first, j.File)
	case n > 1:
		fmt.Fprintf(streams.ErrOut, "journey: note: %s: %d errors, the first: %s; run journey lint %s\n", j.File, n, first, j.File)
	}
}
