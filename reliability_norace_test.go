//go:build !race

package main

// raceEnabled: see reliability_race_test.go.
const raceEnabled = false
