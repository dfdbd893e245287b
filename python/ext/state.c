/*
 * The glue's state (state.h) and every write to it made while the extension is set up: the
 * Python helpers, the exception classes, the interned names, this thread's call flags. The fork
 * flag is fork.c's, the type cache's slots typecache.h's.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "python/ext/state.h"

struct glue_state glue = {.next_call_id = 1};

int glue_state_init(void) {
  if (pthread_key_create(&glue.call_flags_key, NULL) != 0) {
    PyErr_NoMemory();
    return -1;
  }
  if (!(glue.s_arrow_c_array = PyUnicode_InternFromString("__arrow_c_array__")) ||
      !(glue.s_arrow_c_stream = PyUnicode_InternFromString("__arrow_c_stream__")) ||
      !(glue.s_arrow_c_schema = PyUnicode_InternFromString("__arrow_c_schema__")) ||
      !(glue.s_qualname = PyUnicode_InternFromString("__qualname__")))
    return -1;
  return 0;
}

/* _set_support(to_go, kinds, types, importers, import_array, import_batch): once per extension,
 * before its first function is made (goarrow/_call.py's Extension). */
PyObject* state_set_support(PyObject* self, PyObject* const* argv, Py_ssize_t argc) {
  if (argc != 6 || !PyDict_Check(argv[1]) || !PyDict_Check(argv[2])) {
    PyErr_SetString(PyExc_TypeError,
                    "_set_support(to_go, kinds: dict, types: dict, importers, import_array, import_batch)");
    return NULL;
  }
  /* Once: calls on other threads read these without a lock (free-threaded builds), so they
   * must never change, or be freed, once functions exist. */
  if (glue.to_go != NULL) {
    PyErr_SetString(PyExc_RuntimeError, "_set_support: already set for this extension");
    return NULL;
  }
  PyObject** slots[] = {&glue.to_go, &glue.kinds, &glue.types, &glue.importers, &glue.import_array, &glue.import_batch};
  for (int i = 5; i >= 0; i--) *slots[i] = Py_NewRef(argv[i]); /* to_go last: it marks "set" */
  Py_RETURN_NONE;
}

PyObject* state_set_exceptions(PyObject* self, PyObject* args) {
  PyObject *e, *p, *c;
  unsigned long ident;
  if (!PyArg_ParseTuple(args, "OOOk", &e, &p, &c, &ident)) return NULL;
  if (glue.GoError != NULL) { /* once, for the reason above */
    PyErr_SetString(PyExc_RuntimeError, "_set_exceptions: already set for this extension");
    return NULL;
  }
  glue.main_thread_ident = ident;
  glue.GoPanic = Py_NewRef(p), glue.Cancelled = Py_NewRef(c);
  glue.GoError = Py_NewRef(e);
  Py_RETURN_NONE;
}

/* _set_call_flags(flags) -> the previous flags of this thread's calls. */
PyObject* state_set_call_flags(PyObject* self, PyObject* arg) {
  long flags = PyLong_AsLong(arg);
  if (flags == -1 && PyErr_Occurred()) return NULL;
  int32_t prev = glue_call_flags();
  if (pthread_setspecific(glue.call_flags_key, (void*)(intptr_t)flags) != 0) return PyErr_NoMemory();
  return PyLong_FromLong(prev);
}
