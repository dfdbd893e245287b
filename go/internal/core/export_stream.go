package core

// Go → host, streams. A Go array.RecordReader becomes an ArrowArrayStream the host pulls from:
// each get_next runs the reader's Next on the host's thread and exports that one batch, so
// neither side ever holds the whole stream.
//
// cdata has ExportRecordReader, but its batches go through its own array export, which has the
// gaps export.go closes; and a panic in Next would unwind through the host's C frames. This
// exporter uses exportBatch and turns panics into stream errors.

/*
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "goarrow.h"
*/
import "C"

import (
	"errors"
	"io"
	"runtime/cgo"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

type streamExport struct {
	rdr    array.RecordReader
	err    error
	errMsg *C.char
}

// exportReader hands rdr over to the stream: the stream releases it when the host releases it.
func exportReader(rdr array.RecordReader, out *C.struct_ArrowArrayStream) {
	rdr.Retain()
	slot := (*C.uintptr_t)(C.malloc(C.sizeof_uintptr_t))
	*slot = C.uintptr_t(cgo.NewHandle(&streamExport{rdr: rdr}))
	out.private_data = unsafe.Pointer(slot)
	setStreamCallbacks(out) // fork.go: Go's callbacks behind fork guards
}

// exportTable streams a table's batches as they are stored (one batch per chunk run, no copy).
func exportTable(t arrow.Table, out *C.struct_ArrowArrayStream) {
	rdr := array.NewTableReader(t, -1)
	defer rdr.Release()
	exportReader(rdr, out)
}

// exportChunked streams a chunked array as a one-column table; the host takes the column.
func exportChunked(c *arrow.Chunked, out *C.struct_ArrowArrayStream) {
	field := arrow.Field{Name: "", Type: c.DataType(), Nullable: true}
	col := arrow.NewColumn(field, c)
	defer col.Release()
	tbl := array.NewTable(arrow.NewSchema([]arrow.Field{field}, nil), []arrow.Column{*col}, int64(c.Len()))
	defer tbl.Release()
	exportTable(tbl, out)
}

func streamOf(s *C.struct_ArrowArrayStream) *streamExport {
	return cgo.Handle(*(*C.uintptr_t)(s.private_data)).Value().(*streamExport)
}

// fail records err as the stream's error; every later call reports it again.
func (x *streamExport) fail(err error) C.int {
	x.err = err
	if x.errMsg != nil {
		C.free(unsafe.Pointer(x.errMsg))
	}
	x.errMsg = C.CString(err.Error())
	return C.EIO
}

//export goarrowStreamGetSchema
func goarrowStreamGetSchema(s *C.struct_ArrowArrayStream, out *C.struct_ArrowSchema) (rc C.int) {
	x := streamOf(s)
	defer func() {
		if r := recover(); r != nil {
			rc = x.fail(panicError(r))
		}
	}()
	if x.err != nil {
		return C.EIO
	}
	exportSchema(x.rdr.Schema(), out)
	return 0
}

//export goarrowStreamGetNext
func goarrowStreamGetNext(s *C.struct_ArrowArrayStream, out *C.struct_ArrowArray) (rc C.int) {
	x := streamOf(s)
	C.memset(unsafe.Pointer(out), 0, C.sizeof_struct_ArrowArray)
	defer func() {
		if r := recover(); r != nil {
			rc = x.fail(panicError(r))
		}
	}()
	if x.err != nil {
		return C.EIO
	}
	if x.rdr.Next() {
		exportBatch(x.rdr.RecordBatch(), out, nil)
		guardArray(out)
		return 0
	}
	if err := x.rdr.Err(); err != nil && !errors.Is(err, io.EOF) {
		return x.fail(err)
	}
	return 0 // end of stream: out stays released (release == NULL)
}

//export goarrowStreamGetLastError
func goarrowStreamGetLastError(s *C.struct_ArrowArrayStream) *C.char {
	return streamOf(s).errMsg
}

//export goarrowStreamRelease
func goarrowStreamRelease(s *C.struct_ArrowArrayStream) {
	if s.release == nil {
		return
	}
	slot := (*C.uintptr_t)(s.private_data)
	h := cgo.Handle(*slot)
	x := h.Value().(*streamExport)
	func() {
		defer func() { recover() }() // a panicking Release must not unwind into the host
		x.rdr.Release()
	}()
	if x.errMsg != nil {
		C.free(unsafe.Pointer(x.errMsg))
	}
	h.Delete()
	C.free(unsafe.Pointer(slot))
	s.private_data = nil
	s.release = nil
}
