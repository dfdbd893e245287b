package pyhost

// Go → Python. Arguments are converted by go/internal/codec (codec.ExportValue, the code that
// returns Go results to the CPython extension) into goarrow_values; host.c wraps their Arrow structs in
// PyCapsules and hands them to pyarrow, which imports them without copying.

/*
#include <stdlib.h>
#include "host.h"
*/
import "C"

import (
	"unsafe"

	"github.com/goarrow/goarrow/go/internal/cabi"
	"github.com/goarrow/goarrow/go/internal/codec"
)

// exportArgs converts call arguments. Each may be:
//   - arrow.Array, arrow.RecordBatch, arrow.Table, array.RecordReader, *arrow.Schema: Python gets
//     a pyarrow.Array, RecordBatch, Table, RecordBatchReader or Schema over the same buffers (which
//     must be in C memory: build them with bridge.Allocator). Go keeps its own reference.
//   - nil, bool, int, int64, float64, string, []byte: the Python scalar.
//   - *Object: the Python object itself.
//
// free releases what Python did not take and frees the C structs.
func exportArgs(args []any) (cargs *C.goarrow_value, free func(), err error) {
	if len(args) == 0 {
		return nil, func() {}, nil
	}
	cargs = (*C.goarrow_value)(C.calloc(C.size_t(len(args)), C.size_t(cabi.ValueSize)))
	vals := unsafe.Slice(cargs, len(args))
	free = func() {
		for i := range vals {
			if vals[i].kind != C.PYHOST_OBJECT {
				codec.FreeValue(abiValue(&vals[i]))
			}
		}
		C.free(unsafe.Pointer(cargs))
	}
	for i, a := range args {
		if obj, ok := a.(*Object); ok {
			if obj.released.Load() {
				free()
				return nil, nil, ErrReleased
			}
			vals[i].kind = C.PYHOST_OBJECT
			vals[i].data = (*C.char)(obj.p)
			continue
		}
		if err := codec.ExportValue(a, abiValue(&vals[i])); err != nil {
			free()
			return nil, nil, err
		}
	}
	return cargs, free, nil
}

// abiValue is v as the C ABI's type, which core takes (the same C type; cgo names it per package).
func abiValue(v *C.goarrow_value) *cabi.Value { return (*cabi.Value)(unsafe.Pointer(v)) }
