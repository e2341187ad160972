// Package diff compares two journeys, typically a current-state map with a
// future-state map (SPEC 7): which touchpoints were added, removed, changed
// field by field, or moved to another stage; which stages were added,
// removed, reordered or changed; and how each stage's numbers change.
//
// It is pure: two journeys in, a Result out, no I/O. docs/diff.md describes
// the matching passes and what counts as a change.
package diff

import (
	"cmp"
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
	order := stageOrder(old, new)
	r.Pairs = m.pairs(order, newFieldComparer(old, new, cols))
	r.Summary = summarize(r.Pairs)
	r.StageChanges = stageChanges(old, new, order)
	r.Stages = stageTable(old, new, order)
	return r, nil
}

// pairRef is one touchpoint of the comparison before it becomes a Pair:
// old and new index, -1 for the side it is missing from.
type pairRef struct {
	oi, ni int32
	stage  int32 // position in the report's stage order
	row    int32 // in the new map, or in the old one when removed
}

func (p pairRef) removed() bool { return p.ni < 0 }

// pairs returns every touchpoint of both maps once, in the Result's order:
// by stage position, then the new map's rows, then the removed ones by
// old row. The order is settled on small references and each Pair is
// built once, in its place: a large map has hundreds of thousands.
func (m *matcher) pairs(order *stageIndex, fields *fieldComparer) []Pair {
	refs := make([]pairRef, 0, len(m.oldTo)+len(m.newTo)-m.paired)
	add := func(oi, ni int32) {
		tp := m.side(oi, ni)
		refs = append(refs, pairRef{oi: oi, ni: ni, stage: int32(order.stagePosition(tp)), row: int32(tp.Row)})
	}
	for oi, ni := range m.oldTo {
		if ni >= 0 {
			add(int32(oi), ni)
		}
	}
	for oi, ni := range m.oldTo {
		if ni < 0 {
			add(int32(oi), -1)
		}
	}
	for ni, oi := range m.newTo {
		if oi < 0 {
			add(-1, int32(ni))
		}
	}
	// Stable: rows only tie in journeys built without them (in tests),
	// which keep the order paired, removed, added.
	slices.SortStableFunc(refs, func(a, b pairRef) int {
		switch {
		case a.stage != b.stage:
			return cmp.Compare(a.stage, b.stage)
		case a.removed() != b.removed():
			if a.removed() {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.row, b.row)
	})
	out := make([]Pair, len(refs))
	for k, ref := range refs {
		m.fillPair(&out[k], ref, fields)
	}
	return out
}

// side returns the touchpoint that describes a pair: the new one unless
// it was removed.
func (m *matcher) side(oi, ni int32) *journey.Touchpoint {
	if ni >= 0 {
		return &m.new.Touchpoints[ni]
	}
	return &m.old.Touchpoints[oi]
}

// fillPair sets p to the touchpoint ref refers to, comparing the fields of
// a matched pair.
func (m *matcher) fillPair(p *Pair, ref pairRef, fields *fieldComparer) {
	old, new := m.old, m.new
	switch {
	case ref.ni < 0:
		p.Kind, p.Old = Removed, &old.Touchpoints[ref.oi]
		p.OldLoc = old.Table.Sheet.AtRow(p.Old.Row)
		return
	case ref.oi < 0:
		p.Kind, p.New = Added, &new.Touchpoints[ref.ni]
		p.NewLoc = new.Table.Sheet.AtRow(p.New.Row)
		return
	}
	o, n := &old.Touchpoints[ref.oi], &new.Touchpoints[ref.ni]
	p.Match, p.Similarity, p.Old, p.New = m.how[ref.oi], m.score[ref.oi], o, n
	p.OldLoc, p.NewLoc = old.Table.Sheet.AtRow(o.Row), new.Table.Sheet.AtRow(n.Row)
	p.Fields = fields.compare(o, n)
	p.Kind = fields.kind(p.Fields)
}

// summarize counts the pairs by kind.
func summarize(pairs []Pair) Summary {
	var s Summary
	for i := range pairs {
		switch pairs[i].Kind {
		case Added:
			s.Added++
		case Removed:
			s.Removed++
		case Changed:
			s.Changed++
		case Moved:
			s.Moved++
		default:
			s.Unchanged++
		}
	}
	return s
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
