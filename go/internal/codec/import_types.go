package codec

// Host → Go, schemas. cdata parses an ArrowSchema into arrow-go types on every import, and for a
// small array that parse is most of the cost of a crossing (for a 1000-column batch it is
// nearly all of it). A host usually sends the same few schemas again and again, so the parsed
// types are kept, keyed by the schema's own bytes: formats, names, flags, metadata, children
// and dictionaries. Building the key reads the C strings once and allocates nothing.

/*
#include <stdint.h>
#include "ga_arrow.h"
*/
import "C"

import (
	"encoding/binary"
	"sync"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/cdata"

	"github.com/goarrow/goarrow/go/internal/stripe"
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

// typeCache is read at every call, from whichever threads call at once: its lock is striped, as
// a sync.RWMutex's one reader count would pass between the cores at every call.
var typeCache = struct {
	stripe.RWMutex
	m map[string]*importedType
}{m: map[string]*importedType{}}

var keyBuffers = sync.Pool{New: func() any { return new([]byte) }}

// importTypeOf parses (or finds) the type of s. A parse releases s (cdata.ImportCArrowField
// does); a cached type leaves it to the host, which releases what Go did not take, in C.
func importTypeOf(s *C.struct_ArrowSchema) (*importedType, error) {
	var stack [1024]byte
	key := stack[:]
	n := schemaKey(s, key, 0)
	if n > len(key) { // a wide schema: a pooled buffer, as a new one per call costs GC time
		big := keyBuffers.Get().(*[]byte)
		defer keyBuffers.Put(big)
		if cap(*big) < n {
			*big = make([]byte, n)
		}
		key = (*big)[:n]
		schemaKey(s, key, 0)
	}
	key = key[:n]

	mu := typeCache.RLock()
	t, ok := typeCache.m[string(key)] // no allocation for the lookup
	mu.RUnlock()
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

// schemaKey writes the bytes that identify s into buf[n:] and returns the length the whole key
// needs, which is more than len(buf) if buf was too small. It reads the C struct from Go: a cgo
// call per argument cost more than the walk (format and name with their NULs, flags, metadata,
// children, dictionary).
func schemaKey(s *C.struct_ArrowSchema, buf []byte, n int) int {
	n = putCString(buf, n, s.format)
	n = putCString(buf, n, s.name)
	n = putInt64(buf, n, int64(s.flags))
	meta := metadataLen(s.metadata)
	n = putInt64(buf, n, int64(meta))
	if meta > 0 {
		n = putBytes(buf, n, unsafe.Slice((*byte)(unsafe.Pointer(s.metadata)), meta))
	}
	n = putInt64(buf, n, int64(s.n_children))
	if s.n_children > 0 {
		for _, c := range unsafe.Slice(s.children, int(s.n_children)) {
			n = schemaKey(c, buf, n)
		}
	}
	if s.dictionary == nil {
		return putBytes(buf, n, []byte{0})
	}
	n = putBytes(buf, n, []byte{1})
	return schemaKey(s.dictionary, buf, n)
}

func putBytes(buf []byte, n int, p []byte) int {
	if n+len(p) <= len(buf) {
		copy(buf[n:], p)
	}
	return n + len(p)
}

func putInt64(buf []byte, n int, v int64) int {
	if n+8 <= len(buf) {
		binary.LittleEndian.PutUint64(buf[n:], uint64(v))
	}
	return n + 8
}

// putCString puts the C string p (NULL as "") with its NUL.
func putCString(buf []byte, n int, p *C.char) int {
	if p != nil {
		for q := unsafe.Pointer(p); *(*byte)(q) != 0; q = unsafe.Add(q, 1) {
			if n < len(buf) {
				buf[n] = *(*byte)(q)
			}
			n++
		}
	}
	if n < len(buf) {
		buf[n] = 0
	}
	return n + 1
}

// metadataLen is the length of C Data Interface metadata (int32 count, then that many key and
// value pairs, each an int32 length and its bytes), as ga_metadata_len reads it.
func metadataLen(m *C.char) int {
	if m == nil {
		return 0
	}
	p := unsafe.Pointer(m)
	count := int(*(*int32)(p))
	off := 4
	for range 2 * count {
		l := int(*(*int32)(unsafe.Add(p, off)))
		off += 4 + max(l, 0)
	}
	return off
}
