package testfuncs

import (
	"runtime"
	"sync/atomic"
	"time"
)

// Several Go runtimes in one process (python/tests/test_runtimes.py): what each runtime must
// still do when another goarrow extension's runtime was loaded after it.

// Start a goroutine that spins in a loop without calls, then run a GC, and return the GC's seconds.
//
// The GC has to stop the world, and only an asynchronous preemption (the runtime's SIGURG to
// the spinning thread) can stop a loop without calls: if this runtime's SIGURG is lost, the call
// never returns.
//
//goarrow:export debug.spin_gc
func SpinGC() float64 {
	var started, stop atomic.Bool
	done := make(chan struct{})
	go func() {
		started.Store(true)
		spin(&stop)
		close(done)
	}()
	for !started.Load() {
		runtime.Gosched()
	}
	t := time.Now()
	runtime.GC()
	d := time.Since(t)
	stop.Store(true)
	<-done
	return d.Seconds()
}

var spun int64

//go:noinline
func spin(stop *atomic.Bool) {
	n := int64(0)
	for !stop.Load() { // no call in the loop: no cooperative preemption point
		n++
	}
	spun += n
}

// Run a garbage collection in this extension's Go runtime.
//
//goarrow:export debug.gc
func GC() { runtime.GC() }

var nilPointer *int64

// Read through a nil pointer: a SIGSEGV in Go code, which the runtime turns into a panic.
//
//goarrow:export debug.nil_deref
func NilDeref() int64 { return *nilPointer }
