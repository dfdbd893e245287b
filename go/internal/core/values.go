package core

// The codec between Go values and goarrow_value (goarrow.h), for hosts written in Go. Call
// uses it to play the host in tests; go/pyhost, where a Go program embeds CPython, uses it to
// hand Go data to Python and to take Python's data back. It is the extension's own codec:
// exportValue (export.go) for what goes out, importValue (import.go) for what comes in.

import "unsafe"

// ExportValue fills the goarrow_value at v (C memory, zeroed) with a: Arrow values
// (arrow.Array, arrow.RecordBatch, arrow.Table, array.RecordReader, *arrow.Schema) are exported
// to malloc'd C structs that point at a's buffers, without copying; nil, bool, int, int64,
// float64, string and []byte become scalars (strings and bytes are malloc'd copies). The caller
// keeps its own reference to a. Whatever a consumer does not move out of v is released by
// [FreeValue].
func ExportValue(a any, v unsafe.Pointer) error {
	return exportArg(a, (*value)(v))
}

// ImportValue takes the Go value out of the goarrow_value at v: Arrow data is imported without
// copying (the producer's buffers, released through its release callback when the last Go
// reference is released), scalars are converted. It then frees what v still holds, so v must
// not be used again. Arrow results are new references for the caller to Release.
func ImportValue(v unsafe.Pointer) (any, error) {
	return importResult((*value)(v))
}

// FreeValue releases whatever the goarrow_value at v still owns (structs not moved out by a
// consumer, malloc'd strings) and frees those structs. v itself is the caller's.
func FreeValue(v unsafe.Pointer) {
	freeValue((*value)(v))
}

// ValueSize is sizeof(goarrow_value), for hosts that allocate them.
const ValueSize = int(unsafe.Sizeof(value{}))
