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

	touchpoints []*journey.Touchpoint // live ones, in sheet order (during the analysis)
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
	m := newMemo()
	// dupes finds the groups of every persona at once; each analysis
	// takes its own.
	groups := map[string][]dupes.Group{}
	for _, g := range dupes.Find([]*journey.Journey{j}, dupes.Options{}) {
		k := m.key(g.Persona)
		groups[k] = append(groups[k], g)
	}
	for _, p := range personas(j, m) {
		a := newAnalysis(j, p, m, opts)
		a.run(groups[m.key(p.name)])
		// The report keeps no pointer into the journey, so that the
		// caller can free it (the bulk of the memory) once analysed.
		for i := range a.p.Stages {
			a.p.Stages[i].touchpoints = nil
		}
		r.Personas = append(r.Personas, a.p)
	}
	return r
}

// persona is one persona of a journey and its live touchpoints.
type persona struct {
	name string
	live []*journey.Touchpoint // in sheet order
}

// personas lists the personas of j: the Persona column's values in order
// of appearance, the Persona sheet's persona for rows without one.
func personas(j *journey.Journey, m *memo) []persona {
	var out []persona
	index := map[string]int{} // normalised name -> place in out
	for i := range j.Touchpoints {
		tp := &j.Touchpoints[i]
		name := personaOf(j, tp)
		key := m.key(name)
		at, ok := index[key]
		if !ok {
			at = len(out)
			index[key] = at
			out = append(out, persona{name: name})
		}
		if tp.Status == journey.StatusLive {
			out[at].live = append(grown(out[at].live, 1), tp)
		}
	}
	if len(out) == 0 {
		out = []persona{{name: j.Persona.Name}}
	}
	return out
}

func personaOf(j *journey.Journey, tp *journey.Touchpoint) string {
	if p := tp.Value(journey.FieldPersona); p != "" {
		return p
	}
	return j.Persona.Name
}

// analysis holds one persona's work in progress.
type analysis struct {
	*memo
	j        *journey.Journey
	p        Persona
	opts     Options
	byStage  map[string]int // normalised stage name -> index in p.Stages
	channels spelling
	teams    spelling
}

// memo remembers what the analyses work out again and again about the
// values a large table repeats on every row (stages, channels, teams,
// cadences, KPIs): each answer would otherwise cost an allocation, and
// the garbage collector re-marks the whole journey as garbage piles up.
type memo struct {
	keys     journey.NameKeys
	lowers   map[string]string // strings.ToLower
	better   map[string]bool   // lowerIsBetter
	automate map[string]string // automateSuggestion
}

func newMemo() *memo {
	return &memo{keys: journey.NameKeys{}, lowers: map[string]string{}, better: map[string]bool{}, automate: map[string]string{}}
}

// key is journey.NormalizeName(s).
func (m *memo) key(s string) string { return m.keys.Key(s) }

// lower is strings.ToLower(s).
func (m *memo) lower(s string) string { return remember(m.lowers, s, strings.ToLower) }

// lowerIsBetter is lowerIsBetter(kpi).
func (m *memo) lowerIsBetter(kpi string) bool { return remember(m.better, kpi, lowerIsBetter) }

// remember returns compute(k), computed the first time k is asked for and
// kept in m.
func remember[V any](m map[string]V, k string, compute func(string) V) V {
	v, ok := m[k]
	if !ok {
		v = compute(k)
		m[k] = v
	}
	return v
}

func newAnalysis(j *journey.Journey, persona persona, m *memo, opts Options) *analysis {
	a := &analysis{memo: m, j: j, opts: opts, byStage: map[string]int{},
		channels: newSpelling(j.Vocab.Channels), teams: newSpelling(j.Vocab.Teams)}
	a.p = Persona{Name: persona.name, MapType: j.Persona.MapType}
	var settingProblems []journey.Finding
	a.p.Thresholds, settingProblems = thresholds(j.Persona, opts)
	for i, s := range j.Stages {
		key := a.key(s.Name)
		if _, dup := a.byStage[key]; dup {
			continue
		}
		a.byStage[key] = len(a.p.Stages)
		st := Stage{Name: s.Name, KPI: s.KPI, Loc: s.Loc, days: s.Days, listed: j.Stages[i],
			ByChannel: map[string]int{}, ByTeam: map[string]int{}}
		a.p.Stages = append(a.p.Stages, st)
	}
	a.p.Findings = append(a.p.Findings, settingProblems...)
	for _, tp := range persona.live {
		if idx, ok := a.byStage[a.key(tp.Raw(journey.FieldStage))]; ok {
			a.p.Stages[idx].touchpoints = append(grown(a.p.Stages[idx].touchpoints, 1), tp)
		}
	}
	for i := range a.p.Stages {
		a.fillStage(&a.p.Stages[i])
	}
	a.p.Channels, a.p.Teams = a.columns()
	return a
}

// fillStage counts a stage's live touchpoints.
func (a *analysis) fillStage(s *Stage) {
	feelings, feelingSum := 0, 0
	for _, tp := range s.touchpoints {
		s.Live++
		if a.isInbound(tp) {
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
			feelings++
			feelingSum += tp.Feeling.Value
		}
	}
	s.Channels = sortedKeys(s.ByChannel, a.j.Vocab.Channels)
	s.Teams = sortedKeys(s.ByTeam, a.j.Vocab.Teams)
	switch {
	case s.listed.Feeling.Known:
		f := float64(s.listed.Feeling.Value)
		s.Feeling = &f
	case feelings > 0:
		mean := float64(feelingSum) / float64(feelings)
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
func (a *analysis) isInbound(tp *journey.Touchpoint) bool {
	if tp.Direction == journey.Inbound {
		return true
	}
	return tp.Direction == journey.DirectionUnknown && inboundChannels[a.key(tp.Raw(journey.FieldChannel))]
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
	a.sortFindings()
}

// sortFindings orders the findings most severe first, then in journey
// order, as a stable sort would: each finding's rank is worked out once,
// and its place so far breaks the ties.
func (a *analysis) sortFindings() {
	stageRank := map[string]int{}
	for i, s := range a.p.Stages {
		stageRank[a.key(s.Name)] = i + 1
	}
	type rank struct {
		severity     journey.Severity
		stage, index int
	}
	ranks := make([]rank, len(a.p.Findings))
	for i, f := range a.p.Findings {
		ranks[i] = rank{severity: f.Severity, stage: stageRank[a.key(f.Stage)], index: i}
	}
	slices.SortFunc(ranks, func(x, y rank) int {
		return cmp.Or(cmp.Compare(y.severity, x.severity), cmp.Compare(x.stage, y.stage), cmp.Compare(x.index, y.index))
	})
	sorted := make([]journey.Finding, len(ranks))
	for i, r := range ranks {
		sorted[i] = a.p.Findings[r.index]
	}
	a.p.Findings = sorted
}

func (a *analysis) add(f journey.Finding) {
	if f.Loc.File == "" {
		f.Loc.File = a.j.File
	}
	a.p.Findings = append(grown(a.p.Findings, 1), f)
}

// grown returns s with room for n more elements, doubling its capacity
// when it has to grow. append grows a large slice by a quarter at a time,
// copying it each time: for the thousands of findings and list items of a
// large journey, that is several times their size in garbage.
func grown[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	return slices.Grow(s, len(s)+n)
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
