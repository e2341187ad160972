package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/journey-cli/journey/internal/journey"
)

// personaFlags are the Persona fields init and import take from the
// command line.
type personaFlags struct {
	name, seniority, mapType, owner string
}

// add registers the flags on cmd.
func (p *personaFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&p.name, "persona", "", `who the map is for, e.g. "Marketing Ops Manager"`)
	f.StringVar(&p.seniority, "seniority", "", "User, Manager, Director, VP, C-level (or free text)")
	f.StringVar(&p.mapType, "map-type", "", "Current state, Future state, Day in the life or Service blueprint (default Current state)")
	f.StringVar(&p.owner, "owner", "", "the person responsible for the whole map")
	_ = cmd.RegisterFlagCompletionFunc("map-type", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return journey.MapTypes, cobra.ShellCompDirectiveNoFileComp
	})
}

// read returns the persona the flags give, checking the map type.
func (p *personaFlags) read() (journey.Persona, error) {
	persona := journey.Persona{Name: p.name, Seniority: p.seniority, Owner: p.owner}
	if p.mapType != "" {
		if persona.MapType = canonicalMapType(p.mapType); persona.MapType == "" {
			return persona, usageError("--map-type takes %s, not %q", strings.Join(journey.MapTypes, ", "), p.mapType)
		}
	}
	return persona, nil
}

// canonicalMapType returns the spelling of a map type, or "" if unknown.
func canonicalMapType(s string) string {
	for _, t := range journey.MapTypes {
		if journey.NormalizeName(t) == journey.NormalizeName(s) {
			return t
		}
	}
	return ""
}
