package pyhost

// Python → Go. host.c asks the Python object for its Arrow PyCapsules (__arrow_c_array__,
// __arrow_c_stream__), moves the structs out of them, and go/internal/codec imports them
// (codec.ImportValue, the code that imports the CPython extension's arguments): Go's arrays
// point at Python's buffers.

/*
#include "host.h"
*/
import "C"

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/internal/codec"
)

// CallArray calls o(*args) and imports the result, any object with __arrow_c_array__ (a
// pyarrow.Array, a numpy-backed array, a polars Series' arrow, ...), without copying. A struct
// array stays an array; use CallRecordBatch for a record batch. Release the result.
func (o *Object) CallArray(args ...any) (arrow.Array, error) {
	return callAs[arrow.Array](o, C.GOARROW_ARRAY, args)
}

// CallRecordBatch calls o(*args) and imports the resulting record batch (__arrow_c_array__ of a
// struct type: pyarrow.RecordBatch, ...).
func (o *Object) CallRecordBatch(args ...any) (arrow.RecordBatch, error) {
	return callAs[arrow.RecordBatch](o, C.GOARROW_BATCH, args)
}

// CallTable calls o(*args) and reads the resulting stream (__arrow_c_stream__: pyarrow.Table,
// RecordBatchReader, a polars DataFrame, ...) to the end, batch by batch, without copying.
func (o *Object) CallTable(args ...any) (arrow.Table, error) {
	return callAs[arrow.Table](o, C.GOARROW_TABLE, args)
}

// CallReader calls o(*args) and returns its stream (__arrow_c_stream__) as a reader that pulls
// one batch at a time from Python (each pull takes the GIL inside the producer).
func (o *Object) CallReader(args ...any) (array.RecordReader, error) {
	return callAs[array.RecordReader](o, C.GOARROW_STREAM, args)
}

// CallValue calls o(*args) and converts the result to what it naturally is in Go: nil, bool,
// int64, float64, string, []byte; Arrow data with __arrow_c_array__ as an arrow.Array (a
// RecordBatch as its struct array); other Arrow data with __arrow_c_stream__ as an
// array.RecordReader. Release Arrow results.
func (o *Object) CallValue(args ...any) (any, error) {
	return callAs[any](o, C.PYHOST_NATURAL, args)
}

// Array imports o itself as CallArray imports a result.
func (o *Object) Array() (arrow.Array, error) { return exportAs[arrow.Array](o, C.GOARROW_ARRAY) }

// RecordBatch imports o itself as CallRecordBatch imports a result.
func (o *Object) RecordBatch() (arrow.RecordBatch, error) {
	return exportAs[arrow.RecordBatch](o, C.GOARROW_BATCH)
}

// Table imports o itself as CallTable imports a result.
func (o *Object) Table() (arrow.Table, error) { return exportAs[arrow.Table](o, C.GOARROW_TABLE) }

// Reader imports o itself as CallReader imports a result.
func (o *Object) Reader() (array.RecordReader, error) {
	return exportAs[array.RecordReader](o, C.GOARROW_STREAM)
}

func callAs[T any](o *Object, want C.int32_t, args []any) (T, error) {
	var out C.goarrow_value
	if err := o.call(want, args, &out, nil); err != nil {
		// A failed export may have moved some structs already (a schema, then a bad array).
		codec.FreeValue(abiValue(&out))
		var zero T
		return zero, err
	}
	return importAs[T](&out)
}

func exportAs[T any](o *Object, want C.int32_t) (T, error) {
	var zero T
	if o.released.Load() {
		return zero, ErrReleased
	}
	var out C.goarrow_value
	var cerr *C.char
	if C.pyhost_export(o.p, want, &out, &cerr) != 0 {
		codec.FreeValue(abiValue(&out))
		return zero, pyError(cerr)
	}
	return importAs[T](&out)
}

// importAs imports (and frees) the structs host.c filled in.
func importAs[T any](out *C.goarrow_value) (T, error) {
	var zero T
	v, err := codec.ImportValue(abiValue(out))
	if err != nil {
		return zero, err
	}
	t, ok := v.(T)
	if !ok {
		if r, ok := v.(interface{ Release() }); ok {
			r.Release()
		}
		return zero, fmt.Errorf("pyhost: got %T, want %T", v, zero)
	}
	return t, nil
}
