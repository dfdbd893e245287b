package codec

// Go → host, streams. A Go array.RecordReader becomes an ArrowArrayStream the host pulls from:
// each get_next runs the reader's Next on the host's thread and exports that one batch, so
// neither side ever holds the whole stream.
//
// cdata has ExportRecordReader, but its batches go through its own array export, which has the
// gaps export.go closes; and a panic in Next would unwind through the host's C frames. This
// exporter uses exportInto (either path, path.go) and turns panics into stream errors.

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

// streamExport is what an exported stream holds: a reader of record batches, or the chunks of a
// chunked array (the Arrow PyCapsule encoding of a ChunkedArray: a stream of its arrays).
type streamExport struct {
	rdr     array.RecordReader
	chunked *arrow.Chunked
	next    int // the chunk get_next exports next
	err     error
	errMsg  *C.char
}

// exportReader hands rdr over to the stream: the stream releases it when the host releases it.
func exportReader(rdr array.RecordReader, out *C.struct_ArrowArrayStream) {
	rdr.Retain()
	exportStream(&streamExport{rdr: rdr}, out)
}

func exportStream(x *streamExport, out *C.struct_ArrowArrayStream) {
	slot := (*C.uintptr_t)(C.malloc(C.sizeof_uintptr_t))
	*slot = C.uintptr_t(cgo.NewHandle(x))
	out.private_data = unsafe.Pointer(slot)
	setStreamCallbacks(out) // fork.go: Go's callbacks behind fork guards
}

// exportTable streams a table's batches as they are stored, without copying: when every column
// is chunked alike, one batch per chunk, empty ones included; otherwise one batch per run where
// no column starts a new chunk (arrow-go's TableReader, which skips empty runs).
func exportTable(t arrow.Table, out *C.struct_ArrowArrayStream) {
	var rdr array.RecordReader
	if batches := alignedBatches(t); batches != nil {
		rdr, _ = array.NewRecordReader(t.Schema(), batches) // cannot fail: the schema is theirs
		for _, b := range batches {
			b.Release()
		}
	} else {
		rdr = array.NewTableReader(t, -1)
	}
	defer rdr.Release()
	exportReader(rdr, out)
}

// alignedBatches gives t's batches when all its columns have the same chunk lengths, else nil.
func alignedBatches(t arrow.Table) []arrow.RecordBatch {
	if t.NumCols() == 0 {
		return nil
	}
	first := t.Column(0).Data().Chunks()
	for i := 1; i < int(t.NumCols()); i++ {
		chunks := t.Column(i).Data().Chunks()
		if len(chunks) != len(first) {
			return nil
		}
		for j, c := range chunks {
			if c.Len() != first[j].Len() {
				return nil
			}
		}
	}
	batches := make([]arrow.RecordBatch, len(first))
	for j := range first {
		cols := make([]arrow.Array, t.NumCols())
		for i := range cols {
			cols[i] = t.Column(i).Data().Chunk(j)
		}
		batches[j] = array.NewRecordBatch(t.Schema(), cols, int64(first[j].Len()))
	}
	return batches
}

// exportChunked streams a chunked array's chunks as they are, empty ones included.
func exportChunked(c *arrow.Chunked, out *C.struct_ArrowArrayStream) {
	c.Retain()
	exportStream(&streamExport{chunked: c}, out)
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

// failOnPanic, deferred by each callback the host calls, turns a panic into the stream's error
// (*rc, EIO): a panic must not unwind into the host.
func (x *streamExport) failOnPanic(rc *C.int) {
	if r := recover(); r != nil {
		*rc = x.fail(PanicError(r))
	}
}

//export goarrowStreamGetSchema
func goarrowStreamGetSchema(s *C.struct_ArrowArrayStream, out *C.struct_ArrowSchema) (rc C.int) {
	x := streamOf(s)
	defer x.failOnPanic(&rc)
	if x.err != nil {
		return C.EIO
	}
	if x.chunked != nil {
		exportField(arrow.Field{Type: x.chunked.DataType(), Nullable: true}, out)
		return 0
	}
	exportSchema(x.rdr.Schema(), out)
	return 0
}

//export goarrowStreamGetNext
func goarrowStreamGetNext(s *C.struct_ArrowArrayStream, out *C.struct_ArrowArray) (rc C.int) {
	x := streamOf(s)
	C.memset(unsafe.Pointer(out), 0, C.sizeof_struct_ArrowArray)
	defer x.failOnPanic(&rc)
	if x.err != nil {
		return C.EIO
	}
	if x.chunked != nil {
		if x.next < len(x.chunked.Chunks()) {
			exportInto(x.chunked.Chunk(x.next), out)
			x.next++
		}
		return 0
	}
	if x.rdr.Next() {
		exportInto(x.rdr.RecordBatch(), out)
		return 0
	}
	if err := x.rdr.Err(); err != nil && !errors.Is(err, io.EOF) {
		return x.fail(err)
	}
	return 0 // end of stream: out stays released (release == NULL)
}

//export goarrowReleaseExport
func goarrowReleaseExport(held C.uintptr_t) { releaseExport(uintptr(held)) } // export_flat.go

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
		if x.chunked != nil {
			x.chunked.Release()
		} else {
			x.rdr.Release()
		}
	}()
	if x.errMsg != nil {
		C.free(unsafe.Pointer(x.errMsg))
	}
	h.Delete()
	C.free(unsafe.Pointer(slot))
	s.private_data = nil
	s.release = nil
}
