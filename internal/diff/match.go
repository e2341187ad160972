package diff

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/journey-cli/journey/internal/journey"
)

// Bounds that keep matching near-linear on large maps.
const (
	// maxGroupPairs is the largest group of same-name touchpoints (old x
	// new) paired by fewest differences; larger groups pair in row order.
	maxGroupPairs = 4096
	// postingBudget is how many index entries the similarity pass visits
	// per touchpoint, rarest features first.
	postingBudget = 4096
	// maxCandidates is how many of the touchpoints sharing the most
	// features are scored per touchpoint.
	maxCandidates = 32
)

// matcher pairs the touchpoints of two journeys in three passes.
type matcher struct {
	old, new  *journey.Journey
	threshold float64
	// idMode is set when the two maps share at least one ID.
	idMode bool
	// usePersona is set when both tables have a Persona column.
	usePersona     bool
	oldIDs, newIDs []string // normalised IDs
	oldTo, newTo   []int    // the index paired on the other side, -1 when none
	how            []Match  // by old index
	score          []float64
}

func newMatcher(old, new *journey.Journey, threshold float64) *matcher {
	m := &matcher{old: old, new: new, threshold: threshold,
		usePersona: old.Table.Columns[journey.FieldPersona] != 0 && new.Table.Columns[journey.FieldPersona] != 0}
	m.oldIDs = normIDs(old.Touchpoints)
	m.newIDs = normIDs(new.Touchpoints)
	m.oldTo = filled(len(old.Touchpoints), -1)
	m.newTo = filled(len(new.Touchpoints), -1)
	m.how = make([]Match, len(old.Touchpoints))
	m.score = make([]float64, len(old.Touchpoints))
	have := make(map[string]bool, len(m.oldIDs))
	for _, id := range m.oldIDs {
		if id != "" {
			have[id] = true
		}
	}
	for _, id := range m.newIDs {
		if have[id] {
			m.idMode = true
			break
		}
	}
	return m
}

func filled(n, v int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// normIDs returns each touchpoint's ID, cleaned and upper-cased.
func normIDs(tps []journey.Touchpoint) []string {
	ids := make([]string, len(tps))
	for i := range tps {
		ids[i] = strings.ToUpper(tps[i].ID())
	}
	return ids
}

func (m *matcher) run() {
	m.byID()
	m.byName()
	m.bySimilarity()
}

// pair records that old touchpoint oi is new touchpoint ni.
func (m *matcher) pair(oi, ni int, how Match, score float64) {
	m.oldTo[oi], m.newTo[ni] = ni, oi
	m.how[oi], m.score[oi] = how, score
}

// compatible reports whether two touchpoints may pair: when the maps share
// IDs, two touchpoints with different IDs are different touchpoints.
func (m *matcher) compatible(oi, ni int) bool {
	a, b := m.oldIDs[oi], m.newIDs[ni]
	return !m.idMode || a == "" || b == "" || a == b
}

// byID pairs touchpoints whose ID occurs once on each side. A duplicated ID
// is left to the later passes, which pair it only with the same ID or none.
func (m *matcher) byID() {
	if !m.idMode {
		return
	}
	count := func(ids []string) map[string]int {
		c := make(map[string]int, len(ids))
		for i, id := range ids {
			if id != "" {
				if _, dup := c[id]; dup {
					c[id] = -1
				} else {
					c[id] = i
				}
			}
		}
		return c
	}
	oldAt, newAt := count(m.oldIDs), count(m.newIDs)
	for ni, id := range m.newIDs {
		if id == "" || newAt[id] < 0 {
			continue
		}
		if oi, ok := oldAt[id]; ok && oi >= 0 {
			m.pair(oi, ni, MatchID, 0)
		}
	}
}

// personaKey is the persona a touchpoint belongs to for matching: its
// Persona column when both maps have one, else one persona for all.
func (m *matcher) personaKey(tp *journey.Touchpoint) string {
	if !m.usePersona {
		return ""
	}
	return journey.NormalizeName(tp.Value(journey.FieldPersona))
}

// nameKey is a touchpoint's (persona, stage, channel, normalised name).
func (m *matcher) nameKey(tp *journey.Touchpoint) string {
	return m.personaKey(tp) + "\x00" + journey.NormalizeName(tp.Stage()) + "\x00" +
		journey.NormalizeName(tp.Channel()) + "\x00" + normalName(tp.Name())
}

// normalName folds a touchpoint name for exact matching: lower case, words
// of letters and digits separated by one space.
func normalName(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// byName pairs unmatched touchpoints with the same persona, stage, channel
// and normalised name. Within a group of several, the pairs with the
// fewest differing fields go first.
func (m *matcher) byName() {
	groups := map[string]*[2][]int{}
	var keys []string
	group := func(key string) *[2][]int {
		g, ok := groups[key]
		if !ok {
			g = &[2][]int{}
			groups[key] = g
			keys = append(keys, key)
		}
		return g
	}
	for oi := range m.old.Touchpoints {
		if m.oldTo[oi] < 0 {
			g := group(m.nameKey(&m.old.Touchpoints[oi]))
			g[0] = append(g[0], oi)
		}
	}
	for ni := range m.new.Touchpoints {
		if m.newTo[ni] < 0 {
			if g, ok := groups[m.nameKey(&m.new.Touchpoints[ni])]; ok {
				g[1] = append(g[1], ni)
			}
		}
	}
	for _, key := range keys {
		g := groups[key]
		olds, news := g[0], g[1]
		switch {
		case len(news) == 0:
		case len(olds) == 1 && len(news) == 1:
			if m.compatible(olds[0], news[0]) {
				m.pair(olds[0], news[0], MatchName, 0)
			}
		case len(olds)*len(news) <= maxGroupPairs:
			m.pairFewestDifferences(olds, news)
		default:
			m.pairInOrder(olds, news)
		}
	}
}

// pairFewestDifferences pairs a group greedily, the pairs that differ in
// the fewest fields first.
func (m *matcher) pairFewestDifferences(olds, news []int) {
	type cand struct{ oi, ni, diffs int }
	var cands []cand
	for _, oi := range olds {
		for _, ni := range news {
			if m.compatible(oi, ni) {
				cands = append(cands, cand{oi, ni, differingFields(&m.old.Touchpoints[oi], &m.new.Touchpoints[ni])})
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.diffs != b.diffs {
			return a.diffs < b.diffs
		}
		if a.oi != b.oi {
			return a.oi < b.oi
		}
		return a.ni < b.ni
	})
	for _, c := range cands {
		if m.oldTo[c.oi] < 0 && m.newTo[c.ni] < 0 {
			m.pair(c.oi, c.ni, MatchName, 0)
		}
	}
}

// pairInOrder pairs a large group in row order.
func (m *matcher) pairInOrder(olds, news []int) {
	j := 0
	for _, oi := range olds {
		for ; j < len(news); j++ {
			if m.compatible(oi, news[j]) {
				m.pair(oi, news[j], MatchName, 0)
				j++
				break
			}
		}
	}
}

// differingFields counts the touchpoint fields whose values differ.
func differingFields(a, b *journey.Touchpoint) int {
	n := 0
	for f := journey.Field(0); f < journey.NumFields; f++ {
		if !sameValue(f, a.Raw(f), b.Raw(f)) {
			n++
		}
	}
	return n
}

// bySimilarity pairs the touchpoints still unmatched, within each persona,
// by Score: every pair scoring at least the threshold is a candidate, and
// the best-scoring candidates pair first. Candidates come from an index of
// name words, name trigrams and purpose words, so two touchpoints are
// scored only when they share a feature (a pair sharing none scores at
// most 0.15). Each touchpoint visits at most postingBudget index entries,
// its rarest features first, and scores the maxCandidates touchpoints
// sharing the most features with it: near-linear in the map's size.
func (m *matcher) bySimilarity() {
	type member struct {
		idx int
		c   candidate
	}
	olds, news := map[string][]member{}, map[string][]member{}
	var personas []string
	for oi := range m.old.Touchpoints {
		if m.oldTo[oi] < 0 {
			tp := &m.old.Touchpoints[oi]
			p := m.personaKey(tp)
			if _, ok := olds[p]; !ok {
				personas = append(personas, p)
			}
			olds[p] = append(olds[p], member{oi, newCandidate(tp)})
		}
	}
	for ni := range m.new.Touchpoints {
		if m.newTo[ni] < 0 {
			tp := &m.new.Touchpoints[ni]
			p := m.personaKey(tp)
			if _, ok := olds[p]; ok {
				news[p] = append(news[p], member{ni, newCandidate(tp)})
			}
		}
	}
	type cand struct {
		oi, ni int
		score  float64
	}
	var cands []cand
	var fs []uint64
	for _, p := range personas {
		ns := news[p]
		if len(ns) == 0 {
			continue
		}
		index := map[uint64][]int32{} // feature -> positions in ns
		for pos := range ns {
			fs = features(&ns[pos].c, fs[:0])
			for _, f := range fs {
				index[f] = append(index[f], int32(pos))
			}
		}
		hits := make([]int32, len(ns))
		var touched []int32
		var lists [][]int32
		for _, o := range olds[p] {
			fs = features(&o.c, fs[:0])
			lists = lists[:0]
			for _, f := range fs {
				if l := index[f]; len(l) > 0 {
					lists = append(lists, l)
				}
			}
			slices.SortFunc(lists, func(a, b []int32) int { return len(a) - len(b) })
			budget := postingBudget
			for _, list := range lists {
				if len(list) > budget {
					break
				}
				budget -= len(list)
				for _, pos := range list {
					if hits[pos] == 0 {
						touched = append(touched, pos)
					}
					hits[pos]++
				}
			}
			if len(touched) > maxCandidates {
				slices.SortFunc(touched, func(a, b int32) int {
					if hits[a] != hits[b] {
						return int(hits[b] - hits[a])
					}
					return int(a - b)
				})
			}
			for k, pos := range touched {
				if k < maxCandidates {
					n := &ns[pos]
					if m.compatible(o.idx, n.idx) {
						if s := score(&o.c, &n.c); s >= m.threshold {
							cands = append(cands, cand{o.idx, n.idx, s})
						}
					}
				}
				hits[pos] = 0
			}
			touched = touched[:0]
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		switch {
		case a.score != b.score:
			if a.score > b.score {
				return -1
			}
			return 1
		case a.oi != b.oi:
			return a.oi - b.oi
		}
		return a.ni - b.ni
	})
	for _, c := range cands {
		if m.oldTo[c.oi] < 0 && m.newTo[c.ni] < 0 {
			m.pair(c.oi, c.ni, MatchSimilar, c.score)
		}
	}
}

// features appends the keys of the similarity index to fs: the name's
// words and trigrams, and the purpose's words.
func features(c *candidate, fs []uint64) []uint64 {
	fs = append(fs, c.name.words...)
	fs = append(fs, c.name.grams...)
	for _, w := range c.purpose.words {
		fs = append(fs, w^featurePurpose<<56)
	}
	return fs
}
