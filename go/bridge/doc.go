// Package bridge lets Python call Go functions on Arrow data without copying it.
//
// A Go function is registered once, by name, with [Register]. Its parameters and results are
// ordinary arrow-go types — arrow.Array, arrow.RecordBatch, arrow.Table, array.RecordReader,
// *arrow.Chunked, *arrow.Schema, arrow.Field — or Go scalars, optionally after a leading
// context.Context. The bridge works out, at registration, how to turn each argument it receives
// through the Arrow C Data / C Stream Interface into that type and how to hand each result back,
// so a call does no reflection on types.
//
// The data path, one file per direction:
//
//	goarrow.h   the C ABI (tagged values holding ArrowSchema / ArrowArray / ArrowArrayStream)
//	cabi.go     the //export entry points the host calls
//	import.go   host → Go: C structs become arrow-go values that point at the host's buffers
//	export.go   Go → host: arrow-go values become C structs that point at Go's buffers
//	export_stream.go  Go → host streams: an array.RecordReader behind an ArrowArrayStream
//	extension.go      extension types Go has not registered keep their name and metadata
//	registry.go names, signatures, adapters
//	errors.go   Go errors and panics, mapped to the host's exceptions
//	alloc.go    the C-memory allocator every exported buffer must come from
//	values.go   ExportValue / ImportValue: the same paths for hosts written in Go (go/pyhost)
//
// # Ownership
//
// Arguments are borrowed: they stay valid until the function returns, after which the bridge
// releases them. Call Retain on anything you keep, and Release it when you are done; the host's
// memory is freed when the last holder lets go, on whatever thread that is.
//
// Results are handed over: return a new reference. Returning an argument means retaining it
// first, as echo does.
//
// Buffers you create for a result must be allocated with [Allocator] (C memory). Go-heap buffers
// may not be handed to C (the cgo pointer rules; arrow-go issue 70).
//
// # Errors
//
// A returned error becomes goarrow.GoError in Python, or TypeError / ValueError when it wraps
// [ErrType] / [ErrValue]. A panic in the calling goroutine becomes goarrow.GoPanic with the Go
// stack, and the bridge keeps working. A panic in a goroutine you start cannot be recovered by
// the bridge and ends the process, as in any Go program.
package bridge
