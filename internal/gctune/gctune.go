// Package gctune sets how often the garbage collector runs while journey
// reads a large workbook.
//
// Streaming a sheet with excelize allocates about 25 KB of short-lived
// garbage a row, while the journey read so far stays live. With Go's
// default (GOGC=100) the collector runs each time the heap doubles: early
// in a read that is every few megabytes, and each cycle costs. A fixed
// memory limit with GOGC off collects rarely, but once the live journey
// nears the limit the collector runs without end. Tune sets the policy in
// between, adjusted after every collection to the live heap it left:
//
//   - GOGC puts the next collection at max(floor, 2 × live): the heap
//     grows to the floor before the collector runs, and beyond it grows
//     as with GOGC=100. The floor follows the size of the input, from
//     MinFloor to MaxFloor: the garbage of a read grows with it, and a
//     small workbook's process has no use for a large heap (touching
//     fresh memory costs time too);
//   - a soft memory limit of max(Ceiling, 1.25 × live) keeps the process
//     under Ceiling while the journey leaves room for garbage, and moves
//     out of the way of a journey that needs more, which would otherwise
//     keep the collector running without end.
package gctune

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// MinFloor and MaxFloor bound the heap size the heap grows to before the
// collector runs; floorPerInputByte scales it between them.
const (
	MinFloor          = 32 << 20
	MaxFloor          = 160 << 20
	floorPerInputByte = 16
)

// Floor is the heap floor for an input of inputBytes (the size of the
// files a command reads; 0 when unknown, which gets MaxFloor). A
// 10,000-touchpoint workbook of 1.2 MB gets MinFloor; from 10 MB on,
// MaxFloor.
func Floor(inputBytes int64) uint64 {
	if inputBytes <= 0 {
		return MaxFloor
	}
	return min(max(uint64(inputBytes)*floorPerInputByte, MinFloor), MaxFloor)
}

// Ceiling is the memory the process keeps under unless the live heap
// needs more than 80% of it: with the runtime's own on top, under 300 MB
// of resident memory.
const Ceiling = 256 << 20

// runtimeHeapMinimum is the heap size at which the runtime collects for
// the first time with GOGC=100; it scales with GOGC.
const runtimeHeapMinimum = 4 << 20

// Tune applies the policy for the rest of the process, or until Reset,
// for a command reading inputBytes (0 when unknown).
func Tune(inputBytes int64) {
	t := &tuner{floor: Floor(inputBytes)}
	t.adjust()
	t.arm()
}

// Reset restores Go's defaults (GOGC=100, no memory limit) and stops the
// tuner Tune started.
func Reset() {
	generation.Add(1)
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
}

// generation tells a tuner that Reset has retired it.
var generation atomic.Int64

type tuner struct {
	generation int64
	floor      uint64
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

// adjust sets GOGC and the memory limit for the live heap the last
// collection left.
func (t *tuner) adjust() {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	live := sample[0].Value.Uint64()
	debug.SetGCPercent(Percent(t.floor, live))
	debug.SetMemoryLimit(Limit(Ceiling, live))
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

// Limit is the soft memory limit for a live heap: the ceiling, or a
// quarter more than the live heap when that is more.
func Limit(ceiling, live uint64) int64 {
	return int64(max(ceiling, live+live/4))
}
