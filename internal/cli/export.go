package cli

import (
	"bytes"
	"io"

	"github.com/spf13/cobra"

	"github.com/journey-cli/journey/internal/export"
	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

// exportOptions are the flags of journey export.
type exportOptions struct {
	file     string
	to       string
	output   string
	template string
	force    bool
}

func newExportCmd(streams *IOStreams) *cobra.Command {
	opts := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export FILE --to json [-o OUT]",
		Short: "Write the journey in another form (json: the model with every value's cell)",
		Long: `export reads a workbook (or a CSV file of touchpoints, or - for standard input)
and writes it in another form. --to json gives the persona, the stages, the
vocabularies and every touchpoint with its typed values and the cell each
value came from (see docs/json.md). It writes to standard output unless -o
is given.`,
		Example: `  journey export journey.xlsx --to json
  journey export journey.xlsx --to json -o journey.json
  cat touchpoints.csv | journey export - --to json --template ecommerce`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			return runExport(opts, streams)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.to, "to", "json", "output form: json")
	f.StringVarP(&opts.output, "output", "o", "", "write to this file instead of standard output")
	f.StringVarP(&opts.template, "template", "t", templates.Default, "stages and vocabularies for a file that lacks them (CSV)")
	f.BoolVarP(&opts.force, "force", "f", false, "replace the output file if it exists")
	return cmd
}

func runExport(opts *exportOptions, streams *IOStreams) error {
	if opts.to != "json" {
		return usageError("--to takes json, not %q", opts.to)
	}
	j, err := readJourney(opts.file, opts.template, streams)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := export.WriteJSON(&buf, j); err != nil {
		return err
	}
	if opts.output == "" {
		_, err = streams.Out.Write(buf.Bytes())
		return err
	}
	return workbook.WriteFileAtomic(opts.output, opts.force, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// readJourney reads one input with the vocabularies of the named template
// as the fallback.
func readJourney(path, templateName string, streams *IOStreams) (*journey.Journey, error) {
	tpl, err := templates.Load(templateName)
	if err != nil {
		return nil, usageError("%s", err)
	}
	return workbook.Read(path, workbook.ReadOptions{Template: tpl, Stdin: streams.In})
}
