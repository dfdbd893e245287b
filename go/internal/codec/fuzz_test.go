package codec_test

import (
	"encoding/binary"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/internal/cabi/cabitest"
	"github.com/goarrow/goarrow/go/internal/codec"
)

// FuzzImport forges an Arrow array from the fuzzer's bytes, as a hostile or buggy producer
// would send it: its type is one of seven layouts, its buffers have the sizes its length
// implies (the C Data Interface carries no sizes, so a producer that lies about sizes cannot be
// caught by anyone), and everything in them (offsets, dictionary indices, run ends, type ids,
// validity bits, null counts, child lengths) is the fuzzer's. The bridge must then either refuse
// it with an error or hand over an array that can be read in full: importing, validating and
// formatting every value must never panic or crash.
//
//	go test ./internal/codec -run '^$' -fuzz FuzzImport -fuzztime 10m   (by hand; a few seconds
//	of seeds run in every `go test`)
func FuzzImport(f *testing.F) {
	for layout := range byte(7) {
		f.Add(layout, byte(5), byte(1), false, []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
		f.Add(layout, byte(3), byte(0), true, []byte{3, 1, 2, 0xff, 0x80, 9, 9, 9})
	}
	// utf8 whose first offset (3) lies past its last (1): structurally invalid, so the flat
	// import must leave it to arrow-go's validator.
	f.Add(byte(1), byte(1), byte(0), false, []byte{0, 4, 3, 1, 'a', 'b', 'c', 'd'})
	f.Fuzz(func(t *testing.T, layout, length, offset byte, full bool, data []byte) {
		r := &reader{data: data}
		n, off := int64(length%16), int64(offset%4)
		s, a := forge(layout%7, n, off, r)
		got, err := importForged(s, a, full)
		if err != nil {
			return // refused: what a bad producer must get
		}
		defer got.(interface{ Release() }).Release()
		// A flat import (int32, utf8, struct here) skips arrow-go's structural validation,
		// claiming its own checks are the same: what it accepted, arrow-go's must accept too.
		if l := layout % 7; l == 0 || l == 1 || l == 6 {
			if err := array.Validate(got.(arrow.Array)); err != nil {
				t.Fatalf("accepted an array that array.Validate refuses: %v", err)
			}
		}
		if full {
			_ = got.(arrow.Array).String() // every value, through its offsets, indices, run ends
		}
	})
}

// reader hands out the fuzzer's bytes; past the end, zeros.
type reader struct {
	data []byte
	pos  int
}

func (r *reader) byte() byte {
	if r.pos >= len(r.data) {
		return 0
	}
	r.pos++
	return r.data[r.pos-1]
}

func (r *reader) bytes(n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = r.byte()
	}
	return out
}

// nulls: a validity bitmap for length+offset slots and a null count (sometimes wrong, sometimes
// -1 for "unknown"), or no bitmap.
func (r *reader) nulls(slots int64) ([]byte, int64) {
	switch r.byte() % 3 {
	case 0:
		return nil, 0
	case 1:
		return r.bytes(int(slots+7) / 8), -1
	default:
		return r.bytes(int(slots+7) / 8), int64(r.byte() % 8)
	}
}

// int32s: count values, each below limit (an offset into a child of limit elements, say), in
// the fuzzer's order: they need not increase.
func (r *reader) int32s(count int64, limit int64) []byte {
	out := make([]byte, 4*count)
	for i := range count {
		binary.LittleEndian.PutUint32(out[4*i:], uint32(int64(r.byte())%(limit+1)))
	}
	return out
}

// importForged imports a forged array as goarrow_call imports an argument (read in place, then
// validated unless the flat import checked it already, fully if full), and returns it or the
// error a host would get. The structs are consumed.
func importForged(s cabitest.ForgedSchema, a cabitest.ForgedArray, full bool) (any, error) {
	v := cabitest.ArrayValue(s, a)
	defer v.Free()
	defer codec.SetFullValidation(codec.SetFullValidation(full))
	return codec.ImportValue(v.Ptr())
}

func forge(layout byte, n, off int64, r *reader) (cabitest.ForgedSchema, cabitest.ForgedArray) {
	slots := n + off
	valid, nulls := r.nulls(slots)
	switch layout {
	case 0: // int32
		return cabitest.ForgeSchema("i"), cabitest.ForgeArray(n, nulls, off, [][]byte{valid, r.bytes(int(4 * slots))})
	case 1: // utf8: offsets into a data buffer of the fuzzer's length, bytes of any encoding
		dataLen := int64(r.byte() % 32)
		return cabitest.ForgeSchema("u"), cabitest.ForgeArray(n, nulls, off, [][]byte{valid, r.int32s(slots+1, dataLen), r.bytes(int(dataLen))})
	case 2: // list<int32>: offsets into a child whose length the fuzzer picks
		childLen := int64(r.byte() % 16)
		child := cabitest.ForgeArray(childLen, 0, 0, [][]byte{nil, r.bytes(int(4 * childLen))})
		return cabitest.ForgeSchema("+l", cabitest.ForgeSchema("i")), cabitest.ForgeArray(n, nulls, off, [][]byte{valid, r.int32s(slots+1, childLen+2)}, child)
	case 3: // dictionary<int8, utf8>: indices past the dictionary too
		dictLen := int64(r.byte() % 4)
		dict := cabitest.ForgeArray(dictLen, 0, 0, [][]byte{nil, r.int32s(dictLen+1, 8), r.bytes(8)})
		return cabitest.ForgeSchema("c").WithDictionary(cabitest.ForgeSchema("u")),
			cabitest.ForgeArray(n, nulls, off, [][]byte{valid, r.bytes(int(slots))}).WithDictionary(dict)
	case 4: // run_end_encoded<int32, int32>: run ends in the fuzzer's order
		runs := int64(r.byte()%6) + 1
		ends := cabitest.ForgeArray(runs, 0, 0, [][]byte{nil, r.int32s(runs, slots+2)})
		vals := cabitest.ForgeArray(runs, 0, 0, [][]byte{nil, r.bytes(int(4 * runs))})
		return cabitest.ForgeSchema("+r", cabitest.ForgeSchema("i"), cabitest.ForgeSchema("i")), cabitest.ForgeArray(n, 0, off, nil, ends, vals)
	case 5: // sparse union<int32, utf8> with type ids 0..255
		a := cabitest.ForgeArray(slots, 0, 0, [][]byte{nil, r.bytes(int(4 * slots))})
		b := cabitest.ForgeArray(slots, 0, 0, [][]byte{nil, r.int32s(slots+1, 4), r.bytes(4)})
		return cabitest.ForgeSchema("+us:0,1", cabitest.ForgeSchema("i"), cabitest.ForgeSchema("u")),
			cabitest.ForgeArray(n, 0, off, [][]byte{nil, r.bytes(int(slots))}, a, b)
	default: // struct<int32, utf8> whose children may be shorter than the parent
		la, lb := int64(r.byte()%16), int64(r.byte()%16)
		a := cabitest.ForgeArray(la, 0, 0, [][]byte{nil, r.bytes(int(4 * la))})
		b := cabitest.ForgeArray(lb, 0, 0, [][]byte{nil, r.int32s(lb+1, 4), r.bytes(4)})
		return cabitest.ForgeSchema("+s", cabitest.ForgeSchema("i"), cabitest.ForgeSchema("u")), cabitest.ForgeArray(n, nulls, off, [][]byte{valid}, a, b)
	}
}
