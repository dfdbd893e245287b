package codec

// Host → Go, schemas. cdata parses an ArrowSchema into arrow-go types on every import, and for a
// small array that parse is most of the cost of a crossing (for a 1000-column batch it is
// nearly all of it). A host usually sends the same few schemas again and again, so the parsed
// types are kept, keyed by the schema's own bytes: formats, names, flags, metadata, children
// and dictionaries. Building the key reads the C strings once and allocates nothing.

/*
#cgo noescape ga_schema_key
#cgo nocallback ga_schema_key
#include <stdint.h>
#include <string.h>
#include "ga_arrow.h"

static size_t ga_put(char* buf, size_t cap, size_t n, const void* p, size_t len) {
  if (len > 0 && n + len <= cap) memcpy(buf + n, p, len);
  return n + len;
}

// ga_schema_key writes the bytes that identify s into buf[n:cap] and returns the length the
// whole key needs, which is more than cap if buf was too small.
static size_t ga_schema_key(const struct ArrowSchema* s, char* buf, size_t cap, size_t n) {
  const char* format = s->format ? s->format : "";
  const char* name = s->name ? s->name : "";
  size_t meta = ga_metadata_len(s->metadata);
  n = ga_put(buf, cap, n, format, strlen(format) + 1);
  n = ga_put(buf, cap, n, name, strlen(name) + 1);
  n = ga_put(buf, cap, n, &s->flags, sizeof s->flags);
  n = ga_put(buf, cap, n, &meta, sizeof meta);
  n = ga_put(buf, cap, n, s->metadata, meta);
  n = ga_put(buf, cap, n, &s->n_children, sizeof s->n_children);
  for (int64_t i = 0; i < s->n_children; i++) n = ga_schema_key(s->children[i], buf, cap, n);
  char dict = s->dictionary != NULL;
  n = ga_put(buf, cap, n, &dict, 1);
  if (dict) n = ga_schema_key(s->dictionary, buf, cap, n);
  return n;
}
*/
import "C"

import (
	"sync"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/cdata"
)

// importedType is one parsed schema: the field, and for a struct (a record batch) the schema
// and struct type that importing batches needs, built once (arrow.NewSchema and arrow.StructOf
// index every field name, which for wide batches costs more than the import itself).
type importedType struct {
	field  arrow.Field
	typ    arrow.DataType // field.Type, or the extension type its metadata names
	schema *arrow.Schema
	flat   bool // the flat path may take arrays of it (flatType; path.go)
}

// maxCachedTypes bounds the cache; a host that keeps inventing schemas just refills it.
const maxCachedTypes = 4096

var typeCache = struct {
	sync.RWMutex
	m map[string]*importedType
}{m: map[string]*importedType{}}

var keyBuffers = sync.Pool{New: func() any { return new([]byte) }}

// importTypeOf parses (or finds) the type of s. A parse releases s (cdata.ImportCArrowField
// does); a cached type leaves it to the host, which releases what Go did not take, in C.
func importTypeOf(s *C.struct_ArrowSchema) (*importedType, error) {
	var stack [1024]byte
	key := stack[:]
	n := int(C.ga_schema_key(s, (*C.char)(unsafe.Pointer(&key[0])), C.size_t(len(key)), 0))
	if n > len(key) { // a wide schema: a pooled buffer, as a new one per call costs GC time
		big := keyBuffers.Get().(*[]byte)
		defer keyBuffers.Put(big)
		if cap(*big) < n {
			*big = make([]byte, n)
		}
		key = (*big)[:n]
		C.ga_schema_key(s, (*C.char)(unsafe.Pointer(&key[0])), C.size_t(len(key)), 0)
	}
	key = key[:n]

	typeCache.RLock()
	t, ok := typeCache.m[string(key)] // no allocation for the lookup
	typeCache.RUnlock()
	if ok {
		return t, nil // s stays the host's to release (goarrow.h: whatever Go did not move)
	}

	f, err := cdata.ImportCArrowField(cdataSchema(s))
	if err != nil {
		return nil, err
	}
	t = &importedType{field: f, typ: fieldType(f), flat: flatType(f)}
	if st, ok := f.Type.(*arrow.StructType); ok {
		t.schema = arrow.NewSchema(st.Fields(), &f.Metadata)
	}
	typeCache.Lock()
	if len(typeCache.m) >= maxCachedTypes {
		clear(typeCache.m)
	}
	typeCache.m[string(key)] = t
	typeCache.Unlock()
	return t, nil
}
