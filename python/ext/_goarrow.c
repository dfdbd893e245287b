/*
 * _goarrow: the thin CPython glue between goarrow (Python) and Go: the C ABI of goarrow.h, which
 * go/internal/core implements (its //export functions) in every extension's Go archive.
 *
 * It does three things and nothing else:
 *   - turns the argument tuple that goarrow/_to_go.py prepared into goarrow_value structs,
 *     taking ArrowSchema/ArrowArray/ArrowArrayStream pointers out of PyCapsules (no copy);
 *   - calls goarrow_call with the GIL released, so Go runs in parallel with Python and a release
 *     callback that needs the GIL can always get it;
 *   - wraps what Go returned: scalars as Python objects, Arrow structs as PyCapsules that
 *     goarrow/_from_go.py hands to pyarrow, and error statuses as exceptions.
 */
#define PY_SSIZE_T_CLEAN
/* The limited API of CPython 3.11: one build (an abi3 wheel) serves 3.11 and every later CPython.
 * Bazel and the pip backend both define Py_LIMITED_API; this is the value they must agree on. */
#ifndef Py_LIMITED_API
#error "build with -DPy_LIMITED_API=0x030B0000"
#endif
#include <Python.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "go/internal/cabi/goarrow.h"
#include "go/internal/cabi/ga_capsule.h"
#include "python/ext/interrupt.h"
#include "python/ext/signals.h"

/* Exception types, set by goarrow/__init__.py through _set_exceptions. */
static PyObject* GoError = NULL;
static PyObject* GoPanic = NULL;
static PyObject* Cancelled = NULL;

static atomic_llong next_call_id = 1;

/* goarrow_call's flags for calls made on this thread (goarrow.full_validation()), as the value of
 * a pthread key (C11 _Thread_local misbehaves in this shared object next to the Go runtime's
 * initial-exec TLS: it read back garbage). */
static pthread_key_t call_flags_key;

static int32_t call_flags(void) { return (int32_t)(intptr_t)pthread_getspecific(call_flags_key); }

/* Python's main thread (set by goarrow/__init__.py), the only one that gets KeyboardInterrupt. */
static unsigned long main_thread_ident = 0;

#define MAX_ARGS 64

/* ---- capsules: consumer side (Python → Go) and producer side (Go → Python) ---- */

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

/* ---- arguments ---- */

/* Fills v from one prepared argument. Arrow arguments are (kind, capsule[, capsule]). */
static int to_value(PyObject* obj, goarrow_value* v) {
  memset(v, 0, sizeof(*v));
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
  } else if (PyTuple_CheckExact(obj) && PyTuple_Size(obj) >= 2) {
    long kind = PyLong_AsLong(PyTuple_GetItem(obj, 0));
    if (kind == -1 && PyErr_Occurred()) return -1;
    v->kind = (int32_t)kind;
    switch (kind) {
      case GOARROW_ARRAY:
      case GOARROW_BATCH:
        if (PyTuple_Size(obj) != 3) break;
        if (!(v->schema = capsule_pointer(PyTuple_GetItem(obj, 1), "arrow_schema"))) return -1;
        if (!(v->array = capsule_pointer(PyTuple_GetItem(obj, 2), "arrow_array"))) return -1;
        return 0;
      case GOARROW_STREAM:
      case GOARROW_TABLE:
      case GOARROW_CHUNKED:
        if (!(v->stream = capsule_pointer(PyTuple_GetItem(obj, 1), "arrow_array_stream"))) return -1;
        return 0;
      case GOARROW_SCHEMA:
      case GOARROW_FIELD:
      case GOARROW_TYPE:
        if (!(v->schema = capsule_pointer(PyTuple_GetItem(obj, 1), "arrow_schema"))) return -1;
        return 0;
    }
    PyErr_Format(PyExc_ValueError, "malformed Arrow argument (kind %ld)", kind);
    return -1;
  } else {
    PyObject* type = PyType_GetName(Py_TYPE(obj));
    if (type != NULL) PyErr_Format(PyExc_TypeError, "cannot pass %U to Go", type);
    Py_XDECREF(type);
    return -1;
  }
  return 0;
}

/* ---- results ---- */

static PyObject* from_value(goarrow_value* v) {
  PyObject *a, *b;
  switch (v->kind) {
    case GOARROW_NONE:
      Py_RETURN_NONE;
    case GOARROW_BOOL:
      return PyBool_FromLong((long)v->i);
    case GOARROW_INT:
      return PyLong_FromLongLong(v->i);
    case GOARROW_FLOAT:
      return PyFloat_FromDouble(v->f);
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

static PyObject* raise_status(int32_t status, char* message) {
  PyObject* type;
  switch (status) {
    case GOARROW_GO_PANIC: type = GoPanic; break;
    case GOARROW_LOOKUP_ERROR: type = PyExc_LookupError; break;
    case GOARROW_TYPE_ERROR: type = PyExc_TypeError; break;
    case GOARROW_VALUE_ERROR: type = PyExc_ValueError; break;
    case GOARROW_CANCELLED: type = Cancelled; break;
    case GOARROW_MEMORY_ERROR: type = PyExc_MemoryError; break;
    default: type = GoError; break;
  }
  if (type == NULL) type = PyExc_RuntimeError;
  /* Go's messages may quote the bytes they refuse (invalid UTF-8 in a string column, say). */
  PyObject* text = message ? PyUnicode_DecodeUTF8(message, (Py_ssize_t)strlen(message), "backslashreplace")
                           : PyUnicode_FromString("(no message)");
  free(message);
  if (text == NULL) return NULL;
  PyErr_SetObject(type, text);
  Py_DECREF(text);
  return NULL;
}

/* Raises KeyboardInterrupt if SIGINT still has Python's default handler; returns whether it did. */
static int raise_keyboard_interrupt(void) {
  PyObject* signal = PyImport_ImportModule("signal");
  if (signal == NULL) return 1;
  PyObject* current = PyObject_CallMethod(signal, "getsignal", "i", SIGINT);
  PyObject* dflt = PyObject_GetAttrString(signal, "default_int_handler");
  int is_default = current != NULL && current == dflt;
  Py_XDECREF(current);
  Py_XDECREF(dflt);
  Py_DECREF(signal);
  if (PyErr_Occurred()) return 1;
  if (is_default) PyErr_SetNone(PyExc_KeyboardInterrupt);
  return is_default;
}

/* ---- module functions ---- */

/* call(fn_id, args) -> result. args is a tuple prepared by goarrow/_to_go.py. */
static PyObject* call(PyObject* self, PyObject* const* argv, Py_ssize_t argc) {
  if (argc != 2 || !PyTuple_CheckExact(argv[1])) {
    PyErr_SetString(PyExc_TypeError, "call(fn_id: int, args: tuple)");
    return NULL;
  }
  long long fn = PyLong_AsLongLong(argv[0]);
  if (fn == -1 && PyErr_Occurred()) return NULL;
  Py_ssize_t n = PyTuple_Size(argv[1]);
  if (n > MAX_ARGS) {
    PyErr_Format(PyExc_TypeError, "at most %d arguments, got %zd", MAX_ARGS, n);
    return NULL;
  }
  goarrow_value args[MAX_ARGS];
  for (Py_ssize_t i = 0; i < n; i++) {
    if (to_value(PyTuple_GetItem(argv[1], i), &args[i]) < 0) return NULL;
  }

  goarrow_value out;
  memset(&out, 0, sizeof(out));
  char* message = NULL;
  long long call_id = atomic_fetch_add(&next_call_id, 1);
  int32_t status;
  int main_thread = PyThread_get_thread_ident() == main_thread_ident;
  if (main_thread) interrupt_begin(call_id); /* Ctrl-C cancels this call's context (interrupt.c) */
  /* The argument tuple keeps every capsule (and str/bytes buffer) alive across the call. */
  int32_t flags = call_flags();
  Py_BEGIN_ALLOW_THREADS
  status = goarrow_call(fn, call_id, flags, args, n, &out, &message);
  /* Go reads an argument it does not keep in place, without moving it out of its capsule (a
     release from Go would be one more Go -> C call): what it left is released here, in C, so
     the capsule is spent by the call as the PyCapsule protocol has it. */
  for (Py_ssize_t i = 0; i < n; i++) {
    if (args[i].schema != NULL) ga_schema_release(args[i].schema);
    if (args[i].array != NULL) ga_array_release(args[i].array);
  }
  Py_END_ALLOW_THREADS
  if (main_thread) {
    int sigint = interrupt_end();
    /* A Ctrl-C during the call: raise KeyboardInterrupt now, whatever Go returned. Python's
       handler has run already if the call ran Python code on this thread (a generator feeding
       a stream Go reads), and then the KeyboardInterrupt went into that code: re-raise it. */
    if (PyErr_CheckSignals() < 0 || (sigint && raise_keyboard_interrupt())) {
      if (status == GOARROW_OK) {
        PyObject* dropped = from_value(&out);
        Py_XDECREF(dropped);
      } else {
        free(message);
      }
      return NULL;
    }
  }
  if (status != GOARROW_OK) return raise_status(status, message);
  return from_value(&out);
}

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

/* _set_call_flags(flags) -> the previous flags of this thread's calls. */
static PyObject* set_call_flags(PyObject* self, PyObject* arg) {
  long flags = PyLong_AsLong(arg);
  if (flags == -1 && PyErr_Occurred()) return NULL;
  int32_t prev = call_flags();
  if (pthread_setspecific(call_flags_key, (void*)(intptr_t)flags) != 0) return PyErr_NoMemory();
  return PyLong_FromLong(prev);
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

static PyObject* set_exceptions(PyObject* self, PyObject* args) {
  PyObject *e, *p, *c;
  if (!PyArg_ParseTuple(args, "OOOk", &e, &p, &c, &main_thread_ident)) return NULL;
  Py_XDECREF(GoError);
  Py_XDECREF(GoPanic);
  Py_XDECREF(Cancelled);
  GoError = Py_NewRef(e), GoPanic = Py_NewRef(p), Cancelled = Py_NewRef(c);
  Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"call", (PyCFunction)(void (*)(void))call, METH_FASTCALL, "call(fn_id, args): call a Go function."},
    {"lookup", lookup, METH_O, "lookup(name) -> id, or -1."},
    {"functions", functions, METH_NOARGS, "JSON description of the registered Go functions."},
    {"stats", stats, METH_NOARGS, "JSON counters of the Go bridge."},
    {"_set_call_flags", set_call_flags, METH_O, "Set this thread's call flags; returns the previous ones."},
    {"set_validation", set_validation, METH_O, "Full validation for every call (True) or on request; returns the previous setting."},
    {"set_memory_limit", set_memory_limit, METH_O, "Cap Go's C memory in bytes (0: none); returns the previous cap."},
    {"type_known", type_known, METH_O, "Results of this type id may come without their schema from now on."},
    {"registration_errors", registration_errors, METH_NOARGS, "The Go functions whose registration failed, or None."},
    {"_set_exceptions", set_exceptions, METH_VARARGS, "Set GoError, GoPanic, Cancelled and the main thread's id."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_goarrow", NULL, -1, methods};

PyMODINIT_FUNC PyInit__goarrow(void) {
  if (pthread_key_create(&call_flags_key, NULL) != 0) return PyErr_NoMemory();
  PyObject* m = PyModule_Create(&module);
  if (m == NULL) return NULL;
  /* The interface between this glue and goarrow's Python runtime (goarrow/_runtime.py checks it). */
  if (PyModule_AddIntConstant(m, "ABI_VERSION", GOARROW_ABI_VERSION) < 0 || PyModule_AddIntConstant(m, "VALIDATE_FULL", GOARROW_VALIDATE_FULL) < 0 || PyModule_AddIntConstant(m, "ARRAY", GOARROW_ARRAY) < 0 || PyModule_AddIntConstant(m, "BATCH", GOARROW_BATCH) < 0 ||
      PyModule_AddIntConstant(m, "STREAM", GOARROW_STREAM) < 0 || PyModule_AddIntConstant(m, "TABLE", GOARROW_TABLE) < 0 ||
      PyModule_AddIntConstant(m, "CHUNKED", GOARROW_CHUNKED) < 0 || PyModule_AddIntConstant(m, "SCHEMA", GOARROW_SCHEMA) < 0 ||
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
  if (PyModule_AddIntConstant(m, "SIGURG_CHAINED", chained) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  return m;
}
