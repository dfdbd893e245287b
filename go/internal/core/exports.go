package core

// The C ABI (goarrow.h): the only //export functions. Each one recovers panics, so nothing the
// host calls can take the process down with a Go panic.

/*
// The ABI's headers are in go/internal/cabi: every cgo file of this package includes them.
#cgo CFLAGS: -I${SRCDIR}/../cabi
#include <stdlib.h>
#include "goarrow.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"unsafe"

	"github.com/goarrow/goarrow/go/internal/cabi"
	"github.com/goarrow/goarrow/go/internal/cmem"
	"github.com/goarrow/goarrow/go/internal/codec"
	"github.com/goarrow/goarrow/go/internal/registry"
	"github.com/goarrow/goarrow/go/internal/stripe"
)

var (
	callsTotal stripe.Counter
	callsLive  stripe.Counter

	cancelMu sync.Mutex
	cancels  = map[int64]context.CancelFunc{}
)

//export goarrow_lookup
func goarrow_lookup(name *C.char, n C.int64_t) C.int64_t {
	fn := registry.Lookup(C.GoStringN(name, C.int(n)))
	if fn == nil {
		return -1
	}
	return C.int64_t(fn.ID())
}

//export goarrow_call
func goarrow_call(fnID C.int64_t, callID C.int64_t, flags C.int32_t, args *C.goarrow_value, nargs C.int64_t, out *C.goarrow_value, message **C.char) (st C.int32_t) {
	callsTotal.Add(1)
	callsLive.Add(1)
	defer callsLive.Add(-1)
	defer func() {
		if r := recover(); r != nil {
			st = fail(codec.PanicError(r), message)
		}
	}()
	return call(fnID, callID, flags, args, nargs, out, message)
}

// call is goarrow_call's body, apart so that each has few enough defers times returns for the
// compiler to open-code them: a defer record per defer per call cost more than the rest of the
// Go side of a call without Arrow data.
func call(fnID C.int64_t, callID C.int64_t, flags C.int32_t, args *C.goarrow_value, nargs C.int64_t, out *C.goarrow_value, message **C.char) C.int32_t {
	fn := registry.LookupID(int64(fnID))
	if fn == nil {
		return fail(cabi.Errorf(cabi.StatusLookupError, "no Go function with id %d", int64(fnID)), message)
	}
	var argv []C.goarrow_value
	if nargs > 0 {
		argv = unsafe.Slice(args, int(nargs))
	}
	if len(argv) != fn.NumParams() {
		return fail(cabi.Errorf(cabi.StatusTypeError, "%s() takes %d arguments (%d given)", fn.Name, fn.NumParams(), len(argv)), message)
	}

	ctx := context.Background()
	if fn.TakesContext() && callID != 0 {
		var stop func()
		ctx, stop = cancellable(int64(callID))
		defer stop()
	}

	// Arguments are borrowed by the function and released after the result is exported (the
	// export holds its own references to anything it shares with an argument); then the loan
	// of the host's structs ends, and the call's frame goes back to the pool (frame.end).
	f := frames.Get().(*frame)
	defer f.end()
	loans := &f.loans
	values := f.args(len(argv))
	full := flags&C.GOARROW_VALIDATE_FULL != 0 || codec.FullValidation()
	for i := range argv {
		name, imp := fn.Param(i)
		v, err := imp.Import(abiValue(&argv[i]), loans)
		if err == nil && !scalar(v) && (full || !loans.Validated(v)) {
			v, err = codec.Validate(v, full)
		}
		if v != nil {
			values[i] = v // released by f.end, also when validation refused it
		}
		if err != nil {
			return fail(fmt.Errorf("%s() argument %q: %w", fn.Name, name, err), message)
		}
	}

	res, err := fn.Invoke(ctx, values)
	if err == nil && ctx.Err() != nil {
		err = cabi.Errorf(cabi.StatusCancelled, "%s() was cancelled", fn.Name)
	}
	if err != nil {
		return fail(err, message)
	}
	if err := codec.ExportResult(res, abiValue(out), loans); err != nil {
		return fail(err, message)
	}
	return C.int32_t(cabi.StatusOK)
}

// cancellable is the context of a call that goarrow_cancel(callID) cancels, and what ends it.
func cancellable(callID int64) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	cancelMu.Lock()
	cancels[callID] = cancel
	cancelMu.Unlock()
	return ctx, func() {
		cancelMu.Lock()
		delete(cancels, callID)
		cancelMu.Unlock()
		cancel()
	}
}

// frame is what one call needs besides its C structs: reused through frames, as allocating it
// for every call costs more than the pool.
type frame struct {
	loans  codec.Loans
	vals   []any // the call's arguments: values, or a longer list
	values [8]any
}

// args is the list of n arguments the call fills.
func (f *frame) args(n int) []any {
	if n <= len(f.values) {
		f.vals = f.values[:n]
	} else {
		f.vals = make([]any, n)
	}
	return f.vals
}

// end releases the call's arguments, then ends the loan of the host's structs (also when a
// Release panicked) and returns the frame to the pool.
func (f *frame) end() {
	defer f.settle()
	releaseValues(f.vals)
}

func (f *frame) settle() {
	f.vals = nil
	f.loans.Settle()
	frames.Put(f)
}

var frames = sync.Pool{New: func() any { return &frame{loans: make(codec.Loans, 0, 4)} }}

// releaseValues releases a call's arguments and clears them (the frame is reused).
func releaseValues(values []any) {
	for i, v := range values {
		if r, ok := v.(interface{ Release() }); ok && !registry.IsNil(v) {
			r.Release()
		}
		values[i] = nil
	}
}

// scalar reports whether v is an argument that needs no validation.
func scalar(v any) bool {
	switch v.(type) {
	case nil, int64, int, float64, bool, string:
		return true
	}
	return false
}

// fail writes err's message for the host and returns its status.
func fail(err error, message **C.char) C.int32_t {
	st, msg := classify(err)
	if message != nil {
		*message = C.CString(msg)
	}
	return C.int32_t(st)
}

//export goarrow_cancel
func goarrow_cancel(callID C.int64_t) {
	cancelMu.Lock()
	cancel := cancels[int64(callID)]
	cancelMu.Unlock()
	if cancel != nil {
		cancel()
	}
}

//export goarrow_type_known
func goarrow_type_known(id C.int64_t) {
	codec.TypeKnown(int64(id))
}

//export goarrow_set_validation
func goarrow_set_validation(full C.int32_t) C.int32_t {
	if codec.SetFullValidation(full != 0) {
		return 1
	}
	return 0
}

//export goarrow_set_memory_limit
func goarrow_set_memory_limit(n C.int64_t) C.int64_t {
	prev := cmem.Allocator.Limit()
	cmem.Allocator.SetLimit(int64(n))
	return C.int64_t(prev)
}

//export goarrow_registration_errors
func goarrow_registration_errors() *C.char {
	if err := registry.RegistrationErrors(); err != nil {
		return C.CString(err.Error())
	}
	return nil
}

//export goarrow_functions
func goarrow_functions() *C.char {
	return C.CString(string(registry.Describe()))
}

// Stats are the bridge's counters, for tests and monitoring.
type Stats struct {
	CAllocatedBytes int64  `json:"c_allocated_bytes"` // Allocator's outstanding bytes
	GoHeapBytes     uint64 `json:"go_heap_bytes"`
	Goroutines      int    `json:"goroutines"`
	CallsTotal      int64  `json:"calls_total"`
	CallsLive       int64  `json:"calls_live"`
	Functions       int    `json:"functions"`
	GoVersion       string `json:"go_version"` // the Go release the extension was built with
}

// ReadStats returns the current counters.
func ReadStats() Stats {
	// runtime/metrics, not runtime.ReadMemStats: that stops the world (about 70 µs here).
	heap := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(heap)
	return Stats{
		CAllocatedBytes: cmem.Allocator.AllocatedBytes(),
		GoHeapBytes:     heap[0].Value.Uint64(),
		Goroutines:      runtime.NumGoroutine(),
		CallsTotal:      callsTotal.Load(),
		CallsLive:       callsLive.Load(),
		Functions:       registry.Len(),
		GoVersion:       runtime.Version(),
	}
}

//export goarrow_stats
func goarrow_stats() *C.char {
	b, _ := json.Marshal(ReadStats())
	return C.CString(string(b))
}
