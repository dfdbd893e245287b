/*
 * One call into Go (goarrow_call) with the GIL released, for GoFunctions (gofunction.c) and the
 * module's call(fn_id, args): its id, its flags, Ctrl-C on the main thread (interrupt.c does the
 * cancelling, this file raises KeyboardInterrupt afterwards), the release of what Go left of the
 * arguments, and Go's status as the extension's exception.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "go/internal/cabi/ga_arrow.h"
#include "python/ext/arguments.h"
#include "python/ext/call.h"
#include "python/ext/fork.h"
#include "python/ext/interrupt.h"
#include "python/ext/results.h"

static PyObject* raise_status(int32_t status, char* message) {
  PyObject* type;
  switch (status) {
    case GOARROW_GO_PANIC: type = glue.GoPanic; break;
    case GOARROW_LOOKUP_ERROR: type = PyExc_LookupError; break;
    case GOARROW_TYPE_ERROR: type = PyExc_TypeError; break;
    case GOARROW_VALUE_ERROR: type = PyExc_ValueError; break;
    case GOARROW_CANCELLED: type = glue.Cancelled; break;
    case GOARROW_MEMORY_ERROR: type = PyExc_MemoryError; break;
    default: type = glue.GoError; break;
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

int call_go(int64_t fn, goarrow_value* args, Py_ssize_t n, goarrow_value* out) {
  memset(out, 0, sizeof(*out));
  char* message = NULL;
  int32_t status;
  int main_thread = PyThread_get_thread_ident() == glue.main_thread_ident;
  /* Only the main thread's calls are cancelled (by Ctrl-C): the others pass id 0, which costs Go
     no cancel registration, and threads calling at once share no counter's cache line. */
  long long call_id = main_thread ? atomic_fetch_add(&glue.next_call_id, 1) : 0;
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
        result_drop(out);
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

PyObject* call_by_id(PyObject* self, PyObject* const* argv, Py_ssize_t argc) {
  if (argc != 2 || !PyTuple_CheckExact(argv[1])) {
    PyErr_SetString(PyExc_TypeError, "call(fn_id: int, args: tuple)");
    return NULL;
  }
  if (fork_refuse() < 0) return NULL;
  long long fn = PyLong_AsLongLong(argv[0]);
  if (fn == -1 && PyErr_Occurred()) return NULL;
  Py_ssize_t n = PyTuple_Size(argv[1]);
  if (n > MAX_ARGS) {
    PyErr_Format(PyExc_TypeError, "at most %d arguments, got %zd", MAX_ARGS, n);
    return NULL;
  }
  goarrow_value args[MAX_ARGS];
  for (Py_ssize_t i = 0; i < n; i++) {
    if (arg_from_prepared(PyTuple_GetItem(argv[1], i), &args[i]) < 0) return NULL;
  }
  goarrow_value out;
  if (call_go(fn, args, n, &out) < 0) return NULL;
  return result_tuple(&out);
}
