package journey

// Template is a built-in starting point for a workbook: the default persona
// fields, the lifecycle stages in journey order, the vocabularies of the
// Lists sheet, and a sample journey for `init --example`.
type Template struct {
	Name        string
	Description string
	// Persona holds the default persona fields (Map type, Review cadence...);
	// the Settings and Locs maps are nil.
	Persona Persona
	// Stages are in journey order, with Goal, KPI, Target, OwnerTeam, Days,
	// Feeling and Friction filled in where the template gives them.
	Stages []Stage
	// Vocab holds the Channels (with Automatable), Modes, Directions,
	// Teams, Cadences and Statuses of the Lists sheet.
	Vocab   Vocabulary
	Example ExampleJourney
}

// ExampleJourney is a template's sample journey: a filled-in persona and
// touchpoints with Raw holding each cell's text and the typed fields parsed
// from it. Row is the sheet row the touchpoint is written to (2 for the
// first).
type ExampleJourney struct {
	Persona     Persona
	Touchpoints []Touchpoint
}

// The suggested values of the Persona sheet's enumerated fields (SPEC 3.2).
// Seniority also accepts free text.
var (
	Seniorities    = []string{"User", "Manager", "Director", "VP", "C-level"}
	MapTypes       = []string{"Current state", "Future state", "Day in the life", "Service blueprint"}
	ReviewCadences = []string{"Monthly", "Quarterly", "Yearly"}
)
