package core

// Call (bridgetest.Call) lets Go code call a registered function through the C ABI, exactly as
// a foreign host does: arguments are exported to Arrow C structs, the function imports them, and its result is
// exported and imported back. Nothing is copied on the way. The Go tests use it to exercise the
// whole data path without Python.

/*
#include <stdlib.h>
#include "goarrow.h"
*/
import "C"

import (
	"fmt"
	"unsafe"

	"github.com/goarrow/goarrow/go/internal/cabi"
	"github.com/goarrow/goarrow/go/internal/codec"
	"github.com/goarrow/goarrow/go/internal/registry"
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
	if err := registry.RegistrationErrors(); err != nil {
		return nil, &CallError{"ImportError", err.Error()}
	}
	fn := registry.Lookup(name)
	if fn == nil {
		return nil, &CallError{"LookupError", fmt.Sprintf("no Go function named %q", name)}
	}
	n := len(args)
	cargs := (*C.goarrow_value)(C.calloc(C.size_t(max(n, 1)), C.size_t(unsafe.Sizeof(C.goarrow_value{}))))
	defer C.free(unsafe.Pointer(cargs))
	argv := unsafe.Slice(cargs, max(n, 1))[:n]
	defer func() {
		for i := range argv {
			codec.FreeValue(abiValue(&argv[i]))
		}
	}()
	for i, a := range args {
		if err := codec.ExportValue(a, abiValue(&argv[i])); err != nil {
			return nil, err
		}
	}

	out := (*C.goarrow_value)(C.calloc(1, C.size_t(unsafe.Sizeof(C.goarrow_value{}))))
	defer C.free(unsafe.Pointer(out))
	var msg *C.char
	st := goarrow_call(C.int64_t(fn.ID()), 0, 0, cargs, C.int64_t(n), out, &msg)
	if st != 0 {
		defer C.free(unsafe.Pointer(msg))
		return nil, &CallError{cabi.Status(st).String(), C.GoString(msg)}
	}
	return codec.ImportValue(abiValue(out))
}

// abiValue is v as the C ABI's type, which codec takes (the same C type; cgo names it per package).
func abiValue(v *C.goarrow_value) *cabi.Value { return (*cabi.Value)(unsafe.Pointer(v)) }
