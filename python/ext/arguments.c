/*
 * Arguments, Python → Go: a Python object becomes the goarrow_value Go reads. Scalars are read
 * in C; pyarrow's own classes (goarrow/_to_go.py decides which, glue.kinds) have their dunder
 * called from C; everything else goes through goarrow/_to_go.py's to_go, so the rules live there
 * and this file only takes the common cases off the Python path. What the call must keep alive
 * is handed back to the caller.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#include "python/ext/arguments.h"

static void* capsule_pointer(PyObject* obj, const char* name) {
  if (!PyCapsule_CheckExact(obj)) {
    PyObject* type = PyType_GetName(Py_TYPE(obj));
    if (type != NULL) PyErr_Format(PyExc_TypeError, "expected a PyCapsule named '%s', got %U", name, type);
    Py_XDECREF(type);
    return NULL;
  }
  void* p = PyCapsule_GetPointer(obj, name);
  if (p == NULL && !PyErr_Occurred()) PyErr_Format(PyExc_ValueError, "PyCapsule '%s' holds NULL", name);
  return p;
}

/* Scalars Python passes as themselves: 1 if obj was one (v filled), 0 if not, -1 on error. */
static int arg_scalar(PyObject* obj, goarrow_value* v) {
  if (obj == Py_None) {
    v->kind = GOARROW_NONE;
  } else if (PyBool_Check(obj)) {
    v->kind = GOARROW_BOOL;
    v->i = obj == Py_True;
  } else if (PyLong_CheckExact(obj)) {
    v->kind = GOARROW_INT;
    v->i = PyLong_AsLongLong(obj);
    if (v->i == -1 && PyErr_Occurred()) return -1;
  } else if (PyFloat_CheckExact(obj)) {
    v->kind = GOARROW_FLOAT;
    v->f = PyFloat_AsDouble(obj);
  } else if (PyUnicode_CheckExact(obj)) {
    Py_ssize_t n;
    v->kind = GOARROW_STR;
    v->data = PyUnicode_AsUTF8AndSize(obj, &n);
    if (v->data == NULL) return -1;
    v->len = n;
  } else if (PyBytes_CheckExact(obj)) {
    v->kind = GOARROW_BYTES;
    v->data = PyBytes_AsString(obj);
    v->len = PyBytes_Size(obj);
  } else {
    return 0;
  }
  return 1;
}

/* The structs of an Arrow argument of `kind` out of what its dunder returned (capsules). */
static int arg_arrow(long kind, PyObject* schema, PyObject* array_or_stream, goarrow_value* v) {
  v->kind = (int32_t)kind;
  switch (kind) {
    case GOARROW_ARRAY:
    case GOARROW_BATCH:
      if (!(v->schema = capsule_pointer(schema, "arrow_schema"))) return -1;
      if (!(v->array = capsule_pointer(array_or_stream, "arrow_array"))) return -1;
      return 0;
    case GOARROW_STREAM:
    case GOARROW_TABLE:
    case GOARROW_CHUNKED: return (v->stream = capsule_pointer(array_or_stream, "arrow_array_stream")) ? 0 : -1;
    case GOARROW_SCHEMA:
    case GOARROW_FIELD:
    case GOARROW_TYPE: return (v->schema = capsule_pointer(schema, "arrow_schema")) ? 0 : -1;
  }
  PyErr_Format(PyExc_ValueError, "malformed Arrow argument (kind %ld)", kind);
  return -1;
}

int arg_from_prepared(PyObject* obj, goarrow_value* v) {
  memset(v, 0, sizeof(*v));
  int r = arg_scalar(obj, v);
  if (r != 0) return r < 0 ? -1 : 0;
  if (PyTuple_CheckExact(obj) && PyTuple_Size(obj) >= 2) {
    long kind = PyLong_AsLong(PyTuple_GetItem(obj, 0));
    if (kind == -1 && PyErr_Occurred()) return -1;
    Py_ssize_t n = PyTuple_Size(obj);
    if ((kind == GOARROW_ARRAY || kind == GOARROW_BATCH) && n != 3) {
      PyErr_Format(PyExc_ValueError, "malformed Arrow argument (kind %ld)", kind);
      return -1;
    }
    PyObject* first = PyTuple_GetItem(obj, 1);
    return arg_arrow(kind, first, n == 3 ? PyTuple_GetItem(obj, 2) : first, v);
  }
  PyObject* type = PyType_GetName(Py_TYPE(obj));
  if (type != NULL) PyErr_Format(PyExc_TypeError, "cannot pass %U to Go", type);
  Py_XDECREF(type);
  return -1;
}

int arg_from_object(PyObject* obj, PyObject* param, PyObject* fn_name, goarrow_value* v, PyObject** keep) {
  memset(v, 0, sizeof(*v));
  *keep = NULL;
  int r = arg_scalar(obj, v);
  if (r != 0) return r < 0 ? -1 : 0;
  /* pyarrow's own classes (goarrow/_to_go.py decides which): their export does not fail on a
     valid object, so it needs none of the rewrapping to_go gives other producers' failures. */
  PyObject* k = PyDict_GetItemWithError(glue.kinds, (PyObject*)Py_TYPE(obj));
  if (k == NULL && PyErr_Occurred()) return -1;
  if (k != NULL) {
    long kind = PyLong_AsLong(k);
    if (kind == -1 && PyErr_Occurred()) return -1;
    PyObject* method = kind == GOARROW_ARRAY || kind == GOARROW_BATCH      ? glue.s_arrow_c_array
                       : kind >= GOARROW_STREAM && kind <= GOARROW_CHUNKED ? glue.s_arrow_c_stream
                                                                           : glue.s_arrow_c_schema;
    PyObject* got = PyObject_CallMethodObjArgs(obj, method, NULL);
    if (got == NULL) return -1;
    *keep = got;
    if (method != glue.s_arrow_c_array) return arg_arrow(kind, got, got, v);
    if (!PyTuple_CheckExact(got) || PyTuple_Size(got) != 2) {
      PyErr_SetString(PyExc_TypeError, "__arrow_c_array__ did not return (schema, array)");
      return -1;
    }
    return arg_arrow(kind, PyTuple_GetItem(got, 0), PyTuple_GetItem(got, 1), v);
  }
  PyObject* got = PyObject_CallFunctionObjArgs(glue.to_go, obj, param, fn_name, NULL);
  if (got == NULL) return -1;
  *keep = got;
  return arg_from_prepared(got, v);
}
