package functions

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// Count the rows of a stream of record batches, reading it lazily.
//
// Go pulls one batch at a time from the producer and releases it before asking for the next, so
// a stream over a generator never exists in memory as a whole.
//
//goarrow:export count_rows
func CountRows(ctx context.Context, stream array.RecordReader) (int64, error) {
	var n int64
	for stream.Next() {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		n += stream.RecordBatch().NumRows()
	}
	return n, stream.Err()
}
