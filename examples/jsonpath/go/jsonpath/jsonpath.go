// Package jsonpath has Go functions that pull fields out of a column of JSON text, using
// github.com/tidwall/gjson, for Python to call on Arrow string columns without copying them.
// Each is marked //goarrow:export: go_arrow_extension registers it under that name, with its
// parameter names and this doc comment (goarrowgen, at build time).
package jsonpath

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/bridge"
	"github.com/tidwall/gjson"
)

// each calls f for every valid JSON document of column (string or large string), checking ctx.
func each(ctx context.Context, column arrow.Array, f func(i int, doc string), null func()) error {
	type strings interface {
		arrow.Array
		Value(int) string
	}
	col, ok := column.(strings)
	if !ok || (column.DataType().ID() != arrow.STRING && column.DataType().ID() != arrow.LARGE_STRING) {
		return fmt.Errorf("%w: json_get needs a string column, got %s", bridge.ErrType, column.DataType())
	}
	for i := 0; i < col.Len(); i++ {
		if i%65536 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if col.IsNull(i) || !gjson.Valid(col.Value(i)) {
			null()
			continue
		}
		f(i, col.Value(i))
	}
	return nil
}

// A plain error: Python gets it as goarrow.GoError.
var errEmptyPath = errors.New(`path is empty: give a gjson path such as "user.name"`)

// The value at path (gjson syntax, e.g. "user.name" or "tags.0") in each JSON document
// of a string column, as a string column: strings as they are, other values as their JSON text.
// Null where the document is null, is not valid JSON, or has nothing at path.
//
//goarrow:export json_get
func Get(ctx context.Context, column arrow.Array, path string) (arrow.Array, error) {
	if path == "" {
		return nil, errEmptyPath
	}
	b := array.NewStringBuilder(bridge.Allocator)
	defer b.Release()
	b.Reserve(column.Len())
	err := each(ctx, column, func(i int, doc string) {
		r := gjson.Get(doc, path)
		switch {
		case !r.Exists() || r.Type == gjson.Null:
			b.AppendNull()
		case r.Type == gjson.String:
			b.Append(r.Str)
		default:
			b.Append(r.Raw)
		}
	}, b.AppendNull)
	if err != nil {
		return nil, err
	}
	return b.NewArray(), nil
}

// The number at path in each JSON document of a string column, as a float64 column.
// Null where the document is null or not valid JSON, or the value at path is missing or not a number.
//
//goarrow:export json_get_float
func GetFloat(ctx context.Context, column arrow.Array, path string) (arrow.Array, error) {
	if path == "" {
		return nil, errEmptyPath
	}
	b := array.NewFloat64Builder(bridge.Allocator)
	defer b.Release()
	b.Reserve(column.Len())
	err := each(ctx, column, func(i int, doc string) {
		if r := gjson.Get(doc, path); r.Type == gjson.Number {
			b.UnsafeAppend(r.Num)
		} else {
			b.AppendNull()
		}
	}, b.AppendNull)
	if err != nil {
		return nil, err
	}
	return b.NewArray(), nil
}
