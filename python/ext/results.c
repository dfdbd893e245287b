/*
 * Results, Go → Python: the goarrow_value Go returned becomes a Python object. Scalars are made
 * in C; an array or batch of a type the extension keeps (typecache.h) is imported by pyarrow
 * from its address, called from C, with no capsule or tuple made; everything else becomes
 * PyCapsules (release + free on destruction, go/internal/cabi/ga_capsule.h) handed to
 * goarrow/_from_go.py's Results, which also decides which types to keep.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>

#include "go/internal/cabi/ga_capsule.h"
#include "python/ext/results.h"
#include "python/ext/typecache.h"

PyObject* result_tuple(goarrow_value* v) {
  PyObject *a, *b;
  switch (v->kind) {
    case GOARROW_NONE: Py_RETURN_NONE;
    case GOARROW_BOOL: return PyBool_FromLong((long)v->i);
    case GOARROW_INT: return PyLong_FromLongLong(v->i);
    case GOARROW_FLOAT: return PyFloat_FromDouble(v->f);
    case GOARROW_STR:
      a = PyUnicode_DecodeUTF8(v->data, v->len, "surrogateescape");
      free((void*)v->data);
      return a;
    case GOARROW_BYTES:
      a = PyBytes_FromStringAndSize(v->data, v->len);
      free((void*)v->data);
      return a;
    case GOARROW_ARRAY:
    case GOARROW_BATCH:
      /* No schema: the type id is one the Python side keeps (type_known). */
      if (v->schema == NULL) {
        a = Py_NewRef(Py_None);
      } else if ((a = ga_schema_capsule(v->schema)) == NULL) {
        ga_array_free(v->array);
        return NULL;
      }
      if ((b = ga_array_capsule(v->array)) == NULL) {
        Py_DECREF(a);
        return NULL;
      }
      /* The type id and the array's address let the Python side skip parsing a schema it has
         seen before (pyarrow imports from the address with the type it made then). */
      return Py_BuildValue("(iNNLn)", v->kind, a, b, (long long)v->i, (Py_ssize_t)(uintptr_t)v->array);
    case GOARROW_STREAM:
    case GOARROW_TABLE:
    case GOARROW_CHUNKED:
      if ((a = ga_stream_capsule(v->stream)) == NULL) return NULL;
      return Py_BuildValue("(iN)", v->kind, a);
    case GOARROW_SCHEMA:
    case GOARROW_FIELD:
    case GOARROW_TYPE:
      if ((a = ga_schema_capsule(v->schema)) == NULL) return NULL;
      return Py_BuildValue("(iN)", v->kind, a);
  }
  PyErr_Format(PyExc_RuntimeError, "Go returned an unknown kind %d", (int)v->kind);
  return NULL;
}

PyObject* result_object(goarrow_value* v) {
  if (v->kind < GOARROW_ARRAY) return result_tuple(v);
  if ((v->kind == GOARROW_ARRAY || v->kind == GOARROW_BATCH) && v->i != 0) {
    PyObject* t = typecache_get(v->i);
    if (t == NULL && PyErr_Occurred()) {
      if (v->schema != NULL) ga_schema_free(v->schema);
      ga_array_free(v->array);
      return NULL;
    }
    if (t != NULL) {
      if (v->schema != NULL) ga_schema_free(v->schema);
      PyObject* address = PyLong_FromVoidPtr(v->array);
      PyObject* r = address ? PyObject_CallFunctionObjArgs(
                                  v->kind == GOARROW_ARRAY ? glue.import_array : glue.import_batch, address, t, NULL)
                            : NULL;
      Py_XDECREF(address);
      /* pyarrow moved the struct out (release is NULL then); after a failure it is released. */
      ga_array_free(v->array);
      return r;
    }
  }
  PyObject* kind = PyLong_FromLong(v->kind);
  PyObject* tuple = result_tuple(v);
  PyObject* r = NULL;
  if (kind != NULL && tuple != NULL) {
    PyObject* import = PyObject_GetItem(glue.importers, kind);
    if (import != NULL) r = PyObject_CallFunctionObjArgs(import, tuple, NULL);
    Py_XDECREF(import);
  }
  Py_XDECREF(kind);
  Py_XDECREF(tuple);
  return r;
}

void result_drop(goarrow_value* v) {
  PyObject* dropped = result_tuple(v);
  Py_XDECREF(dropped);
}
