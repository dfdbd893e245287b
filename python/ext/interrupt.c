/*
 * Ctrl-C while Go runs. Python handles SIGINT by setting a flag that its main thread checks
 * between bytecodes, but during a Go call the main thread is inside Go and checks nothing, so a
 * long call would run to its end. While a main-thread call is in flight, a SIGINT handler placed
 * in front of Python's also wakes a watcher thread, which cancels the call's context.Context
 * through goarrow_cancel; the Go function returns, and Python raises KeyboardInterrupt as usual
 * (its own handler still ran and set its flag).
 *
 * The handler is installed once, on the first main-thread call, in front of whatever SIGINT
 * handler was there, unless SIGINT is ignored then; if Python code later installs another one,
 * that one wins and calls are simply no longer cancelled early.
 */
#include "interrupt.h"

#include <pthread.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "go/internal/cabi/goarrow.h"

static atomic_llong current_call = 0; /* the main thread's call in flight, or 0 */
static atomic_int interrupted = 0;    /* SIGINT arrived during that call */
static struct sigaction previous;
static int wake_pipe[2] = {-1, -1};
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void on_sigint(int sig, siginfo_t* info, void* ctx) {
  int saved = errno;
  char b = 1;
  if (atomic_load(&current_call) != 0) {
    atomic_store(&interrupted, 1);
    (void)!write(wake_pipe[1], &b, 1); /* async-signal-safe */
  }
  errno = saved;
  if (previous.sa_flags & SA_SIGINFO) {
    if (previous.sa_sigaction != NULL) previous.sa_sigaction(sig, info, ctx);
  } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
    previous.sa_handler(sig);
  } else if (previous.sa_handler == SIG_DFL) {
    signal(sig, SIG_DFL);
    raise(sig);
  }
}

static void* watcher(void* unused) {
  char b;
  for (;;) {
    ssize_t n = read(wake_pipe[0], &b, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return NULL;
    long long id = atomic_load(&current_call);
    if (id != 0) goarrow_cancel(id);
  }
}

static void install(void) {
  /* A process that ignores SIGINT (started in the background by a shell, or by its own choice)
     asked for Ctrl-C to change nothing: calls are not cancelled either. */
  struct sigaction current;
  if (sigaction(SIGINT, NULL, &current) != 0) return;
  if (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN) return;
  if (pipe(wake_pipe) != 0) return;
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  /* The watcher must not take SIGINT itself: Python's handler expects the main thread. */
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  int rc = pthread_create(&t, &attr, watcher, NULL);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  pthread_attr_destroy(&attr);
  if (rc != 0) return;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sigint;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &previous);
}

void interrupt_begin(int64_t call_id) {
  pthread_once(&once, install);
  atomic_store(&interrupted, 0);
  atomic_store(&current_call, call_id);
}

int interrupt_end(void) {
  atomic_store(&current_call, 0);
  return atomic_exchange(&interrupted, 0);
}
