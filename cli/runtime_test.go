package cli

import (
	"math"
	"runtime/debug"
	"testing"
)

// gcSettings reads the collector's settings without changing them.
func gcSettings() (int, int64) {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p, debug.SetMemoryLimit(-1)
}

func TestTuneRuntime(t *testing.T) {
	for _, tc := range []struct {
		name         string
		gogc, memlim string
		percent      int
		limit        int64
	}{
		{"no settings of the user's", "", "", gcPercent, memoryLimit},
		{"GOGC set", "150", "", 100, memoryLimit},
		{"GOMEMLIMIT set", "", "1GiB", gcPercent, math.MaxInt64},
		{"both set", "off", "1GiB", 100, math.MaxInt64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOGC", tc.gogc)
			t.Setenv("GOMEMLIMIT", tc.memlim)
			undoPlain := PlainRuntime() // the test binary's own settings aside
			defer undoPlain()
			undo := TuneRuntime()
			if p, l := gcSettings(); p != tc.percent || l != tc.limit {
				t.Errorf("tuned: GOGC %d, limit %d; want %d, %d", p, l, tc.percent, tc.limit)
			}
			undo()
			if p, l := gcSettings(); p != 100 || l != math.MaxInt64 {
				t.Errorf("undone: GOGC %d, limit %d", p, l)
			}
		})
	}
}
