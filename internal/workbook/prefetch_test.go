package workbook

import (
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"testing"
)

// numberedRows yields rows 1..n, one cell each, then end (io.EOF or an
// error); with panicAt, it panics instead of yielding that row.
type numberedRows struct {
	n, panicAt int
	end        error
	row        int
	calls      atomic.Int32
}

func (r *numberedRows) Next() (int, []string, error) {
	r.calls.Add(1)
	if r.row == r.n {
		return 0, nil, r.end
	}
	r.row++
	if r.row == r.panicAt {
		panic("malformed")
	}
	return r.row, []string{fmt.Sprint(r.row)}, nil
}

func TestPrefetchYieldsEveryRowThenTheEnd(t *testing.T) {
	damaged := errors.New("damaged")
	for _, c := range []struct {
		rows int
		end  error
	}{
		{0, io.EOF},
		{1, io.EOF},
		{prefetchBatch, io.EOF},
		{prefetchBatch*5 + 3, io.EOF},
		{prefetchBatch + 1, damaged},
	} {
		p := prefetch(&numberedRows{n: c.rows, end: c.end})
		for want := 1; want <= c.rows; want++ {
			num, cells, err := p.Next()
			if err != nil || num != want || len(cells) != 1 || cells[0] != fmt.Sprint(want) {
				t.Fatalf("%d rows: Next = %d, %q, %v; want row %d", c.rows, num, cells, err, want)
			}
		}
		for range 2 { // the end stays the end
			if _, _, err := p.Next(); err != c.end {
				t.Errorf("%d rows: after the last row, Next's error = %v, want %v", c.rows, err, c.end)
			}
		}
		p.stop()
	}
}

func TestPrefetchRaisesAPanicInNext(t *testing.T) {
	p := prefetch(&numberedRows{n: 1000, panicAt: prefetchBatch + 2, end: io.EOF})
	defer p.stop()
	rows := 0
	defer func() {
		if v := recover(); v != "malformed" {
			t.Errorf("recovered %v, want the reader's panic", v)
		}
		if rows != prefetchBatch+1 {
			t.Errorf("%d rows before the panic, want %d", rows, prefetchBatch+1)
		}
	}()
	for {
		if _, _, err := p.Next(); err != nil {
			t.Fatalf("Next returned %v instead of panicking", err)
		}
		rows++
	}
}

// stop returns while rows are left, and the reader is not read after it.
func TestPrefetchStopsEarly(t *testing.T) {
	src := &numberedRows{n: 1_000_000, end: io.EOF}
	p := prefetch(src)
	if num, _, err := p.Next(); num != 1 || err != nil {
		t.Fatalf("Next = %d, %v; want row 1", num, err)
	}
	p.stop()
	calls := src.calls.Load()
	if calls > 4*prefetchBatch {
		t.Errorf("the reader was read %d times, more than the batches in flight", calls)
	}
	if after := src.calls.Load(); after != calls {
		t.Errorf("the reader was read after stop returned (%d, then %d calls)", calls, after)
	}
}
