/* goarrow_value → Python objects: see results.c. Include Python.h first. */
#ifndef GOARROW_RESULTS_H
#define GOARROW_RESULTS_H

#include "go/internal/cabi/goarrow.h"
#include "python/ext/state.h"

/* What the module's call() returns: scalars, or (kind, capsules..., type id, address) tuples for
 * goarrow/_from_go.py. Frees or takes over everything v holds. */
GLUE_INTERNAL PyObject* result_tuple(goarrow_value* v);

/* A GoFunction's result as the Python object the caller gets. Frees or takes over everything v
 * holds. */
GLUE_INTERNAL PyObject* result_object(goarrow_value* v);

/* A result nobody will see (the call was interrupted): released and freed. */
GLUE_INTERNAL void result_drop(goarrow_value* v);

#endif
