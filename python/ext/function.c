/*
 * Go functions as C-level callables, and the call machinery behind them and the module's
 * call(fn_id, args).
 *
 * A GoFunction is what pkg.fn.<name> is: a vectorcall object, like CPython's builtin functions,
 * that binds positional and keyword arguments against the Go parameter names, converts scalars
 * and pyarrow objects to goarrow_value structs in C, calls Go with the GIL released, and imports
 * an Arrow result of a type it has seen before straight into pyarrow. Everything else goes
 * through goarrow's Python code (goarrow/_to_go.py's to_go, goarrow/_from_go.py's Importer), so
 * the rules live there and this file only takes the common cases off the Python path.
 *
 * Each goarrow extension links its own copy of this file: the statics below are that extension's
 * state (its exceptions, its type cache, its fork flag). They are written once, while
 * goarrow/_call.py sets the extension up and before any of its functions exists, and only read
 * afterwards, which is what makes them safe without the GIL too (free-threaded builds). The
 * Python dicts read during calls (the kind cache, the type cache) are only ever added to, so a
 * borrowed reference read from them stays valid; dict reads and writes lock themselves there.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "go/internal/cabi/goarrow.h"
#include "go/internal/cabi/ga_capsule.h"
#include "python/ext/function.h"
#include "python/ext/interrupt.h"

/* Vectorcall on a heap type is in the limited API from 3.12 only, but its pieces have been part
 * of the stable ABI since 3.8: the flag's bit, the offset bit of nargsf and the calling
 * convention. CPython 3.11 honours them on a type made by PyType_FromSpec (test_function.py
 * checks that the tp_call path is not the one taken). */
#ifndef Py_TPFLAGS_HAVE_VECTORCALL
#define Py_TPFLAGS_HAVE_VECTORCALL (1UL << 11)
#endif
#ifndef PY_VECTORCALL_ARGUMENTS_OFFSET
#define PY_VECTORCALL_ARGUMENTS_OFFSET ((size_t)1 << (8 * sizeof(size_t) - 1))
#endif
typedef PyObject* (*ga_vectorcall)(PyObject*, PyObject* const*, size_t, PyObject*);

#define MAX_ARGS 64

/* ---- this extension's state: set once at load, read-only afterwards ---- */

static PyObject* GoError = NULL;
static PyObject* GoPanic = NULL;
static PyObject* Cancelled = NULL;
/* Python's main thread, the only one that gets KeyboardInterrupt. */
static unsigned long main_thread_ident = 0;

static PyObject* to_go = NULL;        /* goarrow._to_go.to_go(obj, param, fn): every other argument */
static PyObject* kinds = NULL;        /* type -> kind, for types whose dunder is called from C */
static PyObject* types = NULL;        /* the extension's Importer.types: type id -> pyarrow type */
static PyObject* importers = NULL;    /* the extension's Importer.table: kind -> import(result tuple) */
static PyObject* import_array = NULL; /* pa.Array._import_from_c(address, type) */
static PyObject* import_batch = NULL; /* pa.RecordBatch._import_from_c(address, schema) */

static PyObject* s_arrow_c_array = NULL;
static PyObject* s_arrow_c_stream = NULL;
static PyObject* s_arrow_c_schema = NULL;
static PyObject* s_qualname = NULL;

static PyTypeObject* GoFunctionType = NULL;

/* After fork() the Go runtime is gone: every call raises this instead (set in the child only,
 * which has one thread then). */
static atomic_int forked = 0;
static PyObject* fork_message = NULL;

/* The pyarrow type of each small type id, once imported: what import_value would otherwise find
 * with a PyLong made and a dict lookup per result. Strong references, set once (compare and
 * swap) and kept for the process, so a reader needs no lock and no reference of its own. */
#define TYPE_CACHE 256
static PyObject* _Atomic type_cache[TYPE_CACHE];

static atomic_llong next_call_id = 1;
/* Calls that came through tp_call instead of vectorcall: the tests check that CPython takes the
 * vectorcall path on the versions it runs on. */
static atomic_llong tp_calls = 0;

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

/* Scalars Python passes as themselves: 1 if obj was one (v filled), 0 if not, -1 on error. */
static int scalar_value(PyObject* obj, goarrow_value* v) {
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
static int arrow_value(long kind, PyObject* schema, PyObject* array_or_stream, goarrow_value* v) {
  v->kind = (int32_t)kind;
  switch (kind) {
    case GOARROW_ARRAY:
    case GOARROW_BATCH:
      if (!(v->schema = capsule_pointer(schema, "arrow_schema"))) return -1;
      if (!(v->array = capsule_pointer(array_or_stream, "arrow_array"))) return -1;
      return 0;
    case GOARROW_STREAM:
    case GOARROW_TABLE:
    case GOARROW_CHUNKED:
      return (v->stream = capsule_pointer(array_or_stream, "arrow_array_stream")) ? 0 : -1;
    case GOARROW_SCHEMA:
    case GOARROW_FIELD:
    case GOARROW_TYPE:
      return (v->schema = capsule_pointer(schema, "arrow_schema")) ? 0 : -1;
  }
  PyErr_Format(PyExc_ValueError, "malformed Arrow argument (kind %ld)", kind);
  return -1;
}

/* Fills v from one argument as goarrow/_to_go.py prepared it: a scalar, or (kind, capsule[,
 * capsule]). */
static int to_value(PyObject* obj, goarrow_value* v) {
  memset(v, 0, sizeof(*v));
  int r = scalar_value(obj, v);
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
    return arrow_value(kind, first, n == 3 ? PyTuple_GetItem(obj, 2) : first, v);
  }
  PyObject* type = PyType_GetName(Py_TYPE(obj));
  if (type != NULL) PyErr_Format(PyExc_TypeError, "cannot pass %U to Go", type);
  Py_XDECREF(type);
  return -1;
}

/* One bound argument of a GoFunction. *keep gets what must outlive the call (capsules, or what
 * to_go made), or NULL. */
static int convert(PyObject* obj, PyObject* param, PyObject* fn_name, goarrow_value* v, PyObject** keep) {
  memset(v, 0, sizeof(*v));
  *keep = NULL;
  int r = scalar_value(obj, v);
  if (r != 0) return r < 0 ? -1 : 0;
  /* pyarrow's own classes (goarrow/_to_go.py decides which): their export does not fail on a
     valid object, so it needs none of the rewrapping to_go gives other producers' failures. */
  PyObject* k = PyDict_GetItemWithError(kinds, (PyObject*)Py_TYPE(obj));
  if (k == NULL && PyErr_Occurred()) return -1;
  if (k != NULL) {
    long kind = PyLong_AsLong(k);
    if (kind == -1 && PyErr_Occurred()) return -1;
    PyObject* method = kind == GOARROW_ARRAY || kind == GOARROW_BATCH ? s_arrow_c_array
                       : kind >= GOARROW_STREAM && kind <= GOARROW_CHUNKED ? s_arrow_c_stream
                                                                          : s_arrow_c_schema;
    PyObject* got = PyObject_CallMethodObjArgs(obj, method, NULL);
    if (got == NULL) return -1;
    *keep = got;
    if (method != s_arrow_c_array) return arrow_value(kind, got, got, v);
    if (!PyTuple_CheckExact(got) || PyTuple_Size(got) != 2) {
      PyErr_SetString(PyExc_TypeError, "__arrow_c_array__ did not return (schema, array)");
      return -1;
    }
    return arrow_value(kind, PyTuple_GetItem(got, 0), PyTuple_GetItem(got, 1), v);
  }
  PyObject* got = PyObject_CallFunctionObjArgs(to_go, obj, param, fn_name, NULL);
  if (got == NULL) return -1;
  *keep = got;
  return to_value(got, v);
}

/* ---- results ---- */

/* What the module's call() returns: scalars, or (kind, capsules..., type id, address) tuples for
 * goarrow/_from_go.py. Frees or takes over everything v holds. */
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

/* A GoFunction's result as the Python object the caller gets. An array or batch of a type the
 * Importer keeps is imported here, by address, with no capsule or tuple made; everything else
 * goes to the Importer, which also decides what to keep. */
static PyObject* import_value(goarrow_value* v) {
  if (v->kind < GOARROW_ARRAY) return from_value(v);
  if ((v->kind == GOARROW_ARRAY || v->kind == GOARROW_BATCH) && v->i != 0) {
    int cached = v->i > 0 && v->i < TYPE_CACHE;
    PyObject* t = cached ? atomic_load_explicit(&type_cache[v->i], memory_order_acquire) : NULL;
    if (t == NULL) {
      PyObject* id = PyLong_FromLongLong(v->i);
      t = id ? PyDict_GetItemWithError(types, id) : NULL;
      Py_XDECREF(id);
      if (t != NULL && cached) {
        PyObject* expected = NULL;
        Py_INCREF(t); /* the cache's own */
        if (!atomic_compare_exchange_strong(&type_cache[v->i], &expected, t)) Py_DECREF(t);
      }
    }
    if (t == NULL && PyErr_Occurred()) {
      if (v->schema != NULL) ga_schema_free(v->schema);
      ga_array_free(v->array);
      return NULL;
    }
    if (t != NULL) {
      if (v->schema != NULL) ga_schema_free(v->schema);
      PyObject* address = PyLong_FromVoidPtr(v->array);
      PyObject* r = address ? PyObject_CallFunctionObjArgs(v->kind == GOARROW_ARRAY ? import_array : import_batch,
                                                            address, t, NULL)
                            : NULL;
      Py_XDECREF(address);
      /* pyarrow moved the struct out (release is NULL then); after a failure it is released. */
      ga_array_free(v->array);
      return r;
    }
  }
  PyObject* kind = PyLong_FromLong(v->kind);
  PyObject* tuple = from_value(v);
  PyObject* r = NULL;
  if (kind != NULL && tuple != NULL) {
    PyObject* import = PyObject_GetItem(importers, kind);
    if (import != NULL) r = PyObject_CallFunctionObjArgs(import, tuple, NULL);
    Py_XDECREF(import);
  }
  Py_XDECREF(kind);
  Py_XDECREF(tuple);
  return r;
}

/* A result nobody will see (the call was interrupted): released and freed. */
static void drop_value(goarrow_value* v) {
  PyObject* dropped = from_value(v);
  Py_XDECREF(dropped);
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

static int refuse_after_fork(void) {
  if (!atomic_load_explicit(&forked, memory_order_relaxed)) return 0;
  PyErr_SetObject(PyExc_RuntimeError, fork_message ? fork_message : Py_None);
  return -1;
}

/* Calls Go function fn with the GIL released: 0 with *out filled, or -1 with an exception set.
 * The caller keeps every capsule (and str/bytes buffer) behind args alive across the call. */
static int run(int64_t fn, goarrow_value* args, Py_ssize_t n, goarrow_value* out) {
  memset(out, 0, sizeof(*out));
  char* message = NULL;
  long long call_id = atomic_fetch_add(&next_call_id, 1);
  int32_t status;
  int main_thread = PyThread_get_thread_ident() == main_thread_ident;
  if (main_thread) interrupt_begin(call_id); /* Ctrl-C cancels this call's context (interrupt.c) */
  int32_t flags = glue_call_flags();
  Py_BEGIN_ALLOW_THREADS
  status = goarrow_call(fn, call_id, flags, args, n, out, &message);
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
        drop_value(out);
      } else {
        free(message);
      }
      return -1;
    }
  }
  if (status != GOARROW_OK) {
    raise_status(status, message);
    return -1;
  }
  return 0;
}

/* call(fn_id, args) -> result. args is a tuple prepared by goarrow/_to_go.py. */
PyObject* function_call(PyObject* self, PyObject* const* argv, Py_ssize_t argc) {
  if (argc != 2 || !PyTuple_CheckExact(argv[1])) {
    PyErr_SetString(PyExc_TypeError, "call(fn_id: int, args: tuple)");
    return NULL;
  }
  if (refuse_after_fork() < 0) return NULL;
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
  if (run(fn, args, n, &out) < 0) return NULL;
  return from_value(&out);
}

/* ---- the GoFunction type ---- */

typedef struct {
  PyObject_HEAD
  ga_vectorcall vectorcall;
  PyObject* dict; /* __name__, __qualname__, __module__, __doc__, __signature__: set by _call.py */
  int64_t fid;
  Py_ssize_t nparams;
  Py_ssize_t npositional; /* params[npositional:] are keyword-only and default to None */
  PyObject* name;   /* the Go name, e.g. "debug.add": error messages name the function by it */
  PyObject* params; /* tuple of the Go parameter names */
} GoFunction;

/* "'a'", "'a' and 'b'", "'a', 'b', and 'c'", as CPython's own message lists missing arguments. */
static PyObject* name_list(PyObject* names) {
  Py_ssize_t n = PyList_Size(names);
  if (n == 1) return Py_NewRef(PyList_GetItem(names, 0));
  PyObject* head = PyList_GetSlice(names, 0, n - 1);
  PyObject* sep = PyUnicode_FromString(", ");
  PyObject* joined = head && sep ? PyUnicode_Join(sep, head) : NULL;
  PyObject* r = joined ? PyUnicode_FromFormat("%U%s and %U", joined, n > 2 ? "," : "", PyList_GetItem(names, n - 1)) : NULL;
  Py_XDECREF(head);
  Py_XDECREF(sep);
  Py_XDECREF(joined);
  return r;
}

static Py_ssize_t param_index(GoFunction* f, PyObject* key) {
  for (Py_ssize_t j = 0; j < f->nparams; j++) {
    if (PyTuple_GetItem(f->params, j) == key) return j; /* interned: the common case */
  }
  for (Py_ssize_t j = 0; j < f->nparams; j++) {
    int eq = PyObject_RichCompareBool(PyTuple_GetItem(f->params, j), key, Py_EQ);
    if (eq < 0) return -2;
    if (eq) return j;
  }
  return -1;
}

/* Binds positional arguments and keyword arguments (kwnames, values in kwvalues) to the Go
 * parameters, into bound[nparams] (borrowed), with CPython's messages for a Python function. */
static int bind(GoFunction* f, PyObject* const* pos, Py_ssize_t npos, PyObject* kwnames, PyObject* const* kwvalues,
                PyObject** bound) {
  Py_ssize_t n = f->nparams, np = f->npositional;
  if (npos > np) {
    PyErr_Format(PyExc_TypeError, "%U() takes %zd positional argument%s but %zd %s given", f->name, np,
                 np == 1 ? "" : "s", npos, npos == 1 ? "was" : "were");
    return -1;
  }
  for (Py_ssize_t i = 0; i < n; i++) bound[i] = i < npos ? pos[i] : NULL;
  Py_ssize_t nkw = kwnames ? PyTuple_Size(kwnames) : 0;
  for (Py_ssize_t k = 0; k < nkw; k++) {
    PyObject* key = PyTuple_GetItem(kwnames, k);
    if (!PyUnicode_Check(key)) {
      PyErr_Format(PyExc_TypeError, "%U() keywords must be strings", f->name);
      return -1;
    }
    Py_ssize_t j = param_index(f, key);
    if (j == -2) return -1;
    if (j < 0) {
      PyErr_Format(PyExc_TypeError, "%U() got an unexpected keyword argument '%U'", f->name, key);
      return -1;
    }
    if (bound[j] != NULL) {
      PyErr_Format(PyExc_TypeError, "%U() got multiple values for argument '%U'", f->name, key);
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
    PyObject* quoted = PyUnicode_FromFormat("'%U'", PyTuple_GetItem(f->params, i));
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
    PyErr_Format(PyExc_TypeError, "%U() missing %zd required positional argument%s: %U", f->name, missing,
                 missing == 1 ? "" : "s", listed);
    Py_DECREF(listed);
  }
  return -1;
}

static PyObject* invoke(GoFunction* f, PyObject** bound) {
  goarrow_value args[MAX_ARGS];
  PyObject* keep[MAX_ARGS];
  Py_ssize_t n = f->nparams, done = 0;
  PyObject* result = NULL;
  for (; done < n; done++) {
    if (convert(bound[done], PyTuple_GetItem(f->params, done), f->name, &args[done], &keep[done]) < 0) {
      Py_XDECREF(keep[done]);
      goto out;
    }
  }
  goarrow_value r;
  if (run(f->fid, args, n, &r) == 0) result = import_value(&r);
out:
  for (Py_ssize_t i = 0; i < done; i++) Py_XDECREF(keep[i]);
  return result;
}

static PyObject* gofunction_vectorcall(PyObject* self, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
  GoFunction* f = (GoFunction*)self;
  if (refuse_after_fork() < 0) return NULL;
  PyObject* bound[MAX_ARGS];
  Py_ssize_t nargs = (Py_ssize_t)(nargsf & ~PY_VECTORCALL_ARGUMENTS_OFFSET);
  if (bind(f, args, nargs, kwnames, args + nargs, bound) < 0) return NULL;
  return invoke(f, bound);
}

/* Calls that do not come through vectorcall: type(f).__call__(f, ...), and an interpreter that
 * ignores the vectorcall slot. */
static PyObject* gofunction_call(PyObject* self, PyObject* args, PyObject* kwargs) {
  GoFunction* f = (GoFunction*)self;
  atomic_fetch_add(&tp_calls, 1);
  if (refuse_after_fork() < 0) return NULL;
  Py_ssize_t npos = PyTuple_Size(args), nkw = kwargs ? PyDict_Size(kwargs) : 0;
  if (npos + nkw > 2 * MAX_ARGS) {
    PyErr_Format(PyExc_TypeError, "%U() got %zd arguments", f->name, npos + nkw);
    return NULL;
  }
  PyObject* stack[2 * MAX_ARGS];
  for (Py_ssize_t i = 0; i < npos; i++) stack[i] = PyTuple_GetItem(args, i);
  PyObject* kwnames = NULL;
  if (nkw > 0) {
    if ((kwnames = PyTuple_New(nkw)) == NULL) return NULL;
    PyObject *key, *value;
    Py_ssize_t pos = 0, k = 0;
    while (PyDict_Next(kwargs, &pos, &key, &value)) {
      PyTuple_SetItem(kwnames, k, Py_NewRef(key));
      stack[npos + k++] = value;
    }
  }
  PyObject* bound[MAX_ARGS];
  PyObject* r = bind(f, stack, npos, kwnames, stack + npos, bound) < 0 ? NULL : invoke(f, bound);
  Py_XDECREF(kwnames);
  return r;
}

/* Pickled by reference: the package's fn.<name>, found again by name in another process. */
static PyObject* gofunction_reduce(PyObject* self, PyObject* unused) {
  return PyObject_GetAttr(self, s_qualname);
}

/* A function stored on a class stays itself when read from an instance, like a builtin; having
 * __get__ also makes inspect (and so help()) treat it as a routine. */
static PyObject* gofunction_get(PyObject* self, PyObject* obj, PyObject* type) { return Py_NewRef(self); }

static PyObject* gofunction_repr(PyObject* self) {
  PyObject* module = PyObject_GetAttrString(self, "__module__");
  PyObject* qualname = module ? PyObject_GetAttr(self, s_qualname) : NULL;
  PyObject* r = qualname ? PyUnicode_FromFormat("<Go function %S.%S>", module, qualname) : NULL;
  Py_XDECREF(module);
  Py_XDECREF(qualname);
  return r;
}

static PyObject* gofunction_tp_calls(PyObject* self, void* unused) {
  return PyLong_FromLongLong(atomic_load(&tp_calls));
}

static int gofunction_traverse(PyObject* self, visitproc visit, void* arg) {
  GoFunction* f = (GoFunction*)self;
  Py_VISIT(Py_TYPE(self));
  Py_VISIT(f->dict);
  Py_VISIT(f->name);
  Py_VISIT(f->params);
  return 0;
}

static int gofunction_clear(PyObject* self) {
  GoFunction* f = (GoFunction*)self;
  Py_CLEAR(f->dict);
  Py_CLEAR(f->name);
  Py_CLEAR(f->params);
  return 0;
}

static void gofunction_dealloc(PyObject* self) {
  PyTypeObject* tp = Py_TYPE(self);
  PyObject_GC_UnTrack(self);
  gofunction_clear(self);
  freefunc tp_free = (freefunc)PyType_GetSlot(tp, Py_tp_free);
  tp_free(self);
  Py_DECREF(tp);
}

static PyMemberDef gofunction_members[] = {
    {"__vectorcalloffset__", T_PYSSIZET, offsetof(GoFunction, vectorcall), READONLY, NULL},
    {"__dictoffset__", T_PYSSIZET, offsetof(GoFunction, dict), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyMethodDef gofunction_methods[] = {
    {"__reduce__", gofunction_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef gofunction_getset[] = {
    {"_tp_calls", gofunction_tp_calls, NULL, "Calls of this extension's functions that did not use vectorcall.", NULL},
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot gofunction_slots[] = {
    {Py_tp_call, gofunction_call},
    {Py_tp_descr_get, gofunction_get},
    {Py_tp_repr, gofunction_repr},
    {Py_tp_traverse, gofunction_traverse},
    {Py_tp_clear, gofunction_clear},
    {Py_tp_dealloc, gofunction_dealloc},
    {Py_tp_members, gofunction_members},
    {Py_tp_methods, gofunction_methods},
    {Py_tp_getset, gofunction_getset},
    {Py_tp_doc, "A Go function registered with goarrow."},
    {0, NULL},
};

static PyType_Spec gofunction_spec = {
    .name = "goarrow.GoFunction",
    .basicsize = sizeof(GoFunction),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = gofunction_slots,
};

/* _function(fn_id, name, params[, npositional]) -> a GoFunction; _call.py sets its name, doc and
 * signature. Parameters from npositional on are keyword-only options that default to None. */
PyObject* function_new(PyObject* self, PyObject* const* argv, Py_ssize_t argc) {
  if (argc < 3 || argc > 4 || !PyUnicode_Check(argv[1]) || !PyTuple_CheckExact(argv[2])) {
    PyErr_SetString(PyExc_TypeError, "_function(fn_id: int, name: str, params: tuple[str, ...], npositional: int = len(params))");
    return NULL;
  }
  if (to_go == NULL || GoError == NULL) {
    PyErr_SetString(PyExc_RuntimeError, "_function before _set_support and _set_exceptions");
    return NULL;
  }
  long long fid = PyLong_AsLongLong(argv[0]);
  if (fid == -1 && PyErr_Occurred()) return NULL;
  Py_ssize_t n = PyTuple_Size(argv[2]), np = n;
  if (argc == 4) {
    np = PyLong_AsSsize_t(argv[3]);
    if (np == -1 && PyErr_Occurred()) return NULL;
    if (np < 0 || np > n) {
      PyErr_SetString(PyExc_ValueError, "npositional must be between 0 and len(params)");
      return NULL;
    }
  }
  if (n > MAX_ARGS) {
    PyErr_Format(PyExc_TypeError, "%U has %zd parameters: at most %d can be called", argv[1], n, MAX_ARGS);
    return NULL;
  }
  PyObject* params = PyTuple_New(n);
  if (params == NULL) return NULL;
  for (Py_ssize_t i = 0; i < n; i++) {
    PyObject* p = PyTuple_GetItem(argv[2], i);
    if (!PyUnicode_Check(p)) {
      Py_DECREF(params);
      PyErr_SetString(PyExc_TypeError, "parameter names must be str");
      return NULL;
    }
    /* Interned, as CPython interns keyword names in code: binding compares pointers first. */
    Py_INCREF(p);
    PyUnicode_InternInPlace(&p);
    PyTuple_SetItem(params, i, p);
  }
  GoFunction* f = (GoFunction*)PyType_GenericAlloc(GoFunctionType, 0);
  if (f == NULL) {
    Py_DECREF(params);
    return NULL;
  }
  f->vectorcall = gofunction_vectorcall;
  f->fid = fid;
  f->nparams = n;
  f->npositional = np;
  f->name = Py_NewRef(argv[1]);
  f->params = params;
  return (PyObject*)f;
}

/* _set_support(to_go, kinds, types, importers, import_array, import_batch): once per extension,
 * before its first function is made (goarrow/_call.py's Extension). */
PyObject* function_set_support(PyObject* self, PyObject* const* argv, Py_ssize_t argc) {
  if (argc != 6 || !PyDict_Check(argv[1]) || !PyDict_Check(argv[2])) {
    PyErr_SetString(PyExc_TypeError, "_set_support(to_go, kinds: dict, types: dict, importers, import_array, import_batch)");
    return NULL;
  }
  /* Once: calls on other threads read these without a lock (free-threaded builds), so they
   * must never change, or be freed, once functions exist. */
  if (to_go != NULL) {
    PyErr_SetString(PyExc_RuntimeError, "_set_support: already set for this extension");
    return NULL;
  }
  PyObject** slots[] = {&to_go, &kinds, &types, &importers, &import_array, &import_batch};
  for (int i = 5; i >= 0; i--) *slots[i] = Py_NewRef(argv[i]); /* to_go last: it marks "set" */
  Py_RETURN_NONE;
}

PyObject* function_set_exceptions(PyObject* self, PyObject* args) {
  PyObject *e, *p, *c;
  unsigned long ident;
  if (!PyArg_ParseTuple(args, "OOOk", &e, &p, &c, &ident)) return NULL;
  if (GoError != NULL) { /* once, for the reason above */
    PyErr_SetString(PyExc_RuntimeError, "_set_exceptions: already set for this extension");
    return NULL;
  }
  main_thread_ident = ident;
  GoPanic = Py_NewRef(p), Cancelled = Py_NewRef(c);
  GoError = Py_NewRef(e);
  Py_RETURN_NONE;
}

/* _forked(message): in a child forked after this extension loaded, every call raises
 * RuntimeError(message) from now on instead of waiting on a Go runtime that is not there. */
PyObject* function_forked(PyObject* self, PyObject* message) {
  Py_XDECREF(fork_message);
  fork_message = Py_NewRef(message);
  atomic_store(&forked, 1);
  Py_RETURN_NONE;
}

int function_module_init(PyObject* module) {
  if (!(s_arrow_c_array = PyUnicode_InternFromString("__arrow_c_array__")) ||
      !(s_arrow_c_stream = PyUnicode_InternFromString("__arrow_c_stream__")) ||
      !(s_arrow_c_schema = PyUnicode_InternFromString("__arrow_c_schema__")) ||
      !(s_qualname = PyUnicode_InternFromString("__qualname__")))
    return -1;
  GoFunctionType = (PyTypeObject*)PyType_FromSpec(&gofunction_spec);
  if (GoFunctionType == NULL) return -1;
  return PyModule_AddObjectRef(module, "GoFunction", (PyObject*)GoFunctionType);
}
