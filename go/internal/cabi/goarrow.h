/*
 * goarrow.h: the C ABI between a host (the CPython extension, or any C caller) and the Go bridge.
 *
 * Arrow data crosses as the Arrow C Data / C Stream Interface structs; everything else is a
 * tagged value. Nothing here copies Arrow buffers: the caller hands over struct pointers, Go moves
 * what it imports, and Go returns structs whose buffers stay where they are.
 */
#ifndef GOARROW_H
#define GOARROW_H

#include <stdint.h>

/* The version of this interface, between the C glue of an extension and goarrow's Python runtime:
 * raised when either side's expectations change. The glue exports it as _goarrow.ABI_VERSION, and
 * the runtime (python/goarrow/_kinds.py) reads this line of this file, which goarrow's wheel ships
 * (goarrow/_src), and refuses an extension built against another. */
/* 3: extensions export PyInit__goarrow only and chain SIGURG (several runtimes per process). */
#define GOARROW_ABI_VERSION 3

/* The Arrow C Data Interface and C Stream Interface, as the Arrow specification defines them. */
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE
#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;
  void (*release)(struct ArrowSchema*);
  void* private_data;
};

struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;
  void (*release)(struct ArrowArray*);
  void* private_data;
};
#endif

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE
struct ArrowArrayStream {
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  const char* (*get_last_error)(struct ArrowArrayStream*);
  void (*release)(struct ArrowArrayStream*);
  void* private_data;
};
#endif

/* What a goarrow_value holds. Arrow kinds name what the producer was, so that a function taking
 * "any Arrow data" gets the natural Go type and can hand back the same kind. */
enum goarrow_kind {
  GOARROW_NONE = 0,
  GOARROW_BOOL = 1,
  GOARROW_INT = 2,
  GOARROW_FLOAT = 3,
  GOARROW_STR = 4,     /* data/len, UTF-8 */
  GOARROW_BYTES = 5,   /* data/len */
  GOARROW_ARRAY = 16,  /* schema + array: an array */
  GOARROW_BATCH = 17,  /* schema + array: a record batch (top-level struct) */
  GOARROW_STREAM = 18, /* stream: read lazily, batch by batch */
  GOARROW_TABLE = 19,  /* stream: a table, already in memory */
  GOARROW_CHUNKED = 20,/* stream: a chunked array */
  GOARROW_SCHEMA = 21, /* schema: a record batch schema (top-level struct) */
  GOARROW_FIELD = 22,  /* schema: a field */
  GOARROW_TYPE = 23,   /* schema: a data type */
};

typedef struct goarrow_value {
  int32_t kind;
  /* BOOL, INT. In ARRAY and BATCH results: a number naming the schema's type, the same for every
   * result of that type for as long as it is > 0, so that a host may parse the schema once and
   * reuse what it made of it (0: no such number). */
  int64_t i;
  double f;
  /* STR, BYTES. In arguments the caller owns them for the call; in results Go malloc'd them and
   * the caller frees them. */
  const char* data;
  int64_t len;
  /* In arguments: the caller's structs, which must stay valid until goarrow_call returns. Go
   * moves out what it keeps past the call (release becomes NULL) and may read the rest in place;
   * the caller releases whatever is left once the call returns. In results: malloc'd by Go,
   * owned by the caller, which calls release (if not NULL) and then free(). An ARRAY or BATCH
   * result has no schema (NULL) when its type id (i) is one the caller said it keeps
   * (goarrow_type_known). */
  struct ArrowSchema* schema;
  struct ArrowArray* array;
  struct ArrowArrayStream* stream;
} goarrow_value;

enum goarrow_status {
  GOARROW_OK = 0,
  GOARROW_GO_ERROR = 1,    /* the function returned an error */
  GOARROW_GO_PANIC = 2,    /* the function panicked; message has the value and the Go stack */
  GOARROW_LOOKUP_ERROR = 3,/* no such function */
  GOARROW_TYPE_ERROR = 4,  /* wrong number or kinds of arguments */
  GOARROW_VALUE_ERROR = 5, /* an argument is not valid Arrow data */
  GOARROW_CANCELLED = 6,   /* goarrow_cancel was called for this call */
  GOARROW_MEMORY_ERROR = 7,/* C memory could not be had, or the limit would be passed */
};

/* Looks a function up by name: its id, or -1. */
int64_t goarrow_lookup(char* name, int64_t len);

/* Calls function `fn` with `nargs` positional arguments. Must be called without holding any lock
 * that a release callback may need (for CPython: without the GIL). `call_id` names the call for
 * goarrow_cancel, or is 0 for a call that is never cancelled (it then costs no registration); `flags` are GOARROW_VALIDATE_* bits. On GOARROW_OK, *out holds the result; otherwise *message is a malloc'd,
 * NUL-terminated description that the caller frees. */
int32_t goarrow_call(int64_t fn, int64_t call_id, int32_t flags, goarrow_value* args, int64_t nargs,
                     goarrow_value* out, char** message);

/* goarrow_call's flags. Arguments are always checked structurally (O(1) per array); this asks for
 * the full O(n) check: every offset, index and run end, UTF-8, null counts. */
enum { GOARROW_VALIDATE_FULL = 1 };

/* The caller keeps the type it made of results with type id `type_id` (goarrow_value.i) for
 * good: goarrow_call's later results of that type come without their schema. Ids up to 4095. */
void goarrow_type_known(int64_t type_id);
/* Full validation for every call (1) or only when a call asks (0); returns the previous setting. */
int32_t goarrow_set_validation(int32_t full);

/* Cancels the context of a running call (for example on Ctrl-C). Safe from any thread. */
void goarrow_cancel(int64_t call_id);

/* JSON descriptions of the registered functions, and the bridge's counters. malloc'd. */
char* goarrow_functions(void);
char* goarrow_stats(void);

/* Caps the C memory Go's results may hold, in bytes (0: no cap); past it, GOARROW_MEMORY_ERROR.
 * GOARROW_MEMORY_LIMIT sets it at load. Returns the previous cap. */
int64_t goarrow_set_memory_limit(int64_t bytes);

/* The registrations that failed (bridge.MustRegister records them instead of panicking in init),
 * one per line, malloc'd; NULL when there are none. A host refuses to use the extension then. */
char* goarrow_registration_errors(void);

#endif /* GOARROW_H */
