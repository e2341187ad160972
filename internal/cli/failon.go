package cli

import (
	"strings"

	"github.com/journey-cli/journey/internal/journey"
)

// parseFailOn reads --fail-on SEVERITY; failing is false for "" or "none",
// which never fail on findings.
func parseFailOn(s string) (sev journey.Severity, failing bool, err error) {
	if s == "" || strings.EqualFold(s, "none") {
		return 0, false, nil
	}
	sev, ok := journey.ParseSeverity(s)
	if !ok {
		return 0, false, usageError("--fail-on takes error, warning or info, not %q", s)
	}
	return sev, true, nil
}

// failOnExit returns exit code 1 when failing and a finding is at least as
// severe as failOn.
func failOnExit(fs []journey.Finding, failOn journey.Severity, failing bool) error {
	if !failing {
		return nil
	}
	for _, f := range fs {
		if f.Severity >= failOn {
			return exitCode(ExitFindings)
		}
	}
	return nil
}
