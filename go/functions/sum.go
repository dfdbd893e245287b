package functions

import (
	"context"
	"fmt"
	"runtime"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	amath "github.com/apache/arrow-go/v18/arrow/math"
	"github.com/goarrow/goarrow/go/bridge"
)

// pieceLen is the work of one goroutine: large enough that starting it is noise.
const pieceLen = 1 << 20

// blockLen is how far a run of a nullable array is checked at once for "no nulls here".
const blockLen = 1 << 12

type piece struct {
	arr        arrow.Array
	start, end int
}

// Sum of a numeric array or chunked array, skipping nulls.
//
// Floats sum to a float, signed integers to an int (wrapping on overflow, like numpy), unsigned
// integers to an int. Runs without nulls use arrow-go's SIMD kernels; inputs over a million values
// are split across goroutines. An empty or all-null input sums to 0.
//
//goarrow:export sum
func Sum(ctx context.Context, x *arrow.Chunked) (any, error) {
	dt := x.DataType()
	var pieces []piece
	for _, c := range x.Chunks() {
		for s := 0; s < c.Len(); s += pieceLen {
			pieces = append(pieces, piece{c, s, min(s+pieceLen, c.Len())})
		}
	}
	switch dt.ID() {
	case arrow.FLOAT64:
		return parallel(ctx, pieces, sumFloat64)
	case arrow.INT64:
		return parallel(ctx, pieces, sumInt64)
	case arrow.UINT64:
		return parallel(ctx, pieces, sumUint64)
	case arrow.FLOAT32:
		return parallel(ctx, pieces, loop[float32, float64])
	case arrow.INT8:
		return parallel(ctx, pieces, loop[int8, int64])
	case arrow.INT16:
		return parallel(ctx, pieces, loop[int16, int64])
	case arrow.INT32:
		return parallel(ctx, pieces, loop[int32, int64])
	case arrow.UINT8:
		return parallel(ctx, pieces, loop[uint8, int64])
	case arrow.UINT16:
		return parallel(ctx, pieces, loop[uint16, int64])
	case arrow.UINT32:
		return parallel(ctx, pieces, loop[uint32, int64])
	}
	return nil, fmt.Errorf("%w: sum() needs a numeric array, got %s", bridge.ErrType, dt)
}

// parallel sums the pieces on up to GOMAXPROCS goroutines, checking ctx between pieces.
func parallel[T int64 | uint64 | float64](ctx context.Context, pieces []piece, f func(piece) T) (T, error) {
	workers := min(runtime.GOMAXPROCS(0), len(pieces))
	if workers <= 1 {
		var total T
		for _, p := range pieces {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
			total += f(p)
		}
		return total, nil
	}
	partial := make([]T, len(pieces))
	next := make(chan int, len(pieces))
	for i := range pieces {
		next <- i
	}
	close(next)
	var g bridge.Group // a panic in a worker is the call's GoPanic, not the end of the process
	for range workers {
		g.Go(func() error {
			for i := range next {
				if err := ctx.Err(); err != nil {
					return err
				}
				partial[i] = f(pieces[i])
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}
	var total T
	for _, s := range partial {
		total += s
	}
	return total, nil
}

// validRuns calls f for each stretch [s, e) of p that has no nulls, and g for each single valid
// index inside stretches that do.
func validRuns(p piece, f func(s, e int), g func(i int)) {
	if p.arr.NullN() == 0 {
		f(p.start, p.end)
		return
	}
	bitmap := p.arr.NullBitmapBytes()
	off := p.arr.Data().Offset()
	for s := p.start; s < p.end; s += blockLen {
		e := min(s+blockLen, p.end)
		switch bitutil.CountSetBits(bitmap, off+s, e-s) {
		case e - s:
			f(s, e)
		case 0:
		default:
			for i := s; i < e; i++ {
				if bitutil.BitIsSet(bitmap, off+i) {
					g(i)
				}
			}
		}
	}
}

func sumFloat64(p piece) float64 {
	a := p.arr.(*array.Float64)
	vals := a.Float64Values()
	var total float64
	validRuns(p, func(s, e int) {
		sl := array.NewSlice(a, int64(s), int64(e)).(*array.Float64)
		total += amath.Float64.Sum(sl)
		sl.Release()
	}, func(i int) { total += vals[i] })
	return total
}

func sumInt64(p piece) int64 {
	a := p.arr.(*array.Int64)
	vals := a.Int64Values()
	var total int64
	validRuns(p, func(s, e int) {
		sl := array.NewSlice(a, int64(s), int64(e)).(*array.Int64)
		total += amath.Int64.Sum(sl)
		sl.Release()
	}, func(i int) { total += vals[i] })
	return total
}

func sumUint64(p piece) uint64 {
	a := p.arr.(*array.Uint64)
	vals := a.Uint64Values()
	var total uint64
	validRuns(p, func(s, e int) {
		sl := array.NewSlice(a, int64(s), int64(e)).(*array.Uint64)
		total += amath.Uint64.Sum(sl)
		sl.Release()
	}, func(i int) { total += vals[i] })
	return total
}

// loop sums the types arrow-go has no SIMD kernel for.
func loop[In int8 | int16 | int32 | uint8 | uint16 | uint32 | float32, Out int64 | float64](p piece) Out {
	vals := valuesOf[In](p.arr)
	var total Out
	validRuns(p, func(s, e int) {
		for _, v := range vals[s:e] {
			total += Out(v)
		}
	}, func(i int) { total += Out(vals[i]) })
	return total
}

func valuesOf[T any](a arrow.Array) []T {
	return a.(interface{ Values() []T }).Values()
}
