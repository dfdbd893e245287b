/* Python objects → goarrow_value: see arguments.c. Include Python.h first. */
#ifndef GOARROW_ARGUMENTS_H
#define GOARROW_ARGUMENTS_H

#include "go/internal/cabi/goarrow.h"
#include "python/ext/state.h"

/* One argument of a GoFunction, as the caller passed it, for parameter `param` of `fn_name`.
 * *keep gets what must outlive the call (capsules, or what to_go made), or NULL. 0 or -1 with an
 * exception set. */
GLUE_INTERNAL int arg_from_object(PyObject* obj, PyObject* param, PyObject* fn_name, goarrow_value* v, PyObject** keep);

/* One argument as goarrow/_to_go.py prepared it for call(fn_id, args): a scalar, or (kind,
 * capsule[, capsule]). The caller keeps obj alive across the call. */
GLUE_INTERNAL int arg_from_prepared(PyObject* obj, goarrow_value* v);

#endif
