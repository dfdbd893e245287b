package stripe

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"
)

// Adds from many goroutines, each undone in part from another goroutine (another stack, so
// likely another slot), leave exactly the sum.
func TestConcurrentAddsSum(t *testing.T) {
	var c Counter
	var wg sync.WaitGroup
	const goroutines, adds = 16, 10000
	for g := range goroutines {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for range adds {
				c.Add(int64(g + 1))
			}
		}()
		go func() {
			defer wg.Done()
			for range adds {
				c.Add(-1)
				runtime.Gosched()
			}
		}()
	}
	wg.Wait()
	want := int64(adds) * (goroutines*(goroutines+1)/2 - goroutines)
	if got := c.Load(); got != want {
		t.Fatalf("Load() = %d, want %d", got, want)
	}
}

// Goroutines on different stacks spread over more than one slot (the point of the type).
func TestStacksSpreadOverSlots(t *testing.T) {
	var c Counter
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() { defer wg.Done(); c.Add(1) }()
	}
	wg.Wait()
	used := 0
	for i := range c {
		if c[i].n.Load() != 0 {
			used++
		}
	}
	if used < 2 || c.Load() != 64 {
		t.Fatalf("64 goroutines used %d slot(s), sum %d", used, c.Load())
	}
}

// A writer excludes readers on every slot: readers on many goroutines (many slots) each see
// the two halves of a pair equal, which Lock changes together; and the slots are 128 bytes.
func TestRWMutexWriterExcludesReaders(t *testing.T) {
	if s := unsafe.Sizeof(RWMutex{}[0]); s != 128 {
		t.Fatalf("slot size %d, want 128", s)
	}
	var m RWMutex
	var a, b int
	var wg sync.WaitGroup
	var torn atomic.Int64
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 2000 {
				mu := m.RLock()
				if a != b {
					torn.Add(1)
				}
				mu.RUnlock()
				runtime.Gosched()
			}
		}()
	}
	for i := range 2000 {
		m.Lock()
		a = i
		runtime.Gosched() // a reader that got in now would see a != b
		b = i
		m.Unlock()
	}
	wg.Wait()
	if n := torn.Load(); n != 0 {
		t.Fatalf("%d reads saw a half-written pair", n)
	}
}
