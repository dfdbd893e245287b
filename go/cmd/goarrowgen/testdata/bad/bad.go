package bad

import (
	"github.com/apache/arrow-go/v18/arrow"
	arr "github.com/apache/arrow-go/v18/arrow/array"
)

//goarrow:export
func Unnamed(arrow.Array, int64) {}

//goarrow:export
func Channel(c chan int) {}

//goarrow:export
func Blank(_ string) {}

//goarrow:export
func ThreeResults() (int64, int64, error) { return 0, 0, nil }

//goarrow:export
func BadResult() map[string]int { return nil }

//goarrow:export twice
func First(r arr.RecordReader) {}

//goarrow:export twice
func Second(s *arrow.Schema) {}

type T struct{}

//goarrow:export
func (T) Method() {}

// Rows is a type of its own, not arrow-go's: the bridge wants arrow.Array itself.
type Rows arrow.Array

//goarrow:export
func NamedInterface(r Rows) {}

type Blob []byte

//goarrow:export
func NamedBytes(b Blob) {}

//goarrow:export
func Address(p uintptr) {}
