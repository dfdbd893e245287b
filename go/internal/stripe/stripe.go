// Package stripe is a counter that threads add to at once without sharing a cache line. One
// atomic.Int64 passes its line between the cores at every add; goarrow counts every call and
// every C allocation, from whichever threads call Go at once (free-threaded CPython's, say), and
// two threads' calls then scaled far below 2×. Each add picks a slot by the address of the
// caller's stack, which differs between threads (every C thread that calls Go runs on a
// goroutine of its own); Load sums the slots. Any slot keeps the sum right, so an add and its
// undo may land in different slots (a stack may move between them).
package stripe

import (
	"sync/atomic"
	"unsafe"
)

// Counter is an int64 of 16 slots, 128 bytes apart. The zero value is 0, ready to use.
type Counter [16]struct {
	n atomic.Int64
	_ [120]byte // a slot per 128 bytes: the adjacent-line prefetcher fetches lines in pairs
}

// Add adds d.
func (c *Counter) Add(d int64) {
	var here byte
	// Fibonacci hashing of the stack's 4 KiB page: the top 4 bits pick one of the 16 slots.
	c[uint64(uintptr(unsafe.Pointer(&here))>>12)*0x9E3779B97F4A7C15>>60].n.Add(d)
}

// Load is the sum. Adds that run meanwhile may or may not be in it, each whole.
func (c *Counter) Load() int64 {
	var sum int64
	for i := range c {
		sum += c[i].n.Load()
	}
	return sum
}
