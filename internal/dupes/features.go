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
	// (signed) only when a block is large enough to need the index.
	sig    [sigLen]uint32
	signed bool
}

func (t *text) empty() bool { return len(t.words.fw) == 0 && len(t.grams.fw) == 0 }

// set is a sorted set of feature hashes with a weight for each (its
// inverse document frequency, see weigh) and their sum. fw packs each
// hash (high 32 bits) with its weight's float32 bits (0 until weighed),
// in hash order, so that comparing two sets walks one array each.
type set struct {
	fw  []uint64
	sum float64
	// mask has bit h%64 set for each feature hash h: two sets whose
	// masks do not meet share no feature, which settles half the pairs
	// compared on their words without walking them.
	mask uint64
}

func newSet(fw []uint64) set {
	s := set{fw: fw}
	for _, f := range fw {
		s.mask |= 1 << (f >> 32 % 64)
	}
	return s
}

// hash returns the i-th feature hash of s.
func (s *set) hash(i int) uint32 { return uint32(s.fw[i] >> 32) }

// Hash tags keep a word and a trigram with the same letters apart.
const (
	tagWord byte = 'w'
	tagGram byte = 'g'
)

// extractor extracts the features of texts. It keeps its scratch space
// from text to text, and carves the features of all of them out of a few
// large arrays: a large journey has tens of thousands of distinct texts,
// and one allocation each would keep the garbage collector busy.
type extractor struct {
	buf          []byte
	words, grams []uint32
	free         []uint64 // the unused end of the current array
}

// featureArrayLen is the length of each array features are carved from.
const featureArrayLen = 1 << 14

// text extracts the features of s. Trigrams are taken from each token
// padded with a space on both sides, so word order does not matter and a
// typo changes only the trigrams around it: "renewal" gives " re", "ren",
// "ene", "new", "ewa", "wal", "al ".
func (e *extractor) text(s string) text {
	words, grams := e.words[:0], e.grams[:0]
	e.buf = forTokens(s, e.buf, func(tok []byte) {
		words = append(words, hashBytes(tagWord, tok, nil))
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
			grams = append(grams, hashBytes(tagGram, g[:], nil))
		}
	})
	e.words, e.grams = sortUnique(words), sortUnique(grams)
	fw := e.take(len(e.words) + len(e.grams))
	for i, f := range e.words {
		fw[i] = uint64(f) << 32
	}
	for i, f := range e.grams {
		fw[len(e.words)+i] = uint64(f) << 32
	}
	nw := len(e.words)
	return text{words: newSet(fw[:nw:nw]), grams: newSet(fw[nw:])}
}

// take returns n features' room from the current array, starting a new
// one when it is used up.
func (e *extractor) take(n int) []uint64 {
	if len(e.free) < n {
		e.free = make([]uint64, max(n, featureArrayLen))
	}
	fw := e.free[:n:n]
	e.free = e.free[n:]
	return fw
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
	texts  int
	df     map[uint32]int32   // while counting
	weight map[uint32]float32 // once counted (see settle)
}

func (d *idf) count(t *text, times int) {
	if t.empty() {
		return
	}
	d.texts += times
	for _, s := range [...]*set{&t.words, &t.grams} {
		for i := range s.fw {
			d.df[s.hash(i)] += int32(times)
		}
	}
}

// idfPrior is a number of texts assumed to hold none of the features, so
// that a handful of touchpoints still weigh their shared words fully.
const idfPrior = 20

// settle turns the counts into each feature's weight, ln(1 + (N+prior)/df),
// computed once a feature rather than once a text that has it.
func (d *idf) settle() {
	d.weight = make(map[uint32]float32, len(d.df))
	for f, df := range d.df {
		d.weight[f] = idfWeight(d.texts, df)
	}
	d.df = nil
}

func idfWeight(texts int, df int32) float32 {
	return float32(math.Log1p(float64(texts+idfPrior) / float64(max(df, 1))))
}

// weigh sets the weight of every feature of t, after settle.
func (d *idf) weigh(t *text) {
	for _, s := range [...]*set{&t.words, &t.grams} {
		s.sum = 0
		for i := range s.fw {
			f := s.hash(i)
			w, ok := d.weight[f]
			if !ok { // counted in no text
				w = idfWeight(d.texts, 0)
			}
			s.fw[i] = uint64(f)<<32 | uint64(math.Float32bits(w))
			s.sum += float64(w)
		}
	}
}

// diceBound is the most dice(a, b) can be: all of the lighter set shared
// (and a little more, as dice adds the shared weights in float32).
func diceBound(a, b *set) float64 {
	if a.sum+b.sum == 0 {
		return 0
	}
	return 2*min(a.sum, b.sum)/(a.sum+b.sum) + 1e-6
}

// dice is the weighted Dice coefficient of two sets: twice the weight of
// the shared features over the weight of both; 0 when both are empty.
func dice(a, b *set) float64 {
	if a.sum+b.sum == 0 || a.mask&b.mask == 0 {
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
