/* Go functions as C-level callables (function.c), and the call machinery they share with the
 * module's call(fn_id, args). Include Python.h first. */
#ifndef GOARROW_FUNCTION_H
#define GOARROW_FUNCTION_H

#include <stdint.h>

/* Defined in _goarrow.c: goarrow_call's flags for calls made on this thread. */
int32_t glue_call_flags(void);

/* Adds the GoFunction type to the module; 0 or -1 with an exception set. */
int function_module_init(PyObject* module);

/* Module functions (METH_FASTCALL unless said otherwise). */
PyObject* function_call(PyObject* self, PyObject* const* argv, Py_ssize_t argc);
PyObject* function_new(PyObject* self, PyObject* const* argv, Py_ssize_t argc);
PyObject* function_set_support(PyObject* self, PyObject* const* argv, Py_ssize_t argc);
PyObject* function_set_exceptions(PyObject* self, PyObject* args); /* METH_VARARGS */
PyObject* function_forked(PyObject* self, PyObject* message);     /* METH_O */

#endif
