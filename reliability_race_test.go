//go:build race

package main

// raceEnabled: the race detector slows this process; heavy in-process
// loops scale down. The binary under test is built without it.
const raceEnabled = true
