package gaps

import (
	"fmt"
	"strconv"

	"github.com/journey-cli/journey/internal/journey"
)

// thresholdRows are the Persona sheet's Field names for each threshold
// (normalised), keyed by the flag name.
var thresholdRows = map[string]string{
	"min-touchpoints": "mintouchpoints",
	"handoff-days":    "handoffdays",
	"max-per-week":    "maxperweek",
	"max-teams":       "maxteams",
	"target-ratio":    "targetratio",
}

// thresholds resolves each threshold: the flag when given, else the
// Persona sheet's row, else the default. A row that does not parse is a
// setting-invalid finding and the default stands.
func thresholds(p journey.Persona, opts Options) (Thresholds, []journey.Finding) {
	t := opts.Thresholds
	var problems []journey.Finding
	for flag, row := range thresholdRows {
		s, ok := p.Settings[row]
		if !ok || opts.Set[flag] {
			continue
		}
		if err := applySetting(&t, flag, s.Value); err != nil {
			problems = append(problems, journey.Finding{Rule: "setting-invalid", Severity: journey.Warning, Loc: s.Loc, Value: s.Value,
				Message:    fmt.Sprintf("%s %q %s; the default is used", s.Field, s.Value, err),
				Suggestion: "write a number, or delete the row to use the default"})
		}
	}
	return t, problems
}

func applySetting(t *Thresholds, flag, value string) error {
	switch flag {
	case "max-per-week":
		return setFloat(&t.MaxPerWeek, value, false)
	case "target-ratio":
		return setFloat(&t.TargetRatio, value, true)
	case "min-touchpoints":
		return setInt(&t.MinTouchpoints, value)
	case "handoff-days":
		d, err := journey.ParseDay(value)
		if err != nil || !d.Known {
			return fmt.Errorf("is not a number of days")
		}
		t.HandoffDays = d.Value
		return nil
	case "max-teams":
		return setInt(&t.MaxTeams, value)
	}
	return nil
}

func setInt(dst *int, value string) error {
	n, err := strconv.Atoi(value)
	if err != nil || n < 0 {
		return fmt.Errorf("is not a whole number")
	}
	*dst = n
	return nil
}

// setFloat reads a number; a ratio may also be a percentage ("80%").
func setFloat(dst *float64, value string, ratio bool) error {
	m, err := journey.ParseMeasure(value)
	if err != nil || !m.Known || m.Value < 0 || (m.Percent && !ratio) {
		return fmt.Errorf("is not a number")
	}
	*dst = m.Value
	return nil
}
