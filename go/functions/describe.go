package functions

import (
	"context"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/bridge"
)

type colStats struct {
	count, nulls   int64
	min, max, sum  float64
	numeric, valid bool
}

// Per-column statistics of a table, computed in Go: a record batch with one row per column.
//
// Columns: column (name), type, count (non-null values), null_count, min, max and mean (float64;
// null for non-numeric columns and for columns with no values).
//
//goarrow:export describe
func Describe(ctx context.Context, table arrow.Table) (arrow.RecordBatch, error) {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "column", Type: arrow.BinaryTypes.String},
		{Name: "type", Type: arrow.BinaryTypes.String},
		{Name: "count", Type: arrow.PrimitiveTypes.Int64},
		{Name: "null_count", Type: arrow.PrimitiveTypes.Int64},
		{Name: "min", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "max", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "mean", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(bridge.Allocator, schema)
	defer b.Release()

	for i := 0; i < int(table.NumCols()); i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		col := table.Column(i)
		s := columnStats(col.Data())
		b.Field(0).(*array.StringBuilder).Append(col.Name())
		b.Field(1).(*array.StringBuilder).Append(col.DataType().String())
		b.Field(2).(*array.Int64Builder).Append(s.count)
		b.Field(3).(*array.Int64Builder).Append(s.nulls)
		for j, v := range []float64{s.min, s.max, s.sum / float64(s.count)} {
			fb := b.Field(4 + j).(*array.Float64Builder)
			if s.numeric && s.valid {
				fb.Append(v)
			} else {
				fb.AppendNull()
			}
		}
	}
	return b.NewRecordBatch(), nil
}

func columnStats(c *arrow.Chunked) colStats {
	s := colStats{min: math.Inf(1), max: math.Inf(-1)}
	for _, chunk := range c.Chunks() {
		s.nulls += int64(chunk.NullN())
		s.count += int64(chunk.Len() - chunk.NullN())
		get := floatGetter(chunk)
		if get == nil {
			continue
		}
		s.numeric = true
		for i := 0; i < chunk.Len(); i++ {
			if chunk.IsNull(i) {
				continue
			}
			v := get(i)
			s.valid = true
			s.sum += v
			s.min = math.Min(s.min, v)
			s.max = math.Max(s.max, v)
		}
	}
	return s
}

// floatGetter reads element i of a numeric array as float64, or is nil for other types.
func floatGetter(a arrow.Array) func(int) float64 {
	switch a := a.(type) {
	case *array.Float64:
		return func(i int) float64 { return a.Value(i) }
	case *array.Float32:
		return func(i int) float64 { return float64(a.Value(i)) }
	case *array.Int64:
		return func(i int) float64 { return float64(a.Value(i)) }
	case *array.Int32:
		return func(i int) float64 { return float64(a.Value(i)) }
	case *array.Int16:
		return func(i int) float64 { return float64(a.Value(i)) }
	case *array.Int8:
		return func(i int) float64 { return float64(a.Value(i)) }
	case *array.Uint64:
		return func(i int) float64 { return float64(a.Value(i)) }
	case *array.Uint32:
		return func(i int) float64 { return float64(a.Value(i)) }
	case *array.Uint16:
		return func(i int) float64 { return float64(a.Value(i)) }
	case *array.Uint8:
		return func(i int) float64 { return float64(a.Value(i)) }
	}
	return nil
}
