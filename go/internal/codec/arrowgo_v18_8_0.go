package codec

// Workarounds for arrow-go v18.8.0 (go.mod's version), each found by goarrow's round-trip tests,
// in one file so that they can be deleted together when upstream is fixed. No upstream issue
// is filed for them yet: whoever files one names it here. When go.mod moves to a newer
// arrow-go, delete a fix and run the round-trip tests (python/tests/test_types.py, and
// go/internal/codec's): they are what found each.
//
// 1. Export (exportArrayCdata): an extension array is exported without its storage's children,
//    so an extension type over a struct or a list would lose its data. storageArray exports the
//    storage's data; the schema still names the extension type.
// 2. Export (exportArrayCdata): a sliced struct or sparse union is exported with its offset and
//    with children already sliced by that offset, so a consumer applies the offset twice.
//    fixOffsets undoes the second one.
// 3. Validation: see needsConforming below.

/*
#include "goarrow.h"
*/
import "C"

import (
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// storageArray is arr with every extension-typed node replaced by its storage (same buffers).
func storageArray(arr arrow.Array) arrow.Array {
	if !hasExtension(arr.DataType()) {
		arr.Retain()
		return arr
	}
	d := storageData(arr.Data())
	defer d.Release()
	return array.MakeFromData(d)
}

func storageData(d arrow.ArrayData) arrow.ArrayData {
	t := d.DataType()
	if !hasExtension(t) {
		d.Retain()
		return d
	}
	if ext, ok := t.(arrow.ExtensionType); ok {
		t = ext.StorageType()
	}
	children := make([]arrow.ArrayData, len(d.Children()))
	for i, c := range d.Children() {
		children[i] = storageData(c)
		defer children[i].Release()
	}
	if t.ID() == arrow.DICTIONARY {
		dict := storageData(d.Dictionary())
		defer dict.Release()
		return array.NewDataWithDictionary(t, d.Len(), d.Buffers(), d.NullN(), d.Offset(), dict.(*array.Data))
	}
	return array.NewData(t, d.Len(), d.Buffers(), children, d.NullN(), d.Offset())
}

func hasExtension(t arrow.DataType) bool {
	return anyType(t, func(t arrow.DataType) bool {
		_, ok := t.(arrow.ExtensionType)
		return ok
	})
}

// anyType reports whether match holds for t or any type within it: a dictionary's value type,
// a nested type's fields, at any depth. match sees a type before what is within it.
func anyType(t arrow.DataType, match func(arrow.DataType) bool) bool {
	if match(t) {
		return true
	}
	switch t := t.(type) {
	case *arrow.DictionaryType:
		return anyType(t.ValueType, match)
	case arrow.NestedType:
		for _, f := range t.Fields() {
			if anyType(f.Type, match) {
				return true
			}
		}
	}
	return false
}

// fixOffsets walks an exported array bottom-up (each child still has the offset cdata gave it)
// and, under every struct or sparse union with an offset, widens the children back to the
// unsliced window the C Data Interface expects. Buffers are untouched: arrow-go slices by offset
// only. The children's null counts become "unknown" (-1) because they now cover more values.
func fixOffsets(out *C.struct_ArrowArray, t arrow.DataType) {
	if ext, ok := t.(arrow.ExtensionType); ok {
		t = ext.StorageType()
	}
	if dt, ok := t.(*arrow.DictionaryType); ok {
		if out.dictionary != nil {
			fixOffsets(out.dictionary, dt.ValueType)
		}
		return
	}
	nested, ok := t.(arrow.NestedType)
	if !ok || out.n_children == 0 {
		return
	}
	fields := nested.Fields()
	children := unsafe.Slice(out.children, int(out.n_children))
	if len(fields) != len(children) {
		return
	}
	for i, c := range children {
		fixOffsets(c, fields[i].Type)
	}
	sparse := t.ID() == arrow.SPARSE_UNION
	if out.offset == 0 || (t.ID() != arrow.STRUCT && !sparse) {
		return
	}
	for _, c := range children {
		c.offset -= out.offset
		c.length += out.offset
		c.null_count = -1
	}
}

// 3. Validation (validate.go): the cdata import gives null and run-end encoded arrays no buffers
// (as the C Data Interface has them), while arrow-go's validators expect the one "always null"
// buffer of their Go layout. conform gives such arrays (at any depth) that nil buffer, for
// validation only; the function gets the data as imported.
func needsConforming(t arrow.DataType) bool {
	return anyType(t, func(t arrow.DataType) bool {
		switch t.(type) {
		case *arrow.NullType, *arrow.RunEndEncodedType:
			return true
		}
		return false
	})
}

func conform(d arrow.ArrayData) arrow.ArrayData {
	bufs := d.Buffers()
	if want := len(d.DataType().Layout().Buffers); len(bufs) < want {
		bufs = append(append([]*memory.Buffer{}, bufs...), make([]*memory.Buffer, want-len(bufs))...)
	}
	children := make([]arrow.ArrayData, len(d.Children()))
	for i, c := range d.Children() {
		children[i] = conform(c)
	}
	out := array.NewData(d.DataType(), d.Len(), bufs, children, d.NullN(), d.Offset())
	for _, c := range children {
		c.Release()
	}
	if dict, ok := d.Dictionary().(*array.Data); ok && dict != nil {
		cd := conform(dict)
		out.SetDictionary(cd)
		cd.Release()
	}
	return out
}
