package bridge_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/goarrow/goarrow/go/bridge"
	"github.com/goarrow/goarrow/go/bridge/bridgetest"
)

func init() {
	bridge.MustRegister(bridge.Func{Name: "t.echo", Params: []string{"x"}, Fn: func(x any) any {
		if r, ok := x.(interface{ Retain() }); ok {
			r.Retain()
		}
		return x
	}})
	bridge.MustRegister(bridge.Func{Name: "t.add", Params: []string{"a", "b"}, Fn: func(a int32, b float64) float64 { return float64(a) + b }})
	bridge.MustRegister(bridge.Func{Name: "t.fail", Params: nil, Fn: func() error { return errors.New("it broke") }})
	bridge.MustRegister(bridge.Func{Name: "t.typed", Params: []string{"x"}, Fn: func(x int64) error { return fmt.Errorf("%w: nope", bridge.ErrType) }})
	bridge.MustRegister(bridge.Func{Name: "t.panic", Params: []string{"x"}, Fn: func(x arrow.Array) int { panic("boom") }})
	bridge.MustRegister(bridge.Func{Name: "t.ctx", Params: []string{"s"}, Fn: func(ctx context.Context, s string) string { return strings.ToUpper(s) }})
	bridge.MustRegister(bridge.Func{Name: "t.rows", Params: []string{"r"}, Fn: func(r array.RecordReader) (int64, error) {
		var n int64
		for r.Next() {
			n += r.RecordBatch().NumRows()
		}
		return n, r.Err()
	}})
}

func addr(b *memory.Buffer) uintptr {
	if b == nil || len(b.Buf()) == 0 {
		return 0
	}
	return uintptr(unsafe.Pointer(unsafe.SliceData(b.Buf())))
}

func float64Array(t *testing.T, vals []float64, valid []bool) arrow.Array {
	b := array.NewFloat64Builder(bridge.Allocator)
	defer b.Release()
	b.AppendValues(vals, valid)
	return b.NewArray()
}

func TestEchoIsZeroCopyAndFreesEverything(t *testing.T) {
	base := bridge.Allocator.AllocatedBytes()
	arr := float64Array(t, []float64{1, 2, 3, 4}, []bool{true, false, true, true})
	out, err := bridgetest.Call("t.echo", arr)
	if err != nil {
		t.Fatal(err)
	}
	got := out.(arrow.Array)
	if !array.Equal(arr, got) {
		t.Fatalf("echo changed the values: %v != %v", got, arr)
	}
	for i, b := range arr.Data().Buffers() {
		if addr(b) != addr(got.Data().Buffers()[i]) {
			t.Errorf("buffer %d was copied: %x != %x", i, addr(b), addr(got.Data().Buffers()[i]))
		}
	}
	got.Release()
	arr.Release()
	if n := bridge.Allocator.AllocatedBytes(); n != base {
		t.Fatalf("leak: %d bytes still allocated (baseline %d)", n, base)
	}
}

// bridgetest.Call passes what the extension passes: chunked arrays, fields and types too, through
// the same codec, and they come back over the same buffers.
func TestChunkedFieldAndTypeCross(t *testing.T) {
	base := bridge.Allocator.AllocatedBytes()
	a := float64Array(t, []float64{1, 2}, nil)
	b := float64Array(t, []float64{3}, nil)
	chunked := arrow.NewChunked(arrow.PrimitiveTypes.Float64, []arrow.Array{a, b})
	a.Release()
	b.Release()
	out, err := bridgetest.Call("t.echo", chunked)
	if err != nil {
		t.Fatal(err)
	}
	got := out.(*arrow.Chunked)
	if len(got.Chunks()) != 2 || addr(got.Chunk(1).Data().Buffers()[1]) != addr(chunked.Chunk(1).Data().Buffers()[1]) {
		t.Fatalf("chunks changed or were copied: %v", got)
	}
	got.Release()
	chunked.Release()
	field := arrow.Field{Name: "f", Type: arrow.BinaryTypes.String, Nullable: true}
	if out, err := bridgetest.Call("t.echo", field); err != nil || !out.(arrow.Field).Equal(field) {
		t.Fatalf("field: %v, %v", out, err)
	}
	if out, err := bridgetest.Call("t.echo", arrow.PrimitiveTypes.Int32); err != nil || !arrow.TypeEqual(out.(arrow.DataType), arrow.PrimitiveTypes.Int32) {
		t.Fatalf("type: %v, %v", out, err)
	}
	if n := bridge.Allocator.AllocatedBytes(); n != base {
		t.Fatalf("C memory: %d bytes left", n-base)
	}
}

func TestScalarsAndErrors(t *testing.T) {
	if out, err := bridgetest.Call("t.add", int64(2), 0.5); err != nil || out != 2.5 {
		t.Fatalf("add = %v, %v", out, err)
	}
	if out, err := bridgetest.Call("t.ctx", "go"); err != nil || out != "GO" {
		t.Fatalf("ctx = %v, %v", out, err)
	}
	cases := []struct {
		name   string
		args   []any
		status string
		substr string
	}{
		{"t.fail", nil, "GoError", "it broke"},
		{"t.typed", []any{int64(1)}, "TypeError", "nope"},
		{"t.add", []any{int64(1)}, "TypeError", "takes 2 arguments (1 given)"},
		{"t.add", []any{"x", 1.0}, "TypeError", `argument "a": expected int, got str`},
		{"t.add", []any{int64(1) << 40, 1.0}, "ValueError", "out of range for int32"},
		{"t.panic", []any{float64Array(t, []float64{1}, nil)}, "GoPanic", "boom"},
		{"nope", nil, "LookupError", "nope"},
	}
	for _, c := range cases {
		_, err := bridgetest.Call(c.name, c.args...)
		var ce *bridgetest.CallError
		if !errors.As(err, &ce) || ce.Status != c.status || !strings.Contains(ce.Message, c.substr) {
			t.Errorf("%s(%v): got %v, want %s containing %q", c.name, c.args, err, c.status, c.substr)
		}
	}
	// A panic carries the Go stack, and the bridge keeps working after it.
	_, err := bridgetest.Call("t.panic", float64Array(t, []float64{1}, nil))
	if !strings.Contains(err.Error(), "Go stack") {
		t.Errorf("panic message has no stack: %v", err)
	}
	if out, err := bridgetest.Call("t.add", int64(1), 1.0); err != nil || out != 2.0 {
		t.Fatalf("after panic: %v, %v", out, err)
	}
}

func TestStreamsAreReadLazily(t *testing.T) {
	schema := arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Float64}}, nil)
	var batches []arrow.RecordBatch
	for i := 0; i < 5; i++ {
		col := float64Array(t, make([]float64, 10+i), nil)
		batches = append(batches, array.NewRecordBatch(schema, []arrow.Array{col}, int64(col.Len())))
		col.Release()
	}
	rdr, err := array.NewRecordReader(schema, batches)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Release()
	out, err := bridgetest.Call("t.rows", rdr)
	if err != nil || out != int64(10+11+12+13+14) {
		t.Fatalf("rows = %v, %v", out, err)
	}
	for _, b := range batches {
		b.Release()
	}
}

func TestRegisterRejectsBadSignatures(t *testing.T) {
	// Each bad function with the reason Register must give: a refusal for another reason (or
	// none) is a failure.
	bad := []struct {
		f    bridge.Func
		want string
	}{
		{bridge.Func{Name: "", Fn: func() {}}, "bridge: a function needs a name"},
		{bridge.Func{Name: "b.notfunc", Fn: 3}, "bridge: b.notfunc: Fn is a int, not a func"},
		{bridge.Func{Name: "b.variadic", Params: []string{"a"}, Fn: func(a ...int) {}},
			"bridge: b.variadic: variadic functions are not supported"},
		{bridge.Func{Name: "b.params", Params: []string{"a"}, Fn: func() {}},
			"bridge: b.params takes 0 parameters but Params names 1"},
		{bridge.Func{Name: "b.param", Params: []string{"a"}, Fn: func(a chan int) {}},
			"bridge: b.param: parameter a: cannot take a chan int from Python"},
		{bridge.Func{Name: "b.result", Fn: func() chan int { return nil }},
			"bridge: b.result: result: cannot return chan int to Python"},
		{bridge.Func{Name: "b.second", Fn: func() (int, int) { return 0, 0 }},
			"bridge: b.second: a second result must be error"},
		{bridge.Func{Name: "b.three", Fn: func() (int, int, error) { return 0, 0, nil }},
			"bridge: b.three: at most two results (a value and an error)"},
		{bridge.Func{Name: "t.echo", Params: []string{"x"}, Fn: func(x any) any { return x }},
			`bridge: "t.echo" is already registered`},
	}
	for _, c := range bad {
		err := bridge.Register(c.f)
		if err == nil {
			t.Errorf("Register(%q) accepted a bad function", c.f.Name)
		} else if err.Error() != c.want {
			t.Errorf("Register(%q) = %q, want %q", c.f.Name, err, c.want)
		}
	}
}

// pointType is an extension type the bridge has never heard of (it is not registered).
type pointType struct{ arrow.ExtensionBase }

type pointArray struct{ array.ExtensionArrayBase }

func (*pointType) ExtensionName() string { return "test.point" }
func (*pointType) Serialize() string     { return "crs=4326" }
func (*pointType) ArrayType() reflect.Type {
	return reflect.TypeOf(pointArray{})
}
func (p *pointType) Deserialize(s arrow.DataType, _ string) (arrow.ExtensionType, error) {
	return p, nil
}
func (p *pointType) ExtensionEquals(o arrow.ExtensionType) bool {
	return o.ExtensionName() == p.ExtensionName()
}

func structArray(t *testing.T) arrow.Array {
	st := arrow.StructOf(arrow.Field{Name: "x", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		arrow.Field{Name: "y", Type: arrow.PrimitiveTypes.Float64, Nullable: true})
	arr, _, err := array.FromJSON(bridge.Allocator, st, strings.NewReader(`[{"x":1,"y":2},null,{"x":3,"y":4},{"x":5,"y":null}]`))
	if err != nil {
		t.Fatal(err)
	}
	return arr
}

func TestSlicedStructsAndUnknownExtensionTypesRoundTrip(t *testing.T) {
	base := bridge.Allocator.AllocatedBytes()
	storage := structArray(t)
	ext := array.NewExtensionArrayWithStorage(&pointType{arrow.ExtensionBase{Storage: storage.DataType()}}, storage)
	inputs := []arrow.Array{storage, array.NewSlice(storage, 1, 4), ext, array.NewSlice(ext, 2, 4)}
	for _, in := range inputs {
		out, err := bridgetest.Call("t.echo", in)
		if err != nil {
			t.Fatal(err)
		}
		got := out.(arrow.Array)
		if in.DataType().ID() == arrow.EXTENSION {
			et, ok := got.DataType().(arrow.ExtensionType)
			if !ok || et.ExtensionName() != "test.point" || et.Serialize() != "crs=4326" {
				t.Fatalf("extension type lost: got %s", got.DataType())
			}
			in, got = in.(array.ExtensionArray).Storage(), got.(array.ExtensionArray).Storage()
		}
		if !array.Equal(in, got) {
			t.Errorf("echo of %s changed it: %v != %v", in.DataType(), got, in)
		}
		gs, is := got.(*array.Struct), in.(*array.Struct)
		if addr(gs.Field(0).Data().Buffers()[1]) != addr(is.Field(0).Data().Buffers()[1]) {
			t.Errorf("child buffer was copied")
		}
		out.(arrow.Array).Release()
	}
	for _, in := range inputs {
		in.Release()
	}
	if n := bridge.Allocator.AllocatedBytes(); n != base {
		t.Fatalf("leak: %d bytes still allocated (baseline %d)", n, base)
	}
}

// Flat arrays (fixed width, boolean, strings, binary) cross without cdata's importer: every
// such type, sliced and with nulls, and empty, must come back equal, over the same buffers, and
// leave nothing allocated once released.
func TestEveryFlatTypeRoundTripsOverItsBuffers(t *testing.T) {
	types := map[arrow.DataType]string{
		arrow.FixedWidthTypes.Boolean:      `[true, null, false, true, true]`,
		arrow.PrimitiveTypes.Int8:          `[1, null, -3, 4, 5]`,
		arrow.PrimitiveTypes.Int16:         `[1, null, -3, 4, 5]`,
		arrow.PrimitiveTypes.Int32:         `[1, null, -3, 4, 5]`,
		arrow.PrimitiveTypes.Int64:         `[1, null, -3, 4, 5]`,
		arrow.PrimitiveTypes.Uint8:         `[1, null, 3, 4, 5]`,
		arrow.PrimitiveTypes.Uint16:        `[1, null, 3, 4, 5]`,
		arrow.PrimitiveTypes.Uint32:        `[1, null, 3, 4, 5]`,
		arrow.PrimitiveTypes.Uint64:        `[1, null, 3, 4, 5]`,
		arrow.FixedWidthTypes.Float16:      `[1.5, null, 3, 4, 5]`,
		arrow.PrimitiveTypes.Float32:       `[1.5, null, 3, 4, 5]`,
		arrow.PrimitiveTypes.Float64:       `[1.5, null, 3, 4, 5]`,
		arrow.FixedWidthTypes.Date32:       `[1, null, 3, 4, 5]`,
		arrow.FixedWidthTypes.Date64:       `[86400000, null, 0, 86400000, 0]`,
		arrow.FixedWidthTypes.Time32s:      `[1, null, 3, 4, 5]`,
		arrow.FixedWidthTypes.Time64us:     `[1, null, 3, 4, 5]`,
		arrow.FixedWidthTypes.Timestamp_us: `[1, null, 3, 4, 5]`,
		arrow.FixedWidthTypes.Duration_ms:  `[1, null, 3, 4, 5]`,
		arrow.BinaryTypes.String:           `["a", null, "ccc", "", "é"]`,
		arrow.BinaryTypes.Binary:           `["YQ==", null, "Y2Nj", "", "AA=="]`,
		arrow.BinaryTypes.LargeString:      `["a", null, "ccc", "", "é"]`,
		arrow.BinaryTypes.LargeBinary:      `["YQ==", null, "Y2Nj", "", "AA=="]`,
	}
	for typ, js := range types {
		// Each input is the only holder of its memory, so the allocator shows when the host's
		// copy of it (the imported array) lets go: not before Go released what it imported.
		input := func(lo, hi int) arrow.Array {
			whole, _, err := array.FromJSON(bridge.Allocator, typ, strings.NewReader(js))
			if err != nil {
				t.Fatalf("%s: %v", typ, err)
			}
			defer whole.Release()
			return array.NewSlice(whole, int64(lo), int64(hi))
		}
		// The first crossing of a type caches its exported schema; count from after it.
		warm := input(0, 5)
		if out, err := bridgetest.Call("t.echo", warm); err == nil {
			out.(arrow.Array).Release()
		}
		warm.Release()
		base := bridge.Allocator.AllocatedBytes()
		for _, r := range [][2]int{{0, 5}, {1, 4}, {5, 5}} {
			in := input(r[0], r[1])
			out, err := bridgetest.Call("t.echo", in)
			if err != nil {
				t.Fatalf("%s: %v", typ, err)
			}
			got := out.(arrow.Array)
			if !arrow.TypeEqual(got.DataType(), typ) || !array.Equal(in, got) || got.NullN() != in.NullN() {
				t.Errorf("%s: echo of %v gave %v", typ, in, got)
			}
			for i, b := range in.Data().Buffers() {
				if in.Len() > 0 && addr(b) != addr(got.Data().Buffers()[i]) {
					t.Errorf("%s: buffer %d was copied", typ, i)
				}
			}
			in.Release()
			if bridge.Allocator.AllocatedBytes() == base {
				t.Errorf("%s: the input's memory was freed while Go's import of it was alive", typ)
			}
			got.Release()
			if n := bridge.Allocator.AllocatedBytes(); n != base {
				t.Fatalf("%s: leak: %d bytes still allocated (baseline %d)", typ, n, base)
			}
		}
	}
}

// A record batch whose function keeps it past the call and reads its columns later, from many
// goroutines at once: every goroutine sees the same array per column, over the exported
// buffers; and everything is freed once the last holder lets go.
func TestAKeptBatchIsReadLaterFromManyGoroutines(t *testing.T) {
	var kept arrow.RecordBatch
	bridge.MustRegister(bridge.Func{Name: "t.keepbatch", Params: []string{"b"}, Fn: func(b arrow.RecordBatch) int64 {
		b.Retain()
		kept = b
		return b.NumRows()
	}})
	base := bridge.Allocator.AllocatedBytes()
	const ncols = 64
	fields := make([]arrow.Field, ncols)
	cols := make([]arrow.Array, ncols)
	for i := range cols {
		bld := array.NewInt64Builder(bridge.Allocator)
		bld.AppendValues([]int64{int64(i), int64(10 * i), int64(100 * i)}, []bool{true, i%2 == 0, true})
		cols[i] = bld.NewArray()
		bld.Release()
		fields[i] = arrow.Field{Name: fmt.Sprint("c", i), Type: arrow.PrimitiveTypes.Int64, Nullable: true}
	}
	rb := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, 3)
	if n, err := bridgetest.Call("t.keepbatch", rb); err != nil || n != int64(3) {
		t.Fatalf("t.keepbatch: %v, %v", n, err)
	}
	// The call is over and its host has freed its structs: the columns are made now.
	var wg sync.WaitGroup
	seen := make([][]arrow.Array, 8)
	for g := range seen {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ncols {
				seen[g] = append(seen[g], kept.Column((i+g)%ncols))
			}
		}()
	}
	wg.Wait()
	for g := range seen {
		for j, c := range seen[g] {
			i := (j + g) % ncols
			if c != kept.Column(i) {
				t.Fatalf("goroutine %d got another array for column %d", g, i)
			}
		}
	}
	for i, c := range kept.Columns() {
		if !array.Equal(c, cols[i]) {
			t.Errorf("column %d: %v, want %v", i, c, cols[i])
		}
		if addr(c.Data().Buffers()[1]) != addr(cols[i].Data().Buffers()[1]) {
			t.Errorf("column %d was copied", i)
		}
	}
	if kept.ColumnName(5) != "c5" || kept.NumCols() != ncols {
		t.Errorf("name %q, %d columns", kept.ColumnName(5), kept.NumCols())
	}
	rb.Release()
	for _, c := range cols {
		c.Release()
	}
	if bridge.Allocator.AllocatedBytes() == base {
		t.Fatal("freed while the function still holds the batch")
	}
	kept.Release()
	if n := bridge.Allocator.AllocatedBytes(); n != base {
		t.Fatalf("allocated %d after the last release, want %d", n, base)
	}
}

// Calls from many goroutines at once, as free-threaded Python makes them: every kind of value
// each way, errors among them, over shared inputs. Run under the race detector by
// //go:bridge_test_race; here it checks that each call sees its own values over the callers'
// buffers, and that the allocator is back at its baseline once everything is released.
func TestConcurrentCallsOfEveryKind(t *testing.T) {
	base := bridge.Allocator.AllocatedBytes()
	arr := float64Array(t, []float64{1, 2, 3, 4}, []bool{true, false, true, true})
	rb := array.NewRecordBatch(arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Float64, Nullable: true}}, nil), []arrow.Array{arr}, 4)
	const goroutines, rounds = 8, 300
	errs := make(chan error, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- func() error {
				for i := range rounds {
					out, err := bridgetest.Call("t.echo", arr)
					if err != nil {
						return err
					}
					got := out.(arrow.Array)
					same := addr(got.Data().Buffers()[1]) == addr(arr.Data().Buffers()[1]) && array.Equal(got, arr)
					got.Release()
					if !same {
						return fmt.Errorf("goroutine %d round %d: echo returned other values or buffers", g, i)
					}
					out, err = bridgetest.Call("t.echo", rb)
					if err != nil {
						return err
					}
					batch := out.(arrow.RecordBatch)
					same = addr(batch.Column(0).Data().Buffers()[1]) == addr(arr.Data().Buffers()[1])
					batch.Release()
					if !same {
						return fmt.Errorf("goroutine %d round %d: the batch's column was copied", g, i)
					}
					if s, err := bridgetest.Call("t.add", int32(g), float64(i)); err != nil || s != float64(g+i) {
						return fmt.Errorf("t.add(%d, %d) = %v, %v", g, i, s, err)
					}
					want := fmt.Sprint("G", g, "R", i)
					if s, err := bridgetest.Call("t.ctx", strings.ToLower(want)); err != nil || s != want {
						return fmt.Errorf("t.ctx = %v, %v; want %s", s, err, want)
					}
					reader, err := array.NewRecordReader(rb.Schema(), []arrow.RecordBatch{rb, rb})
					if err != nil {
						return err
					}
					n, err := bridgetest.Call("t.rows", reader)
					reader.Release()
					if err != nil || n != int64(8) {
						return fmt.Errorf("t.rows = %v, %v; want 8", n, err)
					}
					var ce *bridgetest.CallError
					if _, err := bridgetest.Call("t.typed", int64(i)); !errors.As(err, &ce) || ce.Status != "TypeError" {
						return fmt.Errorf("t.typed: %v, want a TypeError", err)
					}
				}
				return nil
			}()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	rb.Release()
	arr.Release()
	if n := bridge.Allocator.AllocatedBytes(); n != base {
		t.Fatalf("leak: %d bytes still allocated (baseline %d)", n, base)
	}
}

// A function that keeps its argument and returns it: the result lies wholly in the argument's
// memory, so its export owns the host's struct (no Go reference), while Go's kept array holds
// the same struct from the Go side. Either may go first; the host's memory goes with the last.
var kept struct {
	sync.Mutex
	x any
}

func init() {
	bridge.MustRegister(bridge.Func{Name: "t.keep_echo", Params: []string{"x"}, Fn: func(x any) any {
		r := x.(interface{ Retain() })
		r.Retain() // the kept one
		r.Retain() // the result
		kept.Lock()
		kept.x = x
		kept.Unlock()
		return x
	}})
}

func dropKept() {
	kept.Lock()
	x := kept.x
	kept.x = nil
	kept.Unlock()
	x.(interface{ Release() }).Release()
}

func TestAResultOverItsArgumentOutlivesOrPrecedesWhatGoKeeps(t *testing.T) {
	base := bridge.Allocator.AllocatedBytes()
	arr := float64Array(t, []float64{1, 2, 3, 4, 5}, nil)
	rb := array.NewRecordBatch(arrow.NewSchema([]arrow.Field{{Name: "a", Type: arr.DataType()}, {Name: "b", Type: arr.DataType()}}, nil), []arrow.Array{arr, arr}, int64(arr.Len()))
	for _, in := range []any{arr, rb} {
		for _, resultFirst := range []bool{true, false} {
			out, err := bridgetest.Call("t.keep_echo", in)
			if err != nil {
				t.Fatal(err)
			}
			var first arrow.ArrayData
			switch o := out.(type) {
			case arrow.Array:
				first = o.Data()
			case arrow.RecordBatch:
				first = o.Column(1).Data()
			}
			if addr(first.Buffers()[1]) != addr(arr.Data().Buffers()[1]) {
				t.Fatalf("%T: the result's buffer was copied", in)
			}
			if resultFirst {
				out.(interface{ Release() }).Release()
				dropKept()
			} else {
				dropKept()
				if addr(first.Buffers()[1]) != addr(arr.Data().Buffers()[1]) {
					t.Fatalf("%T: the result changed after Go let go", in)
				}
				out.(interface{ Release() }).Release()
			}
		}
	}
	rb.Release()
	arr.Release()
	if n := bridge.Allocator.AllocatedBytes(); n != base {
		t.Fatalf("leak: %d bytes still allocated (baseline %d)", n, base)
	}
}
