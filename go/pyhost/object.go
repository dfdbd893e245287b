package pyhost

/*
#include <stdlib.h>
#include "host.h"
*/
import "C"

import (
	"errors"
	"sync/atomic"
	"unsafe"
)

// Object is a Python object Go holds: a strong reference, dropped by Release.
type Object struct {
	p        unsafe.Pointer // PyObject*
	released atomic.Bool
}

// ErrReleased is returned by methods of an Object after its Release.
var ErrReleased = errors.New("pyhost: the Python object was released")

var liveObjects atomic.Int64

// LiveObjects is the number of Objects not yet released: a leak check for tests.
func LiveObjects() int64 { return liveObjects.Load() }

func newObject(p unsafe.Pointer) *Object {
	liveObjects.Add(1)
	return &Object{p: p}
}

// Import imports a Python module by name, as `import name` does.
func Import(name string) (*Object, error) {
	if !started.Load() {
		return nil, ErrNotStarted
	}
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	var cerr *C.char
	p := C.pyhost_import(cname, &cerr)
	if p == nil {
		return nil, pyError(cerr)
	}
	return newObject(p), nil
}

// Module makes a Python module from source (for example a .py file embedded with go:embed),
// registers it in sys.modules under name, and returns it. filename appears in tracebacks.
func Module(name, filename, source string) (*Object, error) {
	if !started.Load() {
		return nil, ErrNotStarted
	}
	cname, cfile, csrc := C.CString(name), C.CString(filename), C.CString(source)
	defer C.free(unsafe.Pointer(cname))
	defer C.free(unsafe.Pointer(cfile))
	defer C.free(unsafe.Pointer(csrc))
	var cerr *C.char
	p := C.pyhost_module(cname, cfile, csrc, &cerr)
	if p == nil {
		return nil, pyError(cerr)
	}
	return newObject(p), nil
}

// Attr is getattr(o, name).
func (o *Object) Attr(name string) (*Object, error) {
	if o.released.Load() {
		return nil, ErrReleased
	}
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	var cerr *C.char
	p := C.pyhost_getattr(o.p, cname, &cerr)
	if p == nil {
		return nil, pyError(cerr)
	}
	return newObject(p), nil
}

// Call calls o with args (see export.go for what args may be) and returns the result object.
// To read an Arrow result in Go, use CallArray, CallRecordBatch, CallTable or CallReader.
func (o *Object) Call(args ...any) (*Object, error) {
	var res unsafe.Pointer
	if err := o.call(0, args, nil, &res); err != nil {
		return nil, err
	}
	return newObject(res), nil
}

// String is str(o).
func (o *Object) String() string {
	if o.released.Load() {
		return "<released Python object>"
	}
	s := C.pyhost_str(o.p)
	if s == nil {
		return "<unprintable Python object>"
	}
	defer C.free(unsafe.Pointer(s))
	return C.GoString(s)
}

// Release drops Go's reference; Python frees the object when nothing else holds it. Calling
// it again does nothing.
func (o *Object) Release() {
	if o.released.Swap(true) {
		return
	}
	C.pyhost_decref(o.p)
	liveObjects.Add(-1)
}

// call runs o(*args) in one cgo call (one GIL hand-off). With want == 0 the result object goes
// to *res; otherwise it is exported as kind want into out.
func (o *Object) call(want C.int32_t, args []any, out *C.goarrow_value, res *unsafe.Pointer) error {
	if o.released.Load() {
		return ErrReleased
	}
	cargs, free, err := exportArgs(args)
	if err != nil {
		return err
	}
	defer free()
	var cerr *C.char
	if C.pyhost_call(o.p, cargs, C.int64_t(len(args)), want, out, res, &cerr) != 0 {
		return pyError(cerr)
	}
	return nil
}
