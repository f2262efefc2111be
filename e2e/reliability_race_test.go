//go:build race

package e2e

// raceEnabled: the race detector slows this process; heavy in-process
// loops scale down. The binary under test is built without it.
const raceEnabled = true
