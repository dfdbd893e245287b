package bridge

// Call lets Go code call a registered function through the C ABI, exactly as a foreign host
// does: arguments are exported to Arrow C structs, the function imports them, and its result is
// exported and imported back. Nothing is copied on the way. The Go tests use it to exercise the
// whole data path without Python.

/*
#include <stdlib.h>
#include "goarrow.h"
*/
import "C"

import (
	"fmt"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/cdata"
)

// CallError is the error Call returns when the function fails: Status says how the host would
// raise it (GoError, GoPanic, TypeError, ...).
type CallError struct {
	Status  string
	Message string
}

func (e *CallError) Error() string { return e.Status + ": " + e.Message }

var statusNames = map[int32]string{
	int32(statusGoError): "GoError", int32(statusGoPanic): "GoPanic", int32(statusLookupError): "LookupError",
	int32(statusTypeError): "TypeError", int32(statusValueError): "ValueError", int32(statusCancelled): "Cancelled",
}

// Call runs the function registered as name. Arguments may be arrow.Array, arrow.RecordBatch,
// arrow.Table, array.RecordReader, *arrow.Schema, nil, bool, int, int64, float64, string or
// []byte; the caller keeps its references. The result is what a host would get, imported back:
// a new reference to release.
func Call(name string, args ...any) (any, error) {
	fn := lookup(name)
	if fn == nil {
		return nil, &CallError{"LookupError", fmt.Sprintf("no Go function named %q", name)}
	}
	n := len(args)
	cargs := (*C.goarrow_value)(C.calloc(C.size_t(max(n, 1)), C.size_t(unsafe.Sizeof(C.goarrow_value{}))))
	defer C.free(unsafe.Pointer(cargs))
	argv := unsafe.Slice(cargs, max(n, 1))[:n]
	defer func() {
		for i := range argv {
			freeHostArg(&argv[i])
		}
	}()
	for i, a := range args {
		if err := hostArg(a, &argv[i]); err != nil {
			return nil, err
		}
	}

	out := (*C.goarrow_value)(C.calloc(1, C.size_t(unsafe.Sizeof(C.goarrow_value{}))))
	defer C.free(unsafe.Pointer(out))
	var msg *C.char
	st := goarrow_call(C.int64_t(fn.id), 0, cargs, C.int64_t(n), out, &msg)
	if st != 0 {
		defer C.free(unsafe.Pointer(msg))
		return nil, &CallError{statusNames[int32(st)], C.GoString(msg)}
	}
	return hostResult(out)
}

// hostArg exports one Go value as a host would pass it.
func hostArg(a any, v *C.goarrow_value) error {
	switch x := a.(type) {
	case nil:
		v.kind = C.GOARROW_NONE
	case bool:
		v.kind = C.GOARROW_BOOL
		if x {
			v.i = 1
		}
	case int:
		v.kind, v.i = C.GOARROW_INT, C.int64_t(x)
	case int64:
		v.kind, v.i = C.GOARROW_INT, C.int64_t(x)
	case float64:
		v.kind, v.f = C.GOARROW_FLOAT, C.double(x)
	case string:
		v.kind = C.GOARROW_STR
		v.data, v.len = C.CString(x), C.int64_t(len(x))
	case []byte:
		v.kind = C.GOARROW_BYTES
		v.data, v.len = (*C.char)(C.CBytes(x)), C.int64_t(len(x))
	case arrow.RecordBatch:
		v.kind = C.GOARROW_BATCH
		v.schema, v.array = newSchema(), newArray()
		exportBatch(x, v.array, v.schema)
	case arrow.Array:
		v.kind = C.GOARROW_ARRAY
		v.schema, v.array = newSchema(), newArray()
		exportArray(x, v.array, v.schema)
	case arrow.Table:
		v.kind, v.stream = C.GOARROW_TABLE, newStream()
		exportTable(x, v.stream)
	case array.RecordReader:
		v.kind, v.stream = C.GOARROW_STREAM, newStream()
		exportReader(x, v.stream)
	case *arrow.Schema:
		v.kind, v.schema = C.GOARROW_SCHEMA, newSchema()
		exportSchema(x, v.schema)
	default:
		return fmt.Errorf("%w: cannot pass a %T as Arrow data or a scalar", ErrType, a)
	}
	return nil
}

// freeHostArg releases whatever the function did not move out, and frees the structs.
func freeHostArg(v *C.goarrow_value) {
	switch v.kind {
	case C.GOARROW_STR, C.GOARROW_BYTES:
		C.free(unsafe.Pointer(v.data))
	}
	if v.schema != nil {
		cdata.ReleaseCArrowSchema(cSchemaOf(v.schema))
		C.free(unsafe.Pointer(v.schema))
	}
	if v.array != nil {
		cdata.ReleaseCArrowArray(cArrayOf(v.array))
		C.free(unsafe.Pointer(v.array))
	}
	if v.stream != nil {
		cdata.ReleaseCArrowArrayStream(cStreamOf(v.stream))
		C.free(unsafe.Pointer(v.stream))
	}
}

// hostResult imports a result as a host would, and frees what it does not keep.
func hostResult(out *C.goarrow_value) (any, error) {
	defer freeHostArg(out)
	switch kind(out.kind) {
	case kindNone:
		return nil, nil
	case kindBool:
		return out.i != 0, nil
	case kindInt:
		return int64(out.i), nil
	case kindFloat:
		return float64(out.f), nil
	case kindStr:
		return C.GoStringN(out.data, C.int(out.len)), nil
	case kindBytes:
		return C.GoBytes(unsafe.Pointer(out.data), C.int(out.len)), nil
	case kindArray:
		return importArray(out)
	case kindBatch:
		return importBatch(out)
	case kindStream:
		return importReader(out)
	case kindTable:
		return importTable(out)
	case kindChunked:
		tbl, err := importTable(out)
		if err != nil {
			return nil, err
		}
		defer tbl.Release()
		col := tbl.Column(0).Data()
		col.Retain()
		return col, nil
	case kindSchema:
		return importSchema(out)
	}
	return nil, fmt.Errorf("bridge: unknown value kind %d", int32(out.kind))
}
