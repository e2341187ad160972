package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Comments written by LibreOffice. Each comment of a sheet is in the
// sheet's comments part, with a note shape in its VML drawing. excelize's
// comment functions expect them as Excel writes them: the shapes named
// _x0000_s1025, _x0000_s1026..., and the parts numbered alike
// (commentsN.xml with vmlDrawingN.vml). LibreOffice names the shapes
// shape_0, shape_1..., which excelize cannot parse (strconv.Atoi: parsing
// "shape_0"), and numbers the comments after the sheet (comments4.xml with
// vmlDrawing1.vml), so excelize would add a comment to a part no sheet
// uses. Before excelize adds a comment to a workbook, prepareComments
// renames such shapes and drawings the way Excel would. Nothing refers to
// a note's shape by its name, and the drawing is renamed with every
// reference to it, so the comments stay as they were.

var (
	vmlShapeID   = regexp.MustCompile(`(<v:shape\b[^>]*?\bid=")([^"]*)(")`)
	excelShapeID = regexp.MustCompile(`^_x0000_s([0-9]{1,9})$`)
)

// prepareComments returns the workbook data with every VML shape named,
// and every sheet's VML drawing numbered, as Excel does; data that is so
// already comes back as it was.
func prepareComments(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	changed, renamed := map[string][]byte{}, map[string]string{}
	for _, f := range zr.File {
		if !strings.HasSuffix(strings.ToLower(f.Name), ".vml") {
			continue
		}
		text, err := readPart(f)
		if err != nil {
			return nil, err
		}
		if text, ok := renameShapes(text); ok {
			changed[f.Name] = text
		}
	}
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/_rels/") {
			if err := numberDrawing(f, parts, changed, renamed); err != nil {
				return nil, err
			}
		}
	}
	if len(changed) == 0 && len(renamed) == 0 {
		return data, nil
	}
	return replaceParts(zr, changed, renamed)
}

// Relationship targets of a sheet's comments and VML drawing.
var (
	commentsTarget = regexp.MustCompile(`Target="\.\./comments([0-9]{1,9})\.xml"`)
	drawingTarget  = regexp.MustCompile(`Target="\.\./drawings/vmlDrawing([0-9]{1,9})\.vml"`)
)

// numberDrawing renames the VML drawing of the sheet whose relationships
// are rels to the number of its comments part, when the name is free, in
// the relationships and the content types too.
func numberDrawing(rels *zip.File, parts map[string]*zip.File, changed map[string][]byte, renamed map[string]string) error {
	text, err := readPart(rels)
	if err != nil {
		return err
	}
	comments, drawing := commentsTarget.FindSubmatch(text), drawingTarget.FindSubmatch(text)
	if comments == nil || drawing == nil || string(comments[1]) == string(drawing[1]) {
		return nil
	}
	from, to := "xl/drawings/vmlDrawing"+string(drawing[1])+".vml", "xl/drawings/vmlDrawing"+string(comments[1])+".vml"
	if _, taken := parts[to]; taken || parts[from] == nil {
		return nil
	}
	for _, r := range renamed {
		if r == to {
			return nil
		}
	}
	renamed[from] = to
	changed[rels.Name] = drawingTarget.ReplaceAll(text, []byte(`Target="../drawings/vmlDrawing`+string(comments[1])+`.vml"`))
	if types := parts["[Content_Types].xml"]; types != nil {
		text, ok := changed[types.Name]
		if !ok {
			if text, err = readPart(types); err != nil {
				return err
			}
		}
		changed[types.Name] = bytes.ReplaceAll(text, []byte(`PartName="/`+from+`"`), []byte(`PartName="/`+to+`"`))
	}
	return nil
}

// readPart reads one part of a package, bounded.
func readPart(f *zip.File) ([]byte, error) {
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(io.LimitReader(r, maxPartSize))
}

// renameShapes renames the shapes of one VML drawing that are not named
// _x0000_sN, numbering them after the highest N in use (and from 1025,
// as Excel does). It reports false when every shape is named so already.
func renameShapes(text []byte) ([]byte, bool) {
	last, foreign := 1024, false
	for _, m := range vmlShapeID.FindAllSubmatch(text, -1) {
		if n := excelShapeID.FindSubmatch(m[2]); n != nil {
			v, _ := strconv.Atoi(string(n[1]))
			last = max(last, v)
		} else {
			foreign = true
		}
	}
	if !foreign {
		return text, false
	}
	return vmlShapeID.ReplaceAllFunc(text, func(shape []byte) []byte {
		m := vmlShapeID.FindSubmatch(shape)
		if excelShapeID.Match(m[2]) {
			return shape
		}
		last++
		return append(append(append([]byte{}, m[1]...), "_x0000_s"+strconv.Itoa(last)...), m[3]...)
	}), true
}

// replaceParts returns the zip of zr with the parts named in changed
// replaced by their new content and the ones in renamed under their new
// names, every other part copied as it is.
func replaceParts(zr *zip.Reader, changed map[string][]byte, renamed map[string]string) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		text, ok := changed[f.Name]
		name, move := renamed[f.Name]
		if !ok && !move {
			if err := zw.Copy(f); err != nil {
				return nil, err
			}
			continue
		}
		if !move {
			name = f.Name
		}
		if !ok {
			var err error
			if text, err = readPart(f); err != nil {
				return nil, err
			}
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(text); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
