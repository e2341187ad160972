package dupes

import (
	"math"
	"slices"
)

// text is one piece of free text (a Touchpoint name or a Purpose) as dupes
// compares it: the hashes of its word tokens and of its character
// trigrams, each sorted and without repeats, with their weights.
type text struct {
	words set
	grams set
	// sig is the MinHash signature of words and grams together, computed
	// only when the block is large enough to need it.
	sig []uint32
}

func (t *text) empty() bool { return len(t.words.f) == 0 && len(t.grams.f) == 0 }

// set is a sorted set of feature hashes with a weight for each (its
// inverse document frequency, see weigh) and their sum. fw packs each
// hash (high 32 bits) with its weight's float32 bits, in hash order, so
// that comparing two sets walks one array each.
type set struct {
	f   []uint32
	fw  []uint64
	sum float64
}

// Hash tags keep a word and a trigram with the same letters apart.
const (
	tagWord byte = 'w'
	tagGram byte = 'g'
)

// newText extracts the features of s. Trigrams are taken from each token
// padded with a space on both sides, so word order does not matter and a
// typo changes only the trigrams around it: "renewal" gives " re", "ren",
// "ene", "new", "ewa", "wal", "al ".
func newText(s string, buf []byte) text {
	var t text
	forTokens(s, buf, func(tok []byte) {
		t.words.f = append(t.words.f, hashBytes(tagWord, tok, nil))
		var g [3]byte
		padded := len(tok) + 2
		for i := 0; i+3 <= padded; i++ {
			for k := 0; k < 3; k++ {
				p := i + k
				switch {
				case p == 0 || p == padded-1:
					g[k] = ' '
				default:
					g[k] = tok[p-1]
				}
			}
			t.grams.f = append(t.grams.f, hashBytes(tagGram, g[:], nil))
		}
	})
	t.words.f = sortUnique(t.words.f)
	t.grams.f = sortUnique(t.grams.f)
	return t
}

// hashBytes is 32-bit FNV-1a over the tag and b (and more, if given).
func hashBytes(tag byte, b, more []byte) uint32 {
	h := uint32(2166136261)
	h ^= uint32(tag)
	h *= 16777619
	for _, c := range b {
		h ^= uint32(c)
		h *= 16777619
	}
	for _, c := range more {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

func sortUnique(s []uint32) []uint32 {
	if len(s) < 2 {
		return s
	}
	slices.Sort(s)
	return slices.Compact(s)
}

// idf holds how many texts each feature occurs in, over every compared
// touchpoint of every input: a word most touchpoints use ("email",
// "customer") says less about the job than a rare one ("renewal").
type idf struct {
	texts int
	df    map[uint32]int32
}

func (d *idf) count(t *text, times int) {
	if t.empty() {
		return
	}
	d.texts += times
	for _, f := range t.words.f {
		d.df[f] += int32(times)
	}
	for _, f := range t.grams.f {
		d.df[f] += int32(times)
	}
}

// idfPrior is a number of texts assumed to hold none of the features, so
// that a handful of touchpoints still weigh their shared words fully.
const idfPrior = 20

// weigh sets the weight of every feature of t: ln(1 + (N+prior)/df).
func (d *idf) weigh(t *text) {
	for _, s := range []*set{&t.words, &t.grams} {
		s.fw = make([]uint64, len(s.f))
		s.sum = 0
		for i, f := range s.f {
			df := max(d.df[f], 1)
			w := float32(math.Log1p(float64(d.texts+idfPrior) / float64(df)))
			s.fw[i] = uint64(f)<<32 | uint64(math.Float32bits(w))
			s.sum += float64(w)
		}
	}
}

// dice is the weighted Dice coefficient of two sets: twice the weight of
// the shared features over the weight of both; 0 when both are empty.
func dice(a, b *set) float64 {
	if a.sum+b.sum == 0 {
		return 0
	}
	var shared float32 // the weight of the shared features, once
	x, y := a.fw, b.fw
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		fx, fy := x[i]>>32, y[j]>>32
		switch {
		case fx == fy:
			shared += math.Float32frombits(uint32(x[i]))
			i++
			j++
		case fx < fy:
			i++
		default:
			j++
		}
	}
	return 2 * float64(shared) / (a.sum + b.sum)
}
