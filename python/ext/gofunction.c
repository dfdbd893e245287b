/*
 * The GoFunction type: what pkg.fn.<name> is. A vectorcall object, like CPython's builtin
 * functions, that binds its arguments (bind.c), converts them (arguments.c), calls Go (call.c)
 * and converts the result (results.c); and the rest of what makes it behave like a function:
 * pickling by reference, __get__, repr, a __dict__ for the name, doc and signature that
 * goarrow/_call.py sets.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#include "python/ext/arguments.h"
#include "python/ext/bind.h"
#include "python/ext/call.h"
#include "python/ext/fork.h"
#include "python/ext/gofunction.h"
#include "python/ext/results.h"

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

typedef struct {
  PyObject_HEAD
  ga_vectorcall vectorcall;
  PyObject* dict; /* __name__, __qualname__, __module__, __doc__, __signature__: set by _call.py */
  int64_t fid;
  Py_ssize_t nparams;
  Py_ssize_t npositional; /* params[npositional:] are keyword-only and default to None */
  PyObject* name;         /* the Go name, e.g. "debug.add": error messages name the function by it */
  PyObject* params;       /* tuple of the Go parameter names */
} GoFunction;

static PyObject* invoke(GoFunction* f, PyObject** bound) {
  goarrow_value args[MAX_ARGS];
  PyObject* keep[MAX_ARGS];
  Py_ssize_t n = f->nparams, done = 0;
  PyObject* result = NULL;
  for (; done < n; done++) {
    if (arg_from_object(bound[done], PyTuple_GetItem(f->params, done), f->name, &args[done], &keep[done]) < 0) {
      Py_XDECREF(keep[done]);
      goto out;
    }
  }
  goarrow_value r;
  if (call_go(f->fid, args, n, &r) == 0) result = result_object(&r);
out:
  for (Py_ssize_t i = 0; i < done; i++) Py_XDECREF(keep[i]);
  return result;
}

static PyObject* gofunction_vectorcall(PyObject* self, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
  GoFunction* f = (GoFunction*)self;
  if (fork_refuse() < 0) return NULL;
  PyObject* bound[MAX_ARGS];
  Py_ssize_t nargs = (Py_ssize_t)(nargsf & ~PY_VECTORCALL_ARGUMENTS_OFFSET);
  if (bind_arguments(f->name, f->params, f->nparams, f->npositional, args, nargs, kwnames, args + nargs, bound) < 0)
    return NULL;
  return invoke(f, bound);
}

/* Calls that do not come through vectorcall: type(f).__call__(f, ...), and an interpreter that
 * ignores the vectorcall slot. */
static PyObject* gofunction_call(PyObject* self, PyObject* args, PyObject* kwargs) {
  GoFunction* f = (GoFunction*)self;
  atomic_fetch_add(&glue.tp_calls, 1);
  if (fork_refuse() < 0) return NULL;
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
  PyObject* r =
      bind_arguments(f->name, f->params, f->nparams, f->npositional, stack, npos, kwnames, stack + npos, bound) < 0
          ? NULL
          : invoke(f, bound);
  Py_XDECREF(kwnames);
  return r;
}

/* Pickled by reference: the package's fn.<name>, found again by name in another process. */
static PyObject* gofunction_reduce(PyObject* self, PyObject* unused) { return PyObject_GetAttr(self, glue.s_qualname); }

/* A function stored on a class stays itself when read from an instance, like a builtin; having
 * __get__ also makes inspect (and so help()) treat it as a routine. */
static PyObject* gofunction_get(PyObject* self, PyObject* obj, PyObject* type) { return Py_NewRef(self); }

static PyObject* gofunction_repr(PyObject* self) {
  PyObject* module = PyObject_GetAttrString(self, "__module__");
  PyObject* qualname = module ? PyObject_GetAttr(self, glue.s_qualname) : NULL;
  PyObject* r = qualname ? PyUnicode_FromFormat("<Go function %S.%S>", module, qualname) : NULL;
  Py_XDECREF(module);
  Py_XDECREF(qualname);
  return r;
}

static PyObject* gofunction_tp_calls(PyObject* self, void* unused) {
  return PyLong_FromLongLong(atomic_load(&glue.tp_calls));
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
PyObject* gofunction_new(PyObject* self, PyObject* const* argv, Py_ssize_t argc) {
  if (argc < 3 || argc > 4 || !PyUnicode_Check(argv[1]) || !PyTuple_CheckExact(argv[2])) {
    PyErr_SetString(PyExc_TypeError,
                    "_function(fn_id: int, name: str, params: tuple[str, ...], npositional: int = len(params))");
    return NULL;
  }
  if (glue.to_go == NULL || glue.GoError == NULL) {
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
  GoFunction* f = (GoFunction*)PyType_GenericAlloc(glue.GoFunctionType, 0);
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
  gofunction_defer_refcount((PyObject*)f);
  return (PyObject*)f;
}

/* Free-threaded CPython counts the references of an object from a thread that does not own it
 * with an atomic add on the object: two threads calling pkg.fn.name(...) at once, each lookup
 * a new reference to the same function (and namespace), would pass that cache line back and
 * forth at every call. With deferred counting, as CPython's own functions and modules have,
 * the interpreter's loads of the object count nothing. */
int gofunction_defer_refcount(PyObject* obj) {
#if defined(Py_GIL_DISABLED) && PY_VERSION_HEX >= 0x030E0000
  return PyUnstable_Object_EnableDeferredRefcount(obj);
#else
  (void)obj;
  return 0;
#endif
}

PyObject* gofunction_defer_refcount_py(PyObject* module, PyObject* obj) {
  (void)module;
  return PyBool_FromLong(gofunction_defer_refcount(obj));
}

int gofunction_module_init(PyObject* module) {
  glue.GoFunctionType = (PyTypeObject*)PyType_FromSpec(&gofunction_spec);
  if (glue.GoFunctionType == NULL) return -1;
  return PyModule_AddObjectRef(module, "GoFunction", (PyObject*)glue.GoFunctionType);
}
