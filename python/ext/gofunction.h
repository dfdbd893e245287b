/* The GoFunction type: see gofunction.c. Include Python.h first. */
#ifndef GOARROW_GOFUNCTION_H
#define GOARROW_GOFUNCTION_H

#include "python/ext/state.h"

/* Makes the type and adds it to the module as GoFunction; 0 or -1 with an exception set. */
GLUE_INTERNAL int gofunction_module_init(PyObject* module);

/* The module's _function(fn_id, name, params), METH_FASTCALL. */
GLUE_INTERNAL PyObject* gofunction_new(PyObject* self, PyObject* const* argv, Py_ssize_t argc);

/* Deferred reference counting for an object every call loads (free-threaded CPython 3.14+;
 * elsewhere nothing): 1 if enabled. _defer_refcount(obj) is the module's, METH_O. */
GLUE_INTERNAL int gofunction_defer_refcount(PyObject* obj);
GLUE_INTERNAL PyObject* gofunction_defer_refcount_py(PyObject* module, PyObject* obj);

#endif
