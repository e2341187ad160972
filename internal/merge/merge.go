// Package merge combines journeys into one, as `journey merge` and
// `journey import` write it: the union of the touchpoints with unique IDs,
// the union of the vocabularies and of the columns journey does not know,
// and the one list of stages every input must share. It does no I/O.
package merge

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/journey-cli/journey/internal/journey"
)

// Options tune a merge.
type Options struct {
	// ByStage orders the merged touchpoints by stage in journey order
	// (keeping file and row order within a stage); otherwise they stay in
	// file and row order.
	ByStage bool
	// KeepFirst keeps the first input's touchpoints first, in their row
	// order, and orders only the other inputs' touchpoints (by stage when
	// ByStage is set): the result is then the first input with the others'
	// new touchpoints appended, as `journey merge` writes it on a copy of
	// its first workbook.
	KeepFirst bool
}

// Result is the merged journey, ready for the workbook writer.
type Result struct {
	Persona journey.Persona
	// Stages are the stages every input shares, with each detail (goal,
	// KPI...) taken from the first input that fills it in.
	Stages []journey.Stage
	Vocab  journey.Vocabulary
	// ExtraColumns are the headers of the columns journey does not know,
	// in order of first appearance.
	ExtraColumns []string
	// Touchpoints are the merged rows. Row is the sheet row each is written
	// to in a new workbook (2 for the first) and Extra is keyed by the
	// written column: int(journey.NumFields)+1 for ExtraColumns[0], and so
	// on. Renumbered IDs are in Raw.
	Touchpoints []journey.Touchpoint
	// Origins says where each of Touchpoints came from (same index).
	Origins []Origin
	// Renumbered lists the touchpoints whose ID was already taken.
	Renumbered []Renumbering
	// Duplicates counts the touchpoints found in several files (same ID,
	// same content) and kept once.
	Duplicates int
	// Notes are differences the merge settled by keeping the first
	// input's value; worth telling the user.
	Notes []string
}

// Origin is where a merged touchpoint was read.
type Origin struct {
	// Input is the index of its journey in the slice given to Merge.
	Input int
	// Row is its sheet (or CSV) row in that input.
	Row int
}

// Renumbering is one touchpoint that got a new ID because its ID was
// already used by another touchpoint.
type Renumbering struct {
	// At is the ID cell of the renumbered touchpoint in its input.
	At journey.Loc
	// Clash is the row of the touchpoint that keeps the ID.
	Clash    journey.Loc
	From, To string
}

// String says what happened, e.g. `b.xlsx Touchpoints!A7: ID TP-007 is
// already used by a.xlsx row 8; renumbered TP-045`.
func (r Renumbering) String() string {
	return fmt.Sprintf("%s: ID %s is already used by %s; renumbered %s", where(r.At), r.From, whereRow(r.Clash), r.To)
}

// StageConflict is the error for inputs whose stage lists differ.
type StageConflict struct {
	First, Second string // the files
	Diff          string // what differs
}

func (e *StageConflict) Error() string {
	return fmt.Sprintf("the stages of %s and %s differ (%s): every file must list the same stages in the same order in its Stages sheet",
		e.First, e.Second, e.Diff)
}

// source is one input touchpoint on its way into the result.
type source struct {
	tp    journey.Touchpoint
	file  string
	input int                     // index of the input
	known [journey.NumFields]bool // the input has the column
	extra map[string]string       // by normalised header
	order int
}

// merger holds the state of one merge.
type merger struct {
	res      Result
	extraIdx map[string]int // normalised header -> index in res.ExtraColumns
	byID     map[string]*source
	noID     map[string]*source // content key -> first touchpoint without an ID
	taken    map[string]bool
	prefix   string
	width    int
	next     int
	rows     []*source
}

// Merge combines js, in order: the first input's values win where inputs
// disagree, and its touchpoints keep their IDs. It returns a
// *StageConflict when two inputs with their own Stages sheet list
// different stages.
func Merge(js []*journey.Journey, opts Options) (*Result, error) {
	if len(js) == 0 {
		return nil, fmt.Errorf("nothing to merge")
	}
	m := &merger{extraIdx: map[string]int{}, byID: map[string]*source{}, noID: map[string]*source{}, taken: map[string]bool{}}
	if err := m.mergeStages(js); err != nil {
		return nil, err
	}
	m.mergePersona(js)
	m.mergeVocab(js)
	m.startIDs(js)
	for i, j := range js {
		m.addTouchpoints(i, j)
	}
	if opts.ByStage {
		first := 0
		if opts.KeepFirst {
			for first < len(m.rows) && m.rows[first].input == 0 {
				first++
			}
		}
		m.sortByStage(m.rows[first:])
	}
	m.emit()
	return &m.res, nil
}

// ownStages reports whether j read its stages from a Stages sheet rather
// than from the template.
func ownStages(j *journey.Journey) bool {
	return len(j.Stages) > 0 && j.Stages[0].Loc.Sheet != ""
}

// mergeStages checks that every input with its own Stages sheet lists the
// same stages, and fills each stage's details from the first input that
// gives them.
func (m *merger) mergeStages(js []*journey.Journey) error {
	var base *journey.Journey
	for _, j := range js {
		if !ownStages(j) {
			continue
		}
		if base == nil {
			base = j
			m.res.Stages = append([]journey.Stage(nil), j.Stages...)
			continue
		}
		if diff := stageDiff(base, j); diff != "" {
			return &StageConflict{First: base.File, Second: j.File, Diff: diff}
		}
		for i, s := range j.Stages {
			m.fillStage(&m.res.Stages[i], s, base.File, j.File)
		}
	}
	if base == nil {
		m.res.Stages = append([]journey.Stage(nil), js[0].Stages...)
	}
	return nil
}

// stageNames lists the stage names of j as written.
func stageNames(j *journey.Journey) []string {
	out := make([]string, len(j.Stages))
	for i, s := range j.Stages {
		out[i] = journey.CleanText(s.Name)
	}
	return out
}

// stageDiff says how b's stages differ from a's, or "" when they are the same.
func stageDiff(a, b *journey.Journey) string {
	na, nb := stageNames(a), stageNames(b)
	if strings.Join(na, "\x00") == strings.Join(nb, "\x00") {
		return ""
	}
	onlyA, onlyB := missingFrom(na, nb), missingFrom(nb, na)
	var parts []string
	if len(onlyA) > 0 {
		parts = append(parts, fmt.Sprintf("%s %s only in %s", quoteList(onlyA), isAre(len(onlyA)), a.File))
	}
	if len(onlyB) > 0 {
		parts = append(parts, fmt.Sprintf("%s %s only in %s", quoteList(onlyB), isAre(len(onlyB)), b.File))
	}
	if len(parts) > 0 {
		return strings.Join(parts, "; ")
	}
	if len(na) != len(nb) {
		return fmt.Sprintf("%s lists %d stages, %s lists %d: a stage is listed twice", a.File, len(na), b.File, len(nb))
	}
	for i := range na {
		if na[i] != nb[i] {
			return fmt.Sprintf("the order differs: stage %d is %q in %s but %q in %s", i+1, na[i], a.File, nb[i], b.File)
		}
	}
	return ""
}

// missingFrom returns the names of a that b does not have.
func missingFrom(a, b []string) []string {
	in := map[string]bool{}
	for _, n := range b {
		in[n] = true
	}
	var out []string
	for _, n := range a {
		if !in[n] {
			out = append(out, n)
			in[n] = true
		}
	}
	return out
}

// quoteList quotes up to four names: `"A", "B" and "C"`, `"A", "B", "C",
// "D" and 3 more`.
func quoteList(names []string) string {
	const most = 4
	q := make([]string, 0, most+1)
	for i, n := range names {
		if i == most && len(names) > most+1 {
			q = append(q, fmt.Sprintf("%d more", len(names)-most))
			break
		}
		q = append(q, strconv.Quote(n))
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// fillStage fills the empty details of dst from s and notes details that
// differ.
func (m *merger) fillStage(dst *journey.Stage, s journey.Stage, first, other string) {
	text := func(name string, d *string, v string) {
		switch {
		case *d == "":
			*d = v
		case v != "" && v != *d:
			m.note("stage %s: %s differs (%s has %q, %s has %q); the merged workbook keeps %s's", dst.Name, name, first, *d, other, v, first)
		}
	}
	text("goal", &dst.Goal, s.Goal)
	text("KPI", &dst.KPI, s.KPI)
	text("owner team", &dst.OwnerTeam, s.OwnerTeam)
	text("friction", &dst.Friction, s.Friction)
	if !dst.Target.Known && s.Target.Known {
		dst.Target = s.Target
	} else if s.Target.Known && s.Target != dst.Target {
		m.note("stage %s: target differs between %s and %s; the merged workbook keeps %s's", dst.Name, first, other, first)
	}
	optional := func(name string, d *journey.Optional, v journey.Optional) {
		switch {
		case !d.Known:
			*d = v
		case v.Known && v.Value != d.Value:
			m.note("stage %s: %s differs (%s has %d, %s has %d); the merged workbook keeps %s's", dst.Name, name, first, d.Value, other, v.Value, first)
		}
	}
	optional("days", &dst.Days, s.Days)
	optional("feeling", &dst.Feeling, s.Feeling)
}

func (m *merger) note(format string, args ...any) {
	m.res.Notes = append(m.res.Notes, fmt.Sprintf(format, args...))
}

// mergePersona keeps the first input's persona, filling its empty fields
// from the others.
func (m *merger) mergePersona(js []*journey.Journey) {
	p := &m.res.Persona
	*p = js[0].Persona
	p.Locs = nil
	settings := map[string]journey.Setting{}
	for i, j := range js {
		q := j.Persona
		if i > 0 {
			if p.Name != "" && q.Name != "" && journey.NormalizeName(p.Name) != journey.NormalizeName(q.Name) {
				m.note("%s maps the persona %q but %s maps %q; the merged workbook keeps %q", js[0].File, p.Name, j.File, q.Name, p.Name)
			}
			fill := func(d *string, v string) {
				if *d == "" {
					*d = v
				}
			}
			fill(&p.Name, q.Name)
			fill(&p.Seniority, q.Seniority)
			fill(&p.MapType, q.MapType)
			fill(&p.Owner, q.Owner)
			fill(&p.Goal, q.Goal)
			fill(&p.ReviewCadence, q.ReviewCadence)
			if p.LastReviewed.IsZero() {
				p.LastReviewed = q.LastReviewed
			}
		}
		for k, s := range q.Settings {
			if _, ok := settings[k]; !ok {
				// Order the settings by input, then by row.
				s.Loc.Row += i * 1_000_000
				settings[k] = s
			}
		}
	}
	p.Settings = settings
}

// mergeVocab unions every vocabulary, keeping the first spelling's order
// and noting values that two inputs spell differently.
func (m *merger) mergeVocab(js []*journey.Journey) {
	v := &m.res.Vocab
	v.Automatable = map[string]bool{}
	lists := []struct {
		name string
		dst  *[]string
		src  func(journey.Vocabulary) []string
	}{
		{"channel", &v.Channels, func(x journey.Vocabulary) []string { return x.Channels }},
		{"mode", &v.Modes, func(x journey.Vocabulary) []string { return x.Modes }},
		{"direction", &v.Directions, func(x journey.Vocabulary) []string { return x.Directions }},
		{"owner team", &v.Teams, func(x journey.Vocabulary) []string { return x.Teams }},
		{"cadence", &v.Cadences, func(x journey.Vocabulary) []string { return x.Cadences }},
		{"status", &v.Statuses, func(x journey.Vocabulary) []string { return x.Statuses }},
	}
	for _, l := range lists {
		seen := map[string]bool{}
		spelled := map[string]string{} // normalised -> first spelling
		for _, j := range js {
			for _, val := range l.src(j.Vocab) {
				val = journey.CleanText(val)
				if val == "" || seen[val] {
					continue
				}
				seen[val] = true
				*l.dst = append(*l.dst, val)
				key := journey.NormalizeName(val)
				if first, ok := spelled[key]; ok {
					m.note("the %s lists spell one value two ways, %q and %q (in %s); both are kept", l.name, first, val, j.File)
				} else {
					spelled[key] = val
				}
			}
		}
	}
	for _, j := range js {
		for k, a := range j.Vocab.Automatable {
			if _, ok := v.Automatable[k]; !ok {
				v.Automatable[k] = a
			}
		}
	}
}

// idPattern splits an ID into a prefix and a number: TP-014 -> "TP-", "014".
var idPattern = regexp.MustCompile(`^(.*?)(\d+)$`)

// startIDs finds the highest numbered ID of all inputs: new IDs follow it,
// in its style.
func (m *merger) startIDs(js []*journey.Journey) {
	m.prefix, m.width, m.next = "TP-", 3, 1
	for _, j := range js {
		for i := range j.Touchpoints {
			id := j.Touchpoints[i].ID()
			if id == "" {
				continue
			}
			m.taken[id] = true
			p := idPattern.FindStringSubmatch(id)
			if p == nil || len(p[2]) > 9 {
				continue
			}
			n, _ := strconv.Atoi(p[2])
			if n >= m.next {
				m.prefix, m.width, m.next = p[1], len(p[2]), n+1
			}
		}
	}
}

// newID returns the next free ID.
func (m *merger) newID() string {
	for {
		id := fmt.Sprintf("%s%0*d", m.prefix, m.width, m.next)
		m.next++
		if !m.taken[id] {
			m.taken[id] = true
			return id
		}
	}
}

// addTouchpoints takes the touchpoints of input number n, j, in row order.
func (m *merger) addTouchpoints(n int, j *journey.Journey) {
	headers := map[int]string{}
	for _, h := range j.Table.Headers {
		if !h.Known() {
			headers[h.Col] = h.Text
			m.extraColumn(h.Text)
		}
	}
	for i := range j.Touchpoints {
		tp := j.Touchpoints[i]
		src := &source{tp: tp, file: j.File, input: n, order: len(m.rows)}
		for f := journey.Field(0); f < journey.NumFields; f++ {
			src.known[f] = j.Table.Columns[f] != 0
		}
		src.tp.Extra = nil
		for col, v := range tp.Extra {
			if h, ok := headers[col]; ok {
				if src.extra == nil {
					src.extra = map[string]string{}
				}
				src.extra[journey.NormalizeName(h)] = v
			}
		}
		m.add(src, j)
	}
}

// extraColumn registers a header journey does not know.
func (m *merger) extraColumn(header string) {
	key := journey.NormalizeName(header)
	if key == "" {
		return
	}
	if _, ok := m.extraIdx[key]; !ok {
		m.extraIdx[key] = len(m.res.ExtraColumns)
		m.res.ExtraColumns = append(m.res.ExtraColumns, journey.CleanText(header))
	}
}

// add takes one touchpoint: dropped when an earlier file holds the same
// one, renumbered when its ID is taken.
func (m *merger) add(src *source, j *journey.Journey) {
	id := src.tp.ID()
	if id == "" {
		key := contentKey(src)
		if prev, ok := m.noID[key]; ok && prev.file != src.file {
			m.res.Duplicates++
			return
		}
		m.noID[key] = src
		m.rows = append(m.rows, src)
		return
	}
	prev, used := m.byID[id]
	switch {
	case !used:
		m.byID[id] = src
	case prev.file != src.file && sameContent(prev, src):
		m.res.Duplicates++
		prev.adopt(src)
		return
	default:
		to := m.newID()
		m.res.Renumbered = append(m.res.Renumbered, Renumbering{
			At:    j.Table.Cell(src.tp.Row, journey.FieldID),
			Clash: journey.Loc{File: prev.file, Row: prev.tp.Row},
			From:  id, To: to,
		})
		src.tp.SetRaw(journey.FieldID, to)
		m.byID[to] = src
	}
	m.rows = append(m.rows, src)
}

// adopt copies the values of columns s lacks from a duplicate of it.
func (s *source) adopt(dup *source) {
	for f := journey.Field(0); f < journey.NumFields; f++ {
		if !s.known[f] && dup.known[f] {
			s.tp.SetRaw(f, dup.tp.Raw(f))
			s.known[f] = true
		}
	}
	journey.ParseTyped(&s.tp)
	for k, v := range dup.extra {
		if _, ok := s.extra[k]; !ok {
			if s.extra == nil {
				s.extra = map[string]string{}
			}
			s.extra[k] = v
		}
	}
}

// sameContent reports whether two touchpoints hold the same values in
// every column both inputs have, the ID aside.
func sameContent(a, b *source) bool {
	for f := journey.Field(0); f < journey.NumFields; f++ {
		if f != journey.FieldID && a.known[f] && b.known[f] && a.tp.Value(f) != b.tp.Value(f) {
			return false
		}
	}
	for k, v := range a.extra {
		if w, ok := b.extra[k]; ok && journey.CleanText(w) != journey.CleanText(v) {
			return false
		}
	}
	return true
}

// contentKey is every value of a touchpoint without an ID, for finding
// the same touchpoint in another file.
func contentKey(s *source) string {
	var b strings.Builder
	for f := journey.Field(0); f < journey.NumFields; f++ {
		b.WriteString(s.tp.Value(f))
		b.WriteByte(0)
	}
	keys := make([]string, 0, len(s.extra))
	for k := range s.extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.WriteString(k + "=" + journey.CleanText(s.extra[k]) + "\x00")
	}
	return b.String()
}

// sortByStage orders rows by stage in journey order; rows of a stage that
// is not in the list come last, in input order.
func (m *merger) sortByStage(rows []*source) {
	rank := map[string]int{}
	for i, s := range m.res.Stages {
		if _, ok := rank[journey.NormalizeName(s.Name)]; !ok {
			rank[journey.NormalizeName(s.Name)] = i
		}
	}
	stageRank := func(s *source) int {
		if r, ok := rank[journey.NormalizeName(s.tp.Stage())]; ok {
			return r
		}
		return len(m.res.Stages)
	}
	sort.SliceStable(rows, func(a, b int) bool { return stageRank(rows[a]) < stageRank(rows[b]) })
}

// emit writes the rows into the result, with Extra keyed by output column.
func (m *merger) emit() {
	m.res.Touchpoints = make([]journey.Touchpoint, len(m.rows))
	m.res.Origins = make([]Origin, len(m.rows))
	for i, s := range m.rows {
		m.res.Origins[i] = Origin{Input: s.input, Row: s.tp.Row}
		tp := s.tp
		tp.Row = i + 2
		tp.Extra = nil
		for k, v := range s.extra {
			if v == "" {
				continue
			}
			if tp.Extra == nil {
				tp.Extra = map[int]string{}
			}
			tp.Extra[int(journey.NumFields)+1+m.extraIdx[k]] = v
		}
		m.res.Touchpoints[i] = tp
	}
}

// where names a cell with its file: "b.xlsx Touchpoints!A7".
func where(l journey.Loc) string {
	if s := l.String(); s != "" {
		return l.File + " " + s
	}
	return l.File
}

// whereRow names a row with its file: "a.xlsx row 8".
func whereRow(l journey.Loc) string {
	return fmt.Sprintf("%s row %d", l.File, l.Row)
}
