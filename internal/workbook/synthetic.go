package workbook

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/journey-cli/journey/internal/journey"
)

// WriteSynthetic writes a workbook of n generated touchpoints with the
// template's stages and lists, for benchmarks: realistic names, a few
// duplicate efforts, every required column filled, numbers typed as
// numbers. The same seed gives the
// same workbook. It streams rows, so large n stays cheap to write.
func WriteSynthetic(path string, tpl *journey.Template, n int, seed uint64) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", journey.SheetTouchpoints); err != nil {
		return err
	}
	if err := writeSyntheticStages(f, tpl); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(journey.SheetTouchpoints)
	if err != nil {
		return err
	}
	header := make([]any, journey.NumFields)
	for i, c := range journey.TouchpointColumns {
		header[i] = c.Name
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var recent [][]any // a window of earlier rows that duplicates copy from
	for i := range n {
		row := syntheticRow(rng, tpl, i, recent)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
		if len(recent) == 1000 {
			recent = recent[1:]
		}
		recent = append(recent, row)
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return WriteFileAtomic(path, true, func(w io.Writer) error { return f.Write(w) })
}

// Words the synthetic touchpoints are made of: a name is a topic, a
// format and an audience ("Pricing webinar for admins"), which gives
// about 40,000 distinct names, so most touchpoints are unique as in a real
// map; one row in fifty re-uses an earlier row's name and purpose for
// another team, as the duplicate efforts dupes looks for.
var (
	syntheticTopics = []string{"Pricing", "Security", "Onboarding", "Integration", "Reporting", "Billing", "Renewal", "Upgrade",
		"Roadmap", "Compliance", "Analytics", "Automation", "Migration", "Training", "Feedback", "Referral", "Community",
		"Release", "Usage", "Adoption", "Health check", "Contract", "Invoice", "Trial", "Welcome", "Feature", "API",
		"Mobile app", "Dashboard", "Workflow", "Permissions", "Data export", "Single sign-on", "Templates", "Benchmark",
		"Case study", "Certification", "Partner", "Expansion", "Support"}
	syntheticFormats = []string{"webinar", "newsletter", "reminder", "call", "email sequence", "guide", "survey", "workshop",
		"checklist", "office hours", "video", "digest", "announcement", "review", "tour", "playbook", "report", "invitation",
		"follow-up", "summit", "podcast", "demo", "Q&A", "teardown", "briefing"}
	syntheticAudiences = []string{"admins", "new users", "executives", "champions", "finance", "IT", "developers", "managers",
		"trialists", "power users", "partners", "analysts", "the buying team", "team leads", "security reviewers",
		"procurement", "operations", "marketing ops", "sales ops", "agencies", "small teams", "enterprise accounts",
		"at-risk accounts", "renewing accounts", "free plan users", "EMEA", "APAC", "North America", "students",
		"nonprofits", "startups", "the board", "end users", "evaluators", "decision makers", "sponsors", "ops leads",
		"customer success", "detractors", "promoters"}
	syntheticGoals = []string{"Help the customer get value faster", "Announce what changed and why it matters",
		"Remind the customer before a deadline", "Invite the customer to learn live", "Collect feedback on the last step",
		"Answer questions before they become tickets", "Show proof from similar companies", "Prepare the next conversation"}
)

// syntheticRow makes row i; dupOf, when not negative, is an earlier row
// whose name and purpose it repeats.
func syntheticRow(rng *rand.Rand, tpl *journey.Template, i int, earlier [][]any) []any {
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	v := tpl.Vocab
	row := make([]any, journey.NumFields)
	row[journey.FieldID] = fmt.Sprintf("TP-%06d", i+1)
	row[journey.FieldStage] = tpl.Stages[rng.IntN(len(tpl.Stages))].Name
	row[journey.FieldTouchpoint] = pick(syntheticTopics) + " " + pick(syntheticFormats) + " for " + pick(syntheticAudiences)
	row[journey.FieldPurpose] = pick(syntheticGoals) + ": " + strings.ToLower(pick(syntheticTopics)) + " for " + pick(syntheticAudiences)
	if len(earlier) > 0 && rng.IntN(50) == 0 {
		src := earlier[rng.IntN(len(earlier))]
		row[journey.FieldStage], row[journey.FieldTouchpoint], row[journey.FieldPurpose] = src[journey.FieldStage], src[journey.FieldTouchpoint], src[journey.FieldPurpose]
	}
	row[journey.FieldChannel] = pick(v.Channels)
	row[journey.FieldMode] = pick(v.Modes)
	row[journey.FieldDirection] = pick(v.Directions)
	row[journey.FieldOwnerTeam] = pick(v.Teams)
	row[journey.FieldDRI] = pick([]string{"Dana Lee", "Sam Ortiz", "Kim Park", "Alex Morgan"})
	row[journey.FieldCadence] = pick(v.Cadences)
	row[journey.FieldDay] = rng.IntN(30)
	row[journey.FieldTrigger] = "Stage entered"
	row[journey.FieldKPI] = pick([]string{"Open rate", "Reply rate", "Attendance", "CSAT"})
	row[journey.FieldTarget] = float64(rng.IntN(90)+10) / 100
	row[journey.FieldActual] = float64(rng.IntN(90)+10) / 100
	row[journey.FieldFeeling] = rng.IntN(5) - 2
	row[journey.FieldStatus] = pick([]string{"Live", "Live", "Live", "Planned", "Retired"})
	for f := journey.FieldFriction; f < journey.NumFields; f++ {
		if row[f] == nil {
			row[f] = ""
		}
	}
	return row
}

func writeSyntheticStages(f *excelize.File, tpl *journey.Template) error {
	if _, err := f.NewSheet(journey.SheetStages); err != nil {
		return err
	}
	if err := f.SetSheetRow(journey.SheetStages, "A1", &[]any{"Stage", "KPI", "Owner team", "Days"}); err != nil {
		return err
	}
	for i, s := range tpl.Stages {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(journey.SheetStages, cell, &[]any{s.Name, s.KPI, s.OwnerTeam, s.Days.Value}); err != nil {
			return err
		}
	}
	return nil
}

// StreamCells reads every cell of a sheet with excelize's streaming
// iterator and nothing else: the baseline the benchmarks compare the
// commands with (SPEC 9). It returns the number of non-empty cells.
func StreamCells(path, sheet string) (int, error) {
	f, err := excelize.OpenFile(path, excelizeOptions())
	if err != nil {
		return 0, err
	}
	defer f.Close()
	rows, err := f.Rows(sheet)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		cells, err := rows.Columns()
		if err != nil {
			return n, err
		}
		for _, c := range cells {
			if c != "" {
				n++
			}
		}
	}
	return n, rows.Error()
}

// SheetData is a sheet for WriteSheets: rows of values starting at Start
// ("A1" when empty), and ranges to merge.
type SheetData struct {
	Name  string
	Start string
	Rows  [][]any
	Merge []string
}

// WriteSheets writes a workbook holding exactly the given sheets, for
// tests that need a workbook of a particular shape.
func WriteSheets(path string, sheets []SheetData) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if err := addSheet(f, i, s); err != nil {
			return err
		}
	}
	return WriteFileAtomic(path, true, func(w io.Writer) error { return f.Write(w) })
}

func addSheet(f *excelize.File, index int, s SheetData) error {
	var err error
	if index == 0 {
		err = f.SetSheetName("Sheet1", s.Name)
	} else {
		_, err = f.NewSheet(s.Name)
	}
	if err != nil {
		return err
	}
	start := s.Start
	if start == "" {
		start = "A1"
	}
	col, row, err := excelize.CellNameToCoordinates(start)
	if err != nil {
		return err
	}
	for i, r := range s.Rows {
		cell, _ := excelize.CoordinatesToCellName(col, row+i)
		if err := f.SetSheetRow(s.Name, cell, &r); err != nil {
			return err
		}
	}
	for _, m := range s.Merge {
		first, last, _ := strings.Cut(m, ":")
		if err := f.MergeCell(s.Name, first, last); err != nil {
			return err
		}
	}
	return nil
}
