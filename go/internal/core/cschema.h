/* Small helpers over struct ArrowSchema, shared by the bridge's cgo files (not part of the ABI). */
#ifndef GOARROW_CSCHEMA_H
#define GOARROW_CSCHEMA_H

#include <stdint.h>
#include <string.h>

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
