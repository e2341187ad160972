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
// touchpoints are candidates when one value agrees (lshRows values per
// band). For one field whose features overlap with Jaccard J, the chance
// to meet is 1-(1-J^lshRows)^lshBands: 0.93 at J=0.2, 0.99 at J=0.3.
//
// A bucket holding more than bucketCap touchpoints (a common word, many
// near-identical rows) is sorted by signature and each touchpoint is
// paired with its bucketWindow next neighbours only, so that the work per
// touchpoint stays bounded whatever the data: at most
// 2*lshBands*max(bucketCap, bucketWindow) candidates each.
const (
	lshBands     = 12
	lshRows      = 1
	sigLen       = lshBands * lshRows
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

// signature returns the MinHash signature of t's words and trigrams, nil
// for an empty text.
func (t *text) signature() []uint32 {
	if t.sig != nil || t.empty() {
		return t.sig
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
	return sig
}

// candidates calls consider once for each candidate pair (x < y) of the
// block, in a fixed order.
func (b *block) candidates(consider func(x, y int)) {
	var pairs []uint64
	add := func(x, y int32) {
		if x > y {
			x, y = y, x
		}
		pairs = append(pairs, uint64(x)<<32|uint64(y))
	}
	buckets := map[uint64][]int32{}
	for field := range 2 {
		sigOf := func(i int32) []uint32 {
			if field == 0 {
				return b.items[i].name.signature()
			}
			return b.items[i].purpose.signature()
		}
		for band := range lshBands {
			clear(buckets)
			for i := range b.items {
				sig := sigOf(int32(i))
				if sig == nil {
					continue
				}
				key := uint64(field*lshBands+band) + 1
				for _, v := range sig[band*lshRows : (band+1)*lshRows] {
					key = key*0x100000001b3 ^ uint64(v)
				}
				buckets[key] = append(buckets[key], int32(i))
			}
			for _, m := range buckets {
				switch {
				case len(m) < 2:
				case len(m) <= bucketCap:
					for p := range m {
						for q := p + 1; q < len(m); q++ {
							add(m[p], m[q])
						}
					}
				default:
					slices.SortFunc(m, func(x, y int32) int {
						if c := slices.Compare(sigOf(x), sigOf(y)); c != 0 {
							return c
						}
						return cmp.Compare(x, y)
					})
					for p := range m {
						for q := p + 1; q < len(m) && q <= p+bucketWindow; q++ {
							add(m[p], m[q])
						}
					}
				}
			}
		}
	}
	slices.Sort(pairs)
	pairs = slices.Compact(pairs)
	for _, p := range pairs {
		consider(int(p>>32), int(uint32(p)))
	}
}
