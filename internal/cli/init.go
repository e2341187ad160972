package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

// initOptions are the flags of journey init.
type initOptions struct {
	output   string
	template string
	persona  personaFlags
	example  bool
	force    bool
}

func newInitCmd(streams *IOStreams) *cobra.Command {
	opts := &initOptions{}
	cmd := &cobra.Command{
		Use:   "init -o FILE.xlsx",
		Short: "Write a blank persona workbook ready to fill in",
		Long: `init writes a workbook with the sheets Guide, Persona, Stages, Touchpoints and
Lists: dropdowns on every enumerated column (fed by the Lists and Stages
sheets, so extending a list extends its dropdown), a frozen header, a filter,
and a prompt explaining each column. It never replaces an existing file
unless --force is given.`,
		Example: `  journey init -o journey.xlsx
  journey init -o cmo.xlsx --persona "CMO" --seniority C-level --map-type "Future state" --owner "Dana Lee"
  journey init -o shop.xlsx --template ecommerce
  journey init -o example.xlsx --example    # a realistic sample journey to try the reports on`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInit(opts, streams)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.output, "output", "o", "", "the workbook to write (.xlsx)")
	f.StringVarP(&opts.template, "template", "t", templates.Default, "stages and vocabularies to start from (see journey templates)")
	opts.persona.add(cmd)
	f.BoolVar(&opts.example, "example", false, "fill the workbook with the template's sample journey")
	f.BoolVarP(&opts.force, "force", "f", false, "replace the output file if it exists")
	_ = cmd.MarkFlagRequired("output")
	_ = cmd.RegisterFlagCompletionFunc("template", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return templates.Names(), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func runInit(opts *initOptions, streams *IOStreams) error {
	switch strings.ToLower(filepath.Ext(opts.output)) {
	case ".xlsx", ".xlsm":
	default:
		return usageError("init writes an .xlsx workbook: give -o a file name ending in .xlsx, not %q", opts.output)
	}
	tpl, err := templates.Load(opts.template)
	if err != nil {
		return usageError("%s", err)
	}
	persona, err := opts.persona.read()
	if err != nil {
		return err
	}
	err = workbook.WriteNew(opts.output, workbook.InitOptions{Template: tpl, Persona: persona, Example: opts.example, Force: opts.force})
	if err != nil {
		return err
	}
	what := "a blank workbook"
	if opts.example {
		what = fmt.Sprintf("a sample journey of %d touchpoints", len(tpl.Example.Touchpoints))
	}
	fmt.Fprintf(streams.ErrOut, "wrote %s (%s, template %s)\n", opts.output, what, tpl.Name)
	return nil
}
