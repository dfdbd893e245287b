package codec

// The Go types that cross, read from go/internal/crossing's table: what a parameter may be
// (importerFor), what a function may return (CheckResultType), and how Python's signatures show
// them (PythonType). Here each arrow-go type of the table gets its reflect.Type; TestCrossingTable
// checks that every entry has one.

import (
	"fmt"
	"reflect"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/goarrow/goarrow/go/internal/crossing"
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

// arrowCrossing is crossing.ArrowTypes by reflect.Type.
var arrowCrossing = func() map[reflect.Type]crossing.Arrow {
	m := map[reflect.Type]crossing.Arrow{}
	for _, t := range []reflect.Type{tArray, tBatch, tTable, tReader, tChunked, tSchema, tField, tDType} {
		named, pointer := t, t.Kind() == reflect.Pointer
		if pointer {
			named = t.Elem()
		}
		if a, ok := crossing.Find(named.PkgPath(), named.Name(), pointer); ok {
			m[t] = a
		}
	}
	return m
}()

// scalarPython is the Python type of a Go type that crosses as a scalar, or "".
func scalarPython(t reflect.Type) string { return crossing.Scalars[t.Kind().String()] }

// CheckResultType reports whether a function may return t: what exportValue takes.
func CheckResultType(t reflect.Type) error {
	if _, ok := arrowCrossing[t]; ok || t == tAny || t == tBytes || scalarPython(t) != "" {
		return nil
	}
	return fmt.Errorf("cannot return %s to Python", t)
}

// PythonType is the annotation Python shows for a Go type: what it accepts as a parameter, or
// what it gets back as a result.
func PythonType(t reflect.Type, param bool) string {
	if a, ok := arrowCrossing[t]; ok {
		if param {
			return a.Param
		}
		return a.Result
	}
	switch t {
	case tAny:
		return crossing.AnyPython
	case tBytes:
		return crossing.BytesPython
	}
	if p := scalarPython(t); p != "" {
		return p
	}
	return crossing.AnyPython
}
