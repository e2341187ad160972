package diff

import (
	"slices"
	"strings"
	"unicode"

	"github.com/journey-cli/journey/internal/journey"
)

// Weights of the similarity score (see Score).
const (
	weightName      = 0.5  // of the text part, when both purposes are given
	weightPurpose   = 0.5  // of the text part, when both purposes are given
	weightText      = 0.85 // of the score
	weightSameStage = 0.10
	weightSameChan  = 0.05
)

// stopWords are left out of the word features: they make unrelated names
// look alike.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "the": true, "of": true, "to": true, "for": true, "in": true,
	"on": true, "with": true, "by": true, "at": true, "or": true, "our": true, "their": true, "is": true,
}

// profile is a text reduced to what the similarity compares: its words
// (lower case, without punctuation and stop words, a plural s dropped) and
// the character trigrams of those words, each as a sorted set of 64-bit
// hashes (a collision is vanishingly rare and only nudges a score).
type profile struct {
	words []uint64
	grams []uint64
}

func (p profile) empty() bool { return len(p.words) == 0 && len(p.grams) == 0 }

// Kinds of feature, mixed into their hashes so that a word and a trigram
// that spell the same never collide.
const (
	featureWord    = 'w'
	featureGram    = 'g'
	featurePurpose = 'p'
)

// hashFeature is FNV-1a of a kind byte and a text.
func hashFeature(kind byte, s string) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	h = (h ^ uint64(kind)) * prime
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * prime
	}
	return h
}

// newProfile reduces s to its features.
func newProfile(s string) profile {
	var p profile
	var gram []rune
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if stopWords[w] {
			continue
		}
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		p.words = append(p.words, hashFeature(featureWord, w))
		gram = append(append(append(gram[:0], ' '), []rune(w)...), ' ')
		for i := 0; i+3 <= len(gram); i++ {
			p.grams = append(p.grams, hashFeature(featureGram, string(gram[i:i+3])))
		}
	}
	p.words, p.grams = sortedSet(p.words), sortedSet(p.grams)
	return p
}

func sortedSet(s []uint64) []uint64 {
	slices.Sort(s)
	return slices.Compact(s)
}

// dice is the Sørensen–Dice coefficient of two sorted sets: twice the
// shared members over the total.
func dice(a, b []uint64) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	shared := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			shared++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return 2 * float64(shared) / float64(len(a)+len(b))
}

// textSimilarity is the mean of the word and trigram Dice coefficients:
// words catch reordering, trigrams catch typos and inflections. It is in
// [0, 1], 1 for the same words in any order.
func textSimilarity(a, b profile) float64 {
	return (dice(a.words, b.words) + dice(a.grams, b.grams)) / 2
}

// candidate is a touchpoint reduced for the similarity pass.
type candidate struct {
	name, purpose profile
	stage, chann  string // normalised
}

func newCandidate(tp *journey.Touchpoint) candidate {
	return candidate{
		name: newProfile(tp.Name()), purpose: newProfile(tp.Value(journey.FieldPurpose)),
		stage: journey.NormalizeName(tp.Stage()), chann: journey.NormalizeName(tp.Channel()),
	}
}

// Score is the similarity of two touchpoints, from 0 to 1:
//
//	text  = 0.5 x name similarity + 0.5 x purpose similarity
//	        (the name similarity alone when either purpose is empty)
//	score = 0.85 x text + 0.10 if the stage is the same + 0.05 if the channel is
//
// where a similarity of two texts is the mean of the Dice coefficients of
// their word sets and of their character-trigram sets (case, punctuation,
// word order, stop words and plural s ignored).
func Score(a, b *journey.Touchpoint) float64 {
	ca, cb := newCandidate(a), newCandidate(b)
	return score(&ca, &cb)
}

func score(a, b *candidate) float64 {
	text := textSimilarity(a.name, b.name)
	if !a.purpose.empty() && !b.purpose.empty() {
		text = weightName*text + weightPurpose*textSimilarity(a.purpose, b.purpose)
	}
	s := weightText * text
	if a.stage == b.stage {
		s += weightSameStage
	}
	if a.chann == b.chann {
		s += weightSameChan
	}
	return s
}
