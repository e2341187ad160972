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
	if t.sig != nil || t.empty() {
		return
	}
	sig := make([]uint32, sigLen)
	for k := range sig {
		sig[k] = ^uint32(0)
	}
	for _, s := range []*set{&t.words, &t.grams} {
		for _, f := range s.f {
			for k, seed := range sigSeeds {
				if h := mix32(f ^ seed); h < sig[k] {
					sig[k] = h
				}
			}
		}
	}
	t.sig = sig
}

// scratch is the memory the index of one block needs, kept by a worker
// from block to block so that a large journey does not churn the heap.
type scratch struct {
	order, pos, bucketStart, bucketEnd []int32
	keys, later                        []uint64
	ranked, stamp, count, touched      []int32
}

// newScratch sizes the memory for the largest block up front (none when
// every block is small enough to score every pair).
func newScratch(largest, limit int) *scratch {
	sc := &scratch{}
	if largest <= limit {
		return sc
	}
	cells := 2 * lshBands * largest
	sc.order, sc.pos = make([]int32, cells), make([]int32, cells)
	sc.bucketStart, sc.bucketEnd = make([]int32, cells), make([]int32, cells)
	sc.keys = make([]uint64, 0, largest)
	sc.later = make([]uint64, 0, 32*largest)
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
	// whole signature; pos gives each item's place in each table (-1: no
	// text), and bucketStart and bucketEnd the bucket around each place.
	tables := 2 * lshBands
	sc.order = grow(sc.order, tables*n)
	sc.pos = grow(sc.pos, tables*n)
	sc.bucketStart = grow(sc.bucketStart, tables*n)
	sc.bucketEnd = grow(sc.bucketEnd, tables*n)
	sc.ranked = grow(sc.ranked, n)
	order, pos, bucketStart, bucketEnd, ranked := sc.order, sc.pos, sc.bucketStart, sc.bucketEnd, sc.ranked
	for field := range 2 {
		sigOf := func(i int32) []uint32 {
			if field == 0 {
				return b.items[i].name.sig
			}
			return b.items[i].purpose.sig
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
			base := t * n
			for p := range pos[base : base+n] {
				pos[base+p] = -1
			}
			for lo := 0; lo < len(keys); {
				hi := lo + 1
				for hi < len(keys) && keys[hi]>>32 == keys[lo]>>32 {
					hi++
				}
				for p := lo; p < hi; p++ {
					item := ranked[uint32(keys[p])]
					order[base+p] = item
					pos[base+int(item)] = int32(p)
					bucketStart[base+p], bucketEnd[base+p] = int32(lo), int32(hi)
				}
				lo = hi
			}
		}
	}
	sc.stamp = grow(sc.stamp, n)
	sc.count = grow(sc.count, n)
	stamp, count := sc.stamp, sc.count
	clear(stamp)          // marks left by the worker's previous block
	later := sc.later[:0] // the pairs that meet in one table, for after
	for x := range n {
		mark := int32(x + 1)
		touched := sc.touched[:0]
		for t := range tables {
			base := t * n
			p := pos[base+x]
			if p < 0 {
				continue
			}
			lo, hi := int(bucketStart[base+int(p)]), int(bucketEnd[base+int(p)])
			if hi-lo > bucketCap {
				lo, hi = max(lo, int(p)-bucketWindow), min(hi, int(p)+bucketWindow+1)
			}
			for q := lo; q < hi; q++ {
				y := order[base+q]
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
		for _, y := range touched {
			if count[y] >= 2 {
				consider(x, int(y))
			} else {
				later = append(later, uint64(x)<<32|uint64(y))
			}
		}
	}
	sc.later = later
	for _, p := range later {
		consider(int(p>>32), int(uint32(p)))
	}
}
