/* One call into Go: see call.c. Include Python.h first. */
#ifndef GOARROW_CALL_H
#define GOARROW_CALL_H

#include "go/internal/cabi/goarrow.h"
#include "python/ext/state.h"

/* Calls Go function fn with the GIL released: 0 with *out filled, or -1 with an exception set.
 * The caller keeps every capsule (and str/bytes buffer) behind args alive across the call. */
GLUE_INTERNAL int call_go(int64_t fn, goarrow_value* args, Py_ssize_t n, goarrow_value* out);

/* The module's call(fn_id, args), METH_FASTCALL: args is a tuple prepared by goarrow/_to_go.py. */
GLUE_INTERNAL PyObject* call_by_id(PyObject* self, PyObject* const* argv, Py_ssize_t argc);

#endif
