package dupes

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

// labelledPath is the labelled fixture: touchpoints with a column
// "Expected group" naming the duplicate group each belongs to (empty for
// none).
var labelledPath = filepath.Join("..", "..", "testdata", "dupes", "labelled.csv")

func mustTemplate(t testing.TB) *journey.Template {
	t.Helper()
	tpl, err := templates.Load(templates.Default)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func mustRead(t testing.TB, path string) *journey.Journey {
	t.Helper()
	j, err := workbook.Read(path, workbook.ReadOptions{Template: mustTemplate(t)})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// labels returns the "Expected group" of each touchpoint, keyed by ID.
func labels(t testing.TB, j *journey.Journey) map[string]string {
	t.Helper()
	col := 0
	for _, h := range j.Table.Headers {
		if journey.NormalizeName(h.Text) == "expectedgroup" {
			col = h.Col
		}
	}
	if col == 0 {
		t.Fatal("no Expected group column")
	}
	out := map[string]string{}
	for i := range j.Touchpoints {
		tp := &j.Touchpoints[i]
		out[tp.ID()] = tp.Extra[col]
	}
	return out
}

// pair is an unordered pair of touchpoint keys.
type pair [2]string

func newPair(a, b string) pair {
	if a > b {
		a, b = b, a
	}
	return pair{a, b}
}

// memberKey names a member across files: file and ID.
func memberKey(m Member) string { return m.Loc.File + "#" + m.ID }

// groupPairs returns every pair of members that share a group.
func groupPairs(groups []Group) map[pair]bool {
	out := map[pair]bool{}
	for _, g := range groups {
		for x := range g.Members {
			for y := x + 1; y < len(g.Members); y++ {
				out[newPair(memberKey(g.Members[x]), memberKey(g.Members[y]))] = true
			}
		}
	}
	return out
}

// labelPairs returns every pair of touchpoints labelled with the same group.
func labelPairs(j *journey.Journey, lab map[string]string) map[pair]bool {
	byGroup := map[string][]string{}
	for id, g := range lab {
		if g != "" {
			byGroup[g] = append(byGroup[g], j.File+"#"+id)
		}
	}
	out := map[pair]bool{}
	for _, ids := range byGroup {
		for x := range ids {
			for y := x + 1; y < len(ids); y++ {
				out[newPair(ids[x], ids[y])] = true
			}
		}
	}
	return out
}

// precisionRecall compares found pairs with expected ones.
func precisionRecall(found, want map[pair]bool) (precision, recall float64, extra, missed []pair) {
	tp := 0
	for p := range found {
		if want[p] {
			tp++
		} else {
			extra = append(extra, p)
		}
	}
	for p := range want {
		if !found[p] {
			missed = append(missed, p)
		}
	}
	precision, recall = 1, 1
	if len(found) > 0 {
		precision = float64(tp) / float64(len(found))
	}
	if len(want) > 0 {
		recall = float64(tp) / float64(len(want))
	}
	slices.SortFunc(extra, func(a, b pair) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) })
	slices.SortFunc(missed, func(a, b pair) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) })
	return precision, recall, extra, missed
}

// shuffled returns a copy of j with its touchpoints in a random order
// (rows renumbered so that row order says nothing either).
func shuffled(j *journey.Journey, seed uint64) *journey.Journey {
	c := *j
	c.Touchpoints = slices.Clone(j.Touchpoints)
	rng := rand.New(rand.NewPCG(seed, seed+1))
	rng.Shuffle(len(c.Touchpoints), func(a, b int) { c.Touchpoints[a], c.Touchpoints[b] = c.Touchpoints[b], c.Touchpoints[a] })
	for i := range c.Touchpoints {
		c.Touchpoints[i].Row = i + 2
	}
	return &c
}

// describe prints pairs with the touchpoint names, for failure messages.
func describe(j *journey.Journey, ps []pair) string {
	name := map[string]string{}
	for i := range j.Touchpoints {
		name[j.File+"#"+j.Touchpoints[i].ID()] = j.Touchpoints[i].Name()
	}
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "\n  %s %q ~ %s %q", p[0], name[p[0]], p[1], name[p[1]])
	}
	return b.String()
}
