package registry

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Calling a registered function through reflect.Value.Call costs about 0.3 µs, a sizable part of
// a whole crossing. Functions of one parameter are by far the most common, so for those the
// bridge finds, at registration, a direct caller among the usual shapes: (ctx?) X → R, (R, error)
// or error, for the Arrow types and scalars below. Other signatures use reflection.

// invoker calls a function with already converted arguments.
type invoker func(ctx context.Context, args []any) (any, error)

// direct1 returns an invoker if f is one of the shapes of func over X returning R.
func direct1[X, R any](f any) invoker {
	switch g := f.(type) {
	case func(X) R:
		return func(_ context.Context, a []any) (any, error) { x, _ := a[0].(X); return g(x), nil }
	case func(X) (R, error):
		return func(_ context.Context, a []any) (any, error) { x, _ := a[0].(X); return g(x) }
	case func(context.Context, X) R:
		return func(c context.Context, a []any) (any, error) { x, _ := a[0].(X); return g(c, x), nil }
	case func(context.Context, X) (R, error):
		return func(c context.Context, a []any) (any, error) { x, _ := a[0].(X); return g(c, x) }
	}
	return nil
}

// results lists the result types with a direct caller, for parameter type X.
func results[X any]() []func(any) invoker {
	return []func(any) invoker{
		direct1[X, any], direct1[X, int64], direct1[X, int], direct1[X, float64], direct1[X, bool],
		direct1[X, string], direct1[X, arrow.Array], direct1[X, arrow.RecordBatch],
		direct1[X, arrow.Table], direct1[X, array.RecordReader], direct1[X, *arrow.Chunked],
	}
}

var directShapes = concat(
	results[any](), results[arrow.Array](), results[arrow.RecordBatch](), results[arrow.Table](),
	results[array.RecordReader](), results[*arrow.Chunked](), results[int64](), results[float64](),
	results[string](),
)

func concat[T any](lists ...[]T) []T {
	var out []T
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// directInvoker finds a direct caller for f, or returns nil.
func directInvoker(f any) invoker {
	for _, shape := range directShapes {
		if inv := shape(f); inv != nil {
			return inv
		}
	}
	return nil
}
