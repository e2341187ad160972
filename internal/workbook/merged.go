package workbook

import (
	"archive/zip"
	"bufio"
	"bytes"
	"io"
	"os"
)

// mergedCells returns the merged ranges ("A3:B4") of a sheet. excelize's
// GetMergeCells parses the whole sheet into memory; this scans the sheet's
// XML as bytes instead, which costs little more than unzipping it.
func mergedCells(path string, data []byte, sheet string) ([]string, error) {
	ra, size, closeFile, err := readerAt(path, data)
	if err != nil {
		return nil, err
	}
	defer closeFile()
	p, err := newPkg(path, ra, size)
	if err != nil {
		return nil, err
	}
	sheets, targets, err := p.sheetsOfWorkbook()
	if err != nil {
		return nil, err
	}
	for _, s := range sheets {
		if s.name == sheet {
			if part, ok := p.part(targets[s.rid]); ok {
				return p.scanMergeCells(part)
			}
		}
	}
	return nil, nil
}

// readerAt gives random access to the file at path, or to data when set.
func readerAt(path string, data []byte) (io.ReaderAt, int64, func(), error) {
	if data != nil {
		return bytes.NewReader(data), int64(len(data)), func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, nil, openError(path, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, nil, openError(path, err)
	}
	return f, info.Size(), func() { f.Close() }, nil
}

// scanMergeCells finds every <mergeCell ref="..."/> of a sheet part, with
// or without a namespace prefix.
func (p *pkg) scanMergeCells(part *zip.File) ([]string, error) {
	rc, err := part.Open()
	if err != nil {
		return nil, p.damaged(part, err)
	}
	defer rc.Close()
	var refs []string
	r := bufio.NewReaderSize(rc, 1<<16)
	for {
		// Elements end with '>', so reading up to each '>' yields whole tags
		// without holding the sheet in memory.
		tag, err := r.ReadSlice('>')
		if err == bufio.ErrBufferFull {
			continue // a long text node, not a tag of interest
		}
		if i := bytes.Index(tag, []byte("mergeCell ")); i >= 0 {
			if ref := attr(tag[i:], "ref"); ref != "" {
				refs = append(refs, ref)
			}
		}
		if err == io.EOF {
			return refs, nil
		}
		if err != nil {
			return refs, p.damaged(part, err)
		}
	}
}

// attr returns the value of attribute name in a tag's bytes.
func attr(tag []byte, name string) string {
	key := []byte(" " + name + `="`)
	i := bytes.Index(tag, key)
	if i < 0 {
		return ""
	}
	rest := tag[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}
