package stripe

import (
	"runtime"
	"sync"
	"testing"
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
