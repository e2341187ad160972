// Package parallel spreads independent pieces of work over the machine's
// cores.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls work(i) for every i in [0, n) on up to GOMAXPROCS goroutines,
// each taking the next i when it is free. Each goroutine gets its work
// function from newWorker, so that it can keep scratch space of its own.
// A panic in a goroutine is raised again here, where the caller can
// recover it.
func For(n int, newWorker func() func(i int)) {
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		mu       sync.Mutex
		panicked any
	)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					panicked = r
					mu.Unlock()
				}
			}()
			work := newWorker()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				work(i)
			}
		}()
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
}
