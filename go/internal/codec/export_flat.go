package codec

// Go → host, the common case without cdata. cdata's export of an array allocates each node's
// buffer and child pointers with separate cgo calls, registers a cgo.Handle per node, and its
// release calls back into Go once per node; for a small array or a batch of a stream that costs
// more than the rest of the crossing. Flat arrays (those the flat import takes: fixed width,
// boolean, string and binary, structs of them) and record batches of them are exported here
// instead (flatPath; path.go chooses):
// every node's struct and pointer arrays in one C block (one cgo call), released by C, with one
// call into Go, when the last node is released, to drop Go's reference to the data. A result
// whose every buffer is the host's own memory, lent to the call (echo, a slice of an argument),
// needs no Go reference at all: the block takes over the host's struct instead (adoptOwner) and
// its release is C alone.

/*
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include "goarrow.h"

extern int goarrow_forked;

// What an empty buffer points at: consumers read the one offset of an empty string array (and
// some do not accept NULL for a mandatory buffer, apache/arrow#33936).
const int64_t ga_zero_region[8] __attribute__((aligned(64))) = {0};
extern void goarrowReleaseExport(uintptr_t);

// held when the block owns the host's array instead of a Go reference (adoptOwner).
#define GA_OWNED UINTPTR_MAX

// The block's header; the nodes' structs and pointer arrays follow it. Every node's private_data
// is the block.
typedef struct {
  _Atomic int64_t live; // nodes not yet released (a consumer may move a child out and keep it)
  uintptr_t held;       // Go's reference to the data, by number, or GA_OWNED
  // GA_OWNED: the host's array the data lies in, moved here when the call's loan ended, and its
  // holders: 1 for the nodes (all of them), 1 for Go's importer of it (importAllocator, while Go
  // code still holds buffers of it). Go decrements `owner` too (sync/atomic, on this C memory).
  int64_t owner;
  struct ArrowArray moved;
} ga_flat_block;

// Drops one holder of an owning block; the last releases the host's array and frees the block.
void ga_block_unref(ga_flat_block* b) {
  if (__atomic_fetch_sub(&b->owner, 1, __ATOMIC_ACQ_REL) == 1) {
    if (b->moved.release != NULL) b->moved.release(&b->moved);
    free(b);
  }
}

void ga_flat_release(struct ArrowArray* a) {
  ga_flat_block* b = (ga_flat_block*)a->private_data;
  for (int64_t i = 0; i < a->n_children; i++) {
    struct ArrowArray* c = a->children[i];
    if (c->release != NULL) c->release(c); // not moved out: released with its parent
  }
  a->release = NULL;
  if (atomic_fetch_sub(&b->live, 1) == 1) {
    if (b->held == GA_OWNED) { // C alone: the host's release, no call into Go (also after fork)
      ga_block_unref(b);
      return;
    }
    if (!goarrow_forked) goarrowReleaseExport(b->held); // a forked child has no Go: it leaks instead
    free(b);
  }
}

// Go's hold on an owning block was its last: release the host's array and free the block.
static void ga_block_free_at(uintptr_t p) {
  ga_flat_block* b = (ga_flat_block*)p;
  if (b->moved.release != NULL) b->moved.release(&b->moved);
  free(b);
}

static void* ga_flat_alloc(size_t n, int64_t nodes) {
  ga_flat_block* b = (ga_flat_block*)calloc(1, n);
  if (b != NULL) atomic_init(&b->live, nodes);
  return b;
}

// A host's array or batch result: its structs (the schema unless the host keeps the type) and,
// for a flat export (block > 0), the block, in one call. Returns the block (NULL without one),
// or GA_ALLOC_FAILED when out of memory (a MemoryError; the block is freed here, the host frees
// whichever structs were made). Returned, not written through a pointer argument: cgo checks
// every pointer argument on every call.
#define GA_ALLOC_FAILED ((void*)1)
static void* ga_alloc_result(goarrow_value* out, int with_schema, size_t block, int64_t nodes) {
  out->schema = with_schema ? (struct ArrowSchema*)calloc(1, sizeof(struct ArrowSchema)) : NULL;
  out->array = (struct ArrowArray*)calloc(1, sizeof(struct ArrowArray));
  void* b = block > 0 ? ga_flat_alloc(block, nodes) : NULL;
  if ((out->schema != NULL || !with_schema) && out->array != NULL && (block == 0 || b != NULL)) return b;
  free(b);
  return GA_ALLOC_FAILED;
}
*/
import "C"

import (
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/goarrow/goarrow/go/internal/cmem"
)

// exported holds the data of every flat export until its host releases it. The block names its
// entry by number: cheaper than a cgo.Handle (a global concurrent map), and reused when freed.
var exported struct {
	sync.Mutex
	held []interface{ Release() }
	free []uintptr
}

func holdExport(x interface{ Release() }) uintptr {
	exported.Lock()
	defer exported.Unlock()
	if n := len(exported.free); n > 0 {
		i := exported.free[n-1]
		exported.free = exported.free[:n-1]
		exported.held[i] = x
		return i
	}
	exported.held = append(exported.held, x)
	return uintptr(len(exported.held) - 1)
}

func releaseExport(i uintptr) {
	exported.Lock()
	x := exported.held[i]
	exported.held[i] = nil
	exported.free = append(exported.free, i)
	exported.Unlock()
	defer func() { recover() }() // a panicking Release must not unwind into the host's C frames
	x.Release()
}

// flatShape counts the nodes and buffer pointers of d, if every node is one the flat export writes as
// arrow-go holds it: a flat type, its mandatory buffers present, a struct unsliced (cdata's
// export has to undo arrow-go's slicing of struct children; see fixOffsets).
func flatShape(d arrow.ArrayData) (nodes, bufs int, ok bool) {
	t := d.DataType()
	want := 2
	switch t.ID() {
	case arrow.STRUCT:
		if d.Offset() != 0 {
			return 0, 0, false
		}
		want = 1
	case arrow.STRING, arrow.BINARY, arrow.LARGE_STRING, arrow.LARGE_BINARY:
		want = 3
	}
	b := d.Buffers()
	if len(b) != want || (d.NullN() > 0 && (b[0] == nil || b[0].Len() == 0)) {
		return 0, 0, false
	}
	for i, x := range b[1:] {
		// An empty buffer is exported as the zero region: for an empty, unsliced array, and for
		// string data (all values empty). Anything else missing is cdata's to export.
		empty := x == nil || x.Len() == 0
		if empty && !(d.Len() == 0 && d.Offset() == 0) && !(want == 3 && i == 1) {
			return 0, 0, false
		}
	}
	nodes, bufs = 1, want
	for _, c := range d.Children() {
		n, k, ok := flatShape(c)
		if !ok {
			return 0, 0, false
		}
		nodes, bufs = nodes+n, bufs+k
	}
	return nodes, bufs, true
}

// flatBlock hands out the parts of one C block in order.
type flatBlock struct {
	base unsafe.Pointer
	next uintptr
}

func (b *flatBlock) take(n uintptr) unsafe.Pointer {
	p := unsafe.Add(b.base, b.next)
	b.next += n
	return p
}

const (
	arraySize = unsafe.Sizeof(C.struct_ArrowArray{})
	ptrSize   = unsafe.Sizeof(uintptr(0))
)

// fill writes node d into a (length, offset, nulls and buffers as arrow-go holds them).
func (b *flatBlock) fill(a *C.struct_ArrowArray, d arrow.ArrayData) {
	bufs := d.Buffers()
	b.node(a, int64(d.Len()), int64(d.Offset()), int64(d.NullN()), len(bufs), d.Children())
	ptrs := unsafe.Slice((*unsafe.Pointer)(unsafe.Pointer(a.buffers)), len(bufs))
	for i, x := range bufs {
		switch {
		case x != nil && x.Len() > 0:
			ptrs[i] = unsafe.Pointer(unsafe.SliceData(x.Buf()))
		case i > 0: // a mandatory buffer (0 is the validity bitmap, NULL when empty)
			ptrs[i] = unsafe.Pointer(&C.ga_zero_region)
		}
	}
}

// node writes a's fields, allocates its pointer arrays and children from the block, and fills
// the children.
func (b *flatBlock) node(a *C.struct_ArrowArray, length, offset, nulls int64, nbufs int, children []arrow.ArrayData) {
	a.length, a.offset, a.null_count = C.int64_t(length), C.int64_t(offset), C.int64_t(nulls)
	a.n_buffers, a.n_children = C.int64_t(nbufs), C.int64_t(len(children))
	a.buffers = (*unsafe.Pointer)(b.take(uintptr(nbufs) * ptrSize))
	a.dictionary = nil
	a.release = (*[0]byte)(C.ga_flat_release)
	a.private_data = b.base
	if len(children) == 0 {
		a.children = nil
		return
	}
	a.children = (**C.struct_ArrowArray)(b.take(uintptr(len(children)) * ptrSize))
	kids := unsafe.Slice(a.children, len(children))
	for i, c := range children {
		kids[i] = (*C.struct_ArrowArray)(b.take(arraySize))
		b.fill(kids[i], c)
	}
}

// blockSize is the size of the block for nodes nodes (the first is the host's struct) and bufs
// buffer pointers.
func blockSize(nodes, bufs int) uintptr {
	return unsafe.Sizeof(C.ga_flat_block{}) + uintptr(nodes-1)*(arraySize+ptrSize) + uintptr(bufs)*ptrSize
}

// blockSize is the size of the planned block: 0 for an export without one.
func (p exportPlan) blockSize() uintptr {
	if p.nodes == 0 {
		return 0
	}
	return blockSize(p.nodes, p.bufs)
}

// newBlock allocates the planned block, if there is one.
func newBlock(plan exportPlan) unsafe.Pointer {
	if plan.nodes == 0 {
		return nil
	}
	p := C.ga_flat_alloc(C.size_t(plan.blockSize()), C.int64_t(plan.nodes))
	if p == nil {
		panic(fmt.Errorf("%w: allocating an exported array's structs", cmem.ErrOutOfMemory))
	}
	return p
}

// allocResult allocates a host result's structs (the schema if withSchema) and the planned
// block, if there is one, with one call into C. The block comes back as the call's result, not
// through a Go pointer, so cgo has no pointer argument to check.
func allocResult(out *value, withSchema bool, plan exportPlan) unsafe.Pointer {
	p := C.ga_alloc_result(out, cBool(withSchema), C.size_t(plan.blockSize()), C.int64_t(plan.nodes))
	if uintptr(p) == 1 { // GA_ALLOC_FAILED
		panic(fmt.Errorf("%w: allocating the result's ArrowSchema and ArrowArray", cmem.ErrOutOfMemory))
	}
	return p
}

func cBool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// planExport plans the export of a flat array (flatShape), or of a batch whose columns are all
// flat.
func (flatPath) planExport(x any) (exportPlan, bool) {
	switch x := x.(type) {
	case arrow.RecordBatch:
		nodes, bufs, cols, ok := flatBatchShape(x)
		return exportPlan{nodes: nodes, bufs: bufs, cols: cols}, ok
	case arrow.Array:
		nodes, bufs, ok := flatArrayShape(x)
		return exportPlan{nodes: nodes, bufs: bufs}, ok
	}
	return exportPlan{}, false
}

// export writes every node of x into out and the block, and holds x until the last node is
// released; or, if every buffer of x lies in one argument lent to this call (loans.ownerOf), the
// block adopts that argument's struct instead (adoptOwner) and holds nothing of Go's.
func (flatPath) export(x any, plan exportPlan, out *C.struct_ArrowArray, block unsafe.Pointer, loans Loans) {
	b := flatBlock{base: block, next: unsafe.Sizeof(C.ga_flat_block{})}
	var o *importAllocator
	switch x := x.(type) {
	case arrow.RecordBatch:
		if o = loans.ownerOf(plan.cols...); o == nil {
			b.hold(x)
		}
		b.node(out, x.NumRows(), 0, 0, 1, plan.cols) // a batch has no validity bitmap: buffers[0] stays NULL
	case arrow.Array:
		d := x.Data()
		if o = loans.ownerOf(d); o == nil {
			b.hold(x)
		}
		b.fill(out, d)
	}
	if o != nil {
		b.adoptOwner(o)
	}
}

// adoptOwner has the block, filled, own the host's array that o imported for this call instead
// of a Go reference to the data: every buffer the block points at lies in that array
// (Loans.ownerOf). The loan's end moves the host's struct into the block (Loans.Settle), and
// the block releases it when both its nodes and Go's buffers of it are gone: the release of the
// result is then C alone, with no call into Go.
func (b *flatBlock) adoptOwner(o *importAllocator) {
	h := (*C.ga_flat_block)(b.base)
	h.held = C.uintptr_t(^uintptr(0)) // GA_OWNED
	h.owner = 2                       // the nodes, and o
	o.block = b.base
}

// settleInto moves the host's struct a into an owning block when the loan ends; the host's is
// marked released.
func settleInto(block unsafe.Pointer, a *C.struct_ArrowArray) {
	(*C.ga_flat_block)(block).moved = *a
	a.release = nil
}

// unrefBlock drops Go's hold on an owning block: in Go, unless it is the last holder.
func unrefBlock(block unsafe.Pointer) {
	h := (*C.ga_flat_block)(block)
	if atomic.AddInt64((*int64)(unsafe.Pointer(&h.owner)), -1) == 0 {
		C.ga_block_free_at(C.uintptr_t(uintptr(block)))
	}
}

// refCounted is what an export holds: an arrow.Array or arrow.RecordBatch.
type refCounted interface {
	Retain()
	Release()
}

func (b *flatBlock) hold(x refCounted) {
	x.Retain()
	(*C.ga_flat_block)(b.base).held = C.uintptr_t(holdExport(x))
}

// flatArrayShape is flatShape of arr if its type is flat.
func flatArrayShape(arr arrow.Array) (nodes, bufs int, ok bool) {
	if !flatType(arrow.Field{Type: arr.DataType()}) {
		return 0, 0, false
	}
	return flatShape(arr.Data())
}

// flatBatchShape is the shape of rb's struct array (flatShape) and its columns' data, if every
// column is flat.
func flatBatchShape(rb arrow.RecordBatch) (nodes, bufs int, cols []arrow.ArrayData, ok bool) {
	nodes, bufs = 1, 1
	cols = make([]arrow.ArrayData, rb.NumCols())
	for i, c := range rb.Columns() {
		n, k, ok := flatArrayShape(c)
		if !ok {
			return 0, 0, nil, false
		}
		nodes, bufs, cols[i] = nodes+n, bufs+k, c.Data()
	}
	return nodes, bufs, cols, true
}
