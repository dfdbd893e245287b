package testfuncs

// Benchmark helpers: the baselines the benchmark suite compares the bridge against, and a
// Go-held array to measure export cost alone.

// static double* ga_ptr(unsigned long long a) { return (double*)a; }
import "C"

import (
	"bytes"
	"fmt"
	"sync"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/goarrow/goarrow/go/bridge"
	"github.com/goarrow/goarrow/go/functions"
)

var held = struct {
	sync.Mutex
	arrays map[int64]arrow.Array
}{arrays: map[int64]arrow.Array{}}

// A float64 array of n values that Go made once and keeps: calling this measures the
// Go → Python export alone. bench.drop_held() lets the arrays go.
//
//goarrow:export bench.held
func Held(n int64) (arrow.Array, error) {
	held.Lock()
	defer held.Unlock()
	a, ok := held.arrays[n]
	if !ok {
		var err error
		if a, err = functions.Generate(n, n); err != nil {
			return nil, err
		}
		held.arrays[n] = a
	}
	a.Retain()
	return a, nil
}

// The number of values in every column of b, read one column at a time: the cost of a function
// that uses each column of a batch (a batch's columns are made when first used).
//
//goarrow:export bench.read_columns
func ReadColumns(b arrow.RecordBatch) int64 {
	var n int64
	for i := range int(b.NumCols()) {
		n += int64(b.Column(i).Len())
	}
	return n
}

// A stream of batches record batches of rows float64 values each, all made once and kept
// by Go (the same batch repeated): reading it measures the per-batch cost of the Go → Python
// stream export alone.
//
//goarrow:export bench.held_stream
func HeldStream(batches, rows int64) (array.RecordReader, error) {
	if batches < 0 {
		return nil, fmt.Errorf("%w: held_stream() needs batches >= 0", bridge.ErrValue)
	}
	col, err := Held(rows)
	if err != nil {
		return nil, err
	}
	defer col.Release()
	schema := arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Float64}}, nil)
	rec := array.NewRecordBatch(schema, []arrow.Array{col}, rows)
	defer rec.Release()
	recs := make([]arrow.RecordBatch, batches)
	for i := range recs {
		recs[i] = rec
	}
	return array.NewRecordReader(schema, recs)
}

// Release every array bench.held made.
//
//goarrow:export bench.drop_held
func DropHeld() {
	held.Lock()
	defer held.Unlock()
	for n, a := range held.arrays {
		a.Release()
		delete(held.arrays, n)
	}
}

// The original POC's crossing: Go gets a float64 buffer as a bare address and length (no
// validity bitmap, no type, no ownership) and views it as a []float64. Returns the first value
// (0 when empty), so the memory is really read. Unsafe by design; a baseline only.
//
//goarrow:export bench.raw_length
func RawLength(address, length int64) (float64, error) {
	if address == 0 || length < 0 {
		return 0, fmt.Errorf("%w: raw_length() needs a non-null address and length >= 0", bridge.ErrValue)
	}
	vals := unsafeFloat64s(address, length)
	if len(vals) == 0 {
		return 0, nil
	}
	return vals[0], nil
}

func unsafeFloat64s(address, length int64) []float64 {
	p := C.ga_ptr(C.ulonglong(address))
	return unsafe.Slice((*float64)(unsafe.Pointer(p)), length)
}

// The copying baseline: read an Arrow IPC stream (bytes serialized by Python) in Go and
// return its row count.
//
//goarrow:export bench.ipc_rows
func IPCRows(data []byte) (int64, error) {
	r, err := ipc.NewReader(bytes.NewReader(data), ipc.WithAllocator(bridge.Allocator))
	if err != nil {
		return 0, fmt.Errorf("%w: not an Arrow IPC stream: %v", bridge.ErrValue, err)
	}
	defer r.Release()
	var n int64
	for r.Next() {
		n += r.RecordBatch().NumRows()
	}
	return n, r.Err()
}

// n itself: a call carrying no Arrow data (one int in, one int out), for the cost of the call
// machinery alone.
//
//goarrow:export bench.nop
func Nop(n int64) (int64, error) {
	return n, nil
}
