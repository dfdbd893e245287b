package core

import "github.com/apache/arrow-go/v18/arrow/memory/mallocator"

// Allocator allocates in C memory (malloc), so that buffers built in Go can be handed to the
// host without breaking the cgo pointer rules. Its AllocatedBytes is what goarrow.stats()
// reports as c_allocated_bytes: it returns to its baseline when every array built with it has
// been released, on both sides.
var Allocator = mallocator.NewMallocator()
