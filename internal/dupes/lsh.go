package dupes

import (
	"cmp"
	"slices"
)

// The MinHash index that keeps large blocks near-linear (docs/dupes.md).
//
// A pair can only score as duplicates when its names or its Purposes
// match well (the stronger of the two carries most of the text score), so
// the index has two halves: each touchpoint gets lshBands MinHash values
// over its name's features and as many over its Purpose's, and two
// touchpoints are candidates when one value agrees (bands of one value).
// For one field whose features overlap with Jaccard J, the chance to meet
// is 1-(1-J)^lshBands: 0.93 at J=0.2, 0.99 at J=0.3.
//
// A bucket holding more than bucketCap touchpoints (a common word, many
// near-identical rows) is sorted by signature and each touchpoint is
// paired only with its bucketWindow nearest neighbours on each side, so
// that the work per touchpoint stays bounded whatever the data: at most
// 2*lshBands*bucketCap candidates each.
const (
	lshBands     = 12
	sigLen       = lshBands
	bucketCap    = 24
	bucketWindow = 6
)

// sigSeeds are the per-position seeds of the MinHash functions.
var sigSeeds = func() [sigLen]uint32 {
	var s [sigLen]uint32
	x := uint64(0x9e3779b97f4a7c15)
	for i := range s {
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		s[i] = uint32(z ^ (z >> 31))
	}
	return s
}()

// mix32 is murmur3's finaliser: a cheap, well-mixed permutation of x.
func mix32(x uint32) uint32 {
	x ^= x >> 16
	x *= 0x85ebca6b
	x ^= x >> 13
	x *= 0xc2b2ae35
	x ^= x >> 16
	return x
}

// sign computes the MinHash signature of t's words and trigrams (none for
// an empty text).
func (t *text) sign() {
	if t.signed || t.empty() {
		return
	}
	for k := range t.sig {
		t.sig[k] = ^uint32(0)
	}
	for _, s := range [...]*set{&t.words, &t.grams} {
		for i := range s.fw {
			f := s.hash(i)
			for k, seed := range sigSeeds {
				if h := mix32(f ^ seed); h < t.sig[k] {
					t.sig[k] = h
				}
			}
		}
	}
	t.signed = true
}

// signature is t's MinHash signature, nil when it has none.
func (t *text) signature() []uint32 {
	if !t.signed {
		return nil
	}
	return t.sig[:]
}

// scratch is the memory the index of one block needs, kept by a worker
// from block to block so that a large journey does not churn the heap.
type scratch struct {
	order  []int32 // by table, the items in table order
	window []span  // by item, then table: the places in order it meets
	keys   []uint64
	// later holds the pairs that meet in one table, to consider last:
	// the second items, and by first item how many.
	later, laterOf                []int32
	ranked, stamp, count, touched []int32
}

// span is a range of places in one table's order, packed in 32 bits: the
// first place, then (the low spanBits bits) how many, at most bucketCap.
type span uint32

const spanBits = 5

// bucketCap must fit in spanBits (the constant overflows otherwise).
const _ = uint8(1<<spanBits - 1 - bucketCap)

func (w span) bounds() (lo, hi int) {
	lo = int(w >> spanBits)
	return lo, lo + int(w&(1<<spanBits-1))
}

// newScratch sizes the memory for the largest block up front (none when
// every block is small enough to score every pair).
func newScratch(largest, limit int) *scratch {
	sc := &scratch{}
	if largest <= limit {
		return sc
	}
	cells := 2 * lshBands * largest
	sc.order, sc.window = make([]int32, cells), make([]span, cells)
	sc.keys = make([]uint64, 0, largest)
	sc.later, sc.laterOf = make([]int32, 0, 32*largest), make([]int32, largest)
	sc.ranked, sc.stamp, sc.count = make([]int32, largest), make([]int32, largest), make([]int32, largest)
	sc.touched = make([]int32, 0, 2*lshBands*bucketCap)
	return sc
}

// grow returns s resized to n, reusing its array when it is large enough.
func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}

// candidates calls consider once for each candidate pair (x < y) of the
// block: first the pairs that meet in two tables or more (the likeliest
// duplicates, so that groups form early and the pairs inside a group
// already joined need no scoring), then those that meet in one.
func (b *block) candidates(sc *scratch, consider func(x, y int)) {
	n := len(b.items)
	// Each of the 2*lshBands tables orders the items by their MinHash
	// value in one band (a bucket is a run of equal values), then by their
	// whole signature. window gives, for each item and table, the places
	// of the items it meets there: its bucket, or its nearest neighbours
	// in a large one; nothing for an item without that text. It is laid
	// out item by item, so that the loop below reads it in order.
	tables := 2 * lshBands
	sc.order = grow(sc.order, tables*n)
	sc.window = grow(sc.window, tables*n)
	sc.ranked = grow(sc.ranked, n)
	clear(sc.window)
	ranked := sc.ranked
	for field := range 2 {
		sigOf := func(i int32) []uint32 {
			if field == 0 {
				return b.items[i].name.signature()
			}
			return b.items[i].purpose.signature()
		}
		for i := range ranked {
			ranked[i] = int32(i)
		}
		slices.SortFunc(ranked, func(x, y int32) int {
			if c := slices.Compare(sigOf(x), sigOf(y)); c != 0 {
				return c
			}
			return cmp.Compare(x, y)
		})
		for band := range lshBands {
			t := field*lshBands + band
			keys := sc.keys[:0]
			for r, i := range ranked {
				if sig := sigOf(i); sig != nil {
					keys = append(keys, uint64(sig[band])<<32|uint64(r))
				}
			}
			sc.keys = keys
			slices.Sort(keys)
			order := sc.order[t*n : (t+1)*n]
			for lo := 0; lo < len(keys); {
				hi := lo + 1
				for hi < len(keys) && keys[hi]>>32 == keys[lo]>>32 {
					hi++
				}
				for p := lo; p < hi; p++ {
					item := ranked[uint32(keys[p])]
					order[p] = item
					sc.window[int(item)*tables+t] = meets(lo, hi, p)
				}
				lo = hi
			}
		}
	}
	sc.stamp = grow(sc.stamp, n)
	sc.count = grow(sc.count, n)
	sc.laterOf = grow(sc.laterOf, n)
	stamp, count := sc.stamp, sc.count
	clear(stamp) // marks left by the worker's previous block
	later := sc.later[:0]
	for x := range n {
		mark := int32(x + 1)
		touched := sc.touched[:0]
		for t, w := range sc.window[x*tables : (x+1)*tables] {
			lo, hi := w.bounds()
			for _, y := range sc.order[t*n+lo : t*n+hi] {
				if int(y) <= x {
					continue
				}
				if stamp[y] != mark {
					stamp[y], count[y] = mark, 0
					touched = append(touched, y)
				}
				count[y]++
			}
		}
		sc.touched = touched
		before := len(later)
		for _, y := range touched {
			if count[y] >= 2 {
				consider(x, int(y))
			} else {
				later = append(later, y)
			}
		}
		sc.laterOf[x] = int32(len(later) - before)
	}
	sc.later = later
	for x, k := range sc.laterOf {
		for _, y := range later[:k] {
			consider(x, int(y))
		}
		later = later[k:]
	}
}

// meets is the span of places an item at place p of the bucket [lo, hi)
// meets: the whole bucket, or when it holds more than bucketCap items,
// the bucketWindow nearest on each side.
func meets(lo, hi, p int) span {
	if hi-lo > bucketCap {
		lo, hi = max(lo, p-bucketWindow), min(hi, p+bucketWindow+1)
	}
	return span(lo<<spanBits | (hi - lo))
}
