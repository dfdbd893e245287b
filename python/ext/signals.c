/*
 * SIGURG with several goarrow extensions (several Go runtimes) in one process.
 *
 * Each Go runtime installs its signal handlers when its shared object is loaded (a c-archive
 * does it in its constructor), over the ones in place. For SIGSEGV, SIGBUS, SIGFPE and SIGPIPE
 * that is fine: a runtime forwards such a signal that did not happen in its own Go code to the
 * handler it replaced (runtime/signal_unix.go, sigfwdgo). It does not forward SIGURG, the signal a
 * runtime sends one of its threads to preempt a goroutine (asynchronous preemption, which a
 * stop-the-world such as a GC needs to stop a goroutine in a loop without calls): the runtime
 * loaded last would receive every SIGURG and drop the ones meant for another runtime's threads
 * (sigtrampgo: no goroutine of its own on that thread, sigPreempt: return). And a runtime sends a
 * thread a new preemption signal only once the previous one was handled (preemptM,
 * m.signalPending), so one lost SIGURG turns that thread's asynchronous preemption off for good:
 * a tight loop there then blocks its runtime's next GC forever.
 *
 * So: a constructor that runs before the Go runtime's (priority 101; Go's has none) notes the
 * SIGURG handler in place, and the module's init, after Go installed its own, puts in front of it
 * a handler that calls this runtime's handler, then the one noted (the previous extension's
 * handler, which calls its runtime's and so on). A Go runtime's handler ignores a SIGURG that
 * arrives on a thread where it runs no goroutine, so each SIGURG is handled by the runtime that
 * sent it and ignored by the others. Go's documentation allows non-Go code to call the Go handler
 * this way (os/signal, "Go programs that use cgo or SWIG").
 *
 * Left open: a SIGURG sent to a thread of an earlier runtime between this shared object's
 * constructors and its module init (the rest of dlopen and Python's call of PyInit) is lost, with
 * the effect above on that one thread.
 */
#define _GNU_SOURCE
#include "signals.h"

#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <string.h>

static struct sigaction before_go; /* SIGURG's handler before this runtime's, if noted */
static int noted = 0;
static struct sigaction go_handler; /* this runtime's */

__attribute__((constructor(101))) static void note_sigurg_handler(void) {
  noted = sigaction(SIGURG, NULL, &before_go) == 0;
}

static void call_handler(const struct sigaction* sa, int sig, siginfo_t* info, void* ctx) {
  if (sa->sa_flags & SA_SIGINFO) {
    if (sa->sa_sigaction != NULL) sa->sa_sigaction(sig, info, ctx);
  } else if (sa->sa_handler != SIG_DFL && sa->sa_handler != SIG_IGN) {
    sa->sa_handler(sig);
  }
}

static void on_sigurg(int sig, siginfo_t* info, void* ctx) {
  int saved = errno;
  call_handler(&go_handler, sig, info, ctx);
  if (noted) call_handler(&before_go, sig, info, ctx);
  errno = saved;
}

/* Whether p lies in this shared object. */
static int ours(void* p) {
  Dl_info a, b;
  return dladdr(p, &a) != 0 && dladdr((void*)&on_sigurg, &b) != 0 && a.dli_fbase == b.dli_fbase;
}

int signals_chain_preempt(void) {
  struct sigaction cur;
  if (sigaction(SIGURG, NULL, &cur) != 0) return -1;
  if (!(cur.sa_flags & SA_SIGINFO) || cur.sa_sigaction == NULL || cur.sa_sigaction == on_sigurg) return 0;
  /* Only this shared object's Go handler is wrapped; a handler someone installed since is left. */
  if (!ours((void*)cur.sa_sigaction)) return 0;
  go_handler = cur;
  struct sigaction sa = cur; /* Go's mask (all signals) and flags (SA_ONSTACK, SA_RESTART, ...) */
  sa.sa_sigaction = on_sigurg;
  return sigaction(SIGURG, &sa, NULL) == 0 ? 1 : -1;
}
