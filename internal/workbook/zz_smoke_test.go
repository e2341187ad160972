package workbook

import (
	"os"
	"testing"

	"github.com/journey-cli/journey/internal/templates"
)

func TestZZSmoke(t *testing.T) {
	for _, n := range templates.Names() {
		tpl, err := templates.Load(n)
		if err != nil {
			t.Fatal(err)
		}
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
