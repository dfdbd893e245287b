package good

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Clip limits values to [lo, hi].
//
// Nulls stay null.
//
//goarrow:export clip
func Clip(ctx context.Context, values *arrow.Chunked, lo, hi float64) (*arrow.Chunked, error) {
	return values, nil
}

// CountRows counts rows.
//
//goarrow:export
func CountRows(stream array.RecordReader) int64 { return 0 }

// notExported has no directive.
func notExported(x arrow.Array) {}

// Meters is a length: a float64 to the bridge, which goes by kind.
type Meters float64

// Label is another name for string.
type Label = string

// Col is another name for arrow-go's array.
type Col = arrow.Array

// Scale multiplies x by factor.
//
//goarrow:export
func Scale(x Meters, factor float64, name Label, c Col) (Meters, error) { return x, nil }
