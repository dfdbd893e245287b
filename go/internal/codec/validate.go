package codec

// Producers can hand over inconsistent arrays (offsets that decrease or run past their child,
// dictionary indices past the dictionary, run ends that do not increase, union type ids not in
// the type, a null count the bitmap contradicts...). Before a function sees an argument, the
// bridge checks it with arrow-go's validators: array.Validate always (O(1) per array: buffer
// sizes, offsets at the ends, child lengths), array.ValidateFull when asked (every offset,
// index and run end, UTF-8, null counts), per call or for the process.

import (
	"fmt"
	"os"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// fullValidation is the process's default: GOARROW_VALIDATE=full, or goarrow.set_validation.
var fullValidation atomic.Bool

func init() { fullValidation.Store(os.Getenv("GOARROW_VALIDATE") == "full") }

// validateArg checks an imported argument (or result, for a Go host). A reader is wrapped so
// that each batch is checked as it is read; the wrapper is what the function gets. Where the
// data went wrong (column, chunk) is put into words only when it did: this runs on every call.
func validateArg(v any, full bool) (any, error) {
	switch x := v.(type) {
	case arrow.RecordBatch:
		return v, validateBatch(x, full)
	case arrow.Array:
		return v, refusal("", validateOne(x, full))
	case *arrow.Chunked:
		for i, c := range x.Chunks() {
			if err := validateOne(c, full); err != nil {
				return v, refusal(fmt.Sprintf(" in chunk %d", i), err)
			}
		}
	case arrow.Table:
		for i := range int(x.NumCols()) {
			for _, c := range x.Column(i).Data().Chunks() {
				if err := validateOne(c, full); err != nil {
					return v, refusal(inColumn(x.Schema(), i), err)
				}
			}
		}
	case array.RecordReader:
		return &validatingReader{RecordReader: x, full: full}, nil
	}
	return v, nil
}

func validateBatch(rb arrow.RecordBatch, full bool) error {
	for i := range int(rb.NumCols()) {
		if err := validateOne(rb.Column(i), full); err != nil {
			return refusal(inColumn(rb.Schema(), i), err)
		}
	}
	return nil
}

func inColumn(s *arrow.Schema, i int) string {
	return fmt.Sprintf(" in column %q (index %d)", s.Field(i).Name, i)
}

// refusal is err as the ValueError a producer gets, saying where; nil stays nil.
func refusal(where string, err error) error {
	if err == nil {
		return nil
	}
	return valueErrorf("invalid Arrow data%s: %v", where, err)
}

// validateOne runs arrow-go's validator on a.
func validateOne(a arrow.Array, full bool) (err error) {
	// arrow-go's validators can themselves panic on some inconsistent arrays (found by
	// FuzzImport: String.ValidateFull slices the data at an offset before it has checked that
	// the offsets are monotonic). That is a refusal too.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("validation failed on it: %v", r)
		}
	}()
	check := array.Validate
	if full {
		check = array.ValidateFull
	}
	if needsConforming(a.DataType()) { // arrowgo_v18_8_0.go
		c := array.MakeFromData(conform(a.Data()))
		defer c.Release()
		a = c
	}
	return check(a)
}

// validatingReader checks each batch before handing it on; a bad one ends the stream with a
// ValueError (Err) that names the batch.
type validatingReader struct {
	array.RecordReader
	full  bool
	batch int
	err   error
}

func (r *validatingReader) Next() bool {
	if r.err != nil || !r.RecordReader.Next() {
		return false
	}
	if err := validateBatch(r.RecordReader.RecordBatch(), r.full); err != nil {
		r.err = valueErrorf("batch %d of the stream: %v", r.batch, err)
		return false
	}
	r.batch++
	return true
}

func (r *validatingReader) Err() error {
	if r.err != nil {
		return r.err
	}
	return r.RecordReader.Err()
}
