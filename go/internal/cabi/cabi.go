// Package cabi is goarrow's C ABI as Go sees it: goarrow.h (the ABI a host calls), the Arrow C
// structs, the kinds of values that cross and the statuses a call ends with.
//
// cgo names a C type per package (core's C.struct_ArrowArray is not pyhost's), so the structs
// are given here once, as aliases, the way arrow-go's cdata.CArrowArray is: other packages pass
// *CArrowArray, *Value, ... between them instead of unsafe.Pointer, and convert to their own C
// view only where they read fields (a struct made by cgo has unexported fields).
//
//	goarrow.h     the C ABI: tagged values (goarrow_value) holding ArrowSchema / ArrowArray /
//	              ArrowArrayStream pointers, statuses, the entry points
//	ga_arrow.h    release / free / move helpers over the Arrow C structs (C, not ABI)
//	ga_capsule.h  the Arrow PyCapsules, for python/ext and go/pyhost
//	cabi.go       the Go aliases, Kind and Status
//	cabitest/     forged structs and a C consumer's view of exported ones, for tests only
package cabi

/*
#include "goarrow.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// The C ABI's structs (goarrow.h).
type (
	Value             = C.goarrow_value
	CArrowSchema      = C.struct_ArrowSchema
	CArrowArray       = C.struct_ArrowArray
	CArrowArrayStream = C.struct_ArrowArrayStream
)

// ValueSize is sizeof(goarrow_value), for hosts that allocate them.
const ValueSize = int(unsafe.Sizeof(Value{}))

// Kind is enum goarrow_kind: what a goarrow_value holds.
type Kind int32

const (
	KindNone    Kind = C.GOARROW_NONE
	KindBool    Kind = C.GOARROW_BOOL
	KindInt     Kind = C.GOARROW_INT
	KindFloat   Kind = C.GOARROW_FLOAT
	KindStr     Kind = C.GOARROW_STR
	KindBytes   Kind = C.GOARROW_BYTES
	KindArray   Kind = C.GOARROW_ARRAY
	KindBatch   Kind = C.GOARROW_BATCH
	KindStream  Kind = C.GOARROW_STREAM
	KindTable   Kind = C.GOARROW_TABLE
	KindChunked Kind = C.GOARROW_CHUNKED
	KindSchema  Kind = C.GOARROW_SCHEMA
	KindField   Kind = C.GOARROW_FIELD
	KindType    Kind = C.GOARROW_TYPE
)

var kindNames = map[Kind]string{
	KindNone: "None", KindBool: "bool", KindInt: "int", KindFloat: "float", KindStr: "str",
	KindBytes: "bytes", KindArray: "Arrow array", KindBatch: "Arrow record batch",
	KindStream: "Arrow stream", KindTable: "Arrow table", KindChunked: "Arrow chunked array",
	KindSchema: "Arrow schema", KindField: "Arrow field", KindType: "Arrow data type",
}

// String is the kind as an error message names it.
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("unknown kind %d", int32(k))
}

// Status is enum goarrow_status: how a call ended, and so what the host raises.
type Status int32

const (
	StatusOK          Status = C.GOARROW_OK
	StatusGoError     Status = C.GOARROW_GO_ERROR
	StatusGoPanic     Status = C.GOARROW_GO_PANIC
	StatusLookupError Status = C.GOARROW_LOOKUP_ERROR
	StatusTypeError   Status = C.GOARROW_TYPE_ERROR
	StatusValueError  Status = C.GOARROW_VALUE_ERROR
	StatusCancelled   Status = C.GOARROW_CANCELLED
	StatusMemoryError Status = C.GOARROW_MEMORY_ERROR
)

var statusNames = map[Status]string{
	StatusOK: "OK", StatusGoError: "GoError", StatusGoPanic: "GoPanic", StatusLookupError: "LookupError",
	StatusTypeError: "TypeError", StatusValueError: "ValueError", StatusCancelled: "Cancelled",
	StatusMemoryError: "MemoryError",
}

// String is the name of the exception a host raises for s.
func (s Status) String() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return fmt.Sprintf("unknown status %d", int32(s))
}

// Error is an error with the status a host raises it as.
type Error struct {
	Status Status
	Msg    string
}

func (e *Error) Error() string { return e.Msg }

// Errorf is an Error of status st.
func Errorf(st Status, format string, args ...any) error {
	return &Error{st, fmt.Sprintf(format, args...)}
}

// ErrType and ErrValue mark errors that a host should raise as TypeError and ValueError (they
// are bridge.ErrType and bridge.ErrValue, documented there).
var (
	ErrType  = errors.New("wrong type")
	ErrValue = errors.New("invalid value")
)
