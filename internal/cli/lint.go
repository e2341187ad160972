package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/lint"
	"github.com/journey-cli/journey/internal/report"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

// lintOptions are the flags of journey lint.
type lintOptions struct {
	files    []string
	format   string
	quiet    bool
	strict   bool
	disable  []string
	fix      bool
	output   string
	inPlace  bool
	force    bool
	template string
}

func newLintCmd(streams *IOStreams) *cobra.Command {
	opts := &lintOptions{}
	cmd := &cobra.Command{
		Use:   "lint FILE...",
		Short: "Check that workbooks are well-formed, cell by cell, and fix what is safe to fix",
		Long: `lint checks each workbook (or CSV file of touchpoints, or - for standard input)
against the rules of docs/rules.md and reports every finding with its cell:

  FILE:SHEET!CELL: severity rule: message

Exit code 0 when no errors are found (warnings allowed, unless --strict),
1 when there are errors, 2 when a file cannot be read or the usage is wrong.

--fix writes a corrected copy (-o OUT) or fixes the file in place
(--in-place, keeping FILE.bak): header aliases renamed, unambiguous
vocabulary fixes, stray spaces, blank rows removed, missing IDs assigned.
Everything else in the workbook (other sheets, columns, styles, dropdowns)
is kept. lint then reports what is left in the fixed file.`,
		Example: `  journey lint journey.xlsx
  journey lint team-*.xlsx --strict
  journey lint journey.xlsx --format json | jq '.errors'
  journey lint journey.xlsx --format github          # annotations in a GitHub Actions run
  journey lint journey.xlsx --disable column-unknown,whitespace
  journey lint journey.xlsx --fix -o fixed.xlsx
  journey lint journey.xlsx --fix --in-place          # keeps journey.xlsx.bak`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.files = args
			return runLint(opts, streams)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", "table", "table, json, markdown, csv or github")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "report errors only")
	f.BoolVar(&opts.strict, "strict", false, "warnings fail too (exit code 1)")
	f.StringSliceVar(&opts.disable, "disable", nil, "rule IDs not to report (repeat or separate with commas)")
	f.BoolVar(&opts.fix, "fix", false, "apply every fixable finding (with -o or --in-place)")
	f.StringVarP(&opts.output, "output", "o", "", "with --fix: write the fixed workbook here")
	f.BoolVar(&opts.inPlace, "in-place", false, "with --fix: rewrite the input, keeping a .bak copy")
	f.BoolVarP(&opts.force, "force", "f", false, "with --fix -o: replace the output if it exists")
	f.StringVarP(&opts.template, "template", "t", templates.Default, "stages and vocabularies for a file that lacks them (CSV)")
	return cmd
}

// lintedFile is one file's outcome.
type lintedFile struct {
	File     string               `json:"file"`
	Error    string               `json:"error,omitempty"` // the file could not be read
	Findings []report.FindingJSON `json:"findings"`
	Errors   int                  `json:"errors"`
	Warnings int                  `json:"warnings"`
	Infos    int                  `json:"infos"`
	findings []journey.Finding
}

func runLint(opts *lintOptions, streams *IOStreams) error {
	format, err := report.ParseFormat(opts.format, report.FormatTable, report.FormatJSON, report.FormatMarkdown, report.FormatCSV, report.FormatGitHub)
	if err != nil {
		return usageError("%s", err)
	}
	lintOpts, err := lintRunOptions(opts)
	if err != nil {
		return err
	}
	tpl, err := templates.Load(opts.template)
	if err != nil {
		return usageError("%s", err)
	}
	var results []lintedFile
	unreadable := false
	for _, file := range opts.files {
		res, err := lintFile(file, tpl, lintOpts, opts, streams)
		if err != nil {
			if !isUserError(err) {
				return err
			}
			unreadable = true
			res = lintedFile{File: file, Error: err.Error()}
			if format != report.FormatJSON {
				fmt.Fprintf(streams.ErrOut, "journey: %s\n", err)
			}
		}
		results = append(results, res)
	}
	if err := writeLintReport(streams, format, results); err != nil {
		return err
	}
	return exitCode(lintExitCode(results, unreadable, opts.strict))
}

// lintRunOptions checks the flag combinations and the disabled rule IDs.
func lintRunOptions(opts *lintOptions) (lint.Options, error) {
	lo := lint.Options{Disable: map[string]bool{}}
	for _, id := range opts.disable {
		id = strings.TrimSpace(id)
		if !lint.KnownRule(id) {
			return lo, usageError("--disable: %q is not a lint rule (see docs/rules.md)", id)
		}
		lo.Disable[id] = true
	}
	switch {
	case !opts.fix && (opts.output != "" || opts.inPlace):
		return lo, usageError("-o and --in-place go with --fix")
	case opts.fix && opts.output == "" && !opts.inPlace:
		return lo, usageError("--fix needs -o OUT.xlsx for a corrected copy, or --in-place to rewrite the file (a .bak copy is kept)")
	case opts.fix && opts.output != "" && opts.inPlace:
		return lo, usageError("give either -o or --in-place, not both")
	case opts.fix && opts.output != "" && len(opts.files) != 1:
		return lo, usageError("--fix -o takes one input file; use --in-place for several")
	case opts.fix && containsStdin(opts.files):
		return lo, usageError("--fix cannot rewrite standard input; save it to a file first")
	}
	return lo, nil
}

func containsStdin(files []string) bool {
	for _, f := range files {
		if f == "-" {
			return true
		}
	}
	return false
}

// lintFile reads and lints one file and, with --fix, writes the fixed copy
// and lints that instead.
func lintFile(file string, tpl *journey.Template, lo lint.Options, opts *lintOptions, streams *IOStreams) (lintedFile, error) {
	ro := workbook.ReadOptions{Template: tpl, Stdin: streams.In}
	j, err := workbook.Read(file, ro)
	if err != nil {
		return lintedFile{}, err
	}
	findings := lint.Lint(j, lo)
	if opts.fix {
		out, err := applyFixes(file, findings, opts, streams)
		if err != nil {
			return lintedFile{}, err
		}
		if j, err = workbook.Read(out, ro); err != nil {
			return lintedFile{}, err
		}
		findings = lint.Lint(j, lo)
	}
	if opts.quiet {
		findings = onlyErrors(findings)
	}
	c := report.Count(findings)
	return lintedFile{File: j.File, Findings: report.FindingsJSON(findings), Errors: c.Errors, Warnings: c.Warnings, Infos: c.Infos, findings: findings}, nil
}

// applyFixes writes the fixed workbook and prints each change on stderr.
// It returns the path of the fixed file.
func applyFixes(file string, findings []journey.Finding, opts *lintOptions, streams *IOStreams) (string, error) {
	var edits []journey.Edit
	for _, f := range findings {
		if f.Fix != nil {
			edits = append(edits, *f.Fix)
		}
	}
	out, force := opts.output, opts.force
	if opts.inPlace {
		out, force = file, true
		if len(edits) == 0 {
			return file, nil
		}
		if err := workbook.Backup(file); err != nil {
			return "", err
		}
	}
	if err := workbook.ApplyEdits(file, out, edits, force); err != nil {
		return "", err
	}
	for _, f := range findings {
		if f.Fix != nil {
			fmt.Fprintf(streams.ErrOut, "fixed %s: %s\n", report.Where(f.Loc), describeFix(f))
		}
	}
	fmt.Fprintf(streams.ErrOut, "wrote %s (%d fixes)\n", out, len(edits))
	return out, nil
}

func describeFix(f journey.Finding) string {
	switch {
	case f.Fix.DeleteRow:
		return fmt.Sprintf("deleted blank row %d (%s)", f.Loc.Row, f.Rule)
	default:
		return fmt.Sprintf("%q -> %q (%s)", f.Value, f.Fix.Value, f.Rule)
	}
}

func onlyErrors(fs []journey.Finding) []journey.Finding {
	var out []journey.Finding
	for _, f := range fs {
		if f.Severity == journey.Error {
			out = append(out, f)
		}
	}
	return out
}

// lintExitCode: 2 when a file could not be read, 1 when errors (or, with
// strict, warnings) were found, else 0.
func lintExitCode(results []lintedFile, unreadable, strict bool) int {
	if unreadable {
		return ExitTrouble
	}
	for _, r := range results {
		if r.Errors > 0 || (strict && r.Warnings > 0) {
			return ExitFindings
		}
	}
	return ExitOK
}

func writeLintReport(streams *IOStreams, format report.Format, results []lintedFile) error {
	var all []journey.Finding
	var total report.Counts
	for _, r := range results {
		all = append(all, r.findings...)
		total = total.Add(report.Count(r.findings))
	}
	w := streams.Out
	switch format {
	case report.FormatJSON:
		return report.WriteJSON(w, struct {
			Files    []lintedFile `json:"files"`
			Errors   int          `json:"errors"`
			Warnings int          `json:"warnings"`
			Infos    int          `json:"infos"`
		}{nonNilFiles(results), total.Errors, total.Warnings, total.Infos})
	case report.FormatGitHub:
		return report.WriteGitHub(w, all)
	case report.FormatCSV:
		return report.WriteCSV(w, report.FindingHeader, report.FindingRows(all))
	case report.FormatMarkdown:
		return report.WriteMarkdownTable(w, report.FindingHeader, report.FindingRows(all))
	default:
		return writeLintText(w, results, total)
	}
}

func nonNilFiles(rs []lintedFile) []lintedFile {
	if rs == nil {
		return []lintedFile{}
	}
	return rs
}

// writeLintText prints each file's findings as lines, a blank line between
// files, then one summary line.
func writeLintText(w io.Writer, results []lintedFile, total report.Counts) error {
	files, unreadable := 0, 0
	for _, r := range results {
		if r.Error != "" {
			unreadable++
			continue
		}
		files++
		if len(r.findings) == 0 {
			continue
		}
		if err := report.WriteFindingLines(w, r.findings); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	summary := fmt.Sprintf("%s in %s", total, pluralFiles(files))
	if unreadable > 0 {
		// the file's own message is on standard error
		summary += fmt.Sprintf("; %s could not be read", pluralFiles(unreadable))
	}
	switch {
	case total.Errors > 0 || unreadable > 0:
		summary = report.Red("✗ ") + summary
	case total.Warnings > 0:
		summary = report.Yellow("! ") + summary
	default:
		summary = report.Green("✓ ") + summary
	}
	if total.Fixable > 0 {
		summary += fmt.Sprintf("; %d fixable with --fix", total.Fixable)
	}
	_, err := fmt.Fprintln(w, summary)
	return err
}

func pluralFiles(n int) string {
	if n == 1 {
		return "1 file"
	}
	return fmt.Sprintf("%d files", n)
}

// isUserError reports whether err is about the input (exit 2, reported per
// file) rather than an internal failure.
func isUserError(err error) bool {
	_, ok := err.(*workbook.Error)
	return ok
}
