// Package dupes finds duplicate efforts (SPEC 6): touchpoints that do the
// same job for the same persona in the same stage, such as two teams'
// near-identical newsletters, within one workbook or across several. It is
// pure: journeys in, groups out; docs/dupes.md explains the scoring.
package dupes

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/journey-cli/journey/internal/journey"
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
	for _, m := range g.Members {
		if k := journey.NormalizeName(m.Team); !seen[k] {
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
	stageFilter := journey.NormalizeName(opts.Stage)

	c := collect(journeys, kinds, stageFilter)
	prepare(c.blocks, limit)
	res := Result{Threshold: threshold}
	// The blocks are independent: cluster them in parallel, then gather
	// their groups in block order. A panic in a worker is raised again
	// here, where the caller can recover it.
	clusters := make([][]cluster, len(c.order))
	work := make(chan int, len(c.order))
	for i := range c.order {
		work <- i
	}
	close(work)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		panicked any
	)
	largest := 0
	for _, b := range c.blocks {
		largest = max(largest, len(b.items))
	}
	for range min(runtime.GOMAXPROCS(0), len(c.order)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					panicked = r
					mu.Unlock()
				}
			}()
			sc := newScratch(largest, limit)
			for i := range work {
				clusters[i] = c.blocks[c.order[i]].cluster(threshold, limit, sc)
			}
		}()
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
	for i, key := range c.order {
		b := c.blocks[key]
		res.Compared += len(b.items)
		for _, cl := range clusters[i] {
			g := b.group(journeys, cl)
			g.Persona = c.personas[b.items[0].personaK]
			if opts.CrossTeamOnly && !g.CrossTeam {
				continue
			}
			res.Groups = append(res.Groups, g)
		}
	}
	sortGroups(journeys, res.Groups)
	return res
}

// block holds the touchpoints of one persona and one stage.
type block struct {
	items []*item
	// scored counts the pairs compared (for the tests of scale).
	scored int
}

// collected is the touchpoints to compare, by block.
type collected struct {
	blocks   map[string]*block
	order    []string          // block keys in input order
	personas map[string]string // persona key -> the persona as first written
}

// collect puts every compared touchpoint into its persona and stage block.
func collect(journeys []*journey.Journey, kinds kindTable, stageFilter string) collected {
	c := collected{blocks: map[string]*block{}, personas: map[string]string{}}
	// A touchpoint without a persona (no Persona column value and no
	// Persona sheet, as in a CSV file) belongs to the only persona the
	// inputs name, when they name exactly one.
	for _, j := range journeys {
		for i := range j.Touchpoints {
			p := personaOf(j, &j.Touchpoints[i])
			if k := journey.NormalizeName(p); k != "" {
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

	syms := symbols{}
	total := 0
	for _, j := range journeys {
		total += len(j.Touchpoints)
	}
	slab := make([]item, 0, total) // one allocation for every item
	for ji, j := range journeys {
		for i := range j.Touchpoints {
			tp := &j.Touchpoints[i]
			if !Compared(tp.Status) || tp.Blank() {
				continue
			}
			stageK := journey.NormalizeName(tp.Stage())
			if stageK == "" || (stageFilter != "" && stageK != stageFilter) {
				continue
			}
			if tp.Name() == "" && tp.Value(journey.FieldPurpose) == "" {
				continue
			}
			personaK := journey.NormalizeName(personaOf(j, tp))
			if personaK == "" {
				personaK = fallback
			}
			channel := journey.NormalizeName(tp.Channel())
			slab = append(slab, item{tp: tp, mode: tp.Mode, cadence: tp.Cadence, day: tp.Day, journey: ji,
				channel: syms.id(channel), kind: syms.id(kinds.kind(channel)),
				team: journey.NormalizeName(tp.Team()), personaK: personaK, stageK: stageK})
			it := &slab[len(slab)-1]
			key := personaK + "\x00" + stageK
			b := c.blocks[key]
			if b == nil {
				b = &block{}
				c.blocks[key] = b
				c.order = append(c.order, key)
			}
			b.items = append(b.items, it)
		}
	}
	return c
}

// personaOf is the touchpoint's Persona column when filled in, else the
// workbook's persona.
func personaOf(j *journey.Journey, tp *journey.Touchpoint) string {
	if p := tp.Value(journey.FieldPersona); p != "" {
		return p
	}
	return journey.CleanText(j.Persona.Name)
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

// prepare extracts the text features of every item, sharing them between
// items with the same text, and weighs them by their inverse document
// frequency over all items; blocks larger than limit get their MinHash
// signatures.
func prepare(blocks map[string]*block, limit int) {
	cache := map[string]*text{}
	uses := map[*text]int{}
	buf := make([]byte, 0, 256)
	get := func(s string) *text {
		t, ok := cache[s]
		if !ok {
			nt := newText(s, buf)
			t = &nt
			cache[s] = t
		}
		uses[t]++
		return t
	}
	for _, b := range blocks {
		for _, it := range b.items {
			it.name = get(it.tp.Name())
			it.purpose = get(it.tp.Value(journey.FieldPurpose))
		}
	}
	d := &idf{df: map[uint32]int32{}}
	for t, n := range uses {
		d.count(t, n)
	}
	for _, t := range cache {
		d.weigh(t)
	}
	// MinHash signatures for the blocks the index will search, computed
	// here so that the blocks can then be clustered in parallel.
	for _, b := range blocks {
		if len(b.items) > limit {
			for _, it := range b.items {
				it.name.sign()
				it.purpose.sign()
			}
		}
	}
}

// group builds the Group of a cluster.
func (b *block) group(journeys []*journey.Journey, c cluster) Group {
	members := c.members
	g := Group{Similarity: c.weakest, Members: make([]Member, 0, len(members))}
	teams := map[string]bool{}
	for _, i := range members {
		it := b.items[i]
		tp := it.tp
		j := journeys[it.journey]
		g.Members = append(g.Members, Member{
			ID: tp.ID(), Touchpoint: tp.Name(), Channel: tp.Channel(), Team: tp.Team(),
			Mode: tp.Mode, Status: tp.Status, Loc: j.Table.Cell(tp.Row, journey.FieldTouchpoint),
		})
		teams[it.team] = true
	}
	g.CrossTeam = len(teams) > 1
	first := b.items[members[0]]
	g.Stage = stageName(journeys, members, b, first)
	g.SuggestedOwner, g.OwnerReason = suggestOwner(journeys, b, members, g.Stage)
	return g
}

// stageName is the stage as the Stages sheet of a member's workbook spells
// it, else as the first member writes it.
func stageName(journeys []*journey.Journey, members []int, b *block, first *item) string {
	for _, i := range members {
		for _, s := range journeys[b.items[i].journey].Stages {
			if journey.NormalizeName(s.Name) == first.stageK {
				return s.Name
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
func suggestOwner(journeys []*journey.Journey, b *block, members []int, stage string) (string, string) {
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
	seen := map[int]bool{}
	for _, i := range members {
		ji := b.items[i].journey
		if seen[ji] {
			continue
		}
		seen[ji] = true
		for _, s := range journeys[ji].Stages {
			if journey.NormalizeName(s.Name) != b.items[i].stageK || s.OwnerTeam == "" {
				continue
			}
			if team, ok := teams[journey.NormalizeName(s.OwnerTeam)]; ok {
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
// the first member's place.
func sortGroups(journeys []*journey.Journey, groups []Group) {
	personaRank := map[string]int{}
	stageRank := map[string]int{}
	for _, j := range journeys {
		for _, s := range j.Stages {
			k := journey.NormalizeName(s.Name)
			if _, ok := stageRank[k]; !ok {
				stageRank[k] = len(stageRank)
			}
		}
	}
	fileRank := map[string]int{}
	for i, j := range journeys {
		if _, ok := fileRank[j.File]; !ok {
			fileRank[j.File] = i
		}
	}
	for _, g := range groups {
		k := journey.NormalizeName(g.Persona)
		if _, ok := personaRank[k]; !ok {
			personaRank[k] = len(personaRank)
		}
	}
	rank := func(m map[string]int, k string) int {
		if r, ok := m[k]; ok {
			return r
		}
		return len(m)
	}
	slices.SortStableFunc(groups, func(x, y Group) int {
		if c := cmp.Compare(rank(personaRank, journey.NormalizeName(x.Persona)), rank(personaRank, journey.NormalizeName(y.Persona))); c != 0 {
			return c
		}
		if c := cmp.Compare(rank(stageRank, journey.NormalizeName(x.Stage)), rank(stageRank, journey.NormalizeName(y.Stage))); c != 0 {
			return c
		}
		if c := cmp.Compare(journey.NormalizeName(x.Stage), journey.NormalizeName(y.Stage)); c != 0 {
			return c
		}
		if c := cmp.Compare(y.Similarity, x.Similarity); c != 0 {
			return c
		}
		mx, my := x.Members[0].Loc, y.Members[0].Loc
		if c := cmp.Compare(fileRank[mx.File], fileRank[my.File]); c != 0 {
			return c
		}
		return cmp.Compare(mx.Row, my.Row)
	})
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
	names := make([]string, len(g.Members))
	for i, m := range g.Members {
		names[i] = fmt.Sprintf("%q (%s, %s)", m.Touchpoint, m.Team, m.Channel)
	}
	scope := "one team"
	if g.CrossTeam {
		scope = "cross-team"
	}
	return journey.Finding{
		Rule: "duplicate-effort", Severity: journey.Warning, Loc: g.Members[0].Loc, Stage: g.Stage, IDs: g.IDs(),
		Message: fmt.Sprintf("%d touchpoints in %s do the same job (%s, similarity %.2f): %s",
			len(g.Members), g.Stage, scope, g.Similarity, strings.Join(names, ", ")),
		Suggestion: fmt.Sprintf("merge them into one touchpoint owned by %s (%s)", g.SuggestedOwner, g.OwnerReason),
	}
}
