package cli

import (
	"math"
	"os"
	"runtime/debug"
)

// GC settings of the binary (see TuneRuntime).
const (
	gcPercent   = 400
	memoryLimit = 384 << 20
)

// TuneRuntime sets Go's garbage collector for machtiging's work, unless
// $GOGC or $GOMEMLIMIT choose for themselves, and returns a func that puts
// back what was there. bbolt turns every 16 KiB page a write touches into
// a node of its own and the decoders make a struct a record, while what
// stays live is small (a few MB in the TUI, tens in an import), so at the
// default GOGC=100 a collection ran every few decisions and took some 15%
// of an import's CPU. GOGC=400 collects a quarter as often; the soft limit
// of 384 MiB keeps an import's heap, and so its peak RSS, in bounds.
func TuneRuntime() (undo func()) {
	percent, limit := -2, int64(-1)
	if os.Getenv("GOGC") == "" {
		percent = debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		limit = debug.SetMemoryLimit(memoryLimit)
	}
	return func() {
		if percent != -2 {
			debug.SetGCPercent(percent)
		}
		if limit >= 0 {
			debug.SetMemoryLimit(limit)
		}
	}
}

// PlainRuntime sets the collector as a Go program without settings of its
// own runs (GOGC=100, no memory limit), for yardsticks measured beside
// machtiging, and returns a func that puts back what was there.
func PlainRuntime() (undo func()) {
	percent := debug.SetGCPercent(100)
	limit := debug.SetMemoryLimit(math.MaxInt64)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}
