// Package dupes finds duplicate efforts (SPEC 6): touchpoints that do the
// same job for the same persona in the same stage, such as two teams'
// near-identical newsletters, within one workbook or across several. It is
// pure: journeys in, groups out; docs/dupes.md explains the scoring.
package dupes

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/parallel"
)

// Options tune Find.
type Options struct {
	// Threshold is the similarity from which two touchpoints are
	// duplicates, in (0, 1]; 0 means DefaultThreshold.
	Threshold float64
	// Stage keeps only the groups of this stage (matched ignoring case,
	// spaces, _ and -); "" keeps all.
	Stage string
	// CrossTeamOnly keeps only groups whose members belong to more than
	// one team.
	CrossTeamOnly bool
	// SameKind lists extra groups of channels that overlap (each a list
	// of channel names), on top of DefaultChannelKinds; a channel named
	// here leaves its default group.
	SameKind [][]string

	// exhaustive is the block size up to which every pair is scored (0:
	// exhaustiveLimit); tests lower it to exercise the index.
	exhaustive int
}

// Group is one cluster of duplicate touchpoints.
type Group struct {
	// Persona is the persona as written (the Persona column, else the
	// Persona sheet); Stage is the stage as the Stages sheet names it.
	Persona string
	Stage   string
	// Similarity is the group's weakest link: the score of the weakest
	// pair that holds the group together (every member scores at least
	// this with another member, and, when every pair of the stage was
	// scored, the group would split above it).
	Similarity float64
	// CrossTeam says the members belong to more than one team.
	CrossTeam bool
	// SuggestedOwner is the team that should own the merged touchpoint,
	// and OwnerReason says why ("owns the Adoption stage", ...).
	SuggestedOwner string
	OwnerReason    string
	// Members are in input order: file, then row.
	Members []Member
}

// Member is one touchpoint of a group.
type Member struct {
	ID         string
	Touchpoint string
	Channel    string
	Team       string
	Mode       journey.Mode
	Status     journey.Status
	// Loc is the touchpoint's Touchpoint cell (file, sheet, row, column).
	Loc journey.Loc
}

// IDs returns the members' IDs (the cell, e.g. "C14", for a member
// without an ID).
func (g *Group) IDs() []string {
	ids := make([]string, len(g.Members))
	for i, m := range g.Members {
		ids[i] = m.ID
		if ids[i] == "" {
			ids[i] = m.Loc.String()
		}
	}
	return ids
}

// Teams returns the members' teams, each once, in member order.
func (g *Group) Teams() []string {
	var teams []string
	seen := map[string]bool{}
	names := journey.NameKeys{}
	for _, m := range g.Members {
		if k := names.Key(m.Team); !seen[k] {
			seen[k] = true
			teams = append(teams, m.Team)
		}
	}
	return teams
}

// Compared reports whether dupes compares a touchpoint with this status:
// Live and Planned ones are (a planned touchpoint that repeats a live one
// is duplicate effort about to start); Paused and Retired ones cost no
// effort now and are left out.
func Compared(s journey.Status) bool {
	return s == journey.StatusLive || s == journey.StatusPlanned
}

// exhaustiveLimit is the block size up to which every pair is scored; a
// larger block goes through the MinHash index (lsh.go).
const exhaustiveLimit = 256

// Find returns the groups of duplicate touchpoints across journeys, most
// similar first within each persona and stage (personas in input order,
// stages in journey order). Touchpoints are compared only within one
// persona and one stage.
func Find(journeys []*journey.Journey, opts Options) []Group {
	return Analyze(journeys, opts).Groups
}

// Result is what Analyze found.
type Result struct {
	Groups []Group
	// Compared counts the touchpoints compared (live or planned, with a
	// stage and a name or Purpose, in the --stage asked for).
	Compared int
	// Threshold is the threshold used.
	Threshold float64
}

// Analyze is Find with the counts a report shows beside the groups.
func Analyze(journeys []*journey.Journey, opts Options) Result {
	threshold := opts.Threshold
	if threshold <= 0 {
		threshold = DefaultThreshold
	}
	limit := opts.exhaustive
	if limit <= 0 {
		limit = exhaustiveLimit
	}
	kinds := newKindTable(DefaultChannelKinds, opts.SameKind)
	c := collect(journeys, kinds, journey.NormalizeName(opts.Stage))
	c.prepare(limit)
	stages := newStageSheets(journeys, c.names)
	// The blocks are independent: find their groups in parallel, then
	// gather them in block order.
	found := make([][]Group, len(c.blocks))
	largest := 0
	for _, b := range c.blocks {
		largest = max(largest, len(b.items))
	}
	parallel.For(len(c.blocks), func() func(int) {
		sc := newScratch(largest, limit)
		return func(i int) {
			b := c.blocks[i]
			for _, cl := range b.cluster(threshold, limit, sc) {
				found[i] = append(found[i], b.group(journeys, stages, cl))
			}
		}
	})
	res := Result{Threshold: threshold}
	for i, b := range c.blocks {
		res.Compared += len(b.items)
		for _, g := range found[i] {
			g.Persona = c.personas[b.persona]
			if opts.CrossTeamOnly && !g.CrossTeam {
				continue
			}
			res.Groups = append(res.Groups, g)
		}
	}
	sortGroups(journeys, stages, c.names, res.Groups)
	return res
}

// block holds the touchpoints of one persona and one stage.
type block struct {
	persona, stage string // normalised
	items          []*item
	// scored counts the pairs compared (for the tests of scale).
	scored int
}

// collected is the touchpoints to compare, by block.
type collected struct {
	blocks   []*block          // in input order
	items    []item            // every block's items, in input order
	texts    textIndex         // their names and Purposes
	personas map[string]string // persona key -> the persona as first written
	names    journey.NameKeys  // the names normalised so far, for more
}

// textIndex numbers the distinct texts (names and Purposes) of the items:
// items with the same text share its features.
type textIndex struct {
	number   map[string]int32
	distinct []string // by number
	uses     []int    // by number: how many names and Purposes it is
	refs     []int32  // by item: the numbers of its name and its Purpose
}

func (x *textIndex) add(s string) {
	i, ok := x.number[s]
	if !ok {
		i = int32(len(x.distinct))
		x.number[s] = i
		x.distinct = append(grown(x.distinct, 1), s)
		x.uses = append(grown(x.uses, 1), 0)
	}
	x.uses[i]++
	x.refs = append(x.refs, i)
}

// collect puts every compared touchpoint into its persona and stage block.
// Names are normalised from the cells as read (NormalizeName drops the
// white space CleanText would tidy), which repeat from row to row.
func collect(journeys []*journey.Journey, kinds kindTable, stageFilter string) collected {
	names := journey.NameKeys{}
	c := collected{personas: map[string]string{}, names: names, texts: textIndex{number: map[string]int32{}}}
	// A touchpoint without a persona (no Persona column value and no
	// Persona sheet, as in a CSV file) belongs to the only persona the
	// inputs name, when they name exactly one.
	compared := 0 // live and planned touchpoints: at most this many items
	for _, j := range journeys {
		sheet := journey.CleanText(j.Persona.Name)
		for i := range j.Touchpoints {
			if Compared(j.Touchpoints[i].Status) {
				compared++
			}
			p := personaOf(sheet, &j.Touchpoints[i])
			if k := names.Key(p); k != "" {
				if _, ok := c.personas[k]; !ok {
					c.personas[k] = p
				}
			}
		}
	}
	fallback := ""
	if len(c.personas) == 1 {
		for k := range c.personas {
			fallback = k
		}
	}

	channels := newChannelSymbols(kinds)
	c.items = make([]item, 0, compared) // one allocation for every item
	c.texts.refs = make([]int32, 0, 2*compared)
	byKey := map[[2]string]*block{}
	for ji, j := range journeys {
		sheet := journey.CleanText(j.Persona.Name)
		for i := range j.Touchpoints {
			tp := &j.Touchpoints[i]
			if !Compared(tp.Status) || tp.Blank() {
				continue
			}
			stageK := names.Key(tp.Raw(journey.FieldStage))
			if stageK == "" || (stageFilter != "" && stageK != stageFilter) {
				continue
			}
			name, purpose := tp.Name(), tp.Value(journey.FieldPurpose)
			if name == "" && purpose == "" {
				continue
			}
			personaK := names.Key(personaOf(sheet, tp))
			if personaK == "" {
				personaK = fallback
			}
			channel, kind := channels.ids(names.Key(tp.Raw(journey.FieldChannel)))
			c.items = append(c.items, item{mode: tp.Mode, cadence: tp.Cadence, day: tp.Day, channel: channel, kind: kind,
				tp: tp, journey: ji, team: names.Key(tp.Raw(journey.FieldOwnerTeam))})
			c.texts.add(name)
			c.texts.add(purpose)
			key := [2]string{personaK, stageK}
			b := byKey[key]
			if b == nil {
				b = &block{persona: personaK, stage: stageK}
				byKey[key] = b
				c.blocks = append(c.blocks, b)
			}
			b.items = append(grown(b.items, 1), &c.items[len(c.items)-1])
		}
	}
	return c
}

// personaOf is the touchpoint's Persona column when filled in, else the
// workbook's persona (sheet, cleaned).
func personaOf(sheet string, tp *journey.Touchpoint) string {
	if p := tp.Value(journey.FieldPersona); p != "" {
		return p
	}
	return sheet
}

// edge is a scored pair of items (indexes into block.items).
type edge struct {
	a, b  int32
	score float64
}

// cluster is a group as item indexes, with its weakest link.
type cluster struct {
	members []int
	weakest float64
}

// cluster scores the candidate pairs of the block and returns its groups:
// the connected parts of the graph of pairs
// scoring at least threshold, found by union-find with the strongest
// pairs first (Kruskal), so that each group's weakest link is known.
func (b *block) cluster(threshold float64, limit int, sc *scratch) []cluster {
	if len(b.items) < 2 {
		return nil
	}
	uf := newUnionFind(len(b.items))
	weakest := make([]float64, len(b.items)) // by root: the weakest link so far
	for i := range weakest {
		weakest[i] = math.Inf(1)
	}
	link := func(x, y int, s float64) {
		rx, ry := uf.find(x), uf.find(y)
		if rx == ry {
			return
		}
		w := min(weakest[rx], weakest[ry], s)
		weakest[uf.union(rx, ry)] = w
	}
	if len(b.items) <= limit {
		// Every pair, strongest first (Kruskal): each group's weakest
		// link is exact.
		var edges []edge
		for x := range b.items {
			for y := x + 1; y < len(b.items); y++ {
				b.scored++
				if s, ok := similarityAtLeast(b.items[x], b.items[y], threshold); ok {
					edges = append(edges, edge{int32(x), int32(y), s})
				}
			}
		}
		slices.SortFunc(edges, func(p, q edge) int {
			if c := cmp.Compare(q.score, p.score); c != 0 {
				return c
			}
			if c := cmp.Compare(p.a, q.a); c != 0 {
				return c
			}
			return cmp.Compare(p.b, q.b)
		})
		for _, e := range edges {
			link(int(e.a), int(e.b), e.score)
		}
	} else {
		// Candidates from the index, the likelier first; a pair already
		// joined through others is not scored again, so a group's
		// similarity is the weakest of the links that joined it (at most
		// the exact weakest link).
		b.candidates(sc, func(x, y int) {
			if uf.find(x) == uf.find(y) {
				return
			}
			b.scored++
			if s, ok := similarityAtLeast(b.items[x], b.items[y], threshold); ok {
				link(x, y, s)
			}
		})
	}
	byRoot := map[int][]int{}
	var roots []int
	for i := range b.items {
		r := uf.find(i)
		if uf.size[r] < 2 {
			continue
		}
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], i)
	}
	out := make([]cluster, 0, len(roots))
	for _, r := range roots {
		out = append(out, cluster{members: byRoot[r], weakest: weakest[r]})
	}
	return out
}

// prepare extracts the features of every distinct text, in parallel, and
// weighs them by their inverse document frequency over all items. When a
// block is larger than limit, the texts get their MinHash signatures for
// the index, computed here so that the blocks can then be clustered in
// parallel.
func (c *collected) prepare(limit int) {
	const batch = 256 // texts a goroutine takes at a time
	distinct := c.texts.distinct
	texts := make([]text, len(distinct))
	parallel.For((len(texts)+batch-1)/batch, func() func(int) {
		var ex extractor
		return func(k int) {
			for i := k * batch; i < min(len(texts), (k+1)*batch); i++ {
				texts[i] = ex.text(distinct[i])
			}
		}
	})
	d := &idf{df: map[uint32]int32{}}
	for i := range texts {
		d.count(&texts[i], c.texts.uses[i])
	}
	d.settle()
	indexed := slices.ContainsFunc(c.blocks, func(b *block) bool { return len(b.items) > limit })
	parallel.For((len(texts)+batch-1)/batch, func() func(int) {
		return func(k int) {
			for i := k * batch; i < min(len(texts), (k+1)*batch); i++ {
				d.weigh(&texts[i])
				if indexed {
					texts[i].sign()
				}
			}
		}
	})
	refs := c.texts.refs
	for k := range c.items {
		c.items[k].name, c.items[k].purpose = &texts[refs[2*k]], &texts[refs[2*k+1]]
	}
	c.texts = textIndex{} // no longer needed: let the garbage collector have it
}

// grown returns s with room for n more elements, doubling its capacity
// when it has to grow: append grows a large slice by a quarter at a time,
// copying it each time, several times its size in garbage in all.
func grown[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	return slices.Grow(s, len(s)+n)
}

// stageSheets holds each journey's Stages sheet with its names
// normalised once, for the groups to look their stage and owner up.
type stageSheets [][]sheetStage

type sheetStage struct {
	name, owner string
	key         string // the stage, normalised
	ownerKey    string // the owner team, normalised
}

func newStageSheets(journeys []*journey.Journey, names journey.NameKeys) stageSheets {
	sheets := make(stageSheets, len(journeys))
	for ji, j := range journeys {
		for _, s := range j.Stages {
			sheets[ji] = append(sheets[ji], sheetStage{name: s.Name, owner: s.OwnerTeam, key: names.Key(s.Name), ownerKey: names.Key(s.OwnerTeam)})
		}
	}
	return sheets
}

// group builds the Group of a cluster.
func (b *block) group(journeys []*journey.Journey, stages stageSheets, c cluster) Group {
	members := c.members
	g := Group{Similarity: c.weakest, Members: make([]Member, 0, len(members))}
	first := b.items[members[0]]
	for _, i := range members {
		it := b.items[i]
		tp := it.tp
		j := journeys[it.journey]
		g.Members = append(g.Members, Member{
			ID: tp.ID(), Touchpoint: tp.Name(), Channel: tp.Channel(), Team: tp.Team(),
			Mode: tp.Mode, Status: tp.Status, Loc: j.Table.Cell(tp.Row, journey.FieldTouchpoint),
		})
		if it.team != first.team {
			g.CrossTeam = true
		}
	}
	inputs := b.inputsOf(members)
	g.Stage = b.stageName(stages, inputs, first)
	g.SuggestedOwner, g.OwnerReason = b.suggestOwner(stages, inputs, members, g.Stage)
	return g
}

// inputsOf lists the journeys the members come from, each once, in
// member order.
func (b *block) inputsOf(members []int) []int {
	var inputs []int
	for _, i := range members {
		if ji := b.items[i].journey; !slices.Contains(inputs, ji) {
			inputs = append(inputs, ji)
		}
	}
	return inputs
}

// stageName is the stage as the Stages sheet of a member's workbook spells
// it, else as the first member writes it.
func (b *block) stageName(stages stageSheets, inputs []int, first *item) string {
	for _, ji := range inputs {
		for _, s := range stages[ji] {
			if s.key == b.stage {
				return s.name
			}
		}
	}
	return first.tp.Stage()
}

// automation ranks modes for owner choice: the team running the most
// automated member is best placed to run the merged touchpoint.
func automation(m journey.Mode) int {
	switch m {
	case journey.ModeAutomatic:
		return 3
	case journey.ModeOngoing:
		return 2
	case journey.ModeManual:
		return 1
	}
	return 0
}

// suggestOwner picks the team that should own the merged touchpoint: the
// stage's owner team (from the Stages sheet of a member's workbook, first
// workbook first) when it is among the members' teams; otherwise the team
// of the most automated member (Automatic > Ongoing > Manual), ties going
// to the team first in alphabetical order.
func (b *block) suggestOwner(stages stageSheets, inputs, members []int, stage string) (string, string) {
	teams := map[string]string{} // normalised -> as written by the first member
	best := map[string]int{}
	for _, i := range members {
		it := b.items[i]
		if it.team == "" {
			continue
		}
		if _, ok := teams[it.team]; !ok {
			teams[it.team] = it.tp.Team()
		}
		best[it.team] = max(best[it.team], automation(it.tp.Mode))
	}
	if len(teams) == 0 {
		return "", "no member names a team"
	}
	for _, ji := range inputs {
		for _, s := range stages[ji] {
			if s.key != b.stage || s.owner == "" {
				continue
			}
			if team, ok := teams[s.ownerKey]; ok {
				return team, fmt.Sprintf("owns the %s stage", stage)
			}
		}
	}
	keys := make([]string, 0, len(teams))
	for k := range teams {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y string) int {
		if c := cmp.Compare(best[y], best[x]); c != 0 {
			return c
		}
		return cmp.Compare(strings.ToLower(teams[x]), strings.ToLower(teams[y]))
	})
	top := keys[0]
	mode := map[int]string{3: "automatic", 2: "ongoing", 1: "manual", 0: "of unknown mode"}[best[top]]
	reason := fmt.Sprintf("runs the most automated member (%s)", mode)
	var tied []string
	for _, k := range keys[1:] {
		if best[k] == best[top] {
			tied = append(tied, teams[k])
		}
	}
	if len(tied) > 0 {
		reason = fmt.Sprintf("as automated as %s (%s); first alphabetically", strings.Join(tied, " and "), mode)
	}
	return teams[top], reason
}

// sortGroups orders groups by persona (first seen), stage (journey order
// of the first workbook that lists it), similarity (highest first), then
// the first member's place. Each group's ranks are worked out once, and
// its place in the input breaks the ties that remain, as a stable sort.
func sortGroups(journeys []*journey.Journey, stages stageSheets, names journey.NameKeys, groups []Group) {
	stageRank := map[string]int{}
	for _, sheet := range stages {
		for _, s := range sheet {
			if _, ok := stageRank[s.key]; !ok {
				stageRank[s.key] = len(stageRank)
			}
		}
	}
	fileRank := map[string]int{}
	for i, j := range journeys {
		if _, ok := fileRank[j.File]; !ok {
			fileRank[j.File] = i
		}
	}
	personaRank := map[string]int{}
	type sortKey struct {
		persona, stage int
		stageKey       string
		similarity     float64
		file, row      int
		index          int
	}
	keys := make([]sortKey, len(groups))
	for i, g := range groups {
		persona := names.Key(g.Persona)
		if _, ok := personaRank[persona]; !ok {
			personaRank[persona] = len(personaRank)
		}
		stage := names.Key(g.Stage)
		rank, ok := stageRank[stage]
		if !ok {
			rank = len(stageRank)
		}
		loc := g.Members[0].Loc
		keys[i] = sortKey{persona: personaRank[persona], stage: rank, stageKey: stage, similarity: g.Similarity,
			file: fileRank[loc.File], row: loc.Row, index: i}
	}
	slices.SortFunc(keys, func(x, y sortKey) int {
		return cmp.Or(
			cmp.Compare(x.persona, y.persona),
			cmp.Compare(x.stage, y.stage),
			cmp.Compare(x.stageKey, y.stageKey),
			cmp.Compare(y.similarity, x.similarity),
			cmp.Compare(x.file, y.file),
			cmp.Compare(x.row, y.row),
			cmp.Compare(x.index, y.index),
		)
	})
	sorted := make([]Group, len(groups))
	for i, k := range keys {
		sorted[i] = groups[k.index]
	}
	copy(groups, sorted)
}

// unionFind is a disjoint-set forest with union by size and path halving.
type unionFind struct {
	parent []int32
	size   []int32
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n), size: make([]int32, n)}
	for i := range u.parent {
		u.parent[i] = int32(i)
		u.size[i] = 1
	}
	return u
}

func (u *unionFind) find(x int) int {
	for int(u.parent[x]) != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = int(u.parent[x])
	}
	return x
}

// union joins the sets of two roots and returns the new root.
func (u *unionFind) union(a, b int) int {
	if u.size[a] < u.size[b] {
		a, b = b, a
	}
	u.parent[b] = int32(a)
	u.size[a] += u.size[b]
	return a
}

// Findings turns groups into duplicate-effort findings (warnings), one per
// group, located at the first member's Touchpoint cell: the form gaps and
// --fail-on use.
func Findings(groups []Group) []journey.Finding {
	out := make([]journey.Finding, 0, len(groups))
	for _, g := range groups {
		out = append(out, g.Finding())
	}
	return out
}

// Finding is the group as a duplicate-effort finding.
func (g *Group) Finding() journey.Finding {
	scope := "one team"
	if g.CrossTeam {
		scope = "cross-team"
	}
	// The message lists every member, `"name" (team, channel)`: built in
	// one buffer sized up front, as a large group has thousands.
	size := 80 + len(g.Stage)
	for _, m := range g.Members {
		size += len(m.Touchpoint) + len(m.Team) + len(m.Channel) + len(`"" (, ), `)
	}
	msg := fmt.Appendf(make([]byte, 0, size), "%d touchpoints in %s do the same job (%s, similarity %.2f): ",
		len(g.Members), g.Stage, scope, g.Similarity)
	for i, m := range g.Members {
		if i > 0 {
			msg = append(msg, ", "...)
		}
		msg = strconv.AppendQuote(msg, m.Touchpoint)
		msg = append(msg, " ("...)
		msg = append(msg, m.Team...)
		msg = append(msg, ", "...)
		msg = append(msg, m.Channel...)
		msg = append(msg, ')')
	}
	return journey.Finding{
		Rule: "duplicate-effort", Severity: journey.Warning, Loc: g.Members[0].Loc, Stage: g.Stage, IDs: g.IDs(),
		Message:    string(msg),
		Suggestion: fmt.Sprintf("merge them into one touchpoint owned by %s (%s)", g.SuggestedOwner, g.OwnerReason),
	}
}
