package bridge

import (
	"github.com/goarrow/goarrow/go/bridge/elementwise"
	"github.com/goarrow/goarrow/go/internal/cabi"
	"github.com/goarrow/goarrow/go/internal/cmem"
	// The entry points goarrow.h declares (//export): every extension links them through bridge.
	_ "github.com/goarrow/goarrow/go/internal/core"
	"github.com/goarrow/goarrow/go/internal/registry"
)

// Func describes a Go function to expose to Python. goarrowgen (go/cmd/goarrowgen) writes these
// from functions marked //goarrow:export, so that names and docs are never repeated by hand.
type Func struct {
	// Name is what Python calls it: pkg.fn.<Name>(...); dotted names nest (fn.a.b).
	Name string
	// Doc is the Python docstring.
	Doc string
	// Params names Fn's parameters, in order, not counting a leading context.Context.
	Params []string
	// Fn is the Go function. Parameters: an optional context.Context (cancelled on Ctrl-C), then
	// any of arrow.Array, arrow.RecordBatch, arrow.Table, array.RecordReader, *arrow.Chunked,
	// *arrow.Schema, arrow.Field, arrow.DataType, bool, string, []byte, the int and float types,
	// or any (the natural Go type of what Python passed). Results: nothing, a value, an error, or
	// a value and an error.
	Fn any
	// Elementwise, when set, makes Fn an element-wise function's driver: goarrowgen writes both
	// for a function marked `//goarrow:export name elementwise` (see package elementwise).
	Elementwise *elementwise.Spec
}

// ErrType and ErrValue mark errors that Python raises as TypeError and ValueError. Wrap them:
// fmt.Errorf("%w: sum needs a numeric array, got %s", bridge.ErrType, dt). Any other error
// raises goarrow.GoError.
var (
	ErrType  = cabi.ErrType
	ErrValue = cabi.ErrValue
)

// Allocator allocates in C memory (malloc). Build every buffer you return with it: Go-heap
// memory may not be handed to C (the cgo pointer rules, arrow-go issue 70). Python's
// goarrow.stats()["c_allocated_bytes"] is its outstanding total.
var Allocator = cmem.Allocator

// Register makes f callable from Python. It checks f's signature now, so that a call never has
// to, and returns an error naming the function and the problem.
func Register(f Func) error { return registry.Register(registry.Func(f)) }

// MustRegister is Register for init functions. It does not panic (a panic in init would end the
// Python process that loads the extension): a bad registration is recorded, and loading the
// extension raises ImportError naming the function and the problem.
func MustRegister(f Func) { registry.MustRegister(registry.Func(f)) }
