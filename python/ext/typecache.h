/*
 * The type cache: the pyarrow type of each small type id Go gives an exported schema, once the
 * Python side has imported it (goarrow/_from_go.py's Results.types). What result_object would
 * otherwise find with a PyLong made and a dict lookup per result. The slots (glue.type_cache)
 * hold strong references, set once by compare and swap and kept for the process, so a reader
 * needs no lock and no reference of its own. Inline: one atomic load on every Arrow result.
 *
 * Include Python.h first.
 */
#ifndef GOARROW_TYPECACHE_H
#define GOARROW_TYPECACHE_H

#include "python/ext/state.h"

/* The pyarrow type (borrowed) of type id `id`, or NULL: not known yet (no exception), or an
 * error (exception set). */
static inline PyObject* typecache_get(long long id) {
  int cached = id > 0 && id < TYPE_CACHE;
  PyObject* t = cached ? atomic_load_explicit(&glue.type_cache[id], memory_order_acquire) : NULL;
  if (t != NULL) return t;
  PyObject* key = PyLong_FromLongLong(id);
  t = key ? PyDict_GetItemWithError(glue.types, key) : NULL;
  Py_XDECREF(key);
  if (t != NULL && cached) {
    PyObject* expected = NULL;
    Py_INCREF(t); /* the cache's own */
    if (!atomic_compare_exchange_strong(&glue.type_cache[id], &expected, t)) Py_DECREF(t);
  }
  return t;
}

#endif
