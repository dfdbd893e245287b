package functions

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/bridge"
)

// Materialize x in Go and return its length (rows for tables, batches and streams).
//
// O(1) for arrays, record batches, tables and chunked arrays; a stream is read to its end.
//
//goarrow:export length
func Length(x any) (int64, error) {
	switch v := x.(type) {
	case arrow.Array:
		return int64(v.Len()), nil
	case arrow.RecordBatch:
		return v.NumRows(), nil
	case arrow.Table:
		return v.NumRows(), nil
	case *arrow.Chunked:
		return int64(v.Len()), nil
	case array.RecordReader:
		var n int64
		for v.Next() {
			n += v.RecordBatch().NumRows()
		}
		return n, v.Err()
	}
	return 0, fmt.Errorf("%w: length() needs Arrow data, got %T", bridge.ErrType, x)
}

// Return x as Go received it, re-exported from Go: same kind, same buffers.
//
// An array comes back as a pyarrow.Array, a record batch as a pyarrow.RecordBatch, a table as a
// pyarrow.Table, a chunked array as a pyarrow.ChunkedArray and a stream as a lazy
// pyarrow.RecordBatchReader. No buffer is copied either way.
//
//goarrow:export echo
func Echo(x any) (any, error) {
	// The bridge releases arguments after the call, so the result must be a new reference.
	if r, ok := x.(interface{ Retain() }); ok {
		r.Retain()
	}
	return x, nil
}
