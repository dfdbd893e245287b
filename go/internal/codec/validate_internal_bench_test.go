package codec

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// The always-on check of a 1000-column record batch, per column: go test ./internal/codec
// -run '^$' -bench ValidateBatch
func BenchmarkValidateBatch1000Columns(b *testing.B) {
	f := array.NewFloat64Builder(memory.DefaultAllocator)
	f.AppendValues([]float64{1, 2, 3}, nil)
	col := f.NewArray()
	fields := make([]arrow.Field, 1000)
	cols := make([]arrow.Array, 1000)
	for i := range cols {
		fields[i] = arrow.Field{Name: fmt.Sprintf("c%d", i), Type: arrow.PrimitiveTypes.Float64}
		cols[i] = col
	}
	rb := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, 3)
	b.ResetTimer()
	for b.Loop() {
		if _, err := validateArg(rb, false); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/column")
}
