package elementwise

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// Type is the Arrow type family a parameter reads or a result is written as.
type Type uint8

// The types an element-wise parameter or result may have. Go's named types count by what they
// are (`type Meters float64` is Float64).
const (
	Bool Type = iota + 1
	Int8
	Int16
	Int32
	Int64
	Uint8
	Uint16
	Uint32
	Uint64
	Float32
	Float64
	String // Go string: utf8, large_utf8 or utf8_view in; utf8 out
	Binary // Go []byte: binary, large_binary, binary_view (or the string types) in; binary out
	// Time is Go's time.Time: timestamp (any unit; its time zone, UTC when it has none), date32
	// and date64 in; timestamp[us, UTC] out (microseconds: Python's datetime resolution, and a
	// range of ±290,000 years where nanoseconds end in 2262).
	Time
	// Duration is Go's time.Duration: duration (any unit) in; duration[ns] out (Go's own unit).
	Duration
	// List is a Go []T of a fixed-width T (Spec.InElem, OutElem): list or large_list of T in,
	// its elements read in place (none may be null); list<T> out.
	List
	// Struct is a Go struct result (Spec.OutFields): struct<name: type, ...> out, a child column
	// per field. Results only.
	Struct
)

var typeInfo = [...]struct {
	name  string
	arrow arrow.DataType
	ids   []arrow.Type // the column types a parameter reads in place
}{
	Bool:    {"bool", arrow.FixedWidthTypes.Boolean, []arrow.Type{arrow.BOOL}},
	Int8:    {"int8", arrow.PrimitiveTypes.Int8, []arrow.Type{arrow.INT8}},
	Int16:   {"int16", arrow.PrimitiveTypes.Int16, []arrow.Type{arrow.INT16}},
	Int32:   {"int32", arrow.PrimitiveTypes.Int32, []arrow.Type{arrow.INT32}},
	Int64:   {"int64", arrow.PrimitiveTypes.Int64, []arrow.Type{arrow.INT64}},
	Uint8:   {"uint8", arrow.PrimitiveTypes.Uint8, []arrow.Type{arrow.UINT8}},
	Uint16:  {"uint16", arrow.PrimitiveTypes.Uint16, []arrow.Type{arrow.UINT16}},
	Uint32:  {"uint32", arrow.PrimitiveTypes.Uint32, []arrow.Type{arrow.UINT32}},
	Uint64:  {"uint64", arrow.PrimitiveTypes.Uint64, []arrow.Type{arrow.UINT64}},
	Float32: {"float32", arrow.PrimitiveTypes.Float32, []arrow.Type{arrow.FLOAT32}},
	Float64: {"float64", arrow.PrimitiveTypes.Float64, []arrow.Type{arrow.FLOAT64}},
	String:  {"string", arrow.BinaryTypes.String, []arrow.Type{arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW}},
	Binary: {"binary", arrow.BinaryTypes.Binary, []arrow.Type{arrow.BINARY, arrow.LARGE_BINARY, arrow.BINARY_VIEW,
		arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW}},
	Time:     {"timestamp[us, tz=UTC]", &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, []arrow.Type{arrow.TIMESTAMP, arrow.DATE32, arrow.DATE64}},
	Duration: {"duration[ns]", &arrow.DurationType{Unit: arrow.Nanosecond}, []arrow.Type{arrow.DURATION}},
	List:     {"list", nil, []arrow.Type{arrow.LIST, arrow.LARGE_LIST}},
	Struct:   {"struct", nil, nil},
}

// Field is one field of a struct result: its column's name (the Go field's, or its goarrow
// tag's) and type (a list's elements in Elem, a nested struct's fields in Fields).
type Field struct {
	Name   string
	Type   Type
	Elem   Type
	Fields []Field
}

// fieldsName is struct<name: type, ...>, each field's type named as typeName does.
func fieldsName(fs []Field) string {
	var b strings.Builder
	b.WriteString("struct<")
	for i, f := range fs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.Name + ": ")
		if f.Type == Struct {
			b.WriteString(fieldsName(f.Fields))
		} else {
			b.WriteString(typeName(f.Type, f.Elem))
		}
	}
	b.WriteString(">")
	return b.String()
}

// fieldsArrow is the Arrow struct type of fs. The fields are nullable, as pyarrow's are by
// default, though they hold no nulls: a null row of the struct is the struct's null, its fields
// hold zero values there.
func fieldsArrow(fs []Field) *arrow.StructType {
	afs := make([]arrow.Field, len(fs))
	for i, f := range fs {
		t := arrowType(f.Type, f.Elem)
		if f.Type == Struct {
			t = fieldsArrow(f.Fields)
		}
		afs[i] = arrow.Field{Name: f.Name, Type: t, Nullable: true}
	}
	return arrow.StructOf(afs...)
}

// typeName is t's Arrow name, list<elem> for a list.
func typeName(t, elem Type) string {
	if t == List {
		return "list<" + elem.String() + ">"
	}
	return t.String()
}

// arrowType is the Arrow type of a result of type t (of elements elem, for a list).
func arrowType(t, elem Type) arrow.DataType {
	if t == List {
		return arrow.ListOf(elem.Arrow())
	}
	return t.Arrow()
}

func (t Type) valid() bool { return t >= Bool && int(t) < len(typeInfo) }

// String is the Arrow name of the type, as pyarrow prints it for the result.
func (t Type) String() string {
	if !t.valid() {
		return fmt.Sprintf("Type(%d)", uint8(t))
	}
	return typeInfo[t].name
}

// Arrow is the type of a result column.
func (t Type) Arrow() arrow.DataType { return typeInfo[t].arrow }

// reads reports whether a parameter of type t reads a column of type id in place.
func (t Type) reads(id arrow.Type) bool {
	for _, x := range typeInfo[t].ids {
		if x == id {
			return true
		}
	}
	return false
}

// width is the byte width of a fixed-width value type (0 for bool and the variable-width ones).
func (t Type) width() int {
	switch t {
	case Int8, Uint8:
		return 1
	case Int16, Uint16:
		return 2
	case Int32, Uint32, Float32:
		return 4
	case Int64, Uint64, Float64, Time, Duration:
		return 8
	}
	return 0
}

// Spec is what goarrowgen knows of a function from its signature.
type Spec struct {
	// Name is the Python name, for messages.
	Name string
	// In is each parameter's type; SeesNull[k] marks a pointer parameter, which is called with
	// nil for a null instead of the row being skipped.
	In       []Type
	SeesNull []bool
	// InElem is a list parameter's element type (0 for the others); OutElem a list result's.
	InElem  []Type
	OutElem Type
	// OutFields are a struct result's fields, in the Go struct's order.
	OutFields []Field
	// Out is the result's type. MakesNull: the function can make a null (a pointer result, a
	// second bool result). Errs: it returns an error.
	Out       Type
	MakesNull bool
	Errs      bool
	// Parallel: large inputs run on several goroutines (the directive's "parallel").
	Parallel bool
	// GoIn and GoOut are the Go types as the source writes them, for help() and stubs.
	GoIn  []string
	GoOut string
}

// InName is parameter k's Arrow type name, list<int64> for a list.
func (s *Spec) InName(k int) string { return typeName(s.In[k], s.elem(k)) }

// OutName is the result's Arrow type name: struct<first: string, n: int64> for a struct.
func (s *Spec) OutName() string {
	if s.Out == Struct {
		return fieldsName(s.OutFields)
	}
	return arrowType(s.Out, s.OutElem).String()
}

// OutArrow is the result's Arrow type.
func (s *Spec) OutArrow() arrow.DataType {
	if s.Out == Struct {
		return fieldsArrow(s.OutFields)
	}
	return arrowType(s.Out, s.OutElem)
}

func (s *Spec) elem(k int) Type {
	if k < len(s.InElem) {
		return s.InElem[k]
	}
	return 0
}

// Options are the caller's per-call choices (Python's keyword-only arguments).
type Options struct {
	// NullOnError makes a row whose function call returns an error null, instead of the error
	// stopping the call (errors="null"; DuckDB's exception_handling='return_null').
	NullOnError bool
	// Threads caps the goroutines of a parallel function; 0 is GOMAXPROCS.
	Threads int
}

// OptionNames are the Python keyword-only parameters of an element-wise function, after its own.
func OptionNames(parallel bool) []string {
	if parallel {
		return []string{"errors", "threads"}
	}
	return []string{"errors"}
}

// ParseOptions reads the option arguments as Python passed them (None when not given), in the
// order of OptionNames.
func ParseOptions(name string, parallel bool, vals []any) (Options, error) {
	var o Options
	if len(vals) > 0 {
		switch v := vals[0].(type) {
		case nil:
		case string:
			switch v {
			case "raise":
			case "null":
				o.NullOnError = true
			default:
				return o, valueErrorf("%s(): errors must be \"raise\" or \"null\", got %q", name, v)
			}
		default:
			return o, typeErrorf("%s(): errors must be \"raise\" or \"null\", got %T", name, v)
		}
	}
	if parallel && len(vals) > 1 {
		switch v := vals[1].(type) {
		case nil:
		case int64:
			if v < 1 {
				return o, valueErrorf("%s(): threads must be at least 1, got %d", name, v)
			}
			o.Threads = int(min(v, 1<<16))
		default:
			return o, typeErrorf("%s(): threads must be an int or None, got %T", name, v)
		}
	}
	return o, nil
}
