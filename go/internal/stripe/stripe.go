// Package stripe is a counter that threads add to at once without sharing a cache line. One
// atomic.Int64 passes its line between the cores at every add; goarrow counts every call and
// every C allocation, from whichever threads call Go at once (free-threaded CPython's, say), and
// two threads' calls then scaled far below 2×. Each add picks a slot by the address of the
// caller's stack, which differs between threads (every C thread that calls Go runs on a
// goroutine of its own); Load sums the slots. Any slot keeps the sum right, so an add and its
// undo may land in different slots (a stack may move between them).
package stripe

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// Counter is an int64 of 16 slots, 128 bytes apart. The zero value is 0, ready to use.
type Counter [16]struct {
	n atomic.Int64
	_ [120]byte // a slot per 128 bytes: the adjacent-line prefetcher fetches lines in pairs
}

// Add adds d.
func (c *Counter) Add(d int64) { c[slot()].n.Add(d) }

// slot is the caller's slot of 16: Fibonacci hashing of its stack's 4 KiB page, the top 4 bits.
// Inlined, so the address is the caller's frame.
func slot() uint64 {
	var here byte
	return uint64(uintptr(unsafe.Pointer(&here))>>12) * 0x9E3779B97F4A7C15 >> 60
}

// Load is the sum. Adds that run meanwhile may or may not be in it, each whole.
func (c *Counter) Load() int64 {
	var sum int64
	for i := range c {
		sum += c[i].n.Load()
	}
	return sum
}

// RWMutex is a reader/writer lock whose readers, on different threads, share no cache line: a
// sync.RWMutex counts every RLock with an atomic add on one word, which passes between the
// cores as Counter's single slot would. RLock takes the read lock of one of 16 slots (the one Add
// would pick) and returns it for RUnlock; Lock takes every slot's write lock, in order. For data
// read at every call and written rarely (goarrow's caches of parsed and exported types).
type RWMutex [16]struct {
	mu sync.RWMutex
	_  [104]byte // 128 bytes a slot, as Counter's
}

// RLock read-locks one slot and returns it: unlock that one, as the stack may move meanwhile.
func (m *RWMutex) RLock() *sync.RWMutex {
	mu := &m[slot()].mu
	mu.RLock()
	return mu
}

// Lock write-locks every slot: no reader holds any.
func (m *RWMutex) Lock() {
	for i := range m {
		m[i].mu.Lock()
	}
}

// Unlock releases what Lock took.
func (m *RWMutex) Unlock() {
	for i := range m {
		m[i].mu.Unlock()
	}
}
