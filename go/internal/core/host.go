package core

// Call (bridgetest.Call) lets Go code call a registered function through the C ABI, exactly as
// a foreign host does: arguments are exported to Arrow C structs, the function imports them, and its result is
// exported and imported back. Nothing is copied on the way. The Go tests use it to exercise the
// whole data path without Python.

/*
#include <stdlib.h>
#include "goarrow.h"
#include "ga_arrow.h"

// One call for what freeValue does: each Go → C call costs about as much as the work itself.
static void ga_value_free(goarrow_value* v) {
  if (v->kind == GOARROW_STR || v->kind == GOARROW_BYTES) free((void*)v->data);
  if (v->schema != NULL) ga_schema_free(v->schema);
  if (v->array != NULL) ga_array_free(v->array);
  if (v->stream != NULL) ga_stream_free(v->stream);
  memset(v, 0, sizeof *v);
}
*/
import "C"

import (
	"fmt"
	"unsafe"

	"github.com/goarrow/goarrow/go/internal/cabi"
)

// CallError is the error Call returns when the function fails: Status says how the host would
// raise it (GoError, GoPanic, TypeError, ...).
type CallError struct {
	Status  string
	Message string
}

func (e *CallError) Error() string { return e.Status + ": " + e.Message }

// Call runs the function registered as name. Arguments may be arrow.Array, arrow.RecordBatch,
// arrow.Table, array.RecordReader, *arrow.Schema, nil, bool, int, int64, float64, string or
// []byte; the caller keeps its references. The result is what a host would get, imported back:
// a new reference to release.
func Call(name string, args ...any) (any, error) {
	if err := RegistrationErrors(); err != nil {
		return nil, &CallError{"ImportError", err.Error()}
	}
	fn := lookup(name)
	if fn == nil {
		return nil, &CallError{"LookupError", fmt.Sprintf("no Go function named %q", name)}
	}
	n := len(args)
	cargs := (*C.goarrow_value)(C.calloc(C.size_t(max(n, 1)), C.size_t(unsafe.Sizeof(C.goarrow_value{}))))
	defer C.free(unsafe.Pointer(cargs))
	argv := unsafe.Slice(cargs, max(n, 1))[:n]
	defer func() {
		for i := range argv {
			freeValue(&argv[i])
		}
	}()
	for i, a := range args {
		if err := exportArg(a, &argv[i]); err != nil {
			return nil, err
		}
	}

	out := (*C.goarrow_value)(C.calloc(1, C.size_t(unsafe.Sizeof(C.goarrow_value{}))))
	defer C.free(unsafe.Pointer(out))
	var msg *C.char
	st := goarrow_call(C.int64_t(fn.id), 0, 0, cargs, C.int64_t(n), out, &msg)
	if st != 0 {
		defer C.free(unsafe.Pointer(msg))
		return nil, &CallError{cabi.Status(st).String(), C.GoString(msg)}
	}
	return importResult(out)
}

// exportArg exports one Go value as a host passes it: the codec's export (exportValue), with
// the caller keeping its own reference.
func exportArg(a any, v *value) error {
	if r, ok := a.(interface{ Retain() }); ok {
		r.Retain() // exportValue hands over one reference; the caller keeps theirs
	}
	if err := exportValue(a, v); err != nil {
		if r, ok := a.(interface{ Release() }); ok && !isExported(v) {
			r.Release()
		}
		return err
	}
	return nil
}

// isExported reports whether exportValue got as far as filling v with C structs, which then
// own the reference it was handed.
func isExported(v *value) bool { return v.schema != nil || v.array != nil || v.stream != nil }

// freeValue releases whatever v still owns (structs not moved out by a consumer, malloc'd
// strings and bytes) and frees those structs. v itself is the caller's.
func freeValue(v *value) { C.ga_value_free(v) }

// importResult imports a result as a host does (the codec's import, importValue), and frees
// what it does not keep.
func importResult(out *value) (any, error) {
	defer freeValue(out)
	// Read in place like a call's argument, so a flat import's own checks stand in for
	// array.Validate; settle (before freeValue) then moves out what the caller keeps.
	var lent borrows
	defer lent.settle()
	v, err := importGuarded(importValue, out, &lent)
	if err != nil {
		return nil, err
	}
	full := fullValidation.Load()
	if !full && lent.checked(v) {
		return v, nil
	}
	w, err := validateArg(v, full)
	if err != nil {
		if r, ok := v.(interface{ Release() }); ok {
			r.Release()
		}
		return nil, err
	}
	return w, nil
}
