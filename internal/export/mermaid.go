package export

import (
	"bufio"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/journey-cli/journey/internal/journey"
)

// WriteMermaid writes the journey as a Mermaid user-journey diagram:
//
//	journey
//	    title Marketing Ops Manager
//	    section Awareness
//	        LinkedIn thought-leadership posts: 4: Marketing
//
// The title is the persona; each stage is a section, in journey order
// (stages that touchpoints use but the Stages sheet does not list come
// after); each touchpoint is a task scored 1 to 5 from its Feeling (-2 is
// 1, +2 is 5, unknown is 3) with its owner team as the actor. A touchpoint
// that is not live has its status after its name. Text is cleaned of what
// Mermaid's grammar cannot hold (see mermaidText).
func WriteMermaid(w io.Writer, j *journey.Journey) error {
	b := bufio.NewWriter(w)
	title := "Customer journey"
	if n := mermaidLine(j.Persona.Name); n != "" {
		title = n
	}
	b.WriteString("journey\n")
	b.WriteString("    title " + title + "\n")
	for _, v := range stageViews(j) {
		b.WriteString("    section " + orDefault(mermaidLine(v.Name), "Stage "+strconv.Itoa(v.Num)) + "\n")
		for _, t := range v.Touchpoints {
			b.WriteString("        " + mermaidTask(t) + "\n")
		}
	}
	return b.Flush()
}

// mermaidTask writes one task line: "Name: score: Actor".
func mermaidTask(t *journey.Touchpoint) string {
	name := mermaidText(t.Name())
	if name == "" {
		name = orDefault(mermaidText(t.ID()), "Unnamed touchpoint")
	}
	if !live(t) {
		name += " (" + t.Status.String() + ")"
	}
	line := mermaidTaskName(name) + ": " + strconv.Itoa(MermaidScore(t.Feeling))
	if actor := mermaidActor(t.Team()); actor != "" {
		line += ": " + actor
	}
	return line
}

// MermaidScore maps a Feeling of -2 .. +2 to a Mermaid score of 1 .. 5;
// an unknown feeling is 3 (neutral).
func MermaidScore(f journey.Optional) int {
	if !f.Known {
		return 3
	}
	return min(5, max(1, f.Value+3))
}

// mermaidReplacer rewrites the characters Mermaid's journey grammar gives
// a meaning: ':' separates a task from its score (it becomes " -"), '#'
// starts a comment and an entity such as #59; (it is dropped), ';' ends a
// statement (it becomes ','), a line break or tab ends the line (a space),
// '%' starts a comment ("%%", or '%' first; it becomes " percent"), and
// braces delimit a block ('(' and ')').
var mermaidReplacer = strings.NewReplacer(
	":", " -", "#", "", ";", ",", "%", " percent", "\r\n", " ", "\n", " ", "\r", " ", "\t", " ",
	"{", "(", "}", ")",
)

// mermaidText cleans s for a title, a section or a task name; control
// characters become spaces and bytes that are not UTF-8 are dropped.
func mermaidText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	return journey.CleanText(mermaidReplacer.Replace(s))
}

// mermaidLine cleans s for a title or a section.
func mermaidLine(s string) string { return mermaidText(s) }

// mermaidKeyword matches a task name that Mermaid would read as a
// statement: its lexer tries these words (in any case) before a task name.
var mermaidKeyword = regexp.MustCompile(`(?i)^(journey\b|title\s|section\s|acc(title|descr))`)

// mermaidTaskName cleans a task name; one that starts like a statement is
// put in quotes.
func mermaidTaskName(s string) string {
	s = mermaidText(s)
	if mermaidKeyword.MatchString(s) || s == "journey" {
		s = `"` + s + `"`
	}
	return s
}

// mermaidActor cleans an actor name, which cannot hold a comma either.
func mermaidActor(s string) string {
	return journey.CleanText(strings.ReplaceAll(mermaidText(s), ",", " "))
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
