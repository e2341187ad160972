package workbook

// SoftMemoryLimit is the Go heap size the command line asks the garbage
// collector to stay under (runtime/debug.SetMemoryLimit) unless GOMEMLIMIT
// is set. Streaming a large sheet with excelize allocates about 25 KB of
// short-lived garbage per row; with the default GOGC alone the heap of a
// 200,000-row read peaks near 375 MB although the journey itself needs a
// third of that. A soft limit makes the collector run sooner instead. It
// is soft: a workbook whose model needs more still reads, only slower.
const SoftMemoryLimit = 200 << 20
