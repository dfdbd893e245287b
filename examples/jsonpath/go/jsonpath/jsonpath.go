// Package jsonpath has Go functions that pull fields out of a column of JSON text, using
// github.com/tidwall/gjson, for Python to call on Arrow string columns without copying them.
// Each is an element-wise function: written for one document, run by goarrow over every row
// (nulls skipped, the documents read in place from Arrow's buffers). go_arrow_extension registers
// each under its //goarrow:export name, with its parameter names and this doc comment.
package jsonpath

import (
	"fmt"

	"github.com/goarrow/goarrow/go/bridge"
	"github.com/tidwall/gjson"
)

// Wrapping bridge.ErrValue makes it a ValueError in Python, naming the function and the row.
var errEmptyPath = fmt.Errorf(`%w: path is empty: give a gjson path such as "user.name"`, bridge.ErrValue)

// lookup is the value at path in doc; ok is false where doc is not valid JSON.
func lookup(doc, path string) (gjson.Result, error) {
	if path == "" {
		return gjson.Result{}, errEmptyPath
	}
	if !gjson.Valid(doc) {
		return gjson.Result{}, nil
	}
	return gjson.Get(doc, path), nil
}

// The value at path (gjson syntax, e.g. "user.name" or "tags.0") in each JSON document
// of a string column, as a string column: strings as they are, other values as their JSON text.
// Null where the document is null, is not valid JSON, or has nothing at path.
//
//goarrow:export json_get elementwise parallel
func Get(doc, path string) (string, bool, error) {
	r, err := lookup(doc, path)
	switch {
	case err != nil || !r.Exists() || r.Type == gjson.Null:
		return "", false, err
	case r.Type == gjson.String:
		return r.Str, true, nil
	default:
		return r.Raw, true, nil
	}
}

// The number at path in each JSON document of a string column, as a float64 column.
// Null where the document is null or not valid JSON, or the value at path is missing or not a number.
//
//goarrow:export json_get_float elementwise parallel
func GetFloat(doc, path string) (float64, bool, error) {
	r, err := lookup(doc, path)
	return r.Num, err == nil && r.Type == gjson.Number, err
}
