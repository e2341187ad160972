package workbook

import (
	"os"
	"testing"

	"github.com/journey-cli/journey/internal/templates"
)

func TestZZSmoke(t *testing.T) {
	for _, n := range templates.Names() {
		tpl, _ := templates.Load(n)
		for _, ex := range []bool{false, true} {
			p := "/tmp/jw/" + n
			if ex {
				p += "-example"
			}
			p += ".xlsx"
			os.Remove(p)
			if err := WriteNew(p, InitOptions{Template: tpl, Example: ex}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestZZReadLO(t *testing.T) {
	p := os.Getenv("ZZ_FILE")
	if p == "" {
		t.Skip()
	}
	j, err := Read(p, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tpl, _ := templates.Load("b2b-saas")
	for _, pr := range j.Problems {
		t.Errorf("problem %s %s %s", pr.Rule, pr.Loc, pr.Message)
	}
	compareTouchpoints(t, tpl.Example.Touchpoints, j.Touchpoints)
	compareStages(t, tpl.Stages, j.Stages)
	t.Logf("persona %+v", j.Persona)
}
