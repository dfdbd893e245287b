/* The Arrow PyCapsules, for the C code that includes Python.h (python/ext, go/pyhost): capsules
 * that own malloc'd structs, and moving a struct out of a capsule. Include Python.h first. */
#ifndef GA_CAPSULE_H
#define GA_CAPSULE_H

#include "ga_arrow.h"

/* Capsule destructors: release the struct unless a consumer moved it out, then free it. */
static void ga_schema_capsule_free(PyObject* cap) {
  struct ArrowSchema* s = (struct ArrowSchema*)PyCapsule_GetPointer(cap, "arrow_schema");
  if (s != NULL) ga_schema_free(s);
}
static void ga_array_capsule_free(PyObject* cap) {
  struct ArrowArray* a = (struct ArrowArray*)PyCapsule_GetPointer(cap, "arrow_array");
  if (a != NULL) ga_array_free(a);
}
static void ga_stream_capsule_free(PyObject* cap) {
  struct ArrowArrayStream* s = (struct ArrowArrayStream*)PyCapsule_GetPointer(cap, "arrow_array_stream");
  if (s != NULL) ga_stream_free(s);
}

/* Capsules that take over a malloc'd struct. On failure the struct is released and freed. */
static inline PyObject* ga_schema_capsule(struct ArrowSchema* s) {
  PyObject* c = PyCapsule_New(s, "arrow_schema", ga_schema_capsule_free);
  if (c == NULL) ga_schema_free(s);
  return c;
}
static inline PyObject* ga_array_capsule(struct ArrowArray* a) {
  PyObject* c = PyCapsule_New(a, "arrow_array", ga_array_capsule_free);
  if (c == NULL) ga_array_free(a);
  return c;
}
static inline PyObject* ga_stream_capsule(struct ArrowArrayStream* s) {
  PyObject* c = PyCapsule_New(s, "arrow_array_stream", ga_stream_capsule_free);
  if (c == NULL) ga_stream_free(s);
  return c;
}

#endif
