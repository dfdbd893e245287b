package codec

// The Go types that cross: what a parameter may be (ImporterFor), what a function may return
// (CheckResultType), and how Python's signatures show them (PythonType).

import (
	"fmt"
	"reflect"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

var (
	tArray   = reflect.TypeOf((*arrow.Array)(nil)).Elem()
	tBatch   = reflect.TypeOf((*arrow.RecordBatch)(nil)).Elem()
	tTable   = reflect.TypeOf((*arrow.Table)(nil)).Elem()
	tReader  = reflect.TypeOf((*array.RecordReader)(nil)).Elem()
	tChunked = reflect.TypeOf((*arrow.Chunked)(nil))
	tSchema  = reflect.TypeOf((*arrow.Schema)(nil))
	tField   = reflect.TypeOf(arrow.Field{})
	tDType   = reflect.TypeOf((*arrow.DataType)(nil)).Elem()
	tAny     = reflect.TypeOf((*any)(nil)).Elem()
	tInt64   = reflect.TypeOf(int64(0))
	tInt     = reflect.TypeOf(int(0))
	tFloat64 = reflect.TypeOf(float64(0))
	tBytes   = reflect.TypeOf([]byte(nil))
)

// CheckResultType reports whether a function may return t: what exportValue takes.
func CheckResultType(t reflect.Type) error {
	switch t {
	case tArray, tBatch, tTable, tReader, tChunked, tSchema, tField, tDType, tAny, tBytes:
		return nil
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return nil
	}
	return fmt.Errorf("cannot return %s to Python", t)
}

// PythonType is the annotation Python shows for a Go type: what it accepts as a parameter, or
// what it gets back as a result.
func PythonType(t reflect.Type, param bool) string {
	switch t {
	case tArray:
		return pick(param, "ArrowArrayExportable", "pyarrow.Array")
	case tBatch:
		return pick(param, "ArrowArrayExportable", "pyarrow.RecordBatch")
	case tTable:
		return pick(param, "ArrowStreamExportable", "pyarrow.Table")
	case tReader:
		return pick(param, "ArrowStreamExportable", "pyarrow.RecordBatchReader")
	case tChunked:
		return pick(param, "ArrowStreamExportable | ArrowArrayExportable", "pyarrow.ChunkedArray")
	case tSchema:
		return pick(param, "ArrowSchemaExportable", "pyarrow.Schema")
	case tField:
		return pick(param, "ArrowSchemaExportable", "pyarrow.Field")
	case tDType:
		return pick(param, "ArrowSchemaExportable", "pyarrow.DataType")
	case tAny:
		return "Any"
	case tBytes:
		return "bytes"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "bool"
	case reflect.String:
		return "str"
	case reflect.Float32, reflect.Float64:
		return "float"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "int"
	}
	return "Any"
}

func pick(param bool, a, b string) string {
	if param {
		return a
	}
	return b
}
