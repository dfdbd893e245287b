package pyhost_test

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/bridge"
	"github.com/goarrow/goarrow/go/pyhost"
)

// The Python side of the tests, embedded so that the test binary runs from anywhere (Bazel runs
// it from its runfiles).
//
//go:embed testdata/hosttest.py
var hosttest string

var mod *pyhost.Object

func TestMain(m *testing.M) {
	if err := pyhost.Start(pyhost.Config{}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var err error
	if mod, err = pyhost.Module("hosttest", "go/pyhost/testdata/hosttest.py", hosttest); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func fn(t testing.TB, name string) *pyhost.Object {
	t.Helper()
	f, err := mod.Attr(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Release)
	return f
}

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// goAddresses gives the address of each buffer Go reads (0 for absent or empty ones), to compare
// with the addresses Python reports for the same data.
func goAddresses(arr arrow.Array) []uint64 {
	var out []uint64
	for _, b := range arr.Data().Buffers() {
		if b == nil || b.Len() == 0 {
			out = append(out, 0)
		} else {
			out = append(out, uint64(uintptr(unsafe.Pointer(&b.Bytes()[0]))))
		}
	}
	return out
}

func TestArrayFromPythonKeepsValuesNullsAndBuffers(t *testing.T) {
	arr := must[arrow.Array](t)(fn(t, "floats_with_nulls").CallArray())
	defer arr.Release()
	f := arr.(*array.Float64)
	if got := f.String(); got != "[1.5 (null) 3 (null) 5.25]" {
		t.Fatalf("got %s", got)
	}
	if f.NullN() != 2 || !f.IsNull(1) || !f.IsNull(3) {
		t.Fatalf("validity bitmap lost: %d nulls", f.NullN())
	}
	// Go's array passed back to Python: Python sees the same buffers Go reads.
	py := must[arrow.Array](t)(fn(t, "addresses").CallArray(arr))
	defer py.Release()
	want := py.(*array.Uint64)
	got := goAddresses(arr)
	for i := range got {
		if want.IsValid(i) && want.Value(i) != got[i] {
			t.Fatalf("buffer %d: Python %#x, Go %#x", i, want.Value(i), got[i])
		}
	}
}

func TestZeroCopyAddressOfPythonsValues(t *testing.T) {
	// The object stays in Python's cache, so its address can be asked for separately.
	series := fn(t, "cached_series")
	obj := must[*pyhost.Object](t)(series.Call(1000))
	defer obj.Release()
	pyAddr := must[any](t)(fn(t, "values_address").CallValue(obj)).(int64)
	arr := must[arrow.Array](t)(obj.Array())
	defer arr.Release()
	if got := goAddresses(arr)[1]; got != uint64(pyAddr) {
		t.Fatalf("Go reads %#x, Python's buffer is at %#x: a copy was made", got, pyAddr)
	}
}

func TestStringsBatchesTablesAndStreams(t *testing.T) {
	s := must[arrow.Array](t)(fn(t, "strings").CallArray())
	defer s.Release()
	if got := s.String(); got != `["a" (null) "héloïse" ""]` {
		t.Fatalf("strings: %s", got)
	}

	rb := must[arrow.RecordBatch](t)(fn(t, "batch").CallRecordBatch())
	defer rb.Release()
	if rb.NumRows() != 3 || rb.Schema().Field(1).Name != "s" || rb.Column(0).(*array.Int64).Value(2) != 3 {
		t.Fatalf("batch: %v", rb)
	}

	tbl := must[arrow.Table](t)(fn(t, "table").CallTable())
	defer tbl.Release()
	if tbl.NumRows() != 6 || len(tbl.Column(0).Data().Chunks()) != 3 {
		t.Fatalf("table: %d rows, %d chunks", tbl.NumRows(), len(tbl.Column(0).Data().Chunks()))
	}

	// A stream is pulled lazily: after reading one batch, Python has produced one (pyarrow reads
	// its generator one batch ahead at most).
	rdr := must[array.RecordReader](t)(fn(t, "lazy_stream").CallReader(100, 10))
	defer rdr.Release()
	produced := fn(t, "produced_so_far")
	if !rdr.Next() {
		t.Fatal(rdr.Err())
	}
	if n := must[any](t)(produced.CallValue()).(int64); n > 2 {
		t.Fatalf("after one batch Python produced %d: the stream is not lazy", n)
	}
	rows := rdr.RecordBatch().NumRows()
	for rdr.Next() {
		rows += rdr.RecordBatch().NumRows()
	}
	if rdr.Err() != nil || rows != 1000 {
		t.Fatalf("read %d rows, err %v", rows, rdr.Err())
	}
}

func goFloats(n int) arrow.Array {
	b := array.NewFloat64Builder(bridge.Allocator)
	defer b.Release()
	for i := 0; i < n; i++ {
		if i%10 == 3 {
			b.AppendNull()
		} else {
			b.Append(float64(i))
		}
	}
	return b.NewArray()
}

func TestGoDataIntoPython(t *testing.T) {
	arr := goFloats(100)
	defer arr.Release()
	describe := fn(t, "describe")
	if got := must[*pyhost.Object](t)(describe.Call(arr)); got.String() != "DoubleArray len=100 nulls=10 sum=4470.0" {
		t.Fatalf("array: %s", got)
	} else {
		got.Release()
	}
	// Python reads Go's buffer in place.
	addr := must[any](t)(fn(t, "values_address").CallValue(arr)).(int64)
	if uint64(addr) != goAddresses(arr)[1] {
		t.Fatalf("Python sees %#x, Go's buffer is at %#x", addr, goAddresses(arr)[1])
	}

	rb := array.NewRecordBatch(arrow.NewSchema([]arrow.Field{{Name: "f", Type: arrow.PrimitiveTypes.Float64, Nullable: true}}, nil), []arrow.Array{arr}, 100)
	defer rb.Release()
	tbl := array.NewTableFromRecords(rb.Schema(), []arrow.RecordBatch{rb, rb})
	defer tbl.Release()
	rdr, _ := array.NewRecordReader(rb.Schema(), []arrow.RecordBatch{rb, rb, rb})
	defer rdr.Release()
	for _, c := range []struct {
		arg  any
		want string
	}{
		{rb, "RecordBatch 100x1 ['f']"},
		{tbl, "Table 200x1 chunks=2"},
		{rdr, "RecordBatchReader rows=300"},
		{int64(7), "int 7"},
		{"héloïse", "str 'héloïse'"},
		{nil, "NoneType None"},
	} {
		got := must[*pyhost.Object](t)(describe.Call(c.arg))
		if got.String() != c.want {
			t.Errorf("%T: got %q, want %q", c.arg, got, c.want)
		}
		got.Release()
	}
	// An array made in Python, back through Go, to Python: still Python's buffer.
	obj := must[*pyhost.Object](t)(fn(t, "cached_series").Call(10))
	defer obj.Release()
	back := must[any](t)(fn(t, "identity").CallValue(obj)).(arrow.Array)
	defer back.Release()
	if a, b := must[any](t)(fn(t, "values_address").CallValue(obj)).(int64), goAddresses(back)[1]; uint64(a) != b {
		t.Fatalf("round trip moved the buffer: %#x vs %#x", a, b)
	}
}

func TestPythonExceptionsAreGoErrorsWithTraceback(t *testing.T) {
	_, err := fn(t, "fail").Call("bad input")
	var pe *pyhost.Error
	if !errors.As(err, &pe) {
		t.Fatalf("got %T %v", err, err)
	}
	if pe.Type != "ValueError" || pe.Message != "bad input" {
		t.Fatalf("got %q %q", pe.Type, pe.Message)
	}
	for _, want := range []string{"Traceback (most recent call last)", "hosttest.py", "in fail", "in inner", "ValueError: bad input"} {
		if !strings.Contains(pe.Traceback, want) || !strings.Contains(err.Error(), want) {
			t.Errorf("traceback lacks %q:\n%s", want, pe.Traceback)
		}
	}
	// Not Arrow data where Arrow data is wanted: a TypeError naming what came back.
	_, err = fn(t, "identity").CallArray(int64(3))
	if !errors.As(err, &pe) || pe.Type != "TypeError" || !strings.Contains(pe.Message, "__arrow_c_array__") || !strings.Contains(pe.Message, "int") {
		t.Fatalf("got %v", err)
	}
	if _, err := pyhost.Import("no_such_module_here"); !errors.As(err, &pe) || pe.Type != "ModuleNotFoundError" {
		t.Fatalf("import: %v", err)
	}
	if _, err := mod.Attr("nope"); !errors.As(err, &pe) || pe.Type != "AttributeError" {
		t.Fatalf("attr: %v", err)
	}
	if _, err := fn(t, "identity").Call(struct{}{}); err == nil || !errors.Is(err, bridge.ErrType) {
		t.Fatalf("a Go value Python cannot take: %v", err)
	}
	f := must[*pyhost.Object](t)(mod.Attr("identity"))
	f.Release()
	if _, err := f.Call(); !errors.Is(err, pyhost.ErrReleased) {
		t.Fatalf("use after release: %v", err)
	}
	// After all that, calls work.
	arr := must[arrow.Array](t)(fn(t, "floats_with_nulls").CallArray())
	arr.Release()
}

func TestManyGoroutinesCallAtOnce(t *testing.T) {
	// Four goroutines wait on one threading.Barrier inside Python: it only opens if all four are
	// in Python at once, i.e. each call dropped the GIL while blocked and nothing serializes calls.
	const n = 4
	must[*pyhost.Object](t)(fn(t, "barrier_reset").Call(n)).Release()
	wait := fn(t, "barrier_wait")
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := wait.CallValue()
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	// And 8 goroutines x 500 mixed crossings, each checking what it reads.
	series, describe := fn(t, "cached_series"), fn(t, "describe")
	var wg2 sync.WaitGroup
	fails := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg2.Add(1)
		go func(g int) {
			defer wg2.Done()
			for i := 0; i < 500; i++ {
				n := 1 + (g*500+i)%7
				arr, err := series.CallArray(n)
				if err != nil || arr.Len() != n {
					fails <- fmt.Sprint(err)
					return
				}
				arr.Release()
				mine := goFloats(20)
				d, err := describe.Call(mine)
				mine.Release()
				if err != nil || d.String() != "DoubleArray len=20 nulls=2 sum=174.0" {
					fails <- fmt.Sprint(err, d)
					return
				}
				d.Release()
			}
		}(g)
	}
	wg2.Wait()
	close(fails)
	for f := range fails {
		t.Fatal(f)
	}
}

func rss() int64 {
	b, _ := os.ReadFile("/proc/self/statm")
	f := strings.Fields(string(b))
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

func TestNoLeakAfter10000Crossings(t *testing.T) {
	alloc, pool, describe := fn(t, "allocated"), fn(t, "series_in_pool"), fn(t, "describe")
	pyBytes := func() int64 { return must[any](t)(alloc.CallValue()).(int64) }
	crossing := func() {
		arr := must[arrow.Array](t)(pool.CallArray(1000)) // 8 kB in pyarrow's pool, held by Go
		if arr.(*array.Float64).Value(999) != 999 {
			t.Fatal("wrong value")
		}
		arr.Release()
		mine := goFloats(1000) // 8 kB in C memory, held by Python during the call
		d := must[*pyhost.Object](t)(describe.Call(mine))
		mine.Release()
		d.Release()
	}
	for i := 0; i < 1000; i++ { // warm up caches and allocator arenas
		crossing()
	}
	runtime.GC()
	py0, go0, live0, rss0 := pyBytes(), bridge.Allocator.AllocatedBytes(), pyhost.LiveObjects(), rss()

	// While Go holds them, pyarrow's pool shows Python's buffers: the counters can see a leak.
	held := must[arrow.Array](t)(pool.CallArray(1 << 20))
	if d := pyBytes() - py0; d < 8<<20 {
		t.Fatalf("pyarrow counts %d bytes for an 8 MiB array Go holds", d)
	}
	held.Release()

	for i := 0; i < 10000; i++ {
		crossing()
	}
	runtime.GC()
	py1, go1, live1, rss1 := pyBytes(), bridge.Allocator.AllocatedBytes(), pyhost.LiveObjects(), rss()
	t.Logf("after 10,000 crossings each way: pyarrow %+d B, Go C memory %+d B, live objects %+d, RSS %+.2f MiB",
		py1-py0, go1-go0, live1-live0, float64(rss1-rss0)/(1<<20))
	if py1 != py0 || go1 != go0 || live1 != live0 {
		t.Fatalf("leak: pyarrow %d -> %d, Go %d -> %d, objects %d -> %d", py0, py1, go0, go1, live0, live1)
	}
	// The race detector's runtime grows its shadow memory with every address it sees: RSS says
	// nothing about leaks there (the counters above still do).
	if rss1-rss0 > 16<<20 && !raceEnabled {
		t.Fatalf("RSS grew by %d MiB", (rss1-rss0)>>20)
	}
}

// Chunked arrays, fields and data types cross both ways: go/pyhost uses the extension's own
// codec (go/internal/codec ExportValue / ImportValue), which has them, not a copy of it.
func TestChunkedFieldAndTypeCrossBothWays(t *testing.T) {
	a, b := goFloats(100), goFloats(50)
	defer a.Release()
	defer b.Release()
	chunked := arrow.NewChunked(arrow.PrimitiveTypes.Float64, []arrow.Array{a, b})
	defer chunked.Release()
	field := arrow.Field{Name: "f", Type: arrow.PrimitiveTypes.Float64, Nullable: true}
	describe := fn(t, "describe")
	for _, c := range []struct {
		arg  any
		want string
	}{
		{chunked, "ChunkedArray len=150 chunks=2 type=double"},
		{field, "Field pyarrow.Field<f: double>"},
		{arrow.PrimitiveTypes.Float64, "DataType DataType(double)"},
	} {
		got := must[*pyhost.Object](t)(describe.Call(c.arg))
		if got.String() != c.want {
			t.Errorf("%T: got %q, want %q", c.arg, got, c.want)
		}
		got.Release()
	}
	// And back: Python returns the chunked array it got; Go sees its own two buffers.
	back := must[any](t)(fn(t, "identity").CallValue(chunked))
	ch, ok := back.(*arrow.Chunked)
	if !ok {
		t.Fatalf("identity(chunked) came back as %T", back)
	}
	defer ch.Release()
	if len(ch.Chunks()) != 2 || goAddresses(ch.Chunk(0))[1] != goAddresses(a)[1] || goAddresses(ch.Chunk(1))[1] != goAddresses(b)[1] {
		t.Fatalf("the chunks came back at other addresses: %d chunks", len(ch.Chunks()))
	}
}
