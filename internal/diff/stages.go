package diff

import (
	"sort"
	"strconv"

	"github.com/journey-cli/journey/internal/journey"
)

// StageChangeKind is what happened to a stage of the Stages sheet.
type StageChangeKind string

// The kinds of stage change.
const (
	StageAdded     StageChangeKind = "added"     // only in the second map
	StageRemoved   StageChangeKind = "removed"   // only in the first map
	StageReordered StageChangeKind = "reordered" // in both, moved relative to the other stages
	StageChanged   StageChangeKind = "changed"   // in both, a column such as Owner team differs
)

// StageChange is one change to the Stages sheet. Stages are matched by
// name, ignoring case, spaces and punctuation.
type StageChange struct {
	Kind  StageChangeKind
	Stage string // the name in the second map, or the first when removed
	// FromPos and ToPos are 1-based positions in each map's journey order,
	// 0 when the stage is not on that side.
	FromPos, ToPos int
	// After is the stage it now follows in the second map ("" when first);
	// set for added and reordered stages.
	After string
	// Fields lists the differing columns of a changed stage: Owner team,
	// Goal, KPI, Target, Days, Feeling, Friction. Their locations are the
	// stage's row.
	Fields []FieldChange
}

// StageStats are the numbers of one stage on one side, over its live
// touchpoints (Status Live or empty).
type StageStats struct {
	Touchpoints int // live touchpoints
	Automated   int // of them, Automatic or Ongoing
	Inbound     int
	Outbound    int
	// Channels are the distinct channels, sorted, as first written.
	Channels []string
	// FeelingSum and Feelings sum and count the known feelings.
	FeelingSum, Feelings int
}

// AutomatedShare is Automated over Touchpoints; ok is false without any
// live touchpoint.
func (s StageStats) AutomatedShare() (share float64, ok bool) {
	if s.Touchpoints == 0 {
		return 0, false
	}
	return float64(s.Automated) / float64(s.Touchpoints), true
}

// MeanFeeling is the mean of the known feelings; ok is false without any.
func (s StageStats) MeanFeeling() (mean float64, ok bool) {
	if s.Feelings == 0 {
		return 0, false
	}
	return float64(s.FeelingSum) / float64(s.Feelings), true
}

// StageRow is one stage of the before/after table.
type StageRow struct {
	Stage string
	// InOld and InNew say whether the stage is on each side: listed in the
	// Stages sheet or used by a touchpoint.
	InOld, InNew bool
	Old, New     StageStats
}

// Changed reports whether any number of the stage differs.
func (r StageRow) Changed() bool {
	a, b := r.Old, r.New
	if r.InOld != r.InNew || a.Touchpoints != b.Touchpoints || a.Automated != b.Automated ||
		a.Inbound != b.Inbound || a.Outbound != b.Outbound || a.FeelingSum != b.FeelingSum ||
		a.Feelings != b.Feelings || len(a.Channels) != len(b.Channels) {
		return true
	}
	for i := range a.Channels {
		if journey.NormalizeName(a.Channels[i]) != journey.NormalizeName(b.Channels[i]) {
			return true
		}
	}
	return false
}

// stageIndex is the order stages are reported in: the second map's
// journey order, each stage only in the first map before the stage it
// preceded there (last when it preceded none), then stages used by
// touchpoints but not listed.
type stageIndex struct {
	names []string       // display names
	pos   map[string]int // normalised name -> position
	// byText caches the position of a touchpoint's stage by its text as
	// written: a map repeats a few spellings on every row, and a position
	// costs a normalisation. It is filled once the order is complete.
	byText map[string]int
}

func (s *stageIndex) position(name string) int {
	if p, ok := s.pos[journey.NormalizeName(name)]; ok {
		return p
	}
	return len(s.names)
}

// stagePosition is the position of tp's stage.
func (s *stageIndex) stagePosition(tp *journey.Touchpoint) int {
	text := tp.Raw(journey.FieldStage)
	p, ok := s.byText[text]
	if !ok {
		p = s.position(tp.Stage())
		s.byText[text] = p
	}
	return p
}

func (s *stageIndex) add(name string) {
	key := journey.NormalizeName(name)
	if _, ok := s.pos[key]; ok {
		return
	}
	s.pos[key] = len(s.names)
	s.names = append(s.names, name)
}

// addUsed adds the stages that touchpoints use, each spelling once.
func (s *stageIndex) addUsed(tps []journey.Touchpoint, seen map[string]bool) {
	for i := range tps {
		text := tps[i].Raw(journey.FieldStage)
		if seen[text] {
			continue
		}
		seen[text] = true
		if name := tps[i].Stage(); name != "" {
			s.add(name)
		}
	}
}

func stageOrder(old, new *journey.Journey) *stageIndex {
	inNew := map[string]bool{}
	for _, st := range new.Stages {
		inNew[journey.NormalizeName(st.Name)] = true
	}
	// Stages only in the old map, keyed by the common stage they came
	// before there ("" when none did: they go last).
	before := map[string][]string{}
	var pending []string
	for _, st := range old.Stages {
		key := journey.NormalizeName(st.Name)
		if !inNew[key] {
			pending = append(pending, st.Name)
			continue
		}
		before[key] = append(before[key], pending...)
		pending = nil
	}
	before[""] = pending
	idx := &stageIndex{pos: map[string]int{}, byText: map[string]int{}}
	for _, st := range new.Stages {
		for _, name := range before[journey.NormalizeName(st.Name)] {
			idx.add(name)
		}
		idx.add(st.Name)
	}
	for _, name := range before[""] {
		idx.add(name)
	}
	seen := map[string]bool{}
	idx.addUsed(new.Touchpoints, seen)
	idx.addUsed(old.Touchpoints, seen)
	return idx
}

// hasStagesSheet reports whether j's stages were read from a Stages sheet
// rather than taken from the template (which have no row).
func hasStagesSheet(j *journey.Journey) bool {
	return len(j.Stages) > 0 && j.Stages[0].Loc.Row > 0
}

// stageChanges compares the Stages sheets, when both maps have one: a
// CSV file's stages are the template's, not a choice to compare.
func stageChanges(old, new *journey.Journey, order *stageIndex) []StageChange {
	if !hasStagesSheet(old) || !hasStagesSheet(new) {
		return nil
	}
	oldPos := map[string]int{}
	for i, st := range old.Stages {
		if _, dup := oldPos[journey.NormalizeName(st.Name)]; !dup {
			oldPos[journey.NormalizeName(st.Name)] = i
		}
	}
	newPos := map[string]int{}
	for i, st := range new.Stages {
		if _, dup := newPos[journey.NormalizeName(st.Name)]; !dup {
			newPos[journey.NormalizeName(st.Name)] = i
		}
	}
	var out []StageChange
	for i, st := range old.Stages {
		key := journey.NormalizeName(st.Name)
		if _, ok := newPos[key]; !ok && oldPos[key] == i {
			out = append(out, StageChange{Kind: StageRemoved, Stage: st.Name, FromPos: i + 1})
		}
	}
	// Common stages, in each map's order; the longest common subsequence
	// stays in place and the rest were reordered.
	var commonOld, commonNew []string
	for i, st := range old.Stages {
		key := journey.NormalizeName(st.Name)
		if _, ok := newPos[key]; ok && oldPos[key] == i {
			commonOld = append(commonOld, key)
		}
	}
	for i, st := range new.Stages {
		key := journey.NormalizeName(st.Name)
		if _, ok := oldPos[key]; ok && newPos[key] == i {
			commonNew = append(commonNew, key)
		}
	}
	kept := lcs(commonOld, commonNew)
	for i, st := range new.Stages {
		key := journey.NormalizeName(st.Name)
		if newPos[key] != i {
			continue // a duplicate stage; lint reports it
		}
		after := ""
		if i > 0 {
			after = new.Stages[i-1].Name
		}
		oi, inOld := oldPos[key]
		switch {
		case !inOld:
			out = append(out, StageChange{Kind: StageAdded, Stage: st.Name, ToPos: i + 1, After: after})
			continue
		case !kept[key]:
			out = append(out, StageChange{Kind: StageReordered, Stage: st.Name, FromPos: oi + 1, ToPos: i + 1, After: after})
		}
		if fields := stageFields(&old.Stages[oi], &st); len(fields) > 0 {
			out = append(out, StageChange{Kind: StageChanged, Stage: st.Name, FromPos: oi + 1, ToPos: i + 1, Fields: fields})
		}
	}
	rank := map[StageChangeKind]int{StageRemoved: 0, StageAdded: 1, StageReordered: 2, StageChanged: 3}
	sort.SliceStable(out, func(i, j int) bool {
		pi, pj := order.position(out[i].Stage), order.position(out[j].Stage)
		if pi != pj {
			return pi < pj
		}
		return rank[out[i].Kind] < rank[out[j].Kind]
	})
	return out
}

// lcs returns the members of a longest common subsequence of a and b.
func lcs(a, b []string) map[string]bool {
	n, m := len(a), len(b)
	t := make([][]int, n+1)
	for i := range t {
		t[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	kept := map[string]bool{}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			kept[a[i]] = true
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			i++
		default:
			j++
		}
	}
	return kept
}

// stageFields compares the columns of two Stages rows.
func stageFields(a, b *journey.Stage) []FieldChange {
	var out []FieldChange
	add := func(field, from, to string) {
		out = append(out, FieldChange{Field: field, From: from, To: to, FromLoc: a.Loc, ToLoc: b.Loc})
	}
	if journey.NormalizeName(a.OwnerTeam) != journey.NormalizeName(b.OwnerTeam) {
		add("Owner team", a.OwnerTeam, b.OwnerTeam)
	}
	if a.Goal != b.Goal {
		add("Goal", a.Goal, b.Goal)
	}
	if a.KPI != b.KPI {
		add("KPI", a.KPI, b.KPI)
	}
	if a.Target.Known != b.Target.Known || a.Target.Known && !closeEnough(a.Target.Value, b.Target.Value) {
		add("Target", measureText(a.Target), measureText(b.Target))
	}
	if a.Days != b.Days {
		add("Days", optionalText(a.Days), optionalText(b.Days))
	}
	if a.Feeling != b.Feeling {
		add("Feeling", optionalText(a.Feeling), optionalText(b.Feeling))
	}
	if a.Friction != b.Friction {
		add("Friction", a.Friction, b.Friction)
	}
	return out
}

// measureText writes a measure back as text: 0.35 with Percent as "35%".
func measureText(m journey.Measure) string {
	switch {
	case !m.Known:
		return ""
	case m.Percent:
		return strconv.FormatFloat(m.Value*100, 'f', -1, 64) + "%"
	}
	return strconv.FormatFloat(m.Value, 'f', -1, 64)
}

func optionalText(o journey.Optional) string {
	if !o.Known {
		return ""
	}
	return strconv.Itoa(o.Value)
}

// stageTable computes the before/after numbers of every stage.
func stageTable(old, new *journey.Journey, order *stageIndex) []StageRow {
	rows := make([]StageRow, len(order.names))
	for i, name := range order.names {
		rows[i].Stage = name
	}
	for _, st := range old.Stages {
		rows[order.position(st.Name)].InOld = true
	}
	for _, st := range new.Stages {
		rows[order.position(st.Name)].InNew = true
	}
	channels := journey.NameKeys{}
	tally := func(tps []journey.Touchpoint, isOld bool) {
		seen := make([]map[string]bool, len(rows))
		for i := range tps {
			tp := &tps[i]
			p := order.stagePosition(tp)
			if p >= len(rows) {
				continue // no stage
			}
			r := &rows[p]
			s := &r.New
			if isOld {
				s, r.InOld = &r.Old, true
			} else {
				r.InNew = true
			}
			if tp.Status != journey.StatusLive {
				continue
			}
			s.Touchpoints++
			if tp.Mode == journey.ModeAutomatic || tp.Mode == journey.ModeOngoing {
				s.Automated++
			}
			switch tp.Direction {
			case journey.Inbound:
				s.Inbound++
			case journey.Outbound:
				s.Outbound++
			}
			if tp.Feeling.Known {
				s.FeelingSum += tp.Feeling.Value
				s.Feelings++
			}
			if ch := tp.Channel(); ch != "" {
				if seen[p] == nil {
					seen[p] = map[string]bool{}
				}
				if key := channels.Key(tp.Raw(journey.FieldChannel)); !seen[p][key] {
					seen[p][key] = true
					s.Channels = append(s.Channels, ch)
				}
			}
		}
	}
	tally(old.Touchpoints, true)
	tally(new.Touchpoints, false)
	for i := range rows {
		sortChannels(rows[i].Old.Channels)
		sortChannels(rows[i].New.Channels)
	}
	return rows
}

func sortChannels(cs []string) {
	sort.Slice(cs, func(i, j int) bool { return journey.NormalizeName(cs[i]) < journey.NormalizeName(cs[j]) })
}
