package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/goarrow/goarrow/go/bridge/elementwise"
	"github.com/goarrow/goarrow/go/internal/cmem"
	"github.com/goarrow/goarrow/go/internal/codec"
)

// Func is bridge.Func (documented there); bridge converts its values to this type.
type Func struct {
	Name        string
	Doc         string
	Params      []string
	Fn          any
	Elementwise *elementwise.Spec
}

// Function is a registered Func with its per-parameter importers, computed once.
type Function struct {
	Func
	id      int64
	fn      reflect.Value
	withCtx bool
	direct  invoker // a non-reflective caller, when f has one of the common shapes
	params  []paramAdapter
	hasOut  bool
	hasErr  bool
}

type paramAdapter struct {
	name     string
	typ      reflect.Type
	importer codec.Importer
}

var (
	registryMu sync.RWMutex
	byName     = map[string]*Function{}
	byID       []*Function
	// byID as of the last Register, read without the lock by every call (LookupID).
	byIDSnapshot atomic.Pointer[[]*Function]
)

var (
	ctxType   = reflect.TypeOf((*context.Context)(nil)).Elem()
	errorType = reflect.TypeOf((*error)(nil)).Elem()
	bytesType = reflect.TypeOf([]byte(nil))
)

// ID is the number a host calls fn by (goarrow_lookup).
func (fn *Function) ID() int64 { return fn.id }

// NumParams is the number of arguments a call passes (a context is not one).
func (fn *Function) NumParams() int { return len(fn.params) }

// Param is parameter i's name and the importer of its argument.
func (fn *Function) Param(i int) (string, codec.Importer) {
	return fn.params[i].name, fn.params[i].importer
}

// TakesContext reports whether fn's first parameter is a context.Context (cancellable calls).
func (fn *Function) TakesContext() bool { return fn.withCtx }

// Len is the number of registered functions.
func Len() int {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return len(byID)
}

// Register makes f callable from Python. It checks f's signature now, so that a call never has to.
func Register(f Func) error {
	fn, err := adapt(f)
	if err != nil {
		return err
	}
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := byName[f.Name]; dup {
		return fmt.Errorf("bridge: %q is already registered", f.Name)
	}
	fn.id = int64(len(byID))
	byID = append(byID, fn)
	snap := byID[:len(byID):len(byID)] // capped: a later append copies, this one never changes
	byIDSnapshot.Store(&snap)
	byName[f.Name] = fn
	return nil
}

// registrationErrors are the failed MustRegister calls. A panic in init would end the process
// that loads the extension (Python), so they are kept for the host to report when it loads it.
var registrationErrors []error

// MustRegister is Register for init functions: a bad registration is recorded, and the host
// refuses the extension with the message (Python: ImportError), as does Call.
func MustRegister(f Func) {
	if err := Register(f); err != nil {
		registryMu.Lock()
		registrationErrors = append(registrationErrors, err)
		registryMu.Unlock()
	}
}

// RegistrationErrors joins the failed MustRegister calls, one per line, or returns nil.
func RegistrationErrors() error {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return errors.Join(append([]error{cmem.SetupError()}, registrationErrors...)...)
}

func adapt(f Func) (*Function, error) {
	if f.Name == "" {
		return nil, fmt.Errorf("bridge: a function needs a name")
	}
	if f.Elementwise != nil {
		return adaptElementwise(f)
	}
	v := reflect.ValueOf(f.Fn)
	if v.Kind() != reflect.Func {
		return nil, fmt.Errorf("bridge: %s: Fn is a %T, not a func", f.Name, f.Fn)
	}
	t := v.Type()
	if t.IsVariadic() {
		return nil, fmt.Errorf("bridge: %s: variadic functions are not supported", f.Name)
	}
	fn := &Function{Func: f, fn: v}
	first := 0
	if t.NumIn() > 0 && t.In(0) == ctxType {
		fn.withCtx, first = true, 1
	}
	if n := t.NumIn() - first; n != len(f.Params) {
		return nil, fmt.Errorf("bridge: %s takes %d parameters but Params names %d", f.Name, n, len(f.Params))
	}
	for i := first; i < t.NumIn(); i++ {
		imp, err := codec.ImporterFor(t.In(i))
		if err != nil {
			return nil, fmt.Errorf("bridge: %s: parameter %s: %w", f.Name, f.Params[i-first], err)
		}
		fn.params = append(fn.params, paramAdapter{name: f.Params[i-first], typ: t.In(i), importer: imp})
	}
	switch t.NumOut() {
	case 0:
	case 1:
		if t.Out(0) == errorType {
			fn.hasErr = true
		} else {
			fn.hasOut = true
		}
	case 2:
		if t.Out(1) != errorType {
			return nil, fmt.Errorf("bridge: %s: a second result must be error", f.Name)
		}
		fn.hasOut, fn.hasErr = true, true
	default:
		return nil, fmt.Errorf("bridge: %s: at most two results (a value and an error)", f.Name)
	}
	if fn.hasOut {
		if err := codec.CheckResultType(t.Out(0)); err != nil {
			return nil, fmt.Errorf("bridge: %s: result: %w", f.Name, err)
		}
	}
	if len(fn.params) == 1 {
		fn.direct = directInvoker(f.Fn)
	}
	return fn, nil
}

// Lookup finds a function by name, or returns nil.
func Lookup(name string) *Function {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return byName[name]
}

// LookupID finds a function by its id, or returns nil.
func LookupID(id int64) *Function {
	p := byIDSnapshot.Load()
	if p == nil || id < 0 || id >= int64(len(*p)) {
		return nil
	}
	return (*p)[id]
}

// Invoke runs fn on already-converted arguments and returns its result value (or nil) and error.
func (fn *Function) Invoke(ctx context.Context, args []any) (any, error) {
	if fn.direct != nil {
		res, err := fn.direct(ctx, args)
		return settle(res, err)
	}
	in := make([]reflect.Value, 0, len(args)+1)
	if fn.withCtx {
		in = append(in, reflect.ValueOf(ctx))
	}
	for i, a := range args {
		if a == nil {
			in = append(in, reflect.Zero(fn.params[i].typ))
		} else {
			in = append(in, reflect.ValueOf(a))
		}
	}
	out := fn.fn.Call(in)
	var res any
	var err error
	if fn.hasOut {
		res = out[0].Interface()
	}
	if fn.hasErr {
		if e := out[len(out)-1]; !e.IsNil() {
			err = e.Interface().(error)
		}
	}
	return settle(res, err)
}

// settle drops a result returned along with an error, and turns typed nils into nil.
func settle(res any, err error) (any, error) {
	if err != nil {
		if r, ok := res.(interface{ Release() }); ok && !IsNil(res) {
			r.Release()
		}
		return nil, err
	}
	if IsNil(res) {
		res = nil
	}
	return res, nil
}

// IsNil reports whether v is nil or a nil pointer, map, slice, func or interface (but not a nil
// []byte, which is b"").
func IsNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func:
		return rv.IsNil() && rv.Type() != bytesType // nil []byte is b"", not None
	}
	return false
}

// The JSON of Describe.
type paramDesc struct {
	Name   string `json:"name"`
	GoType string `json:"go_type"`
	Python string `json:"python"`
}

type funcDesc struct {
	Name   string      `json:"name"`
	Doc    string      `json:"doc"`
	Params []paramDesc `json:"params"`
	Result string      `json:"result"`
	Python string      `json:"python_result"`
	// Elementwise is set for a function run row by row over columns.
	Elementwise *elementwiseDesc `json:"elementwise,omitempty"`
}

// Describe is what goarrow.functions() returns, as JSON.
func Describe() []byte {
	registryMu.RLock()
	defer registryMu.RUnlock()
	descs := make([]funcDesc, 0, len(byID))
	for _, fn := range byID {
		d := funcDesc{Name: fn.Name, Doc: fn.Doc, Params: []paramDesc{}, Result: "None", Python: "None"}
		for _, p := range fn.params {
			d.Params = append(d.Params, paramDesc{Name: p.name, GoType: p.typ.String(), Python: codec.PythonType(p.typ, true)})
		}
		if fn.hasOut {
			t := fn.fn.Type().Out(0)
			d.Result, d.Python = t.String(), codec.PythonType(t, false)
		}
		if s := fn.Elementwise; s != nil {
			d = describeElementwise(fn, d)
		}
		descs = append(descs, d)
	}
	sort.Slice(descs, func(i, j int) bool { return descs[i].Name < descs[j].Name })
	b, _ := json.Marshal(descs)
	return b
}
