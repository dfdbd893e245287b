package functions_test

import (
	"math"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/bridge"
	"github.com/goarrow/goarrow/go/bridge/bridgetest"
	_ "github.com/goarrow/goarrow/go/functions"
)

func TestSumSkipsNullsAndSplitsLargeInputs(t *testing.T) {
	const n = 3<<20 + 17 // several pieces, a ragged end
	b := array.NewFloat64Builder(bridge.Allocator)
	var want float64
	for i := 0; i < n; i++ {
		if i%7 == 3 {
			b.AppendNull()
			continue
		}
		v := float64(i%1000) * 0.5
		want += v
		b.Append(v)
	}
	arr := b.NewArray()
	b.Release()
	defer arr.Release()

	got, err := bridgetest.Call("sum", arr)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got.(float64)-want) > 1e-6*want {
		t.Fatalf("sum = %v, want %v", got, want)
	}

	sliced := array.NewSlice(arr, 10, 30)
	defer sliced.Release()
	want = 0
	for i := 10; i < 30; i++ {
		if i%7 != 3 {
			want += float64(i%1000) * 0.5
		}
	}
	if got, _ := bridgetest.Call("sum", sliced); got != want {
		t.Fatalf("sum of slice = %v, want %v", got, want)
	}
}

func TestSumIntegersAndErrors(t *testing.T) {
	b := array.NewInt8Builder(bridge.Allocator)
	b.AppendValues([]int8{100, 100, -5}, nil)
	arr := b.NewArray()
	b.Release()
	defer arr.Release()
	if got, err := bridgetest.Call("sum", arr); err != nil || got != int64(195) {
		t.Fatalf("sum(int8) = %v, %v (want 195, no int8 overflow)", got, err)
	}
	s := array.NewStringBuilder(bridge.Allocator)
	s.Append("x")
	str := s.NewArray()
	s.Release()
	defer str.Release()
	if _, err := bridgetest.Call("sum", str); err == nil {
		t.Fatal("sum of strings did not fail")
	}
}

func TestGenerateAndDescribe(t *testing.T) {
	base := bridge.Allocator.AllocatedBytes()
	out, err := bridgetest.Call("generate", int64(1000), int64(1))
	if err != nil {
		t.Fatal(err)
	}
	arr := out.(arrow.Array)
	if arr.Len() != 1000 || arr.NullN() != 0 {
		t.Fatalf("generate gave %d values, %d nulls", arr.Len(), arr.NullN())
	}
	schema := arrow.NewSchema([]arrow.Field{{Name: "v", Type: arrow.PrimitiveTypes.Float64}}, nil)
	rb := array.NewRecordBatch(schema, []arrow.Array{arr}, 1000)
	arr.Release()
	out, err = bridgetest.Call("describe", rb)
	rb.Release()
	if err != nil {
		t.Fatal(err)
	}
	stats := out.(arrow.RecordBatch)
	count := stats.Column(2).(*array.Int64).Value(0)
	lo, hi := stats.Column(4).(*array.Float64).Value(0), stats.Column(5).(*array.Float64).Value(0)
	mean := stats.Column(6).(*array.Float64).Value(0)
	if count != 1000 || lo < 0 || hi >= 1 || math.Abs(mean-0.5) > 0.05 {
		t.Fatalf("describe: count=%d min=%v max=%v mean=%v", count, lo, hi, mean)
	}
	stats.Release()
	if got := bridge.Allocator.AllocatedBytes(); got != base {
		t.Fatalf("leak: %d bytes (baseline %d)", got, base)
	}
	if _, err := bridgetest.Call("generate", int64(-1), int64(0)); err == nil {
		t.Fatal("generate(-1) did not fail")
	}
}
