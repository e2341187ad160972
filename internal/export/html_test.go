package export_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/journey-cli/journey/internal/export"
	"github.com/journey-cli/journey/internal/journey"
)

// renderHTML renders j as the HTML map.
func renderHTML(t *testing.T, j *journey.Journey, lanes export.Lane) string {
	t.Helper()
	var buf bytes.Buffer
	if err := export.WriteHTML(&buf, j, export.HTMLOptions{Lanes: lanes}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// parseHTML parses a page.
func parseHTML(t *testing.T, page string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// find returns the elements for which match is true, in document order.
func find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// hasClass matches elements of a tag carrying a class.
func hasClass(tag, class string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		if n.Data != tag {
			return false
		}
		for _, a := range n.Attr {
			if a.Key == "class" && slices.Contains(strings.Fields(a.Val), class) {
				return true
			}
		}
		return false
	}
}

// text returns the text content of n.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// stageNames returns the names shown in the stage headers, in order.
func stageNames(doc *html.Node) []string {
	var out []string
	for _, n := range find(doc, hasClass("span", "stagename")) {
		num := text(find(n, hasClass("span", "stagenum"))[0])
		out = append(out, strings.TrimPrefix(text(n), num))
	}
	return out
}

func TestHTMLExampleMap(t *testing.T) {
	j := readExample(t)
	page := renderHTML(t, j, "")
	doc := parseHTML(t, page)

	var want []string
	for _, s := range j.Stages {
		want = append(want, s.Name)
	}
	if got := stageNames(doc); !slices.Equal(got, want) {
		t.Errorf("stage columns = %q, want journey order %q", got, want)
	}
	cards := find(doc, hasClass("div", "card"))
	if len(cards) != len(j.Touchpoints) {
		t.Errorf("%d cards, want one per touchpoint (%d)", len(cards), len(j.Touchpoints))
	}
	names := map[string]bool{}
	for _, c := range cards {
		names[text(find(c, hasClass("span", "name"))[0])] = true
	}
	for i := range j.Touchpoints {
		if !names[j.Touchpoints[i].Name()] {
			t.Errorf("no card for %s %q", j.Touchpoints[i].ID(), j.Touchpoints[i].Name())
		}
	}

	// Cards coloured by mode, naming the owner team.
	for i, c := range cards {
		class := attr(c, "class")
		if !regexp.MustCompile(`\bmode-(ongoing|automatic|manual)\b`).MatchString(class) {
			t.Errorf("card %d has no mode colour: class %q", i+1, class)
		}
	}
	if c := cards[0]; !strings.Contains(text(c), "Marketing") {
		t.Errorf("first card does not name its owner team: %q", text(c))
	}

	// Gaps: Onboarding (1 live, no inbound) and Expansion (no inbound).
	var gapped []string
	for _, th := range find(doc, hasClass("th", "gap")) {
		gapped = append(gapped, stageNames(th)...)
	}
	if !slices.Equal(gapped, []string{"Onboarding", "Expansion"}) {
		t.Errorf("stages marked with gaps = %q, want Onboarding and Expansion", gapped)
	}
	onboarding := text(find(doc, hasClass("th", "gap"))[0])
	for _, gap := range []string{"only 1 live touchpoint", "no inbound touchpoint"} {
		if !strings.Contains(onboarding, gap) {
			t.Errorf("Onboarding header lacks %q: %q", gap, onboarding)
		}
	}

	// Emotion curve: a point per stage, the low point at Onboarding (-1).
	points := find(doc, func(n *html.Node) bool { return n.Data == "circle" })
	if len(points) != len(j.Stages) {
		t.Fatalf("%d points on the emotion curve, want %d", len(points), len(j.Stages))
	}
	if segs := find(doc, hasClass("line", "seg")); len(segs) != len(j.Stages)-1 {
		t.Errorf("%d segments, want %d", len(segs), len(j.Stages)-1)
	}
	for i, p := range points {
		low := strings.Contains(attr(p, "class"), "low")
		if low != (j.Stages[i].Name == "Onboarding") {
			t.Errorf("point %d (%s) low=%v", i+1, j.Stages[i].Name, low)
		}
		y, _ := strconv.ParseFloat(attr(p, "cy"), 64)
		if i > 0 {
			prev, _ := strconv.ParseFloat(attr(points[i-1], "cy"), 64)
			df := float64(j.Stages[i].Feeling.Value - j.Stages[i-1].Feeling.Value)
			if df > 0 && y >= prev || df < 0 && y <= prev || df == 0 && y != prev {
				t.Errorf("point %d: y %v after %v does not follow the feeling %d -> %d", i+1, y, prev, j.Stages[i-1].Feeling.Value, j.Stages[i].Feeling.Value)
			}
		}
	}

	// The legend names every mode.
	legend := text(find(doc, hasClass("section", "legend"))[0])
	for _, w := range []string{"Ongoing", "Automatic", "Manual", "low point", "gap"} {
		if !strings.Contains(legend, w) {
			t.Errorf("legend lacks %q", w)
		}
	}
}

// TestHTMLSelfContained checks that the page loads nothing and runs
// nothing, and prints on landscape pages without cutting cards.
func TestHTMLSelfContained(t *testing.T) {
	page := renderHTML(t, readExample(t), "")
	for _, bad := range []string{"<script", " src=", "href=", "url(", "@import", "http://", "https://", "<link", "<img", "<iframe"} {
		if strings.Contains(strings.ToLower(page), bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	for _, want := range []string{"<style>", "<svg", "@page", "landscape", "break-inside: avoid", "Content-Security-Policy", "default-src 'none'"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestHTMLLanes(t *testing.T) {
	j := readExample(t)
	for _, tc := range []struct {
		lanes export.Lane
		want  []string
	}{
		{export.LaneTeam, []string{"Marketing", "Sales", "Customer Success", "Support", "Product"}},
		{export.LaneMode, []string{"Ongoing", "Automatic", "Manual"}},
		{export.LaneDirection, []string{"Outbound", "Inbound"}},
		{export.LaneChannel, []string{"Email", "Chatbot", "In-app", "Website", "Video call", "Meeting", "Webinar", "Event", "Social media", "Paid ads", "Community", "Help center", "Support ticket"}},
	} {
		doc := parseHTML(t, renderHTML(t, j, tc.lanes))
		var got []string
		total := 0
		for _, tr := range find(doc, hasClass("tr", "lane")) {
			th := find(tr, func(n *html.Node) bool { return n.Data == "th" })[0]
			got = append(got, text(th.FirstChild))
			total += len(find(tr, hasClass("div", "card")))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("lanes %s = %q, want %q", tc.lanes, got, tc.want)
		}
		if total != len(j.Touchpoints) {
			t.Errorf("lanes %s hold %d cards, want %d", tc.lanes, total, len(j.Touchpoints))
		}
	}
	if _, ok := export.ParseLane("Teams"); ok {
		t.Error("ParseLane accepted Teams")
	}
	if l, ok := export.ParseLane("Direction"); !ok || l != export.LaneDirection {
		t.Error("ParseLane refused Direction")
	}
}

// TestHTMLEscapesAndEdges renders text that would be markup, a stage
// without a feeling (the mean of its touchpoints is drawn), an empty
// stage, a stage the Stages sheet does not list, and a touchpoint without
// a channel.
func TestHTMLEscapesAndEdges(t *testing.T) {
	evil := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	j := &journey.Journey{
		File:    "evil.csv",
		Persona: journey.Persona{Name: evil},
		Stages: []journey.Stage{
			{Name: "Start " + evil, Feeling: journey.Some(1)},
			{Name: "Middle"},
			{Name: "Empty", Feeling: journey.Some(-2)},
		},
		Table: allColumns(),
	}
	add := func(stage, name, channel, dir, feeling string) {
		j.Touchpoints = append(j.Touchpoints, tp(map[journey.Field]string{journey.FieldStage: stage, journey.FieldTouchpoint: name,
			journey.FieldChannel: channel, journey.FieldMode: "Automatic", journey.FieldDirection: dir, journey.FieldOwnerTeam: "Team " + evil, journey.FieldFeeling: feeling}))
	}
	add("Start "+evil, "Card "+evil, "Email", "Inbound", "2")
	add("Start "+evil, "Second", "Email", "Outbound", "")
	add("Middle", "M1", "Chat", "Outbound", "-1")
	add("Middle", "M2", "", "Outbound", "0")
	add("Nowhere", "Lost", "Email", "Inbound", "")
	page := renderHTML(t, j, "")
	if strings.Contains(page, "<script") || strings.Contains(page, "<img") {
		t.Fatal("markup in the journey's text reached the page unescaped")
	}
	if !strings.Contains(page, "&lt;script&gt;") {
		t.Error("the escaped text is missing")
	}
	doc := parseHTML(t, page)
	if got := stageNames(doc); !slices.Equal(got, []string{"Start " + evil, "Middle", "Empty", "Nowhere"}) {
		t.Errorf("stages = %q", got)
	}
	points := find(doc, func(n *html.Node) bool { return n.Data == "circle" })
	var classes []string
	for _, p := range points {
		classes = append(classes, attr(p, "class"))
	}
	// Start: stage +1; Middle: mean of -1 and 0; Empty: stage -2 (low); Nowhere: no feeling.
	if !slices.Equal(classes, []string{"stage", "mean", "stage low"}) {
		t.Errorf("curve points = %q", classes)
	}
	if got := text(find(doc, hasClass("text", "val"))[1]); got != "-0.5" {
		t.Errorf("Middle's mean feeling shows %q, want -0.5", got)
	}
	var gapped []string
	for _, th := range find(doc, hasClass("th", "gap")) {
		gapped = append(gapped, stageNames(th)...)
	}
	// Middle has no inbound; Empty has nothing; Nowhere has one live touchpoint.
	if !slices.Equal(gapped, []string{"Middle", "Empty", "Nowhere"}) {
		t.Errorf("gaps = %q", gapped)
	}
	if n := len(find(doc, hasClass("th", "unlisted"))); n != 1 {
		t.Errorf("%d unlisted stages, want 1 (Nowhere)", n)
	}
	var lanes []string
	for _, tr := range find(doc, hasClass("tr", "lane")) {
		lanes = append(lanes, text(find(tr, func(n *html.Node) bool { return n.Data == "th" })[0].FirstChild))
	}
	if !slices.Equal(lanes, []string{"Email", "Chat", "(no channel)"}) {
		t.Errorf("lanes = %q", lanes)
	}
}

// chromium finds a headless Chromium, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("Chromium is not installed (Debian: apt-get install chromium); the HTML map is not rendered")
	return ""
}

// runChromium loads file in headless Chromium with extra flags and returns
// its standard output and its log (standard error).
func runChromium(t *testing.T, bin, file string, flags ...string) (stdout, log string) {
	t.Helper()
	profile := t.TempDir()
	args := append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars", "--user-data-dir=" + profile,
		"--enable-logging=stderr", "--v=0",
	}, flags...)
	args = append(args, "file://"+file)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", flags, err, errOut.String())
	}
	return out.String(), errOut.String()
}

// consoleLine matches what Chromium logs for a console message or an
// uncaught exception.
var consoleLine = regexp.MustCompile(`(?m)^.*(:CONSOLE\(|:CONSOLE:|Uncaught).*$`)

// TestHTMLInChromium renders the example's map in headless Chromium: the
// page loads without console messages, every stage and touchpoint is on
// it, a screenshot shows it (committed as docs/journey-map.png with
// -update), and it prints on landscape pages.
func TestHTMLInChromium(t *testing.T) {
	bin := chromium(t)
	j := readExample(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "map.html")
	if err := os.WriteFile(page, []byte(renderHTML(t, j, "")), 0o644); err != nil {
		t.Fatal(err)
	}

	// The console check must see a broken page, or it proves nothing.
	broken := filepath.Join(dir, "broken.html")
	if err := os.WriteFile(broken, []byte(`<!DOCTYPE html><p>x</p><script>console.error("boom"); nope();</script>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, log := runChromium(t, bin, broken, "--dump-dom"); !consoleLine.MatchString(log) {
		t.Fatalf("Chromium's log shows no console error for a broken page; the console check cannot work:\n%s", log)
	}

	dom, log := runChromium(t, bin, page, "--dump-dom")
	if m := consoleLine.FindAllString(log, -1); len(m) > 0 {
		t.Errorf("console messages while loading the map:\n%s", strings.Join(m, "\n"))
	}
	doc := parseHTML(t, dom)
	var stages []string
	for _, s := range j.Stages {
		stages = append(stages, s.Name)
	}
	if got := stageNames(doc); !slices.Equal(got, stages) {
		t.Errorf("rendered stages = %q, want %q", got, stages)
	}
	shown := map[string]bool{}
	for _, c := range find(doc, hasClass("div", "card")) {
		shown[text(find(c, hasClass("span", "name"))[0])] = true
	}
	for i := range j.Touchpoints {
		if !shown[j.Touchpoints[i].Name()] {
			t.Errorf("touchpoint %s %q is not on the rendered page", j.Touchpoints[i].ID(), j.Touchpoints[i].Name())
		}
	}

	shot := filepath.Join(dir, "map.png")
	runChromium(t, bin, page, "--screenshot="+shot, "--window-size=1600,1000")
	img := checkScreenshot(t, shot)
	if *update {
		b, err := os.ReadFile(shot)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(repoPath(t, "docs", "journey-map.png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote docs/journey-map.png (%v)", img.Bounds().Size())
	}

	pdf := filepath.Join(dir, "map.pdf")
	runChromium(t, bin, page, "--no-pdf-header-footer", "--print-to-pdf="+pdf)
	checkLandscape(t, pdf)
}

// checkScreenshot decodes a screenshot and checks its size and that it
// shows the map's colours, not a blank page.
func checkScreenshot(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if got := img.Bounds().Size(); got != image.Pt(1600, 1000) {
		t.Errorf("screenshot is %v, want 1600x1000", got)
	}
	colours := map[[3]uint32]bool{}
	for y := 0; y < img.Bounds().Dy(); y += 7 {
		for x := 0; x < img.Bounds().Dx(); x += 7 {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 12, g >> 12, b >> 12}] = true
		}
	}
	if len(colours) < 20 {
		t.Errorf("screenshot has %d colours: the map did not render", len(colours))
	}
	return img
}

var mediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]`)

// checkLandscape checks that every page of a printed PDF is landscape.
func checkLandscape(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	boxes := mediaBox.FindAllSubmatch(b, -1)
	if len(boxes) == 0 {
		t.Fatal("printed PDF has no page size")
	}
	for _, m := range boxes {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		if w <= h {
			t.Errorf("printed page is %vx%v points, want landscape", w, h)
		}
	}
}
