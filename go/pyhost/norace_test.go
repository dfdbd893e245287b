//go:build !race

package pyhost_test

const raceEnabled = false
