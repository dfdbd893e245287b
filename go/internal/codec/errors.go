package codec

import (
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/goarrow/goarrow/go/internal/cabi"
	"github.com/goarrow/goarrow/go/internal/cmem"
)

func typeErrorf(format string, args ...any) error {
	return cabi.Errorf(cabi.StatusTypeError, format, args...)
}

func valueErrorf(format string, args ...any) error {
	return cabi.Errorf(cabi.StatusValueError, format, args...)
}

// PanicError is a recovered panic as the error the host raises: GoPanic with the value and the
// stack of the goroutine that panicked, or MemoryError for Allocator's cmem.ErrOutOfMemory. Call it
// inside the deferred function that recovered.
func PanicError(r any) error {
	if err, ok := r.(error); ok && errors.Is(err, cmem.ErrOutOfMemory) {
		return &cabi.Error{Status: cabi.StatusMemoryError, Msg: err.Error()} // Allocator's panic: MemoryError, not GoPanic
	}
	return &cabi.Error{Status: cabi.StatusGoPanic, Msg: fmt.Sprintf("%v\n\nGo stack:\n%s", r, debug.Stack())}
}
