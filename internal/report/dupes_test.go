package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/fatih/color"

	"github.com/journey-cli/journey/internal/dupes"
	"github.com/journey-cli/journey/internal/journey"
	"github.com/journey-cli/journey/internal/templates"
	"github.com/journey-cli/journey/internal/workbook"
)

// -update rewrites the golden files (registered here unless another test
// file of the package already has).
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files")
	}
}

func updatingGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

var dupesTestdata = filepath.Join("..", "..", "testdata", "dupes")

// dupesOf runs dupes on testdata/dupes files, named as the user would.
func dupesOf(t *testing.T, files ...string) dupes.Result {
	t.Helper()
	tpl, err := templates.Load(templates.Default)
	if err != nil {
		t.Fatal(err)
	}
	var js []*journey.Journey
	for _, f := range files {
		j, err := workbook.Read(filepath.Join(dupesTestdata, f), workbook.ReadOptions{Template: tpl})
		if err != nil {
			t.Fatal(err)
		}
		js = append(js, j)
	}
	res := dupes.Analyze(js, dupes.Options{})
	// name the files as a user in testdata/dupes would
	for gi := range res.Groups {
		for mi := range res.Groups[gi].Members {
			m := &res.Groups[gi].Members[mi]
			m.Loc.File = filepath.Base(m.Loc.File)
		}
	}
	return res
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(dupesTestdata, "golden", name)
	if updatingGolden() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./internal/report -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test ./internal/report -update rewrites it); got:\n%s", name, got)
	}
}

func TestDupesGolden(t *testing.T) {
	color.NoColor = true
	cases := []struct {
		name  string
		files []string
	}{
		{"labelled", []string{"labelled.csv"}},
		{"two-teams", []string{"marketing.csv", "product.csv"}},
		{"none", []string{"product.csv"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := dupesOf(t, tc.files...)
			sum := DupesSummary{Compared: res.Compared, Threshold: res.Threshold}
			var table, md, csv bytes.Buffer
			if err := WriteDupesTable(&table, res.Groups, sum, 80); err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(strings.TrimSuffix(table.String(), "\n"), "\n") {
				if n := len([]rune(line)); n > 80 {
					t.Errorf("table line %d is %d columns wide: %q", i+1, n, line)
				}
			}
			if err := WriteDupesMarkdown(&md, res.Groups, sum); err != nil {
				t.Fatal(err)
			}
			if err := WriteDupesCSV(&csv, res.Groups); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.name+".table.txt", table.Bytes())
			checkGolden(t, tc.name+".md", md.Bytes())
			checkGolden(t, tc.name+".csv", csv.Bytes())
		})
	}
}

func TestDupesJSON(t *testing.T) {
	res := dupesOf(t, "marketing.csv", "product.csv")
	var buf bytes.Buffer
	if err := WriteJSON(&buf, NewDupesReport(res.Groups)); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Groups []map[string]json.RawMessage `json:"groups"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Groups) != 1 {
		t.Fatalf("groups: %s", buf.String())
	}
	for _, k := range []string{"stage", "persona", "similarity", "cross_team", "suggested_owner", "members"} {
		if _, ok := got.Groups[0][k]; !ok {
			t.Errorf("group lacks %q", k)
		}
	}
	var members []map[string]any
	if err := json.Unmarshal(got.Groups[0]["members"], &members); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"id": "MKT-05", "file": "marketing.csv", "sheet": "", "row": float64(6), "cell": "C6",
		"touchpoint": "Monthly product newsletter", "channel": "Email", "team": "Marketing"}
	for k, v := range want {
		if members[0][k] != v {
			t.Errorf("member %s = %v, want %v", k, members[0][k], v)
		}
	}
	if len(members[0]) != len(want) {
		t.Errorf("member has keys %v", members[0])
	}
	buf.Reset()
	if err := WriteJSON(&buf, NewDupesReport(nil)); err != nil || strings.TrimSpace(buf.String()) != "{\n  \"groups\": []\n}" {
		t.Errorf("no groups: %q %v", buf.String(), err)
	}
}

func TestDupesTableColour(t *testing.T) {
	defer func(v bool) { color.NoColor = v }(color.NoColor)
	res := dupesOf(t, "marketing.csv", "product.csv")
	var plain, coloured bytes.Buffer
	color.NoColor = true
	_ = WriteDupesTable(&plain, res.Groups, DupesSummary{}, 80)
	color.NoColor = false
	_ = WriteDupesTable(&coloured, res.Groups, DupesSummary{}, 80)
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("colour codes with colour off")
	}
	if !strings.Contains(coloured.String(), "\x1b[") {
		t.Error("no colour codes with colour on")
	}
}

func TestDupesTableNarrow(t *testing.T) {
	color.NoColor = true
	res := dupesOf(t, "labelled.csv")
	var buf bytes.Buffer
	if err := WriteDupesTable(&buf, res.Groups, DupesSummary{}, 60); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(buf.String(), "\n") {
		if n := len([]rune(line)); n > 60 {
			t.Errorf("%d columns at width 60: %q", n, line)
		}
	}
}

func TestWrapIndent(t *testing.T) {
	got := wrapIndent("suggested owner: Customer Success (as automated as Marketing and Product (automatic); first alphabetically)", 40, "   ")
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if len(line) > 40 || !strings.HasPrefix(line, "   ") {
			t.Errorf("line %q", line)
		}
	}
	if strings.Join(strings.Fields(got), " ") != "suggested owner: Customer Success (as automated as Marketing and Product (automatic); first alphabetically)" {
		t.Errorf("words lost: %q", got)
	}
}

func TestDupesTableCapsHugeGroups(t *testing.T) {
	color.NoColor = true
	g := dupes.Group{Stage: "Adoption", Similarity: 0.7, SuggestedOwner: "Marketing", OwnerReason: "owns the Adoption stage"}
	for i := range 100 {
		g.Members = append(g.Members, dupes.Member{ID: "TP-" + strconv.Itoa(i), Touchpoint: "Monthly newsletter", Channel: "Email", Team: "Marketing",
			Loc: journey.Loc{File: "big.xlsx", Sheet: "Touchpoints", Row: i + 2, Col: 3}})
	}
	var buf bytes.Buffer
	if err := WriteDupesTable(&buf, []dupes.Group{g}, DupesSummary{Compared: 100, Threshold: 0.55}, 80); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Count(out, "Monthly newsletter") != MaxTableMembers || !strings.Contains(out, "... and 70 more (--format csv or json lists every member)") {
		t.Errorf("output:\n%s", out)
	}
}
