/*
 * Argument binding: positional and keyword arguments to a GoFunction's parameters, as CPython
 * binds them for a Python function with positional-or-keyword parameters, and with CPython's
 * messages, so that a Go function fails like the Python function its signature shows (the
 * tests compare the messages with a def's).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "python/ext/bind.h"

/* "'a'", "'a' and 'b'", "'a', 'b', and 'c'", as CPython's own message lists missing arguments. */
static PyObject* name_list(PyObject* names) {
  Py_ssize_t n = PyList_Size(names);
  if (n == 1) return Py_NewRef(PyList_GetItem(names, 0));
  PyObject* head = PyList_GetSlice(names, 0, n - 1);
  PyObject* sep = PyUnicode_FromString(", ");
  PyObject* joined = head && sep ? PyUnicode_Join(sep, head) : NULL;
  PyObject* r =
      joined ? PyUnicode_FromFormat("%U%s and %U", joined, n > 2 ? "," : "", PyList_GetItem(names, n - 1)) : NULL;
  Py_XDECREF(head);
  Py_XDECREF(sep);
  Py_XDECREF(joined);
  return r;
}

static Py_ssize_t param_index(PyObject* params, Py_ssize_t nparams, PyObject* key) {
  for (Py_ssize_t j = 0; j < nparams; j++) {
    if (PyTuple_GetItem(params, j) == key) return j; /* interned: the common case */
  }
  for (Py_ssize_t j = 0; j < nparams; j++) {
    int eq = PyObject_RichCompareBool(PyTuple_GetItem(params, j), key, Py_EQ);
    if (eq < 0) return -2;
    if (eq) return j;
  }
  return -1;
}

int bind_arguments(PyObject* fn_name, PyObject* params, Py_ssize_t nparams, Py_ssize_t npositional,
                   PyObject* const* pos, Py_ssize_t npos, PyObject* kwnames, PyObject* const* kwvalues,
                   PyObject** bound) {
  Py_ssize_t n = nparams, np = npositional;
  if (npos > np) {
    PyErr_Format(PyExc_TypeError, "%U() takes %zd positional argument%s but %zd %s given", fn_name, np,
                 np == 1 ? "" : "s", npos, npos == 1 ? "was" : "were");
    return -1;
  }
  for (Py_ssize_t i = 0; i < n; i++) bound[i] = i < npos ? pos[i] : NULL;
  Py_ssize_t nkw = kwnames ? PyTuple_Size(kwnames) : 0;
  for (Py_ssize_t k = 0; k < nkw; k++) {
    PyObject* key = PyTuple_GetItem(kwnames, k);
    if (!PyUnicode_Check(key)) {
      PyErr_Format(PyExc_TypeError, "%U() keywords must be strings", fn_name);
      return -1;
    }
    Py_ssize_t j = param_index(params, n, key);
    if (j == -2) return -1;
    if (j < 0) {
      PyErr_Format(PyExc_TypeError, "%U() got an unexpected keyword argument '%U'", fn_name, key);
      return -1;
    }
    if (bound[j] != NULL) {
      PyErr_Format(PyExc_TypeError, "%U() got multiple values for argument '%U'", fn_name, key);
      return -1;
    }
    bound[j] = kwvalues[k];
  }
  Py_ssize_t missing = 0;
  for (Py_ssize_t i = 0; i < n; i++) {
    if (bound[i] == NULL && i >= np) bound[i] = Py_None; /* an option not given */
    missing += bound[i] == NULL;
  }
  if (missing == 0) return 0;
  PyObject* names = PyList_New(0);
  if (names == NULL) return -1;
  for (Py_ssize_t i = 0; i < n; i++) {
    if (bound[i] != NULL) continue;
    PyObject* quoted = PyUnicode_FromFormat("'%U'", PyTuple_GetItem(params, i));
    if (quoted == NULL || PyList_Append(names, quoted) < 0) {
      Py_XDECREF(quoted);
      Py_DECREF(names);
      return -1;
    }
    Py_DECREF(quoted);
  }
  PyObject* listed = name_list(names);
  Py_DECREF(names);
  if (listed != NULL) {
    PyErr_Format(PyExc_TypeError, "%U() missing %zd required positional argument%s: %U", fn_name, missing,
                 missing == 1 ? "" : "s", listed);
    Py_DECREF(listed);
  }
  return -1;
}
