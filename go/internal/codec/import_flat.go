package codec

// Host → Go, the common case without cdata. Most arguments are flat arrays (fixed width,
// boolean, string and binary) or record batches of them. For those, cdata's importer costs more
// than the rest of a crossing: it moves the struct into malloc'd memory (two cgo calls) and
// allocates an importer per node. Here the layout is read straight from the C struct and the
// buffers wrap the host's memory exactly as cdata's do: the ArrowArray is moved
// into a cOwner, every buffer holds a reference to it, and the host's release callback runs when
// the last buffer is released. Anything else, or anything unexpected in the struct (a missing
// buffer, a dictionary, a negative offset), takes the cdata path, so its errors stay cdata's.

/*
#include "ga_arrow.h"

static void ga_array_release_at(uintptr_t a) { ga_array_release((struct ArrowArray*)a); }
*/
import "C"

import (
	"fmt"
	"math"
	"runtime"
	"sync/atomic"
	"syscall"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/goarrow/goarrow/go/internal/cmem"
)

// cOwner owns an imported ArrowArray; it is the memory.Allocator of every buffer imported from
// it, and releases the array when the last of them is freed.
type cOwner struct {
	refs  atomic.Int64
	lent  *C.struct_ArrowArray // the host's struct, while the call lends it
	moved C.struct_ArrowArray  // what the last buffer releases (a field pointing at it would be
	// a Go pointer inside the memory handed to C, which cgo refuses)
	block unsafe.Pointer // or: the exported result's block that took the struct over (adoptOwner)
}

// Borrows are the host structs that one call's flat imports read in place. A call's arguments
// live in the host's memory until the call returns (goarrow.h), so moving each struct out (and
// later calling its release from Go: a Go → C call) is needed only for one that Go still uses
// after the call: a result sharing its buffers, or a function keeping it. settle decides which.
type Borrows []loan

// loan is one lent struct: its owner, and what the flat import built over it (checked as
// array.Validate would; see checked). Not in the owner: the owner's memory is handed to C.
type loan struct {
	o     *cOwner
	root  arrow.ArrayData
	kids  []arrow.ArrayData // root's children, kept here: releasing root empties its own list
	batch *lazyBatch        // or the batch made over it
}

// Settle ends the loan when the call returns. Each owner holds one reference for the loan; if it
// is the last, no Go value reads the struct and nothing can take a new reference, so the struct
// stays the host's to release. Otherwise it is moved out now, as the C Data Interface has a
// consumer do, and released by the last buffer, from whichever goroutine frees it.
func (b *Borrows) Settle() {
	for _, l := range *b {
		o := l.o
		if o.block != nil {
			// The result's block took the struct over: it lives as long as the block's nodes or
			// Go's buffers of it, whichever goes last.
			settleInto(o.block, o.lent)
		} else {
			if o.refs.CompareAndSwap(1, 0) {
				continue
			}
			o.moved = *o.lent
			o.lent.release = nil
		}
		o.lent = nil
		o.Free(nil)
	}
	clear(*b) // the call's frame is reused (goarrow_call): keep nothing alive
	*b = (*b)[:0]
}

// ownerOf returns the owner of the call's loan that holds every buffer the flat export of ds
// points at (the same *memory.Buffer values importFlat made over the host's struct), if one
// does and no export took it over yet.
func (b Borrows) ownerOf(ds ...arrow.ArrayData) *cOwner {
	for i := range b {
		l := &b[i]
		if l.o.block != nil || l.o.lent == nil {
			continue
		}
		all := true
		for _, d := range ds {
			if !l.holdsAll(d) {
				all = false
				break
			}
		}
		if all && len(ds) > 0 {
			return l.o
		}
	}
	return nil
}

// holdsAll reports whether every non-empty buffer of d and its children is one of the loan's.
func (l *loan) holdsAll(d arrow.ArrayData) bool {
	for _, x := range d.Buffers() {
		if x != nil && x.Len() > 0 && !l.has(x) {
			return false
		}
	}
	for _, c := range d.Children() {
		if !l.holdsAll(c) {
			return false
		}
	}
	return true
}

// has reports whether x is one of the buffers importFlat made over the loan's struct (of a
// batch, over the columns made so far: a result can only hold those).
func (l *loan) has(x *memory.Buffer) bool {
	if l.root != nil {
		return hasBuffer(l.root.Buffers(), l.kids, x)
	}
	if l.batch != nil {
		for i := range l.batch.cols {
			if c := l.batch.cols[i].Load(); c != nil {
				if d := c.arr.Data(); hasBuffer(d.Buffers(), d.Children(), x) {
					return true
				}
			}
		}
	}
	return false
}

func hasBuffer(bufs []*memory.Buffer, kids []arrow.ArrayData, x *memory.Buffer) bool {
	for _, y := range bufs {
		if y == x {
			return true
		}
	}
	for _, k := range kids {
		if hasBuffer(k.Buffers(), k.Children(), x) {
			return true
		}
	}
	return false
}

// Checked reports whether v is exactly what one of the call's flat imports built (an array, or
// the record batch of a struct's children): planFlat has then checked it as array.Validate
// would, and the call need not validate it again.
func (b Borrows) Checked(v any) bool {
	for _, l := range b {
		switch x := v.(type) {
		case *lazyBatch:
			if x == l.batch {
				return true
			}
		case arrow.Array:
			if x.Data() == l.root {
				return true
			}
		case arrow.RecordBatch:
			kids := l.kids
			if int(x.NumCols()) != len(kids) || len(kids) == 0 {
				continue
			}
			same := true
			for i, k := range kids {
				if x.Column(i).Data() != k {
					same = false
					break
				}
			}
			if same {
				return true
			}
		}
	}
	return false
}

func (o *cOwner) Allocate(int) []byte {
	panic("goarrow: a buffer imported from the host cannot be allocated")
}

func (o *cOwner) Reallocate(int, []byte) []byte {
	panic("goarrow: a buffer imported from the host cannot be reallocated")
}

func (o *cOwner) Free([]byte) {
	if o.refs.Add(-1) == 0 {
		if o.block != nil {
			unrefBlock(o.block) // in Go, unless the block's nodes are gone already
			return
		}
		// By address: as a pointer argument cgo would scan o for Go pointers (it holds none) on
		// every release. C does not keep it; KeepAlive keeps o until the call is over.
		C.ga_array_release_at(C.uintptr_t(uintptr(unsafe.Pointer(&o.moved))))
		runtime.KeepAlive(o)
	}
}

func (o *cOwner) buffer(p unsafe.Pointer, n int) *memory.Buffer {
	if p == nil {
		return nil
	}
	o.refs.Add(1)
	return memory.NewBufferWithAllocator(unsafe.Slice((*byte)(p), n), o)
}

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
// struct children's lengths), which the call then skips (see Borrows.Checked); anything that
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
func (n *flatNode) build(o *cOwner, t arrow.DataType, slab *bufSlab) arrow.ArrayData {
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
func (flatPath) importArray(a *C.struct_ArrowArray, t arrow.DataType, lent *Borrows) (arrow.Array, bool, error) {
	plan, ok := planFlat(a, t)
	if !ok {
		return nil, false, nil
	}
	return importPlanned(a, &plan, t, lent), true, nil
}

// importReader reads a stream of record batches whose columns are all flat with a flatReader.
func (flatPath) importReader(s *C.struct_ArrowArrayStream, schema *arrow.Schema, t *arrow.StructType) (array.RecordReader, bool, error) {
	r, err := newFlatReader(s, schema, t)
	if err != nil {
		return nil, true, err
	}
	return r, true, nil
}

// importPlanned imports a, planned as plan, over the host's buffers: lent for the call if lent
// is not nil, else moved out of the host's struct.
func importPlanned(a *C.struct_ArrowArray, plan *flatNode, t arrow.DataType, lent *Borrows) arrow.Array {
	o := newOwner(a, plan, lent) // its reference: held while building (a node without buffers
	// cannot release early), then the loan's or dropped below
	slab := make(bufSlab, plan.total)
	d := plan.build(o, t, &slab)
	if lent != nil {
		*lent = append(*lent, loan{o: o, root: d, kids: d.Children()})
	}
	arr := array.MakeFromData(d)
	d.Release()
	if lent == nil {
		o.Free(nil)
	}
	return arr
}

// newOwner makes the owner of a, planned as plan: lent, or moved out of the host's struct. It
// holds one reference: the loan's, or the caller's to drop.
func newOwner(a *C.struct_ArrowArray, plan *flatNode, lent *Borrows) *cOwner {
	o := &cOwner{}
	o.refs.Store(1)
	if lent != nil {
		o.lent = a
	} else {
		o.moved = *a
		a.release = nil   // moved: the host's struct is marked released, as the C Data spec asks
		plan.a = &o.moved // plan pointed into the host's struct; only length and offset are read
	}
	return o
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
