package dupes

import (
	"cmp"
	"slices"
)

// The MinHash index that keeps large blocks near-linear (docs/dupes.md).
// Each touchpoint gets a signature of lshBands*lshRows MinHash values over
// its name and Purpose features (the name's counted twice, as it says most
// about the job); two touchpoints are candidates when all lshRows values
// of one band agree. A pair whose features overlap with Jaccard J shares a
// band with probability 1-(1-J^lshRows)^lshBands: 0.68 at J=0.3, 0.93 at
// 0.4, 0.99 at 0.5. A bucket holding more than bucketCap touchpoints (many
// near-identical rows) is sorted by signature and each touchpoint is
// paired with its bucketWindow next neighbours only, so that the work per
// touchpoint stays bounded whatever the data.
const (
	lshBands     = 20
	lshRows      = 2
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

// nameTwin turns a name feature into its second copy.
const nameTwin = 0x5bd1e995

// signature returns the MinHash signature of t's features; twice counts
// every feature twice (for names).
func (t *text) signature(twice bool) []uint32 {
	if t.sig != nil && t.sigTwice == twice {
		return t.sig
	}
	sig := make([]uint32, sigLen)
	for k := range sig {
		sig[k] = ^uint32(0)
	}
	add := func(f uint32) {
		for k, seed := range sigSeeds {
			if h := mix32(f ^ seed); h < sig[k] {
				sig[k] = h
			}
		}
	}
	for _, s := range []*set{&t.words, &t.grams} {
		for _, f := range s.f {
			add(f)
			if twice {
				add(f ^ nameTwin)
			}
		}
	}
	t.sig, t.sigTwice = sig, twice
	return sig
}

// candidates calls consider once for each candidate pair (x < y) of the
// block, in a fixed order.
func (b *block) candidates(consider func(x, y int)) {
	n := len(b.items)
	sigs := make([]uint32, n*sigLen)
	for i, it := range b.items {
		s := sigs[i*sigLen : (i+1)*sigLen]
		copy(s, it.name.signature(true))
		if !it.purpose.empty() {
			for k, v := range it.purpose.signature(false) {
				s[k] = min(s[k], v)
			}
		}
	}
	sigOf := func(i int32) []uint32 { return sigs[int(i)*sigLen : (int(i)+1)*sigLen] }
	var pairs []uint64
	add := func(x, y int32) {
		if x > y {
			x, y = y, x
		}
		pairs = append(pairs, uint64(x)<<32|uint64(y))
	}
	buckets := map[uint64][]int32{}
	for band := range lshBands {
		clear(buckets)
		for i := range n {
			row := sigs[i*sigLen+band*lshRows : i*sigLen+(band+1)*lshRows]
			key := uint64(band)
			for _, v := range row {
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
	slices.Sort(pairs)
	pairs = slices.Compact(pairs)
	for _, p := range pairs {
		consider(int(p>>32), int(uint32(p)))
	}
}
