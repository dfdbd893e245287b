package codec

// Go → host, schemas. cdata builds a schema's C structs from arrow-go types on every export,
// and the host's release of them calls back into Go; for a small array the two cost more than
// the rest of the crossing. Results usually have the types of the same few arrow-go type
// values (the singletons arrow.PrimitiveTypes.*, or types the import cache handed out), so each
// is exported by cdata once, as a template, and every export after that is a plain C deep copy
// of the template, released by plain C.

/*
#cgo noescape ga_schema_copy
#cgo nocallback ga_schema_copy
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "goarrow.h"
#include "ga_arrow.h"

static char* ga_dup(const char* s, size_t n) {
  if (s == NULL) return NULL;
  char* d = (char*)malloc(n);
  if (d != NULL) memcpy(d, s, n);
  return d;
}

static void ga_schema_copy_release(struct ArrowSchema* s) {
  if (s->release == NULL) return;
  for (int64_t i = 0; i < s->n_children; i++) {
    ga_schema_copy_release(s->children[i]);
    free(s->children[i]);
  }
  free(s->children);
  if (s->dictionary != NULL) {
    ga_schema_copy_release(s->dictionary);
    free(s->dictionary);
  }
  free((void*)s->format);
  free((void*)s->name);
  free((void*)s->metadata);
  s->release = NULL;
}

// ga_schema_copy deep-copies src into dst, whose release frees everything with free().
static int ga_schema_copy(const struct ArrowSchema* src, struct ArrowSchema* dst) {
  memset(dst, 0, sizeof *dst);
  dst->release = ga_schema_copy_release;
  dst->flags = src->flags;
  dst->format = ga_dup(src->format, src->format ? strlen(src->format) + 1 : 0);
  dst->name = ga_dup(src->name, src->name ? strlen(src->name) + 1 : 0);
  dst->metadata = ga_dup(src->metadata, ga_metadata_len(src->metadata));
  if (src->n_children > 0) {
    dst->children = (struct ArrowSchema**)calloc((size_t)src->n_children, sizeof(struct ArrowSchema*));
    if (dst->children == NULL) goto fail;
    dst->n_children = src->n_children;
    for (int64_t i = 0; i < src->n_children; i++) {
      dst->children[i] = (struct ArrowSchema*)malloc(sizeof(struct ArrowSchema));
      if (dst->children[i] == NULL || ga_schema_copy(src->children[i], dst->children[i]) != 0) goto fail;
    }
  }
  if (src->dictionary != NULL) {
    dst->dictionary = (struct ArrowSchema*)malloc(sizeof(struct ArrowSchema));
    if (dst->dictionary == NULL || ga_schema_copy(src->dictionary, dst->dictionary) != 0) goto fail;
  }
  return 0;
fail:
  ga_schema_copy_release(dst);
  return -1;
}
*/
import "C"

import (
	"reflect"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/cdata"

	"github.com/goarrow/goarrow/go/internal/stripe"
)

// templateKey is what a template is found by: a type or schema value, by pointer identity.
// Only pointer-typed values are cached (hashing other dynamic types could panic, and they are
// rebuilt per call anyway).
type templateKey struct {
	v        any
	nullable bool
}

// template is an exported schema kept for copying, and the number that names it to the host.
type template struct {
	schema *C.struct_ArrowSchema
	id     int64
}

// templates is read at every call that returns Arrow data: a striped lock, as typeCache's.
var templates = struct {
	stripe.RWMutex
	m      map[templateKey]*template
	lastID int64
}{m: map[templateKey]*template{}}

// maxTemplates bounds the cache; functions that build new types on every call refill it.
const maxTemplates = 1024

// exportCached exports through a cached template for key, made by export on a miss. It returns
// the template's id, or 0 if the export did not come from a template.
func exportCached(key templateKey, out *C.struct_ArrowSchema, export func(*C.struct_ArrowSchema)) int64 {
	if reflect.TypeOf(key.v).Kind() != reflect.Pointer {
		export(out)
		return 0
	}
	mu := templates.RLock()
	t := templates.m[key]
	mu.RUnlock()
	if t == nil {
		t = &template{schema: newSchema()}
		export(t.schema)
		templates.Lock()
		if len(templates.m) >= maxTemplates {
			for k, old := range templates.m {
				releaseTemplate(old)
				delete(templates.m, k)
			}
		}
		if prev := templates.m[key]; prev != nil { // another goroutine made it first
			releaseTemplate(t)
			t = prev
		} else {
			templates.lastID++ // ids are never reused, so a host's memo of one stays right
			t.id = templates.lastID
			templates.m[key] = t
		}
		templates.Unlock()
	}
	// The template stays under the read lock while it is copied: a full cache is emptied
	// (and its templates released) only under the write lock.
	defer templates.RLock().RUnlock()
	if templates.m[key] != t || C.ga_schema_copy(t.schema, out) != 0 {
		export(out) // evicted meanwhile, or out of C memory for the copy
		return 0
	}
	return t.id
}

// knownTypes are the template ids whose types the host keeps (goarrow_type_known).
var knownTypes [4096]atomic.Bool

// knownTypeID is the id of key's template if omitKnownSchema and the host keeps its type, else
// 0. (A template evicted from the cache keeps its id in the host: ids are never reused.)
func knownTypeID(key templateKey, omitKnownSchema bool) int64 {
	if !omitKnownSchema || reflect.TypeOf(key.v).Kind() != reflect.Pointer {
		return 0
	}
	mu := templates.RLock()
	t := templates.m[key]
	mu.RUnlock()
	if t == nil || t.id >= int64(len(knownTypes)) || !knownTypes[t.id].Load() {
		return 0
	}
	return t.id
}

// typeKey is the template key of an array of type t.
func typeKey(t arrow.DataType) templateKey { return templateKey{v: t, nullable: true} }

func releaseTemplate(t *template) {
	cdata.ReleaseCArrowSchema(cdataSchema(t.schema))
	freeSchema(t.schema)
}

// exportSchema exports a record batch schema.
func exportSchema(s *arrow.Schema, out *C.struct_ArrowSchema) int64 {
	return exportCached(templateKey{v: s}, out, func(o *C.struct_ArrowSchema) { cdata.ExportArrowSchema(s, cdataSchema(o)) })
}

// exportType exports the schema of an array of type t.
func exportType(t arrow.DataType, out *C.struct_ArrowSchema) int64 {
	f := arrow.Field{Type: t, Nullable: true}
	return exportCached(typeKey(t), out, func(o *C.struct_ArrowSchema) { exportField(f, o) })
}

// exportKeySchema exports the schema of a result's template key: a record batch's schema
// (exportSchema) or an array's type (exportType, typeKey).
func exportKeySchema(key templateKey, out *C.struct_ArrowSchema) int64 {
	if s, ok := key.v.(*arrow.Schema); ok {
		return exportSchema(s, out)
	}
	return exportType(key.v.(arrow.DataType), out)
}
