package codec

import (
	"reflect"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Extension types the Go side has not registered arrive from cdata as their storage type, with
// the name and metadata left in the field's metadata. An arrow.Array has no field, so for a
// bare array that would drop them. foreignType carries them instead: Go code sees an
// arrow.ExtensionArray (Storage() gives the data), and exporting it restores the same
// ARROW:extension:name and ARROW:extension:metadata.

const (
	extNameKey = "ARROW:extension:name"
	extMetaKey = "ARROW:extension:metadata"
)

type foreignType struct {
	arrow.ExtensionBase
	name, meta string
}

type foreignArray struct{ array.ExtensionArrayBase }

// The values of a foreign extension array are its storage's values.
func (a *foreignArray) ValueStr(i int) string      { return a.Storage().ValueStr(i) }
func (a *foreignArray) GetOneForMarshal(i int) any { return a.Storage().GetOneForMarshal(i) }

func (t *foreignType) ExtensionName() string { return t.name }
func (t *foreignType) Serialize() string     { return t.meta }
func (t *foreignType) String() string {
	return "extension<" + t.name + ", storage=" + t.Storage.String() + ">"
}
func (t *foreignType) ArrayType() reflect.Type { return reflect.TypeOf(foreignArray{}) }
func (t *foreignType) Deserialize(storage arrow.DataType, meta string) (arrow.ExtensionType, error) {
	return &foreignType{arrow.ExtensionBase{Storage: storage}, t.name, meta}, nil
}
func (t *foreignType) ExtensionEquals(o arrow.ExtensionType) bool {
	return o.ExtensionName() == t.name && o.Serialize() == t.meta && arrow.TypeEqual(o.StorageType(), t.Storage)
}

// fieldType is f's type, as an extension type when f's metadata names one cdata did not resolve.
func fieldType(f arrow.Field) arrow.DataType {
	if f.Type.ID() == arrow.EXTENSION {
		return f.Type
	}
	name, ok := f.Metadata.GetValue(extNameKey)
	if !ok {
		return f.Type
	}
	meta, _ := f.Metadata.GetValue(extMetaKey)
	return &foreignType{arrow.ExtensionBase{Storage: f.Type}, name, meta}
}

// withType re-labels arr as the extension type t (zero copy: same data), taking over arr.
func withType(arr arrow.Array, t arrow.DataType) arrow.Array {
	ext, ok := t.(arrow.ExtensionType)
	if !ok || arr.DataType().ID() == arrow.EXTENSION {
		return arr
	}
	defer arr.Release()
	return array.NewExtensionArrayWithStorage(ext, arr)
}
