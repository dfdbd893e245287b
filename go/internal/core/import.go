package core

// Host → Go. Each function here takes one goarrow_value argument and gives the arrow-go value it
// holds, pointing at the host's buffers (cdata moves the structs; nothing is copied). What it
// returns is a new reference that the caller releases.

/*
#include "ga_arrow.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/cdata"
)

// kind mirrors enum goarrow_kind in goarrow.h.
type kind int32

const (
	kindNone    kind = C.GOARROW_NONE
	kindBool    kind = C.GOARROW_BOOL
	kindInt     kind = C.GOARROW_INT
	kindFloat   kind = C.GOARROW_FLOAT
	kindStr     kind = C.GOARROW_STR
	kindBytes   kind = C.GOARROW_BYTES
	kindArray   kind = C.GOARROW_ARRAY
	kindBatch   kind = C.GOARROW_BATCH
	kindStream  kind = C.GOARROW_STREAM
	kindTable   kind = C.GOARROW_TABLE
	kindChunked kind = C.GOARROW_CHUNKED
	kindSchema  kind = C.GOARROW_SCHEMA
	kindField   kind = C.GOARROW_FIELD
	kindType    kind = C.GOARROW_TYPE
)

var kindNames = map[kind]string{
	kindNone: "None", kindBool: "bool", kindInt: "int", kindFloat: "float", kindStr: "str",
	kindBytes: "bytes", kindArray: "Arrow array", kindBatch: "Arrow record batch",
	kindStream: "Arrow stream", kindTable: "Arrow table", kindChunked: "Arrow chunked array",
	kindSchema: "Arrow schema", kindField: "Arrow field", kindType: "Arrow data type",
}

func (k kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("unknown kind %d", int32(k))
}

func argKind(v *value) kind { return kind(v.kind) }

// validateArrayStructs rejects structs that cdata would crash on: released or missing ones.
// (cdata trusts the producer; a hostile or buggy one must get a ValueError, not a segfault.)
func validateArrayStructs(v *value) error {
	if v.schema == nil || v.array == nil {
		return valueErrorf("%s argument without its ArrowSchema/ArrowArray", argKind(v))
	}
	if v.schema.release == nil || v.array.release == nil {
		return valueErrorf("%s argument was already released (a PyCapsule can be consumed only once)", argKind(v))
	}
	if v.schema.format == nil {
		return valueErrorf("ArrowSchema has no format string")
	}
	if v.array.length < 0 || v.array.offset < 0 || v.array.n_buffers < 0 || v.array.n_children < 0 {
		return valueErrorf("ArrowArray has a negative length, offset or count (length=%d offset=%d)", int64(v.array.length), int64(v.array.offset))
	}
	return nil
}

func cSchema(v *value) *cdata.CArrowSchema { return (*cdata.CArrowSchema)(unsafe.Pointer(v.schema)) }
func cArray(v *value) *cdata.CArrowArray   { return (*cdata.CArrowArray)(unsafe.Pointer(v.array)) }
func cStream(v *value) *cdata.CArrowArrayStream {
	return (*cdata.CArrowArrayStream)(unsafe.Pointer(v.stream))
}

// importArray imports ARRAY and BATCH arguments as an arrow.Array (a batch as its StructArray).
func importArray(v *value, lent *borrows) (arrow.Array, error) {
	if err := validateArrayStructs(v); err != nil {
		return nil, err
	}
	t, err := importTypeOf(v.schema)
	if err != nil {
		return nil, valueErrorf("cannot import Arrow array: %v", err)
	}
	arr, err := importAs(v.array, t.field.Type, t.flat, lent)
	if err != nil {
		return nil, valueErrorf("cannot import Arrow array: %v", err)
	}
	return withType(arr, t.typ), nil
}

// importBatch imports a BATCH, or an ARRAY of struct type, as an arrow.RecordBatch.
func importBatch(v *value, lent *borrows) (arrow.RecordBatch, error) {
	if err := validateArrayStructs(v); err != nil {
		return nil, err
	}
	t, err := importTypeOf(v.schema)
	if err != nil {
		return nil, valueErrorf("cannot import Arrow record batch: %v", err)
	}
	if t.schema == nil {
		return nil, typeErrorf("expected a record batch (a struct array), got an array of %s", t.field.Type)
	}
	flat := t.flat
	if flat {
		var rb arrow.RecordBatch
		if rb, flat = importFlatBatch(v.array, t.schema, t.field.Type, lent); rb != nil {
			return rb, nil
		}
	}
	arr, err := importAs(v.array, t.field.Type, flat, lent)
	if err != nil {
		return nil, valueErrorf("cannot import Arrow record batch: %v", err)
	}
	defer arr.Release()
	st := arr.(*array.Struct)
	if st.NullN() > 0 {
		return nil, valueErrorf("a record batch cannot have null rows (its struct array has %d)", st.NullN())
	}
	return batchOf(t.schema, st), nil
}

// streamSchema reads a stream's schema without consuming the stream.
func streamSchema(v *value) (arrow.Field, error) {
	if v.stream == nil || v.stream.release == nil {
		return arrow.Field{}, valueErrorf("%s argument was already released (a PyCapsule can be consumed only once)", argKind(v))
	}
	var cs C.struct_ArrowSchema
	if rc := C.ga_stream_get_schema(v.stream, &cs); rc != 0 {
		return arrow.Field{}, valueErrorf("stream get_schema failed (errno %d): %s", int(rc), lastError(v.stream))
	}
	f, err := cdata.ImportCArrowField((*cdata.CArrowSchema)(unsafe.Pointer(&cs)))
	if err != nil {
		return arrow.Field{}, valueErrorf("cannot import stream schema: %v", err)
	}
	return f, nil
}

func lastError(s *C.struct_ArrowArrayStream) string {
	if msg := C.ga_stream_last_error(s); msg != nil {
		return C.GoString(msg)
	}
	return "(no message)"
}

// importReader imports a stream of record batches lazily: batches are pulled from the host as
// the function reads them.
func importReader(v *value) (array.RecordReader, error) {
	f, err := streamSchema(v)
	if err != nil {
		return nil, err
	}
	st, ok := f.Type.(*arrow.StructType)
	if !ok {
		return nil, typeErrorf("expected a stream of record batches, got a stream of %s", f.Type)
	}
	schema := arrow.NewSchema(st.Fields(), &f.Metadata)
	if flatType(f) {
		r, err := newFlatReader(v.stream, schema, st)
		if err != nil {
			return nil, err
		}
		return r, nil
	}
	rdr, err := cdata.ImportCRecordReader(cdataStream(v.stream), schema)
	if err != nil {
		return nil, valueErrorf("cannot import Arrow stream: %v", err)
	}
	return rdr.(array.RecordReader), nil
}

// importTable reads a stream of record batches to its end, keeping every batch (no copy).
func importTable(v *value) (arrow.Table, error) {
	rdr, err := importReader(v)
	if err != nil {
		return nil, err
	}
	defer rdr.Release()
	var batches []arrow.RecordBatch
	defer func() {
		for _, b := range batches {
			b.Release()
		}
	}()
	for rdr.Next() {
		b := rdr.RecordBatch()
		b.Retain()
		batches = append(batches, b)
	}
	if err := rdr.Err(); err != nil {
		return nil, streamError(err)
	}
	return array.NewTableFromRecords(rdr.Schema(), batches), nil
}

// importChunked reads a stream of arrays (any type) into a chunked array. cdata reads only
// streams of record batches, so this pulls the arrays through the stream's callbacks itself.
func importChunked(v *value) (*arrow.Chunked, error) {
	f, err := streamSchema(v)
	if err != nil {
		return nil, err
	}
	typ, flat := fieldType(f), flatType(f)
	var chunks []arrow.Array
	defer func() {
		for _, c := range chunks {
			c.Release()
		}
	}()
	for {
		var ca C.struct_ArrowArray
		if rc := C.ga_stream_get_next(v.stream, &ca); rc != 0 {
			return nil, &callError{statusGoError, fmt.Sprintf("stream get_next failed (errno %d): %s", int(rc), lastError(v.stream))}
		}
		if ca.release == nil {
			break
		}
		// The import moves ca's contents out; ca itself is not kept (released here if it failed).
		chunk, err := importAs(&ca, f.Type, flat, nil)
		C.ga_array_release(&ca)
		if err != nil {
			return nil, valueErrorf("cannot import stream chunk: %v", err)
		}
		chunks = append(chunks, withType(chunk, typ))
	}
	C.ga_stream_release(v.stream)
	return arrow.NewChunked(typ, chunks), nil
}

// streamError keeps the producer's message: an exception raised in a Python generator feeding a
// RecordBatchReader arrives here as get_next's error.
func streamError(err error) error {
	if errors.Is(err, io.EOF) {
		return nil
	}
	return &callError{statusGoError, "reading the input stream failed: " + err.Error()}
}

func importSchema(v *value) (*arrow.Schema, error) {
	if v.schema == nil || v.schema.release == nil {
		return nil, valueErrorf("schema argument was already released (a PyCapsule can be consumed only once)")
	}
	s, err := cdata.ImportCArrowSchema(cdataSchema(v.schema))
	if err != nil {
		return nil, valueErrorf("cannot import Arrow schema: %v", err)
	}
	return s, nil
}

func importField(v *value) (arrow.Field, error) {
	if v.schema == nil || v.schema.release == nil {
		return arrow.Field{}, valueErrorf("schema argument was already released (a PyCapsule can be consumed only once)")
	}
	f, err := cdata.ImportCArrowField(cdataSchema(v.schema)) // releases the schema, even on error
	if err != nil {
		return arrow.Field{}, valueErrorf("cannot import Arrow field: %v", err)
	}
	return f, nil
}

// importValue imports an argument as the Go type matching what the host passed: the
// conversion a parameter of type `any` gets.
func importValue(v *value, lent *borrows) (any, error) {
	switch argKind(v) {
	case kindNone:
		return nil, nil
	case kindBool:
		return v.i != 0, nil
	case kindInt:
		return int64(v.i), nil
	case kindFloat:
		return float64(v.f), nil
	case kindStr:
		return C.GoStringN(v.data, C.int(v.len)), nil
	case kindBytes:
		return C.GoBytes(unsafe.Pointer(v.data), C.int(v.len)), nil
	case kindArray:
		return importArray(v, lent)
	case kindBatch:
		return importBatch(v, lent)
	case kindTable:
		return importTable(v)
	case kindChunked:
		return importChunked(v)
	case kindStream:
		f, err := streamSchema(v)
		if err != nil {
			return nil, err
		}
		if _, ok := f.Type.(*arrow.StructType); ok {
			return importReader(v)
		}
		return importChunked(v)
	case kindSchema:
		return importSchema(v)
	case kindField:
		return importField(v)
	case kindType:
		f, err := importField(v)
		return f.Type, err
	}
	return nil, valueErrorf("unknown argument kind %d", int32(v.kind))
}

// importer turns one argument into a Go value. lent, when not nil, lets a flat import read the
// host's structs in place for the length of a call (see borrows); nil has it move them out.
type importer = func(v *value, lent *borrows) (any, error)

// importGuarded runs an importer, turning a panic inside arrow-go's cdata import (which panics
// on some inconsistent arrays instead of returning an error, arrow-go#613; found again by
// FuzzImport) into the ValueError a bad producer gets.
func importGuarded(imp importer, v *value, lent *borrows) (x any, err error) {
	defer func() {
		if r := recover(); r != nil {
			x, err = nil, valueErrorf("cannot import the %s: %v", argKind(v), r)
		}
	}()
	return imp(v, lent)
}

// as adapts a typed import to an importer.
func as[T any](f func(*value) (T, error)) importer {
	return func(v *value, _ *borrows) (any, error) { return f(v) }
}

// asLent adapts a typed import that can read the host's structs in place.
func asLent[T any](f func(*value, *borrows) (T, error)) importer {
	return func(v *value, lent *borrows) (any, error) { return f(v, lent) }
}

// conversion is what a parameter of an Arrow type accepts: for each argument kind that converts
// without copying, how; and what it expects, for the TypeError about any other kind.
type conversion struct {
	want string
	from map[kind]importer
	hint map[kind]string // a TypeError that says more than "expected want", by kind
}

var conversions = map[reflect.Type]conversion{
	tArray: {"an Arrow array", map[kind]importer{kindArray: asLent(importArray), kindBatch: asLent(importArray)},
		map[kind]string{kindChunked: chunkHint, kindStream: chunkHint, kindTable: chunkHint}},
	tBatch: {"an Arrow record batch", map[kind]importer{kindBatch: asLent(importBatch), kindArray: asLent(importBatch)}, nil},
	tTable: {"an Arrow table or stream of record batches",
		map[kind]importer{kindTable: as(importTable), kindStream: as(importTable), kindBatch: fromBatch(func(rb arrow.RecordBatch) (any, error) {
			return array.NewTableFromRecords(rb.Schema(), []arrow.RecordBatch{rb}), nil
		})}, nil},
	tReader: {"an Arrow stream of record batches",
		map[kind]importer{kindStream: as(importReader), kindTable: as(importReader), kindBatch: fromBatch(func(rb arrow.RecordBatch) (any, error) {
			return array.NewRecordReader(rb.Schema(), []arrow.RecordBatch{rb})
		})}, nil},
	tChunked: {"an Arrow array or chunked array",
		map[kind]importer{kindChunked: as(importChunked), kindStream: as(importChunked), kindArray: func(v *value, lent *borrows) (any, error) {
			arr, err := importArray(v, lent)
			if err != nil {
				return nil, err
			}
			defer arr.Release()
			return arrow.NewChunked(arr.DataType(), []arrow.Array{arr}), nil
		}}, nil},
	tSchema: {"an Arrow schema", map[kind]importer{kindSchema: as(importSchema)}, nil},
	tField:  {"an Arrow field", map[kind]importer{kindField: as(importField), kindType: as(importField), kindSchema: as(importField)}, nil},
	tDType:  {"an Arrow data type", map[kind]importer{kindType: importDataType, kindField: importDataType}, nil},
	tBytes: {"bytes", map[kind]importer{kindBytes: func(v *value, _ *borrows) (any, error) {
		return C.GoBytes(unsafe.Pointer(v.data), C.int(v.len)), nil
	}}, nil},
}

const chunkHint = "expected an Arrow array, got an %s (pass one chunk, or declare the parameter *arrow.Chunked)"

// fromBatch imports a record batch and converts it with f, which keeps what it needs.
func fromBatch(f func(arrow.RecordBatch) (any, error)) importer {
	return func(v *value, lent *borrows) (any, error) {
		rb, err := importBatch(v, lent)
		if err != nil {
			return nil, err
		}
		defer rb.Release()
		return f(rb)
	}
}

func importDataType(v *value, _ *borrows) (any, error) {
	f, err := importField(v)
	return f.Type, err
}

// importer gives the importer of c, with its TypeErrors. Kinds index a small array: the lookup
// is on every call.
func (c conversion) importer() importer {
	var from [32]importer
	var hints [32]string
	for k, f := range c.from {
		from[k] = f
	}
	for k, h := range c.hint {
		hints[k] = h
	}
	return func(v *value, lent *borrows) (any, error) {
		k := argKind(v)
		if k < 0 || int(k) >= len(from) {
			return nil, mismatch(c.want, v)
		}
		if f := from[k]; f != nil {
			return f(v, lent)
		}
		if h := hints[k]; h != "" {
			return nil, typeErrorf(h, k)
		}
		return nil, mismatch(c.want, v)
	}
}

// importerFor gives, once per parameter type, the function that turns an argument into a value
// of that type. It accepts each kind that converts without copying, and rejects the rest with a
// TypeError that says what was expected.
func importerFor(t reflect.Type) (importer, error) {
	if t == tAny {
		return importValue, nil
	}
	if c, ok := conversions[t]; ok {
		return c.importer(), nil
	}
	switch t.Kind() {
	case reflect.Bool:
		return func(v *value, _ *borrows) (any, error) {
			if argKind(v) == kindBool {
				return v.i != 0, nil
			}
			return nil, mismatch("bool", v)
		}, nil
	case reflect.String:
		return func(v *value, _ *borrows) (any, error) {
			if argKind(v) == kindStr {
				return C.GoStringN(v.data, C.int(v.len)), nil
			}
			return nil, mismatch("str", v)
		}, nil
	case reflect.Float32, reflect.Float64:
		return func(v *value, _ *borrows) (any, error) {
			switch argKind(v) {
			case kindFloat:
				return reflect.ValueOf(float64(v.f)).Convert(t).Interface(), nil
			case kindInt:
				return reflect.ValueOf(float64(v.i)).Convert(t).Interface(), nil
			}
			return nil, mismatch("float", v)
		}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return func(v *value, _ *borrows) (any, error) {
			if argKind(v) != kindInt {
				return nil, mismatch("int", v)
			}
			i := int64(v.i)
			out := reflect.New(t).Elem()
			if t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64 {
				if i < 0 || out.OverflowUint(uint64(i)) {
					return nil, valueErrorf("%d is out of range for %s", i, t)
				}
				out.SetUint(uint64(i))
			} else {
				if out.OverflowInt(i) {
					return nil, valueErrorf("%d is out of range for %s", i, t)
				}
				out.SetInt(i)
			}
			return out.Interface(), nil
		}, nil
	}
	return nil, fmt.Errorf("cannot take a %s from Python", t)
}

func mismatch(want string, v *value) error {
	return typeErrorf("expected %s, got %s", want, argKind(v))
}
