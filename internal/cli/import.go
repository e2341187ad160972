package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/merge"
	"github.com/journey-cli/journey/internal/templates"
)

// importOptions are the flags of journey import.
type importOptions struct {
	file     string
	output   string
	template string
	persona  personaFlags
	force    bool
}

func newImportCmd(streams *IOStreams) *cobra.Command {
	opts := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import FILE.csv -o FILE.xlsx",
		Short: "Build a workbook from a CSV file of touchpoints",
		Long: `import reads a CSV file of touchpoints (or - for standard input) and writes a
workbook as good as init makes: the Guide, Persona, Stages, Touchpoints and
Lists sheets with their dropdowns, prompts and styles, the stages in journey
order and the vocabularies of --template, filled in with the CSV's
touchpoints in their order. Headers may be aliases (Team, Medium...): they
are written under the canonical name. Day and Feeling become numbers,
Target and Actual numbers or formatted percentages; columns journey does not
know follow the known ones under their own headers, plain numbers in them as
numbers. The apostrophe that CSV exports put before a cell starting with
= + - or @ is removed. It never replaces an existing file unless --force
is given.`,
		Example: `  journey import touchpoints.csv -o journey.xlsx
  journey import shop.csv -o shop.xlsx --template ecommerce --persona "Busy parent" --seniority User
  journey export journey.xlsx --to csv | journey import - -o copy.xlsx`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			return runImport(opts, streams)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.output, "output", "o", "", "the workbook to write (.xlsx)")
	f.StringVarP(&opts.template, "template", "t", templates.Default, "stages and vocabularies of the workbook (see journey templates)")
	opts.persona.add(cmd)
	f.BoolVarP(&opts.force, "force", "f", false, "replace the output file if it exists")
	_ = cmd.MarkFlagRequired("output")
	_ = cmd.RegisterFlagCompletionFunc("template", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return templates.Names(), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func runImport(opts *importOptions, streams *IOStreams) error {
	if err := checkXLSXOutput(opts.output); err != nil {
		return err
	}
	if sameFile(opts.file, opts.output) {
		return usageError("-o %s is the file to import: write the workbook to a new file", opts.output)
	}
	tpl, err := templates.Load(opts.template)
	if err != nil {
		return usageError("%s", err)
	}
	persona, err := opts.persona.read()
	if err != nil {
		return err
	}
	j, err := readTable(opts.file, opts.template, streams)
	if err != nil {
		return err
	}
	for _, p := range j.Problems {
		if p.Severity == journey.Error && (p.Rule == "column-missing" || p.Rule == "column-duplicate") {
			fmt.Fprintf(streams.ErrOut, "note: %s: %s\n", fileName(opts.file), p.Message)
		}
	}
	res, err := merge.Merge([]*journey.Journey{j}, merge.Options{})
	if err != nil {
		return err
	}
	if err := writeMerged(opts.output, tpl, res, persona, opts.force); err != nil {
		return err
	}
	printNotes(streams, res)
	fmt.Fprintf(streams.ErrOut, "wrote %s (%s from %s, template %s)\n", opts.output,
		countNoun(len(res.Touchpoints), "touchpoint"), fileName(opts.file), tpl.Name)
	return nil
}
