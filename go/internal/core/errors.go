package core

import (
	"errors"
	"strings"

	"github.com/goarrow/goarrow/go/internal/cabi"
	"github.com/goarrow/goarrow/go/internal/cmem"
)

// classify maps an error returned by a function (or by the bridge) to a status.
func classify(err error) (cabi.Status, string) {
	var ce *cabi.Error
	switch {
	case errors.As(err, &ce):
		return ce.Status, err.Error()
	case errors.Is(err, cmem.ErrOutOfMemory):
		return cabi.StatusMemoryError, err.Error()
	case errors.Is(err, cabi.ErrType):
		// The exception's class already says "wrong type": drop the "%w: " prefix.
		return cabi.StatusTypeError, strings.TrimPrefix(err.Error(), cabi.ErrType.Error()+": ")
	case errors.Is(err, cabi.ErrValue):
		return cabi.StatusValueError, strings.TrimPrefix(err.Error(), cabi.ErrValue.Error()+": ")
	default:
		return cabi.StatusGoError, err.Error()
	}
}
