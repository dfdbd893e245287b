package codec

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/cdata"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/goarrow/goarrow/go/internal/cabi"
	"github.com/goarrow/goarrow/go/internal/cabi/cabitest"
	"github.com/goarrow/goarrow/go/internal/cmem"
)

// The flat path (import_flat.go, import_batch.go, export_flat.go) re-implements the part of
// arrow-go's cdata that the common values need; cdata is the reference it is checked against.
// Both paths (path.go's codecPath) run through the same code: each flat layout, also sliced,
// with nulls and empty, and a record batch of them, is imported by each path from cdata's
// export, and exported by each path to cdata's import. The flat path must take every sample (or
// the test would compare cdata with itself), and give what cdata gives: the same values, type,
// length, offset and null count at every node, over the same buffers.

func flatSamples(t *testing.T) map[string]arrow.Array {
	t.Helper()
	out := map[string]arrow.Array{}
	i := array.NewInt64Builder(cmem.Allocator)
	i.AppendValues([]int64{1, 2, 3, 4, 5}, []bool{true, false, true, true, false})
	out["int64"] = i.NewArray()
	i.Release()
	f := array.NewFloat64Builder(cmem.Allocator)
	f.AppendValues([]float64{1.5, 2.5, 3.5, 4.5}, nil)
	out["float64"] = f.NewArray()
	f.Release()
	b := array.NewBooleanBuilder(cmem.Allocator)
	b.AppendValues([]bool{true, false, true, true, false, true, false, false, true}, []bool{true, true, false, true, true, true, true, true, true})
	out["bool"] = b.NewArray()
	b.Release()
	s := array.NewStringBuilder(cmem.Allocator)
	s.AppendValues([]string{"a", "bb", "", "dddd", "é"}, []bool{true, true, true, false, true})
	out["string"] = s.NewArray()
	s.Release()
	ls := array.NewLargeStringBuilder(cmem.Allocator)
	ls.AppendValues([]string{"x", "", "yyy"}, nil)
	out["large_string"] = ls.NewArray()
	ls.Release()
	bin := array.NewBinaryBuilder(cmem.Allocator, arrow.BinaryTypes.Binary)
	bin.AppendValues([][]byte{{1, 2}, nil, {3}}, []bool{true, false, true})
	out["binary"] = bin.NewArray()
	bin.Release()
	e := array.NewStringBuilder(cmem.Allocator)
	out["empty_string"] = e.NewArray()
	e.Release()
	st := array.NewStructBuilder(cmem.Allocator, arrow.StructOf(
		arrow.Field{Name: "n", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
		arrow.Field{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true}))
	for k := range 4 {
		st.Append(k != 2)
		st.FieldBuilder(0).(*array.Int32Builder).Append(int32(k))
		st.FieldBuilder(1).(*array.StringBuilder).Append(string(rune('a' + k)))
	}
	out["struct"] = st.NewArray()
	st.Release()
	for _, name := range []string{"int64", "bool", "string"} {
		out[name+"_sliced"] = array.NewSlice(out[name], 1, int64(out[name].Len()))
	}
	t.Cleanup(func() {
		for _, a := range out {
			a.Release()
		}
	})
	return out
}

// sampleBatch is a record batch of flat columns, one of them with nulls.
func sampleBatch(t *testing.T) arrow.RecordBatch {
	t.Helper()
	samples := flatSamples(t)
	cols := []arrow.Array{samples["int64"], samples["string"]}
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "i", Type: cols[0].DataType(), Nullable: true},
		{Name: "s", Type: cols[1].DataType(), Nullable: true}}, nil)
	rb := array.NewRecordBatch(schema, cols, int64(cols[0].Len()))
	t.Cleanup(rb.Release)
	return rb
}

var paths = []struct {
	name string
	p    codecPath
}{{"cdata", reference}, {"flat", flat}} // the reference first: the flat path is compared with it

// importThrough imports arr (or, if rb is not nil, rb as its struct array) through p from
// cdata's export of it, read in place as a call's argument is. The caller releases the result
// and then calls done.
func importThrough(t *testing.T, p codecPath, arr arrow.Array, rb arrow.RecordBatch) (got arrow.Array, done func()) {
	t.Helper()
	v := cabitest.NewValue()
	s, a := v.ArrowStructs(cabi.KindArray)
	cs, ca := (*cdata.CArrowSchema)(unsafe.Pointer(s)), (*cdata.CArrowArray)(unsafe.Pointer(a))
	var loans Loans
	done = func() {
		loans.Settle()
		FreeValue(v.Ptr()) // what the import did not move out
		v.Free()
	}
	in := cValue(v.Ptr()).array
	var ok bool
	var err error
	if rb != nil {
		cdata.ExportArrowRecordBatch(rb, ca, cs)
		var b arrow.RecordBatch
		b, ok, err = p.importBatch(in, rb.Schema(), arrow.StructOf(rb.Schema().Fields()...), &loans)
		if ok && err == nil {
			got = array.RecordToStructArray(b)
			b.Release()
		}
	} else {
		cdata.ExportArrowArray(arr, ca, cs)
		got, ok, err = p.importArray(in, arr.DataType(), &loans)
	}
	if !ok || err != nil {
		done()
		t.Fatalf("the %T path did not import what cdata exported (took it: %v; %v)", p, ok, err)
	}
	return got, done
}

// exportThrough exports x (an arrow.Array or arrow.RecordBatch) through p and imports it with
// cdata, as a consumer of a result does. The caller releases the result.
func exportThrough(t *testing.T, p codecPath, x any, typ arrow.DataType) arrow.Array {
	t.Helper()
	v := cabitest.NewValue()
	defer v.Free()
	defer FreeValue(v.Ptr()) // the structs, once cdata moved their contents out
	_, a := v.ArrowStructs(cabi.KindArray)
	plan, ok := p.planExport(x)
	if !ok {
		t.Fatalf("the %T path does not export %v", p, x)
	}
	p.export(x, plan, cValue(v.Ptr()).array, newBlock(plan), nil)
	got, err := cdata.ImportCArrayWithType((*cdata.CArrowArray)(unsafe.Pointer(a)), typ)
	if err != nil {
		t.Fatalf("cdata refused the %T path's export: %v", p, err)
	}
	return got
}

// sameArrays fails unless got (what path gave) is want (cdata's), node by node as arrow-go
// reads them (a struct's children within its window): values, type, length, offset, null count,
// and the address of every non-empty buffer.
func sameArrays(t *testing.T, path string, got, want arrow.Array) {
	t.Helper()
	if !array.Equal(got, want) || !arrow.TypeEqual(got.DataType(), want.DataType()) {
		t.Fatalf("the %s path gave %v, cdata %v", path, got, want)
	}
	sameNodes(t, path, "", got, want)
}

func sameNodes(t *testing.T, path, at string, got, want arrow.Array) {
	t.Helper()
	g, w := got.Data(), want.Data()
	if g.Len() != w.Len() || g.Offset() != w.Offset() || got.NullN() != want.NullN() {
		t.Fatalf("the %s path's node %q: length %d, offset %d, %d nulls; cdata's: %d, %d, %d", path, at,
			g.Len(), g.Offset(), got.NullN(), w.Len(), w.Offset(), want.NullN())
	}
	gb, wb := g.Buffers(), w.Buffers()
	if len(gb) != len(wb) {
		t.Fatalf("the %s path's node %q has %d buffers, cdata's %d", path, at, len(gb), len(wb))
	}
	for i := range gb {
		if ga, wa := bufAddr(gb[i]), bufAddr(wb[i]); ga != wa {
			t.Fatalf("the %s path's node %q reads buffer %d at %#x, cdata's at %#x: not the producer's buffer", path, at, i, ga, wa)
		}
	}
	if gs, ok := got.(*array.Struct); ok {
		ws := want.(*array.Struct)
		for i := range gs.NumField() {
			sameNodes(t, path, fmt.Sprint(at, "/", i), gs.Field(i), ws.Field(i))
		}
	}
}

// bufAddr is the address of a buffer's bytes, or 0 for a missing or empty one.
func bufAddr(b *memory.Buffer) uintptr {
	if b == nil || b.Len() == 0 {
		return 0
	}
	return uintptr(unsafe.Pointer(unsafe.SliceData(b.Bytes())))
}

func TestFlatImportMatchesCdata(t *testing.T) {
	cases := map[string]arrow.Array{}
	for name, arr := range flatSamples(t) {
		cases[name] = arr
	}
	cases["batch"] = nil
	rb := sampleBatch(t)
	for name, arr := range cases {
		t.Run(name, func(t *testing.T) {
			var batch arrow.RecordBatch
			if arr == nil {
				batch = rb
			}
			var want arrow.Array
			for _, path := range paths {
				got, done := importThrough(t, path.p, arr, batch)
				defer done()
				defer got.Release()
				if want == nil {
					want = got
					continue
				}
				sameArrays(t, path.name, got, want)
			}
		})
	}
}

func TestFlatExportMatchesCdata(t *testing.T) {
	cases := map[string]any{}
	for name, arr := range flatSamples(t) {
		cases[name] = arr
	}
	rb := sampleBatch(t)
	cases["batch"] = rb
	for name, x := range cases {
		t.Run(name, func(t *testing.T) {
			typ := arrow.DataType(arrow.StructOf(rb.Schema().Fields()...))
			if arr, ok := x.(arrow.Array); ok {
				typ = arr.DataType()
			}
			var want arrow.Array
			for _, path := range paths {
				got := exportThrough(t, path.p, x, typ)
				defer got.Release()
				if want == nil {
					want = got
					continue
				}
				sameArrays(t, path.name, got, want)
			}
		})
	}
}
