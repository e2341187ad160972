package journey

import (
	"strings"
	"unicode"
)

// Field is a column of the Touchpoints sheet that the tool understands.
type Field int

// The touchpoint fields of SPEC 3.4, in the order init writes them.
const (
	FieldID Field = iota
	FieldStage
	FieldTouchpoint
	FieldChannel
	FieldMode
	FieldDirection
	FieldOwnerTeam
	FieldDRI
	FieldCadence
	FieldDay
	FieldTrigger
	FieldPurpose
	FieldKPI
	FieldTarget
	FieldActual
	FieldFeeling
	FieldFriction
	FieldStatus
	FieldPersona
	FieldBackstage
	FieldSystems
	FieldNotes
	NumFields
)

// Column describes one column of a sheet: its canonical header, the other
// headers accepted for it, and whether a row must fill it in.
type Column struct {
	Name     string
	Aliases  []string
	Required bool
	// Help is the one-line explanation init shows as the cell's input prompt.
	Help string
}

// TouchpointColumns is the schema of the Touchpoints sheet, indexed by Field.
var TouchpointColumns = [NumFields]Column{
	FieldID:         {Name: "ID", Aliases: []string{"Key", "Ref"}, Help: "Stable unique key such as TP-014; diff matches rows by it."},
	FieldStage:      {Name: "Stage", Aliases: []string{"Lifecycle stage", "Phase", "Buying stage"}, Required: true, Help: "The lifecycle stage, from the Stages sheet."},
	FieldTouchpoint: {Name: "Touchpoint", Aliases: []string{"Communication", "Name", "Activity"}, Required: true, Help: "The communication's name, e.g. Monthly product newsletter."},
	FieldChannel:    {Name: "Channel", Aliases: []string{"Communication channel", "Medium"}, Required: true, Help: "How it reaches the customer, from the Lists sheet."},
	FieldMode:       {Name: "Mode", Aliases: []string{"Type", "Automation", "Ongoing/Automatic/Manual"}, Required: true, Help: "Ongoing, Automatic or Manual."},
	FieldDirection:  {Name: "Direction", Aliases: []string{"Inbound/Outbound", "Outbound vs inbound"}, Required: true, Help: "Outbound (we reach out) or Inbound (the customer starts it)."},
	FieldOwnerTeam:  {Name: "Owner team", Aliases: []string{"Team", "Owner", "Department"}, Required: true, Help: "The team that owns it, from the Lists sheet."},
	FieldDRI:        {Name: "DRI", Aliases: []string{"Responsible"}, Help: "The person responsible."},
	FieldCadence:    {Name: "Cadence", Aliases: []string{"Frequency"}, Help: "One-time, Triggered, Daily, Weekly, Biweekly, Monthly, Quarterly or Yearly."},
	FieldDay:        {Name: "Day", Aliases: []string{"Timing", "Offset"}, Help: "Days after the customer enters the stage: 0, 3, 7d, 2w."},
	FieldTrigger:    {Name: "Trigger", Help: "What sets it off."},
	FieldPurpose:    {Name: "Purpose", Aliases: []string{"Message", "Description"}, Help: "The message or intent; used to find duplicates."},
	FieldKPI:        {Name: "KPI", Aliases: []string{"Metric"}, Help: "The metric of this touchpoint: open rate, reply rate..."},
	FieldTarget:     {Name: "Target", Aliases: []string{"Goal value"}, Help: "Target value: a number or a percentage."},
	FieldActual:     {Name: "Actual", Aliases: []string{"Result"}, Help: "Actual value, in the same unit as Target."},
	FieldFeeling:    {Name: "Feeling", Aliases: []string{"Emotion", "Sentiment"}, Help: "How the customer feels: -2 (very negative) to +2 (very positive)."},
	FieldFriction:   {Name: "Friction", Aliases: []string{"Pain point"}, Help: "The pain point, if any."},
	FieldStatus:     {Name: "Status", Help: "Live (default), Planned, Paused or Retired."},
	FieldPersona:    {Name: "Persona", Help: "Only when one workbook holds several personas."},
	FieldBackstage:  {Name: "Backstage", Help: "Service blueprint: what happens behind the scenes."},
	FieldSystems:    {Name: "Systems", Help: "Service blueprint: tools and systems involved."},
	FieldNotes:      {Name: "Notes", Help: "Free text."},
}

// String returns the canonical header of the field.
func (f Field) String() string {
	if f < 0 || f >= NumFields {
		return "unknown"
	}
	return TouchpointColumns[f].Name
}

// StageField is a column of the Stages sheet.
type StageField int

// The Stages columns of SPEC 3.3.
const (
	StageName StageField = iota
	StageGoal
	StageKPI
	StageTarget
	StageOwnerTeam
	StageDays
	StageFeeling
	StageFriction
	NumStageFields
)

// StageColumns is the schema of the Stages sheet, indexed by StageField.
var StageColumns = [NumStageFields]Column{
	StageName:      {Name: "Stage", Aliases: []string{"Lifecycle stage", "Phase", "Name"}, Required: true, Help: "The stage's name, unique; row order is journey order."},
	StageGoal:      {Name: "Goal", Help: "What the customer and the company want from this stage."},
	StageKPI:       {Name: "KPI", Aliases: []string{"Metric"}, Help: "The metric for the stage: CSAT, NPS, activation rate..."},
	StageTarget:    {Name: "Target", Aliases: []string{"Goal value"}, Help: "Target value of the KPI: a number or a percentage."},
	StageOwnerTeam: {Name: "Owner team", Aliases: []string{"Team", "Owner"}, Help: "The team that owns the stage."},
	StageDays:      {Name: "Days", Aliases: []string{"Duration"}, Help: "Typical days a customer spends in the stage."},
	StageFeeling:   {Name: "Feeling", Aliases: []string{"Emotion", "Sentiment"}, Help: "How the customer feels here: -2 to +2."},
	StageFriction:  {Name: "Friction", Aliases: []string{"Pain point", "Pain points"}, Help: "Known pain points."},
}

// ListColumns are the headers of the Lists sheet, in the order init writes them.
var ListColumns = []string{"Channel", "Automatable", "Mode", "Direction", "Owner team", "Cadence", "Status"}

// Sheet names of the workbook, in the order init writes them.
const (
	SheetGuide       = "Guide"
	SheetPersona     = "Persona"
	SheetStages      = "Stages"
	SheetTouchpoints = "Touchpoints"
	SheetLists       = "Lists"
)

// NormalizeName folds a sheet or column name for matching: lower case, with
// everything but letters and digits removed ("Owner_team" == "owner team").
func NormalizeName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// NameKeys remembers NormalizeName of each string it is asked: a large
// table repeats a few spellings of its stages, channels, personas and
// teams on every row, and NormalizeName allocates its answer.
type NameKeys map[string]string

// Key returns NormalizeName(s).
func (k NameKeys) Key(s string) string {
	key, ok := k[s]
	if !ok {
		key = NormalizeName(s)
		k[s] = key
	}
	return key
}

// Match returns the index of the column whose name or alias matches header,
// whether it matched through an alias, and ok=false when none does.
func Match(columns []Column, header string) (index int, alias bool, ok bool) {
	key := NormalizeName(header)
	if key == "" {
		return 0, false, false
	}
	for i, c := range columns {
		if NormalizeName(c.Name) == key {
			return i, false, true
		}
	}
	for i, c := range columns {
		for _, a := range c.Aliases {
			if NormalizeName(a) == key {
				return i, true, true
			}
		}
	}
	return 0, false, false
}
