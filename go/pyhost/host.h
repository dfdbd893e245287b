/*
 * host.h: the C half of go/pyhost, a Go program hosting CPython.
 *
 * Every function takes the GIL on the calling OS thread and drops it before returning, so Go
 * never holds the GIL between calls, and a release callback that needs the GIL (pyarrow's, for
 * numpy-backed buffers) can always get it. Values cross as goarrow_value (go/internal/cabi/goarrow.h),
 * the same tagged structs the CPython extension hands the bridge. On failure a function returns
 * -1 (or NULL) and sets *err to a malloc'd "type\x1fmessage\x1ftraceback".
 */
#ifndef GOARROW_PYHOST_H
#define GOARROW_PYHOST_H

#include <stdint.h>

#include "goarrow.h"

/* A goarrow_value kind for a Python object the caller holds: data is its PyObject*, borrowed. */
#define PYHOST_OBJECT 100
/* As a `want`: whatever the result naturally is (a scalar, an array, else a stream). */
#define PYHOST_NATURAL 101

int pyhost_start(const char* program, const char* helper_source, char** err);
void* pyhost_import(const char* name, char** err);
void* pyhost_module(const char* name, const char* filename, const char* source, char** err);
void* pyhost_getattr(void* obj, const char* name, char** err);

/* callable(*args). Arrow arguments are moved into Python (as pyarrow objects). With want == 0 the
 * result is a new reference in *result; otherwise it is exported through __arrow_c_array__ /
 * __arrow_c_stream__ / __arrow_c_schema__ into malloc'd structs moved into *out, with kind want. */
int pyhost_call(void* callable, goarrow_value* args, int64_t nargs, int32_t want, goarrow_value* out, void** result,
                char** err);
/* Exports obj as pyhost_call does its result. */
int pyhost_export(void* obj, int32_t want, goarrow_value* out, char** err);

void pyhost_decref(void* obj);
char* pyhost_str(void* obj); /* malloc'd str(obj), or NULL */

#endif
