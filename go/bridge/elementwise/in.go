package elementwise

import (
	"sync"
	"time"
	// Time zones of timestamp columns, also where the system has no zoneinfo (slim containers).
	_ "time/tzdata"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// The views a kernel reads its arguments through, row i of the block at At(i). A column's view
// points at its Arrow buffers (nothing is copied; strings and []byte alias them and are valid
// during the call only); a scalar's is one value, which the index mask m (all ones for a column,
// zero for a scalar) selects for every row without a branch.

// Number is the fixed-width Go types a parameter or result may have, named ones included. Go's
// int and uint are int64 and uint64 columns (goarrow builds for 64-bit platforms only).
type Number interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~float32 | ~float64 | ~int | ~uint
}

// nulls is where a pointer parameter finds its nulls.
type nulls struct {
	bits []byte // the column's validity; nil when it has no nulls
	off  int    // bit of row 0
	none bool   // a None scalar
}

// valid reports whether row i is not null.
func (v *nulls) valid(i int) bool {
	if v.bits == nil {
		return !v.none
	}
	j := v.off + i
	return v.bits[j>>3]>>(j&7)&1 != 0
}

func (b *Block) nullsOf(k int) nulls {
	a := &b.run.args[k]
	if !a.column() {
		return nulls{none: a.null}
	}
	at := b.seg.at[k]
	if at.arr.DataType().ID() == arrow.NULL {
		return nulls{none: true}
	}
	if at.arr.NullN() == 0 {
		return nulls{}
	}
	return nulls{bits: at.arr.NullBitmapBytes(), off: at.arr.Data().Offset() + at.off + b.lo}
}

// Values is a fixed-width parameter of Go type T. Its hot fields are two words, read without a
// bounds check (the runtime sized the block), so that the compiler keeps them in registers
// across the row loop as it does a hand-written loop's slices.
type Values[T Number] struct {
	p   unsafe.Pointer // row 0's value (a scalar's one value)
	m   int            // -1 for a column, 0 for a scalar: row i is at i&m
	ext *extra[T]      // for Ptr only
}

// extra is what a pointer parameter needs besides the values: its nulls, and the copy Ptr
// returns a pointer to; and a scalar's value repeated for Span.
type extra[T any] struct {
	nul nulls
	tmp T
	rep *[SpanRows]T
}

// SpanRows is the most rows a Span holds: generated loops run all-valid rows SpanRows at a time.
const SpanRows = 128

// Span is rows lo to lo+n (n at most SpanRows) as a slice: the column's own values, or a
// scalar's value repeated. The generated loop over an all-valid run reads numbers through
// spans, so that it keeps one register per argument (the slice's pointer) where At keeps two
// (the pointer and the broadcast mask): with several arguments the masks spilled to the stack.
func (c Values[T]) Span(lo, n int) []T {
	if c.m != 0 {
		var zero T
		return unsafe.Slice((*T)(unsafe.Add(c.p, uintptr(lo)*unsafe.Sizeof(zero))), n)
	}
	if c.ext.rep == nil { // once per block and argument
		c.ext.rep = new([SpanRows]T)
		v := *(*T)(c.p)
		for j := range c.ext.rep {
			c.ext.rep[j] = v
		}
	}
	return c.ext.rep[:n]
}

// At is row i's value (rows that are null have some value; the kernel does not ask for them).
func (c Values[T]) At(i int) T {
	var zero T
	return *(*T)(unsafe.Add(c.p, uintptr(i&c.m)*unsafe.Sizeof(zero)))
}

// Ptr is row i's value, or nil for a null; it points at a copy that the next call reuses.
func (c Values[T]) Ptr(i int) *T {
	if !c.ext.nul.valid(i) {
		return nil
	}
	c.ext.tmp = c.At(i)
	return &c.ext.tmp
}

// ValuesOf is parameter k of the block as a T.
func ValuesOf[T Number](b *Block, k int) Values[T] {
	a := &b.run.args[k]
	if !a.column() {
		x := new(T)
		switch s := a.scalar.(type) {
		case int64:
			*x = T(s)
		case float64:
			*x = T(s)
		}
		return Values[T]{p: unsafe.Pointer(x), ext: &extra[T]{nul: nulls{none: a.null}}}
	}
	at := b.seg.at[k]
	c := Values[T]{p: unsafe.Pointer(new(T)), m: -1, ext: &extra[T]{nul: b.nullsOf(k)}}
	if at.arr.DataType().ID() == arrow.NULL {
		c.m = 0
		return c
	}
	if bufs := at.arr.Data().Buffers(); len(bufs) > 1 && bufs[1] != nil && bufs[1].Len() > 0 && b.n > 0 {
		raw := bufs[1].Bytes()
		all := unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(raw))), len(raw)/int(unsafe.Sizeof(*new(T))))
		first := at.arr.Data().Offset() + at.off + b.lo
		c.p = unsafe.Pointer(&all[first : first+b.n][0]) // the slice expression checks the bounds once
	}
	return c
}

// Bools is a bool parameter.
type Bools struct {
	bits unsafe.Pointer // the bitmap's first byte
	off  int            // the bit of row 0
	m    int
	ext  *extra[bool]
}

// At is row i's value.
func (c Bools) At(i int) bool {
	j := c.off + i&c.m
	return *(*byte)(unsafe.Add(c.bits, j>>3))>>(j&7)&1 != 0
}

// Ptr is row i's value, or nil for a null.
func (c Bools) Ptr(i int) *bool {
	if !c.ext.nul.valid(i) {
		return nil
	}
	c.ext.tmp = c.At(i)
	return &c.ext.tmp
}

// BoolsOf is parameter k of the block.
func BoolsOf(b *Block, k int) Bools {
	a := &b.run.args[k]
	if !a.column() {
		x, _ := a.scalar.(bool)
		bit := new(byte)
		if x {
			*bit = 1
		}
		return Bools{bits: unsafe.Pointer(bit), ext: &extra[bool]{nul: nulls{none: a.null}}}
	}
	at := b.seg.at[k]
	if at.arr.DataType().ID() == arrow.NULL {
		return Bools{bits: unsafe.Pointer(new(byte)), ext: &extra[bool]{nul: nulls{none: true}}}
	}
	c := Bools{bits: unsafe.Pointer(new(byte)), off: at.arr.Data().Offset() + at.off + b.lo, m: -1, ext: &extra[bool]{nul: b.nullsOf(k)}}
	if raw := at.arr.Data().Buffers()[1].Bytes(); len(raw) > 0 {
		c.bits = unsafe.Pointer(unsafe.SliceData(raw))
	}
	return c
}

// Layouts of a string or binary column.
const (
	layoutScalar = iota
	layoutOffsets32
	layoutOffsets64
	layoutView
)

// Strings is a string parameter (or, through Bytes, a []byte one): utf8 and binary columns, their
// large (64-bit offsets) and view forms. One pointer, so that it stays in a register.
type Strings struct{ *stringsCol }

type stringsCol struct {
	layout int
	off32  []int32 // the block's offsets: row i is data[off[i]:off[i+1]]
	off64  []int64
	data   []byte
	view   func(int) string // a view column's value at an index of the array
	first  int              // the array index of row 0, for view
	s      string           // the scalar
	nul    nulls
	tmp    string
}

// At is row i's value. It points into the column's buffer: valid during the call; keep a copy
// (strings.Clone) to hold it longer.
func (c Strings) At(i int) string {
	switch c.layout {
	case layoutOffsets32:
		return str(c.data[c.off32[i]:c.off32[i+1]])
	case layoutOffsets64:
		return str(c.data[c.off64[i]:c.off64[i+1]])
	case layoutView:
		return c.view(c.first + i)
	}
	return c.s
}

// Ptr is row i's value, or nil for a null.
func (c Strings) Ptr(i int) *string {
	if !c.nul.valid(i) {
		return nil
	}
	c.tmp = c.At(i)
	return &c.tmp
}

func str(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// StringsOf is parameter k of the block.
func StringsOf(b *Block, k int) Strings {
	a := &b.run.args[k]
	if !a.column() {
		s, _ := a.scalar.(string)
		return Strings{&stringsCol{s: s, nul: nulls{none: a.null}}}
	}
	at := b.seg.at[k]
	c := Strings{readStrings(b, at.arr, at.off+b.lo, b.n)}
	c.nul = b.nullsOf(k)
	return c
}

// readStrings reads n values of a string or binary array from its row rel (of any of its
// layouts; the array's own offset applies).
func readStrings(b *Block, arr arrow.Array, rel, n int) *stringsCol {
	d := arr.Data()
	first := d.Offset() + rel
	c := &stringsCol{first: first}
	bufs := d.Buffers()
	data := func() []byte {
		if len(bufs) > 2 && bufs[2] != nil {
			return bufs[2].Bytes()
		}
		return nil
	}
	switch d.DataType().ID() {
	case arrow.STRING, arrow.BINARY:
		c.layout, c.data = layoutOffsets32, data()
		if bufs[1] != nil && bufs[1].Len() > 0 {
			c.off32 = arrow.Int32Traits.CastFromBytes(bufs[1].Bytes())[first : first+n+1]
		}
	case arrow.LARGE_STRING, arrow.LARGE_BINARY:
		c.layout, c.data = layoutOffsets64, data()
		if bufs[1] != nil && bufs[1].Len() > 0 {
			c.off64 = arrow.Int64Traits.CastFromBytes(bufs[1].Bytes())[first : first+n+1]
		}
	case arrow.STRING_VIEW:
		sv, ok := arr.(*array.StringView)
		if !ok {
			sv = array.NewStringViewData(d)
			b.run.hold(sv)
		}
		c.layout, c.view = layoutView, sv.Value
	case arrow.BINARY_VIEW:
		bv, ok := arr.(*array.BinaryView)
		if !ok {
			bv = array.NewBinaryViewData(d)
			b.run.hold(bv)
		}
		c.layout, c.view = layoutView, func(i int) string { return str(bv.Value(i)) }
	}
	if c.layout == layoutView {
		c.first = rel // the array's Value applies its own offset
	}
	return c
}

// Bytes is a []byte parameter: Strings seen as bytes (the same buffers; do not modify them).
type Bytes struct{ Strings }

// At is row i's value, valid during the call.
func (c Bytes) At(i int) []byte {
	s := c.Strings.At(i)
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// Ptr is row i's value, or nil for a null.
func (c Bytes) Ptr(i int) *[]byte {
	if !c.nul.valid(i) {
		return nil
	}
	b := c.At(i)
	return &b
}

// BytesOf is parameter k of the block.
func BytesOf(b *Block, k int) Bytes { return Bytes{StringsOf(b, k)} }

// Times is a time.Time parameter: a timestamp column (any unit, in its time zone), date32 or
// date64 (midnight UTC).
type Times struct{ *timesCol }

type timesCol struct {
	p32, p64 unsafe.Pointer // date32 values; the other int64 ones
	div, mul int64          // value v is time.Unix(v/div, v%div*mul)
	m        int
	loc      *time.Location
	ext      extra[time.Time]
}

// At is row i's time.
func (c Times) At(i int) time.Time {
	j := uintptr(i & c.m)
	if c.p32 != nil {
		days := int64(*(*int32)(unsafe.Add(c.p32, j*4)))
		return time.Unix(days*86400, 0).In(c.loc)
	}
	v := *(*int64)(unsafe.Add(c.p64, j*8))
	return time.Unix(v/c.div, v%c.div*c.mul).In(c.loc)
}

// Ptr is row i's time, or nil for a null.
func (c Times) Ptr(i int) *time.Time {
	if !c.ext.nul.valid(i) {
		return nil
	}
	c.ext.tmp = c.At(i)
	return &c.ext.tmp
}

var zones sync.Map // time zone name -> *time.Location

// TimesOf is parameter k of the block.
func TimesOf(b *Block, k int) Times {
	c := Times{&timesCol{div: 1, mul: 1, loc: time.UTC, p64: unsafe.Pointer(new(int64))}}
	at := b.seg.at[k]
	a := &b.run.args[k]
	if !a.column() || at.arr.DataType().ID() == arrow.NULL {
		c.ext.nul = nulls{none: true}
		return c
	}
	c.m, c.ext.nul = -1, b.nullsOf(k)
	d := at.arr.Data()
	first := d.Offset() + at.off + b.lo
	raw := d.Buffers()[1].Bytes()
	if len(raw) == 0 || b.n == 0 {
		return c
	}
	switch t := d.DataType().(type) {
	case *arrow.Date32Type:
		c.p32 = unsafe.Pointer(&arrow.Int32Traits.CastFromBytes(raw)[first : first+b.n][0])
		return c
	case *arrow.Date64Type:
		c.div, c.mul = 1000, int64(time.Millisecond)
	case *arrow.TimestampType:
		c.div = int64(time.Second) / int64(t.Unit.Multiplier())
		c.mul = int64(t.Unit.Multiplier())
		if t.TimeZone != "" {
			if l, ok := zones.Load(t.TimeZone); ok {
				c.loc = l.(*time.Location)
			} else if l, err := time.LoadLocation(t.TimeZone); err == nil {
				zones.Store(t.TimeZone, l)
				c.loc = l
			} else if l, err := fixedZone(t.TimeZone); err == nil {
				c.loc = l
			} else {
				panic(valueErrorf("%s() argument %d: unknown time zone %q", b.run.spec.Name, k+1, t.TimeZone))
			}
		}
	}
	c.p64 = unsafe.Pointer(&arrow.Int64Traits.CastFromBytes(raw)[first : first+b.n][0])
	return c
}

// fixedZone reads an offset zone such as "+05:30", which Arrow allows besides names.
func fixedZone(name string) (*time.Location, error) {
	t, err := time.Parse("-07:00", name)
	if err != nil {
		return nil, err
	}
	_, off := t.Zone()
	return time.FixedZone(name, off), nil
}

// Durations is a time.Duration parameter: a duration column of any unit.
type Durations struct {
	p   unsafe.Pointer
	m   int
	mul int64
	ext *extra[time.Duration]
}

// At is row i's duration.
func (c Durations) At(i int) time.Duration {
	return time.Duration(*(*int64)(unsafe.Add(c.p, uintptr(i&c.m)*8)) * c.mul)
}

// Ptr is row i's duration, or nil for a null.
func (c Durations) Ptr(i int) *time.Duration {
	if !c.ext.nul.valid(i) {
		return nil
	}
	c.ext.tmp = c.At(i)
	return &c.ext.tmp
}

// DurationsOf is parameter k of the block.
func DurationsOf(b *Block, k int) Durations {
	c := Durations{p: unsafe.Pointer(new(int64)), mul: 1, ext: &extra[time.Duration]{}}
	at := b.seg.at[k]
	a := &b.run.args[k]
	if !a.column() || at.arr.DataType().ID() == arrow.NULL {
		c.ext.nul = nulls{none: true}
		return c
	}
	c.m, c.ext.nul = -1, b.nullsOf(k)
	d := at.arr.Data()
	c.mul = int64(d.DataType().(*arrow.DurationType).Unit.Multiplier())
	if raw := d.Buffers()[1].Bytes(); len(raw) > 0 && b.n > 0 {
		first := d.Offset() + at.off + b.lo
		c.p = unsafe.Pointer(&arrow.Int64Traits.CastFromBytes(raw)[first : first+b.n][0])
	}
	return c
}

// Lists is a []T parameter: a list or large_list column of T, each row's elements read in place
// (valid during the call).
type Lists[T Number] struct{ *listsCol[T] }

type listsCol[T Number] struct {
	off32 []int32 // the block's offsets into the elements (n+1)
	off64 []int64
	vals  unsafe.Pointer // element 0 of the child
	ext   extra[[]T]
}

// At is row i's elements.
func (c Lists[T]) At(i int) []T {
	lo, hi := span(c.off32, c.off64, i)
	var zero T
	return unsafe.Slice((*T)(unsafe.Add(c.vals, uintptr(lo)*unsafe.Sizeof(zero))), hi-lo)
}

// Ptr is row i's elements, or nil for a null.
func (c Lists[T]) Ptr(i int) *[]T {
	if !c.ext.nul.valid(i) {
		return nil
	}
	c.ext.tmp = c.At(i)
	return &c.ext.tmp
}

// ListsOf is parameter k of the block. A list whose elements hold nulls is refused: a Go []T has
// no way to show them.
func ListsOf[T Number](b *Block, k int) Lists[T] {
	c := Lists[T]{&listsCol[T]{vals: unsafe.Pointer(new(T))}}
	off32, off64, child, ok := listOffsets(b, k, b.run.spec.InElem[k].String())
	if !ok {
		c.ext.nul = nulls{none: true}
		return c
	}
	c.off32, c.off64, c.ext.nul = off32, off64, b.nullsOf(k)
	if raw := child.Buffers()[1]; raw != nil && raw.Len() > 0 {
		var zero T
		c.vals = unsafe.Add(unsafe.Pointer(unsafe.SliceData(raw.Bytes())), uintptr(child.Offset())*unsafe.Sizeof(zero))
	}
	return c
}

// listOffsets reads list parameter k's offsets over the block's rows and its child array
// (refused when the elements hold nulls, which a Go slice has no way to show). ok is false for
// a column of nulls only.
func listOffsets(b *Block, k int, goElem string) (off32 []int32, off64 []int64, child arrow.ArrayData, ok bool) {
	at := b.seg.at[k]
	if !b.run.args[k].column() || at.arr.DataType().ID() == arrow.NULL {
		return nil, nil, nil, false
	}
	d := at.arr.Data()
	child = d.Children()[0]
	if child.NullN() > 0 {
		panic(valueErrorf("%s() argument %d: the list elements hold nulls, which a []%s parameter cannot show (use pyarrow.compute.fill_null on the elements)", b.run.spec.Name, k+1, goElem))
	}
	first := d.Offset() + at.off + b.lo
	if raw := d.Buffers()[1].Bytes(); len(raw) > 0 {
		if d.DataType().ID() == arrow.LIST {
			off32 = arrow.Int32Traits.CastFromBytes(raw)[first : first+b.n+1]
		} else {
			off64 = arrow.Int64Traits.CastFromBytes(raw)[first : first+b.n+1]
		}
	}
	return off32, off64, child, true
}

// span is row i's elements' range in the child.
func span(off32 []int32, off64 []int64, i int) (int, int) {
	if off32 != nil {
		return int(off32[i]), int(off32[i+1])
	}
	if off64 != nil {
		return int(off64[i]), int(off64[i+1])
	}
	return 0, 0
}

// StringLists is a []T parameter of a string type T: a list or large_list of utf8, large_utf8
// or utf8_view. Each row's strings point into the column's buffer, in a slice the block reuses:
// both are valid during the call (slices.Clone and strings.Clone what you keep).
type StringLists[T ~string] struct{ *varLists[T] }

type varLists[T any] struct {
	off32 []int32
	off64 []int64
	elems *stringsCol // the child's values
	bits  []byte      // a list of bools' child bits, from bit first
	first int
	buf   []T
	ext   extra[[]T]
}

// At is row i's elements.
func (c StringLists[T]) At(i int) []T {
	lo, hi := span(c.off32, c.off64, i)
	c.buf = c.buf[:0]
	for j := lo; j < hi; j++ {
		c.buf = append(c.buf, T(Strings{c.elems}.At(j)))
	}
	return c.buf
}

// Ptr is row i's elements, or nil for a null.
func (c StringLists[T]) Ptr(i int) *[]T {
	if !c.ext.nul.valid(i) {
		return nil
	}
	c.ext.tmp = c.At(i)
	return &c.ext.tmp
}

// StringListsOf is parameter k of the block.
func StringListsOf[T ~string](b *Block, k int) StringLists[T] {
	return StringLists[T]{readVarLists[T](b, k, "string")}
}

// BinaryLists is a []T parameter of a []byte type T: a list of binary (or utf8), as StringLists.
type BinaryLists[T ~[]byte] struct{ *varLists[T] }

// At is row i's elements.
func (c BinaryLists[T]) At(i int) []T {
	lo, hi := span(c.off32, c.off64, i)
	c.buf = c.buf[:0]
	for j := lo; j < hi; j++ {
		s := Strings{c.elems}.At(j)
		c.buf = append(c.buf, T(unsafe.Slice(unsafe.StringData(s), len(s))))
	}
	return c.buf
}

// Ptr is row i's elements, or nil for a null.
func (c BinaryLists[T]) Ptr(i int) *[]T {
	if !c.ext.nul.valid(i) {
		return nil
	}
	c.ext.tmp = c.At(i)
	return &c.ext.tmp
}

// BinaryListsOf is parameter k of the block.
func BinaryListsOf[T ~[]byte](b *Block, k int) BinaryLists[T] {
	return BinaryLists[T]{readVarLists[T](b, k, "[]byte")}
}

// BoolLists is a []T parameter of a bool type T: a list of bool, unpacked from its bits into a
// slice the block reuses (valid during the call).
type BoolLists[T ~bool] struct{ *varLists[T] }

// At is row i's elements.
func (c BoolLists[T]) At(i int) []T {
	lo, hi := span(c.off32, c.off64, i)
	c.buf = c.buf[:0]
	for j := c.first + lo; j < c.first+hi; j++ {
		c.buf = append(c.buf, T(c.bits[j>>3]&(1<<(j&7)) != 0))
	}
	return c.buf
}

// Ptr is row i's elements, or nil for a null.
func (c BoolLists[T]) Ptr(i int) *[]T {
	if !c.ext.nul.valid(i) {
		return nil
	}
	c.ext.tmp = c.At(i)
	return &c.ext.tmp
}

// BoolListsOf is parameter k of the block.
func BoolListsOf[T ~bool](b *Block, k int) BoolLists[T] {
	return BoolLists[T]{readVarLists[T](b, k, "bool")}
}

func readVarLists[T any](b *Block, k int, goElem string) *varLists[T] {
	c := &varLists[T]{}
	off32, off64, child, ok := listOffsets(b, k, goElem)
	if !ok {
		c.ext.nul = nulls{none: true}
		return c
	}
	c.off32, c.off64, c.ext.nul = off32, off64, b.nullsOf(k)
	if child.DataType().ID() == arrow.BOOL {
		c.first = child.Offset()
		if raw := child.Buffers()[1]; raw != nil {
			c.bits = raw.Bytes()
		}
		return c
	}
	arr := array.MakeFromData(child)
	b.run.hold(arr)
	c.elems = readStrings(b, arr, 0, child.Len())
	return c
}
