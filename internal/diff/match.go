package diff

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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

// matcher pairs the touchpoints of two journeys in three passes. It keeps
// one int32 per touchpoint and side for the pairing, and looks touchpoints
// up by their index: a large map has hundreds of thousands of them.
type matcher struct {
	old, new  *journey.Journey
	threshold float64
	// idMode is set when the two maps share at least one ID.
	idMode bool
	// usePersona is set when both tables have a Persona column.
	usePersona     bool
	oldIDs, newIDs []string         // normalised IDs
	oldIDAt        map[string]int32 // old ID -> index, -1 when it occurs twice
	oldTo, newTo   []int32          // the index paired on the other side, -1 when none
	paired         int              // pairs made so far
	how            []Match          // by old index
	score          []float64
	names          journey.NameKeys
}

func newMatcher(old, new *journey.Journey, threshold float64) *matcher {
	m := &matcher{old: old, new: new, threshold: threshold, names: journey.NameKeys{},
		usePersona: old.Table.Columns[journey.FieldPersona] != 0 && new.Table.Columns[journey.FieldPersona] != 0}
	m.oldIDs = normIDs(old.Touchpoints)
	m.newIDs = normIDs(new.Touchpoints)
	m.oldIDAt = indexIDs(m.oldIDs)
	m.oldTo = unpaired(len(old.Touchpoints))
	m.newTo = unpaired(len(new.Touchpoints))
	m.how = make([]Match, len(old.Touchpoints))
	m.score = make([]float64, len(old.Touchpoints))
	for _, id := range m.newIDs {
		if _, ok := m.oldIDAt[id]; ok {
			m.idMode = true
			break
		}
	}
	return m
}

// unpaired returns n indexes of -1.
func unpaired(n int) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = -1
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

// indexIDs maps each ID but "" to its index, or to -1 when it occurs twice.
func indexIDs(ids []string) map[string]int32 {
	at := make(map[string]int32, len(ids))
	for i, id := range ids {
		if id == "" {
			continue
		}
		if _, dup := at[id]; dup {
			at[id] = -1
		} else {
			at[id] = int32(i)
		}
	}
	return at
}

func (m *matcher) run() {
	m.byID()
	m.oldIDAt = nil // the later passes compare IDs by index
	m.byName()
	m.bySimilarity()
	m.oldIDs, m.newIDs = nil, nil // only the passes compare IDs
}

// pair records that old touchpoint oi is new touchpoint ni.
func (m *matcher) pair(oi, ni int32, how Match, score float64) {
	m.oldTo[oi], m.newTo[ni] = ni, oi
	m.how[oi], m.score[oi] = how, score
	m.paired++
}

// compatible reports whether two touchpoints may pair: when the maps share
// IDs, two touchpoints with different IDs are different touchpoints.
func (m *matcher) compatible(oi, ni int32) bool {
	a, b := m.oldIDs[oi], m.newIDs[ni]
	return !m.idMode || a == "" || b == "" || a == b
}

// byID pairs touchpoints whose ID occurs once on each side. A duplicated ID
// is left to the later passes, which pair it only with the same ID or none.
func (m *matcher) byID() {
	if !m.idMode {
		return
	}
	for id, ni := range indexIDs(m.newIDs) {
		if oi, ok := m.oldIDAt[id]; ok && oi >= 0 && ni >= 0 {
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
	return m.names.Key(tp.Raw(journey.FieldPersona))
}

// appendNameKey appends a touchpoint's (persona, stage, channel,
// normalised name) to key.
func (m *matcher) appendNameKey(key []byte, tp *journey.Touchpoint) []byte {
	key = append(key, m.personaKey(tp)...)
	key = append(append(key, 0), m.names.Key(tp.Raw(journey.FieldStage))...)
	key = append(append(key, 0), m.names.Key(tp.Raw(journey.FieldChannel))...)
	return appendNormalName(append(key, 0), tp.Name())
}

// appendNormalName appends the touchpoint name s folded for exact
// matching: lower case, words of letters and digits separated by one space.
func appendNormalName(key []byte, s string) []byte {
	start, inWord := len(key), false
	for _, r := range s {
		r = unicode.ToLower(r)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			inWord = false
			continue
		}
		if !inWord && len(key) > start {
			key = append(key, ' ')
		}
		key, inWord = utf8.AppendRune(key, r), true
	}
	return key
}

// nameGroup is the unmatched touchpoints of each side that share a name key.
type nameGroup struct {
	olds, news []int32
}

// byName pairs unmatched touchpoints with the same persona, stage, channel
// and normalised name. Within a group of several, the pairs with the
// fewest differing fields go first.
func (m *matcher) byName() {
	var groups []nameGroup
	groupOf := map[string]int{} // name key -> index in groups
	var key []byte
	for oi, ni := range m.oldTo {
		if ni >= 0 {
			continue
		}
		key = m.appendNameKey(key[:0], &m.old.Touchpoints[oi])
		g, ok := groupOf[string(key)]
		if !ok {
			g = len(groups)
			groupOf[string(key)] = g
			groups = append(groups, nameGroup{})
		}
		groups[g].olds = append(groups[g].olds, int32(oi))
	}
	for ni, oi := range m.newTo {
		if oi >= 0 {
			continue
		}
		key = m.appendNameKey(key[:0], &m.new.Touchpoints[ni])
		if g, ok := groupOf[string(key)]; ok {
			groups[g].news = append(groups[g].news, int32(ni))
		}
	}
	for _, g := range groups {
		olds, news := g.olds, g.news
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
func (m *matcher) pairFewestDifferences(olds, news []int32) {
	type cand struct{ oi, ni, diffs int32 }
	var cands []cand
	for _, oi := range olds {
		for _, ni := range news {
			if m.compatible(oi, ni) {
				cands = append(cands, cand{oi, ni, int32(differingFields(&m.old.Touchpoints[oi], &m.new.Touchpoints[ni]))})
			}
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		return cmp.Or(cmp.Compare(a.diffs, b.diffs), cmp.Compare(a.oi, b.oi), cmp.Compare(a.ni, b.ni))
	})
	for _, c := range cands {
		if m.oldTo[c.oi] < 0 && m.newTo[c.ni] < 0 {
			m.pair(c.oi, c.ni, MatchName, 0)
		}
	}
}

// pairInOrder pairs a large group in row order.
func (m *matcher) pairInOrder(olds, news []int32) {
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
	personas, olds, news := m.unmatchedByPersona()
	var cands []similarPair
	for _, p := range personas {
		if len(news[p]) > 0 {
			cands = m.similarPairs(olds[p], news[p], cands)
		}
	}
	slices.SortFunc(cands, func(a, b similarPair) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.oi, b.oi), cmp.Compare(a.ni, b.ni))
	})
	for _, c := range cands {
		if m.oldTo[c.oi] < 0 && m.newTo[c.ni] < 0 {
			m.pair(c.oi, c.ni, MatchSimilar, c.score)
		}
	}
}

// similarPair is two touchpoints whose score reaches the threshold.
type similarPair struct {
	oi, ni int32
	score  float64
}

// unmatchedByPersona lists the unmatched touchpoints of each side by
// persona, the personas in the first map's order; new touchpoints of a
// persona the first map lacks are left out.
func (m *matcher) unmatchedByPersona() (personas []string, olds, news map[string][]int32) {
	olds, news = map[string][]int32{}, map[string][]int32{}
	for oi, ni := range m.oldTo {
		if ni < 0 {
			p := m.personaKey(&m.old.Touchpoints[oi])
			if _, ok := olds[p]; !ok {
				personas = append(personas, p)
			}
			olds[p] = append(olds[p], int32(oi))
		}
	}
	for ni, oi := range m.newTo {
		if oi < 0 {
			p := m.personaKey(&m.new.Touchpoints[ni])
			if _, ok := olds[p]; ok {
				news[p] = append(news[p], int32(ni))
			}
		}
	}
	return personas, olds, news
}

// similarPairs appends to cands the pairs of olds and news (touchpoints of
// one persona) that score at least the threshold. The new touchpoints are
// reduced and indexed by feature; each old one is reduced only while it
// looks up the new ones sharing the most features with it.
func (m *matcher) similarPairs(olds, news []int32, cands []similarPair) []similarPair {
	var pr profiler
	ns := make([]candidate, len(news))
	index := map[uint64][]int32{} // feature -> positions in ns
	var fs []uint64
	for pos, ni := range news {
		ns[pos] = pr.candidate(&m.new.Touchpoints[ni], m.names)
		fs = features(&ns[pos], fs[:0])
		for _, f := range fs {
			index[f] = append(index[f], int32(pos))
		}
	}
	hits := make([]int32, len(ns))
	var touched []int32
	var lists [][]int32
	for _, oi := range olds {
		o := pr.candidate(&m.old.Touchpoints[oi], m.names)
		fs = features(&o, fs[:0])
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
			if ni := news[pos]; k < maxCandidates && m.compatible(oi, ni) {
				if s := score(&o, &ns[pos]); s >= m.threshold {
					cands = append(cands, similarPair{oi, ni, s})
				}
			}
			hits[pos] = 0
		}
		touched = touched[:0]
	}
	return cands
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
