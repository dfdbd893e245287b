package testfuncs

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/bridge"
)

// The element-wise benchmark's baselines: the same work as ew.add and ew.gcd written by hand as
// whole-column arrow-go functions, as a Go author writes them without element-wise support
// (a builder on bridge.Allocator, a loop with a null check per row).

// a + b for two int64 arrays, written by hand.
//
//goarrow:export bench.add_loop
func AddLoop(a, b arrow.Array) (arrow.Array, error) {
	x, y, err := int64Pair(a, b)
	if err != nil {
		return nil, err
	}
	bld := array.NewInt64Builder(bridge.Allocator)
	defer bld.Release()
	bld.Reserve(x.Len())
	xs, ys := x.Int64Values(), y.Int64Values()
	for i := range xs {
		if x.IsNull(i) || y.IsNull(i) {
			bld.UnsafeAppendBoolToBitmap(false)
			continue
		}
		bld.UnsafeAppend(xs[i] + ys[i])
	}
	return bld.NewArray(), nil
}

// gcd(a, b) for two int64 arrays, written by hand.
//
//goarrow:export bench.gcd_loop
func GcdLoop(a, b arrow.Array) (arrow.Array, error) {
	x, y, err := int64Pair(a, b)
	if err != nil {
		return nil, err
	}
	bld := array.NewInt64Builder(bridge.Allocator)
	defer bld.Release()
	bld.Reserve(x.Len())
	xs, ys := x.Int64Values(), y.Int64Values()
	for i := range xs {
		if x.IsNull(i) || y.IsNull(i) {
			bld.UnsafeAppendBoolToBitmap(false)
			continue
		}
		bld.UnsafeAppend(Gcd(xs[i], ys[i]))
	}
	return bld.NewArray(), nil
}

func int64Pair(a, b arrow.Array) (*array.Int64, *array.Int64, error) {
	x, ok1 := a.(*array.Int64)
	y, ok2 := b.(*array.Int64)
	if !ok1 || !ok2 {
		return nil, nil, fmt.Errorf("%w: want two int64 arrays, got %s and %s", bridge.ErrType, a.DataType(), b.DataType())
	}
	if x.Len() != y.Len() {
		return nil, nil, fmt.Errorf("%w: lengths %d and %d differ", bridge.ErrValue, x.Len(), y.Len())
	}
	return x, y, nil
}
