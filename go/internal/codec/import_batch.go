package codec

// Host → Go, record batches of flat columns. planFlat checks every column when the batch comes
// in (the structural validation a call owes its function), but the arrow-go arrays are made
// only when a column is first asked for: a function that reads a few columns of a wide batch
// does not pay for the others, and one that reads them all pays what an eager import would have.

/*
#include "ga_arrow.h"
*/
import "C"

import (
	"encoding/json"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// lazyBatch is an arrow.RecordBatch over the host's buffers whose columns are made on first
// use. It is safe for concurrent use, as arrow-go's record batches are.
type lazyBatch struct {
	refs   atomic.Int64
	schema *arrow.Schema
	rows   int64
	owner  *importAllocator // one reference, held until the batch is released
	plans  []flatNode       // each column's checked layout
	cols   []atomic.Pointer[column]
	all    sync.Once // Columns' slice, made once
	list   []arrow.Array
}

type column struct{ arr arrow.Array }

// importBatch imports the struct array a as a record batch of schema (t, its type, passed
// flatType), lent or moved as importArray does, if planFlat takes it. Without null rows it is a
// lazyBatch; a struct array that has or may have null rows (a null count of -1) is imported
// whole, and batchOfStruct counts them and says why it refuses.
func (flatPath) importBatch(a *C.struct_ArrowArray, schema *arrow.Schema, t arrow.DataType, loans *Loans) (arrow.RecordBatch, bool, error) {
	plan, ok := planFlat(a, t)
	if !ok {
		return nil, false, nil
	}
	if plan.nulls != 0 {
		rb, err := batchOfStruct(schema, importPlanned(a, &plan, t, loans), nil)
		return rb, true, err
	}
	o := newImportAllocator(a, &plan, loans)
	b := &lazyBatch{schema: schema, rows: int64(plan.a.length), owner: o, plans: plan.children,
		cols: make([]atomic.Pointer[column], len(plan.children))}
	b.refs.Store(1)
	if loans != nil {
		o.refs.Add(1) // the batch's own; the loan holds the first
		*loans = append(*loans, loan{o: o, batch: b})
	}
	return b, true, nil
}

func (b *lazyBatch) Retain() { b.refs.Add(1) }

func (b *lazyBatch) Release() {
	if b.refs.Add(-1) != 0 {
		return
	}
	for i := range b.cols {
		if c := b.cols[i].Load(); c != nil {
			c.arr.Release()
		}
	}
	b.owner.Free(nil)
}

func (b *lazyBatch) Schema() *arrow.Schema   { return b.schema }
func (b *lazyBatch) NumRows() int64          { return b.rows }
func (b *lazyBatch) NumCols() int64          { return int64(len(b.plans)) }
func (b *lazyBatch) ColumnName(i int) string { return b.schema.Field(i).Name }

// Column makes column i on first use; two goroutines asking at once keep the same array.
func (b *lazyBatch) Column(i int) arrow.Array {
	if c := b.cols[i].Load(); c != nil {
		return c.arr
	}
	slab := make(bufSlab, b.plans[i].total)
	d := b.plans[i].build(b.owner, b.schema.Field(i).Type, &slab)
	arr := array.MakeFromData(d)
	d.Release()
	if !b.cols[i].CompareAndSwap(nil, &column{arr}) {
		arr.Release()
	}
	return b.cols[i].Load().arr
}

func (b *lazyBatch) Columns() []arrow.Array {
	b.all.Do(func() {
		b.list = make([]arrow.Array, len(b.plans))
		for i := range b.list {
			b.list[i] = b.Column(i)
		}
	})
	return b.list
}

// eager is the batch as arrow-go's own record batch, for the operations that build a new one.
func (b *lazyBatch) eager() arrow.RecordBatch {
	return array.NewRecordBatch(b.schema, b.Columns(), b.rows)
}

func (b *lazyBatch) SetColumn(i int, col arrow.Array) (arrow.RecordBatch, error) {
	rb := b.eager()
	defer rb.Release()
	return rb.SetColumn(i, col)
}

func (b *lazyBatch) NewSlice(i, j int64) arrow.RecordBatch {
	rb := b.eager()
	defer rb.Release()
	return rb.NewSlice(i, j)
}

func (b *lazyBatch) MarshalJSON() ([]byte, error) {
	rb := b.eager()
	defer rb.Release()
	return json.Marshal(rb)
}
