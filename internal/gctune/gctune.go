// Package gctune sets how often the garbage collector runs while journey
// reads a large workbook.
//
// Streaming a sheet with excelize allocates about 25 KB of short-lived
// garbage a row, while the journey read so far stays live. With Go's
// default (GOGC=100) the collector runs each time the heap doubles: early
// in a read that is every few megabytes, and each cycle costs. A fixed
// memory limit with GOGC off collects rarely, but once the live journey
// nears the limit the collector runs without end. Tune sets the policy in
// between: let the heap grow to a floor before collecting, and once the
// live heap is more than half of it, behave as GOGC=100. After every
// collection it sets GOGC to the percentage that puts the next one at
// max(floor, 2 × live heap).
package gctune

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// Floor is the heap size the command line lets the heap grow to before it
// collects: with the runtime's own memory on top, a process stays under
// 300 MB of resident memory unless the journey itself needs more.
const Floor = 200 << 20

// runtimeHeapMinimum is the heap size at which the runtime collects for
// the first time with GOGC=100; it scales with GOGC.
const runtimeHeapMinimum = 4 << 20

// Tune applies the policy for the rest of the process, or until Reset.
func Tune(floor uint64) {
	t := &tuner{floor: floor}
	t.adjust()
	t.arm()
}

// Reset restores the default GOGC=100 and stops the tuner Tune started.
func Reset() {
	generation.Add(1)
	debug.SetGCPercent(100)
}

// generation tells a tuner that Reset has retired it.
var generation atomic.Int64

type tuner struct {
	floor      uint64
	generation int64
}

// sentinel is an object that lives until the next collection: its
// finalizer runs after every cycle. (It holds a pointer so that it is
// not one of the tiny allocations whose finalizers may never run.)
type sentinel struct {
	t *tuner
}

func (t *tuner) arm() {
	t.generation = generation.Load()
	runtime.SetFinalizer(&sentinel{t: t}, afterCollection)
}

func afterCollection(s *sentinel) {
	if s.t.generation != generation.Load() {
		return
	}
	s.t.adjust()
	runtime.SetFinalizer(s, afterCollection)
}

// adjust sets GOGC for the live heap the last collection left.
func (t *tuner) adjust() {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	debug.SetGCPercent(Percent(t.floor, live[0].Value.Uint64()))
}

// Percent is the GOGC that puts the next collection at max(floor, 2 ×
// live): live × (1 + GOGC/100) = floor. The runtime's heap minimum grows
// with GOGC too, so GOGC stops where that minimum reaches the floor: for
// a tiny live heap the minimum is what holds the next collection back.
func Percent(floor, live uint64) int {
	most := int(floor * 100 / runtimeHeapMinimum)
	if live == 0 || floor/live >= uint64(most/100) {
		return most
	}
	return max(100, int(floor*100/live)-100)
}
