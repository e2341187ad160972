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

// symbols numbers strings (channels, kinds) so that comparing them is
// comparing two integers; 0 stands for "".
type symbols map[string]int32

func (s symbols) id(v string) int32 {
	if v == "" {
		return 0
	}
	if id, ok := s[v]; ok {
		return id
	}
	id := int32(len(s) + 1)
	s[v] = id
	return id
}

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

// channelSymbols numbers normalised channels and their kinds, looking
// each channel's kind up once.
type channelSymbols struct {
	kinds kindTable
	syms  symbols
	known map[string][2]int32 // channel -> its number and its kind's
}

func newChannelSymbols(kinds kindTable) *channelSymbols {
	return &channelSymbols{kinds: kinds, syms: symbols{}, known: map[string][2]int32{}}
}

// ids returns the numbers of a normalised channel and of its kind.
func (c *channelSymbols) ids(channel string) (int32, int32) {
	ids, ok := c.known[channel]
	if !ok {
		ids[0] = c.syms.id(channel)
		ids[1] = c.syms.id(c.kinds.kind(channel))
		c.known[channel] = ids
	}
	return ids[0], ids[1]
}

// item is one touchpoint prepared for comparison; what scoring reads
// comes first.
type item struct {
	name    *text
	purpose *text
	channel int32 // the normalised channel, numbered (0: none)
	kind    int32 // its kind, numbered
	mode    journey.Mode
	cadence journey.Cadence
	day     journey.Optional

	tp      *journey.Touchpoint
	journey int    // index into the journeys given to Find
	team    string // normalised
}

// similarity scores a pair of items in [0, 1].
func similarity(a, b *item) float64 {
	return TextWeight*textSimilarity(a, b) + ChannelWeight*channelAgreement(a, b) + ContextWeight*contextCloseness(a, b)
}

// similarityAtLeast returns the pair's similarity when it is at least
// threshold, and ok=false (without finishing the work) when it cannot be.
// Channel and context are scored first, then the words of the names and
// Purposes (short lists), and the trigrams (long ones) only when they can
// still lift the pair over the threshold.
func similarityAtLeast(a, b *item, threshold float64) (s float64, ok bool) {
	rest := ChannelWeight*channelAgreement(a, b) + ContextWeight*contextCloseness(a, b)
	need := (threshold - 1e-9 - rest) / TextWeight // the text score needed
	if need > 1 {
		return 0, false
	}
	purposes := !a.purpose.empty() && !b.purpose.empty()
	sameName, samePurpose := a.name == b.name && !a.name.empty(), a.purpose == b.purpose
	var nameWords, purposeWords float64
	if !sameName {
		nameWords = dice(&a.name.words, &b.name.words)
	}
	if purposes && !samePurpose {
		purposeWords = dice(&a.purpose.words, &b.purpose.words)
	}
	// the most a text can score with these words, when the lighter set
	// of trigrams is all shared
	upper := func(words float64, same bool, a, b *text) float64 {
		if same {
			return 1
		}
		return WordWeight*words + GramWeight*diceBound(&a.grams, &b.grams)
	}
	nameHigh := upper(nameWords, sameName, a.name, b.name)
	purposeHigh := 0.0
	if purposes {
		purposeHigh = upper(purposeWords, samePurpose, a.purpose, b.purpose)
		if combine(nameHigh, purposeHigh) < need {
			return 0, false
		}
	} else if nameHigh < need {
		return 0, false
	}
	name := 1.0
	if !sameName {
		name = WordWeight*nameWords + GramWeight*dice(&a.name.grams, &b.name.grams)
	}
	text := name
	if purposes && combine(name, purposeHigh) < need {
		return 0, false
	}
	if purposes {
		purpose := 1.0
		if !samePurpose {
			purpose = WordWeight*purposeWords + GramWeight*dice(&a.purpose.grams, &b.purpose.grams)
		}
		text = combine(name, purpose)
	}
	if text < need {
		return 0, false
	}
	return TextWeight*text + rest, true
}

// combine is the text score of a name and a Purpose comparison: the
// better of the two weighs StrongerWeight, the other WeakerWeight.
func combine(name, purpose float64) float64 {
	return StrongerWeight*max(name, purpose) + WeakerWeight*min(name, purpose)
}

// textSimilarity compares names and, when both have one, Purposes.
func textSimilarity(a, b *item) float64 {
	name := compareText(a.name, b.name)
	if a.purpose.empty() || b.purpose.empty() {
		return name
	}
	return combine(name, compareText(a.purpose, b.purpose))
}

func compareText(a, b *text) float64 {
	if a == b && !a.empty() {
		return 1 // the same text (items share the features of equal strings)
	}
	return WordWeight*dice(&a.words, &b.words) + GramWeight*dice(&a.grams, &b.grams)
}

func channelAgreement(a, b *item) float64 {
	switch {
	case a.channel == 0 || b.channel == 0:
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
func contextCloseness(a, b *item) float64 {
	var mode, cadence, day float64
	switch {
	case a.mode == journey.ModeUnknown || b.mode == journey.ModeUnknown:
		mode = 0.5
	case a.mode == b.mode:
		mode = 1
	}
	switch {
	case a.cadence == journey.CadenceUnknown || b.cadence == journey.CadenceUnknown:
		cadence = 0.5
	case a.cadence == b.cadence:
		cadence = 1
	case a.cadence.Recurring() && b.cadence.Recurring() && absInt(int(a.cadence)-int(b.cadence)) == 1:
		cadence = 0.5 // weekly and biweekly, monthly and quarterly
	}
	switch {
	case !a.day.Known || !b.day.Known:
		day = 0.5
	case absInt(a.day.Value-b.day.Value) <= 1:
		day = 1
	case absInt(a.day.Value-b.day.Value) <= 7:
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
