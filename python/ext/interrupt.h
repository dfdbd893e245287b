/* Ctrl-C for Go calls made from Python's main thread: see interrupt.c. */
#ifndef GOARROW_INTERRUPT_H
#define GOARROW_INTERRUPT_H

#include <stdint.h>

/* Call on the main thread, with the GIL, before releasing it for goarrow_call(call_id). */
void interrupt_begin(int64_t call_id);
/* Call after goarrow_call returned (with or without the GIL). Returns 1 if SIGINT arrived during
   the call. */
int interrupt_end(void);

#endif
