package codec

// The two paths between arrow-go values and the Arrow C structs, and the one place that chooses
// between them.
//
// cdataPath is arrow-go's cdata (with the fixes export.go makes to its export): it takes every
// value, and it is the reference. flatPath (import_flat.go, import_batch.go, export_flat.go)
// re-implements the part of cdata, and of array.Validate, that the common values need, because
// for them cdata costs more than the rest of a crossing: flat arrays (fixed width, boolean,
// string and binary, and structs of them), record batches and streams of them. It takes a value
// only if its type is flat (flatType) and its structs are laid out as it expects; otherwise it
// declines, touching nothing, and cdata takes the value, so errors stay cdata's.
//
// The choice is made below, and nowhere else: the flat path if it takes the value, else cdata.
// flat_reference_test.go runs both paths through the same code and compares what they give.

/*
#include "ga_arrow.h"
*/
import "C"

import (
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/cdata"
)

// codecPath is one way between arrow-go values and the C structs, without copying a buffer.
// Each method reports with ok whether the path took the value; if not, it touched nothing.
type codecPath interface {
	// importArray imports a, of type t, over the host's buffers: read in place for as long as
	// the call's loans last if loans is not nil and the path can (see Loans), else moved out of a.
	// err is arrow-go's, for the caller to say what failed.
	importArray(a *C.struct_ArrowArray, t arrow.DataType, loans *Loans) (arr arrow.Array, ok bool, err error)
	// importBatch imports the struct array a, of type t, as a record batch of schema (t's
	// fields), as importArray does. err is the ValueError the host gets.
	importBatch(a *C.struct_ArrowArray, schema *arrow.Schema, t arrow.DataType, loans *Loans) (rb arrow.RecordBatch, ok bool, err error)
	// importReader reads the stream s of record batches of schema (type t) as the function pulls
	// them, and releases s with the reader. err is the one the host gets.
	importReader(s *C.struct_ArrowArrayStream, schema *arrow.Schema, t *arrow.StructType) (r array.RecordReader, ok bool, err error)
	// planExport works out the export of x, an arrow.Array or an arrow.RecordBatch (as its
	// struct array).
	planExport(x any) (plan exportPlan, ok bool)
	// export writes x into out as planned, over x's buffers, holding its own reference to them
	// until out is released. block is C memory of plan.blockSize() bytes (newBlock), or nil.
	// loans are the call's loans of its arguments (nil outside a call): a path may let out take
	// over an argument's struct instead of a reference of Go's.
	export(x any, plan exportPlan, out *C.struct_ArrowArray, block unsafe.Pointer, loans Loans)
}

// exportPlan is what an export needs besides the ArrowArray: for a flat export, the C block its
// nodes' structs and pointer arrays go in (nodes 0: none) and, for a batch, its columns' data.
type exportPlan struct {
	nodes, bufs int
	cols        []arrow.ArrayData
}

var (
	flat      codecPath = flatPath{}
	reference codecPath = cdataPath{}
)

// The choice. An import asks the flat path only if the type is flat (maybeFlat: flatType, worked
// out once per schema in the type cache, or once per stream); an export asks it always (it checks
// the type of the value). Whatever it declines goes to cdata.

// importAs imports the array a, of type t.
func importAs(a *C.struct_ArrowArray, t arrow.DataType, maybeFlat bool, loans *Loans) (arrow.Array, error) {
	if maybeFlat {
		if arr, ok, err := flat.importArray(a, t, loans); ok {
			return arr, err
		}
	}
	arr, _, err := reference.importArray(a, t, loans)
	return arr, err
}

// importBatchAs imports the struct array a, of type t, as a record batch of schema.
func importBatchAs(a *C.struct_ArrowArray, schema *arrow.Schema, t arrow.DataType, maybeFlat bool, loans *Loans) (arrow.RecordBatch, error) {
	if maybeFlat {
		if rb, ok, err := flat.importBatch(a, schema, t, loans); ok {
			return rb, err
		}
	}
	rb, _, err := reference.importBatch(a, schema, t, loans)
	return rb, err
}

// importReaderAs reads the stream s of record batches of schema.
func importReaderAs(s *C.struct_ArrowArrayStream, schema *arrow.Schema, t *arrow.StructType, maybeFlat bool) (array.RecordReader, error) {
	if maybeFlat {
		if r, ok, err := flat.importReader(s, schema, t); ok {
			return r, err
		}
	}
	r, _, err := reference.importReader(s, schema, t)
	return r, err
}

// exportPathOf is the path that exports x, and its plan.
func exportPathOf(x any) (codecPath, exportPlan) {
	if plan, ok := flat.planExport(x); ok {
		return flat, plan
	}
	plan, _ := reference.planExport(x)
	return reference, plan
}

// exportInto exports x (an arrow.Array or arrow.RecordBatch) into out: a stream's get_next.
func exportInto(x any, out *C.struct_ArrowArray) {
	p, plan := exportPathOf(x)
	p.export(x, plan, out, newBlock(plan), nil)
}

// cdata's views of our C structs (the same C types; cgo names them per package), for every
// call into cdata in this package.
func cdataSchema(p *C.struct_ArrowSchema) *cdata.CArrowSchema {
	return (*cdata.CArrowSchema)(unsafe.Pointer(p))
}
func cdataArray(p *C.struct_ArrowArray) *cdata.CArrowArray {
	return (*cdata.CArrowArray)(unsafe.Pointer(p))
}
func cdataStream(p *C.struct_ArrowArrayStream) *cdata.CArrowArrayStream {
	return (*cdata.CArrowArrayStream)(unsafe.Pointer(p))
}

// cdataPath is arrow-go's cdata: the reference, which takes every value. It moves what it
// imports out of the host's structs (it cannot read them in place), so it ignores loans.
type cdataPath struct{}

func (cdataPath) importArray(a *C.struct_ArrowArray, t arrow.DataType, _ *Loans) (arrow.Array, bool, error) {
	arr, err := cdata.ImportCArrayWithType(cdataArray(a), t)
	return arr, true, err
}

func (p cdataPath) importBatch(a *C.struct_ArrowArray, schema *arrow.Schema, t arrow.DataType, loans *Loans) (arrow.RecordBatch, bool, error) {
	arr, _, err := p.importArray(a, t, loans)
	rb, err := batchOfStruct(schema, arr, err)
	return rb, true, err
}

func (cdataPath) importReader(s *C.struct_ArrowArrayStream, schema *arrow.Schema, _ *arrow.StructType) (array.RecordReader, bool, error) {
	rdr, err := cdata.ImportCRecordReader(cdataStream(s), schema)
	if err != nil {
		return nil, true, valueErrorf("cannot import Arrow stream: %v", err)
	}
	return rdr.(array.RecordReader), true, nil
}

func (cdataPath) planExport(any) (exportPlan, bool) { return exportPlan{}, true }

func (cdataPath) export(x any, _ exportPlan, out *C.struct_ArrowArray, _ unsafe.Pointer, _ Loans) {
	switch x := x.(type) {
	case arrow.RecordBatch:
		exportBatchCdata(x, out)
	case arrow.Array:
		exportArrayCdata(x, out)
	}
}

// batchOfStruct is the record batch of schema over arr's fields, if arr (a struct array,
// released here) has no null rows; err, arr's import error, becomes the host's ValueError.
func batchOfStruct(schema *arrow.Schema, arr arrow.Array, err error) (arrow.RecordBatch, error) {
	if err != nil {
		return nil, valueErrorf("cannot import Arrow record batch: %v", err)
	}
	defer arr.Release()
	st := arr.(*array.Struct)
	if st.NullN() > 0 {
		return nil, valueErrorf("a record batch cannot have null rows (its struct array has %d)", st.NullN())
	}
	return batchOf(schema, st), nil
}

// batchOf is the record batch whose columns are st's fields (new references to them).
func batchOf(schema *arrow.Schema, st *array.Struct) arrow.RecordBatch {
	cols := make([]arrow.Array, st.NumField())
	for i := range cols {
		cols[i] = st.Field(i)
	}
	return array.NewRecordBatch(schema, cols, int64(st.Len()))
}
