package functions

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/goarrow/goarrow/go/bridge"
)

// A float64 array of n values uniform in [0, 1), made by Go from seed (PCG).
//
// The buffer is allocated in C memory by Go and handed to Python without a copy; it is freed
// when Python drops the array.
//
//goarrow:export generate
func Generate(n int64, seed int64) (arrow.Array, error) {
	if n < 0 {
		return nil, fmt.Errorf("%w: generate() needs n >= 0, got %d", bridge.ErrValue, n)
	}
	if n > math.MaxInt64/int64(arrow.Float64SizeBytes) {
		return nil, fmt.Errorf("%w: generate(): n = %d is too large for one buffer", bridge.ErrValue, n)
	}
	buf := memory.NewResizableBuffer(bridge.Allocator)
	defer buf.Release()
	buf.Resize(int(n) * arrow.Float64SizeBytes)
	values := arrow.Float64Traits.CastFromBytes(buf.Bytes())
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	for i := range values {
		values[i] = rng.Float64()
	}
	data := array.NewData(arrow.PrimitiveTypes.Float64, int(n), []*memory.Buffer{nil, buf}, nil, 0, 0)
	defer data.Release()
	return array.NewFloat64Data(data), nil
}
