package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/journey-cli/journey/internal/gaps"
	"github.com/journey-cli/journey/internal/journey"
)

// wideWidth is the terminal width from which the gaps screen lists team
// and channel names and full stage names instead of counts and
// abbreviations.
const wideWidth = 120

// WriteGaps renders a gap report as the terminal screen: per persona the
// coverage table, the heat map, the ownership matrix and the findings.
func WriteGaps(w io.Writer, r gaps.Report, width int) error {
	var b strings.Builder
	for i, p := range r.Personas {
		if i > 0 {
			b.WriteString("\n")
		}
		title := fmt.Sprintf("Gaps in %s · persona: %s", r.File, orDash(p.Name))
		if p.MapType != "" {
			title += " (" + p.MapType + ")"
		}
		b.WriteString(Bold(title) + "\n\n")
		if err := writeGapsPersona(&b, p, width); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeGapsPersona(b *strings.Builder, p gaps.Persona, width int) error {
	wide := width >= wideWidth
	if len(p.Stages) == 0 {
		b.WriteString("No touchpoints table to analyse.\n")
		for _, f := range p.Findings {
			writeGapFinding(b, f, width)
		}
		return nil
	}
	b.WriteString(Bold("Stage coverage") + Faint(" (live touchpoints)") + "\n")
	if err := Table(b, coverageHeader(wide), coverageRows(p, wide), width); err != nil {
		return err
	}
	b.WriteString("\n" + Bold("Stage × channel") + Faint(" (live touchpoints; · none)") + "\n")
	if err := Grid(b, append([]string{"Channel"}, stageHeads(p, wide)...), heatRows(p)); err != nil {
		return err
	}
	b.WriteString("\n" + Bold("Team × stage") + Faint(" (live touchpoints; * the stage's owner)") + "\n")
	if err := Grid(b, append([]string{"Team"}, stageHeads(p, wide)...), ownershipRows(p)); err != nil {
		return err
	}
	if len(p.ChannelScores) > 0 {
		b.WriteString("\n" + Bold("Channels against target") + "\n")
		var rows [][]string
		for _, s := range p.ChannelScores {
			rows = append(rows, []string{s.Channel, ratioText(s.Ratio, p.Thresholds.TargetRatio), strings.Join(s.Touchpoints, " ")})
		}
		if err := Table(b, []string{"Channel", "Of target", "Touchpoints"}, rows, width); err != nil {
			return err
		}
	}
	c := Count(p.Findings)
	fmt.Fprintf(b, "\n%s %s\n", Bold(fmt.Sprintf("Findings: %d", len(p.Findings))), Faint("("+c.String()+"), most severe first"))
	for _, f := range p.Findings {
		writeGapFinding(b, f, width)
	}
	return nil
}

func coverageHeader(wide bool) []string {
	if wide {
		return []string{"Stage", "Owner", "Live", "In/Out", "Ongoing/Auto/Manual", "Teams", "Channels", "Msg/week", "Feeling", "KPI"}
	}
	return []string{"Stage", "Live", "In/Out", "O/A/M", "Msg/wk", "Feel", "KPI"}
}

func coverageRows(p gaps.Persona, wide bool) [][]string {
	var rows [][]string
	for _, s := range p.Stages {
		live := strconv.Itoa(s.Live)
		if s.Live == 0 {
			live = Red("0")
		} else if s.Live < p.Thresholds.MinTouchpoints {
			live = Yellow(live)
		}
		inOut := fmt.Sprintf("%d/%d", s.Inbound, s.Outbound)
		if s.Live > 0 && (s.Inbound == 0 || s.Outbound == 0) {
			inOut = Yellow(inOut)
		}
		oam := fmt.Sprintf("%d/%d/%d", s.Ongoing, s.Automatic, s.Manual)
		perWeek := weekText(s.PerWeek, s.Uncounted)
		if s.PerWeek > p.Thresholds.MaxPerWeek {
			perWeek = Yellow(perWeek)
		}
		kpi := s.KPI
		if kpi == "" {
			kpi = Yellow("none")
		}
		if wide {
			rows = append(rows, []string{s.Name, orDash(s.Owner), live, inOut, oam, strings.Join(s.Teams, ", "), strings.Join(s.Channels, ", "), perWeek, feelingText(s.Feeling), kpi})
			continue
		}
		rows = append(rows, []string{s.Name, live, inOut, oam, perWeek, feelingText(s.Feeling), kpi})
	}
	return rows
}

// weekText prints messages a week, with "+n?" for outbound touchpoints
// whose rate is unknown.
func weekText(v float64, uncounted int) string {
	s := fmt.Sprintf("%.1f", v)
	if uncounted > 0 {
		s += fmt.Sprintf(" +%d?", uncounted)
	}
	return s
}

func feelingText(f *float64) string {
	if f == nil {
		return Faint("?")
	}
	s := strconv.FormatFloat(*f, 'f', -1, 64)
	if *f > 0 {
		s = "+" + s
	}
	if len(s) > 4 {
		s = fmt.Sprintf("%+.1f", *f)
	}
	switch {
	case *f < 0:
		return Red(s)
	case *f > 0:
		return Green(s)
	}
	return s
}

// stageHeads are the matrices' column headers: stage names, cut to five
// letters on a narrow screen.
func stageHeads(p gaps.Persona, wide bool) []string {
	heads := make([]string, len(p.Stages))
	for i, s := range p.Stages {
		heads[i] = s.Name
		if r := []rune(s.Name); !wide && len(r) > 5 {
			heads[i] = string(r[:5])
		}
	}
	return heads
}

// heatRows are the stage x channel counts, one row per channel, coloured
// by density; a stage's empty cell is a faint dot so holes stand out.
func heatRows(p gaps.Persona) [][]string {
	var rows [][]string
	for _, ch := range p.Channels {
		row := []string{ch}
		for _, s := range p.Stages {
			row = append(row, heat(s.ByChannel[ch]))
		}
		rows = append(rows, row)
	}
	total := []string{Faint("all channels")}
	for _, s := range p.Stages {
		total = append(total, heat(s.Live))
	}
	return append(rows, total)
}

func heat(n int) string {
	switch {
	case n == 0:
		return Faint("·")
	case n == 1:
		return Cyan("1")
	case n <= 3:
		return Green(strconv.Itoa(n))
	default:
		return Yellow(strconv.Itoa(n))
	}
}

// ownershipRows are the team x stage counts; * marks the stage's owner,
// which shows in red when it owns no touchpoint of its own stage.
func ownershipRows(p gaps.Persona) [][]string {
	var rows [][]string
	for _, team := range p.Teams {
		row := []string{team}
		for _, s := range p.Stages {
			n := s.ByTeam[team]
			cell := heat(n)
			if s.Owner == team {
				cell = strconv.Itoa(n) + "*"
				if n == 0 {
					cell = Red(cell)
				}
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	return rows
}

func ratioText(r, threshold float64) string {
	s := fmt.Sprintf("%.0f%%", r*100)
	if r < threshold {
		return Red(s)
	}
	return s
}

// writeGapFinding prints a finding: severity, rule, stage and location on
// one line, then the message and the suggestion wrapped to the width.
func writeGapFinding(b *strings.Builder, f journey.Finding, width int) {
	head := fmt.Sprintf("%s %s", severityText(f.Severity), Bold(f.Rule))
	if f.Stage != "" {
		head += " · " + f.Stage
	}
	where := Where(f.Loc)
	if len(f.IDs) > 0 {
		where += " " + strings.Join(f.IDs, " ")
	}
	plainHead := fmt.Sprintf("%s %s · %s", f.Severity, f.Rule, f.Stage) // as head, without colour
	if len([]rune(plainHead))+2+len([]rune(where)) <= width {
		fmt.Fprintf(b, "\n%s  %s\n", head, Faint(where))
	} else {
		fmt.Fprintf(b, "\n%s\n", head)
		for _, line := range Wrap(where, width-2) {
			b.WriteString("  " + Faint(line) + "\n")
		}
	}
	for _, line := range Wrap(f.Message, width-2) {
		b.WriteString("  " + line + "\n")
	}
	if f.Suggestion != "" {
		for i, line := range Wrap(f.Suggestion, width-4) {
			prefix := "    "
			if i == 0 {
				prefix = "  " + Green("→ ")
			}
			b.WriteString(prefix + line + "\n")
		}
	}
}

// Wrap breaks text into lines of at most width characters at spaces.
func Wrap(text string, width int) []string {
	width = max(width, 20)
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case len([]rune(line))+1+len([]rune(word)) > width:
			lines = append(lines, line)
			line = word
		default:
			line += " " + word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// GapsJSON is the stable JSON form of a gap report (SPEC 8).
type GapsJSON struct {
	File     string            `json:"file"`
	Personas []GapsPersonaJSON `json:"personas"`
}

// GapsPersonaJSON is one persona's analysis.
type GapsPersonaJSON struct {
	Persona    string             `json:"persona"`
	Thresholds ThresholdsJSON     `json:"thresholds"`
	Stages     []GapsStageJSON    `json:"stages"`
	Channels   []ChannelScoreJSON `json:"channels"`
	Findings   []FindingJSON      `json:"findings"`
}

// ThresholdsJSON are the thresholds in force.
type ThresholdsJSON struct {
	MinTouchpoints int     `json:"min_touchpoints"`
	HandoffDays    int     `json:"handoff_days"`
	MaxPerWeek     float64 `json:"max_per_week"`
	MaxTeams       int     `json:"max_teams"`
	TargetRatio    float64 `json:"target_ratio"`
}

// GapsStageJSON is one row of the coverage table.
type GapsStageJSON struct {
	Stage       string         `json:"stage"`
	Owner       string         `json:"owner"`
	Touchpoints int            `json:"touchpoints"`
	Inbound     int            `json:"inbound"`
	Outbound    int            `json:"outbound"`
	Ongoing     int            `json:"ongoing"`
	Automatic   int            `json:"automatic"`
	Manual      int            `json:"manual"`
	Teams       []string       `json:"teams"`
	Channels    []string       `json:"channels"`
	Feeling     *float64       `json:"feeling"`
	KPI         string         `json:"kpi"`
	PerWeek     float64        `json:"messages_per_week"`
	Uncounted   int            `json:"messages_uncounted"`
	ByChannel   map[string]int `json:"by_channel"`
	ByTeam      map[string]int `json:"by_team"`
}

// ChannelScoreJSON is a channel's Actual against Target.
type ChannelScoreJSON struct {
	Channel     string   `json:"channel"`
	Ratio       float64  `json:"ratio"`
	Touchpoints []string `json:"ids"`
}

// NewGapsJSON converts a report.
func NewGapsJSON(r gaps.Report) GapsJSON {
	out := GapsJSON{File: r.File, Personas: []GapsPersonaJSON{}}
	for _, p := range r.Personas {
		t := p.Thresholds
		pj := GapsPersonaJSON{Persona: p.Name, Findings: FindingsJSON(p.Findings), Stages: []GapsStageJSON{}, Channels: []ChannelScoreJSON{},
			Thresholds: ThresholdsJSON{t.MinTouchpoints, t.HandoffDays, t.MaxPerWeek, t.MaxTeams, t.TargetRatio}}
		for _, s := range p.Stages {
			pj.Stages = append(pj.Stages, GapsStageJSON{Stage: s.Name, Owner: s.Owner, Touchpoints: s.Live, Inbound: s.Inbound, Outbound: s.Outbound,
				Ongoing: s.Ongoing, Automatic: s.Automatic, Manual: s.Manual, Teams: nonNil(s.Teams), Channels: nonNil(s.Channels),
				Feeling: s.Feeling, KPI: s.KPI, PerWeek: round2(s.PerWeek), Uncounted: s.Uncounted, ByChannel: s.ByChannel, ByTeam: s.ByTeam})
		}
		for _, c := range p.ChannelScores {
			pj.Channels = append(pj.Channels, ChannelScoreJSON{c.Channel, round2(c.Ratio), c.Touchpoints})
		}
		out.Personas = append(out.Personas, pj)
	}
	return out
}

func round2(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 2, 64), 64)
	return v
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// WriteGapsMarkdown renders the report for a review document.
func WriteGapsMarkdown(w io.Writer, r gaps.Report) error {
	var b strings.Builder
	for _, p := range r.Personas {
		fmt.Fprintf(&b, "# Gaps: %s\n\n", MarkdownCell(orDash(p.Name)))
		fmt.Fprintf(&b, "From `%s`.\n\n## Stage coverage\n\n", r.File)
		var rows [][]string
		for _, s := range p.Stages {
			rows = append(rows, []string{s.Name, orDash(s.Owner), strconv.Itoa(s.Live), fmt.Sprintf("%d/%d", s.Inbound, s.Outbound),
				fmt.Sprintf("%d/%d/%d", s.Ongoing, s.Automatic, s.Manual), strings.Join(s.Teams, ", "), strings.Join(s.Channels, ", "),
				weekText(s.PerWeek, s.Uncounted), plainFeeling(s.Feeling), orDash(s.KPI)})
		}
		if err := WriteMarkdownTable(&b, []string{"Stage", "Owner", "Live", "In/Out", "Ongoing/Auto/Manual", "Teams", "Channels", "Msg/week", "Feeling", "KPI"}, rows); err != nil {
			return err
		}
		fmt.Fprintf(&b, "\n## Findings\n\n")
		for _, f := range p.Findings {
			fmt.Fprintf(&b, "- **%s** `%s`", f.Severity, f.Rule)
			if f.Stage != "" {
				fmt.Fprintf(&b, " (%s)", MarkdownCell(f.Stage))
			}
			fmt.Fprintf(&b, ": %s", MarkdownCell(f.Message))
			if len(f.IDs) > 0 {
				fmt.Fprintf(&b, " — %s", strings.Join(f.IDs, ", "))
			}
			if f.Suggestion != "" {
				fmt.Fprintf(&b, "  \n  *Suggestion:* %s", MarkdownCell(f.Suggestion))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func plainFeeling(f *float64) string {
	if f == nil {
		return "?"
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}
