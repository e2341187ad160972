package cli

import (
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/journey-cli/journey/internal/gaps"
	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/report"
	"github.com/journey-cli/journey/internal/templates"
)

// gapsOptions are the flags of journey gaps.
type gapsOptions struct {
	file       string
	format     string
	failOn     string
	only, skip []string
	template   string
	thresholds gaps.Thresholds
	now        string
}

func newGapsCmd(streams *IOStreams) *cobra.Command {
	opts := &gapsOptions{thresholds: gaps.DefaultThresholds}
	cmd := &cobra.Command{
		Use:   "gaps FILE",
		Short: "Show where the journey is weak: coverage, heat map, ownership and findings",
		Long: `gaps analyses one workbook (or CSV file, or - for standard input), per persona:
the stage coverage table (live touchpoints, inbound/outbound, ongoing/
automatic/manual, teams, channels, outbound messages a week, feeling, KPI),
a stage x channel heat map, a team x stage ownership matrix, the channels
ranked against their targets, then the findings, most severe first, each
with the touchpoints and cells behind it and a suggestion.

Thresholds come from the flags, else from rows of the Persona sheet
(Field "Min touchpoints", "Handoff days", "Max per week", "Max teams",
"Target ratio"), else from the defaults. docs/gaps.md explains each rule.

Exit code 0, or 1 with --fail-on when a finding is at least that severe,
2 when the file cannot be read or the usage is wrong.`,
		Example: `  journey gaps journey.xlsx
  journey gaps journey.xlsx --handoff-days 1 --max-per-week 2
  journey gaps journey.xlsx --only handoff-lag,over-communication
  journey gaps journey.xlsx --format markdown > gaps.md
  journey gaps journey.xlsx --format json | jq '.personas[].findings[] | select(.severity=="error")'
  journey gaps journey.xlsx --fail-on warning      # in CI`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			set := map[string]bool{}
			for name := range thresholdFlagNames {
				set[name] = cmd.Flags().Changed(name)
			}
			return runGaps(opts, set, streams)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", "table", "table, json, markdown or csv")
	f.StringVar(&opts.failOn, "fail-on", "", "exit 1 when a finding is at least this severe: error, warning or info")
	f.StringSliceVar(&opts.only, "only", nil, "report only these rule IDs")
	f.StringSliceVar(&opts.skip, "skip", nil, "do not report these rule IDs")
	f.StringVarP(&opts.template, "template", "t", templates.Default, "stages and vocabularies for a file that lacks them (CSV)")
	f.IntVar(&opts.thresholds.MinTouchpoints, "min-touchpoints", gaps.DefaultThresholds.MinTouchpoints, "stage-thin below this many live touchpoints")
	f.IntVar(&opts.thresholds.HandoffDays, "handoff-days", gaps.DefaultThresholds.HandoffDays, "handoff-lag when the new owner's first touchpoint comes later than this")
	f.Float64Var(&opts.thresholds.MaxPerWeek, "max-per-week", gaps.DefaultThresholds.MaxPerWeek, "over-communication above this many outbound messages a week in a stage")
	f.IntVar(&opts.thresholds.MaxTeams, "max-teams", gaps.DefaultThresholds.MaxTeams, "team-fragmented above this many teams in a stage")
	f.Float64Var(&opts.thresholds.TargetRatio, "target-ratio", gaps.DefaultThresholds.TargetRatio, "channel-effectiveness below this share of target")
	f.StringVar(&opts.now, "today", "", "the date stale-map compares with (YYYY-MM-DD; default today)")
	_ = f.MarkHidden("today")
	return cmd
}

// thresholdFlagNames are the flags that override the Persona sheet.
var thresholdFlagNames = map[string]bool{"min-touchpoints": true, "handoff-days": true, "max-per-week": true, "max-teams": true, "target-ratio": true}

func runGaps(opts *gapsOptions, set map[string]bool, streams *IOStreams) error {
	format, err := report.ParseFormat(opts.format, report.FormatTable, report.FormatJSON, report.FormatMarkdown, report.FormatCSV)
	if err != nil {
		return usageError("%s", err)
	}
	failOn, failing, err := parseFailOn(opts.failOn)
	if err != nil {
		return err
	}
	ga := gaps.Options{Thresholds: opts.thresholds, Set: set, Now: time.Now().UTC()}
	if ga.Only, err = ruleSet("--only", opts.only); err != nil {
		return err
	}
	if ga.Skip, err = ruleSet("--skip", opts.skip); err != nil {
		return err
	}
	if opts.now != "" {
		if ga.Now, err = time.Parse("2006-01-02", opts.now); err != nil {
			return usageError("--today takes a date as YYYY-MM-DD, not %q", opts.now)
		}
	}
	j, err := readJourney(opts.file, opts.template, streams)
	if err != nil {
		return err
	}
	r := gaps.Analyze(j, ga)
	if err := writeGaps(streams, format, r); err != nil {
		return err
	}
	var all []journey.Finding
	for _, p := range r.Personas {
		all = append(all, p.Findings...)
	}
	return failOnExit(all, failOn, failing)
}

func writeGaps(streams *IOStreams, format report.Format, r gaps.Report) error {
	switch format {
	case report.FormatJSON:
		return report.WriteJSON(streams.Out, report.NewGapsJSON(r))
	case report.FormatMarkdown:
		return report.WriteGapsMarkdown(streams.Out, r)
	case report.FormatCSV:
		var rows [][]string
		for _, p := range r.Personas {
			rows = append(rows, report.FindingRows(p.Findings)...)
		}
		return report.WriteCSV(streams.Out, report.FindingHeader, rows)
	default:
		return report.WriteGaps(streams.Out, r, streams.TableWidth())
	}
}

// ruleSet reads a list of gap rule IDs.
func ruleSet(flag string, ids []string) (map[string]bool, error) {
	set := map[string]bool{}
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if !gaps.KnownRule(id) {
			return nil, usageError("%s: %q is not a gaps rule; the rules are %s", flag, id, strings.Join(gaps.Rules, ", "))
		}
		set[id] = true
	}
	return set, nil
}
