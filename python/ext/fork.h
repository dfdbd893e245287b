/* Fork refusal: see fork.c. Include Python.h first. */
#ifndef GOARROW_FORK_H
#define GOARROW_FORK_H

#include "python/ext/state.h"

/* At the top of every call: 0, or -1 with RuntimeError set in a child forked after load. Inline:
 * it is on every call's path and is one relaxed load there. */
static inline int fork_refuse(void) {
  if (!atomic_load_explicit(&glue.forked, memory_order_relaxed)) return 0;
  PyErr_SetObject(PyExc_RuntimeError, glue.fork_message ? glue.fork_message : Py_None);
  return -1;
}

/* _forked(message), METH_O. */
GLUE_INTERNAL PyObject* fork_set_forked(PyObject* self, PyObject* message);

#endif
