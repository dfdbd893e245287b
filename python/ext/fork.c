/*
 * Fork refusal. The Go runtime does not survive fork() (golang/go#15538): in a child forked after
 * this extension loaded, a call would wait forever on threads that are not there. goarrow's
 * Python runtime (an os.register_at_fork hook) calls _forked in the child, and from then on every
 * call raises RuntimeError(message) (fork_refuse, fork.h). This file owns glue.forked and
 * glue.fork_message.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "python/ext/fork.h"

/* Set in the child only, which has one thread then. */
PyObject* fork_set_forked(PyObject* self, PyObject* message) {
  Py_XDECREF(glue.fork_message);
  glue.fork_message = Py_NewRef(message);
  atomic_store(&glue.forked, 1);
  Py_RETURN_NONE;
}
