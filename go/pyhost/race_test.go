//go:build race

package pyhost_test

// raceEnabled: built with -race (//go:pyhost_test_race).
const raceEnabled = true
