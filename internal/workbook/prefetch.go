package workbook

import "io"

// prefetchBatch is how many rows the prefetcher hands over at a time: few
// enough to keep both goroutines busy, enough that the hand-overs cost
// nothing next to decoding the rows.
const prefetchBatch = 64

// prefetchRows reads rows on another goroutine, ahead of its caller:
// excelize decodes the next rows, on one core, while the caller turns
// the previous ones into touchpoints on another. excelize's row decoding
// is most of a read's time and cannot itself be spread over cores.
//
// At most three batches are read ahead. The limits of a read are checked
// in the rows the prefetcher reads, so they bound what it holds too. A
// panic while reading (a malformed file can make the spreadsheet library
// panic) is raised again in the caller's Next, where Read recovers it.
// Call stop when done, before using the rows' source again.
type prefetchRows struct {
	batches chan rowBatch
	quit    chan struct{}
	done    chan struct{}
	cur     rowBatch
	next    int // the index in cur of the row Next returns next
}

type rowBatch struct {
	rows     []fetchedRow
	err      error // after the rows: the reader's error, io.EOF at the end
	panicked any
}

type fetchedRow struct {
	num   int
	cells []string
}

// prefetch starts reading r ahead.
func prefetch(r rowReader) *prefetchRows {
	p := &prefetchRows{batches: make(chan rowBatch, 2), quit: make(chan struct{}), done: make(chan struct{})}
	go p.fetch(r)
	return p
}

func (p *prefetchRows) fetch(r rowReader) {
	defer close(p.done)
	var b rowBatch
	defer func() {
		if v := recover(); v != nil {
			b.panicked = v
			p.send(b)
		}
	}()
	for {
		b = rowBatch{rows: make([]fetchedRow, 0, prefetchBatch)}
		for len(b.rows) < prefetchBatch && b.err == nil {
			num, cells, err := r.Next()
			if err != nil {
				b.err = err
			} else {
				b.rows = append(b.rows, fetchedRow{num, cells})
			}
		}
		if !p.send(b) || b.err != nil {
			return
		}
	}
}

// send hands a batch over, or reports false when the caller has stopped.
func (p *prefetchRows) send(b rowBatch) bool {
	select {
	case p.batches <- b:
		return true
	case <-p.quit:
		return false
	}
}

// Next implements rowReader.
func (p *prefetchRows) Next() (int, []string, error) {
	for p.next == len(p.cur.rows) {
		switch {
		case p.cur.panicked != nil:
			panic(p.cur.panicked)
		case p.cur.err != nil:
			return 0, nil, p.cur.err
		}
		b, ok := <-p.batches
		if !ok {
			return 0, nil, io.EOF
		}
		p.cur, p.next = b, 0
	}
	row := p.cur.rows[p.next]
	p.cur.rows[p.next] = fetchedRow{} // the caller owns the cells now
	p.next++
	return row.num, row.cells, nil
}

// stop ends the reading ahead and waits until the reader is left alone.
func (p *prefetchRows) stop() {
	close(p.quit)
	<-p.done
}
