package bridge_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/bridge"
	"github.com/goarrow/goarrow/go/bridge/bridgetest"
)

// The cost of one crossing measured inside Go: bridge.Call exports the argument to C structs as a
// host would, the function imports it, and the result is exported and imported back.

func benchArray(b *testing.B, n int) arrow.Array {
	bld := array.NewFloat64Builder(bridge.Allocator)
	defer bld.Release()
	bld.Resize(n)
	for i := range n {
		bld.UnsafeAppend(float64(i))
	}
	return bld.NewArray()
}

func BenchmarkImportArray(b *testing.B) {
	bridge.MustRegister(bridge.Func{Name: "b.len", Params: []string{"x"}, Fn: func(x arrow.Array) int { return x.Len() }})
	for _, n := range []int{0, 1_000_000} {
		arr := benchArray(b, n)
		b.Run(fmt.Sprint("n=", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := bridgetest.Call("b.len", arr); err != nil {
					b.Fatal(err)
				}
			}
		})
		arr.Release()
	}
}

func BenchmarkEchoArray(b *testing.B) {
	for _, n := range []int{0, 1_000_000} {
		arr := benchArray(b, n)
		b.Run(fmt.Sprint("n=", n), func(b *testing.B) {
			for b.Loop() {
				out, err := bridgetest.Call("t.echo", arr)
				if err != nil {
					b.Fatal(err)
				}
				out.(arrow.Array).Release()
			}
		})
		arr.Release()
	}
}

// A record batch of 1000 two-row float64 columns, Go's side of the per-column cost (export by
// the test host, import, validation, release).
var registerRows sync.Once

func BenchmarkImportBatch1000(b *testing.B) {
	registerRows.Do(func() {
		bridge.MustRegister(bridge.Func{Name: "b.rows", Params: []string{"x"}, Fn: func(x arrow.RecordBatch) int64 { return x.NumRows() }})
	})
	col := benchArray(b, 2)
	defer col.Release()
	fields := make([]arrow.Field, 1000)
	cols := make([]arrow.Array, 1000)
	for i := range cols {
		fields[i] = arrow.Field{Name: fmt.Sprint("c", i), Type: col.DataType(), Nullable: true}
		cols[i] = col
	}
	rb := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, 2)
	defer rb.Release()
	for b.Loop() {
		if _, err := bridgetest.Call("b.rows", rb); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/col")
}
