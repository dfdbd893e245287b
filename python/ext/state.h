/*
 * The glue's one state struct: everything an extension's C glue keeps between calls. Each
 * goarrow extension links its own copy of the glue, so this is that extension's state.
 *
 * Written once, while goarrow/_call.py sets the extension up and before any of its functions
 * exists (state.c refuses a second write), and only read afterwards: that is what makes it safe
 * to read without the GIL too (free-threaded builds). The exceptions are atomics: call ids and
 * tp_calls are counters, the fork flag is set in a child that has one thread then (fork.c), and
 * the type cache's slots are set by compare and swap (typecache.h). The Python dicts read during
 * calls (kinds, types) are only ever added to, so a borrowed reference read from them stays
 * valid; dict reads and writes lock themselves there.
 *
 * Include Python.h first.
 */
#ifndef GOARROW_STATE_H
#define GOARROW_STATE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

/* Symbols shared between the glue's files: hidden, so that a call or a read of `glue` from
 * another file is as direct as one within a file (no PLT or GOT in the hot path). */
#define GLUE_INTERNAL __attribute__((visibility("hidden")))

/* The most parameters a Go function may have, and so arguments on the C stack per call. */
#define MAX_ARGS 64
/* Type ids below this have a lock-free slot in the type cache (typecache.h). */
#define TYPE_CACHE 256

struct glue_state {
  /* The extension's exception classes (_set_exceptions). */
  PyObject* GoError;
  PyObject* GoPanic;
  PyObject* Cancelled;
  /* Python's main thread, the only one that gets KeyboardInterrupt. */
  unsigned long main_thread_ident;

  /* The extension's Python helpers (_set_support); to_go, written last, marks them set. */
  PyObject* to_go;        /* goarrow._to_go.to_go(obj, param, fn): every other argument */
  PyObject* kinds;        /* type -> kind, for types whose dunder is called from C */
  PyObject* types;        /* the extension's Results.types: type id -> pyarrow type */
  PyObject* importers;    /* the extension's Results.table: kind -> import(result tuple) */
  PyObject* import_array; /* pa.Array._import_from_c(address, type) */
  PyObject* import_batch; /* pa.RecordBatch._import_from_c(address, schema) */

  /* Interned at load (glue_state_init). */
  PyObject* s_arrow_c_array;
  PyObject* s_arrow_c_stream;
  PyObject* s_arrow_c_schema;
  PyObject* s_qualname;

  PyTypeObject* GoFunctionType;

  /* goarrow_call's flags for calls made on this thread (goarrow.full_validation()), as the value
   * of a pthread key (C11 _Thread_local misbehaves in this shared object next to the Go
   * runtime's initial-exec TLS: it read back garbage). */
  pthread_key_t call_flags_key;

  atomic_llong next_call_id;
  /* Calls that came through tp_call instead of vectorcall: the tests check that CPython takes
   * the vectorcall path on the versions it runs on. */
  atomic_llong tp_calls;

  /* After fork() the Go runtime is gone: every call raises fork_message instead (fork.h). */
  atomic_int forked;
  PyObject* fork_message;

  /* The pyarrow type of each small type id, once imported (typecache.h). */
  PyObject* _Atomic type_cache[TYPE_CACHE];
};

extern GLUE_INTERNAL struct glue_state glue;

/* Interns the names and makes the call-flags key; once, from the module's init. 0 or -1 with an
 * exception set. */
GLUE_INTERNAL int glue_state_init(void);

static inline int32_t glue_call_flags(void) { return (int32_t)(intptr_t)pthread_getspecific(glue.call_flags_key); }

/* Module functions that write the state (METH_FASTCALL, METH_VARARGS, METH_O). */
GLUE_INTERNAL PyObject* state_set_support(PyObject* self, PyObject* const* argv, Py_ssize_t argc);
GLUE_INTERNAL PyObject* state_set_exceptions(PyObject* self, PyObject* args);
GLUE_INTERNAL PyObject* state_set_call_flags(PyObject* self, PyObject* arg);

#endif
