package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journey-cli/journey/internal/export"
	"github.com/journey-cli/journey/internal/journey"
)

func TestMermaidScore(t *testing.T) {
	for _, tc := range []struct {
		f    journey.Optional
		want int
	}{
		{journey.Some(-2), 1}, {journey.Some(-1), 2}, {journey.Some(0), 3}, {journey.Some(1), 4}, {journey.Some(2), 5},
		{journey.Optional{}, 3}, {journey.Some(7), 5}, {journey.Some(-9), 1},
	} {
		if got := export.MermaidScore(tc.f); got != tc.want {
			t.Errorf("MermaidScore(%+v) = %d, want %d", tc.f, got, tc.want)
		}
	}
}

// trickyJourney holds text that Mermaid's journey grammar gives a meaning
// to, and the tasks its parser should read from journey's output.
func trickyJourney() (*journey.Journey, mermaidParse) {
	j := &journey.Journey{
		File:    "tricky.xlsx",
		Persona: journey.Persona{Name: "Ops #1; lead: EMEA\nteam 100%"},
		Stages: []journey.Stage{
			{Name: "Aware: ness", Feeling: journey.Some(1)},
			{Name: "Title #2; next"},
			{Name: "Empty"},
		},
		Table: allColumns(),
	}
	add := func(stage, name, team, feeling, status string) {
		j.Touchpoints = append(j.Touchpoints, tp(map[journey.Field]string{
			journey.FieldID: "TP-" + string(rune('A'+len(j.Touchpoints))), journey.FieldStage: stage,
			journey.FieldTouchpoint: name, journey.FieldOwnerTeam: team, journey.FieldFeeling: feeling,
			journey.FieldStatus: status, journey.FieldMode: "Manual", journey.FieldDirection: "Outbound", journey.FieldChannel: "Email",
		}))
	}
	add("Aware: ness", "Webinar: Q3 kickoff", "Marketing", "2", "")
	add("Aware: ness", "Slack #general; invite", "Sales, EMEA: North", "-2", "")
	add("aware: NESS", "Journey recap email", "Support", "", "")
	add("Title #2; next", "title sequence video", "Product", "-1", "Planned")
	add("Title #2; next", "Section 1 of the guide", "Product", "1", "")
	add("Title #2; next", "%% not a comment", "Product", "0", "")
	add("Title #2; next", "50% off\nsecond line", "", "0", "Retired")
	add("Title #2; next", "accTitle trick", "Product", "0", "")
	add("Mystery stage", "{braces} & <b>tags</b> \"quoted\"", "Product", "x", "")
	add("Mystery stage", "", "Product", "1", "")
	want := mermaidParse{
		OK:       true,
		Title:    "Ops 1, lead - EMEA team 100 percent",
		Sections: []string{"Aware - ness", "Title 2, next", "Empty", "Mystery stage"},
		Tasks: []mermaidTask{
			{"Aware - ness", "Webinar - Q3 kickoff", 5, []string{"Marketing"}},
			{"Aware - ness", "Slack general, invite", 1, []string{"Sales EMEA - North"}},
			{"Aware - ness", `"Journey recap email"`, 3, []string{"Support"}},
			{"Title 2, next", `"title sequence video (Planned)"`, 2, []string{"Product"}},
			{"Title 2, next", `"Section 1 of the guide"`, 4, []string{"Product"}},
			{"Title 2, next", "percent percent not a comment", 3, []string{"Product"}},
			{"Title 2, next", "50 percent off second line (Retired)", 3, []string{}},
			{"Title 2, next", `"accTitle trick"`, 3, []string{"Product"}},
			{"Mystery stage", `(braces) & <b>tags</b> "quoted"`, 3, []string{"Product"}},
			{"Mystery stage", "TP-J", 4, []string{"Product"}},
		},
	}
	return j, want
}

func TestMermaidEscaping(t *testing.T) {
	j, want := trickyJourney()
	var buf bytes.Buffer
	if err := export.WriteMermaid(&buf, j); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if lines[0] != "journey" || lines[1] != "    title "+want.Title {
		t.Errorf("head = %q", lines[:2])
	}
	for _, l := range lines[2:] {
		body := strings.TrimSpace(l)
		if strings.ContainsAny(body, "#;%\t") {
			t.Errorf("line %q keeps a character Mermaid reads as syntax", l)
		}
		if strings.HasPrefix(body, "section ") {
			continue
		}
		if n := strings.Count(body, ":"); n < 1 || n > 2 {
			t.Errorf("task line %q has %d colons, want 1 or 2", l, n)
		}
	}
}

// mermaidParse is what testdata/mermaid/check.mjs prints for one file.
type mermaidParse struct {
	File     string        `json:"file"`
	OK       bool          `json:"ok"`
	Error    string        `json:"error"`
	Title    string        `json:"title"`
	Sections []string      `json:"sections"`
	Tasks    []mermaidTask `json:"tasks"`
}

type mermaidTask struct {
	Section string   `json:"section"`
	Task    string   `json:"task"`
	Score   int      `json:"score"`
	People  []string `json:"people"`
}

// parseMermaid runs Mermaid's own parser (testdata/mermaid, installed by
// `npm ci` there) on each diagram, or skips the test when it is missing.
func parseMermaid(t *testing.T, diagrams map[string][]byte) map[string]mermaidParse {
	t.Helper()
	dir := repoPath(t, "testdata", "mermaid")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "mermaid")); err != nil {
		t.Skip("Mermaid's parser is not installed: run `npm ci` in testdata/mermaid (needs Node 20+)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: Mermaid's parser needs Node 20+")
	}
	tmp := t.TempDir()
	args := []string{filepath.Join(dir, "check.mjs")}
	for name, text := range diagrams {
		path := filepath.Join(tmp, name)
		if err := os.WriteFile(path, text, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, runErr := cmd.Output()
	results := map[string]mermaidParse{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var p mermaidParse
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatalf("check.mjs printed %q (%v); stderr: %s", line, err, stderr.String())
		}
		results[filepath.Base(p.File)] = p
	}
	if len(results) != len(diagrams) {
		t.Fatalf("check.mjs: %v; stdout %s; stderr %s", runErr, out, stderr.String())
	}
	return results
}

// TestMermaidParses checks the example's diagram and the tricky one with
// Mermaid's own parser, and that the parser reads the title, sections and
// tasks (name, score, actors) journey meant.
func TestMermaidParses(t *testing.T) {
	ex := readExample(t)
	var exBuf, trickyBuf bytes.Buffer
	if err := export.WriteMermaid(&exBuf, ex); err != nil {
		t.Fatal(err)
	}
	tricky, want := trickyJourney()
	if err := export.WriteMermaid(&trickyBuf, tricky); err != nil {
		t.Fatal(err)
	}
	got := parseMermaid(t, map[string][]byte{"example.mmd": exBuf.Bytes(), "tricky.mmd": trickyBuf.Bytes()})

	p := got["example.mmd"]
	if !p.OK {
		t.Fatalf("Mermaid refuses the example: %s\n%s", p.Error, exBuf.String())
	}
	if p.Title != ex.Persona.Name {
		t.Errorf("title = %q, want %q", p.Title, ex.Persona.Name)
	}
	var stages []string
	for _, s := range ex.Stages {
		stages = append(stages, s.Name)
	}
	if !slices.Equal(p.Sections, stages) {
		t.Errorf("sections = %q, want the stages %q", p.Sections, stages)
	}
	if len(p.Tasks) != len(ex.Touchpoints) {
		t.Fatalf("%d tasks, want one per touchpoint (%d)", len(p.Tasks), len(ex.Touchpoints))
	}
	for i, task := range p.Tasks {
		tp := &ex.Touchpoints[i]
		name := tp.Name()
		if tp.Status != journey.StatusLive {
			name += " (" + tp.Status.String() + ")"
		}
		wantTask := mermaidTask{tp.Stage(), name, tp.Feeling.Value + 3, []string{tp.Team()}}
		if task.Section != wantTask.Section || task.Task != wantTask.Task || task.Score != wantTask.Score || !slices.Equal(task.People, wantTask.People) {
			t.Errorf("task %d = %+v, want %+v", i+1, task, wantTask)
		}
	}

	q := got["tricky.mmd"]
	if !q.OK {
		t.Fatalf("Mermaid refuses the tricky diagram: %s\n%s", q.Error, trickyBuf.String())
	}
	if q.Title != want.Title || !slices.Equal(q.Sections, want.Sections) {
		t.Errorf("title %q sections %q, want %q %q", q.Title, q.Sections, want.Title, want.Sections)
	}
	if len(q.Tasks) != len(want.Tasks) {
		t.Fatalf("tricky: %d tasks, want %d:\n%s", len(q.Tasks), len(want.Tasks), trickyBuf.String())
	}
	for i := range want.Tasks {
		g, w := q.Tasks[i], want.Tasks[i]
		if g.Section != w.Section || g.Task != w.Task || g.Score != w.Score || !slices.Equal(g.People, w.People) {
			t.Errorf("tricky task %d = %+v, want %+v", i+1, g, w)
		}
	}
}

// TestMermaidParserCatchesErrors makes sure the check is not vacuous: the
// parser refuses what journey's escaping prevents.
func TestMermaidParserCatchesErrors(t *testing.T) {
	got := parseMermaid(t, map[string][]byte{
		"hash.mmd":    []byte("journey\n  section A\n    Slack #general: 3: Me\n"),
		"keyword.mmd": []byte("journey\n  section A\n    Journey recap: 3: Me\n"),
	})
	for name, p := range got {
		if p.OK {
			t.Errorf("%s: Mermaid's parser accepted a broken diagram; the check proves nothing", name)
		}
	}
}

// FuzzMermaidText writes one touchpoint with arbitrary text and checks
// the invariants Mermaid's grammar needs: one line per statement, no
// comment, entity or statement characters, a task line of name, score and
// at most one actor list, and no name read as a keyword.
func FuzzMermaidText(f *testing.F) {
	for _, s := range []string{"Webinar: Q3", "#general; x", "%%{init}%%", "journey", "Title sequence", "a\nb\r\nc", "Sales, EMEA", "", "  ", "section x"} {
		f.Add(s, s, s)
	}
	keyword := regexp.MustCompile(`(?i)^(journey\b|title\s|section\s|acc(title|descr))`)
	f.Fuzz(func(t *testing.T, persona, name, team string) {
		j := &journey.Journey{Persona: journey.Persona{Name: persona}, Stages: []journey.Stage{{Name: name}}, Table: allColumns()}
		j.Touchpoints = []journey.Touchpoint{tp(map[journey.Field]string{journey.FieldStage: name, journey.FieldTouchpoint: name, journey.FieldOwnerTeam: team})}
		var buf bytes.Buffer
		if err := export.WriteMermaid(&buf, j); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		if len(lines) != 4 {
			t.Fatalf("%d lines:\n%s", len(lines), buf.String())
		}
		for _, l := range lines[1:] {
			if strings.ContainsAny(l, "#;%\r\t{}") {
				t.Errorf("line %q keeps a character Mermaid reads as syntax", l)
			}
		}
		task := strings.TrimSpace(lines[3])
		if keyword.MatchString(task) {
			t.Errorf("task %q starts like a statement", task)
		}
		parts := strings.Split(task, ":")
		if len(parts) < 2 || len(parts) > 3 || strings.TrimSpace(parts[0]) == "" {
			t.Errorf("task line %q is not name: score[: actors]", task)
		}
		if len(parts) == 3 && strings.Contains(parts[2], ",") {
			t.Errorf("actor list %q splits one team", parts[2])
		}
	})
}
