// Package cmem is the C memory every buffer Go hands to a host comes from (bridge.Allocator).
// arrow-go's mallocator would do, except that when malloc fails it ends the process (cgo's
// C.malloc aborts on NULL); this allocator panics with ErrOutOfMemory instead, which the bridge's
// recover at every C entry turns into MemoryError (codec.PanicError), after the function's
// deferred Releases have freed what it had built. It also enforces an optional limit on the bytes
// outstanding (GOARROW_MEMORY_LIMIT, goarrow.set_memory_limit). It knows nothing of Arrow's C
// structs, so it is a package of its own rather than part of the codec.
package cmem

/*
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

// calloc, but NULL comes back to Go instead of aborting the process. A large buffer is fresh
// mmap'ed memory that a result is written into once: at 4 KiB a page fault, that costs more than
// the writing (10M int64 results: ~60 ms of faults for ~10 ms of work). Transparent huge pages,
// asked for as numpy does for its arrays of 4 MiB and more, fault once per 2 MiB. Where the
// kernel has them off, madvise fails and nothing changes.
static void* ga_calloc(size_t n) {
  void* p = calloc(n, 1);
  const uintptr_t huge = (uintptr_t)2 << 20;
  if (p != NULL && n >= 2 * huge) {
    uintptr_t start = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t end = ((uintptr_t)p + n) & ~(huge - 1);
    if (end > start) madvise((void*)start, end - start, MADV_HUGEPAGE);
  }
  return p;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/goarrow/goarrow/go/internal/stripe"
)

// ErrOutOfMemory is what Allocator panics with (wrapped, with the size) when C memory cannot be
// had or the limit would be passed. The bridge reports it as MemoryError.
var ErrOutOfMemory = errors.New("out of C memory")

// alignment of every buffer: what Arrow recommends, and what mallocator gives.
const alignment = 64

type cAllocator struct {
	allocated stripe.Counter // threads allocate and free at once
	limit     atomic.Int64   // bytes; 0 means none
}

// setupError is a bad GOARROW_MEMORY_LIMIT: a panic at load would end the host's process, so a
// host reports it (SetupError) where it reports bad registrations.
var setupError error

// SetupError is what was wrong with the environment read at load (GOARROW_MEMORY_LIMIT), or nil.
func SetupError() error { return setupError }

// Allocator allocates in C memory, so that buffers built in Go can be handed to the host without
// breaking the cgo pointer rules. Its AllocatedBytes is goarrow.stats()'s c_allocated_bytes.
var Allocator = newAllocator()

func newAllocator() *cAllocator {
	a := &cAllocator{}
	if s := os.Getenv("GOARROW_MEMORY_LIMIT"); s != "" {
		n, err := ParseBytes(s)
		if err != nil {
			setupError = fmt.Errorf("GOARROW_MEMORY_LIMIT: %w", err)
		}
		a.limit.Store(n)
	}
	return a
}

// SetLimit caps the bytes outstanding (0: no cap). Allocations past it panic with ErrOutOfMemory.
func (a *cAllocator) SetLimit(n int64) { a.limit.Store(max(n, 0)) }

// Limit is the cap, or 0.
func (a *cAllocator) Limit() int64 { return a.limit.Load() }

// Allocate returns size zeroed bytes, 64-byte aligned. The byte before the returned slice holds
// the distance back to what calloc returned, for Free.
func (a *cAllocator) Allocate(size int) []byte {
	if size < 0 {
		panic(fmt.Errorf("goarrow allocator: negative size %d", size))
	}
	a.allocated.Add(int64(size))
	// With a limit, the total includes this allocation and any other one under way.
	if lim := a.limit.Load(); lim > 0 {
		if now := a.allocated.Load(); now > lim {
			a.allocated.Add(-int64(size))
			panic(fmt.Errorf("%w: %d more bytes would pass the limit of %d (%d in use)", ErrOutOfMemory, size, lim, now-int64(size)))
		}
	}
	p := C.ga_calloc(C.size_t(size + alignment))
	if p == nil {
		a.allocated.Add(-int64(size))
		panic(fmt.Errorf("%w: malloc of %d bytes failed", ErrOutOfMemory, size+alignment))
	}
	shift := alignment - int(uintptr(p)%alignment) // 1..64: there is always a byte to keep it in
	aligned := unsafe.Add(p, shift)
	*(*byte)(unsafe.Add(aligned, -1)) = byte(shift)
	return unsafe.Slice((*byte)(aligned), size)
}

// Reallocate grows or shrinks b, keeping its contents.
func (a *cAllocator) Reallocate(size int, b []byte) []byte {
	if size == len(b) {
		return b
	}
	out := a.Allocate(size)
	copy(out, b)
	a.Free(b)
	return out
}

// Free gives b back. b must come from Allocate or Reallocate.
func (a *cAllocator) Free(b []byte) {
	aligned := unsafe.Pointer(unsafe.SliceData(b))
	if aligned == nil {
		return
	}
	shift := int(*(*byte)(unsafe.Add(aligned, -1)))
	C.free(unsafe.Add(aligned, -shift))
	a.allocated.Add(-int64(len(b)))
}

// AllocatedBytes is what is outstanding.
func (a *cAllocator) AllocatedBytes() int64 { return a.allocated.Load() }

// ParseBytes reads "512MiB", "2G", "1000000": a byte count with an optional binary (KiB, MiB,
// GiB) or decimal (K, M, G) unit. "0" or "" means no limit.
func ParseBytes(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"K", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a byte count such as 512MiB or 2G", s)
	}
	return int64(n * float64(mult)), nil
}
