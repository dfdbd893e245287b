// Package bridgetest calls registered Go functions the way Python does, for tests written in Go:
// arguments are exported to Arrow C structs, the function imports them through the bridge, and
// its result is exported and imported back, through the same C entry point the CPython extension
// uses. Nothing is copied on the way.
package bridgetest

import "github.com/goarrow/goarrow/go/internal/core"

// CallError is the error Call returns when the function fails: Status names the exception
// Python would raise (GoError, GoPanic, TypeError, ValueError, LookupError, Cancelled).
type CallError = core.CallError

// Call runs the function registered as name. Arguments may be arrow.Array, arrow.RecordBatch,
// arrow.Table, array.RecordReader, *arrow.Chunked, *arrow.Schema, arrow.Field, arrow.DataType,
// nil, bool, the int and float types, string or []byte; the caller keeps its references. The
// result is what Python would get, as a Go value: Arrow results are new references to Release.
// A registration that failed (see bridge.MustRegister) makes every Call fail with its message.
func Call(name string, args ...any) (any, error) { return core.Call(name, args...) }

// Stats are the bridge's counters, as Python's goarrow.stats() reports them.
type Stats = core.Stats

// ReadStats returns the current counters: CAllocatedBytes back at its baseline after a test
// means everything the function built in C memory was released.
func ReadStats() Stats { return core.ReadStats() }
