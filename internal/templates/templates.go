// Package templates loads the built-in journey templates (the JSON files of
// the top-level templates folder, embedded in the binary) into
// journey.Template values, checking that each one is consistent.
package templates

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/journey-cli/journey/internal/journey"
	data "github.com/journey-cli/journey/templates"
)

// Default is the template used when none is named.
const Default = "b2b-saas"

// Names returns the names of the built-in templates, Default first and the
// others in alphabetical order.
func Names() []string {
	return namesIn(data.FS)
}

// namesIn lists the *.json files at the top of fsys as template names.
func namesIn(fsys fs.FS) []string {
	files, _ := fs.Glob(fsys, "*.json")
	names := make([]string, 0, len(files))
	for _, f := range files {
		names = append(names, strings.TrimSuffix(f, ".json"))
	}
	slices.SortFunc(names, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == Default:
			return -1
		case b == Default:
			return 1
		}
		return strings.Compare(a, b)
	})
	return names
}

// Load returns the built-in template called name (case is ignored). An
// unknown name is an error that lists the known ones.
func Load(name string) (*journey.Template, error) {
	return loadFrom(data.FS, name)
}

// loadFrom reads and checks template name from fsys.
func loadFrom(fsys fs.FS, name string) (*journey.Template, error) {
	want := strings.ToLower(strings.TrimSpace(name))
	names := namesIn(fsys)
	if !slices.Contains(names, want) {
		return nil, fmt.Errorf("unknown template %q: the built-in templates are %s", name, joinAnd(names))
	}
	file := want + ".json"
	b, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("template %s cannot be read: %v", want, err)
	}
	return parse(path.Join("templates", file), b)
}

// joinAnd joins names as "a, b and c".
func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return "none"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// parse decodes and checks one template file; file names it in errors.
func parse(file string, b []byte) (*journey.Template, error) {
	var tf templateFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&tf); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	t, err := tf.template()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if err := check(t); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return t, nil
}
