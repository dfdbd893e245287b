/* The C half of go/pyhost: see host.h. Logic that need not be C lives in host.py and the Go files. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "ga_capsule.h"

/* The _goarrow_host module (host.py): pyarrow constructors and error formatting. */
static PyObject* helper;

/* This OS thread's Python thread state, made on its first call and kept, so that a call costs
 * one GIL hand-off rather than a thread state's creation and destruction. */
static __thread PyThreadState* thread_state;

static void enter(void) {
  if (thread_state != NULL) {
    PyEval_RestoreThread(thread_state);
    return;
  }
  PyGILState_Ensure(); /* never paired with a Release: the thread state stays */
  thread_state = PyThreadState_Get();
}

static void leave(void) { PyEval_SaveThread(); }

static char* fail(void) {
  PyObject *type, *value, *tb, *text = NULL;
  PyErr_Fetch(&type, &value, &tb);
  PyErr_NormalizeException(&type, &value, &tb);
  if (value != NULL && tb != NULL) PyException_SetTraceback(value, tb);
  if (helper != NULL && value != NULL) text = PyObject_CallMethod(helper, "describe", "O", value);
  char* out = NULL;
  if (text != NULL && PyUnicode_Check(text)) {
    const char* s = PyUnicode_AsUTF8(text);
    if (s != NULL) out = strdup(s);
  }
  PyErr_Clear();
  Py_XDECREF(text);
  Py_XDECREF(type);
  Py_XDECREF(value);
  Py_XDECREF(tb);
  return out != NULL ? out : strdup("Exception\x1f(the Python error could not be described)\x1f");
}

/* ---- Go → Python: goarrow_value to Python objects (Arrow structs become pyarrow objects) ---- */

/* The capsules take over v's structs (v's pointers become NULL, so FreeValue leaves them). */
static PyObject* to_python(goarrow_value* v) {
  PyObject *s, *a;
  switch (v->kind) {
    case GOARROW_NONE: Py_RETURN_NONE;
    case GOARROW_BOOL: return PyBool_FromLong((long)v->i);
    case GOARROW_INT: return PyLong_FromLongLong(v->i);
    case GOARROW_FLOAT: return PyFloat_FromDouble(v->f);
    case GOARROW_STR: return PyUnicode_FromStringAndSize(v->data, v->len);
    case GOARROW_BYTES: return PyBytes_FromStringAndSize(v->data, v->len);
    case PYHOST_OBJECT: Py_INCREF((PyObject*)v->data); return (PyObject*)v->data;
    case GOARROW_ARRAY:
    case GOARROW_BATCH:
      s = ga_schema_capsule(v->schema), v->schema = NULL;
      if (s == NULL) return NULL;
      a = ga_array_capsule(v->array), v->array = NULL;
      if (a == NULL) {
        Py_DECREF(s);
        return NULL;
      }
      return PyObject_CallMethod(helper, v->kind == GOARROW_ARRAY ? "array" : "batch", "NN", s, a);
    case GOARROW_STREAM:
    case GOARROW_TABLE:
    case GOARROW_CHUNKED:
      s = ga_stream_capsule(v->stream), v->stream = NULL;
      if (s == NULL) return NULL;
      return PyObject_CallMethod(helper,
                                 v->kind == GOARROW_STREAM  ? "reader"
                                 : v->kind == GOARROW_TABLE ? "table"
                                                            : "chunked",
                                 "N", s);
    case GOARROW_SCHEMA:
    case GOARROW_FIELD:
    case GOARROW_TYPE:
      s = ga_schema_capsule(v->schema), v->schema = NULL;
      if (s == NULL) return NULL;
      return PyObject_CallMethod(helper,
                                 v->kind == GOARROW_SCHEMA  ? "schema"
                                 : v->kind == GOARROW_FIELD ? "field"
                                                            : "data_type",
                                 "N", s);
  }
  PyErr_Format(PyExc_TypeError, "go/pyhost: cannot pass a value of kind %d", (int)v->kind);
  return NULL;
}

/* ---- Python → Go: an object's Arrow PyCapsules, moved into malloc'd structs ---- */

/* Moves the struct out of an Arrow PyCapsule into a malloc'd one (the PyCapsule protocol's move). */
#define GA_MOVED(name, type, capsule_name)                    \
  static type* name(PyObject* cap) {                          \
    type* p = (type*)PyCapsule_GetPointer(cap, capsule_name); \
    if (p == NULL) return NULL;                               \
    type* out = ga_##name(p);                                 \
    if (out == NULL) PyErr_NoMemory();                        \
    return out;                                               \
  }
GA_MOVED(schema_move, struct ArrowSchema, "arrow_schema")
GA_MOVED(array_move, struct ArrowArray, "arrow_array")
GA_MOVED(stream_move, struct ArrowArrayStream, "arrow_array_stream")
#undef GA_MOVED

static PyObject* protocol(PyObject* obj, const char* method, const char* what) {
  PyObject* m = PyObject_GetAttrString(obj, method);
  if (m == NULL) {
    PyErr_Clear();
    PyErr_Format(PyExc_TypeError, "expected %s (an object with %s), got %.200s", what, method, Py_TYPE(obj)->tp_name);
    return NULL;
  }
  PyObject* r = PyObject_CallNoArgs(m);
  Py_DECREF(m);
  return r;
}

static int from_python(PyObject* obj, int32_t want, goarrow_value* out);

static int copy_bytes(goarrow_value* out, int32_t kind, const char* p, Py_ssize_t n) {
  if (p == NULL) return -1;
  char* c = malloc(n + 1);
  if (c == NULL) {
    PyErr_NoMemory();
    return -1;
  }
  memcpy(c, p, n);
  c[n] = '\0';
  out->kind = kind, out->data = c, out->len = n;
  return 0;
}

/* A scalar as itself; Arrow data as an array (__arrow_c_array__) or else a stream. */
static int natural(PyObject* obj, goarrow_value* out) {
  if (obj == Py_None) {
    out->kind = GOARROW_NONE;
  } else if (PyBool_Check(obj)) {
    out->kind = GOARROW_BOOL, out->i = obj == Py_True;
  } else if (PyLong_Check(obj)) {
    out->kind = GOARROW_INT, out->i = PyLong_AsLongLong(obj);
    if (out->i == -1 && PyErr_Occurred()) return -1;
  } else if (PyFloat_Check(obj)) {
    out->kind = GOARROW_FLOAT, out->f = PyFloat_AS_DOUBLE(obj);
  } else if (PyUnicode_Check(obj)) {
    Py_ssize_t n;
    const char* p = PyUnicode_AsUTF8AndSize(obj, &n);
    return copy_bytes(out, GOARROW_STR, p, n);
  } else if (PyBytes_Check(obj)) {
    return copy_bytes(out, GOARROW_BYTES, PyBytes_AS_STRING(obj), PyBytes_GET_SIZE(obj));
  } else if (PyObject_HasAttrString(obj, "__arrow_c_array__")) {
    return from_python(obj, GOARROW_ARRAY, out);
  } else if (PyObject_HasAttrString(obj, "__arrow_c_stream__")) {
    return from_python(obj, GOARROW_STREAM, out);
  } else {
    PyErr_Format(PyExc_TypeError, "cannot convert %.200s to a Go value (not a scalar, not Arrow data)",
                 Py_TYPE(obj)->tp_name);
    return -1;
  }
  return 0;
}

static int from_python(PyObject* obj, int32_t want, goarrow_value* out) {
  memset(out, 0, sizeof(*out));
  PyObject* r;
  switch (want) {
    case GOARROW_ARRAY:
    case GOARROW_BATCH:
      if ((r = protocol(obj, "__arrow_c_array__", "Arrow array data")) == NULL) return -1;
      if (!PyTuple_Check(r) || PyTuple_GET_SIZE(r) != 2) {
        Py_DECREF(r);
        PyErr_SetString(PyExc_TypeError, "__arrow_c_array__ did not return a (schema, array) tuple");
        return -1;
      }
      out->schema = schema_move(PyTuple_GET_ITEM(r, 0));
      if (out->schema != NULL) out->array = array_move(PyTuple_GET_ITEM(r, 1));
      Py_DECREF(r);
      if (out->array == NULL) return -1; /* FreeValue releases the schema */
      break;
    case GOARROW_STREAM:
    case GOARROW_TABLE:
      if ((r = protocol(obj, "__arrow_c_stream__", "an Arrow stream")) == NULL) return -1;
      out->stream = stream_move(r);
      Py_DECREF(r);
      if (out->stream == NULL) return -1;
      break;
    case GOARROW_SCHEMA:
      if ((r = protocol(obj, "__arrow_c_schema__", "an Arrow schema")) == NULL) return -1;
      out->schema = schema_move(r);
      Py_DECREF(r);
      if (out->schema == NULL) return -1;
      break;
    case PYHOST_NATURAL: return natural(obj, out);
    default: PyErr_Format(PyExc_ValueError, "go/pyhost: cannot export as kind %d", (int)want); return -1;
  }
  out->kind = want;
  return 0;
}

/* ---- entry points ---- */

static PyObject* module_from_source(const char* name, const char* filename, const char* source) {
  PyObject* code = Py_CompileString(source, filename, Py_file_input);
  if (code == NULL) return NULL;
  PyObject* m = PyImport_ExecCodeModuleEx(name, code, filename);
  Py_DECREF(code);
  return m;
}

int pyhost_start(const char* program, const char* helper_source, char** err) {
  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  config.install_signal_handlers = 0; /* signals are the Go runtime's */
  config.parse_argv = 0;
  PyStatus st = PyStatus_Ok();
  if (program != NULL && program[0] != '\0') st = PyConfig_SetBytesString(&config, &config.program_name, program);
  if (!PyStatus_Exception(st)) st = Py_InitializeFromConfig(&config);
  PyConfig_Clear(&config);
  if (PyStatus_Exception(st)) {
    char buf[512];
    snprintf(buf, sizeof buf,
             "RuntimeError\x1f"
             "cannot start Python: %s%s%s\x1f",
             st.func ? st.func : "", st.func ? ": " : "", st.err_msg ? st.err_msg : "unknown error");
    *err = strdup(buf);
    return -1;
  }
  thread_state = PyThreadState_Get();
  helper = module_from_source("_goarrow_host", "go/pyhost/host.py", helper_source);
  int rc = 0;
  if (helper == NULL) {
    *err = fail();
    rc = -1;
  }
  leave();
  return rc;
}

void* pyhost_import(const char* name, char** err) {
  enter();
  PyObject* m = PyImport_ImportModule(name);
  if (m == NULL) *err = fail();
  leave();
  return m;
}

void* pyhost_module(const char* name, const char* filename, const char* source, char** err) {
  enter();
  PyObject* m = module_from_source(name, filename, source);
  if (m == NULL) *err = fail();
  leave();
  return m;
}

void* pyhost_getattr(void* obj, const char* name, char** err) {
  enter();
  PyObject* a = PyObject_GetAttrString((PyObject*)obj, name);
  if (a == NULL) *err = fail();
  leave();
  return a;
}

int pyhost_call(void* callable, goarrow_value* args, int64_t nargs, int32_t want, goarrow_value* out, void** result,
                char** err) {
  enter();
  int rc = -1;
  PyObject *tuple = NULL, *r = NULL;
  if (nargs == 0) {
    r = PyObject_CallNoArgs((PyObject*)callable);
  } else if ((tuple = PyTuple_New(nargs)) != NULL) {
    int64_t i;
    for (i = 0; i < nargs; i++) {
      PyObject* item = to_python(&args[i]);
      if (item == NULL) break;
      PyTuple_SET_ITEM(tuple, i, item);
    }
    if (i == nargs) r = PyObject_Call((PyObject*)callable, tuple, NULL);
  }
  if (r != NULL) {
    if (want == 0) {
      *result = r;
      r = NULL;
      rc = 0;
    } else {
      rc = from_python(r, want, out);
    }
  }
  /* Dropping the arguments here may release Go-exported arrays: their release callbacks run Go
     code that never waits for the GIL, so this cannot deadlock. */
  Py_XDECREF(tuple);
  Py_XDECREF(r);
  if (rc != 0) *err = fail();
  leave();
  return rc;
}

int pyhost_export(void* obj, int32_t want, goarrow_value* out, char** err) {
  enter();
  int rc = from_python((PyObject*)obj, want, out);
  if (rc != 0) *err = fail();
  leave();
  return rc;
}

void pyhost_decref(void* obj) {
  enter();
  Py_DECREF((PyObject*)obj);
  leave();
}

char* pyhost_str(void* obj) {
  enter();
  char* out = NULL;
  PyObject* s = PyObject_Str((PyObject*)obj);
  if (s != NULL) {
    const char* u = PyUnicode_AsUTF8(s);
    if (u != NULL) out = strdup(u);
    Py_DECREF(s);
  }
  PyErr_Clear();
  leave();
  return out;
}
