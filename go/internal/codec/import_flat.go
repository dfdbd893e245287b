package codec

// Host → Go, the common case without cdata. Most arguments are flat arrays (fixed width,
// boolean, string and binary) or record batches of them. For those, cdata's importer costs more
// than the rest of a crossing: it moves the struct into malloc'd memory (two cgo calls) and
// allocates an importer per node. Here the layout is read straight from the C struct and the
// buffers wrap the host's memory exactly as cdata's do: the ArrowArray is moved
// into a importAllocator, every buffer holds a reference to it, and the host's release callback runs when
// the last buffer is released. Anything else, or anything unexpected in the struct (a missing
// buffer, a dictionary, a negative offset), takes the cdata path, so its errors stay cdata's.

/*
#include "ga_arrow.h"
*/
import "C"

import (
	"fmt"
	"math"
	"sync/atomic"
	"syscall"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/goarrow/goarrow/go/internal/cmem"
)

// flatType reports whether every node of a field is a layout the flat path handles, with no
// extension type (which needs withType) anywhere in it.
func flatType(f arrow.Field) bool {
	if _, ok := f.Metadata.GetValue(extNameKey); ok {
		return false
	}
	switch t := f.Type.(type) {
	case *arrow.BooleanType, *arrow.StringType, *arrow.BinaryType, *arrow.LargeStringType, *arrow.LargeBinaryType:
		return true
	case *arrow.StructType:
		for i := range t.NumFields() { // t.Fields() would copy them: this runs on every call
			if !flatType(t.Field(i)) {
				return false
			}
		}
		return true
	case arrow.FixedWidthDataType:
		switch t.ID() {
		case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64, arrow.UINT8, arrow.UINT16, arrow.UINT32,
			arrow.UINT64, arrow.FLOAT16, arrow.FLOAT32, arrow.FLOAT64, arrow.DATE32, arrow.DATE64,
			arrow.TIME32, arrow.TIME64, arrow.TIMESTAMP, arrow.DURATION:
			return true
		}
	}
	return false
}

// flatNode is one node's layout, read and checked before anything is taken from the host.
type flatNode struct {
	a        *C.struct_ArrowArray
	nulls    int
	bufs     []unsafe.Pointer
	sizes    [3]int
	children []flatNode
	total    int // buffers in this node and below
}

// planFlat checks a against t and works out every buffer's size. ok is false for anything the
// cdata path should see instead. What it accepts also passes arrow-go's structural validation
// (array.Validate: null count, offset and length, buffer sizes, string offsets at both ends,
// struct children's lengths), which the call then skips (see Loans.Validated); anything that
// would fail it goes the cdata way and gets arrow-go's own error.
func planFlat(a *C.struct_ArrowArray, t arrow.DataType) (n flatNode, ok bool) {
	if a == nil || a.release == nil || a.dictionary != nil || a.length < 0 || a.offset < 0 ||
		a.offset > math.MaxInt64-a.length || a.null_count < -1 || a.null_count > a.length {
		return n, false
	}
	end := int(a.offset) + int(a.length)
	bitmap := (end + 7) / 8
	n.a = a
	want, children := 2, 0
	switch t := t.(type) {
	case *arrow.StructType:
		want, children = 1, t.NumFields()
	case *arrow.StringType, *arrow.BinaryType, *arrow.LargeStringType, *arrow.LargeBinaryType:
		want = 3
	}
	if int(a.n_buffers) != want || int(a.n_children) != children || (want > 0 && a.buffers == nil) ||
		(children > 0 && a.children == nil) {
		return n, false
	}
	n.bufs = unsafe.Slice((*unsafe.Pointer)(unsafe.Pointer(a.buffers)), want)
	n.nulls = int(a.null_count)
	if n.bufs[0] == nil {
		if n.nulls > 0 {
			return n, false
		}
		n.nulls = 0 // no bitmap: no nulls, also when the producer said "unknown" (-1)
	}
	n.sizes[0] = bitmap
	switch t := t.(type) {
	case *arrow.StructType:
		kids := unsafe.Slice(a.children, children)
		n.children = make([]flatNode, children)
		for i := range n.children {
			if kids[i] == nil || int(kids[i].length) < end {
				return n, false
			}
			if n.children[i], ok = planFlat(kids[i], t.Field(i).Type); !ok {
				return n, false
			}
			n.total += n.children[i].total
		}
		n.total += want
		return n, true
	case *arrow.BooleanType:
		n.sizes[1] = bitmap
	case *arrow.StringType, *arrow.BinaryType, *arrow.LargeStringType, *arrow.LargeBinaryType:
		width := 4
		if t.ID() == arrow.LARGE_STRING || t.ID() == arrow.LARGE_BINARY {
			width = 8
		}
		if n.bufs[1] == nil || n.bufs[2] == nil {
			return n, false
		}
		// The data buffer ends where the last offset points; the first must not lie past it.
		var first, last int64
		if width == 4 {
			offsets := unsafe.Slice((*int32)(n.bufs[1]), end+1)
			first, last = int64(offsets[a.offset]), int64(offsets[end])
		} else {
			offsets := unsafe.Slice((*int64)(n.bufs[1]), end+1)
			first, last = offsets[a.offset], offsets[end]
		}
		if last < 0 || first > last {
			return n, false
		}
		n.sizes[1], n.sizes[2] = (end+1)*width, int(last)
	case arrow.FixedWidthDataType:
		n.sizes[1] = end * t.BitWidth() / 8
	}
	for i := 1; i < want; i++ {
		if n.bufs[i] == nil { // zero-length arrays may leave buffers out: cdata fills them in
			return n, false
		}
	}
	n.total = want
	return n, true
}

// bufSlab hands out the nodes' buffer lists from one array for the whole tree: for a wide
// batch, one allocation instead of one per column.
type bufSlab []*memory.Buffer

func (s *bufSlab) take(n int) []*memory.Buffer {
	b := (*s)[:n:n] // capped: an append to one node's list cannot reach the next one's
	*s = (*s)[n:]
	return b
}

// build makes the arrow-go data of a planned node over the host's buffers.
func (n *flatNode) build(o *importAllocator, t arrow.DataType, slab *bufSlab) arrow.ArrayData {
	bufs := slab.take(len(n.bufs))
	for i, p := range n.bufs {
		bufs[i] = o.buffer(p, n.sizes[i])
	}
	var kids []arrow.ArrayData
	if st, ok := t.(*arrow.StructType); ok {
		kids = make([]arrow.ArrayData, len(n.children))
		for i := range n.children {
			kids[i] = n.children[i].build(o, st.Field(i).Type, slab)
		}
	}
	d := array.NewData(t, int(n.a.length), bufs, kids, n.nulls, int(n.a.offset))
	for _, b := range bufs {
		if b != nil {
			b.Release()
		}
	}
	for _, k := range kids {
		k.Release()
	}
	return d
}

// flatPath is the fast path (see path.go): it imports flat arrays, record batches and streams
// of them over the host's buffers (this file and import_batch.go), and exports them
// (export_flat.go), without cdata.
type flatPath struct{}

// importArray imports a over the host's buffers if planFlat takes it (t passed flatType).
func (flatPath) importArray(a *C.struct_ArrowArray, t arrow.DataType, loans *Loans) (arrow.Array, bool, error) {
	plan, ok := planFlat(a, t)
	if !ok {
		return nil, false, nil
	}
	return importPlanned(a, &plan, t, loans), true, nil
}

// importReader reads a stream of record batches whose columns are all flat with a flatReader.
func (flatPath) importReader(s *C.struct_ArrowArrayStream, schema *arrow.Schema, t *arrow.StructType) (array.RecordReader, bool, error) {
	r, err := newFlatReader(s, schema, t)
	if err != nil {
		return nil, true, err
	}
	return r, true, nil
}

// importPlanned imports a, planned as plan, over the host's buffers: lent for the call if loans
// is not nil, else moved out of the host's struct.
func importPlanned(a *C.struct_ArrowArray, plan *flatNode, t arrow.DataType, loans *Loans) arrow.Array {
	o := newImportAllocator(a, plan, loans) // its reference: held while building (a node without buffers
	// cannot release early), then the loan's or dropped below
	slab := make(bufSlab, plan.total)
	d := plan.build(o, t, &slab)
	if loans != nil {
		*loans = append(*loans, loan{o: o, root: d, kids: d.Children()})
	}
	arr := array.MakeFromData(d)
	d.Release()
	if loans == nil {
		o.Free(nil)
	}
	return arr
}

// flatReader is a stream of record batches whose columns are all flat: each batch is imported
// by importAs, so by the flat path unless it declines (cdata's reader would run its full
// importer on every batch). It behaves as
// cdata's reader does: get_next's errors keep the producer's message, the stream is released
// with the reader.
type flatReader struct {
	refs   atomic.Int64
	stream *C.struct_ArrowArrayStream // moved out of the host's struct into C memory
	schema *arrow.Schema
	typ    *arrow.StructType
	cur    arrow.RecordBatch
	err    error
}

func newFlatReader(s *C.struct_ArrowArrayStream, schema *arrow.Schema, typ *arrow.StructType) (*flatReader, error) {
	// In C memory, not in the reader: cgo would refuse a pointer into a Go object that holds
	// Go pointers as an argument of the stream's callbacks.
	moved := C.ga_stream_move(s)
	if moved == nil {
		return nil, fmt.Errorf("%w: moving an ArrowArrayStream", cmem.ErrOutOfMemory)
	}
	r := &flatReader{stream: moved, schema: schema, typ: typ}
	r.refs.Store(1)
	return r, nil
}

func (r *flatReader) Retain() { r.refs.Add(1) }

func (r *flatReader) Release() {
	if r.refs.Add(-1) == 0 {
		if r.cur != nil {
			r.cur.Release()
			r.cur = nil
		}
		C.ga_stream_free(r.stream)
	}
}

func (r *flatReader) Schema() *arrow.Schema          { return r.schema }
func (r *flatReader) RecordBatch() arrow.RecordBatch { return r.cur }
func (r *flatReader) Record() arrow.RecordBatch      { return r.cur }
func (r *flatReader) Err() error                     { return r.err }

func (r *flatReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if r.err != nil || r.stream.release == nil {
		return false
	}
	var ca C.struct_ArrowArray
	if rc := C.ga_stream_get_next(r.stream, &ca); rc != 0 {
		r.err = fmt.Errorf("%w: %s", syscall.Errno(rc), lastError(r.stream))
		return false
	}
	if ca.release == nil {
		return false // the end of the stream
	}
	arr, err := importAs(&ca, r.typ, true, nil)
	C.ga_array_release(&ca) // moved by the import; released here only if it failed
	if err != nil {
		r.err = err
		return false
	}
	defer arr.Release()
	r.cur = batchOf(r.schema, arr.(*array.Struct))
	return true
}
