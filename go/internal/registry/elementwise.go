package registry

import (
	"context"
	"fmt"
	"reflect"

	"github.com/goarrow/goarrow/go/bridge/elementwise"
	"github.com/goarrow/goarrow/go/internal/codec"
)

// An element-wise function is registered with the function goarrowgen generated for it (the
// driver of its row loop) and the Spec of its signature. Python passes its parameters, then the
// per-call options (elementwise.OptionNames) as keyword-only arguments that default to None.

// elementwiseFn is the generated driver's type.
type elementwiseFn = func(context.Context, []any, elementwise.Options) (any, error)

func adaptElementwise(f Func) (*Function, error) {
	s := f.Elementwise
	run, ok := f.Fn.(elementwiseFn)
	if !ok {
		return nil, fmt.Errorf("bridge: %s: an element-wise Fn is the driver goarrowgen generates, func(context.Context, []any, elementwise.Options) (any, error); got %T", f.Name, f.Fn)
	}
	if len(s.In) != len(f.Params) || len(s.SeesNull) != len(s.In) {
		return nil, fmt.Errorf("bridge: %s: Params names %d parameters, the element-wise spec %d", f.Name, len(f.Params), len(s.In))
	}
	anyType := reflect.TypeOf((*any)(nil)).Elem()
	imp, err := codec.ImporterFor(anyType)
	if err != nil {
		return nil, err
	}
	fn := &Function{Func: f, fn: reflect.ValueOf(f.Fn), withCtx: true, hasOut: true, hasErr: true}
	for _, name := range append(append([]string(nil), f.Params...), elementwise.OptionNames(s.Parallel)...) {
		fn.params = append(fn.params, paramAdapter{name: name, typ: anyType, importer: imp})
	}
	n := len(f.Params)
	fn.direct = func(ctx context.Context, args []any) (any, error) {
		opt, err := elementwise.ParseOptions(f.Name, s.Parallel, args[n:])
		if err != nil {
			return nil, err
		}
		return run(ctx, args[:n], opt)
	}
	return fn, nil
}

type elementwiseDesc struct {
	Parallel    bool     `json:"parallel"`
	ArrowParams []string `json:"arrow_params"`
	ArrowResult string   `json:"arrow_result"`
	// Options are the keyword-only parameters after the function's own, each None by default.
	Options []string `json:"options"`
}

// describeElementwise shows the function's own parameters (not the options) with the Go types
// of the author's function and what Python may pass for each: a column or a scalar.
func describeElementwise(fn *Function, d funcDesc) funcDesc {
	s := fn.Elementwise
	d.Params = d.Params[:0]
	for k, name := range fn.Params {
		goType := s.InName(k)
		if k < len(s.GoIn) {
			goType = s.GoIn[k]
		}
		d.Params = append(d.Params, paramDesc{Name: name, GoType: goType, Python: "ArrowArrayExportable | ArrowStreamExportable | " + pyScalar(s.In[k])})
	}
	d.Result, d.Python = s.GoOut, "pyarrow.Array | pyarrow.ChunkedArray"
	if d.Result == "" {
		d.Result = s.OutName()
	}
	d.Elementwise = &elementwiseDesc{Parallel: s.Parallel, ArrowResult: s.OutName(), Options: elementwise.OptionNames(s.Parallel)}
	for k := range s.In {
		d.Elementwise.ArrowParams = append(d.Elementwise.ArrowParams, s.InName(k))
	}
	return d
}

// pyScalar is the Python scalars a parameter broadcasts (None: all rows null).
func pyScalar(t elementwise.Type) string {
	switch t {
	case elementwise.Bool:
		return "bool | None"
	case elementwise.Float32, elementwise.Float64:
		return "float | None"
	case elementwise.String:
		return "str | None"
	case elementwise.Binary:
		return "bytes | None"
	case elementwise.Time, elementwise.Duration, elementwise.List:
		return "None"
	}
	return "int | None"
}
