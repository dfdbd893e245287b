// Package clip is a user's Go function for Python: values limited to a range, over Arrow data
// that Python hands over without copying.
package clip

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/bridge"
)

// Values limited to [lo, hi]; nulls stay null.
//
// Element-wise: this is the function of one value; goarrow runs it over the column, reading it
// in place, skipping nulls and writing the result in C memory.
//
//goarrow:export clip elementwise
func Clip(v, lo, hi float64) (float64, error) {
	if lo > hi {
		return 0, fmt.Errorf("lo (%g) is greater than hi (%g)", lo, hi)
	}
	return min(max(v, lo), hi), nil
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
