package core

// Forged Arrow C structs, for the fuzz test (fuzz_test.go, which cannot use cgo itself): a
// producer whose structs say whatever the fuzzer says, with buffers of the sizes their lengths
// imply, all in malloc'd memory that their release callbacks free.

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

// ImportForged imports a forged array as the bridge imports an argument, validates it (fully,
// if full), and returns it; or the error a host would get. The structs are consumed.
func ImportForged(s ForgedSchema, a ForgedArray, full bool) (any, error) {
	v := value{kind: C.GOARROW_ARRAY, schema: s.p, array: a.p}
	defer func() {
		C.ga_schema_release(s.p)
		C.ga_array_release(a.p)
		C.free(unsafe.Pointer(s.p))
		C.free(unsafe.Pointer(a.p))
	}()
	x, err := importGuarded(asLent(importArray), &v, nil)
	if err != nil {
		return nil, err
	}
	out, err := validateArg(x, full)
	if err != nil {
		x.(arrow.Array).Release()
		return nil, err
	}
	return out, nil
}
