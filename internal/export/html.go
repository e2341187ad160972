package export

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/journey-cli/journey/internal/journey"
)

// Lane is what the swimlanes of the HTML map are: one row per channel,
// team, mode or direction.
type Lane string

// The swimlane kinds of `export --to html --lanes`.
const (
	LaneChannel   Lane = "channel"
	LaneTeam      Lane = "team"
	LaneMode      Lane = "mode"
	LaneDirection Lane = "direction"
)

// Lanes lists the swimlane kinds, the default first.
var Lanes = []Lane{LaneChannel, LaneTeam, LaneMode, LaneDirection}

// ParseLane reads a --lanes value.
func ParseLane(s string) (Lane, bool) {
	for _, l := range Lanes {
		if journey.NormalizeName(s) == string(l) {
			return l, true
		}
	}
	return "", false
}

// HTMLOptions tune the HTML map.
type HTMLOptions struct {
	// Lanes picks the swimlanes; empty means LaneChannel.
	Lanes Lane
}

//go:embed map.html.tmpl
var mapTemplateText string

var mapTemplate = template.Must(template.New("map").Parse(mapTemplateText))

// WriteHTML writes the journey as one self-contained HTML page: a visual
// journey map with the stages as columns in journey order, a swimlane per
// channel (or team, mode or direction), each touchpoint a card coloured by
// its mode and naming its owner team, the customer's feeling across the
// stages drawn as a line, the stages with gaps marked, and a legend. The
// page has its CSS and SVG inline, loads nothing, needs no JavaScript, and
// prints on landscape pages without cutting cards. All text is escaped.
func WriteHTML(w io.Writer, j *journey.Journey, opts HTMLOptions) error {
	if opts.Lanes == "" {
		opts.Lanes = LaneChannel
	}
	if _, ok := ParseLane(string(opts.Lanes)); !ok {
		return fmt.Errorf("unknown lanes %q", opts.Lanes)
	}
	return mapTemplate.Execute(w, newMapPage(j, opts))
}

// mapPage is what the template shows.
type mapPage struct {
	Title    string
	Persona  string
	Facts    []string
	Goal     string
	Stats    []stat
	LaneName string // "Channel"
	Stages   []mapStage
	Lanes    []mapLane
	Curve    curve
	File     string
	Modes    []legendItem
	ShowChan bool // cards name their channel when the lanes are not channels
	Gapped   int  // stages with gaps
	MinWidth int  // of the map on a screen, in CSS pixels
}

type stat struct {
	Value int
	Label string
}

type legendItem struct {
	Class, Label, Help string
}

type mapStage struct {
	Num       int
	Name      string
	Listed    bool
	Owner     string
	KPI       string
	Feeling   string
	Live      int
	Total     int
	Gaps      []string
	Tooltip   string
	HasGap    bool
	FeelClass string
}

type mapLane struct {
	Name  string
	Count int
	Cells []mapCell
}

type mapCell struct {
	Gap   bool
	Cards []mapCard
}

type mapCard struct {
	ID, Name, Team, Channel string
	ModeClass, Mode         string
	Arrow, Direction        string
	Cadence, Day            string
	Status, StatusClass     string
	Live                    bool
	Feeling, FeelClass      string
	Tooltip                 string
}

// curve is the emotion curve: a point per stage with a known feeling.
type curve struct {
	Height   int
	Grid     []gridLine
	Points   []curvePoint
	Segments []curveSegment
}

type gridLine struct {
	Y     float64
	Label string
	Zero  bool
}

type curvePoint struct {
	X       string // percentage of the width: the middle of the stage's column
	Y       float64
	LabelY  float64
	Label   string
	Class   string // "stage", "mean"; with " low" at the low point
	Tooltip string
	Low     bool
}

type curveSegment struct {
	X1, X2 string
	Y1, Y2 float64
	Dashed bool // a stage in between has no feeling
}

// Geometry of the emotion curve, in SVG pixels.
const (
	curveHeight = 132
	curveTop    = 22 // y of +2
	curveStep   = 22 // pixels per feeling step
)

func feelingY(f float64) float64 { return curveTop + (2-f)*curveStep }

func newMapPage(j *journey.Journey, opts HTMLOptions) *mapPage {
	p := j.Persona
	page := &mapPage{Title: "Customer journey map", Persona: p.Name, Goal: p.Goal, File: fileLabel(j.File),
		ShowChan: opts.Lanes != LaneChannel}
	if p.Name != "" {
		page.Title += ": " + p.Name
	}
	for _, f := range []string{p.Seniority, p.MapType} {
		if f != "" {
			page.Facts = append(page.Facts, f)
		}
	}
	if p.Owner != "" {
		page.Facts = append(page.Facts, "owner "+p.Owner)
	}
	if p.ReviewCadence != "" {
		page.Facts = append(page.Facts, "reviewed "+strings.ToLower(p.ReviewCadence))
	}
	if !p.LastReviewed.IsZero() {
		page.Facts = append(page.Facts, "last reviewed "+p.LastReviewed.Format("2006-01-02"))
	}

	views := stageViews(j)
	teams, channels := map[string]bool{}, map[string]bool{}
	for i := range j.Touchpoints {
		t := &j.Touchpoints[i]
		if live(t) {
			teams[journey.NormalizeName(t.Team())] = true
			channels[journey.NormalizeName(t.Channel())] = true
		}
	}
	delete(teams, "")
	delete(channels, "")
	listed := 0
	for _, v := range views {
		if v.Listed() {
			listed++
		}
	}
	page.Stats = []stat{
		{listed, plural(listed, "stage")},
		{len(j.Touchpoints), plural(len(j.Touchpoints), "touchpoint")},
		{countLive(j), "live"},
		{len(teams), plural(len(teams), "team")},
		{len(channels), plural(len(channels), "channel")},
	}

	for _, v := range views {
		page.Stages = append(page.Stages, newMapStage(v))
		if len(v.Gaps) > 0 {
			page.Gapped++
		}
	}
	page.MinWidth = 140 + 150*len(views)
	page.Curve = newCurve(views)
	page.LaneName, page.Lanes = lanes(j, views, opts.Lanes)
	page.Modes = []legendItem{
		{"mode-ongoing", "Ongoing", "always on: a website, a community, a help center"},
		{"mode-automatic", "Automatic", "sent or shown by a system"},
		{"mode-manual", "Manual", "done by a person"},
		{"mode-unknown", "Mode not set", ""},
	}
	return page
}

func newMapStage(v *stageView) mapStage {
	s := mapStage{Num: v.Num, Name: v.Name, Listed: v.Listed(), Live: v.Live, Total: len(v.Touchpoints),
		Gaps: v.Gaps, HasGap: len(v.Gaps) > 0, Feeling: v.Feeling.String()}
	if v.Feeling.Known {
		s.FeelClass = feelClass(v.Feeling.Value)
	}
	if st := v.Stage; st != nil {
		s.Owner = st.OwnerTeam
		s.KPI = st.KPI
		if t := measureText(st.Target); t != "" && s.KPI != "" {
			s.KPI += " · target " + t
		}
		var tip []string
		if st.Goal != "" {
			tip = append(tip, "Goal: "+st.Goal)
		}
		if st.Friction != "" {
			tip = append(tip, "Friction: "+st.Friction)
		}
		if st.Days.Known {
			tip = append(tip, fmt.Sprintf("About %d days in this stage", st.Days.Value))
		}
		s.Tooltip = strings.Join(tip, "\n")
	}
	return s
}

// feelClass names the colour of a feeling.
func feelClass(v float64) string {
	switch {
	case v <= -0.5:
		return "feel-neg"
	case v >= 0.5:
		return "feel-pos"
	}
	return "feel-neutral"
}

// newCurve places a point per stage with a known feeling, in the middle of
// its column, and joins them; the lowest point is marked.
func newCurve(views []*stageView) curve {
	c := curve{Height: curveHeight}
	for f := 2; f >= -2; f-- {
		c.Grid = append(c.Grid, gridLine{Y: feelingY(float64(f)), Label: signed(float64(f)), Zero: f == 0})
	}
	n := len(views)
	if n == 0 {
		return c
	}
	low := math.Inf(1)
	for _, v := range views {
		if v.Feeling.Known && v.Feeling.Value < low {
			low = v.Feeling.Value
		}
	}
	prev := -1
	for i, v := range views {
		if !v.Feeling.Known {
			continue
		}
		x := pct((float64(i) + 0.5) / float64(n))
		y := feelingY(v.Feeling.Value)
		pt := curvePoint{X: x, Y: y, LabelY: y - 9, Label: signed(v.Feeling.Value), Class: "stage",
			Tooltip: v.Name + ": " + v.Feeling.String()}
		if !v.Feeling.FromStage {
			pt.Class = "mean"
		}
		if v.Feeling.Value == low && low < 0.5 {
			pt.Low = true
			pt.Class += " low"
		}
		if prev >= 0 {
			p := c.Points[len(c.Points)-1]
			c.Segments = append(c.Segments, curveSegment{X1: p.X, Y1: p.Y, X2: x, Y2: y, Dashed: i-prev > 1})
		}
		c.Points = append(c.Points, pt)
		prev = i
	}
	return c
}

// pct writes a fraction as an SVG percentage: 0.0625 -> "6.25%".
func pct(f float64) string {
	return strconv.FormatFloat(math.Round(f*1e6)/1e4, 'f', -1, 64) + "%"
}

// laneValue returns the lane value of a touchpoint, as written.
func laneValue(t *journey.Touchpoint, kind Lane) string {
	switch kind {
	case LaneTeam:
		return t.Team()
	case LaneMode:
		if t.Mode != journey.ModeUnknown {
			return t.Mode.String()
		}
		return t.Value(journey.FieldMode)
	case LaneDirection:
		if t.Direction != journey.DirectionUnknown {
			return t.Direction.String()
		}
		return t.Value(journey.FieldDirection)
	}
	return t.Channel()
}

// lanes builds the swimlanes that hold at least one touchpoint, in the
// order of the vocabulary, then the values it does not list in order of
// appearance, then the touchpoints without a value.
func lanes(j *journey.Journey, views []*stageView, kind Lane) (string, []mapLane) {
	var order []string
	name := "Channel"
	switch kind {
	case LaneTeam:
		order, name = j.Vocab.Teams, "Owner team"
	case LaneMode:
		order, name = journey.ModeNames(), "Mode"
	case LaneDirection:
		order, name = journey.DirectionNames(), "Direction"
	default:
		order = j.Vocab.Channels
	}
	index := map[string]int{}
	var all []mapLane
	add := func(label string) int {
		key := journey.NormalizeName(label)
		if i, ok := index[key]; ok {
			return i
		}
		index[key] = len(all)
		all = append(all, mapLane{Name: label, Cells: make([]mapCell, len(views))})
		return len(all) - 1
	}
	for _, v := range order {
		if journey.NormalizeName(v) != "" {
			add(v)
		}
	}
	none := mapLane{Name: "(no " + strings.ToLower(name) + ")", Cells: make([]mapCell, len(views))}
	for col, v := range views {
		for _, t := range v.Touchpoints {
			lane := &none
			if value := laneValue(t, kind); journey.NormalizeName(value) != "" {
				lane = &all[add(value)]
			}
			lane.Cells[col].Cards = append(lane.Cells[col].Cards, newMapCard(t, kind))
			lane.Count++
		}
	}
	all = append(all, none)
	var out []mapLane
	for _, l := range all {
		if l.Count == 0 {
			continue
		}
		for col, v := range views {
			l.Cells[col].Gap = len(v.Gaps) > 0
		}
		out = append(out, l)
	}
	return name, out
}

// newMapCard describes one touchpoint card.
func newMapCard(t *journey.Touchpoint, kind Lane) mapCard {
	c := mapCard{ID: t.ID(), Name: orDefault(t.Name(), "(unnamed touchpoint)"), Team: t.Team(), Live: live(t)}
	if kind != LaneChannel {
		c.Channel = t.Channel()
	}
	switch t.Mode {
	case journey.ModeOngoing, journey.ModeAutomatic, journey.ModeManual:
		c.Mode = t.Mode.String()
		c.ModeClass = "mode-" + strings.ToLower(c.Mode)
	default:
		c.Mode = t.Value(journey.FieldMode)
		c.ModeClass = "mode-unknown"
	}
	switch t.Direction {
	case journey.Outbound:
		c.Arrow, c.Direction = "→", "Outbound"
	case journey.Inbound:
		c.Arrow, c.Direction = "←", "Inbound"
	default:
		c.Direction = t.Value(journey.FieldDirection)
	}
	if t.Cadence != journey.CadenceUnknown {
		c.Cadence = t.Cadence.String()
	} else {
		c.Cadence = t.Value(journey.FieldCadence)
	}
	if t.Day.Known {
		c.Day = "day " + strconv.Itoa(t.Day.Value)
	}
	if !c.Live {
		c.Status = t.Status.String()
		c.StatusClass = "status-" + strings.ToLower(c.Status)
	}
	if t.Feeling.Known {
		c.Feeling = signed(float64(t.Feeling.Value))
		c.FeelClass = feelClass(float64(t.Feeling.Value))
	}
	var tip []string
	if c.ID != "" {
		tip = append(tip, c.ID+": "+c.Name)
	} else {
		tip = append(tip, c.Name)
	}
	add := func(label, v string) {
		if v != "" {
			tip = append(tip, label+": "+v)
		}
	}
	add("Channel", t.Channel())
	add("Mode", c.Mode)
	add("Direction", c.Direction)
	add("Owner team", c.Team)
	add("DRI", t.Value(journey.FieldDRI))
	add("Trigger", t.Value(journey.FieldTrigger))
	add("Purpose", t.Value(journey.FieldPurpose))
	if kpi := t.Value(journey.FieldKPI); kpi != "" {
		add("KPI", strings.TrimSpace(kpi+" "+targetActual(t)))
	}
	add("Friction", t.Value(journey.FieldFriction))
	add("Status", t.Status.String())
	c.Tooltip = strings.Join(tip, "\n")
	return c
}

// targetActual writes "(target 35%, actual 31%)" from what is known.
func targetActual(t *journey.Touchpoint) string {
	var parts []string
	if v := t.Value(journey.FieldTarget); v != "" {
		parts = append(parts, "target "+v)
	}
	if v := t.Value(journey.FieldActual); v != "" {
		parts = append(parts, "actual "+v)
	}
	if len(parts) == 0 {
		return ""
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
