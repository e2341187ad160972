package dupes

import (
	"fmt"
	"sort"
	"testing"

	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/templates"
)

func TestTune(t *testing.T) {
	j := mustRead(t, labelledPath)
	lab := labels(t, j)
	kinds := newKindTable(DefaultChannelKinds, nil)
	c := collect([]*journey.Journey{j}, kinds, "")
	blocks, order := c.blocks, c.order
	prepare(blocks)
	type sc struct {
		s    float64
		dup  bool
		a, b string
		d    string
	}
	var all []sc
	for _, k := range order {
		b := blocks[k]
		for x := range b.items {
			for y := x + 1; y < len(b.items); y++ {
				a, c := b.items[x], b.items[y]
				s := similarity(a, c)
				la, lc := lab[a.tp.ID()], lab[c.tp.ID()]
				d := fmt.Sprintf("nw %.2f ng %.2f pw %.2f pg %.2f ch %.2f cx %.2f", dice(&a.name.words, &c.name.words), dice(&a.name.grams, &c.name.grams), dice(&a.purpose.words, &c.purpose.words), dice(&a.purpose.grams, &c.purpose.grams), channelAgreement(a, c), contextCloseness(a.tp, c.tp))
				all = append(all, sc{s, la != "" && la == lc, a.tp.Name(), c.tp.Name(), d})
			}
		}
	}
	sort.Slice(all, func(i, k int) bool { return all[i].s > all[k].s })
	for _, x := range all[:45] {
		fmt.Printf("%.3f %v %q ~ %q  %s\n", x.s, x.dup, x.a, x.b, x.d)
	}
}

func TestTuneExamples(t *testing.T) {
	for _, name := range []string{"b2b-saas", "ecommerce"} {
		tpl, _ := templates.Load(name)
		j := &journey.Journey{File: name, Persona: tpl.Example.Persona, Stages: tpl.Stages, Touchpoints: tpl.Example.Touchpoints}
		kinds := newKindTable(DefaultChannelKinds, nil)
		c := collect([]*journey.Journey{j}, kinds, "")
		blocks, order := c.blocks, c.order
		prepare(blocks)
		var all []float64
		for _, k := range order {
			b := blocks[k]
			for x := range b.items {
				for y := x + 1; y < len(b.items); y++ {
					a, c := b.items[x], b.items[y]
					s := similarity(a, c)
					if s > 0.4 {
						fmt.Printf("%s %.3f %q ~ %q\n", name, s, a.tp.Name(), c.tp.Name())
					}
					all = append(all, s)
				}
			}
		}
	}
}
