// Package bridge is what a Go function author needs to make Go functions callable from Python
// on Arrow data, without copying it: [Func], [Register] / [MustRegister], [ErrType] / [ErrValue],
// [Allocator], and [Group] for the goroutines a function starts.
//
// A function's parameters and results are ordinary arrow-go types (arrow.Array,
// arrow.RecordBatch, arrow.Table, array.RecordReader, *arrow.Chunked, *arrow.Schema, arrow.Field,
// arrow.DataType) or Go scalars, optionally after a leading context.Context. The bridge works out
// at registration how to turn what Python passes into those types and how to hand results back,
// so a call does no reflection on types. Write `//goarrow:export` above a function and run
// goarrowgen (go/cmd/goarrowgen) to register it with the names and doc comment of its source.
//
// # Ownership
//
// Arguments are borrowed: they stay valid until the function returns, after which the bridge
// releases them. Call Retain on anything you keep, and Release it when you are done; the
// producer's memory is freed when the last holder lets go, on whatever thread that is.
//
// Results are handed over: return a new reference. Returning an argument means retaining it
// first. Buffers you create for a result must be allocated with [Allocator] (C memory).
//
// # Errors
//
// A returned error becomes goarrow.GoError in Python, or TypeError / ValueError when it wraps
// [ErrType] / [ErrValue]. A panic in the calling goroutine becomes goarrow.GoPanic with the Go
// stack, and the bridge keeps working. A panic in a goroutine started with [Group] is recovered
// and returned by its Wait (goarrow.GoPanic again); one in a goroutine started with a bare `go`
// statement is not, and ends the process, as in any Go program.
//
// # Element-wise functions
//
// `//goarrow:export name elementwise` above a function of one row's values (func(v, lo, hi
// float64) float64) makes goarrowgen generate the loop over columns; package
// [github.com/goarrow/goarrow/go/bridge/elementwise] runs it. [Group] runs goroutines a
// whole-column function starts, with their panics recovered.
//
// Package bridgetest calls registered functions from Go tests the way Python does. The
// implementation is in go/internal: cabi (the C ABI), codec (import and export), registry, and
// core (the entry points goarrow.h declares).
package bridge
