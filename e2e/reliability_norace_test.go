//go:build !race

package e2e

// raceEnabled: see reliability_race_test.go.
const raceEnabled = false
