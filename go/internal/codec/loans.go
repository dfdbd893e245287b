package codec

// Loans and ownership of the host's arrays that Go imports without cdata (the flat path), in one
// place, as arrow-go's cdata/import_allocator.go has them. An importAllocator owns one imported
// ArrowArray: it is the memory.Allocator of every buffer made over it, and the last buffer freed
// releases the array. A call's arguments stay the host's until the call returns (goarrow.h), so
// a call's flat imports read them in place, lent: Loans are those, and Settle, when the call
// returns, moves out only what Go still uses.

/*
#include "ga_arrow.h"

static void ga_array_release_at(uintptr_t a) { ga_array_release((struct ArrowArray*)a); }
*/
import "C"

import (
	"runtime"
	"sync/atomic"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// importAllocator owns an imported ArrowArray; it is the memory.Allocator of every buffer imported from
// it, and releases the array when the last of them is freed.
type importAllocator struct {
	refs   atomic.Int64
	onLoan *C.struct_ArrowArray // the host's struct, while the call lends it
	moved  C.struct_ArrowArray  // what the last buffer releases (a field pointing at it would be
	// a Go pointer inside the memory handed to C, which cgo refuses)
	block unsafe.Pointer // or: the exported result's block that took the struct over (adoptOwner)
}

// Loans are the host structs that one call's flat imports read in place. A call's arguments
// live in the host's memory until the call returns (goarrow.h), so moving each struct out (and
// later calling its release from Go: a Go → C call) is needed only for one that Go still uses
// after the call: a result sharing its buffers, or a function keeping it. settle decides which.
type Loans []loan

// loan is one lent struct: its owner, and what the flat import built over it (validated as
// array.Validate would; see Validated). Not in the owner: the owner's memory is handed to C.
type loan struct {
	o     *importAllocator
	root  arrow.ArrayData
	kids  []arrow.ArrayData // root's children, kept here: releasing root empties its own list
	batch *lazyBatch        // or the batch made over it
}

// Settle ends the loan when the call returns. Each owner holds one reference for the loan; if it
// is the last, no Go value reads the struct and nothing can take a new reference, so the struct
// stays the host's to release. Otherwise it is moved out now, as the C Data Interface has a
// consumer do, and released by the last buffer, from whichever goroutine frees it.
func (b *Loans) Settle() {
	for _, l := range *b {
		o := l.o
		if o.block != nil {
			// The result's block took the struct over: it lives as long as the block's nodes or
			// Go's buffers of it, whichever goes last.
			settleInto(o.block, o.onLoan)
		} else {
			if o.refs.CompareAndSwap(1, 0) {
				continue
			}
			o.moved = *o.onLoan
			o.onLoan.release = nil
		}
		o.onLoan = nil
		o.Free(nil)
	}
	clear(*b) // the call's frame is reused (goarrow_call): keep nothing alive
	*b = (*b)[:0]
}

// ownerOf returns the owner of the call's loan that holds every buffer the flat export of ds
// points at (the same *memory.Buffer values importFlat made over the host's struct), if one
// does and no export took it over yet.
func (b Loans) ownerOf(ds ...arrow.ArrayData) *importAllocator {
	for i := range b {
		l := &b[i]
		if l.o.block != nil || l.o.onLoan == nil {
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

// Validated reports whether v is exactly what one of the call's flat imports built (an array, or
// the record batch of a struct's children): planFlat has then checked it as array.Validate
// would, and the call need not validate it again.
func (b Loans) Validated(v any) bool {
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

func (o *importAllocator) Allocate(int) []byte {
	panic("goarrow: a buffer imported from the host cannot be allocated")
}

func (o *importAllocator) Reallocate(int, []byte) []byte {
	panic("goarrow: a buffer imported from the host cannot be reallocated")
}

func (o *importAllocator) Free([]byte) {
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

func (o *importAllocator) buffer(p unsafe.Pointer, n int) *memory.Buffer {
	if p == nil {
		return nil
	}
	o.refs.Add(1)
	return memory.NewBufferWithAllocator(unsafe.Slice((*byte)(p), n), o)
}

// newImportAllocator makes the owner of a, planned as plan: lent, or moved out of the host's
// struct. It holds one reference: the loan's, or the caller's to drop.
func newImportAllocator(a *C.struct_ArrowArray, plan *flatNode, loans *Loans) *importAllocator {
	o := &importAllocator{}
	o.refs.Store(1)
	if loans != nil {
		o.onLoan = a
	} else {
		o.moved = *a
		a.release = nil   // moved: the host's struct is marked released, as the C Data spec asks
		plan.a = &o.moved // plan pointed into the host's struct; only length and offset are read
	}
	return o
}
