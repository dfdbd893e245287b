package codec

// What the rest of goarrow calls: thin functions over the one import (import*.go) and the one
// export (export*.go), over the C ABI's types. The entry points of goarrow.h (go/internal/core)
// use the call's side (ImporterFor, Import, Validate, ExportResult); a Go host (go/pyhost, and
// core.Call playing a host in tests) uses ExportValue, ImportValue and FreeValue.

/*
// The ABI's headers are in go/internal/cabi: every cgo file of this package includes them.
#cgo CFLAGS: -I${SRCDIR}/../cabi
#include <stdlib.h>
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
	"reflect"
	"unsafe"

	"github.com/goarrow/goarrow/go/internal/cabi"
)

// cValue is v as this package's cgo sees it (the same C type).
func cValue(v *cabi.Value) *value { return (*value)(unsafe.Pointer(v)) }

// Importer turns one argument into a Go value of the type it was made for.
type Importer struct{ imp importer }

// ImporterFor gives, once per parameter type, the Importer of arguments for it. It accepts each
// kind that converts without copying, and rejects the rest with a TypeError that says what was
// expected.
func ImporterFor(t reflect.Type) (Importer, error) {
	imp, err := importerFor(t)
	return Importer{imp}, err
}

// Import imports the argument v. The host's structs are read in place, lent, until loans ends
// (loans.Settle moves out what Go keeps past it), or moved out now if loans is nil. A
// panic in arrow-go's import is the ValueError a bad producer gets.
func (i Importer) Import(v *cabi.Value, loans *Loans) (any, error) {
	return importGuarded(i.imp, cValue(v), loans)
}

// Validate checks an imported argument with arrow-go's validators (full: ValidateFull). A reader
// is wrapped so that each batch is checked as it is read: use what it returns.
func Validate(v any, full bool) (any, error) { return validateArg(v, full) }

// FullValidation is the process's default: GOARROW_VALIDATE=full, or SetFullValidation.
func FullValidation() bool { return fullValidation.Load() }

// SetFullValidation makes full validation the default for every call and import (or not), and
// returns the previous default.
func SetFullValidation(full bool) bool { return fullValidation.Swap(full) }

// ExportResult fills out (zeroed) with a function's result and takes over its reference: what
// the host holds from then on is the exported structs' own. An array or batch whose type the
// host keeps (TypeKnown) goes without its schema. loans are the call's (nil: none): a result
// lying wholly in one argument's memory is exported owning that argument's struct (adoptOwner).
func ExportResult(v any, out *cabi.Value, loans *Loans) error {
	if loans == nil {
		return exportResult(v, cValue(out), nil)
	}
	return exportResult(v, cValue(out), *loans)
}

// TypeKnown records that the host keeps the type it made of results with type id id.
func TypeKnown(id int64) {
	if id > 0 && int(id) < len(knownTypes) {
		knownTypes[id].Store(true)
	}
}

// ExportValue fills v (C memory, zeroed) with a: Arrow values (arrow.Array, arrow.RecordBatch,
// arrow.Table, array.RecordReader, *arrow.Schema) are exported to malloc'd C structs that point
// at a's buffers, without copying; nil, bool, int, int64, float64, string and []byte become
// scalars (strings and bytes are malloc'd copies). The caller keeps its own reference to a.
// Whatever a consumer does not move out of v is released by [FreeValue].
func ExportValue(a any, v *cabi.Value) error {
	out := cValue(v)
	if r, ok := a.(interface{ Retain() }); ok {
		r.Retain() // exportValue hands over one reference; the caller keeps theirs
	}
	if err := exportValue(a, out); err != nil {
		if r, ok := a.(interface{ Release() }); ok && !isExported(out) {
			r.Release()
		}
		return err
	}
	return nil
}

// isExported reports whether exportValue got as far as filling v with C structs, which then
// own the reference it was handed.
func isExported(v *value) bool { return v.schema != nil || v.array != nil || v.stream != nil }

// ImportValue takes the Go value out of v: Arrow data is imported without copying (the
// producer's buffers, released through its release callback when the last Go reference is
// released), scalars are converted, and the result is validated as a call's argument is. It then
// frees what v still holds, so v must not be used again. Arrow results are new references for
// the caller to Release.
func ImportValue(v *cabi.Value) (any, error) {
	out := cValue(v)
	defer freeValue(out)
	// Read in place like a call's argument, so a flat import's own checks stand in for
	// array.Validate; Settle (before freeValue) then moves out what the caller keeps.
	var loans Loans
	defer loans.Settle()
	x, err := importGuarded(importValue, out, &loans)
	if err != nil {
		return nil, err
	}
	full := fullValidation.Load()
	if !full && loans.Validated(x) {
		return x, nil
	}
	w, err := validateArg(x, full)
	if err != nil {
		if r, ok := x.(interface{ Release() }); ok {
			r.Release()
		}
		return nil, err
	}
	return w, nil
}

// FreeValue releases whatever v still owns (structs not moved out by a consumer, malloc'd
// strings) and frees those structs. v itself is the caller's.
func FreeValue(v *cabi.Value) { freeValue(cValue(v)) }

func freeValue(v *value) { C.ga_value_free(v) }
