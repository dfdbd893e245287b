// Package cabitest is both ends of the C ABI for Go tests, which cannot use cgo themselves: a
// producer whose Arrow C structs say whatever a test (or the fuzzer) says, with buffers of the
// sizes their lengths imply, all in malloc'd memory that their release callbacks free; and a C
// consumer's view of the structs Go exports. Only tests import it: production builds and the
// wheel's goarrow/_src leave it out, as arrow-go leaves out its cdata test framework.
package cabitest

/*
#cgo CFLAGS: -I${SRCDIR}/..
#include <stdlib.h>
#include <string.h>
#include "ga_arrow.h"

static void ga_forge_release_schema(struct ArrowSchema* s) {
  for (int64_t i = 0; i < s->n_children; i++) {
    ga_schema_release(s->children[i]);
    free(s->children[i]);
  }
  if (s->dictionary) { ga_schema_release(s->dictionary); free(s->dictionary); }
  free(s->children);
  free((void*)s->format);
  s->release = NULL;
}

static void ga_forge_release_array(struct ArrowArray* a) {
  for (int64_t i = 0; i < a->n_buffers; i++) free((void*)a->buffers[i]);
  for (int64_t i = 0; i < a->n_children; i++) {
    ga_array_release(a->children[i]);
    free(a->children[i]);
  }
  if (a->dictionary) { ga_array_release(a->dictionary); free(a->dictionary); }
  free(a->buffers);
  free(a->children);
  a->release = NULL;
}

static struct ArrowSchema* ga_forge_schema(const char* format, int64_t n_children) {
  struct ArrowSchema* s = calloc(1, sizeof *s);
  s->format = strdup(format);
  s->name = "";
  s->flags = 2; // nullable
  s->n_children = n_children;
  s->children = calloc(n_children + 1, sizeof(struct ArrowSchema*));
  s->release = ga_forge_release_schema;
  return s;
}

static struct ArrowArray* ga_forge_array(int64_t length, int64_t null_count, int64_t offset, int64_t n_buffers, int64_t n_children) {
  struct ArrowArray* a = calloc(1, sizeof *a);
  a->length = length, a->null_count = null_count, a->offset = offset;
  a->n_buffers = n_buffers, a->n_children = n_children;
  a->buffers = calloc(n_buffers + 1, sizeof(void*));
  a->children = calloc(n_children + 1, sizeof(struct ArrowArray*));
  a->release = ga_forge_release_array;
  return a;
}

static struct ArrowArray* ga_consume_move_child(struct ArrowArray* a, int64_t i) {
  return ga_array_move(a->children[i]);
}

static void ga_forge_buffer(struct ArrowArray* a, int64_t i, const void* data, size_t n) {
  void* b = calloc(n + 8, 1); // never zero-sized
  memcpy(b, data, n);
  a->buffers[i] = b;
}
*/
import "C"

import (
	"unsafe"

	"github.com/goarrow/goarrow/go/internal/cabi"
)

// ForgedSchema and ForgedArray are opaque handles of forged C structs.
type (
	ForgedSchema struct{ p *C.struct_ArrowSchema }
	ForgedArray  struct{ p *C.struct_ArrowArray }
)

// ForgeSchema makes an ArrowSchema with format and children.
func ForgeSchema(format string, children ...ForgedSchema) ForgedSchema {
	f := C.CString(format)
	defer C.free(unsafe.Pointer(f))
	s := C.ga_forge_schema(f, C.int64_t(len(children)))
	kids := unsafe.Slice(s.children, len(children)+1)
	for i, c := range children {
		kids[i] = c.p
	}
	return ForgedSchema{s}
}

// WithDictionary gives s a dictionary schema.
func (s ForgedSchema) WithDictionary(d ForgedSchema) ForgedSchema { s.p.dictionary = d.p; return s }

// ForgeArray makes an ArrowArray whose fields and buffers are exactly these (a nil buffer is a
// NULL pointer).
func ForgeArray(length, nullCount, offset int64, buffers [][]byte, children ...ForgedArray) ForgedArray {
	a := C.ga_forge_array(C.int64_t(length), C.int64_t(nullCount), C.int64_t(offset), C.int64_t(len(buffers)), C.int64_t(len(children)))
	for i, b := range buffers {
		if b != nil {
			C.ga_forge_buffer(a, C.int64_t(i), unsafe.Pointer(unsafe.SliceData(append(b, 0))), C.size_t(len(b)))
		}
	}
	kids := unsafe.Slice(a.children, len(children)+1)
	for i, c := range children {
		kids[i] = c.p
	}
	return ForgedArray{a}
}

// WithDictionary gives a a dictionary array.
func (a ForgedArray) WithDictionary(d ForgedArray) ForgedArray { a.p.dictionary = d.p; return a }

// Value is a goarrow_value in C memory, as a host allocates it.
type Value struct{ p *C.goarrow_value }

// NewValue is a zeroed goarrow_value (kind NONE), for a result or an argument to be filled.
func NewValue() Value {
	return Value{(*C.goarrow_value)(C.calloc(1, C.size_t(cabi.ValueSize)))}
}

// ArrayValue is an ARRAY argument holding s and a, which it takes over: whoever consumes the
// value (codec.ImportValue, or FreeValue) releases and frees them.
func ArrayValue(s ForgedSchema, a ForgedArray) Value {
	v := NewValue()
	v.p.kind = C.GOARROW_ARRAY
	v.p.schema, v.p.array = s.p, a.p
	return v
}

// ArrowStructs sets v's kind to k and gives it a zeroed ArrowSchema and ArrowArray in C memory,
// for a producer (cdata.ExportArrowArray) to fill; whoever consumes v releases and frees them.
func (v Value) ArrowStructs(k cabi.Kind) (*cabi.CArrowSchema, *cabi.CArrowArray) {
	v.p.kind = C.int32_t(k)
	v.p.schema = (*C.struct_ArrowSchema)(C.calloc(1, C.sizeof_struct_ArrowSchema))
	v.p.array = (*C.struct_ArrowArray)(C.calloc(1, C.sizeof_struct_ArrowArray))
	return v.Structs()
}

// Structs are the ArrowSchema and ArrowArray v holds (nil where it holds none).
func (v Value) Structs() (*cabi.CArrowSchema, *cabi.CArrowArray) {
	return (*cabi.CArrowSchema)(unsafe.Pointer(v.p.schema)), (*cabi.CArrowArray)(unsafe.Pointer(v.p.array))
}

// Ptr is the value as the C ABI's type, for codec.ImportValue and codec.ExportValue.
func (v Value) Ptr() *cabi.Value { return (*cabi.Value)(unsafe.Pointer(v.p)) }

// Free frees the goarrow_value itself, not what it holds.
func (v Value) Free() { C.free(unsafe.Pointer(v.p)) }

// TakeArray is the array an ARRAY or BATCH result holds, held from now on as a C consumer holds
// it; the schema (if any) is released and freed, and v is left empty.
func (v Value) TakeArray() ExportedArray {
	if v.p.schema != nil {
		C.ga_schema_free(v.p.schema)
	}
	a := v.p.array
	*v.p = C.goarrow_value{}
	return ExportedArray{a}
}

// ExportedArray is an ArrowArray Go exported, held as a C consumer holds it.
type ExportedArray struct{ p *C.struct_ArrowArray }

// Length, Offset, NullCount, NumBuffers and NumChildren are the struct's fields.
func (e ExportedArray) Length() int64    { return int64(e.p.length) }
func (e ExportedArray) Offset() int64    { return int64(e.p.offset) }
func (e ExportedArray) NullCount() int64 { return int64(e.p.null_count) }
func (e ExportedArray) NumBuffers() int  { return int(e.p.n_buffers) }
func (e ExportedArray) NumChildren() int { return int(e.p.n_children) }
func (e ExportedArray) Released() bool   { return e.p.release == nil }
func (e ExportedArray) Child(i int) ExportedArray {
	return ExportedArray{unsafe.Slice(e.p.children, int(e.p.n_children))[i]}
}

// Buffer is buffer i (nil for NULL).
func (e ExportedArray) Buffer(i int) unsafe.Pointer {
	return unsafe.Slice((*unsafe.Pointer)(unsafe.Pointer(e.p.buffers)), int(e.p.n_buffers))[i]
}

// MoveChild moves child i out into a struct of its own, as the C Data Interface lets a consumer
// do (the parent's copy is marked released); the child lives on after the parent is released.
func (e ExportedArray) MoveChild(i int) ExportedArray {
	return ExportedArray{C.ga_consume_move_child(e.p, C.int64_t(i))}
}

// Release calls the struct's release callback and frees the struct.
func (e ExportedArray) Release() { C.ga_array_free(e.p) }
