package functions

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/bridge"
)

var streamSchema = arrow.NewSchema([]arrow.Field{
	{Name: "batch", Type: arrow.PrimitiveTypes.Int64},
	{Name: "x", Type: arrow.PrimitiveTypes.Float64},
}, nil)

// A stream of record batches that a goroutine produces while Python reads it.
//
// Each batch has columns "batch" (int64, the batch's index) and "x" (float64 uniform in [0, 1)).
// The producer runs at most one batch ahead of the reader, so only two batches exist at a time
// however long the stream is. Dropping the reader stops the goroutine.
//
//goarrow:export generate_stream
func GenerateStream(batches, rows, seed int64) (array.RecordReader, error) {
	if batches < 0 || rows < 0 {
		return nil, fmt.Errorf("%w: generate_stream() needs batches >= 0 and rows >= 0, got %d and %d", bridge.ErrValue, batches, rows)
	}
	r := &chanReader{ch: make(chan arrow.RecordBatch), done: make(chan struct{})}
	r.refs.Store(1)
	// The producer runs in a bridge.Group: its error or panic ends the stream, and the reader
	// reports it (Err) once the channel is closed.
	r.producer.Go(func() error {
		defer close(r.ch)
		for i := range batches {
			select {
			case <-r.done:
				return nil
			default:
			}
			x, err := Generate(rows, seed+i)
			if err != nil {
				return err
			}
			idx := array.NewInt64Builder(bridge.Allocator)
			for range rows {
				idx.Append(i)
			}
			ids := idx.NewArray()
			idx.Release()
			rec := array.NewRecordBatch(streamSchema, []arrow.Array{ids, x}, rows)
			ids.Release()
			x.Release()
			select {
			case r.ch <- rec:
			case <-r.done:
				rec.Release()
				return nil
			}
		}
		return nil
	})
	return r, nil
}

// chanReader is an array.RecordReader over batches arriving on a channel.
type chanReader struct {
	refs     atomic.Int64
	ch       chan arrow.RecordBatch
	done     chan struct{}
	once     sync.Once
	cur      arrow.RecordBatch
	producer bridge.Group
	err      error // the producer's error or panic, once ch is closed
}

func (r *chanReader) Schema() *arrow.Schema { return streamSchema }
func (r *chanReader) Retain()               { r.refs.Add(1) }
func (r *chanReader) Err() error            { return r.err }

func (r *chanReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	rec, ok := <-r.ch
	if !ok {
		r.err = r.producer.Wait()
		return false
	}
	r.cur = rec
	return true
}

func (r *chanReader) RecordBatch() arrow.RecordBatch { return r.cur }
func (r *chanReader) Record() arrow.RecordBatch      { return r.cur }

// Release stops the producer (it may be blocked sending) and frees the current batch.
func (r *chanReader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	r.once.Do(func() { close(r.done) })
	for rec := range r.ch { // drain: the producer exits after at most one more send attempt
		rec.Release()
	}
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
}
