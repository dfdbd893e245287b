/* Helpers over the Arrow C Data / C Stream structs, shared by the bridge's cgo files, the
 * CPython glue (python/ext) and go/pyhost: release, free, move, and calls through a stream's
 * callbacks (cgo cannot call C function pointers itself). Not part of the ABI (goarrow.h). */
#ifndef GA_ARROW_H
#define GA_ARROW_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "goarrow.h"

/* Release a struct unless it is released already (release == NULL), as the spec says. */
static inline void ga_schema_release(struct ArrowSchema* s) { if (s->release != NULL) s->release(s); }
static inline void ga_array_release(struct ArrowArray* a) { if (a->release != NULL) a->release(a); }
static inline void ga_stream_release(struct ArrowArrayStream* s) { if (s->release != NULL) s->release(s); }

/* Release a malloc'd struct, then free it. */
static inline void ga_schema_free(struct ArrowSchema* s) { ga_schema_release(s); free(s); }
static inline void ga_array_free(struct ArrowArray* a) { ga_array_release(a); free(a); }
static inline void ga_stream_free(struct ArrowArrayStream* s) { ga_stream_release(s); free(s); }

/* Move src into a new malloc'd struct and mark src released: the consumer's side of the
 * PyCapsule protocol. NULL when malloc fails (src is untouched then). */
#define GA_DEFINE_MOVE(name, type)                   \
  static inline type* name(type* src) {              \
    type* dst = (type*)malloc(sizeof(type));         \
    if (dst == NULL) return NULL;                    \
    memcpy(dst, src, sizeof(type));                  \
    src->release = NULL;                             \
    return dst;                                      \
  }
GA_DEFINE_MOVE(ga_schema_move, struct ArrowSchema)
GA_DEFINE_MOVE(ga_array_move, struct ArrowArray)
GA_DEFINE_MOVE(ga_stream_move, struct ArrowArrayStream)
#undef GA_DEFINE_MOVE

/* A stream's callbacks, callable from cgo. */
static inline int ga_stream_get_schema(struct ArrowArrayStream* s, struct ArrowSchema* out) { return s->get_schema(s, out); }
static inline int ga_stream_get_next(struct ArrowArrayStream* s, struct ArrowArray* out) { return s->get_next(s, out); }
static inline const char* ga_stream_last_error(struct ArrowArrayStream* s) {
  return s->get_last_error != NULL ? s->get_last_error(s) : NULL;
}

/* The byte length of ArrowSchema.metadata: int32 count, then count (key, value) pairs, each an
   int32 length and that many bytes. */
static inline size_t ga_metadata_len(const char* m) {
  if (m == NULL) return 0;
  int32_t count, len;
  memcpy(&count, m, 4);
  size_t off = 4;
  for (int32_t i = 0; i < 2 * count; i++) {
    memcpy(&len, m + off, 4);
    off += 4 + (len > 0 ? (size_t)len : 0);
  }
  return off;
}

#endif
