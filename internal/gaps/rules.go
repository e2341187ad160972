package gaps

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/journey-cli/journey/internal/dupes"
	"github.com/journey-cli/journey/internal/journey"
)

// onboardingNote is why an onboarding gap matters (SPEC 1).
const onboardingNote = "onboarding is the classic hole: in one B2B survey 57% rated their onboarding only \"somewhat effective\""

// coverage: stage-empty, stage-thin, no-inbound, no-outbound.
func (a *analysis) coverage(s *Stage, t Thresholds) {
	onboarding := strings.Contains(a.key(s.Name), "onboard")
	switch {
	case s.Live == 0:
		msg := fmt.Sprintf("%s has no live touchpoint: the customer hears nothing from you in this stage", s.Name)
		if onboarding {
			msg += "; " + onboardingNote
		}
		a.add(journey.Finding{Rule: "stage-empty", Severity: journey.Error, Stage: s.Name, Loc: s.Loc, Message: msg,
			Suggestion: fmt.Sprintf("add at least %d touchpoints, one of them a way for the customer to reach you", t.MinTouchpoints)})
		return
	case s.Live < t.MinTouchpoints:
		msg := fmt.Sprintf("%s has %d live touchpoint%s; threshold %d", s.Name, s.Live, pluralS(s.Live), t.MinTouchpoints)
		sev := journey.Warning
		if onboarding {
			msg += "; " + onboardingNote
			sev = journey.Error
		}
		a.add(journey.Finding{Rule: "stage-thin", Severity: sev, Stage: s.Name, Loc: a.first(s), IDs: a.ids(s.touchpoints), Message: msg,
			Suggestion: "add touchpoints that guide the customer through the stage (a welcome sequence, a check-in, a help article)"})
	}
	if s.Inbound == 0 {
		a.add(journey.Finding{Rule: "no-inbound", Severity: journey.Warning, Stage: s.Name, Loc: a.first(s), IDs: a.ids(s.touchpoints),
			Message:    fmt.Sprintf("in %s the customer has no inbound way to reach you: %s outbound", s.Name, allOf(s.Live)),
			Suggestion: "offer an inbound channel here: live chat, a help center article, office hours or a reply-to address someone reads"})
	}
	if s.Outbound == 0 {
		a.add(journey.Finding{Rule: "no-outbound", Severity: journey.Warning, Stage: s.Name, Loc: a.first(s), IDs: a.ids(s.touchpoints),
			Message:    fmt.Sprintf("in %s you never reach out: %s inbound", s.Name, allOf(s.Live)),
			Suggestion: "add a proactive touchpoint: a check-in email, an in-app guide or a call at the right moment"})
	}
}

// first is the location of a stage's first live touchpoint, or of its row
// in the Stages sheet.
func (a *analysis) first(s *Stage) journey.Loc {
	if len(s.touchpoints) > 0 {
		return a.cell(s.touchpoints[0], journey.FieldStage)
	}
	return s.Loc
}

// automation: manual, recurring touchpoints on automatable channels, and
// stages that are mostly manual.
func (a *analysis) automation(s *Stage) {
	for _, tp := range s.touchpoints {
		if tp.Mode != journey.ModeManual || !(tp.Cadence.Recurring() || tp.Cadence == journey.Triggered) {
			continue
		}
		if !a.j.Vocab.Automatable[a.key(tp.Raw(journey.FieldChannel))] {
			continue
		}
		// Concatenated rather than formatted: a large journey has
		// thousands of these, and each argument to Sprintf allocates.
		label := a.label(tp)
		a.add(journey.Finding{Rule: "automation-opportunity", Severity: journey.Warning, Stage: s.Name,
			Loc: a.cell(tp, journey.FieldMode), IDs: []string{label}, Value: tp.Raw(journey.FieldMode),
			Message: label + " " + strconv.Quote(tp.Name()) + " (" + tp.Team() + ") is sent by hand, " +
				a.lower(tp.Cadence.String()) + ", on " + tp.Channel() + ", a channel that can be automated",
			Suggestion: a.automateSuggestion(tp.Channel())})
	}
	if s.Live >= 2 && s.Manual*2 > s.Live {
		a.add(journey.Finding{Rule: "automation-opportunity", Severity: journey.Info, Stage: s.Name, Loc: a.first(s), IDs: a.ids(s.touchpoints),
			Message:    fmt.Sprintf("%s is mostly manual: %d of %d live touchpoints", s.Name, s.Manual, s.Live),
			Suggestion: "see which of them email, in-app messages or a chatbot could carry"})
	}
}

// automateSuggestion is the automation-opportunity suggestion for a
// channel, made once: one string for all the findings on the channel.
func (m *memo) automateSuggestion(channel string) string {
	return remember(m.automate, channel, func(channel string) string {
		return "automate it (a triggered or scheduled " + strings.ToLower(channel) + ") and keep the time for conversations"
	})
}

// perWeek is the outbound messages a week each recurring cadence sends.
var perWeek = map[journey.Cadence]float64{
	journey.Daily: 7, journey.Weekly: 1, journey.Biweekly: 0.5,
	journey.Monthly: 12.0 / 52, journey.Quarterly: 4.0 / 52, journey.Yearly: 1.0 / 52,
}

// messagesPerWeek estimates the outbound messages a week in a stage: the
// recurring cadences at their rate, and one-time and triggered touchpoints
// once over the stage's Days (7/Days a week, Days counted as at least a
// week). It returns how many outbound touchpoints could not be counted
// (no cadence, or one-time without the stage's Days).
func messagesPerWeek(s *Stage) (float64, int) {
	total, uncounted := 0.0, 0
	for _, tp := range s.touchpoints {
		if tp.Direction != journey.Outbound {
			continue
		}
		if rate, ok := touchpointRate(tp, s.days); ok {
			total += rate
		} else {
			uncounted++
		}
	}
	return total, uncounted
}

func touchpointRate(tp *journey.Touchpoint, days journey.Optional) (float64, bool) {
	if r, ok := perWeek[tp.Cadence]; ok {
		return r, true
	}
	if (tp.Cadence == journey.OneTime || tp.Cadence == journey.Triggered) && days.Known {
		return 7 / float64(max(days.Value, 7)), true
	}
	return 0, false
}

// overCommunication: too many outbound messages a week in one stage.
func (a *analysis) overCommunication(s *Stage, t Thresholds) {
	if s.PerWeek <= t.MaxPerWeek {
		return
	}
	shares := list{sep: " + "}
	var heavy []*journey.Touchpoint
	for _, tp := range s.touchpoints {
		if rate, ok := touchpointRate(tp, s.days); ok && tp.Direction == journey.Outbound {
			shares.add(a.label(tp), " ", a.lower(tp.Cadence.String()), " ", trimFloat(rate))
			heavy = append(grown(heavy, 1), tp)
		}
	}
	a.add(journey.Finding{Rule: "over-communication", Severity: journey.Warning, Stage: s.Name, Loc: a.cell(heavy[0], journey.FieldCadence), IDs: a.ids(heavy),
		Message: fmt.Sprintf("about %s outbound messages a week reach the persona in %s (%s); threshold %s",
			trimFloat(s.PerWeek), s.Name, shares.buf, trimFloat(t.MaxPerWeek)),
		Suggestion: "merge or space out the messages, or move some into a digest; fatigue lowers every one's open rate"})
}

// ownership: stage-unowned, team-fragmented, off-owner.
func (a *analysis) ownership(s *Stage, t Thresholds) {
	if !s.OwnerListed {
		msg := fmt.Sprintf("%s has no owner team in the Stages sheet", s.Name)
		sug := "name the team accountable for this stage in the Stages sheet"
		if s.Owner != "" {
			sug += fmt.Sprintf(" (%s owns most of its touchpoints)", s.Owner)
		}
		a.add(journey.Finding{Rule: "stage-unowned", Severity: journey.Warning, Stage: s.Name, Loc: s.Loc, Message: msg, Suggestion: sug})
	}
	if len(s.Teams) > t.MaxTeams {
		a.add(journey.Finding{Rule: "team-fragmented", Severity: journey.Warning, Stage: s.Name, Loc: a.first(s), IDs: a.ids(s.touchpoints),
			Message:    fmt.Sprintf("%d teams touch the persona in %s (%s); threshold %d", len(s.Teams), s.Name, strings.Join(s.Teams, ", "), t.MaxTeams),
			Suggestion: fmt.Sprintf("let %s coordinate the stage and hand the others' touchpoints over or align them", cmpOr(s.Owner, "one team"))})
	}
	if !s.OwnerListed || s.Owner == "" {
		return
	}
	var off []*journey.Touchpoint
	who := list{sep: ", "}
	for _, tp := range s.touchpoints {
		if team := a.canonicalTeam(tp.Team()); team != "" && team != s.Owner {
			off = append(grown(off, 1), tp)
			who.add(a.label(tp), " (", team, ")")
		}
	}
	if len(off) > 0 {
		a.add(journey.Finding{Rule: "off-owner", Severity: journey.Info, Stage: s.Name, Loc: a.cell(off[0], journey.FieldOwnerTeam), IDs: a.ids(off),
			Message: fmt.Sprintf("%d of %d live touchpoints in %s %s owned by another team than the stage's owner %s: %s",
				len(off), s.Live, s.Name, isAre(len(off)), s.Owner, who.buf),
			Suggestion: fmt.Sprintf("check each with %s: hand it over, or agree who speaks to the customer when", s.Owner)})
	}
}

// kpiMissing: a stage without a KPI.
func (a *analysis) kpiMissing(s *Stage) {
	if s.KPI != "" {
		return
	}
	a.add(journey.Finding{Rule: "kpi-missing", Severity: journey.Warning, Stage: s.Name, Loc: s.Loc,
		Message:    fmt.Sprintf("%s has no KPI in the Stages sheet, so nobody can tell whether it works", s.Name),
		Suggestion: "pick a behaviour that shows success here (activation, referrals made, renewal rate) and a target; CSAT and NPS help"})
}

// handoffs: where the owner team changes between consecutive stages, how
// long the customer waits to hear from the new owner.
func (a *analysis) handoffs(t Thresholds) {
	for i := 1; i < len(a.p.Stages); i++ {
		from, to := &a.p.Stages[i-1], &a.p.Stages[i]
		if from.Owner == "" || to.Owner == "" || from.Owner == to.Owner {
			continue
		}
		a.handoff(from, to, t)
	}
}

func (a *analysis) handoff(from, to *Stage, t Thresholds) {
	var own, unknown []*journey.Touchpoint
	var firstDay *journey.Touchpoint
	for _, tp := range to.touchpoints {
		if a.canonicalTeam(tp.Team()) != to.Owner {
			continue
		}
		own = append(own, tp)
		if !tp.Day.Known {
			unknown = append(unknown, tp)
		} else if firstDay == nil || tp.Day.Value < firstDay.Day.Value {
			firstDay = tp
		}
	}
	handover := fmt.Sprintf("%s hands the customer from %s to %s", from.Owner, from.Name, to.Owner)
	f := journey.Finding{Rule: "handoff-lag", Stage: to.Name}
	switch {
	case len(own) == 0:
		f.Severity, f.Loc = journey.Warning, to.Loc
		f.Message = fmt.Sprintf("%s, but %s has no live touchpoint in %s: the customer never hears from the new owner", handover, to.Owner, to.Name)
		f.Suggestion = fmt.Sprintf("give %s a first touchpoint on day 0 of %s (a welcome or kickoff)", to.Owner, to.Name)
	case firstDay == nil:
		f.Severity, f.Loc, f.IDs = journey.Info, a.cell(unknown[0], journey.FieldDay), a.ids(unknown)
		f.Message = fmt.Sprintf("%s; when %s first reaches out is unknown: no Day on %s", handover, to.Owner, strings.Join(a.ids(unknown), ", "))
		f.Suggestion = "fill in Day so the handoff lag can be measured"
	case firstDay.Day.Value > t.HandoffDays:
		f.Severity, f.Loc, f.IDs, f.Value = journey.Warning, a.cell(firstDay, journey.FieldDay), []string{a.label(firstDay)}, firstDay.Raw(journey.FieldDay)
		f.Message = fmt.Sprintf("%s, and the first %s touchpoint in %s (%s %q) comes %d days after the customer enters it; threshold %d",
			handover, to.Owner, to.Name, a.label(firstDay), firstDay.Name(), firstDay.Day.Value, t.HandoffDays)
		if len(unknown) > 0 {
			f.Message += fmt.Sprintf(" (timing unknown for %s)", strings.Join(a.ids(unknown), ", "))
		}
		f.Suggestion = fmt.Sprintf("have %s reach out within %d days of the handover, or let %s stay in touch until then", to.Owner, t.HandoffDays, from.Owner)
	default:
		return
	}
	a.add(f)
}

// friction: stages with a negative feeling, touchpoints with friction notes
// or a negative feeling, and the low point of the emotion curve.
func (a *analysis) friction() {
	low := -1
	for i, s := range a.p.Stages {
		if s.Feeling != nil && (low < 0 || *s.Feeling < *a.p.Stages[low].Feeling) {
			low = i
		}
	}
	for i := range a.p.Stages {
		s := &a.p.Stages[i]
		var sore []*journey.Touchpoint
		notes := list{sep: "; "}
		for _, tp := range s.touchpoints {
			if tp.Value(journey.FieldFriction) != "" || (tp.Feeling.Known && tp.Feeling.Value < 0) {
				sore = append(grown(sore, 1), tp)
				if n := tp.Value(journey.FieldFriction); n != "" {
					notes.add(a.label(tp), ": ", strings.TrimRight(n, ". "))
				}
			}
		}
		negative := s.Feeling != nil && *s.Feeling < 0
		if !negative && len(sore) == 0 && s.listed.Friction == "" {
			continue
		}
		f := journey.Finding{Rule: "friction", Severity: journey.Info, Stage: s.Name, Loc: s.Loc, IDs: a.ids(sore)}
		var parts []string
		if negative {
			f.Severity = journey.Warning
			parts = append(parts, fmt.Sprintf("the customer feels %s in %s", feelingWord(*s.Feeling), s.Name))
		} else {
			parts = append(parts, fmt.Sprintf("friction in %s", s.Name))
		}
		if i == low && *s.Feeling < 0 {
			parts[0] += " (the low point of the emotion curve)"
		}
		if s.listed.Friction != "" {
			parts = append(parts, "known pain points: "+strings.TrimRight(s.listed.Friction, ". "))
		}
		if notes.n > 0 {
			parts = append(parts, string(notes.buf))
		}
		if len(sore) > notes.n {
			parts = append(parts, fmt.Sprintf("%d touchpoints with a negative feeling", len(sore)-notes.n))
		}
		f.Message = strings.Join(parts, "; ")
		f.Suggestion = "remove the pain points behind the low feeling first: they cost more than any missing touchpoint"
		a.add(f)
	}
}

func feelingWord(f float64) string {
	switch {
	case f <= -1.5:
		return "very negative (" + trimFloat(f) + ")"
	case f < 0:
		return "negative (" + trimFloat(f) + ")"
	}
	return trimFloat(f)
}

// duplicates: the groups dupes found for this persona.
func (a *analysis) duplicates(groups []dupes.Group) {
	for _, g := range groups {
		a.add(g.Finding())
	}
}

// channelEffectiveness ranks channels by Actual against Target and flags
// those under the target ratio.
func (a *analysis) channelEffectiveness(t Thresholds) {
	type acc struct {
		sum float64
		tps []*journey.Touchpoint
	}
	by := map[string]*acc{}
	for i := range a.p.Stages {
		for _, tp := range a.p.Stages[i].touchpoints {
			ratio, ok := a.achievement(tp)
			if !ok {
				continue
			}
			ch := a.canonicalChannel(tp.Channel())
			if by[ch] == nil {
				by[ch] = &acc{}
			}
			by[ch].sum += ratio
			by[ch].tps = append(grown(by[ch].tps, 1), tp)
		}
	}
	for ch, c := range by {
		a.p.ChannelScores = append(a.p.ChannelScores, ChannelScore{Channel: ch, Ratio: c.sum / float64(len(c.tps)), Touchpoints: a.ids(c.tps)})
	}
	slices.SortFunc(a.p.ChannelScores, func(x, y ChannelScore) int {
		if x.Ratio != y.Ratio {
			return -cmpFloat(x.Ratio, y.Ratio)
		}
		return strings.Compare(x.Channel, y.Channel)
	})
	for _, sc := range a.p.ChannelScores {
		if sc.Ratio >= t.TargetRatio {
			continue
		}
		c := by[sc.Channel]
		parts := list{sep: "; "}
		for _, tp := range c.tps {
			parts.add(a.label(tp), " ", tp.Value(journey.FieldKPI), ": ", tp.Value(journey.FieldActual), " against ", tp.Value(journey.FieldTarget))
		}
		a.add(journey.Finding{Rule: "channel-effectiveness", Severity: journey.Warning, Stage: stageOf(c.tps[0]),
			Loc: a.cell(c.tps[0], journey.FieldActual), IDs: sc.Touchpoints,
			Message: fmt.Sprintf("%s reaches %s of its targets (%s); threshold %s",
				sc.Channel, percent(sc.Ratio), parts.buf, percent(t.TargetRatio)),
			Suggestion: fmt.Sprintf("rework the %s touchpoints or move their job to a channel that performs (best: %s)", sc.Channel, a.best())})
	}
}

func stageOf(tp *journey.Touchpoint) string { return tp.Stage() }

// best names the best-performing channel.
func (a *analysis) best() string {
	if len(a.p.ChannelScores) == 0 {
		return "none measured"
	}
	b := a.p.ChannelScores[0]
	return fmt.Sprintf("%s at %s", b.Channel, percent(b.Ratio))
}

// achievement is Actual over Target (Target over Actual for KPIs where
// lower is better), when both are known, positive and in the same unit.
func (a *analysis) achievement(tp *journey.Touchpoint) (float64, bool) {
	t, act := tp.Target, tp.Actual
	if !t.Known || !act.Known || t.Percent != act.Percent || t.Value <= 0 || act.Value < 0 {
		return 0, false
	}
	if a.lowerIsBetter(tp.Value(journey.FieldKPI)) {
		if act.Value == 0 {
			return 0, false
		}
		return t.Value / act.Value, true
	}
	return act.Value / t.Value, true
}

// staleMap: Last reviewed older than the review cadence, or than a year.
func (a *analysis) staleMap() {
	p := a.j.Persona
	loc := p.Locs["lastreviewed"]
	if loc.File == "" {
		loc = journey.Loc{File: a.j.File, Sheet: journey.SheetPersona}
	}
	if p.LastReviewed.IsZero() {
		a.add(journey.Finding{Rule: "stale-map", Severity: journey.Info, Loc: loc,
			Message:    "the map has no Last reviewed date, so nobody can tell whether it is current",
			Suggestion: "review the map with every team's DRI and write the date in the Persona sheet"})
		return
	}
	cadence, limit := reviewLimit(p.ReviewCadence)
	age := int(a.opts.Now.Sub(p.LastReviewed).Hours() / 24)
	if age <= limit {
		return
	}
	a.add(journey.Finding{Rule: "stale-map", Severity: journey.Warning, Loc: loc, Value: p.LastReviewed.Format("2006-01-02"),
		Message: fmt.Sprintf("the map was last reviewed on %s, %d days ago; a %s review is due every %d days",
			p.LastReviewed.Format("2006-01-02"), age, cadence, limit),
		Suggestion: "review it with every team's DRI; journeys drift as teams add touchpoints"})
}

// reviewLimit returns the review cadence (Quarterly by default) and its
// length in days, at most a year.
func reviewLimit(cadence string) (string, int) {
	switch journey.NormalizeName(cadence) {
	case "monthly":
		return "monthly", 31
	case "yearly", "annual", "annually":
		return "yearly", 366
	default:
		return "quarterly", 92
	}
}

// allOf reads "its only live touchpoint is" or "all 3 live touchpoints are".
func allOf(n int) string {
	if n == 1 {
		return "its only live touchpoint is"
	}
	return fmt.Sprintf("all %d live touchpoints are", n)
}

// isAre agrees the verb with a count: "1 of 3 ... is", "2 of 3 ... are".
func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// trimFloat prints a number with at most one decimal: 9.1, 3, 0.2.
func trimFloat(f float64) string {
	r := math.Round(f*10) / 10
	if r == math.Trunc(r) {
		return strconv.Itoa(int(r))
	}
	return strconv.FormatFloat(r, 'f', 1, 64)
}

// list builds a message's list of touchpoints ("TP-1 weekly 1 + TP-2
// daily 7") in one buffer: on a large journey it names thousands, and a
// string for each, joined after, would be garbage. buf is the list so
// far (%s prints it).
type list struct {
	sep string
	buf []byte
	n   int // the items so far
}

// add appends one item, made of parts.
func (l *list) add(parts ...string) {
	size := len(l.sep)
	for _, p := range parts {
		size += len(p)
	}
	l.buf = grown(l.buf, size)
	if l.n > 0 {
		l.buf = append(l.buf, l.sep...)
	}
	for _, p := range parts {
		l.buf = append(l.buf, p...)
	}
	l.n++
}

func percent(f float64) string { return fmt.Sprintf("%d%%", int(math.Round(f*100))) }
