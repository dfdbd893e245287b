package bridge_test

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/bridge"
	"github.com/goarrow/goarrow/go/bridge/bridgetest"
)

// Register a Go function over an Arrow array. Python calls it as goarrow.fn.mean(arr).
func ExampleRegister() {
	err := bridge.Register(bridge.Func{
		Name:   "example.mean",
		Params: []string{"x"},
		Doc:    "The mean of a float64 array, skipping nulls.",
		Fn: func(x arrow.Array) (float64, error) {
			f, ok := x.(*array.Float64)
			if !ok {
				return 0, fmt.Errorf("%w: mean() needs float64, got %s", bridge.ErrType, x.DataType())
			}
			var sum float64
			for i, v := range f.Float64Values() {
				if f.IsValid(i) {
					sum += v
				}
			}
			return sum / float64(f.Len()-f.NullN()), nil
		},
	})
	if err != nil {
		panic(err)
	}

	// bridge.Call goes through the same C ABI as Python does.
	b := array.NewFloat64Builder(bridge.Allocator)
	b.AppendValues([]float64{1, 2, 6}, nil)
	b.AppendNull()
	arr := b.NewArray()
	defer arr.Release()
	mean, _ := bridgetest.Call("example.mean", arr)
	fmt.Println(mean)
	// Output: 3
}

// Return Arrow data: build it with bridge.Allocator (C memory) and hand over a new reference.
// A context.Context first parameter is cancelled when the Python caller is interrupted.
func ExampleRegister_result() {
	bridge.MustRegister(bridge.Func{
		Name:   "example.squares",
		Params: []string{"n"},
		Doc:    "The first n squares.",
		Fn: func(ctx context.Context, n int) (arrow.Array, error) {
			b := array.NewInt64Builder(bridge.Allocator)
			defer b.Release()
			for i := range n {
				if i%4096 == 0 && ctx.Err() != nil {
					return nil, ctx.Err()
				}
				b.Append(int64(i * i))
			}
			return b.NewArray(), nil
		},
	})
	out, err := bridgetest.Call("example.squares", 5)
	if err != nil {
		panic(err)
	}
	defer out.(arrow.Array).Release()
	fmt.Println(out)
	// Output: [0 1 4 9 16]
}

// Consume a stream lazily: the parameter type array.RecordReader pulls one batch at a time from
// the Python producer (a RecordBatchReader over a generator, a polars DataFrame, ...).
func ExampleRegister_stream() {
	bridge.MustRegister(bridge.Func{
		Name:   "example.rows",
		Params: []string{"stream"},
		Fn: func(stream array.RecordReader) (int64, error) {
			var n int64
			for stream.Next() {
				n += stream.RecordBatch().NumRows()
			}
			return n, stream.Err()
		},
	})
	b := array.NewInt64Builder(bridge.Allocator)
	b.AppendValues([]int64{1, 2, 3}, nil)
	col := b.NewArray()
	schema := arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.PrimitiveTypes.Int64}}, nil)
	rec := array.NewRecordBatch(schema, []arrow.Array{col}, 3)
	rdr, _ := array.NewRecordReader(schema, []arrow.RecordBatch{rec, rec})
	rows, _ := bridgetest.Call("example.rows", rdr)
	fmt.Println(rows)
	rdr.Release()
	rec.Release()
	col.Release()
	b.Release()
	// Output: 6
}
