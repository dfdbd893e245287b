// Package clip is a user's Go function for Python: values limited to a range, over Arrow data
// that Python hands over without copying.
package clip

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/bridge"
)

// Values limited to [lo, hi]; nulls stay null.
//
//goarrow:export clip
func Clip(ctx context.Context, values arrow.Array, lo, hi float64) (arrow.Array, error) {
	if lo > hi {
		return nil, fmt.Errorf("lo (%g) is greater than hi (%g)", lo, hi)
	}
	in, ok := values.(*array.Float64)
	if !ok {
		return nil, fmt.Errorf("%w: clip needs float64 values, got %s", bridge.ErrType, values.DataType())
	}
	b := array.NewFloat64Builder(bridge.Allocator)
	defer b.Release()
	b.Reserve(in.Len())
	for i := 0; i < in.Len(); i++ {
		if i%65536 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if in.IsNull(i) {
			b.AppendNull()
			continue
		}
		b.Append(min(max(in.Value(i), lo), hi))
	}
	return b.NewArray(), nil
}

// The number of values of an array outside [lo, hi] (nulls not counted).
//
//goarrow:export count_outside
func CountOutside(values arrow.Array, lo, hi float64) (int64, error) {
	in, ok := values.(*array.Float64)
	if !ok {
		return 0, fmt.Errorf("%w: count_outside needs float64 values, got %s", bridge.ErrType, values.DataType())
	}
	var n int64
	for i := 0; i < in.Len(); i++ {
		if in.IsValid(i) && (in.Value(i) < lo || in.Value(i) > hi) {
			n++
		}
	}
	return n, nil
}
