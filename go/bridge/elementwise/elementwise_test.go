package elementwise

import (
	"context"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/goarrow/goarrow/go/internal/cmem"
)

func TestLoadBitsReadsAnyBitOffset(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 40; n++ {
		bm := make([]byte, n)
		for i := range bm {
			bm[i] = byte(rng.Uint32())
		}
		for bit := 0; bit <= 8*n+8; bit++ {
			var want uint64
			for j := 0; j < 64; j++ {
				if k := bit + j; k < 8*n && bitutil.BitIsSet(bm, k) {
					want |= 1 << j
				}
			}
			if got := loadBits(bm, bit); got != want {
				t.Fatalf("loadBits(%d bytes, bit %d) = %064b, want %064b", n, bit, got, want)
			}
		}
	}
}

// int64s makes an int64 array of vals in C memory, null where valid[i] is false, sliced from
// row off.
func int64s(t *testing.T, vals []int64, valid []bool, off int) arrow.Array {
	b := array.NewInt64Builder(memory.NewGoAllocator())
	defer b.Release()
	b.AppendValues(make([]int64, off), nil)
	b.AppendValues(vals, valid)
	a := b.NewArray()
	defer a.Release()
	return array.NewSlice(a, int64(off), int64(off+len(vals)))
}

// visit runs a kernel written as goarrowgen writes them, recording the rows it calls for.
func visit(t *testing.T, spec *Spec, args []any, opt Options) (rows []int, res any) {
	t.Helper()
	res, err := Run(context.Background(), spec, args, opt, func(b *Block) (err error) {
		out := OutOf[int64](b)
		x := ValuesOf[int64](b, 0)
		var i int
		defer b.Recover(&i, &err)
		for w := b.Rows(); w.Next(); {
			if w.All {
				for i = w.Lo; i < w.Hi; i++ {
					rows = append(rows, b.seg.start+b.lo+i)
					out.Set(i, x.At(i))
				}
			} else {
				for m := w.Mask; m != 0; m &= m - 1 {
					i = w.Lo + bits.TrailingZeros64(m)
					rows = append(rows, b.seg.start+b.lo+i)
					out.Set(i, x.At(i))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rows, res
}

func TestRowsVisitExactlyTheValidRowsOnce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	spec := &Spec{Name: "id", In: []Type{Int64}, SeesNull: []bool{false}, Out: Int64}
	for _, n := range []int{0, 1, 63, 64, 65, 200, 1000, 70_000} {
		for _, density := range []float64{0, 0.02, 0.5, 0.98, 1} {
			vals := make([]int64, n)
			valid := make([]bool, n)
			var want []int
			for i := range vals {
				vals[i] = rng.Int64()
				// Runs of 64 and more of one kind, and mixed words.
				valid[i] = rng.Float64() < density || (i/128)%4 == 1
				if (i/128)%4 == 3 {
					valid[i] = false
				}
				if valid[i] {
					want = append(want, i)
				}
			}
			arr := int64s(t, vals, valid, n%7)
			rows, res := visit(t, spec, []any{arr}, Options{})
			got := res.(arrow.Array)
			if len(rows) != len(want) {
				t.Fatalf("n=%d density=%v: called for %d rows, want %d", n, density, len(rows), len(want))
			}
			for k := range want {
				if rows[k] != want[k] {
					t.Fatalf("n=%d density=%v: call %d was for row %d, want %d", n, density, k, rows[k], want[k])
				}
			}
			if !array.Equal(got, arr) {
				t.Fatalf("n=%d density=%v: result differs from the input", n, density)
			}
			got.Release()
			arr.Release()
		}
	}
}

func TestColumnsAreReadInPlace(t *testing.T) {
	vals := []int64{1, 2, 3, 4, 5}
	arr := int64s(t, vals, nil, 3)
	defer arr.Release()
	spec := &Spec{Name: "addr", In: []Type{Int64}, SeesNull: []bool{false}, Out: Int64}
	var seen uintptr
	res, err := Run(context.Background(), spec, []any{arr}, Options{}, func(b *Block) error {
		x := ValuesOf[int64](b, 0)
		seen = uintptr(x.p)
		OutOf[int64](b).Set(0, 0)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res.(arrow.Array).Release()
	want := uintptr(unsafe.Pointer(&arr.(*array.Int64).Int64Values()[0]))
	if seen != want {
		t.Fatalf("the kernel read row 0 at %#x, the column holds it at %#x", seen, want)
	}
}

func TestChunkBoundariesOfAllColumnsCutSegments(t *testing.T) {
	// a: chunks of 3 and 5 rows; b: 5, 0 and 3; their union cuts at 3 and 5.
	a := arrow.NewChunked(arrow.PrimitiveTypes.Int64, []arrow.Array{
		int64s(t, []int64{1, 2, 3}, nil, 0), int64s(t, []int64{4, 5, 6, 7, 8}, nil, 1)})
	b := arrow.NewChunked(arrow.PrimitiveTypes.Int64, []arrow.Array{
		int64s(t, []int64{1, 1, 1, 1, 1}, nil, 2), int64s(t, nil, nil, 0), int64s(t, []int64{1, 1, 1}, nil, 0)})
	spec := &Spec{Name: "add", In: []Type{Int64, Int64}, SeesNull: []bool{false, false}, Out: Int64}
	res, err := Run(context.Background(), spec, []any{a, b}, Options{}, func(blk *Block) error {
		x, y, out := ValuesOf[int64](blk, 0), ValuesOf[int64](blk, 1), OutOf[int64](blk)
		for w := blk.Rows(); w.Next(); {
			for i := w.Lo; i < w.Hi; i++ {
				out.Set(i, x.At(i)+y.At(i))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c := res.(*arrow.Chunked)
	defer c.Release()
	var lens []int
	var got []int64
	for _, ch := range c.Chunks() {
		lens = append(lens, ch.Len())
		got = append(got, ch.(*array.Int64).Int64Values()...)
	}
	if want := []int{3, 2, 3}; len(lens) != 3 || lens[0] != want[0] || lens[1] != want[1] || lens[2] != want[2] {
		t.Fatalf("chunk lengths %v, want %v", lens, want)
	}
	for i, v := range got {
		if v != int64(i+2) {
			t.Fatalf("row %d = %d, want %d", i, v, i+2)
		}
	}
}

func TestAFailedCallFreesWhatItBuilt(t *testing.T) {
	vals := make([]int64, 300_000)
	arr := int64s(t, vals, nil, 0)
	defer arr.Release()
	spec := &Spec{Name: "fail", In: []Type{Int64}, SeesNull: []bool{false}, Out: String, Parallel: true}
	before := cmem.Allocator.AllocatedBytes()
	_, err := Run(context.Background(), spec, []any{arr}, Options{Threads: 2}, func(b *Block) (err error) {
		out := StringOutOf(b)
		var i int
		defer b.Recover(&i, &err)
		for w := b.Rows(); w.Next(); {
			for i = w.Lo; i < w.Hi; i++ {
				if b.seg.start+b.lo+i == 250_000 {
					panic("stop here")
				}
				out.Set(i, "some bytes of result")
			}
		}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "panicked at row 250000: stop here") {
		t.Fatalf("err = %v", err)
	}
	if after := cmem.Allocator.AllocatedBytes(); after != before {
		t.Fatalf("C memory %d bytes before the call, %d after", before, after)
	}
}

func TestListsInAndOut(t *testing.T) {
	b := array.NewListBuilder(memory.NewGoAllocator(), arrow.PrimitiveTypes.Float64)
	defer b.Release()
	vb := b.ValueBuilder().(*array.Float64Builder)
	rows := [][]float64{{1, 2}, nil, {}, {3}}
	for i, r := range rows {
		if i == 1 {
			b.AppendNull()
			continue
		}
		b.Append(true)
		vb.AppendValues(r, nil)
	}
	arr := b.NewArray()
	defer arr.Release()
	spec := &Spec{Name: "double", In: []Type{List}, InElem: []Type{Float64}, SeesNull: []bool{false}, Out: List, OutElem: Float64}
	before := cmem.Allocator.AllocatedBytes()
	res, err := Run(context.Background(), spec, []any{arr}, Options{}, func(b *Block) error {
		x, out := ListsOf[float64](b, 0), ListOutOf[float64](b)
		for w := b.Rows(); w.Next(); {
			for m := w.Mask; !w.All && m != 0; m &= m - 1 {
				i := w.Lo + bits.TrailingZeros64(m)
				v := x.At(i)
				d := make([]float64, len(v))
				for j := range v {
					d[j] = 2 * v[j]
				}
				out.Set(i, d)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := res.(*array.List)
	if got.String() != "[[2 4] (null) [] [6]]" {
		t.Fatalf("got %s", got)
	}
	got.Release()
	if after := cmem.Allocator.AllocatedBytes(); after != before {
		t.Fatalf("C memory %d before, %d after", before, after)
	}
}

// A struct result: a child column per field (strings, ints, a list, a nested struct), built in
// blocks on several goroutines and merged in order, null rows of the struct (argument nulls and
// the function's own) with zero values in every field, C memory back to where it was.
func TestStructsOut(t *testing.T) {
	spec := &Spec{Name: "split", In: []Type{Int64}, SeesNull: []bool{false}, Out: Struct, MakesNull: true, Parallel: true,
		OutFields: []Field{
			{Name: "s", Type: String},
			{Name: "n", Type: Int64},
			{Name: "l", Type: List, Elem: Int32},
			{Name: "in", Type: Struct, Fields: []Field{{Name: "ok", Type: Bool}, {Name: "b", Type: Binary}}},
		}}
	if got, want := spec.OutName(), "struct<s: string, n: int64, l: list<int32>, in: struct<ok: bool, b: binary>>"; got != want {
		t.Fatalf("OutName() = %q, want %q", got, want)
	}
	const n = 200_000
	vals := make([]int64, n)
	valid := make([]bool, n)
	for i := range vals {
		vals[i], valid[i] = int64(i), i%7 != 3
	}
	arr := int64s(t, vals, valid, 5)
	defer arr.Release()
	before := cmem.Allocator.AllocatedBytes()
	for _, threads := range []int{1, 3} {
		res, err := Run(context.Background(), spec, []any{arr}, Options{Threads: threads}, func(b *Block) (err error) {
			x := ValuesOf[int64](b, 0)
			s, nn, l := StringOutOf(b.StructField(0)), OutOf[int64](b.StructField(1)), ListOutOf[int32](b.StructField(2))
			ok, bb := BoolOutOf(b.StructField(3).StructField(0)), BinaryOutOf(b.StructField(3).StructField(1))
			row := func(i int) {
				v := x.At(i)
				if v%5 == 0 {
					b.Null(i)
					return
				}
				s.Set(i, fmt.Sprint(v))
				nn.Set(i, -v)
				l.Set(i, []int32{int32(v), int32(v % 3)})
				ok.Set(i, v%2 == 0)
				bb.Set(i, []byte{byte(v)})
			}
			eachRow(b, row)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got := res.(*array.Struct)
		if got.Len() != n {
			t.Fatalf("len %d", got.Len())
		}
		ss, ns := got.Field(0).(*array.String), got.Field(1).(*array.Int64)
		ls := got.Field(2).(*array.List)
		in := got.Field(3).(*array.Struct)
		oks, bs := in.Field(0).(*array.Boolean), in.Field(1).(*array.Binary)
		for i := range n {
			v := vals[i]
			null := !valid[i] || v%5 == 0
			if got.IsNull(i) != null {
				t.Fatalf("threads %d row %d: null %v, want %v", threads, i, got.IsNull(i), null)
			}
			ws, wn, wl, wok, wb := fmt.Sprint(v), -v, fmt.Sprintf("[%d %d]", v, v%3), v%2 == 0, string([]byte{byte(v)})
			if null {
				ws, wn, wl, wok, wb = "", 0, "[]", false, ""
			}
			gl := array.NewSlice(ls.ListValues(), int64(ls.Offsets()[i]), int64(ls.Offsets()[i+1]))
			if ss.Value(i) != ws || ns.Value(i) != wn || gl.String() != wl || oks.Value(i) != wok || string(bs.Value(i)) != wb {
				t.Fatalf("threads %d row %d: got %q %d %s %v %q", threads, i, ss.Value(i), ns.Value(i), gl, oks.Value(i), bs.Value(i))
			}
			gl.Release()
		}
		for k := range 4 {
			if got.Field(k).NullN() != 0 {
				t.Fatalf("field %d has %d nulls", k, got.Field(k).NullN())
			}
		}
		got.Release()
	}
	if after := cmem.Allocator.AllocatedBytes(); after != before {
		t.Fatalf("C memory %d before, %d after", before, after)
	}
}

// Lists of strings, bytes and bools out (a struct of them, to write all three in one call), in
// parallel blocks merged in order, with null and skipped rows empty.
func TestListsOfStringsBytesAndBoolsOut(t *testing.T) {
	spec := &Spec{Name: "words", In: []Type{Int64}, SeesNull: []bool{false}, Out: Struct, MakesNull: true, Parallel: true,
		OutFields: []Field{{Name: "s", Type: List, Elem: String}, {Name: "b", Type: List, Elem: Binary}, {Name: "t", Type: List, Elem: Bool}}}
	if got, want := spec.OutName(), "struct<s: list<string>, b: list<binary>, t: list<bool>>"; got != want {
		t.Fatalf("OutName() = %q, want %q", got, want)
	}
	const n = 150_000
	vals := make([]int64, n)
	valid := make([]bool, n)
	for i := range vals {
		vals[i], valid[i] = int64(i), i%9 != 4
	}
	arr := int64s(t, vals, valid, 3)
	defer arr.Release()
	words := func(v int64) []string {
		w := make([]string, v%4)
		for j := range w {
			w[j] = strings.Repeat("x", j) + fmt.Sprint(v)
		}
		return w
	}
	before := cmem.Allocator.AllocatedBytes()
	for _, threads := range []int{1, 2} {
		res, err := Run(context.Background(), spec, []any{arr}, Options{Threads: threads}, func(b *Block) (err error) {
			x := ValuesOf[int64](b, 0)
			s, bs, ts := StringListOutOf[string](b.StructField(0)), BinaryListOutOf[[]byte](b.StructField(1)), BoolListOutOf[bool](b.StructField(2))
			row := func(i int) {
				v := x.At(i)
				if v%5 == 1 {
					b.Null(i)
					return
				}
				w := words(v)
				s.Set(i, w)
				raw := make([][]byte, len(w))
				bools := make([]bool, len(w))
				for j := range w {
					raw[j], bools[j] = []byte(w[j]), (v+int64(j))%3 == 0
				}
				bs.Set(i, raw)
				ts.Set(i, bools)
			}
			eachRow(b, row)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got := res.(*array.Struct)
		ls, lb, lt := got.Field(0).(*array.List), got.Field(1).(*array.List), got.Field(2).(*array.List)
		ss, bs, ts := ls.ListValues().(*array.String), lb.ListValues().(*array.Binary), lt.ListValues().(*array.Boolean)
		for i := range n {
			v := vals[i]
			null := !valid[i] || v%5 == 1
			if got.IsNull(i) != null {
				t.Fatalf("threads %d row %d: null %v", threads, i, got.IsNull(i))
			}
			var w []string
			if !null {
				w = words(v)
			}
			lo, hi := int(ls.Offsets()[i]), int(ls.Offsets()[i+1])
			if hi-lo != len(w) || int(lb.Offsets()[i+1]-lb.Offsets()[i]) != len(w) || int(lt.Offsets()[i+1]-lt.Offsets()[i]) != len(w) {
				t.Fatalf("threads %d row %d: %d elements, want %d", threads, i, hi-lo, len(w))
			}
			for j := range w {
				bl, tl := int(lb.Offsets()[i])+j, int(lt.Offsets()[i])+j
				if ss.Value(lo+j) != w[j] || string(bs.Value(bl)) != w[j] || ts.Value(tl) != ((v+int64(j))%3 == 0) {
					t.Fatalf("threads %d row %d element %d: %q %q %v", threads, i, j, ss.Value(lo+j), bs.Value(bl), ts.Value(tl))
				}
			}
		}
		got.Release()
	}
	if after := cmem.Allocator.AllocatedBytes(); after != before {
		t.Fatalf("C memory %d before, %d after", before, after)
	}
}

// eachRow calls row for every valid row of the block, as generated code walks them.
func eachRow(b *Block, row func(i int)) {
	for w := b.Rows(); w.Next(); {
		if w.All {
			for i := w.Lo; i < w.Hi; i++ {
				row(i)
			}
		} else {
			for m := w.Mask; m != 0; m &= m - 1 {
				row(w.Lo + bits.TrailingZeros64(m))
			}
		}
	}
}

// An append-style result (Text): values that fit the tail are written where the column keeps
// them; longer ones (append moved them to Go's heap) are copied; parallel blocks merge in order.
func TestAppendedResultsInPlaceAndOutgrown(t *testing.T) {
	spec := &Spec{Name: "app", In: []Type{Int64}, SeesNull: []bool{false}, Out: String, Parallel: true}
	value := func(v int64) string {
		if v%50 == 7 {
			return strings.Repeat(fmt.Sprint(v%10), 3000) // more than the room a tail leaves at first
		}
		return strings.Repeat("ab", int(v%7))
	}
	for _, n := range []int{10, 150_000} {
		vals := make([]int64, n)
		valid := make([]bool, n)
		for i := range vals {
			vals[i], valid[i] = int64(i), i%11 != 5
		}
		arr := int64s(t, vals, valid, 2)
		before := cmem.Allocator.AllocatedBytes()
		for _, threads := range []int{1, 2} {
			var firstTail unsafe.Pointer
			res, err := Run(context.Background(), spec, []any{arr}, Options{Threads: threads}, func(b *Block) (err error) {
				x := ValuesOf[int64](b, 0)
				out := StringOutOf(b)
				eachRow(b, func(i int) {
					d := out.Tail()
					if i == 0 && n == 10 { // one block; rows are numbered within each block
						firstTail = unsafe.Pointer(unsafe.SliceData(d))
					}
					out.SetAppended(i, append(d, value(x.At(i))...))
				})
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			got := res.(*array.String)
			for i := range n {
				if got.IsNull(i) != !valid[i] || (valid[i] && got.Value(i) != value(vals[i])) {
					t.Fatalf("n %d threads %d row %d: null %v, %q", n, threads, i, got.IsNull(i), got.Value(i))
				}
			}
			// 10 short rows fit the first tail: written in place, the buffer never moved.
			if n == 10 && firstTail != unsafe.Pointer(unsafe.SliceData(got.ValueBytes())) {
				t.Fatalf("row 0 was appended at %p, the column's bytes are at %p", firstTail, unsafe.SliceData(got.ValueBytes()))
			}
			got.Release()
		}
		arr.Release()
		if after := cmem.Allocator.AllocatedBytes(); after != before {
			t.Fatalf("C memory %d before, %d after", before, after)
		}
	}
}

// Values that fit the tail cost no Go allocation per row: the tail's capacity is the column's
// own buffer (a tail without room would make append allocate each row).
func TestAppendedResultsAllocateNothingPerRow(t *testing.T) {
	spec := &Spec{Name: "app", In: []Type{Int64}, SeesNull: []bool{false}, Out: String}
	const n = 20_000
	arr := int64s(t, make([]int64, n), nil, 0)
	defer arr.Release()
	allocs := testing.AllocsPerRun(3, func() {
		res, err := Run(context.Background(), spec, []any{arr}, Options{Threads: 1}, func(b *Block) (err error) {
			out := StringOutOf(b)
			eachRow(b, func(i int) { out.SetAppended(i, append(out.Tail(), "0123456789"...)) })
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		res.(arrow.Array).Release()
	})
	if allocs > n/100 {
		t.Fatalf("%v Go allocations for %d rows appended in place", allocs, n)
	}
}

// A string result is given, from its first row, room for as many bytes as its string argument
// has (here 4 MB), so the column is written where the first row's tail was: it never moved
// (grown from 4 KiB by doubling, it would have moved ten times). A result much shorter than its
// argument gives the room back: its bytes buffer is no more than twice what it holds plus 64 KiB.
func TestStringResultsAreSizedFromTheirArgument(t *testing.T) {
	const n = 100_000
	sb := array.NewStringBuilder(memory.NewGoAllocator())
	for i := range n {
		sb.Append(fmt.Sprintf("%08d of forty bytes, or thereabouts.", i))
	}
	arr := sb.NewArray()
	sb.Release()
	defer arr.Release()
	spec := &Spec{Name: "app", In: []Type{String}, SeesNull: []bool{false}, Out: String}
	before := cmem.Allocator.AllocatedBytes()
	for _, keep := range []int{-1, 1, 0} { // -1: the whole value; 1: its first byte; 0: empty
		var firstTail unsafe.Pointer
		res, err := Run(context.Background(), spec, []any{arr}, Options{Threads: 1}, func(b *Block) (err error) {
			s, out := StringsOf(b, 0), StringOutOf(b)
			eachRow(b, func(i int) {
				d := out.Tail()
				if i == 0 {
					firstTail = unsafe.Pointer(unsafe.SliceData(d))
				}
				v := s.At(i)
				if keep >= 0 {
					v = v[:keep]
				}
				out.SetAppended(i, append(d, v...))
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got := res.(*array.String)
		want := arr.(*array.String)
		for i := range n {
			w := want.Value(i)
			if keep >= 0 {
				w = w[:keep]
			}
			if got.Value(i) != w {
				t.Fatalf("keep %d row %d: %q, want %q", keep, i, got.Value(i), w)
			}
		}
		bytes := got.Data().Buffers()[2]
		if keep < 0 && firstTail != unsafe.Pointer(unsafe.SliceData(got.ValueBytes())) {
			t.Fatalf("the column's bytes moved from %p (row 0's tail) to %p", firstTail, unsafe.SliceData(got.ValueBytes()))
		}
		if keep >= 0 && bytes != nil && bytes.Cap() > 2*bytes.Len()+64<<10 {
			t.Fatalf("%d bytes held for %d written", bytes.Cap(), bytes.Len())
		}
		got.Release()
	}
	if after := cmem.Allocator.AllocatedBytes(); after != before {
		t.Fatalf("C memory %d before, %d after", before, after)
	}
}
