package gctune

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		floor, live uint64
		want        int
	}{
		{200 << 20, 0, 5000}, // the runtime's heap minimum, 4 MB × 50, at 200 MB
		{200 << 20, 1 << 10, 5000},
		{200 << 20, 10 << 20, 1900}, // the next collection at 200 MB
		{200 << 20, 50 << 20, 300},  // 4 × 50
		{200 << 20, 100 << 20, 100}, // 2 × 100: the floor and GOGC=100 meet
		{200 << 20, 150 << 20, 100}, // beyond the floor: plain GOGC=100
		{200 << 20, 1 << 30, 100},
	} {
		if got := Percent(c.floor, c.live); got != c.want {
			t.Errorf("Percent(%d MB, %d KB) = %d, want %d", c.floor>>20, c.live>>10, got, c.want)
		}
	}
}

func TestFloor(t *testing.T) {
	for _, c := range []struct {
		input int64
		want  uint64
	}{
		{0, MaxFloor}, // unknown, as standard input
		{-1, MaxFloor},
		{1 << 10, MinFloor},
		{1200 << 10, MinFloor}, // 10,000 touchpoints
		{4 << 20, 64 << 20},
		{10 << 20, MaxFloor}, // 100,000 touchpoints
		{1 << 40, MaxFloor},
	} {
		if got := Floor(c.input); got != c.want {
			t.Errorf("Floor(%d KB) = %d MB, want %d MB", c.input>>10, got>>20, c.want>>20)
		}
	}
}

func TestLimit(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, 256 << 20},
		{100 << 20, 256 << 20},
		{200 << 20, 256 << 20}, // 1.25 × 200 MB is within the ceiling
		{400 << 20, 500 << 20}, // a journey needing more gets room for garbage
	} {
		if got := Limit(256<<20, c.live); got != c.want {
			t.Errorf("Limit(256 MB, %d MB) = %d MB, want %d MB", c.live>>20, got>>20, c.want>>20)
		}
	}
}

// After a collection the tuner has set GOGC from the live heap, and Reset
// brings back the default.
func TestTuneFollowsCollections(t *testing.T) {
	Tune(0)
	debug.SetGCPercent(100) // the tuner must raise it again
	if got := gogcAfterCollections(func(p int) bool { return p > 100 }); got <= 100 {
		t.Errorf("GOGC after a collection with a tiny live heap = %d, want well above 100", got)
	}
	Reset()
	for range 5 { // a retired tuner would raise it again by now
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if got := gogcAfterCollections(func(p int) bool { return p == 100 }); got != 100 {
		t.Errorf("GOGC after Reset = %d, want 100", got)
	}
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		t.Errorf("memory limit after Reset = %d, want none", limit)
	}
}

// gogcAfterCollections collects until GOGC is what want accepts (the
// finalizers run on their own goroutine, a little after each cycle), or
// a second has passed, and returns GOGC.
func gogcAfterCollections(want func(int) bool) int {
	gogc := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	deadline := time.Now().Add(time.Second)
	for {
		runtime.GC()
		time.Sleep(time.Millisecond)
		metrics.Read(gogc)
		if p := int(gogc[0].Value.Uint64()); want(p) || time.Now().After(deadline) {
			return p
		}
	}
}
