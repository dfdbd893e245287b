package codec_test

import (
	"testing"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/cdata"
	"github.com/goarrow/goarrow/go/internal/cabi"
	"github.com/goarrow/goarrow/go/internal/cabi/cabitest"
	"github.com/goarrow/goarrow/go/internal/codec"
)

// The flat paths (import_flat.go, export_flat.go) re-implement the part of arrow-go's cdata that
// the common arrays need; cdata is the reference they are checked against. Each flat layout, also
// sliced, with nulls and empty, goes from cdata's export through the flat import, and from the
// flat export through cdata's import: both must give the array that went in, over its buffers.

func flatSamples(t *testing.T) map[string]arrow.Array {
	t.Helper()
	out := map[string]arrow.Array{}
	i := array.NewInt64Builder(codec.Allocator)
	i.AppendValues([]int64{1, 2, 3, 4, 5}, []bool{true, false, true, true, false})
	out["int64"] = i.NewArray()
	i.Release()
	f := array.NewFloat64Builder(codec.Allocator)
	f.AppendValues([]float64{1.5, 2.5, 3.5, 4.5}, nil)
	out["float64"] = f.NewArray()
	f.Release()
	b := array.NewBooleanBuilder(codec.Allocator)
	b.AppendValues([]bool{true, false, true, true, false, true, false, false, true}, []bool{true, true, false, true, true, true, true, true, true})
	out["bool"] = b.NewArray()
	b.Release()
	s := array.NewStringBuilder(codec.Allocator)
	s.AppendValues([]string{"a", "bb", "", "dddd", "é"}, []bool{true, true, true, false, true})
	out["string"] = s.NewArray()
	s.Release()
	ls := array.NewLargeStringBuilder(codec.Allocator)
	ls.AppendValues([]string{"x", "", "yyy"}, nil)
	out["large_string"] = ls.NewArray()
	ls.Release()
	bin := array.NewBinaryBuilder(codec.Allocator, arrow.BinaryTypes.Binary)
	bin.AppendValues([][]byte{{1, 2}, nil, {3}}, []bool{true, false, true})
	out["binary"] = bin.NewArray()
	bin.Release()
	e := array.NewStringBuilder(codec.Allocator)
	out["empty_string"] = e.NewArray()
	e.Release()
	st := array.NewStructBuilder(codec.Allocator, arrow.StructOf(
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

// dataAddr is the address of an array's last buffer (the values), or 0.
func dataAddr(a arrow.Array) uintptr {
	bufs := a.Data().Buffers()
	if len(bufs) == 0 || bufs[len(bufs)-1] == nil || bufs[len(bufs)-1].Len() == 0 {
		return 0
	}
	return uintptr(unsafe.Pointer(unsafe.SliceData(bufs[len(bufs)-1].Bytes())))
}

func TestFlatImportMatchesCdata(t *testing.T) {
	for name, arr := range flatSamples(t) {
		t.Run(name, func(t *testing.T) {
			v := cabitest.NewValue()
			defer v.Free()
			s, a := v.ArrowStructs(cabi.KindArray)
			cdata.ExportArrowArray(arr, (*cdata.CArrowArray)(unsafe.Pointer(a)), (*cdata.CArrowSchema)(unsafe.Pointer(s)))
			got, err := codec.ImportValue(v.Ptr())
			if err != nil {
				t.Fatalf("flat import refused what cdata exported: %v", err)
			}
			defer got.(arrow.Array).Release()

			var rs cdata.CArrowSchema
			var ra cdata.CArrowArray
			cdata.ExportArrowArray(arr, &ra, &rs)
			_, want, err := cdata.ImportCArray(&ra, &rs)
			if err != nil {
				t.Fatal(err)
			}
			defer want.Release()
			if !array.Equal(got.(arrow.Array), want) || !arrow.TypeEqual(got.(arrow.Array).DataType(), want.DataType()) {
				t.Fatalf("flat import gave %v, cdata's import %v", got, want)
			}
			if g, w := dataAddr(got.(arrow.Array)), dataAddr(want); g != w {
				t.Fatalf("flat import's values at %#x, cdata's at %#x: not the producer's buffer", g, w)
			}
		})
	}
}

func TestFlatExportMatchesCdata(t *testing.T) {
	for name, arr := range flatSamples(t) {
		t.Run(name, func(t *testing.T) {
			v := cabitest.NewValue()
			defer v.Free()
			if err := codec.ExportValue(arr, v.Ptr()); err != nil {
				t.Fatal(err)
			}
			defer codec.FreeValue(v.Ptr()) // the structs, once cdata moved their contents out
			s, a := v.Structs()
			_, got, err := cdata.ImportCArray((*cdata.CArrowArray)(unsafe.Pointer(a)), (*cdata.CArrowSchema)(unsafe.Pointer(s)))
			if err != nil {
				t.Fatalf("cdata refused the flat export: %v", err)
			}
			defer got.Release()
			if !array.Equal(got, arr) || !arrow.TypeEqual(got.DataType(), arr.DataType()) {
				t.Fatalf("cdata imported %v from the flat export of %v", got, arr)
			}
			if g, w := dataAddr(got), dataAddr(arr); g != w {
				t.Fatalf("cdata's import of the flat export reads %#x, the array's values are at %#x: copied", g, w)
			}
		})
	}
}
