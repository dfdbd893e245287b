package functions

import (
	"fmt"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/bridge"
)

// The address of every buffer Go sees in x, as a uint64 array (null where a buffer is absent).
//
// Order: an array's own buffers, then its children's depth first (pyarrow's Array.buffers()
// order), then its dictionary's. For a record batch, its columns in order. Comparing these with
// pyarrow's buffer addresses proves that nothing was copied on the way in.
//
//goarrow:export addresses
func Addresses(x any) (arrow.Array, error) {
	b := array.NewUint64Builder(bridge.Allocator)
	defer b.Release()
	switch v := x.(type) {
	case arrow.Array:
		appendAddresses(b, v.Data())
	case arrow.RecordBatch:
		for _, c := range v.Columns() {
			appendAddresses(b, c.Data())
		}
	default:
		return nil, fmt.Errorf("%w: addresses() needs an array or a record batch, got %T", bridge.ErrType, x)
	}
	return b.NewArray(), nil
}

func appendAddresses(b *array.Uint64Builder, d arrow.ArrayData) {
	if len(d.Buffers()) == 0 {
		// null and run-end-encoded arrays hold no buffer in arrow-go; pyarrow still lists their
		// (always absent) validity slot, and so do we, to keep the two lists aligned.
		b.AppendNull()
	}
	for _, buf := range d.Buffers() {
		if buf == nil || buf.Buf() == nil {
			b.AppendNull()
			continue
		}
		b.Append(uint64(uintptr(unsafe.Pointer(unsafe.SliceData(buf.Buf())))))
	}
	for _, c := range d.Children() {
		appendAddresses(b, c)
	}
	if d.DataType().ID() == arrow.DICTIONARY {
		appendAddresses(b, d.Dictionary())
	}
}
