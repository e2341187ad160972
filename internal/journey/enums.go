package journey

// Mode says how a touchpoint runs: always on, automatically, or by hand.
type Mode uint8

// The modes of SPEC 3.4; ModeUnknown when the cell is empty or unreadable.
const (
	ModeUnknown Mode = iota
	ModeOngoing
	ModeAutomatic
	ModeManual
)

var modeNames = []string{"", "Ongoing", "Automatic", "Manual"}

func (m Mode) String() string { return nameOf(modeNames, int(m)) }

// Direction says who starts the touchpoint: the company or the customer.
type Direction uint8

// The directions of SPEC 3.4.
const (
	DirectionUnknown Direction = iota
	Outbound
	Inbound
)

var directionNames = []string{"", "Outbound", "Inbound"}

func (d Direction) String() string { return nameOf(directionNames, int(d)) }

// Cadence is how often a touchpoint happens.
type Cadence uint8

// The cadences of SPEC 3.4.
const (
	CadenceUnknown Cadence = iota
	OneTime
	Triggered
	Daily
	Weekly
	Biweekly
	Monthly
	Quarterly
	Yearly
)

var cadenceNames = []string{"", "One-time", "Triggered", "Daily", "Weekly", "Biweekly", "Monthly", "Quarterly", "Yearly"}

func (c Cadence) String() string { return nameOf(cadenceNames, int(c)) }

// Recurring reports whether the cadence repeats on a calendar.
func (c Cadence) Recurring() bool { return c >= Daily }

// Status is where a touchpoint is in its life.
type Status uint8

// The statuses of SPEC 3.4; an empty Status cell means Live.
const (
	StatusLive Status = iota
	StatusPlanned
	StatusPaused
	StatusRetired
)

var statusNames = []string{"Live", "Planned", "Paused", "Retired"}

func (s Status) String() string { return nameOf(statusNames, int(s)) }

func nameOf(names []string, i int) string {
	if i < 0 || i >= len(names) {
		return ""
	}
	return names[i]
}

// Severity ranks a finding.
type Severity int

// Severities, least severe first.
const (
	Info Severity = iota
	Warning
	Error
)

var severityNames = []string{"info", "warning", "error"}

func (s Severity) String() string { return nameOf(severityNames, int(s)) }

// ParseSeverity reads "info", "warning" or "error".
func ParseSeverity(s string) (Severity, bool) {
	for i, n := range severityNames {
		if NormalizeName(s) == n {
			return Severity(i), true
		}
	}
	return Info, false
}

// Finding is one thing lint, gaps or dupes has to say, located to the cell.
type Finding struct {
	Rule       string
	Severity   Severity
	Message    string
	Loc        Loc
	Value      string
	Suggestion string
	Fixable    bool
	Stage      string
	IDs        []string
	// Fix is the change lint --fix makes for a fixable finding.
	Fix *Edit
}

// Edit is one change to a workbook: a cell's new text, or, with
// DeleteRow, the removal of Loc's whole row.
type Edit struct {
	Loc       Loc
	Value     string
	DeleteRow bool
}
