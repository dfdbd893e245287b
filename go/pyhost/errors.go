package pyhost

// #include <stdlib.h>
import "C"

import (
	"strings"
	"unsafe"
)

// Error is a Python exception, raised by the code Go called.
type Error struct {
	Type      string // the exception's class, e.g. "ValueError"
	Message   string // str(exception)
	Traceback string // the formatted traceback, as Python would print it
}

// Error gives the exception and its traceback.
func (e *Error) Error() string {
	if e.Traceback == "" {
		return e.Type + ": " + e.Message
	}
	return e.Type + ": " + e.Message + "\n\nPython traceback:\n" + e.Traceback
}

// pyError takes over a "type\x1fmessage\x1ftraceback" string from host.c.
func pyError(c *C.char) error {
	s := C.GoString(c)
	C.free(unsafe.Pointer(c))
	parts := strings.SplitN(s, "\x1f", 3)
	for len(parts) < 3 {
		parts = append(parts, "")
	}
	return &Error{Type: parts[0], Message: parts[1], Traceback: strings.TrimRight(parts[2], "\n")}
}
