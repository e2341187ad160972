// Package diff compares two journeys, typically a current-state map with a
// future-state map (SPEC 7): which touchpoints were added, removed, changed
// field by field, or moved to another stage; which stages were added,
// removed, reordered or changed; and how each stage's numbers change.
//
// It is pure: two journeys in, a Result out, no I/O. docs/diff.md describes
// the matching passes and what counts as a change.
package diff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/journey-cli/journey/internal/journey"
)

// Kind is what happened to one touchpoint between the two maps. Every
// touchpoint of either side is in exactly one kind, so the summary counts
// add up to the touchpoints of both maps, each pair counted once.
type Kind string

// The kinds of touchpoint change.
const (
	Added     Kind = "added"     // only in the second map
	Removed   Kind = "removed"   // only in the first map
	Changed   Kind = "changed"   // in both, same stage, some field differs
	Moved     Kind = "moved"     // in both, the stage differs (other fields may differ too)
	Unchanged Kind = "unchanged" // in both, no compared field differs
)

// Match says which pass paired two touchpoints.
type Match string

// The matching passes, in the order they run.
const (
	// MatchID pairs touchpoints with the same ID.
	MatchID Match = "id"
	// MatchName pairs touchpoints with the same persona, stage, channel and
	// normalised name.
	MatchName Match = "name"
	// MatchSimilar pairs touchpoints of one persona whose name and purpose
	// are similar (Similarity at least Options.Threshold).
	MatchSimilar Match = "similar"
)

// DefaultThreshold is the least similarity score at which the third pass
// pairs two touchpoints (see Score). It was chosen on the templates' sample
// journeys: no two different touchpoints there score above 0.43, except
// the planted duplicate newsletters (0.85), while a rename that keeps the
// purpose ("Help center" -> "Knowledge base", same stage and channel:
// 0.57), or a reworded name and purpose ("Live product webinar" ->
// "Monthly live demo webinar": 0.67), scores above it.
const DefaultThreshold = 0.5

// Options tune a comparison.
type Options struct {
	// Ignore lists the columns not to compare: canonical names or aliases
	// of the touchpoint fields ("DRI", "Notes", "Owner"), or headers of
	// columns journey does not know ("Budget"). Matching still uses them.
	Ignore []string
	// Threshold is the similarity pass's threshold; 0 means DefaultThreshold.
	Threshold float64
}

// FieldChange is one compared column whose value differs.
type FieldChange struct {
	// Field is the canonical column name ("Mode"), or the header of a
	// column journey does not know ("Budget").
	Field string
	// From and To are the values as written, with surrounding and doubled
	// spaces removed; "" when empty or when that side lacks the column.
	From, To string
	// FromLoc and ToLoc are the cells, with Col 0 when that side lacks the
	// column (and Row 0 for a stage field of a journey without a Stages sheet).
	FromLoc, ToLoc journey.Loc
}

// Pair is one touchpoint of the comparison: matched across both maps, or
// present on one side only (Old is nil when added, New when removed).
type Pair struct {
	Kind  Kind
	Match Match // "" for added and removed
	// Similarity is the score of a MatchSimilar pair, 0 otherwise.
	Similarity float64
	Old, New   *journey.Touchpoint
	// Fields lists the compared columns that differ, in column order
	// (Stage among them for a moved touchpoint).
	Fields []FieldChange
	// OldLoc and NewLoc are the rows (Col 0) on each side, zero when absent.
	OldLoc, NewLoc journey.Loc
}

// side returns the touchpoint that describes the pair: the new one unless
// it was removed.
func (p *Pair) side() *journey.Touchpoint {
	if p.New != nil {
		return p.New
	}
	return p.Old
}

// ID returns the touchpoint's ID: the new one, else the old one.
func (p *Pair) ID() string {
	if p.New != nil && p.New.ID() != "" {
		return p.New.ID()
	}
	if p.Old != nil {
		return p.Old.ID()
	}
	return ""
}

// Stage returns the stage the touchpoint is in: in the second map, or in
// the first when it was removed.
func (p *Pair) Stage() string { return p.side().Stage() }

// Name returns the touchpoint's name: in the second map, or in the first
// when it was removed.
func (p *Pair) Name() string { return p.side().Name() }

// OldStage returns the stage in the first map, "" when added.
func (p *Pair) OldStage() string {
	if p.Old == nil {
		return ""
	}
	return p.Old.Stage()
}

// Summary counts the touchpoints by kind.
type Summary struct {
	Added, Removed, Changed, Moved, Unchanged int
}

// Total is the number of touchpoints compared, each matched pair once.
func (s Summary) Total() int { return s.Added + s.Removed + s.Changed + s.Moved + s.Unchanged }

// Result is the comparison of two journeys.
type Result struct {
	Old, New *journey.Journey
	Summary  Summary
	// Pairs holds every touchpoint of both maps once, unchanged ones too,
	// ordered by stage (the second map's stage order, with stages only in
	// the first map where they stood there), then by row in the second map,
	// then removed ones by row in the first.
	Pairs []Pair
	// IDMode is true when the maps share at least one ID, so touchpoints
	// were matched by ID first and two different IDs never pair.
	IDMode bool
	// Stages is the per-stage before/after table, in the same stage order.
	Stages []StageRow
	// StageChanges lists stages added, removed, reordered or changed in the
	// Stages sheet.
	StageChanges []StageChange
	// Compared lists the touchpoint columns compared, in order.
	Compared []string
}

// Changes returns the pairs that are not unchanged, in order.
func (r *Result) Changes() []Pair {
	out := make([]Pair, 0, len(r.Pairs)-r.Summary.Unchanged)
	for _, p := range r.Pairs {
		if p.Kind != Unchanged {
			out = append(out, p)
		}
	}
	return out
}

// Same reports whether the maps are the same: no touchpoint added,
// removed, changed or moved, and no stage change.
func (r *Result) Same() bool {
	s := r.Summary
	return s.Added+s.Removed+s.Changed+s.Moved == 0 && len(r.StageChanges) == 0
}

// IgnoreError is an --ignore value that names no column of either map.
type IgnoreError struct {
	Name string
}

func (e *IgnoreError) Error() string {
	return fmt.Sprintf("--ignore %q is not a column of either map: give a column name such as DRI or Notes, or the header of a column of your own", e.Name)
}

// Compare compares the journey old (the current state) with new (the
// future state). It fails only on an Ignore entry that names no column.
func Compare(old, new *journey.Journey, opts Options) (*Result, error) {
	if opts.Threshold <= 0 {
		opts.Threshold = DefaultThreshold
	}
	cols, err := columnsToCompare(old, new, opts.Ignore)
	if err != nil {
		return nil, err
	}
	r := &Result{Old: old, New: new}
	for _, c := range cols {
		r.Compared = append(r.Compared, c.name)
	}
	m := newMatcher(old, new, opts.Threshold)
	r.IDMode = m.idMode
	m.run()
	stageCol := -1
	for i, c := range cols {
		if c.field == journey.FieldStage {
			stageCol = i
		}
	}
	var buf []FieldChange
	r.Pairs = make([]Pair, 0, len(old.Touchpoints)+len(new.Touchpoints)-countPaired(m.oldTo))
	for oi, ni := range m.oldTo {
		if ni < 0 {
			continue
		}
		o, n := &old.Touchpoints[oi], &new.Touchpoints[ni]
		p := Pair{Match: m.how[oi], Similarity: m.score[oi], Old: o, New: n,
			OldLoc: old.Table.Sheet.AtRow(o.Row), NewLoc: new.Table.Sheet.AtRow(n.Row)}
		p.Fields = compareFields(cols, old, new, o, n, &buf)
		p.Kind = Unchanged
		for _, f := range p.Fields {
			p.Kind = Changed
			if stageCol >= 0 && f.Field == cols[stageCol].name {
				p.Kind = Moved
				break
			}
		}
		r.Pairs = append(r.Pairs, p)
	}
	for oi, ni := range m.oldTo {
		if ni < 0 {
			o := &old.Touchpoints[oi]
			r.Pairs = append(r.Pairs, Pair{Kind: Removed, Old: o, OldLoc: old.Table.Sheet.AtRow(o.Row)})
		}
	}
	for ni, oi := range m.newTo {
		if oi < 0 {
			n := &new.Touchpoints[ni]
			r.Pairs = append(r.Pairs, Pair{Kind: Added, New: n, NewLoc: new.Table.Sheet.AtRow(n.Row)})
		}
	}
	for _, p := range r.Pairs {
		switch p.Kind {
		case Added:
			r.Summary.Added++
		case Removed:
			r.Summary.Removed++
		case Changed:
			r.Summary.Changed++
		case Moved:
			r.Summary.Moved++
		default:
			r.Summary.Unchanged++
		}
	}
	order := stageOrder(old, new)
	sortPairs(r.Pairs, order)
	r.StageChanges = stageChanges(old, new)
	r.Stages = stageTable(old, new, order)
	return r, nil
}

// countPaired counts the entries that are paired (not -1).
func countPaired(to []int) int {
	n := 0
	for _, v := range to {
		if v >= 0 {
			n++
		}
	}
	return n
}

// sortPairs orders pairs by stage position, then new rows, then removed
// ones by old row. The keys are computed once: a stage position costs a
// name normalisation.
func sortPairs(pairs []Pair, order *stageIndex) {
	type key struct {
		stage   int
		removed bool
		row     int
		i       int
	}
	keys := make([]key, len(pairs))
	for i := range pairs {
		p := &pairs[i]
		k := key{stage: order.position(p.Stage()), removed: p.New == nil, i: i}
		if p.New != nil {
			k.row = p.New.Row
		} else {
			k.row = p.Old.Row
		}
		keys[i] = k
	}
	slices.SortFunc(keys, func(a, b key) int {
		switch {
		case a.stage != b.stage:
			return a.stage - b.stage
		case a.removed != b.removed:
			if a.removed {
				return 1
			}
			return -1
		case a.row != b.row:
			return a.row - b.row
		}
		return a.i - b.i
	})
	sorted := make([]Pair, len(pairs))
	for i, k := range keys {
		sorted[i] = pairs[k.i]
	}
	copy(pairs, sorted)
}

// column is one compared column: a touchpoint field, or a column journey
// does not know, found by header on each side.
type column struct {
	name   string
	field  journey.Field // -1 for an extra column
	oldCol int           // 1-based column on each side, 0 when absent
	newCol int
}

// columnsToCompare lists the fields either table has, then the extra
// columns by header (the second map's order, then those only in the
// first), without the ignored ones.
func columnsToCompare(old, new *journey.Journey, ignore []string) ([]column, error) {
	ignored := map[string]bool{}
	extrasOld, extrasNew := extrasOf(old), extrasOf(new)
	for _, name := range ignore {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if i, _, ok := journey.Match(journey.TouchpointColumns[:], name); ok {
			ignored[journey.TouchpointColumns[i].Name] = true
			continue
		}
		key := journey.NormalizeName(name)
		if !hasExtra(extrasOld, key) && !hasExtra(extrasNew, key) {
			return nil, &IgnoreError{Name: name}
		}
		ignored["extra:"+key] = true
	}
	var cols []column
	for f := journey.Field(0); f < journey.NumFields; f++ {
		c := column{name: f.String(), field: f, oldCol: old.Table.Columns[f], newCol: new.Table.Columns[f]}
		if ignored[c.name] || c.oldCol == 0 && c.newCol == 0 {
			continue
		}
		cols = append(cols, c)
	}
	seen := map[string]bool{}
	add := func(e extraHeader) {
		if seen[e.key] || ignored["extra:"+e.base] {
			return
		}
		seen[e.key] = true
		c := column{name: e.text, field: -1, oldCol: extrasOld.col(e.key), newCol: extrasNew.col(e.key)}
		cols = append(cols, c)
	}
	for _, e := range extrasNew {
		add(e)
	}
	for _, e := range extrasOld {
		add(e)
	}
	return cols, nil
}

// extraHeader is a column journey does not know.
type extraHeader struct {
	text string // the header as written
	base string // normalised header
	key  string // normalised header, with "#2" for its second occurrence
	col  int
}

type extraHeaders []extraHeader

func (es extraHeaders) col(key string) int {
	for _, e := range es {
		if e.key == key {
			return e.col
		}
	}
	return 0
}

func hasExtra(es extraHeaders, base string) bool {
	for _, e := range es {
		if e.base == base {
			return true
		}
	}
	return false
}

// extrasOf lists the unknown columns of j's table, keyed by normalised
// header so that a column moved elsewhere, or re-cased, still compares.
func extrasOf(j *journey.Journey) extraHeaders {
	var out extraHeaders
	count := map[string]int{}
	for _, h := range j.Table.Headers {
		if h.Known() {
			continue
		}
		base := journey.NormalizeName(h.Text)
		if base == "" {
			base = "col" + journey.ColumnName(h.Col)
		}
		count[base]++
		key := base
		if n := count[base]; n > 1 {
			key = fmt.Sprintf("%s#%d", base, n)
		}
		out = append(out, extraHeader{text: h.Text, base: base, key: key, col: h.Col})
	}
	return out
}
