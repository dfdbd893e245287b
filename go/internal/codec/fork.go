package codec

// fork(). The Go runtime does not survive it: a forked child has only the thread that called
// fork, so the first call into Go there waits forever for threads that are gone. The host
// refuses calls in such a child (goarrow raises RuntimeError), but memory Go exported before the
// fork is still referenced there, and its release callbacks would call into Go when the child
// drops it. So every callback Go hands out goes through the guards below: in a forked child
// they do not call Go (the child leaks its copy-on-write view instead of hanging), and stream
// callbacks fail with a message that says why.

/*
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include "goarrow.h"

int goarrow_forked = 0;

static void ga_after_fork_in_child(void) { goarrow_forked = 1; }
static void ga_watch_fork(void) { pthread_atfork(NULL, NULL, ga_after_fork_in_child); }

// An exported array's release, wrapped: the original callback and private data are kept aside.
typedef struct {
  void (*release)(struct ArrowArray*);
  void* private_data;
} ga_guard;

static void ga_guarded_release(struct ArrowArray* a) {
  ga_guard* g = (ga_guard*)a->private_data;
  if (goarrow_forked) {
    a->release = NULL;
    return;
  }
  a->private_data = g->private_data;
  a->release = g->release;
  free(g);
  a->release(a);
}

static int ga_guard_array(struct ArrowArray* a) {
  ga_guard* g = (ga_guard*)malloc(sizeof(ga_guard));
  if (g == NULL) return -1;
  g->release = a->release;
  g->private_data = a->private_data;
  a->private_data = g;
  a->release = ga_guarded_release;
  return 0;
}

extern int goarrowStreamGetSchema(struct ArrowArrayStream*, struct ArrowSchema*);
extern int goarrowStreamGetNext(struct ArrowArrayStream*, struct ArrowArray*);
extern char* goarrowStreamGetLastError(struct ArrowArrayStream*);
extern void goarrowStreamRelease(struct ArrowArrayStream*);

static const char* ga_forked_message =
    "goarrow: this process was forked after goarrow was loaded, and the Go runtime does not "
    "survive fork(); use the 'spawn' or 'forkserver' multiprocessing start method";

static int ga_stream_get_schema_guarded(struct ArrowArrayStream* s, struct ArrowSchema* out) {
  return goarrow_forked ? EIO : goarrowStreamGetSchema(s, out);
}
static int ga_stream_get_next_guarded(struct ArrowArrayStream* s, struct ArrowArray* out) {
  return goarrow_forked ? EIO : goarrowStreamGetNext(s, out);
}
static const char* ga_stream_get_last_error_guarded(struct ArrowArrayStream* s) {
  return goarrow_forked ? ga_forked_message : goarrowStreamGetLastError(s);
}
static void ga_stream_release_guarded(struct ArrowArrayStream* s) {
  if (goarrow_forked) {
    s->release = NULL;
    return;
  }
  goarrowStreamRelease(s);
}

static void ga_set_stream_callbacks(struct ArrowArrayStream* s) {
  s->get_schema = ga_stream_get_schema_guarded;
  s->get_next = ga_stream_get_next_guarded;
  s->get_last_error = ga_stream_get_last_error_guarded;
  s->release = ga_stream_release_guarded;
}
*/
import "C"

func init() { C.ga_watch_fork() }

// guardArray makes an exported array's release safe in a forked child.
func guardArray(a *C.struct_ArrowArray) {
	if C.ga_guard_array(a) != 0 {
		panic("goarrow: out of C memory")
	}
}

func setStreamCallbacks(s *C.struct_ArrowArrayStream) { C.ga_set_stream_callbacks(s) }
