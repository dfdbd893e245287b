package testfuncs

import (
	"context"
	"strconv"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/goarrow/goarrow/go/bridge"
	"github.com/goarrow/goarrow/go/bridge/elementwise"
)

func floats(n int) arrow.Array {
	b := array.NewFloat64Builder(memory.NewGoAllocator())
	for i := range n {
		b.Append(float64(i%1000) / 1000)
	}
	return b.NewArray()
}

func BenchmarkFusedElementwise(bm *testing.B) {
	n := 1 << 20
	a, c := floats(n), floats(n)
	for bm.Loop() {
		r, err := goarrowElementwiseFused(context.Background(), []any{a, c, 2.0, 3.0, 0.5, 4.0}, elementwise.Options{Threads: 1})
		if err != nil {
			bm.Fatal(err)
		}
		r.(arrow.Array).Release()
	}
	perRow(bm, n)
}

func BenchmarkFusedHandLoop(bm *testing.B) {
	n := 1 << 20
	a, c := floats(n), floats(n)
	for bm.Loop() {
		x, y := a.(*array.Float64).Float64Values(), c.(*array.Float64).Float64Values()
		buf := memory.NewResizableBuffer(bridge.Allocator)
		buf.Resize(n * 8)
		out := arrow.Float64Traits.CastFromBytes(buf.Bytes())
		for i := range x {
			out[i] = Fused(x[i], y[i], 2, 3, 0.5, 4)
		}
		buf.Release()
	}
	perRow(bm, n)
}

// perRow reports the time per row of a benchmark over n rows.
func perRow(bm *testing.B, n int) {
	bm.ReportMetric(float64(bm.Elapsed().Nanoseconds())/float64(bm.N)/float64(n), "ns/row")
}

// The strings of python/bench/elementwise.py's upper-case benchmark.
func benchWords(n int) arrow.Array {
	b := array.NewStringBuilder(memory.NewGoAllocator())
	for i := range n {
		b.Append("row " + strconv.Itoa(i) + " of the benchmark, ünïcode")
	}
	return b.NewArray()
}

// Upper case through the generated loop, to compare with BenchmarkUpperInPlaceAlone: the
// difference is what the loop and the result column cost per row.
func BenchmarkUpperInPlaceElementwise(bm *testing.B) {
	n := 1 << 20
	w := benchWords(n)
	for bm.Loop() {
		r, err := goarrowElementwiseUpperInPlace(context.Background(), []any{w}, elementwise.Options{Threads: 1})
		if err != nil {
			bm.Fatal(err)
		}
		r.(arrow.Array).Release()
	}
	perRow(bm, n)
}

// The function alone on the same strings, appending into one reused buffer.
func BenchmarkUpperInPlaceAlone(bm *testing.B) {
	n := 1 << 20
	w := benchWords(n).(*array.String)
	dst := make(elementwise.Text, 0, 64*n)
	for bm.Loop() {
		dst = dst[:0]
		for i := range n {
			dst = UpperInPlace(dst, w.Value(i))
		}
	}
	perRow(bm, n)
}
