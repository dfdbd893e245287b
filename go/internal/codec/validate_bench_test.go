package codec_test

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// The always-on structural check's cost per array, beside a crossing's ~2 µs: run with
// go test ./internal/codec -run '^$' -bench Validate
func BenchmarkValidate(b *testing.B) {
	f := array.NewFloat64Builder(memory.DefaultAllocator)
	f.AppendValues(make([]float64, 1_000_000), nil)
	floats := f.NewArray()
	s := array.NewStringBuilder(memory.DefaultAllocator)
	for range 1000 {
		s.Append("héllo")
	}
	strs := s.NewArray()
	for _, c := range []struct {
		name string
		arr  arrow.Array
	}{{"float64_1M", floats}, {"string_1000", strs}} {
		b.Run("structural/"+c.name, func(b *testing.B) {
			for b.Loop() {
				if err := array.Validate(c.arr); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("full/"+c.name, func(b *testing.B) {
			for b.Loop() {
				if err := array.ValidateFull(c.arr); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
