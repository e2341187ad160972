// Package gaps finds where a journey is weak (SPEC 5): per persona, the
// stage coverage, the stage x channel heat map, the team x stage ownership
// matrix, and findings with the numbers behind them and a suggestion.
// docs/gaps.md explains each heuristic. It is pure: a journey in, a report
// out.
package gaps

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/journey-cli/journey/internal/dupes"
	"github.com/journey-cli/journey/internal/journey"
)

// Thresholds are the numbers the rules compare against.
type Thresholds struct {
	MinTouchpoints int     // stage-thin below this many live touchpoints
	HandoffDays    int     // handoff-lag above this many days
	MaxPerWeek     float64 // over-communication above this many outbound messages a week
	MaxTeams       int     // team-fragmented above this many teams in a stage
	TargetRatio    float64 // channel-effectiveness below this share of target
}

// DefaultThresholds are SPEC 5's defaults.
var DefaultThresholds = Thresholds{MinTouchpoints: 2, HandoffDays: 2, MaxPerWeek: 3, MaxTeams: 3, TargetRatio: 0.8}

// Options tune an analysis.
type Options struct {
	Thresholds Thresholds
	// Set marks the thresholds given on the command line, which win over
	// the Persona sheet's rows; the others come from the sheet when it has
	// them, else from Thresholds.
	Set map[string]bool
	// Only and Skip select rules by ID (Only empty: all).
	Only, Skip map[string]bool
	// Now is the date stale-map compares Last reviewed with.
	Now time.Time
}

// Rules lists the gap rules, in SPEC 5's order.
var Rules = []string{"stage-empty", "stage-thin", "no-inbound", "no-outbound", "automation-opportunity", "handoff-lag",
	"over-communication", "duplicate-effort", "channel-effectiveness", "stage-unowned", "team-fragmented", "off-owner",
	"friction", "kpi-missing", "stale-map", "setting-invalid"}

// KnownRule reports whether id is a gap rule.
func KnownRule(id string) bool { return slices.Contains(Rules, id) }

// Report is the analysis of one workbook.
type Report struct {
	File     string
	Personas []Persona
}

// Persona is the analysis of one persona's journey.
type Persona struct {
	Name       string
	MapType    string
	Thresholds Thresholds
	Stages     []Stage
	// Channels are the channels used by live touchpoints, in the Lists
	// order, then the others alphabetically: the heat map's columns.
	Channels []string
	// Teams are the teams owning live touchpoints or stages: the ownership
	// matrix's rows.
	Teams []string
	// ChannelScores rank the channels by Actual against Target, best first.
	ChannelScores []ChannelScore
	Findings      []journey.Finding
}

// Stage is one row of the coverage table.
type Stage struct {
	Name        string
	Owner       string // the Stages sheet's Owner team, else the team with the most live touchpoints
	OwnerListed bool   // Owner comes from the Stages sheet
	Live        int
	Inbound     int
	Outbound    int
	Ongoing     int
	Automatic   int
	Manual      int
	Teams       []string
	Channels    []string
	// ByChannel and ByTeam count live touchpoints (heat map, ownership).
	ByChannel map[string]int
	ByTeam    map[string]int
	Feeling   *float64 // the Stages sheet's Feeling, else the mean of its touchpoints'
	KPI       string
	// PerWeek estimates the outbound messages a week (over-communication);
	// Uncounted is the number of outbound touchpoints whose rate is unknown.
	PerWeek   float64
	Uncounted int
	Loc       journey.Loc

	touchpoints []*journey.Touchpoint // live ones, in sheet order
	days        journey.Optional
	listed      journey.Stage
}

// ChannelScore is a channel's Actual against Target.
type ChannelScore struct {
	Channel     string
	Ratio       float64 // mean of Actual/Target (Target/Actual where lower is better)
	Touchpoints []string
}

// Analyze runs every gap rule over j (and, for duplicate-effort, the
// duplicate groups dupes finds in it).
func Analyze(j *journey.Journey, opts Options) Report {
	r := Report{File: j.File}
	if j.Table.HeaderRow == 0 {
		// Nothing to analyse: say why (the reader's structural errors)
		// rather than report every stage as empty.
		p := Persona{Name: j.Persona.Name, MapType: j.Persona.MapType}
		for _, f := range j.Problems {
			if f.Severity == journey.Error {
				f.Suggestion = "run journey lint " + j.File + " and fix the workbook first"
				p.Findings = append(p.Findings, f)
			}
		}
		r.Personas = []Persona{p}
		return r
	}
	groups := dupes.Find([]*journey.Journey{j}, dupes.Options{})
	for _, name := range personaNames(j) {
		a := newAnalysis(j, name, opts)
		a.run(groups)
		r.Personas = append(r.Personas, a.p)
	}
	return r
}

// personaNames lists the personas of j: the Persona column's values in
// order of appearance, the Persona sheet's persona for rows without one.
func personaNames(j *journey.Journey) []string {
	var names []string
	seen := map[string]bool{}
	for i := range j.Touchpoints {
		name := personaOf(j, &j.Touchpoints[i])
		if key := journey.NormalizeName(name); !seen[key] {
			seen[key] = true
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		names = []string{j.Persona.Name}
	}
	return names
}

func personaOf(j *journey.Journey, tp *journey.Touchpoint) string {
	if p := tp.Value(journey.FieldPersona); p != "" {
		return p
	}
	return j.Persona.Name
}

// analysis holds one persona's work in progress.
type analysis struct {
	j        *journey.Journey
	p        Persona
	opts     Options
	byStage  map[string]int // normalised stage name -> index in p.Stages
	channels spelling
	teams    spelling
	keys     map[string]string // NormalizeName, remembered
}

// key is journey.NormalizeName, remembered for the values rows repeat.
func (a *analysis) key(s string) string {
	k, ok := a.keys[s]
	if !ok {
		k = journey.NormalizeName(s)
		a.keys[s] = k
	}
	return k
}

func newAnalysis(j *journey.Journey, persona string, opts Options) *analysis {
	a := &analysis{j: j, opts: opts, byStage: map[string]int{},
		channels: newSpelling(j.Vocab.Channels), teams: newSpelling(j.Vocab.Teams), keys: map[string]string{}}
	a.p = Persona{Name: persona, MapType: j.Persona.MapType}
	var settingProblems []journey.Finding
	a.p.Thresholds, settingProblems = thresholds(j.Persona, opts)
	for i, s := range j.Stages {
		key := journey.NormalizeName(s.Name)
		if _, dup := a.byStage[key]; dup {
			continue
		}
		a.byStage[key] = len(a.p.Stages)
		st := Stage{Name: s.Name, KPI: s.KPI, Loc: s.Loc, days: s.Days, listed: j.Stages[i],
			ByChannel: map[string]int{}, ByTeam: map[string]int{}}
		a.p.Stages = append(a.p.Stages, st)
	}
	a.p.Findings = append(a.p.Findings, settingProblems...)
	for i := range j.Touchpoints {
		tp := &j.Touchpoints[i]
		if tp.Status != journey.StatusLive || a.key(personaOf(j, tp)) != a.key(persona) {
			continue
		}
		if idx, ok := a.byStage[a.key(tp.Raw(journey.FieldStage))]; ok {
			a.p.Stages[idx].touchpoints = append(a.p.Stages[idx].touchpoints, tp)
		}
	}
	for i := range a.p.Stages {
		a.fillStage(&a.p.Stages[i])
	}
	a.p.Channels, a.p.Teams = a.columns()
	return a
}

func samePersona(a, b string) bool { return journey.NormalizeName(a) == journey.NormalizeName(b) }

// fillStage counts a stage's live touchpoints.
func (a *analysis) fillStage(s *Stage) {
	var feelings []int
	for _, tp := range s.touchpoints {
		s.Live++
		if isInbound(tp) {
			s.Inbound++
		}
		if tp.Direction == journey.Outbound {
			s.Outbound++
		}
		switch tp.Mode {
		case journey.ModeOngoing:
			s.Ongoing++
		case journey.ModeAutomatic:
			s.Automatic++
		case journey.ModeManual:
			s.Manual++
		}
		if ch := a.canonicalChannel(tp.Channel()); ch != "" {
			s.ByChannel[ch]++
		}
		if team := a.canonicalTeam(tp.Team()); team != "" {
			s.ByTeam[team]++
		}
		if tp.Feeling.Known {
			feelings = append(feelings, tp.Feeling.Value)
		}
	}
	s.Channels = sortedKeys(s.ByChannel, a.j.Vocab.Channels)
	s.Teams = sortedKeys(s.ByTeam, a.j.Vocab.Teams)
	switch {
	case s.listed.Feeling.Known:
		f := float64(s.listed.Feeling.Value)
		s.Feeling = &f
	case len(feelings) > 0:
		sum := 0
		for _, f := range feelings {
			sum += f
		}
		mean := float64(sum) / float64(len(feelings))
		s.Feeling = &mean
	}
	s.Owner, s.OwnerListed = a.owner(s)
	s.PerWeek, s.Uncounted = messagesPerWeek(s)
}

// owner is the Stages sheet's Owner team, else the team owning the most
// live touchpoints of the stage (ties alphabetical).
func (a *analysis) owner(s *Stage) (string, bool) {
	if t := s.listed.OwnerTeam; t != "" {
		return a.canonicalTeam(t), true
	}
	best, bestN := "", 0
	for _, t := range s.Teams {
		if n := s.ByTeam[t]; n > bestN || (n == bestN && t < best) {
			best, bestN = t, n
		}
	}
	return best, false
}

// inboundChannels are channels where the customer starts the contact; a
// touchpoint on one whose Direction is left empty counts as inbound.
var inboundChannels = map[string]bool{"helpcenter": true, "supportticket": true, "livechat": true, "chatbot": true}

// isInbound reports whether the customer can reach the company through tp.
func isInbound(tp *journey.Touchpoint) bool {
	if tp.Direction == journey.Inbound {
		return true
	}
	return tp.Direction == journey.DirectionUnknown && inboundChannels[journey.NormalizeName(tp.Channel())]
}

// canonicalChannel returns the Lists spelling of a channel, or the value
// as written when it is not in the list.
func (a *analysis) canonicalChannel(v string) string { return a.channels.canonical(v) }

// canonicalTeam returns the Lists spelling of a team.
func (a *analysis) canonicalTeam(v string) string { return a.teams.canonical(v) }

// spelling maps values as written to a list's spelling, remembering each
// answer: a large table repeats the same few values on every row.
type spelling struct {
	byKey map[string]string // normalised -> list entry
	seen  map[string]string // as written -> answer
}

func newSpelling(list []string) spelling {
	s := spelling{byKey: map[string]string{}, seen: map[string]string{}}
	for _, e := range list {
		if key := journey.NormalizeName(e); s.byKey[key] == "" {
			s.byKey[key] = e
		}
	}
	return s
}

func (s spelling) canonical(v string) string {
	if c, ok := s.seen[v]; ok {
		return c
	}
	c, ok := s.byKey[journey.NormalizeName(v)]
	if !ok {
		c = journey.CleanText(v)
	}
	s.seen[v] = c
	return c
}

// sortedKeys returns the keys of counts in the order of list, then the
// others alphabetically.
func sortedKeys(counts map[string]int, list []string) []string {
	var out []string
	for _, e := range list {
		if _, ok := counts[e]; ok {
			out = append(out, e)
		}
	}
	var rest []string
	for k := range counts {
		if !slices.Contains(list, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// columns returns the heat map's channels and the ownership matrix's
// teams: those of live touchpoints, and the stages' owners.
func (a *analysis) columns() (channels, teams []string) {
	chCount, teamCount := map[string]int{}, map[string]int{}
	for _, s := range a.p.Stages {
		for k, n := range s.ByChannel {
			chCount[k] += n
		}
		for k, n := range s.ByTeam {
			teamCount[k] += n
		}
		if s.Owner != "" {
			teamCount[s.Owner] += 0 // listed even when it owns no touchpoint
		}
	}
	return sortedKeys(chCount, a.j.Vocab.Channels), sortedKeys(teamCount, a.j.Vocab.Teams)
}

// run applies the rules and sorts the findings, most severe first, then in
// journey order.
func (a *analysis) run(groups []dupes.Group) {
	t := a.p.Thresholds
	for i := range a.p.Stages {
		s := &a.p.Stages[i]
		a.coverage(s, t)
		a.automation(s)
		a.overCommunication(s, t)
		a.ownership(s, t)
		a.kpiMissing(s)
	}
	a.handoffs(t)
	a.friction()
	a.duplicates(groups)
	a.channelEffectiveness(t)
	a.staleMap()
	a.p.Findings = slices.DeleteFunc(a.p.Findings, func(f journey.Finding) bool {
		return (len(a.opts.Only) > 0 && !a.opts.Only[f.Rule]) || a.opts.Skip[f.Rule]
	})
	order := map[string]int{}
	for i, s := range a.p.Stages {
		order[journey.NormalizeName(s.Name)] = i + 1
	}
	slices.SortStableFunc(a.p.Findings, func(x, y journey.Finding) int {
		return cmp.Or(
			cmp.Compare(y.Severity, x.Severity),
			cmp.Compare(order[journey.NormalizeName(x.Stage)], order[journey.NormalizeName(y.Stage)]),
		)
	})
}

func (a *analysis) add(f journey.Finding) {
	if f.Loc.File == "" {
		f.Loc.File = a.j.File
	}
	a.p.Findings = append(a.p.Findings, f)
}

// ids lists the touchpoints' IDs (their Touchpoint cell when they have none).
func (a *analysis) ids(tps []*journey.Touchpoint) []string {
	out := make([]string, 0, len(tps))
	for _, tp := range tps {
		out = append(out, a.label(tp))
	}
	return out
}

// label names a touchpoint: its ID, else its Touchpoint cell.
func (a *analysis) label(tp *journey.Touchpoint) string {
	if id := tp.ID(); id != "" {
		return id
	}
	return a.j.Table.Cell(tp.Row, journey.FieldTouchpoint).String()
}

// cell is the location of a touchpoint's field.
func (a *analysis) cell(tp *journey.Touchpoint, f journey.Field) journey.Loc {
	return a.j.Table.Cell(tp.Row, f)
}

// lowerIsBetter reports whether a KPI improves as it falls (response
// time, cost, churn...), for the channel ranking.
func lowerIsBetter(kpi string) bool {
	k := strings.ToLower(kpi)
	for _, w := range []string{"time", "cost", "churn", "bounce", "unsubscribe", "complaint", "cpa", "cpl", "cac", "days to"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}
