package elementwise

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/goarrow/goarrow/go/internal/cabi"
	"github.com/goarrow/goarrow/go/internal/codec"
)

// Kernel runs the function over the rows of one block; goarrowgen generates it.
type Kernel func(b *Block) error

// parallelBlock is the rows of a parallel function's block: whole 64-row words (blocks never
// share a validity byte), and large enough that handing one to a goroutine costs nothing next to
// running it.
const parallelBlock = 1 << 16

// Run calls kernel over args (each a column or a scalar) and returns the result column: an
// arrow.Array when every column argument is one, else an *arrow.Chunked.
func Run(ctx context.Context, spec *Spec, args []any, opt Options, kernel Kernel) (res any, err error) {
	if len(args) != len(spec.In) {
		return nil, fmt.Errorf("elementwise: %s takes %d arguments, got %d", spec.Name, len(spec.In), len(args))
	}
	in, n, chunked, err := bind(spec, args)
	if err != nil {
		return nil, err
	}
	r := &run{ctx: ctx, spec: spec, opt: opt, args: in}
	r.failAt.Store(math.MaxInt64)
	defer func() {
		for _, a := range r.held {
			a.Release()
		}
	}()
	segs := r.align(n, chunked)
	defer func() {
		if err != nil {
			for _, s := range segs {
				s.out.release()
			}
		}
	}()
	for _, s := range segs {
		s.prepare(r)
	}
	if err := r.execute(segs, kernel); err != nil {
		return nil, err
	}
	arrays := make([]arrow.Array, len(segs))
	for i, s := range segs {
		arrays[i] = s.out.finish()
	}
	if !chunked {
		return arrays[0], nil
	}
	c := arrow.NewChunked(spec.OutArrow(), arrays)
	for _, a := range arrays {
		a.Release()
	}
	return c, nil
}

// argument is one argument: a column's chunks, or a scalar.
type argument struct {
	chunks []arrow.Array // a column's chunks (an Array is one); nil for a scalar
	scalar any           // a scalar as the parameter reads it: bool, int64, float64 or string
	null   bool          // a None scalar
}

func (a *argument) column() bool { return a.chunks != nil }

// bind checks each argument against its parameter and finds the column length.
func bind(spec *Spec, args []any) (in []argument, n int, chunked bool, err error) {
	in = make([]argument, len(args))
	n = -1
	first := 0 // the argument n was taken from
	for k, a := range args {
		t := spec.In[k]
		where := func() string { return fmt.Sprintf("%s() argument %d", spec.Name, k+1) }
		switch v := a.(type) {
		case arrow.Array:
			if err := checkColumn(t, spec.elem(k), v.DataType(), where); err != nil {
				return nil, 0, false, err
			}
			in[k].chunks = []arrow.Array{v}
		case *arrow.Chunked:
			if err := checkColumn(t, spec.elem(k), v.DataType(), where); err != nil {
				return nil, 0, false, err
			}
			in[k].chunks, chunked = v.Chunks(), true
			if in[k].chunks == nil {
				in[k].chunks = []arrow.Array{}
			}
		default:
			s, null, err := scalarFor(t, a, where)
			if err != nil {
				return nil, 0, false, err
			}
			in[k].scalar, in[k].null = s, null
			continue
		}
		length := 0
		for _, c := range in[k].chunks {
			length += c.Len()
		}
		if n >= 0 && length != n {
			return nil, 0, false, valueErrorf("%s(): columns of different lengths: argument %d has %d rows, argument %d has %d", spec.Name, first, n, k+1, length)
		}
		if n < 0 {
			n, first = length, k+1 // a number, not its message: formatting it cost a tenth of a 1-row call
		}
	}
	if n < 0 {
		return nil, 0, false, typeErrorf("%s() is element-wise and needs at least one column argument (a pyarrow Array or ChunkedArray, numpy array, polars Series, ...); got only scalars", spec.Name)
	}
	return in, n, chunked, nil
}

func checkColumn(t, elem Type, dt arrow.DataType, where func() string) error {
	if dt.ID() == arrow.NULL { // pa.array([None, None]): every row null
		return nil
	}
	if t == List {
		if l, ok := dt.(arrow.ListLikeType); ok && (dt.ID() == arrow.LIST || dt.ID() == arrow.LARGE_LIST) && elem.reads(l.Elem().ID()) {
			return nil
		}
		return typeErrorf("%s: expected a column of list<%s> or large_list<%s>, got %s", where(), elem, elem, dt)
	}
	if t.reads(dt.ID()) {
		return nil
	}
	want := t.String()
	if t == String || t == Binary || t == Time {
		names := make([]string, 0, 6)
		for _, id := range typeInfo[t].ids {
			names = append(names, strings.ToLower(id.String()))
		}
		want = strings.Join(names, ", ")
	}
	return typeErrorf("%s: expected a column of %s, got %s (cast it first, e.g. pyarrow.compute.cast(column, pyarrow.%s()))",
		where(), want, dt, castName(t))
}

func castName(t Type) string {
	switch t {
	case Time:
		return "timestamp(\"us\")"
	case Duration:
		return "duration(\"ns\")"
	case Bool:
		return "bool_"
	case String:
		return "string"
	case Binary:
		return "binary"
	}
	return t.String()
}

// scalarFor converts a broadcast Python scalar to what a parameter of type t reads.
func scalarFor(t Type, a any, where func() string) (any, bool, error) {
	if a == nil {
		return nil, true, nil
	}
	bad := func() (any, bool, error) {
		return nil, false, typeErrorf("%s: expected a column or a %s scalar, got %s", where(), pyName(t), describe(a))
	}
	switch t {
	case Bool:
		if v, ok := a.(bool); ok {
			return v, false, nil
		}
	case Int8, Int16, Int32, Int64, Uint8, Uint16, Uint32, Uint64:
		v, ok := a.(int64)
		if !ok {
			return bad()
		}
		lo, hi := intRange(t)
		if (lo == 0 && v < 0) || (v < 0 && v < lo) || (v >= 0 && uint64(v) > hi) {
			return nil, false, valueErrorf("%s: %d does not fit in %s", where(), v, t)
		}
		return v, false, nil
	case Float32, Float64:
		switch v := a.(type) {
		case float64:
			return v, false, nil
		case int64:
			return float64(v), false, nil
		}
	case String:
		if v, ok := a.(string); ok {
			return v, false, nil
		}
	case Binary:
		switch v := a.(type) {
		case []byte:
			return string(v), false, nil
		case string:
			return v, false, nil
		}
	case Time, Duration, List:
		return nil, false, typeErrorf("%s: expected a column of %s; a Python scalar cannot be one (pass a one-element column, or None)", where(), t)
	}
	return bad()
}

func intRange(t Type) (int64, uint64) {
	switch t {
	case Int8:
		return math.MinInt8, math.MaxInt8
	case Int16:
		return math.MinInt16, math.MaxInt16
	case Int32:
		return math.MinInt32, math.MaxInt32
	case Int64:
		return math.MinInt64, math.MaxInt64
	case Uint8:
		return 0, math.MaxUint8
	case Uint16:
		return 0, math.MaxUint16
	case Uint32:
		return 0, math.MaxUint32
	}
	return 0, math.MaxUint64
}

func pyName(t Type) string {
	switch t {
	case Bool:
		return "bool"
	case Float32, Float64:
		return "float"
	case String:
		return "str"
	case Binary:
		return "bytes"
	}
	return "int"
}

func describe(a any) string {
	switch v := a.(type) {
	case bool:
		return "bool"
	case int64:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	case []byte:
		return "bytes"
	case arrow.RecordBatch:
		return "a record batch (pass one column)"
	case arrow.Table:
		return "a table (pass one column)"
	default:
		return fmt.Sprintf("%T", v)
	}
}

// run is one call's state, shared by its blocks.
type run struct {
	ctx  context.Context
	spec *Spec
	opt  Options
	args []argument
	// held are arrays made to read an argument through (released when the call ends).
	mu   sync.Mutex
	held []arrow.Array
	// failAt is the lowest index of a block that failed: blocks after it stop, blocks before it
	// finish, so the error raised is the one a serial run meets first.
	failAt atomic.Int64
}

func (r *run) hold(a arrow.Array) {
	r.mu.Lock()
	r.held = append(r.held, a)
	r.mu.Unlock()
}

// segment is a run of rows that lies in one chunk of every column.
type segment struct {
	start, n int     // the rows' global index, and count
	at       []colAt // per argument: where the segment's rows are (zero for a scalar)
	out      *output
}

type colAt struct {
	arr arrow.Array
	off int // the segment's first row within arr (arr's own offset not included)
}

// align cuts the rows at every chunk boundary of every column. An Array argument is one chunk,
// so calls over Arrays make one segment.
func (r *run) align(n int, chunked bool) []*segment {
	// The bounds: 0, n and every chunk end, sorted, each once. A small slice, not a map: for a
	// call over Arrays this is [0 n], and a map cost a tenth of a one-row call.
	bounds := []int{0, n}
	for _, a := range r.args {
		pos := 0
		for _, c := range a.chunks {
			pos += c.Len()
			bounds = append(bounds, pos)
		}
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	if n == 0 && !chunked {
		// An empty Array in, an empty Array out: one segment of no rows.
		s := &segment{at: make([]colAt, len(r.args)), out: newOutput(r.spec, 0)}
		for k, a := range r.args {
			if a.column() {
				s.at[k] = colAt{arr: a.chunks[0]}
			}
		}
		return []*segment{s}
	}
	// Each column's current chunk and the global row it starts at, advanced as segments go.
	idx := make([]int, len(r.args))
	base := make([]int, len(r.args))
	var segs []*segment
	for i := 0; i+1 < len(bounds); i++ {
		lo, hi := bounds[i], bounds[i+1]
		s := &segment{start: lo, n: hi - lo, at: make([]colAt, len(r.args)), out: newOutput(r.spec, hi-lo)}
		for k, a := range r.args {
			if !a.column() {
				continue
			}
			// Skip the chunks that end at or before lo (empty ones included).
			for base[k]+a.chunks[idx[k]].Len() <= lo {
				base[k] += a.chunks[idx[k]].Len()
				idx[k]++
			}
			s.at[k] = colAt{arr: a.chunks[idx[k]], off: lo - base[k]}
		}
		segs = append(segs, s)
	}
	return segs
}

// prepare makes the segment's result validity: the AND of every plain parameter's validity (a
// null there makes the row null and skips the call), or all valid where the function or the
// caller's errors="null" can still make nulls, or none at all.
func (s *segment) prepare(r *run) {
	scan := false
	for k, a := range r.args {
		if r.spec.SeesNull[k] {
			continue
		}
		if a.null || (a.column() && s.at[k].arr.NullN() > 0) {
			scan = true
		}
	}
	canNull := r.spec.MakesNull || (r.opt.NullOnError && r.spec.Errs)
	if !scan && !canNull {
		return
	}
	words := s.out.allocValidity()
	if !scan {
		return
	}
	s.out.scan = true
	for k, a := range r.args {
		if r.spec.SeesNull[k] {
			continue
		}
		if a.null {
			clear(words)
			return
		}
		if !a.column() || s.at[k].arr.NullN() == 0 {
			continue
		}
		bm := s.at[k].arr.NullBitmapBytes()
		off := s.at[k].arr.Data().Offset() + s.at[k].off
		for w := range words {
			words[w] &= loadBits(bm, off+w*64)
		}
	}
	s.out.trimTail()
}

// execute runs the kernel over every segment: on this goroutine, or split into blocks over
// several for a parallel function with enough rows.
func (r *run) execute(segs []*segment, kernel Kernel) error {
	var blocks []*Block
	total := 0
	for _, s := range segs {
		total += s.n
	}
	threads := 1
	if r.spec.Parallel {
		threads = runtime.GOMAXPROCS(0)
		if r.opt.Threads > 0 {
			threads = min(threads, r.opt.Threads)
		}
	}
	for _, s := range segs {
		step := s.n
		if threads > 1 && total >= 2*parallelBlock {
			step = parallelBlock
		}
		step = max(step, 1)
		for lo := 0; ; lo += step {
			blocks = append(blocks, &Block{run: r, seg: s, lo: lo, n: min(step, s.n-lo), idx: int64(len(blocks))})
			if lo+step >= s.n {
				break
			}
		}
	}
	errs := make([]error, len(blocks))
	one := func(b *Block) {
		if int64(b.idx) > r.failAt.Load() {
			return
		}
		if err := b.call(kernel); err != nil {
			errs[b.idx] = err
			for {
				cur := r.failAt.Load()
				if b.idx >= cur || r.failAt.CompareAndSwap(cur, b.idx) {
					break
				}
			}
		}
	}
	if threads = min(threads, len(blocks)); threads <= 1 {
		for _, b := range blocks {
			one(b)
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range threads {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := next.Add(1) - 1; j < int64(len(blocks)); j = next.Add(1) - 1 {
					one(blocks[j])
				}
			}()
		}
		wg.Wait()
	}
	if f := r.failAt.Load(); f != math.MaxInt64 {
		return errs[f]
	}
	if r.ctx.Err() != nil {
		return cabi.Errorf(cabi.StatusCancelled, "%s() was cancelled", r.spec.Name)
	}
	for _, s := range segs {
		s.out.mergeParts()
	}
	return nil
}

// Block is the rows [lo, lo+n) of one segment, which one goroutine runs the kernel over. Row i
// of the block (0 <= i < n) is the views' and writers' index.
type Block struct {
	run   *run
	seg   *segment
	lo, n int
	idx   int64
	part  *varOut // a variable-width result's writer for this block
	out   *output // a struct field's output (StructField); nil: the segment's result
	// stopped is why Rows ended early: cancelled, or an earlier block failed.
	cancelled bool
}

// call runs the kernel with a recover for what is not the author's function (the runtime's own
// panics: out of memory while growing a result).
func (b *Block) call(kernel Kernel) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if ce, ok := p.(*cabi.Error); ok { // a view's refusal of its argument (ValueError)
				err = ce
				return
			}
			err = codec.PanicError(p)
		}
	}()
	err = kernel(b)
	if err == nil && b.cancelled {
		err = cabi.Errorf(cabi.StatusCancelled, "%s() was cancelled", b.run.spec.Name)
	}
	return err
}

// Len is the block's row count.
func (b *Block) Len() int { return b.n }

// Rows walks the block's rows to call the function for, a run or a 64-row word at a time.
func (b *Block) Rows() Rows {
	r := Rows{b: b, n: b.n}
	if b.seg.out.scan {
		r.words = b.seg.out.words[b.lo/64 : (b.lo+b.n+63)/64]
	}
	return r
}

// Null makes row i of the result null (a nil pointer result, a false ok).
func (b *Block) Null(i int) {
	j := b.lo + i
	b.seg.out.words[j>>6] &^= 1 << (j & 63)
}

// Fail handles an error the function returned for row i: with errors="null" the row becomes
// null and Fail returns nil; otherwise it returns the error to stop the call with.
func (b *Block) Fail(i int, err error) error {
	if b.run.opt.NullOnError {
		b.Null(i)
		return nil
	}
	return &RowError{Func: b.run.spec.Name, Row: b.seg.start + b.lo + i, Err: err}
}

// Recover is deferred by the kernel: a panic in the function becomes GoPanic naming the row the
// kernel was at (*row).
func (b *Block) Recover(row *int, err *error) {
	p := recover()
	if p == nil {
		return
	}
	if ce, ok := p.(*cabi.Error); ok { // the runtime's own refusal (a result too large)
		*err = ce
		return
	}
	e := codec.PanicError(p)
	var ce *cabi.Error
	if errors.As(e, &ce) && ce.Status == cabi.StatusGoPanic {
		ce.Msg = fmt.Sprintf("%s() panicked at row %d: %s", b.run.spec.Name, b.seg.start+b.lo+*row, ce.Msg)
	}
	*err = e
}

// RowError is an error the function returned, with the row it returned it for. It wraps the
// function's error, so bridge.ErrType and ErrValue still choose the Python exception.
type RowError struct {
	Func string
	Row  int
	Err  error
}

// Error leaves out bridge.ErrType's and ErrValue's own words: the Python exception's class
// (TypeError, ValueError) says them.
func (e *RowError) Error() string {
	msg := e.Err.Error()
	for _, mark := range []error{cabi.ErrType, cabi.ErrValue} {
		if errors.Is(e.Err, mark) {
			msg = strings.TrimPrefix(msg, mark.Error()+": ")
		}
	}
	return fmt.Sprintf("%s(): row %d: %s", e.Func, e.Row, msg)
}
func (e *RowError) Unwrap() error { return e.Err }

func typeErrorf(format string, args ...any) error {
	return cabi.Errorf(cabi.StatusTypeError, format, args...)
}

func valueErrorf(format string, args ...any) error {
	return cabi.Errorf(cabi.StatusValueError, format, args...)
}
