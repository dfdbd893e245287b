package elementwise

import (
	"encoding/binary"
	"math"
	"math/bits"
	"sort"
	"time"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/goarrow/goarrow/go/internal/cabi"
	"github.com/goarrow/goarrow/go/internal/cmem"
)

// output is one segment's result being built, in C memory (bridge.Allocator).
type output struct {
	typ   Type
	dt    arrow.DataType // the result's Arrow type
	elem  int            // a list's element size in bytes
	n     int
	valid *memory.Buffer // the result's validity; nil: no nulls
	words []uint64       // valid, as 64-row words (the buffer is padded to whole words)
	scan  bool           // valid holds argument nulls: Rows must walk it
	vals  *memory.Buffer // fixed-width values, or bool bits
	parts []*varOut      // a variable-width result: one writer per block, in row order
	whole *varOut        // parts merged
	kids  []*output      // a struct result's fields, each a column of n rows without nulls
}

func newOutput(spec *Spec, n int) *output {
	return newOutputOf(spec.Out, spec.OutElem, spec.OutFields, spec.OutArrow(), n)
}

func newOutputOf(t, elem Type, fields []Field, dt arrow.DataType, n int) *output {
	o := &output{typ: t, n: n, dt: dt, elem: max(elem.width(), 1)}
	switch {
	case t == Bool:
		o.vals = alloc(bitmapBytes(n))
	case t.width() > 0:
		o.vals = alloc(n * t.width())
	case t == List && (elem == String || elem == Binary):
		// Each row writes its elements' lengths (int32) to the output's writer, and their bytes
		// to the kid's: the list's offsets and the child's come from the lengths at the end.
		o.elem = 4
		o.kids = []*output{{typ: elem, n: n, dt: elem.Arrow()}}
	case t == Struct:
		st := dt.(*arrow.StructType)
		for k, f := range fields {
			o.kids = append(o.kids, newOutputOf(f.Type, f.Elem, f.Fields, st.Field(k).Type, n))
		}
	}
	return o
}

// bitmapBytes is a bitmap of n bits in whole 64-bit words, so that blocks of whole words never
// share a byte and the words can be read as uint64.
func bitmapBytes(n int) int { return (n + 63) / 64 * 8 }

// alloc is a zeroed C buffer of n bytes (at least one, so every buffer has an address). The
// allocator's calloc zeroes it: for a large result, pages the kernel maps zeroed on first touch,
// so the result is written once, not cleared first.
func alloc(n int) *memory.Buffer {
	b := memory.NewResizableBuffer(cmem.Allocator)
	b.Resize(max(n, 1))
	b.Resize(n)
	return b
}

func (o *output) allocValidity() []uint64 {
	o.valid = alloc(bitmapBytes(o.n))
	o.words = words(o.valid)
	for i := range o.words {
		o.words[i] = ^uint64(0)
	}
	o.trimTail()
	return o.words
}

func words(b *memory.Buffer) []uint64 {
	raw := b.Bytes()
	return unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(raw))), len(raw)/8)
}

// trimTail clears the bits past the last row, so that Rows never visits them.
func (o *output) trimTail() {
	if r := o.n % 64; r != 0 {
		o.words[len(o.words)-1] &= 1<<r - 1
	}
}

func (o *output) release() {
	for _, b := range []*memory.Buffer{o.valid, o.vals} {
		if b != nil {
			b.Release()
		}
	}
	for _, p := range o.parts {
		p.release()
	}
	if o.whole != nil {
		o.whole.release()
	}
	for _, k := range o.kids {
		k.release()
	}
	*o = output{}
}

// finish makes the segment's result array; the output then holds nothing.
func (o *output) finish() arrow.Array {
	nulls := 0
	if o.valid != nil {
		set := 0
		for _, w := range o.words {
			set += bits.OnesCount64(w)
		}
		if nulls = o.n - set; nulls == 0 {
			o.valid.Release()
			o.valid = nil
		}
	}
	var bufs []*memory.Buffer
	switch {
	case o.typ == Struct:
		kids := make([]arrow.ArrayData, len(o.kids))
		for k, kid := range o.kids {
			a := kid.finish()
			kids[k] = a.Data()
			kids[k].Retain()
			a.Release()
		}
		data := array.NewData(o.dt, o.n, []*memory.Buffer{o.valid}, kids, nulls, 0)
		for _, k := range kids {
			k.Release()
		}
		if o.valid != nil {
			o.valid.Release()
		}
		o.valid, o.kids = nil, nil
		arr := array.MakeFromData(data)
		data.Release()
		return arr
	case o.typ == String || o.typ == Binary:
		w := o.whole
		if w == nil {
			w = newVarOut(o.n) // no block ran (no rows)
		}
		w.fill(o.n)
		w.offs.Resize((o.n + 1) * 4)
		w.shrink()
		bufs = []*memory.Buffer{o.valid, w.offs, w.data}
		o.whole = nil
	case o.typ == List:
		w := o.whole
		if w == nil {
			w = newVarOut(o.n)
		}
		w.fill(o.n)
		for j := range w.o[:o.n+1] { // the writer counted bytes; a list's offsets count elements
			w.o[j] /= int32(o.elem)
		}
		w.shrink()
		elemType := o.dt.(*arrow.ListType).Elem()
		k := w.size / o.elem
		var child arrow.ArrayData
		switch elemType.ID() {
		case arrow.STRING, arrow.BINARY:
			child = o.stringsChild(w, k, elemType)
		case arrow.BOOL: // one byte per element (Go's bools) to bits
			bm := alloc(bitmapBytes(k))
			bits := bm.Buf()
			for j, x := range w.d[:k] {
				bits[j>>3] |= x << (j & 7)
			}
			child = array.NewData(elemType, k, []*memory.Buffer{nil, bm}, nil, 0, 0)
			bm.Release()
		default:
			child = array.NewData(elemType, k, []*memory.Buffer{nil, w.data}, nil, 0, 0)
		}
		w.data.Release()
		data := array.NewData(o.dt, o.n, []*memory.Buffer{o.valid, w.offs}, []arrow.ArrayData{child}, nulls, 0)
		child.Release()
		w.offs.Release()
		if o.valid != nil {
			o.valid.Release()
		}
		o.whole, o.valid = nil, nil
		arr := array.MakeFromData(data)
		data.Release()
		return arr
	default:
		bufs = []*memory.Buffer{o.valid, o.vals}
	}
	data := array.NewData(o.dt, o.n, bufs, nil, nulls, 0)
	for _, b := range bufs {
		if b != nil {
			b.Release() // data holds them now
		}
	}
	o.valid, o.vals = nil, nil
	arr := array.MakeFromData(data)
	data.Release()
	return arr
}

// stringsChild is the child of a list<string> or list<binary> result: its offsets from the
// elements' lengths that w holds, its bytes the kid's writer's.
func (o *output) stringsChild(w *varOut, k int, elemType arrow.DataType) arrow.ArrayData {
	offs := alloc((k + 1) * 4)
	oo := arrow.Int32Traits.CastFromBytes(offs.Bytes())
	if k > 0 {
		for j, l := range arrow.Int32Traits.CastFromBytes(w.d[:k*4]) {
			oo[j+1] = oo[j] + l
		}
	}
	chars := o.kids[0].whole
	if chars == nil {
		chars = newVarOut(o.n)
	}
	o.kids[0].whole = nil
	chars.shrink()
	child := array.NewData(elemType, k, []*memory.Buffer{nil, offs, chars.data}, nil, 0, 0)
	offs.Release()
	chars.release()
	return child
}

// Out is a fixed-width result of Go type T: row 0's slot, written without a bounds check (the
// runtime sized the block).
type Out[T Number] struct{ p unsafe.Pointer }

// Set is row i's result.
func (o Out[T]) Set(i int, x T) {
	var zero T
	*(*T)(unsafe.Add(o.p, uintptr(i)*unsafe.Sizeof(zero))) = x
}

// Span is rows lo to lo+n of the result as a slice (see Values.Span).
func (o Out[T]) Span(lo, n int) []T {
	var zero T
	return unsafe.Slice((*T)(unsafe.Add(o.p, uintptr(lo)*unsafe.Sizeof(zero))), n)
}

// OutOf is the block's rows of the result.
func OutOf[T Number](b *Block) Out[T] {
	raw := b.target().vals.Bytes()
	if len(raw) == 0 || b.n == 0 {
		return Out[T]{}
	}
	all := unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(raw))), b.seg.n)
	return Out[T]{p: unsafe.Pointer(&all[b.lo : b.lo+b.n][0])}
}

// TimeOut is a time.Time result, written as microseconds since the epoch (timestamp[us, UTC]).
type TimeOut struct{ o Out[int64] }

// Set is row i's result.
func (o TimeOut) Set(i int, t time.Time) { o.o.Set(i, t.UnixMicro()) }

// TimeOutOf is the block's rows of the result.
func TimeOutOf(b *Block) TimeOut { return TimeOut{OutOf[int64](b)} }

// DurationOut is a time.Duration result (duration[ns]).
type DurationOut struct{ o Out[int64] }

// Set is row i's result.
func (o DurationOut) Set(i int, d time.Duration) { o.o.Set(i, int64(d)) }

// DurationOutOf is the block's rows of the result.
func DurationOutOf(b *Block) DurationOut { return DurationOut{OutOf[int64](b)} }

// ListOut is a []T result (list<T>).
type ListOut[T Number] struct{ w *varOut }

// Set is row i's result; its elements are copied.
func (o ListOut[T]) Set(i int, xs []T) {
	var zero T
	raw := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(xs))), len(xs)*int(unsafe.Sizeof(zero)))
	o.w.set(i, str(raw))
}

// ListOutOf is the block's writer of the result.
func ListOutOf[T Number](b *Block) ListOut[T] { return ListOut[T]{b.varOut()} }

// StringListOut is a []T result of a string type T (list<string>).
type StringListOut[T ~string] struct{ lens, chars *varOut }

// Set is row i's result; its elements are copied.
func (o StringListOut[T]) Set(i int, xs []T) {
	o.lens.start(i)
	o.chars.start(i)
	for _, x := range xs {
		o.lens.putLen(len(x))
		o.chars.put(string(x))
	}
	o.lens.end(i)
	o.chars.end(i)
}

// StringListOutOf is the block's writer of the result.
func StringListOutOf[T ~string](b *Block) StringListOut[T] {
	return StringListOut[T]{b.varOut(), b.kid(0).varOut()}
}

// BinaryListOut is a []T result of a []byte type T (list<binary>).
type BinaryListOut[T ~[]byte] struct{ lens, chars *varOut }

// Set is row i's result; its elements are copied.
func (o BinaryListOut[T]) Set(i int, xs []T) {
	o.lens.start(i)
	o.chars.start(i)
	for _, x := range xs {
		o.lens.putLen(len(x))
		o.chars.put(str(x))
	}
	o.lens.end(i)
	o.chars.end(i)
}

// BinaryListOutOf is the block's writer of the result.
func BinaryListOutOf[T ~[]byte](b *Block) BinaryListOut[T] {
	return BinaryListOut[T]{b.varOut(), b.kid(0).varOut()}
}

// BoolListOut is a []T result of a bool type T (list<bool>): a byte per element while it is
// built, bits at the end.
type BoolListOut[T ~bool] struct{ w *varOut }

// Set is row i's result; its elements are copied.
func (o BoolListOut[T]) Set(i int, xs []T) {
	o.w.set(i, unsafe.String((*byte)(unsafe.Pointer(unsafe.SliceData(xs))), len(xs)))
}

// BoolListOutOf is the block's writer of the result.
func BoolListOutOf[T ~bool](b *Block) BoolListOut[T] { return BoolListOut[T]{b.varOut()} }

// BoolOut is a bool result.
type BoolOut struct {
	bits []byte
	lo   int
}

// Set is row i's result.
func (o BoolOut) Set(i int, x bool) {
	if x {
		j := o.lo + i
		o.bits[j>>3] |= 1 << (j & 7)
	}
}

// BoolOutOf is the block's rows of the result.
func BoolOutOf(b *Block) BoolOut { return BoolOut{bits: b.target().vals.Buf(), lo: b.lo} }

// StringOut is a string result (utf8).
type StringOut struct{ w *varOut }

// Set is row i's result; rows are set in increasing order (the ones skipped are empty).
func (o StringOut) Set(i int, s string) { o.w.set(i, s) }

// StringOutOf is the block's writer of the result.
func StringOutOf(b *Block) StringOut { return StringOut{b.varOut()} }

// BinaryOut is a []byte result (binary).
type BinaryOut struct{ w *varOut }

// Set is row i's result.
func (o BinaryOut) Set(i int, s []byte) { o.w.set(i, str(s)) }

// BinaryOutOf is the block's writer of the result.
func BinaryOutOf(b *Block) BinaryOut { return BinaryOut{b.varOut()} }

// Text is a string result written in place. A function whose first parameter and result are
// Text appends its row's value to dst and returns it, in the Go idiom of strconv.AppendInt,
// utf8.AppendRune, time.Time.AppendFormat or x/text's norm.Form.AppendString:
//
//	//goarrow:export nfc elementwise
//	func NFC(dst elementwise.Text, s string) elementwise.Text { return norm.NFC.AppendString(dst, s) }
//
// dst is empty and its spare capacity is the result column's own buffer, so the value is
// written where Arrow keeps it: no string is allocated per row and none is copied. A value that
// outgrows the spare room is moved by append to Go's heap and copied back (correct, only
// slower; later rows get more room). dst is valid only during the call. Python does not pass
// it: it is not one of the function's parameters there.
type Text []byte

// Blob is a binary result written in place, as [Text] is a string one.
type Blob []byte

// Tail is the room for row i's value: an empty slice over the result's spare bytes, for an
// append-style function ([Text]) to append to.
func (o StringOut) Tail() []byte { return o.w.tail() }

// SetAppended is row i's result: r, what the append-style function returned from [StringOut.Tail].
func (o StringOut) SetAppended(i int, r []byte) { o.w.appended(i, r) }

// Tail is the room for row i's value ([Blob]).
func (o BinaryOut) Tail() []byte { return o.w.tail() }

// SetAppended is row i's result: r, what the append-style function returned from [BinaryOut.Tail].
func (o BinaryOut) SetAppended(i int, r []byte) { o.w.appended(i, r) }

// kid is the block's rows of the output's kid k: a struct's field, a list of strings' bytes.
func (b *Block) kid(k int) *Block {
	return &Block{run: b.run, seg: b.seg, lo: b.lo, n: b.n, idx: b.idx, out: b.target().kids[k]}
}

// StructField is the block's rows of field k of a struct result (of the struct field, for a
// nested one), to make the field's writer from: elementwise.StringOutOf(b.StructField(0)).
func (b *Block) StructField(k int) *Block { return b.kid(k) }

// target is the output the block's writers write: the result, or one of its struct fields.
func (b *Block) target() *output {
	if b.out != nil {
		return b.out
	}
	return b.seg.out
}

func (b *Block) varOut() *varOut {
	if b.part == nil {
		b.part = newVarOut(b.n)
		b.part.lo = b.lo
		// Room for as many bytes as the widest string or binary argument has in these rows (the
		// usual size of a result made from it: a case change, a normalization), so that the
		// bytes are not copied at each doubling: a third of the time of an upper-case column.
		// At most 64 MiB: past that, doubling costs little next to the rows' work, and a result
		// much shorter than its argument (a field of each document) does not hold a memory
		// cap's worth of room it never uses.
		if hint := min(b.argBytes(), 64<<20); hint > 0 {
			b.part.reserve(hint + b.part.spare)
		}
		b.run.mu.Lock()
		o := b.target()
		o.parts = append(o.parts, b.part)
		b.run.mu.Unlock()
	}
	return b.part
}

// argBytes is the most bytes any string or binary column argument (not a view) has in the
// block's rows.
func (b *Block) argBytes() int {
	most := 0
	for _, at := range b.seg.at {
		lo, hi := at.off+b.lo, at.off+b.lo+b.n
		if at.arr == nil || b.n == 0 || hi > at.arr.Len() {
			continue
		}
		switch a := at.arr.(type) {
		case *array.String:
			most = max(most, byteSpan(a.ValueOffsets(), lo, hi))
		case *array.Binary:
			most = max(most, byteSpan(a.ValueOffsets(), lo, hi))
		case *array.LargeString:
			most = max(most, byteSpan(a.ValueOffsets(), lo, hi))
		case *array.LargeBinary:
			most = max(most, byteSpan(a.ValueOffsets(), lo, hi))
		}
	}
	return most
}

func byteSpan[T int32 | int64](offsets []T, lo, hi int) int { return int(offsets[hi] - offsets[lo]) }

// mergeParts joins the blocks' writers of a variable-width result, in row order (one block:
// nothing to copy); a struct's, of each field.
func (o *output) mergeParts() {
	for _, k := range o.kids {
		k.mergeParts()
	}
	if len(o.parts) == 0 {
		return
	}
	parts := o.parts
	o.parts = nil
	sort.Slice(parts, func(i, j int) bool { return parts[i].lo < parts[j].lo })
	if len(parts) == 1 {
		o.whole = parts[0]
		return
	}
	total := 0
	for _, p := range parts {
		p.fill(p.n)
		total += p.size
	}
	w := newVarOut(o.n)
	o.whole = w
	w.reserve(total)
	for _, p := range parts {
		copy(w.d[w.size:], p.d[:p.size])
		for r := 1; r <= p.n; r++ {
			w.o[p.lo+r] = int32(w.size) + p.o[r]
		}
		w.size += p.size
		w.next = p.lo + p.n
		p.release()
	}
}

// varOut writes a variable-width result: int32 offsets and the bytes, in C memory.
type varOut struct {
	lo, n      int // the block's rows in the segment
	offs, data *memory.Buffer
	o          []int32
	d          []byte
	size       int // bytes written
	next       int // rows whose end offset is written
	spare      int // the room tail leaves for an append-style function's value
}

func newVarOut(n int) *varOut {
	w := &varOut{n: n, offs: alloc((n + 1) * 4), data: alloc(0), spare: 256}
	w.o = arrow.Int32Traits.CastFromBytes(w.offs.Bytes())
	return w
}

func (w *varOut) set(i int, s string) {
	w.start(i)
	w.put(s)
	w.end(i)
}

// start begins row i (rows set in increasing order; the ones skipped are empty).
func (w *varOut) start(i int) {
	if w.next < i {
		w.fill(i)
	}
}

// put appends s to the row being written.
func (w *varOut) put(s string) {
	if len(s) > len(w.d)-w.size {
		w.reserve(len(s))
	}
	copy(w.d[w.size:], s)
	w.size += len(s)
}

// tail is the spare room after the bytes written, as an empty slice (see Text).
func (w *varOut) tail() []byte {
	if len(w.d)-w.size < w.spare {
		w.reserve(w.spare)
	}
	return w.d[w.size:w.size:len(w.d)]
}

// appended ends row i with r, an append-style function's value: in place when r begins at the
// tail, else copied (append outgrew the tail and moved the bytes; later tails are larger).
func (w *varOut) appended(i int, r []byte) {
	w.start(i)
	if len(r) > 0 && w.size < len(w.d) && unsafe.SliceData(r) == &w.d[w.size] {
		w.size += len(r) // append wrote it within the tail's capacity, so within w.d
	} else {
		w.spare = max(w.spare, 2*len(r))
		w.put(str(r))
	}
	w.end(i)
}

// putLen appends n as an int32 (a list of strings' element length).
func (w *varOut) putLen(n int) {
	if 4 > len(w.d)-w.size {
		w.reserve(4)
	}
	binary.LittleEndian.PutUint32(w.d[w.size:], uint32(n))
	w.size += 4
}

// end ends row i.
func (w *varOut) end(i int) {
	w.o[i+1] = int32(w.size)
	w.next = i + 1
}

// fill ends the rows from next up to i (nulls, skipped) as empty values.
func (w *varOut) fill(i int) {
	for ; w.next < i; w.next++ {
		w.o[w.next+1] = int32(w.size)
	}
}

// reserve makes room for n more bytes, at least doubling.
func (w *varOut) reserve(n int) {
	need := w.size + n
	if need > math.MaxInt32 {
		panic(cabi.Errorf(cabi.StatusValueError, "a string or binary result passes 2 GiB in one chunk (utf8 has 32-bit offsets); split the input into smaller chunks"))
	}
	w.data.Reserve(max(need, 2*len(w.d), 4096))
	w.d = w.data.Buf()
}

// shrink ends the bytes at what was written, giving back the room argBytes asked for when the
// values came out much shorter than the argument (a field extracted from each document).
func (w *varOut) shrink() {
	if len(w.d) > 2*w.size+64<<10 {
		w.data.ResizeNoShrink(len(w.d)) // Resize shrinks only below the buffer's length
	}
	w.data.Resize(w.size) // 0: no buffer left, as alloc(0) makes
	w.d = w.data.Buf()
}

func (w *varOut) release() {
	w.offs.Release()
	w.data.Release()
}
