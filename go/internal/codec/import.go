package codec

// Host → Go. Each function here takes one goarrow_value argument and gives the arrow-go value it
// holds, pointing at the host's buffers (nothing is copied), through the path importAs and its
// siblings choose (path.go). What it returns is a new reference that the caller releases.

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

	"github.com/goarrow/goarrow/go/internal/cabi"
	"github.com/goarrow/goarrow/go/internal/crossing"
)

func argKind(v *value) cabi.Kind { return cabi.Kind(v.kind) }

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

// importArray imports ARRAY and BATCH arguments as an arrow.Array (a batch as its StructArray).
func importArray(v *value, loans *Loans) (arrow.Array, error) {
	if err := validateArrayStructs(v); err != nil {
		return nil, err
	}
	t, err := importTypeOf(v.schema)
	if err != nil {
		return nil, valueErrorf("cannot import Arrow array: %v", err)
	}
	arr, err := importAs(v.array, t.field.Type, t.flat, loans)
	if err != nil {
		return nil, valueErrorf("cannot import Arrow array: %v", err)
	}
	return withType(arr, t.typ), nil
}

// importBatch imports a BATCH, or an ARRAY of struct type, as an arrow.RecordBatch.
func importBatch(v *value, loans *Loans) (arrow.RecordBatch, error) {
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
	return importBatchAs(v.array, t.schema, t.field.Type, t.flat, loans)
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
	f, err := cdata.ImportCArrowField(cdataSchema(&cs))
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
	return importReaderAs(v.stream, arrow.NewSchema(st.Fields(), &f.Metadata), st, flatType(f))
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
			return nil, cabi.Errorf(cabi.StatusGoError, "stream get_next failed (errno %d): %s", int(rc), lastError(v.stream))
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
	return &cabi.Error{Status: cabi.StatusGoError, Msg: "reading the input stream failed: " + err.Error()}
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
func importValue(v *value, loans *Loans) (any, error) {
	switch argKind(v) {
	case cabi.KindNone:
		return nil, nil
	case cabi.KindBool:
		return v.i != 0, nil
	case cabi.KindInt:
		return int64(v.i), nil
	case cabi.KindFloat:
		return float64(v.f), nil
	case cabi.KindStr:
		return C.GoStringN(v.data, C.int(v.len)), nil
	case cabi.KindBytes:
		return C.GoBytes(unsafe.Pointer(v.data), C.int(v.len)), nil
	case cabi.KindArray:
		return importArray(v, loans)
	case cabi.KindBatch:
		return importBatch(v, loans)
	case cabi.KindTable:
		return importTable(v)
	case cabi.KindChunked:
		return importChunked(v)
	case cabi.KindStream:
		f, err := streamSchema(v)
		if err != nil {
			return nil, err
		}
		if _, ok := f.Type.(*arrow.StructType); ok {
			return importReader(v)
		}
		return importChunked(v)
	case cabi.KindSchema:
		return importSchema(v)
	case cabi.KindField:
		return importField(v)
	case cabi.KindType:
		f, err := importField(v)
		return f.Type, err
	}
	return nil, valueErrorf("unknown argument kind %d", int32(v.kind))
}

// importer turns one argument into a Go value. loans, when not nil, lets a flat import read the
// host's structs in place for the length of a call (see Loans); nil has it move them out.
type importer = func(v *value, loans *Loans) (any, error)

// importGuarded runs an importer, turning a panic inside arrow-go's cdata import (which panics
// on some inconsistent arrays instead of returning an error, arrow-go#613; found again by
// FuzzImport) into the ValueError a bad producer gets.
func importGuarded(imp importer, v *value, loans *Loans) (x any, err error) {
	defer func() {
		if r := recover(); r != nil {
			x, err = nil, valueErrorf("cannot import the %s: %v", argKind(v), r)
		}
	}()
	return imp(v, loans)
}

// as adapts a typed import to an importer.
func as[T any](f func(*value) (T, error)) importer {
	return func(v *value, _ *Loans) (any, error) { return f(v) }
}

// asLent adapts a typed import that can read the host's structs in place.
func asLent[T any](f func(*value, *Loans) (T, error)) importer {
	return func(v *value, loans *Loans) (any, error) { return f(v, loans) }
}

// conversion is what a parameter of an Arrow type (or []byte) accepts: for each argument kind
// that converts without copying, how. What it expects, for the TypeError about any other kind,
// is the type's Want in go/internal/crossing's table.
type conversion struct {
	from map[cabi.Kind]importer
	hint map[cabi.Kind]string // a TypeError that says more than "expected want", by kind
}

var conversions = map[reflect.Type]conversion{
	tArray: {map[cabi.Kind]importer{cabi.KindArray: asLent(importArray), cabi.KindBatch: asLent(importArray)},
		map[cabi.Kind]string{cabi.KindChunked: chunkHint, cabi.KindStream: chunkHint, cabi.KindTable: chunkHint}},
	tBatch: {map[cabi.Kind]importer{cabi.KindBatch: asLent(importBatch), cabi.KindArray: asLent(importBatch)}, nil},
	tTable: {map[cabi.Kind]importer{cabi.KindTable: as(importTable), cabi.KindStream: as(importTable), cabi.KindBatch: fromBatch(func(rb arrow.RecordBatch) (any, error) {
		return array.NewTableFromRecords(rb.Schema(), []arrow.RecordBatch{rb}), nil
	})}, nil},
	tReader: {map[cabi.Kind]importer{cabi.KindStream: as(importReader), cabi.KindTable: as(importReader), cabi.KindBatch: fromBatch(func(rb arrow.RecordBatch) (any, error) {
		return array.NewRecordReader(rb.Schema(), []arrow.RecordBatch{rb})
	})}, nil},
	tChunked: {map[cabi.Kind]importer{cabi.KindChunked: as(importChunked), cabi.KindStream: as(importChunked), cabi.KindArray: func(v *value, loans *Loans) (any, error) {
		arr, err := importArray(v, loans)
		if err != nil {
			return nil, err
		}
		defer arr.Release()
		return arrow.NewChunked(arr.DataType(), []arrow.Array{arr}), nil
	}}, nil},
	tSchema: {map[cabi.Kind]importer{cabi.KindSchema: as(importSchema)}, nil},
	tField:  {map[cabi.Kind]importer{cabi.KindField: as(importField), cabi.KindType: as(importField), cabi.KindSchema: as(importField)}, nil},
	tDType:  {map[cabi.Kind]importer{cabi.KindType: importDataType, cabi.KindField: importDataType}, nil},
	tBytes: {map[cabi.Kind]importer{cabi.KindBytes: func(v *value, _ *Loans) (any, error) {
		return C.GoBytes(unsafe.Pointer(v.data), C.int(v.len)), nil
	}}, nil},
}

const chunkHint = "expected an Arrow array, got an %s (pass one chunk, or declare the parameter *arrow.Chunked)"

// fromBatch imports a record batch and converts it with f, which keeps what it needs.
func fromBatch(f func(arrow.RecordBatch) (any, error)) importer {
	return func(v *value, loans *Loans) (any, error) {
		rb, err := importBatch(v, loans)
		if err != nil {
			return nil, err
		}
		defer rb.Release()
		return f(rb)
	}
}

func importDataType(v *value, _ *Loans) (any, error) {
	f, err := importField(v)
	return f.Type, err
}

// importer gives the importer of c, with its TypeErrors ("expected want"). Kinds index a small
// array: the lookup is on every call.
func (c conversion) importer(want string) importer {
	var from [32]importer
	var hints [32]string
	for k, f := range c.from {
		from[k] = f
	}
	for k, h := range c.hint {
		hints[k] = h
	}
	return func(v *value, loans *Loans) (any, error) {
		k := argKind(v)
		if k < 0 || int(k) >= len(from) {
			return nil, mismatch(want, v)
		}
		if f := from[k]; f != nil {
			return f(v, loans)
		}
		if h := hints[k]; h != "" {
			return nil, typeErrorf(h, k)
		}
		return nil, mismatch(want, v)
	}
}

// importerFor gives, once per parameter type, the function that turns an argument into a value
// of that type. It accepts each kind that converts without copying, and rejects the rest with a
// TypeError that says what was expected.
func importerFor(t reflect.Type) (importer, error) {
	if t == tAny {
		return importValue, nil
	}
	py := scalarPython(t) // what a TypeError says a scalar parameter expects
	if c, ok := conversions[t]; ok {
		want := crossing.BytesPython
		if a, ok := arrowCrossing[t]; ok {
			want = a.Want
		}
		return c.importer(want), nil
	}
	switch t.Kind() {
	case reflect.Bool:
		return func(v *value, _ *Loans) (any, error) {
			if argKind(v) == cabi.KindBool {
				return v.i != 0, nil
			}
			return nil, mismatch(py, v)
		}, nil
	case reflect.String:
		return func(v *value, _ *Loans) (any, error) {
			if argKind(v) == cabi.KindStr {
				return C.GoStringN(v.data, C.int(v.len)), nil
			}
			return nil, mismatch(py, v)
		}, nil
	case reflect.Float32, reflect.Float64:
		if t == tFloat64 { // the common case, without reflect
			return func(v *value, _ *Loans) (any, error) {
				switch argKind(v) {
				case cabi.KindFloat:
					return float64(v.f), nil
				case cabi.KindInt:
					return float64(v.i), nil
				}
				return nil, mismatch(py, v)
			}, nil
		}
		return func(v *value, _ *Loans) (any, error) {
			switch argKind(v) {
			case cabi.KindFloat:
				return reflect.ValueOf(float64(v.f)).Convert(t).Interface(), nil
			case cabi.KindInt:
				return reflect.ValueOf(float64(v.i)).Convert(t).Interface(), nil
			}
			return nil, mismatch(py, v)
		}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		switch t { // the common cases, without reflect (reflect.New alone allocates)
		case tInt64:
			return func(v *value, _ *Loans) (any, error) {
				if argKind(v) != cabi.KindInt {
					return nil, mismatch(py, v)
				}
				return int64(v.i), nil
			}, nil
		case tInt:
			return func(v *value, _ *Loans) (any, error) {
				if argKind(v) != cabi.KindInt {
					return nil, mismatch(py, v)
				}
				if int64(int(v.i)) != int64(v.i) {
					return nil, valueErrorf("%d is out of range for %s", int64(v.i), t)
				}
				return int(v.i), nil
			}, nil
		}
		return func(v *value, _ *Loans) (any, error) {
			if argKind(v) != cabi.KindInt {
				return nil, mismatch(py, v)
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
