package core

// Forged Arrow C structs, for the fuzz test (fuzz_test.go, which cannot use cgo itself): a
// producer whose structs say whatever the fuzzer says, with buffers of the sizes their lengths
// imply, all in malloc'd memory that their release callbacks free. And the other side: a C
// consumer of what the bridge exports (ExportedArray), for export_flat_test.go.

/*
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

	"github.com/apache/arrow-go/v18/arrow"
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

// ImportForged imports a forged array as goarrow_call imports an argument (read in place, then
// validated unless the flat import checked it already, and moved out when the call ends because
// the caller keeps it), validates it fully if full, and returns it; or the error a host would
// get. The structs are consumed.
func ImportForged(s ForgedSchema, a ForgedArray, full bool) (any, error) {
	v := value{kind: C.GOARROW_ARRAY, schema: s.p, array: a.p}
	defer func() {
		C.ga_schema_release(s.p)
		C.ga_array_release(a.p)
		C.free(unsafe.Pointer(s.p))
		C.free(unsafe.Pointer(a.p))
	}()
	var lent borrows
	defer lent.settle() // deferred after the release above, so it runs first, as in goarrow_call
	x, err := importGuarded(asLent(importArray), &v, &lent)
	if err != nil {
		return nil, err
	}
	if full || !lent.checked(x) {
		if _, err := validateArg(x, full); err != nil {
			x.(arrow.Array).Release()
			return nil, err
		}
	}
	return x, nil
}

// ExportedArray is an ArrowArray the bridge exported, held as a C consumer holds it.
type ExportedArray struct{ p *C.struct_ArrowArray }

// ExportArray exports x (an arrow.Array or arrow.RecordBatch) as a host gets a result.
func ExportArray(x any) ExportedArray {
	var v value
	if err := exportValue(x, &v); err != nil {
		panic(err)
	}
	x.(interface{ Retain() }).Retain() // exportValue consumed the caller's reference
	C.ga_schema_free(v.schema)
	return ExportedArray{v.array}
}

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
