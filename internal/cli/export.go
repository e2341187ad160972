package cli

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/journey-cli/journey/internal/export"
	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

// exportFormats are the values of --to, with the file extensions that
// select them when --to is not given.
var exportFormats = []struct {
	name string
	exts []string
}{
	{"csv", []string{".csv"}},
	{"json", []string{".json"}},
	{"markdown", []string{".md", ".markdown"}},
	{"mermaid", []string{".mmd", ".mermaid"}},
	{"html", []string{".html", ".htm"}},
}

// exportOptions are the flags of journey export.
type exportOptions struct {
	file     string
	to       string
	toSet    bool // --to was given
	output   string
	template string
	lanes    string
	persona  string
	force    bool
}

func newExportCmd(streams *IOStreams) *cobra.Command {
	opts := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export FILE --to csv|json|markdown|mermaid|html [-o OUT]",
		Short: "Write the journey as CSV, JSON, markdown, a Mermaid diagram or a visual HTML map",
		Long: `export reads a workbook (or a CSV file of touchpoints, or - for standard input)
and writes the journey in another form:

  csv       the touchpoints table with the canonical headers, then the columns
            journey does not know; cells starting with = + - @ get a leading '
  json      the persona, stages, vocabularies and every touchpoint with its typed
            values and the cell each value came from (docs/json.md)
  markdown  the persona, a stage overview with the gaps, and one section per
            stage with its goal, KPI, owner team, feeling and touchpoints
  mermaid   a Mermaid user-journey diagram: a section per stage, a task per
            touchpoint scored 1-5 from its Feeling, the owner team as actor
  html      one self-contained page: the visual journey map with stages as
            columns, swimlanes (--lanes), cards coloured by mode, the emotion
            curve and the gaps marked; opens offline and prints on landscape pages

It writes to standard output unless -o is given; without --to, the format
follows the extension of -o (.csv, .json, .md, .mmd, .html), else json.
See docs/export.md.`,
		Example: `  journey export journey.xlsx --to html -o map.html
  journey export journey.xlsx --to html --lanes team -o map-by-team.html
  journey export journey.xlsx --to mermaid
  journey export journey.xlsx --to markdown -o journey.md
  journey export journey.xlsx --to csv -o touchpoints.csv
  cat touchpoints.csv | journey export - --to json --template ecommerce`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			opts.toSet = cmd.Flags().Changed("to")
			return runExport(opts, streams)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.to, "to", "json", "output form: csv, json, markdown, mermaid or html")
	f.StringVarP(&opts.output, "output", "o", "", "write to this file instead of standard output")
	f.StringVarP(&opts.template, "template", "t", templates.Default, "stages and vocabularies for a file that lacks them (CSV)")
	f.StringVar(&opts.lanes, "lanes", string(export.LaneChannel), "html: one swimlane per channel, team, mode or direction")
	f.StringVar(&opts.persona, "persona", "", "with a Persona column holding several personas: only this persona's touchpoints (and those without one)")
	f.BoolVarP(&opts.force, "force", "f", false, "replace the output file if it exists")
	_ = cmd.RegisterFlagCompletionFunc("to", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		names := make([]string, len(exportFormats))
		for i, e := range exportFormats {
			names[i] = e.name
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("lanes", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		names := make([]string, len(export.Lanes))
		for i, l := range export.Lanes {
			names[i] = string(l)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// exportFormat resolves --to (or the extension of -o) to a format name.
func exportFormat(opts *exportOptions) (string, error) {
	if !opts.toSet && opts.output != "" {
		ext := strings.ToLower(filepath.Ext(opts.output))
		for _, e := range exportFormats {
			for _, x := range e.exts {
				if x == ext {
					return e.name, nil
				}
			}
		}
	}
	to := strings.ToLower(strings.TrimSpace(opts.to))
	switch to {
	case "md":
		to = "markdown"
	case "mmd":
		to = "mermaid"
	case "htm":
		to = "html"
	}
	for _, e := range exportFormats {
		if e.name == to {
			return to, nil
		}
	}
	return "", usageError("--to takes csv, json, markdown, mermaid or html, not %q", opts.to)
}

func runExport(opts *exportOptions, streams *IOStreams) error {
	format, err := exportFormat(opts)
	if err != nil {
		return err
	}
	lanes, ok := export.ParseLane(opts.lanes)
	if !ok {
		return usageError("--lanes takes channel, team, mode or direction, not %q", opts.lanes)
	}
	if lanes != export.LaneChannel && format != "html" {
		return usageError("--lanes applies to --to html only")
	}
	j, err := readJourney(opts.file, opts.template, streams)
	if err != nil {
		return err
	}
	if j, err = pickPersona(j, opts.persona, format, streams); err != nil {
		return err
	}
	if opts.output == "" {
		return renderExport(streams.Out, j, format, lanes)
	}
	err = workbook.WriteFileAtomic(opts.output, opts.force, func(w io.Writer) error {
		return renderExport(w, j, format, lanes)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(streams.ErrOut, "wrote %s (%s, %s)\n", opts.output, format, countNoun(len(j.Touchpoints), "touchpoint"))
	return nil
}

// renderExport writes j in format to w through one buffer: the renderers
// write in many small pieces, and w may be a file.
func renderExport(w io.Writer, j *journey.Journey, format string, lanes export.Lane) error {
	out := bufio.NewWriterSize(w, 64<<10)
	if err := renderFormat(out, j, format, lanes); err != nil {
		return err
	}
	return out.Flush()
}

// renderFormat writes j in format.
func renderFormat(w io.Writer, j *journey.Journey, format string, lanes export.Lane) error {
	switch format {
	case "csv":
		return export.WriteCSV(w, j)
	case "markdown":
		return export.WriteMarkdown(w, j)
	case "mermaid":
		return export.WriteMermaid(w, j)
	case "html":
		return export.WriteHTML(w, j, export.HTMLOptions{Lanes: lanes})
	}
	return export.WriteJSON(w, j)
}

// pickPersona keeps the touchpoints of one persona when the Persona column
// names several: those of name, and those without a persona. Without a
// name, a map of several personas gets a note.
func pickPersona(j *journey.Journey, name, format string, streams *IOStreams) (*journey.Journey, error) {
	var personas []string
	seen := map[string]bool{}
	for i := range j.Touchpoints {
		p := j.Touchpoints[i].Value(journey.FieldPersona)
		if key := journey.NormalizeName(p); key != "" && !seen[key] {
			seen[key] = true
			personas = append(personas, p)
		}
	}
	if name == "" {
		if len(personas) > 1 && format != "csv" && format != "json" {
			fmt.Fprintf(streams.ErrOut, "note: %s maps %d personas (%s); this %s shows them all: pick one with --persona\n",
				fileName(j.File), len(personas), strings.Join(personas, ", "), format)
		}
		return j, nil
	}
	if !seen[journey.NormalizeName(name)] {
		if len(personas) == 0 {
			return nil, usageError("--persona %q: %s has no Persona column values; leave --persona out", name, fileName(j.File))
		}
		return nil, usageError("--persona %q is not in %s; its personas are %s", name, fileName(j.File), strings.Join(personas, ", "))
	}
	out := *j
	out.Touchpoints = nil
	for _, t := range j.Touchpoints {
		if p := journey.NormalizeName(t.Value(journey.FieldPersona)); p == "" || p == journey.NormalizeName(name) {
			out.Touchpoints = append(out.Touchpoints, t)
		}
	}
	for _, p := range personas {
		if journey.NormalizeName(p) == journey.NormalizeName(name) {
			out.Persona.Name = p
		}
	}
	return &out, nil
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

// countNoun writes "1 touchpoint", "44 touchpoints".
func countNoun(n int, word string) string {
	if n != 1 {
		word += "s"
	}
	return fmt.Sprintf("%d %s", n, word)
}
