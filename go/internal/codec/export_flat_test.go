package codec_test

import (
	"testing"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/internal/cabi/cabitest"
	"github.com/goarrow/goarrow/go/internal/cmem"
	"github.com/goarrow/goarrow/go/internal/codec"
)

// What the flat export hands a C consumer: the arrays' own buffers (no copy), the fields as
// arrow-go holds them, and Go's memory held exactly until the last node is released, also when a
// consumer moved a child out and released the parent first.

// exportArray exports x (an arrow.Array or arrow.RecordBatch) as a host gets a result, held as
// a C consumer holds it. The caller keeps its reference to x.
func exportArray(x any) cabitest.ExportedArray {
	v := cabitest.NewValue()
	defer v.Free()
	if err := codec.ExportValue(x, v.Ptr()); err != nil {
		panic(err)
	}
	return v.TakeArray()
}

func buildBatch(t *testing.T) arrow.RecordBatch {
	t.Helper()
	f := array.NewFloat64Builder(cmem.Allocator)
	f.AppendValues([]float64{1.5, 2.5, 3.5, 4.5}, []bool{true, false, true, true})
	s := array.NewStringBuilder(cmem.Allocator)
	s.AppendValues([]string{"a", "bb", "", "dddd"}, nil)
	fa, sa := f.NewArray(), s.NewArray()
	f.Release()
	s.Release()
	schema := arrow.NewSchema([]arrow.Field{{Name: "f", Type: fa.DataType(), Nullable: true}, {Name: "s", Type: sa.DataType()}}, nil)
	rb := array.NewRecordBatch(schema, []arrow.Array{fa, sa}, 4)
	fa.Release()
	sa.Release()
	return rb
}

func addr(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }

func TestFlatExportOfABatchIsItsBuffersAndIsFreedAfterTheLastNode(t *testing.T) {
	base := cmem.Allocator.AllocatedBytes()
	rb := buildBatch(t)
	cols := [][]uintptr{}
	for _, c := range rb.Columns() {
		var bufs []uintptr
		for _, b := range c.Data().Buffers() {
			bufs = append(bufs, addr(b.Buf()))
		}
		cols = append(cols, bufs)
	}
	e := exportArray(rb)
	rb.Release() // the export holds the data from here on
	if got := cmem.Allocator.AllocatedBytes(); got <= base {
		t.Fatalf("exported data freed while the host holds it (allocated %d, base %d)", got, base)
	}
	if e.Length() != 4 || e.NumChildren() != 2 || e.NumBuffers() != 1 || e.Buffer(0) != nil || e.NullCount() != 0 {
		t.Fatalf("batch struct: length %d children %d buffers %d validity %#x nulls %d",
			e.Length(), e.NumChildren(), e.NumBuffers(), e.Buffer(0), e.NullCount())
	}
	for i, want := range cols {
		c := e.Child(i)
		if c.NumBuffers() != len(want) || c.Length() != 4 {
			t.Fatalf("column %d: %d buffers, length %d", i, c.NumBuffers(), c.Length())
		}
		for j, a := range want {
			if uintptr(c.Buffer(j)) != a {
				t.Errorf("column %d buffer %d at %#x, Go's is at %#x: copied", i, j, c.Buffer(j), a)
			}
		}
	}
	if n := e.Child(0).NullCount(); n != 1 {
		t.Errorf("column 0 null count %d, want 1", n)
	}

	// A consumer keeps column 1 and drops the rest: the data lives until the column goes too.
	kept := e.MoveChild(1)
	if !e.Child(1).Released() || kept.Released() {
		t.Fatal("moving a child out: the parent's copy must be marked released, the moved one not")
	}
	e.Release()
	if got := cmem.Allocator.AllocatedBytes(); got <= base {
		t.Fatalf("a moved-out child's data was freed with its parent (allocated %d, base %d)", got, base)
	}
	data := unsafe.Slice((*byte)(kept.Buffer(2)), 7)
	if string(data) != "abbdddd" {
		t.Errorf("moved-out child's data reads %q", data)
	}
	kept.Release()
	if got := cmem.Allocator.AllocatedBytes(); got != base {
		t.Fatalf("allocated %d after every node was released, want %d", got, base)
	}
}

func TestFlatExportOfASlicedArrayKeepsItsOffset(t *testing.T) {
	base := cmem.Allocator.AllocatedBytes()
	b := array.NewInt64Builder(cmem.Allocator)
	b.AppendValues([]int64{10, 20, 30, 40, 50}, nil)
	whole := b.NewInt64Array()
	b.Release()
	sl := array.NewSlice(whole, 1, 4)
	whole.Release()
	values := addr(sl.Data().Buffers()[1].Buf())
	e := exportArray(sl)
	sl.Release()
	if e.Offset() != 1 || e.Length() != 3 || uintptr(e.Buffer(1)) != values || e.NumChildren() != 0 {
		t.Fatalf("offset %d length %d values %#x (Go's %#x)", e.Offset(), e.Length(), e.Buffer(1), values)
	}
	got := unsafe.Slice((*int64)(e.Buffer(1)), 5)[e.Offset() : e.Offset()+e.Length()]
	if got[0] != 20 || got[2] != 40 {
		t.Errorf("values %v", got)
	}
	e.Release()
	if a := cmem.Allocator.AllocatedBytes(); a != base {
		t.Fatalf("allocated %d after release, want %d", a, base)
	}
}

// Empty buffers (an empty array; string data when every value is empty) point at zeros, never
// NULL: consumers read an empty string array's one offset, and some refuse NULL buffers.
func TestFlatExportOfEmptyBuffersPointsAtZeros(t *testing.T) {
	for _, vals := range [][]string{{}, {"", "", ""}} {
		b := array.NewStringBuilder(cmem.Allocator)
		b.AppendValues(vals, nil)
		arr := b.NewArray()
		b.Release()
		e := exportArray(arr)
		arr.Release()
		if e.Length() != int64(len(vals)) || e.NumBuffers() != 3 {
			t.Fatalf("%q: length %d, %d buffers", vals, e.Length(), e.NumBuffers())
		}
		for i := 1; i < 3; i++ {
			if e.Buffer(i) == nil {
				t.Errorf("%q: buffer %d is NULL", vals, i)
			}
		}
		offsets := unsafe.Slice((*int32)(e.Buffer(1)), len(vals)+1)
		for i, o := range offsets {
			if o != 0 {
				t.Errorf("%q: offset %d is %d", vals, i, o)
			}
		}
		e.Release()
	}
}
