package core

// The codec between Go values and goarrow_value (goarrow.h), for hosts written in Go. Call
// uses it to play the host in tests; go/pyhost, where a Go program embeds CPython, uses it to
// hand Go data to Python and to take Python's data back. It is the extension's own codec:
// exportValue (export.go) for what goes out, importValue (import.go) for what comes in.

import (
	"unsafe"

	"github.com/goarrow/goarrow/go/internal/cabi"
)

// cValue is v as this package's cgo sees it (the same C type).
func cValue(v *cabi.Value) *value { return (*value)(unsafe.Pointer(v)) }

// ExportValue fills v (C memory, zeroed) with a: Arrow values (arrow.Array, arrow.RecordBatch,
// arrow.Table, array.RecordReader, *arrow.Schema) are exported to malloc'd C structs that point
// at a's buffers, without copying; nil, bool, int, int64, float64, string and []byte become
// scalars (strings and bytes are malloc'd copies). The caller keeps its own reference to a.
// Whatever a consumer does not move out of v is released by [FreeValue].
func ExportValue(a any, v *cabi.Value) error {
	return exportArg(a, cValue(v))
}

// ImportValue takes the Go value out of v: Arrow data is imported without copying (the
// producer's buffers, released through its release callback when the last Go reference is
// released), scalars are converted. It then frees what v still holds, so v must not be used
// again. Arrow results are new references for the caller to Release.
func ImportValue(v *cabi.Value) (any, error) {
	return importResult(cValue(v))
}

// FreeValue releases whatever v still owns (structs not moved out by a consumer, malloc'd
// strings) and frees those structs. v itself is the caller's.
func FreeValue(v *cabi.Value) {
	freeValue(cValue(v))
}
