package workbook

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/journey-cli/journey/internal/journey"
)

// mergeBase writes a small hand-made workbook (header in row 1, columns
// ID..Owner team and Budget, no DRI) with build's additions, and reads it.
func mergeBase(t *testing.T, build func(f *excelize.File)) (string, *journey.Journey) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "base.xlsx")
	f := excelize.NewFile()
	defer f.Close()
	s := journey.SheetTouchpoints
	if err := f.SetSheetName("Sheet1", s); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"ID", "Stage", "Touchpoint", "Channel", "Mode", "Direction", "Owner team", "Target", "Budget"},
		{"TP-001", "Awareness", "Blog", "Website", "Ongoing", "Inbound", "Marketing", 0.35, 1200},
		{"TP-002", "Onboarding", "Kickoff call", "Video call", "Manual", "Outbound", "Customer Success", 0.5, 900},
	}
	for i, r := range rows {
		if err := f.SetSheetRow(s, journey.CellName(1, i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 9})
	money, _ := f.NewStyle(&excelize.Style{NumFmt: 3, Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}})
	f.SetCellStyle(s, "H2", "H3", pct)
	f.SetCellStyle(s, "I2", "I3", money)
	if build != nil {
		build(f)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	j, err := Read(path, ReadOptions{Template: mustTemplate(t)})
	if err != nil {
		t.Fatal(err)
	}
	return path, j
}

// newTouchpoint returns a touchpoint of the given fields, typed.
func newTP(values map[journey.Field]string, extra ...string) journey.Touchpoint {
	tp := journey.Touchpoint{}
	for f, v := range values {
		tp.SetRaw(f, v)
	}
	for i, v := range extra {
		if v != "" {
			if tp.Extra == nil {
				tp.Extra = map[int]string{}
			}
			tp.Extra[int(journey.NumFields)+1+i] = v
		}
	}
	journey.ParseTyped(&tp)
	return tp
}

// baseRows returns the base's touchpoints as merged rows kept in place.
func baseRows(j *journey.Journey) []MergedRow {
	var out []MergedRow
	for _, tp := range j.Touchpoints {
		tp.Extra = map[int]string{int(journey.NumFields) + 1: tp.Extra[9]}
		out = append(out, MergedRow{Touchpoint: tp, BaseRow: tp.Row})
	}
	return out
}

func TestWriteMergeAppendsAndFills(t *testing.T) {
	_, base := mergeBase(t, func(f *excelize.File) {
		f.SetCellValue(journey.SheetTouchpoints, "J1", "Notes")
		f.AddComment(journey.SheetTouchpoints, excelize.Comment{Cell: "C3", Author: "Priya", Text: "Book it early."})
		// A validation over exactly the rows, and a dropdown over exactly
		// the channels.
		dv := excelize.NewDataValidation(true)
		dv.Sqref = "I2:I3"
		dv.SetRange(0, 100000, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
		f.AddDataValidation(journey.SheetTouchpoints, dv)
		ch := excelize.NewDataValidation(true)
		ch.Sqref = "D2:D3"
		ch.SetSqrefDropList("'Lists'!$A$2:$A$3")
		f.AddDataValidation(journey.SheetTouchpoints, ch)
		f.NewSheet(journey.SheetLists)
		f.SetSheetRow(journey.SheetLists, "A1", &[]any{"Channel", "Automatable", "Mode", "Direction", "Owner team"})
		f.SetCellValue(journey.SheetLists, "A2", "Website")
		f.SetCellValue(journey.SheetLists, "A3", "Video call")
		f.SetCellValue(journey.SheetLists, "B2", "No")
		f.SetCellValue(journey.SheetLists, "B3", "No")
		f.SetCellValue(journey.SheetLists, "E2", "Marketing")
		f.SetDefinedName(&excelize.DefinedName{Name: "Channels", RefersTo: "Lists!$A$2:$A$3"})
		f.NewSheet(journey.SheetStages)
		f.SetSheetRow(journey.SheetStages, "A1", &[]any{"Stage", "Goal", "KPI", "Target"})
		f.SetSheetRow(journey.SheetStages, "A2", &[]any{"Awareness", "Be found"})
		f.SetSheetRow(journey.SheetStages, "A3", &[]any{"Onboarding", "", "Time to value"})
		f.NewSheet(journey.SheetPersona)
		f.SetSheetRow(journey.SheetPersona, "A1", &[]any{"Field", "Value"})
		f.SetSheetRow(journey.SheetPersona, "A2", &[]any{"Persona", "Ops Manager"})
		f.SetSheetRow(journey.SheetPersona, "A3", &[]any{"Owner"})
	})
	rows := baseRows(base)
	// TP-002 is renumbered and takes a DRI from its twin in another file.
	rows[1].Touchpoint.SetRaw(journey.FieldID, "TP-004")
	rows[1].Touchpoint.SetRaw(journey.FieldDRI, "Priya Nair")
	rows = append(rows,
		MergedRow{Touchpoint: newTP(map[journey.Field]string{journey.FieldID: "TP-003", journey.FieldStage: "Awareness",
			journey.FieldTouchpoint: "Podcast", journey.FieldChannel: "Podcast", journey.FieldOwnerTeam: "Partnerships",
			journey.FieldTarget: "500", journey.FieldDRI: "Lena"}, "800", "EMEA")},
		MergedRow{Touchpoint: newTP(map[journey.Field]string{journey.FieldStage: "Onboarding",
			journey.FieldTouchpoint: "Kit", journey.FieldChannel: "Direct mail", journey.FieldTarget: "12.5%"}, "", "APAC")})
	out := filepath.Join(t.TempDir(), "merged.xlsx")
	opts := MergeOptions{Base: base, Rows: rows, ExtraColumns: []string{"Budget", "Region"},
		Stages: []journey.Stage{{Name: "Awareness", KPI: "Visits", Target: journey.Measure{Value: 0.2, Percent: true, Known: true}},
			{Name: "Onboarding", Goal: "Go live", KPI: "Other"}},
		Vocab:   journey.Vocabulary{Channels: []string{"Website", "Video call", "Podcast", "Direct mail"}, Teams: []string{"Marketing", "Partnerships"}, Automatable: map[string]bool{"directmail": true}},
		Persona: journey.Persona{Name: "CMO", Owner: "Dana", Settings: map[string]journey.Setting{"mintouchpoints": {Field: "Min touchpoints", Value: "3"}}}}
	if err := WriteMerge(out, opts); err != nil {
		t.Fatal(err)
	}
	if err := WriteMerge(out, opts); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second write: %v, want it to refuse replacing the file", err)
	}

	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := journey.SheetTouchpoints
	want := map[string]string{
		"A3": "TP-004", "K1": "DRI", "K3": "Priya Nair", "K2": "", "L1": "Region", // DRI and Region added after Notes (J)
		"A4": "TP-003", "C4": "Podcast", "H4": "500", "I4": "800", "K4": "Lena", "L4": "EMEA",
		"A5": "", "C5": "Kit", "H5": "12.5%", "L5": "APAC",
	}
	for cell, v := range want {
		if got, _ := f.GetCellValue(s, cell); got != v {
			t.Errorf("Touchpoints!%s = %q, want %q", cell, got, v)
		}
	}
	style := func(sheet, cell string) *excelize.Style {
		id, _ := f.GetCellStyle(sheet, cell)
		st, _ := f.GetStyle(id)
		return st
	}
	if st := style(s, "I4"); st.NumFmt != 3 || len(st.Border) != 1 {
		t.Errorf("appended Budget I4 style %+v, want the rows' #,##0 with a border", st)
	}
	if st := style(s, "H4"); st.NumFmt != 0 || st.CustomNumFmt != nil {
		t.Errorf("appended Target 500 shows as %d %v, want General (the rows above are percentages)", st.NumFmt, st.CustomNumFmt)
	}
	if st := style(s, "H5"); st.CustomNumFmt == nil || *st.CustomNumFmt != "0.0%" {
		t.Errorf("appended Target 12.5%% has format %d %v, want 0.0%%", st.NumFmt, st.CustomNumFmt)
	}
	if c, _ := f.GetComments(s); len(c) != 1 || c[0].Cell != "C3" {
		t.Errorf("comments %+v, want the one on C3", c)
	}
	dvs, _ := f.GetDataValidations(s)
	var refs []string
	for _, dv := range dvs {
		refs = append(refs, dv.Sqref+" "+dv.Formula1)
	}
	slices.Sort(refs)
	if want := []string{"D2:D5 'Lists'!$A$2:$A$5", "I2:I5 0"}; !slices.Equal(refs, want) {
		t.Errorf("validations %q, want %q", refs, want)
	}
	if dim, _ := f.GetSheetDimension(s); dim != "A1:L5" {
		t.Errorf("dimension %s, want A1:L5", dim)
	}
	lists := map[string]string{"A4": "Podcast", "B4": "No", "A5": "Direct mail", "B5": "Yes", "E3": "Partnerships", "A6": ""}
	for cell, v := range lists {
		if got, _ := f.GetCellValue(journey.SheetLists, cell); got != v {
			t.Errorf("Lists!%s = %q, want %q", cell, got, v)
		}
	}
	if names := f.GetDefinedName(); len(names) != 1 || names[0].RefersTo != "Lists!$A$2:$A$5" {
		t.Errorf("names %+v, want Channels grown to $A$5", names)
	}
	stages := map[string]string{"B2": "Be found", "C2": "Visits", "D2": "20%", "B3": "Go live", "C3": "Time to value"}
	for cell, v := range stages {
		if got, _ := f.GetCellValue(journey.SheetStages, cell); got != v {
			t.Errorf("Stages!%s = %q, want %q", cell, got, v)
		}
	}
	persona := map[string]string{"B2": "Ops Manager", "B3": "Dana", "A4": "Min touchpoints", "B4": "3"}
	for cell, v := range persona {
		if got, _ := f.GetCellValue(journey.SheetPersona, cell); got != v {
			t.Errorf("Persona!%s = %q, want %q", cell, got, v)
		}
	}

	j, err := Read(out, ReadOptions{Template: mustTemplate(t)})
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Touchpoints) != 4 || j.Persona.Owner != "Dana" || !slices.Contains(j.Vocab.Channels, "Podcast") {
		t.Errorf("read back %d touchpoints, persona %+v, channels %q", len(j.Touchpoints), j.Persona, j.Vocab.Channels)
	}
}

// TestWriteMergeInsertsAboveContentBelow: a small table under the
// touchpoints moves down, with its comment and the formulas pointing at it,
// rather than being written over.
func TestWriteMergeInsertsAboveContentBelow(t *testing.T) {
	_, base := mergeBase(t, func(f *excelize.File) {
		s := journey.SheetTouchpoints
		f.SetCellValue(s, "K5", "Open question")
		f.SetCellValue(s, "K6", "Who owns the kickoff?")
		f.AddComment(s, excelize.Comment{Cell: "K6", Author: "Dana", Text: "Ask Sales."})
		f.AddComment(s, excelize.Comment{Cell: "C2", Author: "Dana", Text: "Weekly."})
		f.NewSheet("Summary")
		f.SetCellFormula("Summary", "A1", "Touchpoints!K6")
	})
	if len(base.Touchpoints) != 2 {
		t.Fatalf("read %d touchpoints, want 2 (the question is another table)", len(base.Touchpoints))
	}
	rows := append(baseRows(base), MergedRow{Touchpoint: newTP(map[journey.Field]string{journey.FieldID: "TP-009",
		journey.FieldStage: "Awareness", journey.FieldTouchpoint: "Webinar"})})
	out := filepath.Join(t.TempDir(), "merged.xlsx")
	if err := WriteMerge(out, MergeOptions{Base: base, Rows: rows, ExtraColumns: []string{"Budget"}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := journey.SheetTouchpoints
	for cell, v := range map[string]string{"A4": "TP-009", "K5": "", "K6": "Open question", "K7": "Who owns the kickoff?"} {
		if got, _ := f.GetCellValue(s, cell); got != v {
			t.Errorf("%s = %q, want %q", cell, got, v)
		}
	}
	var cells []string
	comments, _ := f.GetComments(s)
	for _, c := range comments {
		cells = append(cells, c.Cell)
	}
	slices.Sort(cells)
	if !slices.Equal(cells, []string{"C2", "K7"}) {
		t.Errorf("comments on %q, want C2 and K7", cells)
	}
	if got, _ := f.GetCellFormula("Summary", "A1"); got != "Touchpoints!K7" {
		t.Errorf("Summary!A1 = %q, want it to follow the question to K7", got)
	}
	// excelize can still edit the comments it moved in the package.
	if err := f.AddComment(s, excelize.Comment{Cell: "A4", Author: "journey", Text: "new"}); err != nil {
		t.Errorf("adding a comment after the move: %v", err)
	}
	j, err := Read(out, ReadOptions{Template: mustTemplate(t)})
	if err != nil || len(j.Touchpoints) != 3 {
		t.Fatalf("read back %v touchpoints, %v", len(j.Touchpoints), err)
	}
}

// TestWriteMergeAddsMissingSheets: a base without Lists and Stages sheets
// gets them, holding the merged vocabularies and stages.
func TestWriteMergeAddsMissingSheets(t *testing.T) {
	_, base := mergeBase(t, nil)
	out := filepath.Join(t.TempDir(), "merged.xlsx")
	stages := []journey.Stage{{Name: "Awareness", Loc: journey.Loc{Sheet: "Stages", Row: 2}, Days: journey.Some(7)}, {Name: "Onboarding", Loc: journey.Loc{Sheet: "Stages", Row: 3}}}
	vocab := journey.Vocabulary{Channels: []string{"Website", "Podcast"}, Teams: []string{"Marketing"}, Modes: journey.ModeNames(),
		Automatable: map[string]bool{"podcast": true}}
	if err := WriteMerge(out, MergeOptions{Base: base, Rows: baseRows(base), ExtraColumns: []string{"Budget"}, Stages: stages, Vocab: vocab}); err != nil {
		t.Fatal(err)
	}
	j, err := Read(out, ReadOptions{Template: mustTemplate(t)})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(j.Vocab.Channels, vocab.Channels) || !j.Vocab.Automatable["podcast"] || len(j.Stages) != 2 || j.Stages[0].Days != journey.Some(7) {
		t.Errorf("channels %q, automatable %v, stages %+v", j.Vocab.Channels, j.Vocab.Automatable, j.Stages)
	}
}

// TestApplyEditsMovesComments deletes blank rows of a workbook excelize
// wrote: the comments below move up with their rows, the one on a deleted
// row goes, and the sheet's declared range shrinks so that the fixed file
// reads.
func TestApplyEditsMovesComments(t *testing.T) {
	path, _ := mergeBase(t, func(f *excelize.File) {
		s := journey.SheetTouchpoints
		f.InsertRows(s, 3, 2) // blank rows 3 and 4: TP-002 is row 5
		f.AddComment(s, excelize.Comment{Cell: "C5", Author: "Dana", Text: "Kickoff."})
		f.AddComment(s, excelize.Comment{Cell: "K4", Author: "Dana", Text: "On a blank row."})
		f.AddComment(s, excelize.Comment{Cell: "C2", Author: "Dana", Text: "Blog."})
		f.SetSheetDimension(s, "A1:I5")
	})
	out := filepath.Join(t.TempDir(), "fixed.xlsx")
	del := func(row int) journey.Edit {
		return journey.Edit{Loc: journey.Loc{Sheet: journey.SheetTouchpoints, Row: row}, DeleteRow: true}
	}
	if err := ApplyEdits(path, out, []journey.Edit{del(3), del(4)}, false); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := map[string]string{}
	comments, _ := f.GetComments(journey.SheetTouchpoints)
	for _, c := range comments {
		got[c.Cell] = c.Text
	}
	if len(got) != 2 || got["C3"] != "Kickoff." || got["C2"] != "Blog." {
		t.Errorf("comments %q, want Blog. on C2 and Kickoff. on C3", got)
	}
	if dim, _ := f.GetSheetDimension(journey.SheetTouchpoints); dim != "A1:I3" {
		t.Errorf("dimension %s, want A1:I3", dim)
	}
	j, err := Read(out, ReadOptions{Template: mustTemplate(t)})
	if err != nil || len(j.Touchpoints) != 2 || j.Touchpoints[1].Row != 3 {
		t.Fatalf("the fixed file reads as %v (%v)", j, err)
	}
}

func TestShiftCommentParts(t *testing.T) {
	s := rowShift{Sheet: "T", Row: 4, Offset: -1}
	comments := `<comments><commentList><comment ref="C3" authorId="0"><text><t>a</t></text></comment>` +
		`<comment ref="C4" authorId="0"><text><t>b</t></text></comment><comment authorId="0" ref="AB12"><text><t>c</t></text></comment></commentList></comments>`
	want := `<comments><commentList><comment ref="C3" authorId="0"><text><t>a</t></text></comment>` +
		`<comment authorId="0" ref="AB11"><text><t>c</t></text></comment></commentList></comments>`
	if got := string(shiftCommentRefs([]byte(comments), s)); got != want {
		t.Errorf("comments:\n%s\nwant\n%s", got, want)
	}
	threaded := `<ThreadedComments><threadedComment ref="B9" dT="2024" id="{1}"><text>x</text></threadedComment></ThreadedComments>`
	if got := string(shiftCommentRefs([]byte(threaded), rowShift{Row: 2, Offset: 3})); !strings.Contains(got, `ref="B12"`) || !strings.Contains(got, `<text>x</text>`) {
		t.Errorf("threaded comment: %s", got)
	}
	vml := `<xml><v:shapetype id="_x0000_t202"/><v:shape id="shape_0" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Anchor>3, 15, 8, 2, 5, 31, 12, 1</x:Anchor><x:Row>9</x:Row><x:Column>2</x:Column></x:ClientData></v:shape>` +
		`<v:shape id="shape_1"><x:ClientData ObjectType="Note"><x:Anchor>3, 15, 2, 2, 5, 31, 5, 1</x:Anchor><x:Row>3</x:Row><x:Column>2</x:Column></x:ClientData></v:shape>` +
		`<v:shape id="b"><x:ClientData ObjectType="Button"><x:Row>20</x:Row></x:ClientData></v:shape></xml>`
	got := string(shiftNotes([]byte(vml), s))
	if !strings.Contains(got, `<x:Anchor>3, 15, 7, 2, 5, 31, 11, 1</x:Anchor><x:Row>8</x:Row>`) || strings.Contains(got, `shape_1`) || !strings.Contains(got, `<x:Row>20</x:Row>`) {
		t.Errorf("notes: %s", got)
	}
}

func TestEscapeValidationFormula(t *testing.T) {
	for in, want := range map[string]string{
		`Lists!$A$2:$A$200`:            `Lists!$A$2:$A$200`,
		`"Yes,No"`:                     `"Yes,No"`,
		`"Say "hi",No"`:                `"Say ""hi"",No"`,
		`&quot;User,Manager&quot;`:     `&quot;User,Manager&quot;`, // as LibreOffice writes it
		`AND(A2<>"",LEN(A2)>3)`:        `AND(A2&lt;&gt;"",LEN(A2)&gt;3)`,
		`A2&"x"`:                       `A2&amp;"x"`,
		`'Lists &amp; more'!$A$2:$A$9`: `'Lists &amp; more'!$A$2:$A$9`,
		`COUNTIF($A:$A,A2)<2`:          `COUNTIF($A:$A,A2)&lt;2`,
		`"R&D,Sales"`:                  `"R&amp;D,Sales"`,
		`&#34;x&#34;`:                  `&#34;x&#34;`,
		`ISNUMBER(SEARCH("&",A1))`:     `ISNUMBER(SEARCH("&amp;",A1))`,
		`Lists!$A$2:$A$18`:             `Lists!$A$2:$A$18`,
		`"a""b"`:                       `"a""""b"`,
		`$B$2:$B$9`:                    `$B$2:$B$9`,
		`"Ongoing,Automatic,Manual"`:   `"Ongoing,Automatic,Manual"`,
		`Stages!$A$2:$A$100`:           `Stages!$A$2:$A$100`,
		`INDIRECT("Lists!A2:A"&COUNTA(Lists!A:A))`: `INDIRECT("Lists!A2:A"&amp;COUNTA(Lists!A:A))`,
	} {
		if got := escapeValidationFormula(in); got != want {
			t.Errorf("escapeValidationFormula(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGrowRefs(t *testing.T) {
	grown := map[int][2]int{1: {18, 20}}
	for in, want := range map[string]string{
		"Lists!$A$2:$A$18":       "Lists!$A$2:$A$20",
		"'Lists'!A2:A18":         "'Lists'!A2:A20",
		"lists!$A$2:$A$19":       "lists!$A$2:$A$20",
		"Lists!$A$2:$A$200":      "Lists!$A$2:$A$200", // already covers the new values
		"Lists!$A$2:$A$10":       "Lists!$A$2:$A$10",  // a part of the list
		"Lists!$B$2:$B$18":       "Lists!$B$2:$B$18",
		"Other!$A$2:$A$18":       "Other!$A$2:$A$18",
		"Lists!$A$2:$C$18":       "Lists!$A$2:$C$18",
		"SUM(Lists!$A$2:$A$18)":  "SUM(Lists!$A$2:$A$20)",
		"'My Lists'!$A$2:$A$18":  "'My Lists'!$A$2:$A$18",
		"Lists!$A$19:$A$30":      "Lists!$A$19:$A$30",
		"Lists!$A$1:$A$18,Other": "Lists!$A$1:$A$20,Other",
	} {
		if got := growRefs(in, "Lists", grown); got != want {
			t.Errorf("growRefs(%q) = %q, want %q", in, got, want)
		}
	}
}
