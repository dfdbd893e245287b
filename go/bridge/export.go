package bridge

// Go → host. Each function here fills a goarrow_value result from an arrow-go value. The structs
// are malloc'd (the host frees them after calling release); the buffers are not copied: cdata
// hands out pointers to them and keeps them alive until the host calls release.

/*
#include <stdlib.h>
#include <string.h>
#include "goarrow.h"
*/
import "C"

import (
	"fmt"
	"math"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/cdata"
)

// result is the host's result slot.
type result = C.goarrow_value

func newSchema() *C.struct_ArrowSchema {
	return (*C.struct_ArrowSchema)(C.calloc(1, C.size_t(unsafe.Sizeof(C.struct_ArrowSchema{}))))
}

func newArray() *C.struct_ArrowArray {
	return (*C.struct_ArrowArray)(C.calloc(1, C.size_t(unsafe.Sizeof(C.struct_ArrowArray{}))))
}

func newStream() *C.struct_ArrowArrayStream {
	return (*C.struct_ArrowArrayStream)(C.calloc(1, C.size_t(unsafe.Sizeof(C.struct_ArrowArrayStream{}))))
}

// exportValue fills out from a function's result and releases the bridge's reference to it:
// what the host holds from here on is the exported structs' own reference.
func exportValue(v any, out *result) error {
	switch x := v.(type) {
	case nil:
		out.kind = C.GOARROW_NONE
	case arrow.RecordBatch: // before arrow.Array: no RecordBatch is an Array, but keep the order obvious
		defer x.Release()
		out.kind = C.GOARROW_BATCH
		out.schema, out.array = newSchema(), newArray()
		cdata.ExportArrowRecordBatch(x, cArrayOf(out.array), cSchemaOf(out.schema))
	case arrow.Array:
		defer x.Release()
		out.kind = C.GOARROW_ARRAY
		out.schema, out.array = newSchema(), newArray()
		cdata.ExportArrowArray(x, cArrayOf(out.array), cSchemaOf(out.schema))
	case arrow.Table:
		defer x.Release()
		rdr := array.NewTableReader(x, -1)
		defer rdr.Release()
		out.kind = C.GOARROW_TABLE
		out.stream = newStream()
		cdata.ExportRecordReader(rdr, cStreamOf(out.stream))
	case *arrow.Chunked:
		// A chunked array crosses as a one-column table stream; the host takes the column.
		defer x.Release()
		field := arrow.Field{Name: "", Type: x.DataType(), Nullable: true}
		col := arrow.NewColumn(field, x)
		defer col.Release()
		tbl := array.NewTable(arrow.NewSchema([]arrow.Field{field}, nil), []arrow.Column{*col}, int64(x.Len()))
		defer tbl.Release()
		rdr := array.NewTableReader(tbl, -1)
		defer rdr.Release()
		out.kind = C.GOARROW_CHUNKED
		out.stream = newStream()
		cdata.ExportRecordReader(rdr, cStreamOf(out.stream))
	case array.RecordReader:
		defer x.Release()
		out.kind = C.GOARROW_STREAM
		out.stream = newStream()
		// The export retains x (through safeReader's embedded Retain) for as long as the host reads.
		cdata.ExportRecordReader(&safeReader{RecordReader: x}, cStreamOf(out.stream))
	case *arrow.Schema:
		out.kind = C.GOARROW_SCHEMA
		out.schema = newSchema()
		cdata.ExportArrowSchema(x, cSchemaOf(out.schema))
	case bool:
		out.kind = C.GOARROW_BOOL
		if x {
			out.i = 1
		}
	case int:
		setInt(out, int64(x))
	case int8:
		setInt(out, int64(x))
	case int16:
		setInt(out, int64(x))
	case int32:
		setInt(out, int64(x))
	case int64:
		setInt(out, x)
	case uint:
		return setUint(out, uint64(x))
	case uint8:
		setInt(out, int64(x))
	case uint16:
		setInt(out, int64(x))
	case uint32:
		setInt(out, int64(x))
	case uint64:
		return setUint(out, x)
	case float32:
		out.kind, out.f = C.GOARROW_FLOAT, C.double(x)
	case float64:
		out.kind, out.f = C.GOARROW_FLOAT, C.double(x)
	case string:
		out.kind = C.GOARROW_STR
		setBytes(out, unsafe.Pointer(unsafe.StringData(x)), len(x))
	case []byte:
		out.kind = C.GOARROW_BYTES
		setBytes(out, unsafe.Pointer(unsafe.SliceData(x)), len(x))
	default:
		return fmt.Errorf("bridge: cannot return a %T to the host", v)
	}
	return nil
}

func setInt(out *result, i int64) { out.kind, out.i = C.GOARROW_INT, C.int64_t(i) }

func setUint(out *result, u uint64) error {
	if u > math.MaxInt64 {
		return fmt.Errorf("bridge: result %d does not fit in int64", u)
	}
	setInt(out, int64(u))
	return nil
}

func setBytes(out *result, p unsafe.Pointer, n int) {
	out.len = C.int64_t(n)
	out.data = (*C.char)(C.malloc(C.size_t(n + 1)))
	if n > 0 {
		C.memcpy(unsafe.Pointer(out.data), p, C.size_t(n))
	}
	*(*byte)(unsafe.Add(unsafe.Pointer(out.data), n)) = 0
}

func cSchemaOf(p *C.struct_ArrowSchema) *cdata.CArrowSchema { return (*cdata.CArrowSchema)(unsafe.Pointer(p)) }
func cArrayOf(p *C.struct_ArrowArray) *cdata.CArrowArray    { return (*cdata.CArrowArray)(unsafe.Pointer(p)) }
func cStreamOf(p *C.struct_ArrowArrayStream) *cdata.CArrowArrayStream {
	return (*cdata.CArrowArrayStream)(unsafe.Pointer(p))
}

// safeReader turns a panic in a Go stream's Next into the stream's error, so the host's
// get_next sees an error instead of the process dying inside a C callback.
type safeReader struct {
	array.RecordReader
	err error
}

func (s *safeReader) Next() (ok bool) {
	if s.err != nil {
		return false
	}
	defer func() {
		if r := recover(); r != nil {
			s.err = panicError(r)
			ok = false
		}
	}()
	return s.RecordReader.Next()
}

func (s *safeReader) Err() error {
	if s.err != nil {
		return s.err
	}
	return s.RecordReader.Err()
}
