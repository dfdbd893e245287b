/* Several Go runtimes in one process: SIGURG reaches each runtime (see signals.c). */
#ifndef GOARROW_SIGNALS_H
#define GOARROW_SIGNALS_H

/* Call once from the module's init, after this shared object's Go runtime installed its
   handlers. Returns 1 if it chained SIGURG, 0 if there was nothing to chain, -1 on error. */
int signals_chain_preempt(void);

#endif
