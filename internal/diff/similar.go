package diff

import (
	"slices"
	"unicode"
	"unicode/utf8"

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
func hashFeature[T string | []byte](kind byte, s T) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	h = (h ^ uint64(kind)) * prime
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * prime
	}
	return h
}

// profiler reduces texts to profiles. Its scratch space is reused from
// one text to the next, so that a profile costs one allocation.
type profiler struct {
	word         []byte   // the word being read, lower case
	gram         []byte   // the word between two spaces
	starts       []int    // where each rune of gram starts, and its end
	words, grams []uint64 // the features of the text being read
}

// profile reduces s to its features: its words are the runs of letters
// and digits, lower-cased.
func (pr *profiler) profile(s string) profile {
	pr.words, pr.grams, pr.word = pr.words[:0], pr.grams[:0], pr.word[:0]
	for _, r := range s {
		r = unicode.ToLower(r)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			pr.word = utf8.AppendRune(pr.word, r)
			continue
		}
		pr.addWord()
	}
	pr.addWord()
	words, grams := sortedSet(pr.words), sortedSet(pr.grams)
	both := append(append(make([]uint64, 0, len(words)+len(grams)), words...), grams...)
	return profile{words: both[:len(words):len(words)], grams: both[len(words):]}
}

// addWord adds the features of the word read so far, unless it is a stop
// word, and starts the next word.
func (pr *profiler) addWord() {
	w := pr.word
	pr.word = pr.word[:0]
	if len(w) == 0 || stopWords[string(w)] {
		return
	}
	if len(w) > 3 && w[len(w)-1] == 's' && w[len(w)-2] != 's' {
		w = w[:len(w)-1]
	}
	pr.words = append(pr.words, hashFeature(featureWord, w))
	pr.gram = append(append(append(pr.gram[:0], ' '), w...), ' ')
	pr.starts = pr.starts[:0]
	for i := range string(pr.gram) {
		pr.starts = append(pr.starts, i)
	}
	pr.starts = append(pr.starts, len(pr.gram))
	for i := 0; i+3 < len(pr.starts); i++ {
		pr.grams = append(pr.grams, hashFeature(featureGram, pr.gram[pr.starts[i]:pr.starts[i+3]]))
	}
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

// candidate reduces a touchpoint for the similarity pass; names
// normalises its stage and channel.
func (pr *profiler) candidate(tp *journey.Touchpoint, names journey.NameKeys) candidate {
	return candidate{
		name: pr.profile(tp.Name()), purpose: pr.profile(tp.Value(journey.FieldPurpose)),
		stage: names.Key(tp.Raw(journey.FieldStage)), chann: names.Key(tp.Raw(journey.FieldChannel)),
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
	var pr profiler
	names := journey.NameKeys{}
	ca, cb := pr.candidate(a, names), pr.candidate(b, names)
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
