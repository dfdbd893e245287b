/* Argument binding: see bind.c. Include Python.h first. */
#ifndef GOARROW_BIND_H
#define GOARROW_BIND_H

#include "python/ext/state.h"

/* Binds positional arguments (pos[npos]) and keyword arguments (kwnames, values in kwvalues) to
 * the parameters named in the tuple params (nparams of them, interned), into bound[nparams]
 * (borrowed). Parameters from npositional on are keyword-only options: Py_None when not given.
 * 0, or -1 with the TypeError CPython raises for a Python function `fn_name`. */
GLUE_INTERNAL int bind_arguments(PyObject* fn_name, PyObject* params, Py_ssize_t nparams, Py_ssize_t npositional,
                                 PyObject* const* pos, Py_ssize_t npos, PyObject* kwnames, PyObject* const* kwvalues,
                                 PyObject** bound);

#endif
