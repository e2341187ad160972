package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/report"
	"github.com/journey-cli/journey/internal/templates"
)

type templatesOptions struct {
	format string
}

func newTemplatesCmd(streams *IOStreams) *cobra.Command {
	opts := &templatesOptions{}
	cmd := &cobra.Command{
		Use:   "templates",
		Short: "List the built-in templates with their stages, channels and teams",
		Example: `  journey templates
  journey templates --format json | jq '.[].stages'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTemplates(opts, streams)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "table", "table or json")
	return cmd
}

// templateSummary is the JSON form of a template in journey templates.
type templateSummary struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Default     bool     `json:"default"`
	Stages      []string `json:"stages"`
	Channels    []string `json:"channels"`
	Teams       []string `json:"teams"`
}

func runTemplates(opts *templatesOptions, streams *IOStreams) error {
	var list []templateSummary
	for _, name := range templates.Names() {
		t, err := templates.Load(name)
		if err != nil {
			return err
		}
		list = append(list, summarize(t))
	}
	switch opts.format {
	case "json":
		enc := json.NewEncoder(streams.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	case "table", "":
		var rows [][]string
		for _, t := range list {
			name := t.Name
			if t.Default {
				name += " (default)"
			}
			rows = append(rows, []string{name, t.Description, strings.Join(t.Stages, " > "),
				fmt.Sprintf("%d channels, %d teams: %s", len(t.Channels), len(t.Teams), strings.Join(t.Teams, ", "))})
		}
		return report.Table(streams.Out, []string{"Template", "For", "Stages", "Vocabulary"}, rows, streams.TableWidth())
	default:
		return usageError("--format takes table or json, not %q", opts.format)
	}
}

func summarize(t *journey.Template) templateSummary {
	s := templateSummary{Name: t.Name, Description: t.Description, Default: t.Name == templates.Default,
		Channels: t.Vocab.Channels, Teams: t.Vocab.Teams}
	for _, st := range t.Stages {
		s.Stages = append(s.Stages, st.Name)
	}
	return s
}
