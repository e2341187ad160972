package export

import (
	"fmt"
	"math"
	"strconv"

	"github.com/journey-cli/journey/internal/journey"
)

// minLive is the number of live touchpoints below which a stage is marked
// thin, as `journey gaps` does by default.
const minLive = 2

// stageView is one stage of the journey as the renderers show it: a stage
// of the Stages sheet in journey order, or, after those, a stage name that
// touchpoints use but the Stages sheet does not list.
type stageView struct {
	Num         int // 1-based position
	Name        string
	Stage       *journey.Stage // nil when the Stages sheet does not list it
	Touchpoints []*journey.Touchpoint
	Live        int // live touchpoints
	Inbound     int // live inbound touchpoints
	Outbound    int // live outbound touchpoints
	Feeling     feeling
	Gaps        []string
}

// feeling is how the customer feels in a stage: the stage's own Feeling,
// else the mean of its live touchpoints' feelings.
type feeling struct {
	Value     float64
	Known     bool
	FromStage bool // the Stages sheet gives it; else it is a mean
	Count     int  // touchpoints behind a mean
}

// Listed reports whether the Stages sheet lists the stage.
func (s *stageView) Listed() bool { return s.Stage != nil }

// live reports whether a touchpoint counts in the stage's coverage: Live
// status (or an empty Status cell).
func live(t *journey.Touchpoint) bool { return t.Status == journey.StatusLive }

// stageViews groups the touchpoints by stage, matching names as the tool
// matches names (ignoring case, spaces and punctuation), in journey order.
func stageViews(j *journey.Journey) []*stageView {
	var views []*stageView
	byName := map[string]*stageView{}
	for i := range j.Stages {
		s := &j.Stages[i]
		key := journey.NormalizeName(s.Name)
		if _, dup := byName[key]; dup {
			continue // lint reports a stage listed twice
		}
		v := &stageView{Name: s.Name, Stage: s}
		byName[key] = v
		views = append(views, v)
	}
	for i := range j.Touchpoints {
		t := &j.Touchpoints[i]
		key := journey.NormalizeName(t.Stage())
		v, ok := byName[key]
		if !ok {
			name := t.Stage()
			if name == "" {
				name = "(no stage)"
			}
			v = &stageView{Name: name}
			byName[key] = v
			views = append(views, v)
		}
		v.Touchpoints = append(v.Touchpoints, t)
	}
	for i, v := range views {
		v.Num = i + 1
		v.measure()
	}
	return views
}

// measure counts the live touchpoints, works out the feeling and names
// the gaps.
func (v *stageView) measure() {
	sum := 0
	for _, t := range v.Touchpoints {
		if !live(t) {
			continue
		}
		v.Live++
		switch t.Direction {
		case journey.Inbound:
			v.Inbound++
		case journey.Outbound:
			v.Outbound++
		}
		if t.Feeling.Known {
			sum += t.Feeling.Value
			v.Feeling.Count++
		}
	}
	switch {
	case v.Stage != nil && v.Stage.Feeling.Known:
		v.Feeling = feeling{Value: float64(v.Stage.Feeling.Value), Known: true, FromStage: true}
	case v.Feeling.Count > 0:
		v.Feeling.Value = float64(sum) / float64(v.Feeling.Count)
		v.Feeling.Known = true
	}
	switch {
	case v.Live == 0:
		v.Gaps = append(v.Gaps, "no live touchpoint")
	case v.Live < minLive:
		v.Gaps = append(v.Gaps, fmt.Sprintf("only %d live touchpoint (fewer than %d)", v.Live, minLive))
	}
	if v.Live > 0 && v.Inbound == 0 {
		v.Gaps = append(v.Gaps, "no inbound touchpoint")
	}
}

// feelingWords names the feelings -2 .. +2.
var feelingWords = []string{"very negative", "negative", "neutral", "positive", "very positive"}

// feelingWord names a feeling, rounding a mean to the nearest whole value.
func feelingWord(v float64) string {
	i := int(math.Round(v)) + 2
	if i < 0 || i >= len(feelingWords) {
		return ""
	}
	return feelingWords[i]
}

// signed writes a feeling with its sign: "+1", "0", "-2", "+0.5".
func signed(v float64) string {
	v = math.Round(v*10) / 10
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if v > 0 {
		s = "+" + s
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// String describes the feeling: "-1 (negative)", "+0.5 (positive, mean
// of 4 touchpoints)", or "" when unknown.
func (f feeling) String() string {
	if !f.Known {
		return ""
	}
	if f.FromStage {
		return fmt.Sprintf("%s (%s)", signed(f.Value), feelingWord(f.Value))
	}
	return fmt.Sprintf("%s (%s, mean of %d %s)", signed(f.Value), feelingWord(f.Value), f.Count, plural(f.Count, "touchpoint"))
}

// plural adds an s to word unless n is 1.
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// measureText writes a Target or Actual: "300", "15%", "2.5%".
func measureText(m journey.Measure) string {
	if !m.Known || math.IsNaN(m.Value) || math.IsInf(m.Value, 0) {
		return ""
	}
	v := m.Value
	if m.Percent {
		v *= 100
	}
	v = math.Round(v*1e6) / 1e6
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if m.Percent {
		s += "%"
	}
	return s
}

// optionalText writes a whole number, or "" when unknown.
func optionalText(o journey.Optional) string {
	if !o.Known {
		return ""
	}
	return strconv.Itoa(o.Value)
}

// countLive counts the live touchpoints of j.
func countLive(j *journey.Journey) int {
	n := 0
	for i := range j.Touchpoints {
		if live(&j.Touchpoints[i]) {
			n++
		}
	}
	return n
}

// extraHeaders returns the columns journey does not know, left to right.
func extraHeaders(j *journey.Journey) []journey.Header {
	var out []journey.Header
	for _, h := range j.Table.Headers {
		if !h.Known() {
			out = append(out, h)
		}
	}
	return out
}
