package testfuncs

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/bridge"
)

// Diagnostics: functions that exercise the bridge itself (threads, cancellation, failures,
// lifetimes). The test suites use them; they are also handy to check a deployment.

// Sleep in Go for the given seconds, or until the call is cancelled (Ctrl-C).
//
// Returns True if it slept the whole time. The GIL is released meanwhile.
//
//goarrow:export debug.sleep
func Sleep(ctx context.Context, seconds float64) (bool, error) {
	t := time.NewTimer(time.Duration(seconds * float64(time.Second)))
	defer t.Stop()
	select {
	case <-t.C:
		return true, nil
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

var kept = struct {
	sync.Mutex
	m map[string]any
}{m: map[string]any{}}

type releaser interface {
	Retain()
	Release()
}

// Keep a reference to x in Go under key, after the call returns (replacing any earlier one).
//
// The producer's memory stays alive while Go holds it, even after Python drops x.
//
//goarrow:export debug.keep
func Keep(key string, x any) {
	if r, ok := x.(releaser); ok {
		r.Retain()
	}
	kept.Lock()
	old := kept.m[key]
	kept.m[key] = x
	kept.Unlock()
	if r, ok := old.(releaser); ok {
		r.Release()
	}
}

// Return what debug.keep stored under key and forget it (None if nothing is there).
//
//goarrow:export debug.take
func Take(key string) any {
	kept.Lock()
	defer kept.Unlock()
	x := kept.m[key]
	delete(kept.m, key)
	return x
}

var barrier struct {
	sync.Mutex
	waiting int
	release chan struct{}
}

// Wait in Go until parties calls are inside this function at once, or timeout seconds pass.
//
// Returns True if all parties met. With the GIL held during Go calls, only one Python thread could
// ever be inside, so this is how the tests prove the GIL is released.
//
//goarrow:export debug.barrier
func Barrier(parties int64, timeout float64) bool {
	barrier.Lock()
	if barrier.release == nil {
		barrier.release = make(chan struct{})
	}
	ch := barrier.release
	barrier.waiting++
	if int64(barrier.waiting) >= parties {
		close(ch)
		barrier.waiting, barrier.release = 0, nil
		barrier.Unlock()
		return true
	}
	barrier.Unlock()
	select {
	case <-ch:
		return true
	case <-time.After(time.Duration(timeout * float64(time.Second))):
		barrier.Lock()
		if barrier.release == ch {
			barrier.waiting--
		}
		barrier.Unlock()
		select {
		case <-ch: // met while we were timing out
			return true
		default:
			return false
		}
	}
}

// Goroutines: a panic in a worker or a stream producer that a function starts through
// bridge.Group reaches Python as GoPanic (or MemoryError) instead of ending the process.

// Start workers goroutines in a bridge.Group; the last one panics. Raises GoPanic.
//
//goarrow:export debug.worker_panic
func WorkerPanic(workers int64) error {
	var g bridge.Group
	for i := range workers {
		g.Go(func() error {
			if i == workers-1 {
				panic(fmt.Sprintf("worker %d of %d panicked", i+1, workers))
			}
			return nil
		})
	}
	return g.Wait()
}

// Allocate nbytes with bridge.Allocator in a goroutine of a bridge.Group; returns True.
//
//goarrow:export debug.worker_alloc
func WorkerAlloc(nbytes int64) (bool, error) {
	var g bridge.Group
	g.Go(func() error {
		buf := bridge.Allocator.Allocate(int(nbytes))
		bridge.Allocator.Free(buf)
		return nil
	})
	return true, g.Wait()
}

// A stream whose producer goroutine yields batches one-row batches, then panics.
//
//goarrow:export debug.stream_panic
func StreamPanic(batches int64) array.RecordReader {
	schema := arrow.NewSchema([]arrow.Field{{Name: "i", Type: arrow.PrimitiveTypes.Int64}}, nil)
	ch := make(chan arrow.RecordBatch)
	r := &groupReader{schema: schema, ch: ch}
	r.refs.Store(1)
	r.g.Go(func() error {
		defer close(ch)
		for i := range batches {
			b := array.NewInt64Builder(bridge.Allocator)
			b.Append(i)
			col := b.NewArray()
			b.Release()
			ch <- array.NewRecordBatch(schema, []arrow.Array{col}, 1)
			col.Release()
		}
		panic(fmt.Sprintf("producer panicked after %d batches", batches))
	})
	return r
}

// groupReader reads what a Group's producer sends; the producer's panic is its Err.
type groupReader struct {
	refs   atomic.Int64
	schema *arrow.Schema
	ch     chan arrow.RecordBatch
	g      bridge.Group
	cur    arrow.RecordBatch
	err    error
}

func (r *groupReader) Schema() *arrow.Schema          { return r.schema }
func (r *groupReader) Retain()                        { r.refs.Add(1) }
func (r *groupReader) Err() error                     { return r.err }
func (r *groupReader) RecordBatch() arrow.RecordBatch { return r.cur }
func (r *groupReader) Record() arrow.RecordBatch      { return r.cur }

func (r *groupReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	rec, ok := <-r.ch
	if !ok {
		r.err = r.g.Wait()
		return false
	}
	r.cur = rec
	return true
}

func (r *groupReader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	for rec := range r.ch { // let the producer finish (and panic) so nothing is left running
		rec.Release()
	}
	r.g.Wait()
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
}

// Engines: a vector function with a scalar parameter, for the DuckDB tests.

// x + c for a float64 array x and a number c; nulls stay null.
//
//goarrow:export debug.add
func Add(x arrow.Array, c float64) (arrow.Array, error) {
	f, ok := x.(*array.Float64)
	if !ok {
		return nil, fmt.Errorf("%w: debug.add needs float64, got %s", bridge.ErrType, x.DataType())
	}
	b := array.NewFloat64Builder(bridge.Allocator)
	defer b.Release()
	b.Reserve(f.Len())
	for i, v := range f.Float64Values() {
		if f.IsNull(i) {
			b.AppendNull()
		} else {
			b.UnsafeAppend(v + c)
		}
	}
	return b.NewArray(), nil
}

// Panic with message: raises goarrow.GoPanic carrying the message and the Go stack.
//
//goarrow:export debug.panic
func Panic(message string) any { panic(message) }

// Return a Go error with message: raises goarrow.GoError.
//
//goarrow:export debug.fail
func Fail(message string) (any, error) { return nil, fmt.Errorf("%s", message) }
