package codec

// Go → host. Each function here fills a goarrow_value result from an arrow-go value. The structs
// are malloc'd (the host frees them after calling release); the buffers are not copied: the path
// that exports an array or batch (path.go: the flat one, or cdata through exportArrayCdata)
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
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/goarrow/goarrow/go/internal/cabi"
)

// result is the host's result slot.
type value = C.goarrow_value

func newSchema() *C.struct_ArrowSchema {
	return (*C.struct_ArrowSchema)(C.calloc(1, C.size_t(unsafe.Sizeof(C.struct_ArrowSchema{}))))
}

func freeSchema(p *C.struct_ArrowSchema) { C.free(unsafe.Pointer(p)) }

func newStream() *C.struct_ArrowArrayStream {
	return (*C.struct_ArrowArrayStream)(C.calloc(1, C.size_t(unsafe.Sizeof(C.struct_ArrowArrayStream{}))))
}

// exportValue fills out from a function's result and releases the bridge's reference to it:
// what the host holds from here on is the exported structs' own reference.
func exportValue(v any, out *value) error { return exportAny(v, out, false, nil) }

// exportResult is exportValue for goarrow_call's result, whose host may have said it keeps some
// types (goarrow_type_known): an array or batch of such a type goes without its schema.
func exportResult(v any, out *value, loans Loans) error { return exportAny(v, out, true, loans) }

func exportAny(v any, out *value, omitKnownSchema bool, loans Loans) error {
	switch x := v.(type) {
	case arrow.RecordBatch, arrow.Array, arrow.Table, *arrow.Chunked, array.RecordReader:
		// Arrow data: the export holds its own references; the bridge's goes when it is done
		// (one defer here, open-coded, rather than one per case below).
		defer x.(interface{ Release() }).Release()
	}
	return exportKind(v, out, omitKnownSchema, loans)
}

// exportKind is exportAny without the release of v.
func exportKind(v any, out *value, omitKnownSchema bool, loans Loans) error {
	switch x := v.(type) {
	case nil:
		out.kind = C.GOARROW_NONE
	case arrow.RecordBatch: // before arrow.Array: no RecordBatch is an Array, but keep the order obvious
		out.kind = C.GOARROW_BATCH
		out.i = C.int64_t(exportArrowResult(x, templateKey{v: x.Schema()}, out, omitKnownSchema, loans))
	case arrow.Array:
		out.kind = C.GOARROW_ARRAY
		out.i = C.int64_t(exportArrowResult(x, typeKey(x.DataType()), out, omitKnownSchema, loans))
	case arrow.Table:
		out.kind = C.GOARROW_TABLE
		out.stream = newStream()
		exportTable(x, out.stream)
	case *arrow.Chunked:
		out.kind = C.GOARROW_CHUNKED
		out.stream = newStream()
		exportChunked(x, out.stream)
	case array.RecordReader:
		out.kind = C.GOARROW_STREAM
		out.stream = newStream()
		exportReader(x, out.stream)
	case *arrow.Schema:
		out.kind = C.GOARROW_SCHEMA
		out.schema = newSchema()
		exportSchema(x, out.schema)
	case arrow.Field:
		out.kind = C.GOARROW_FIELD
		out.schema = newSchema()
		exportField(x, out.schema)
	case arrow.DataType:
		out.kind = C.GOARROW_TYPE
		out.schema = newSchema()
		exportType(x, out.schema)
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
		return fmt.Errorf("%w: a %T cannot cross to the host (want Arrow data or a scalar)", cabi.ErrType, v)
	}
	return nil
}

func setInt(out *value, i int64) { out.kind, out.i = C.GOARROW_INT, C.int64_t(i) }

func setUint(out *value, u uint64) error {
	if u > math.MaxInt64 {
		return fmt.Errorf("%w: %d does not fit in int64", cabi.ErrValue, u)
	}
	setInt(out, int64(u))
	return nil
}

func setBytes(out *value, p unsafe.Pointer, n int) {
	out.len = C.int64_t(n)
	out.data = (*C.char)(C.malloc(C.size_t(n + 1)))
	if n > 0 {
		C.memcpy(unsafe.Pointer(out.data), p, C.size_t(n))
	}
	*(*byte)(unsafe.Add(unsafe.Pointer(out.data), n)) = 0
}

// exportArrowResult fills a host's result with x, an arrow.Array or an arrow.RecordBatch (as
// its struct array), and with the schema of key, x's template key (none if omitKnownSchema and
// the host keeps that type), and returns the schema's type id (see goarrow_value.i). The path
// that exports x (path.go) may need a C block: it comes with the result's structs, in one call
// into C. Whichever path it is, the release is safe in a forked child.
func exportArrowResult(x any, key templateKey, out *value, omitKnownSchema bool, loans Loans) int64 {
	p, plan := exportPathOf(x)
	typeID := knownTypeID(key, omitKnownSchema)
	block := allocResult(out, typeID == 0, plan)
	if typeID == 0 {
		typeID = exportKeySchema(key, out.schema)
	}
	p.export(x, plan, out.array, block, loans)
	return typeID
}

// exportArrayCdata exports arr through cdata, with the two fixes of arrowgo_v18_8_0.go
// (storageArray, fixOffsets).
func exportArrayCdata(arr arrow.Array, out *C.struct_ArrowArray) {
	C.memset(unsafe.Pointer(out), 0, C.sizeof_struct_ArrowArray)
	st := storageArray(arr)
	defer st.Release()
	cdata.ExportArrowArray(st, cdataArray(out), nil)
	fixOffsets(out, arr.DataType())
	guardArray(out)
}

// exportBatchCdata exports rb as the C Data Interface has a record batch, a struct array,
// through exportArrayCdata.
func exportBatchCdata(rb arrow.RecordBatch, out *C.struct_ArrowArray) {
	cols := make([]arrow.ArrayData, rb.NumCols())
	for i, c := range rb.Columns() {
		cols[i] = c.Data()
	}
	data := array.NewData(arrow.StructOf(rb.Schema().Fields()...), int(rb.NumRows()), []*memory.Buffer{nil}, cols, 0, 0)
	defer data.Release()
	st := array.NewStructData(data)
	defer st.Release()
	exportArrayCdata(st, out)
}

// exportField exports a bare field. cdata exports fields only as part of a schema, so this
// exports a one-field schema and moves the field out (the C Data Interface allows moving a
// child: copy it, then mark the original released).
func exportField(f arrow.Field, out *C.struct_ArrowSchema) {
	var parent C.struct_ArrowSchema
	cdata.ExportArrowSchema(arrow.NewSchema([]arrow.Field{f}, nil), cdataSchema(&parent))
	child := unsafe.Slice(parent.children, 1)[0]
	*out = *child
	child.release = nil
	cdata.ReleaseCArrowSchema(cdataSchema(&parent))
}
