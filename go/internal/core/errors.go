package core

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/goarrow/goarrow/go/internal/cabi"
)

// ErrType and ErrValue mark errors that Python should see as TypeError and ValueError.
// Wrap them: fmt.Errorf("%w: sum needs a numeric array, got %s", bridge.ErrType, dt).
var (
	ErrType  = errors.New("wrong type")
	ErrValue = errors.New("invalid value")
)

// callError is an error with the status the host should raise it as.
type callError struct {
	status cabi.Status
	msg    string
}

func (e *callError) Error() string { return e.msg }

func typeErrorf(format string, args ...any) error {
	return &callError{cabi.StatusTypeError, fmt.Sprintf(format, args...)}
}

func valueErrorf(format string, args ...any) error {
	return &callError{cabi.StatusValueError, fmt.Sprintf(format, args...)}
}

// classify maps an error returned by a function (or by the bridge) to a status.
func classify(err error) (cabi.Status, string) {
	var ce *callError
	switch {
	case errors.As(err, &ce):
		return ce.status, err.Error()
	case errors.Is(err, ErrOutOfMemory):
		return cabi.StatusMemoryError, err.Error()
	case errors.Is(err, ErrType):
		// The exception's class already says "wrong type": drop the "%w: " prefix.
		return cabi.StatusTypeError, strings.TrimPrefix(err.Error(), ErrType.Error()+": ")
	case errors.Is(err, ErrValue):
		return cabi.StatusValueError, strings.TrimPrefix(err.Error(), ErrValue.Error()+": ")
	default:
		return cabi.StatusGoError, err.Error()
	}
}

// panicError turns a recovered panic into an error carrying its value and the stack.
func panicError(r any) error {
	if err, ok := r.(error); ok && errors.Is(err, ErrOutOfMemory) {
		return &callError{cabi.StatusMemoryError, err.Error()} // Allocator's panic: MemoryError, not GoPanic
	}
	return &callError{cabi.StatusGoPanic, fmt.Sprintf("%v\n\nGo stack:\n%s", r, debug.Stack())}
}

// PanicError is a recovered panic as the error the host raises: GoPanic with the value and the
// stack of the goroutine that panicked, or MemoryError for Allocator's ErrOutOfMemory. Call it
// inside the deferred function that recovered.
func PanicError(r any) error { return panicError(r) }
