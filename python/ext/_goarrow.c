/*
 * _goarrow: the thin CPython glue between goarrow (Python) and Go: the C ABI of goarrow.h, which
 * go/internal/core implements (its //export functions) in every extension's Go archive.
 *
 * This file is the module: its init, its method table and its small functions (lookup,
 * functions, stats, limits). One file per concern besides, each saying at its top what it owns:
 *   state.c       the one state struct (state.h) and its once-only writes at set-up
 *   gofunction.c  the GoFunction type: pkg.fn.<name>, a vectorcall object
 *   bind.c        arguments bound to parameters, with CPython's messages
 *   arguments.c   Python objects -> goarrow_value
 *   call.c        one call into Go with the GIL released, and call(fn_id, args)
 *   results.c     goarrow_value -> Python objects; typecache.h, the lock-free type cache
 *   fork.c        calls refused in a forked child
 *   interrupt.c   Ctrl-C during a call
 *   signals.c     the preemption signal's chaining
 * Nothing calls back into this file.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
/* The limited API of CPython 3.11: one build (an abi3 wheel) serves 3.11 and every later CPython.
 * Bazel and the pip backend both define Py_LIMITED_API; this is the value they must agree on.
 * Free-threaded CPython has no limited API before 3.15 (PEP 803's abi3t): there the glue is built
 * against the full API of the interpreter that loads it (a cp314t wheel), and declares that it
 * does not need the GIL (PyInit__goarrow). What makes that safe: the state (state.h: exception
 * types, main thread id, the Python helpers) is written once, at load, before any call, and a
 * second write is refused; call ids are atomic; call flags are per thread (a pthread key);
 * interrupt.c's state is atomics and pthread_once; signals.c runs at load only; each call's
 * goarrow_value array is on its own stack, and its arguments keep their capsules alive. */
#if !defined(Py_LIMITED_API) && !defined(Py_GIL_DISABLED)
#error "build with -DPy_LIMITED_API=0x030B0000 (without it only for free-threaded CPython)"
#endif
#include <stdlib.h>

#include "go/internal/cabi/goarrow.h"
#include "python/ext/call.h"
#include "python/ext/fork.h"
#include "python/ext/gofunction.h"
#include "python/ext/signals.h"
#include "python/ext/state.h"

static PyObject* lookup(PyObject* self, PyObject* name) {
  Py_ssize_t n;
  const char* s = PyUnicode_AsUTF8AndSize(name, &n);
  if (s == NULL) return NULL;
  return PyLong_FromLongLong(goarrow_lookup((char*)s, n));
}

static PyObject* json_result(char* s) {
  PyObject* r = PyUnicode_FromString(s);
  free(s);
  return r;
}

static PyObject* functions(PyObject* self, PyObject* unused) {
  char* s;
  Py_BEGIN_ALLOW_THREADS
    s = goarrow_functions();
  Py_END_ALLOW_THREADS
  return json_result(s);
}

static PyObject* stats(PyObject* self, PyObject* unused) {
  char* s;
  Py_BEGIN_ALLOW_THREADS
    s = goarrow_stats();
  Py_END_ALLOW_THREADS
  return json_result(s);
}

static PyObject* set_validation(PyObject* self, PyObject* arg) {
  int full = PyObject_IsTrue(arg);
  if (full < 0) return NULL;
  return PyBool_FromLong(goarrow_set_validation(full));
}

static PyObject* set_memory_limit(PyObject* self, PyObject* arg) {
  long long n = PyLong_AsLongLong(arg);
  if (n == -1 && PyErr_Occurred()) return NULL;
  return PyLong_FromLongLong(goarrow_set_memory_limit(n));
}

static PyObject* type_known(PyObject* self, PyObject* arg) {
  long long id = PyLong_AsLongLong(arg);
  if (id == -1 && PyErr_Occurred()) return NULL;
  goarrow_type_known(id);
  Py_RETURN_NONE;
}

static PyObject* registration_errors(PyObject* self, PyObject* unused) {
  char* s = goarrow_registration_errors();
  if (s == NULL) Py_RETURN_NONE;
  return json_result(s);
}

static PyMethodDef methods[] = {
    {"call", (PyCFunction)(void (*)(void))call_by_id, METH_FASTCALL, "call(fn_id, args): call a Go function."},
    {"_function", (PyCFunction)(void (*)(void))gofunction_new, METH_FASTCALL,
     "_function(fn_id, name, params[, npositional]) -> a callable Go function."},
    {"_set_support", (PyCFunction)(void (*)(void))state_set_support, METH_FASTCALL,
     "Set the Python helpers of this extension's functions."},
    {"_defer_refcount", gofunction_defer_refcount_py, METH_O,
     "Deferred reference counting for an object every call loads (free-threaded CPython); True if enabled."},
    {"_forked", fork_set_forked, METH_O, "In a forked child: every call raises RuntimeError(message)."},
    {"lookup", lookup, METH_O, "lookup(name) -> id, or -1."},
    {"functions", functions, METH_NOARGS, "JSON description of the registered Go functions."},
    {"stats", stats, METH_NOARGS, "JSON counters of the Go bridge."},
    {"_set_call_flags", state_set_call_flags, METH_O, "Set this thread's call flags; returns the previous ones."},
    {"set_validation", set_validation, METH_O,
     "Full validation for every call (True) or on request; returns the previous setting."},
    {"set_memory_limit", set_memory_limit, METH_O, "Cap Go's C memory in bytes (0: none); returns the previous cap."},
    {"type_known", type_known, METH_O, "Results of this type id may come without their schema from now on."},
    {"registration_errors", registration_errors, METH_NOARGS, "The Go functions whose registration failed, or None."},
    {"_set_exceptions", state_set_exceptions, METH_VARARGS,
     "Set GoError, GoPanic, Cancelled and the main thread's id."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_goarrow", NULL, -1, methods};

PyMODINIT_FUNC PyInit__goarrow(void) {
  if (glue_state_init() < 0) return NULL;
  PyObject* m = PyModule_Create(&module);
  if (m == NULL) return NULL;
  /* The interface between this glue and goarrow's Python runtime (goarrow/_runtime.py checks it). */
  if (PyModule_AddIntConstant(m, "ABI_VERSION", GOARROW_ABI_VERSION) < 0 ||
      PyModule_AddIntConstant(m, "VALIDATE_FULL", GOARROW_VALIDATE_FULL) < 0 ||
      PyModule_AddIntConstant(m, "ARRAY", GOARROW_ARRAY) < 0 ||
      PyModule_AddIntConstant(m, "BATCH", GOARROW_BATCH) < 0 ||
      PyModule_AddIntConstant(m, "STREAM", GOARROW_STREAM) < 0 ||
      PyModule_AddIntConstant(m, "TABLE", GOARROW_TABLE) < 0 ||
      PyModule_AddIntConstant(m, "CHUNKED", GOARROW_CHUNKED) < 0 ||
      PyModule_AddIntConstant(m, "SCHEMA", GOARROW_SCHEMA) < 0 ||
      PyModule_AddIntConstant(m, "FIELD", GOARROW_FIELD) < 0 || PyModule_AddIntConstant(m, "TYPE", GOARROW_TYPE) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  /* With several goarrow extensions loaded, each runtime's preemption signal must reach it. */
  int chained = signals_chain_preempt();
  if (chained < 0) {
    Py_DECREF(m);
    return PyErr_SetFromErrno(PyExc_OSError);
  }
  if (PyModule_AddIntConstant(m, "SIGURG_CHAINED", chained) < 0 || gofunction_module_init(m) < 0) {
    Py_DECREF(m);
    return NULL;
  }
#ifdef Py_GIL_DISABLED
  /* See the top of this file for why no GIL is needed; without this, importing the module
   * would turn the GIL back on for the whole process. */
  if (PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED) < 0) {
    Py_DECREF(m);
    return NULL;
  }
#endif
  return m;
}
