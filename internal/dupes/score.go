package dupes

import (
	"strconv"

	"github.com/journey-cli/journey/internal/journey"
)

// The weights of the similarity score (docs/dupes.md explains them). A
// pair's score is
//
//	TextWeight*text + ChannelWeight*channel + ContextWeight*context
//
// where text compares the Touchpoint names and Purposes, channel is 1 for
// the same channel, SameKindChannel for two channels of one kind and 0
// otherwise, and context (Mode, Cadence and Day closeness) only breaks ties.
const (
	TextWeight    = 0.70
	ChannelWeight = 0.25
	ContextWeight = 0.05

	// StrongerWeight and WeakerWeight share text between the comparison
	// of the names and that of the Purposes, when both touchpoints have a
	// Purpose: the better match of the two weighs more, so that either a
	// near-identical name or a near-identical Purpose can carry a pair.
	// Without both Purposes, the names alone make text.
	StrongerWeight = 0.6
	WeakerWeight   = 0.4

	// WordWeight and GramWeight share each text comparison between word
	// tokens (Dice over stemmed words) and character trigrams (Dice over
	// the trigrams of those words).
	WordWeight = 0.5
	GramWeight = 0.5

	// SameKindChannel is the channel agreement of two different channels
	// of the same kind (Email and Direct mail).
	SameKindChannel = 0.6
)

// DefaultThreshold is the score from which two touchpoints are duplicates.
// docs/dupes.md shows precision and recall on the labelled fixture at
// other thresholds.
const DefaultThreshold = 0.55

// DefaultChannelKinds groups the channels of the built-in templates by the
// kind of contact they make. Two channels of one kind overlap: an email
// and a letter can carry the same message, a phone call and a meeting the
// same conversation. A channel in no group is a kind of its own.
var DefaultChannelKinds = map[string][]string{
	"written":      {"Email", "Direct mail", "SMS", "Push notification", "Packaging insert", "Letter", "Newsletter"},
	"conversation": {"Phone", "Video call", "Meeting", "Call"},
	"in-product":   {"In-app", "Chatbot", "Live chat", "Help center", "Support ticket"},
	"event":        {"Webinar", "Event", "Workshop", "Conference"},
	"web":          {"Website", "Marketplace", "Landing page"},
	"social":       {"Social media", "Community", "Forum"},
	"advertising":  {"Paid ads", "Display ads", "Search ads"},
}

// kindTable maps a normalised channel name to its kind.
type kindTable map[string]string

func newKindTable(kinds map[string][]string, extra [][]string) kindTable {
	t := kindTable{}
	for kind, channels := range kinds {
		for _, c := range channels {
			t[journey.NormalizeName(c)] = kind
		}
	}
	for i, group := range extra {
		kind := "custom-" + strconv.Itoa(i+1)
		for _, c := range group {
			t[journey.NormalizeName(c)] = kind
		}
	}
	return t
}

func (t kindTable) kind(channel string) string {
	if k, ok := t[channel]; ok {
		return k
	}
	return "channel:" + channel
}

// item is one touchpoint prepared for comparison.
type item struct {
	tp       *journey.Touchpoint
	journey  int // index into the journeys given to Find
	name     *text
	purpose  *text
	channel  string // normalised
	kind     string
	team     string // normalised
	personaK string
	stageK   string
}

// similarity scores a pair of items in [0, 1].
func similarity(a, b *item) float64 {
	return TextWeight*textSimilarity(a, b) + ChannelWeight*channelAgreement(a, b) + ContextWeight*contextCloseness(a.tp, b.tp)
}

// textSimilarity compares names and, when both have one, Purposes.
func textSimilarity(a, b *item) float64 {
	name := compareText(a.name, b.name)
	if a.purpose.empty() || b.purpose.empty() {
		return name
	}
	purpose := compareText(a.purpose, b.purpose)
	return StrongerWeight*max(name, purpose) + WeakerWeight*min(name, purpose)
}

func compareText(a, b *text) float64 {
	return WordWeight*dice(&a.words, &b.words) + GramWeight*dice(&a.grams, &b.grams)
}

func channelAgreement(a, b *item) float64 {
	switch {
	case a.channel == "" || b.channel == "":
		return 0
	case a.channel == b.channel:
		return 1
	case a.kind == b.kind:
		return SameKindChannel
	}
	return 0
}

// contextCloseness is the mean of Mode, Cadence and Day closeness, each 1
// when equal, 0.5 when one side is unknown (or the two are near), else 0.
func contextCloseness(a, b *journey.Touchpoint) float64 {
	var mode, cadence, day float64
	switch {
	case a.Mode == journey.ModeUnknown || b.Mode == journey.ModeUnknown:
		mode = 0.5
	case a.Mode == b.Mode:
		mode = 1
	}
	switch {
	case a.Cadence == journey.CadenceUnknown || b.Cadence == journey.CadenceUnknown:
		cadence = 0.5
	case a.Cadence == b.Cadence:
		cadence = 1
	case a.Cadence.Recurring() && b.Cadence.Recurring() && absInt(int(a.Cadence)-int(b.Cadence)) == 1:
		cadence = 0.5 // weekly and biweekly, monthly and quarterly
	}
	switch {
	case !a.Day.Known || !b.Day.Known:
		day = 0.5
	case absInt(a.Day.Value-b.Day.Value) <= 1:
		day = 1
	case absInt(a.Day.Value-b.Day.Value) <= 7:
		day = 0.5
	}
	return (mode + cadence + day) / 3
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
