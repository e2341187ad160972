package dupes

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/journey-cli/journey/internal/journey"
)

// randomStage builds one stage of n touchpoints with names and Purposes
// drawn from a large vocabulary, plus near-duplicates of some of them
// (typos, word order, plurals, hyphens, a dropped word, another team),
// as a large real journey would have.
func randomStage(seed uint64, n, planted int) *journey.Journey {
	rng := rand.New(rand.NewPCG(seed, seed*7+1))
	words := make([]string, 600)
	letters := "abcdefghijklmnopqrstuvwxyz"
	for i := range words {
		l := 4 + rng.IntN(7)
		var b strings.Builder
		for range l {
			b.WriteByte(letters[rng.IntN(26)])
		}
		words[i] = b.String()
	}
	phrase := func(k int) []string {
		out := make([]string, k)
		for i := range out {
			out[i] = words[rng.IntN(len(words))]
		}
		return out
	}
	channels := []string{"Email", "SMS", "In-app", "Chatbot", "Phone", "Video call", "Webinar", "Website", "Social media"}
	teams := []string{"Marketing", "Sales", "Customer Success", "Support", "Product"}
	modes := []string{"Automatic", "Ongoing", "Manual"}
	var rows []row
	for i := range n {
		rows = append(rows, tp(fmt.Sprintf("T%05d", i), "Adoption", strings.Join(phrase(2+rng.IntN(3)), " "),
			channels[rng.IntN(len(channels))], modes[rng.IntN(3)], teams[rng.IntN(len(teams))],
			strings.Join(phrase(5+rng.IntN(6)), " ")+"."))
	}
	for k := range planted {
		src := rows[rng.IntN(n)]
		name := strings.Fields(src[journey.FieldTouchpoint])
		purpose := strings.Fields(strings.TrimSuffix(src[journey.FieldPurpose], "."))
		switch k % 5 {
		case 0: // typo
			w := []byte(name[0])
			w[len(w)/2] = letters[rng.IntN(26)]
			name[0] = string(w)
		case 1: // word order
			name[0], name[len(name)-1] = name[len(name)-1], name[0]
		case 2: // plural and case
			name[len(name)-1] = strings.ToUpper(name[len(name)-1]) + "S"
		case 3: // hyphen
			if len(name) > 1 {
				name = append([]string{name[0] + "-" + name[1]}, name[2:]...)
			}
		case 4: // a Purpose word dropped
			purpose = purpose[1:]
		}
		r := src.with(journey.FieldID, fmt.Sprintf("D%05d", k)).
			with(journey.FieldTouchpoint, strings.Join(name, " ")).
			with(journey.FieldPurpose, strings.Join(purpose, " ")+".").
			with(journey.FieldOwnerTeam, teams[rng.IntN(len(teams))])
		rows = append(rows, r)
	}
	rng.Shuffle(len(rows), func(a, b int) { rows[a], rows[b] = rows[b], rows[a] })
	return newJourney("big.xlsx", "P", nil, rows...)
}

// TestIndexAgreesWithExhaustive: on a stage too large to score every pair,
// the MinHash index finds the groups that scoring every pair finds.
func TestIndexAgreesWithExhaustive(t *testing.T) {
	if testing.Short() {
		t.Skip("scores a million pairs")
	}
	for seed := uint64(1); seed <= 3; seed++ {
		j := randomStage(seed, 1500, 150)
		js := []*journey.Journey{j}
		exact := groupPairs(Find(js, Options{exhaustive: 1 << 30}))
		index := groupPairs(Find(js, Options{}))
		if len(exact) < 140 {
			t.Fatalf("seed %d: only %d duplicate pairs; the test data should hold about 150", seed, len(exact))
		}
		p, r, extra, missed := precisionRecall(index, exact)
		t.Logf("seed %d: %d pairs by every pair, %d by the index: precision %.3f, recall %.3f", seed, len(exact), len(index), p, r)
		if p != 1 || r < 0.99 {
			t.Errorf("seed %d: precision %.3f recall %.3f\nextra:%s\nmissed:%s", seed, p, r, describe(j, extra), describe(j, missed))
		}
	}
}

// TestNearLinear: the pairs scored per touchpoint are bounded (each
// touchpoint meets at most 2*lshBands*bucketCap others), so doubling a
// stage about doubles the work, on varied text and on rows that all share
// one Purpose (one huge bucket).
func TestNearLinear(t *testing.T) {
	scored := func(j *journey.Journey) int {
		c := collect([]*journey.Journey{j}, newKindTable(DefaultChannelKinds, nil), "")
		c.prepare(exhaustiveLimit)
		n := 0
		for _, b := range c.blocks {
			b.cluster(DefaultThreshold, exhaustiveLimit, &scratch{})
			n += b.scored
		}
		return n
	}
	samePurpose := func(n int) *journey.Journey {
		j := randomStage(9, n, 0)
		for i := range j.Touchpoints {
			j.Touchpoints[i].SetRaw(journey.FieldPurpose, "Share new features and tips with every customer.")
		}
		return j
	}
	for _, tc := range []struct {
		name string
		make func(n int) *journey.Journey
	}{
		{"varied", func(n int) *journey.Journey { return randomStage(5, n, n/10) }},
		{"one purpose", samePurpose},
	} {
		small, large := scored(tc.make(2000)), scored(tc.make(4000))
		t.Logf("%s: %d pairs scored for 2000 touchpoints, %d for 4000 (all pairs: %d)", tc.name, small, large, 4000*3999/2)
		if float64(large) > 2.5*float64(small) || large > 4000*2*lshBands*bucketCap {
			t.Errorf("%s: %d pairs for 2000, %d for 4000: not near-linear", tc.name, small, large)
		}
	}
}
