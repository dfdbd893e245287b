// Package crossing is the one table of the Go types that cross between a Go function and its
// host: what a parameter may be and a function may return, what a TypeError says a parameter
// wants, and how Python's signatures show each. go/internal/codec reads it at run time (by
// reflect.Type) and go/cmd/goarrowgen at build time (by import path and name, from source).
// goarrowgen cannot import the codec (cgo), so the table is here, in pure Go with no imports.
package crossing

// Import paths of the arrow-go packages whose types cross.
const (
	ArrowPkg = "github.com/apache/arrow-go/v18/arrow"
	ArrayPkg = "github.com/apache/arrow-go/v18/arrow/array"
)

// Arrow is one arrow-go type that crosses.
type Arrow struct {
	Pkg, Name string   // the named type, Pkg.Name
	Pointer   bool     // passed as *Pkg.Name
	Aliases   []string // other names of the same type in Pkg
	Want      string   // what a parameter of it accepts, as a TypeError says it
	Param     string   // its Python annotation as a parameter
	Result    string   // its Python annotation as a result
}

// ArrowTypes are the arrow-go types that cross, both ways.
var ArrowTypes = []Arrow{
	{ArrowPkg, "Array", false, nil, "an Arrow array", "ArrowArrayExportable", "pyarrow.Array"},
	{ArrowPkg, "RecordBatch", false, []string{"Record"}, "an Arrow record batch", "ArrowArrayExportable", "pyarrow.RecordBatch"},
	{ArrowPkg, "Table", false, nil, "an Arrow table or stream of record batches", "ArrowStreamExportable", "pyarrow.Table"},
	{ArrayPkg, "RecordReader", false, nil, "an Arrow stream of record batches", "ArrowStreamExportable", "pyarrow.RecordBatchReader"},
	{ArrowPkg, "Chunked", true, nil, "an Arrow array or chunked array", "ArrowStreamExportable | ArrowArrayExportable", "pyarrow.ChunkedArray"},
	{ArrowPkg, "Schema", true, nil, "an Arrow schema", "ArrowSchemaExportable", "pyarrow.Schema"},
	{ArrowPkg, "Field", false, nil, "an Arrow field", "ArrowSchemaExportable", "pyarrow.Field"},
	{ArrowPkg, "DataType", false, nil, "an Arrow data type", "ArrowSchemaExportable", "pyarrow.DataType"},
}

// Find is the entry for the type pkg.name (or *pkg.name if pointer), and whether there is one.
func Find(pkg, name string, pointer bool) (Arrow, bool) {
	for _, a := range ArrowTypes {
		if a.Pkg != pkg || a.Pointer != pointer {
			continue
		}
		if a.Name == name {
			return a, true
		}
		for _, alias := range a.Aliases {
			if alias == name {
				return a, true
			}
		}
	}
	return Arrow{}, false
}

// Scalars are the Go basic types that cross as Python scalars (a named type of one of them
// too: it crosses by its kind), with the Python type each is. reflect.Kind's String is the same
// name. Not uintptr, complex or untyped constants.
var Scalars = map[string]string{
	"bool": "bool", "string": "str", "float32": "float", "float64": "float",
	"int": "int", "int8": "int", "int16": "int", "int32": "int", "int64": "int",
	"uint": "int", "uint8": "int", "uint16": "int", "uint32": "int", "uint64": "int",
}

// Exactly these two cross besides: any (the natural Go type of what the host passed) and
// []byte; the Python types they are.
const (
	AnyPython   = "Any"
	BytesPython = "bytes"
)
