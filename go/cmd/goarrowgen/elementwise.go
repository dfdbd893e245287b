package main

// Element-wise functions: `//goarrow:export name elementwise` above a function of one row's
// values. goarrowgen writes, next to the registration, the function's driver: the typed loop
// that reads each argument's column (or broadcast scalar) in place, calls the author's function
// directly for each row that needs it, and writes the result column (package
// go/bridge/elementwise runs it over chunks, blocks and goroutines).

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

const elementwisePath = "github.com/goarrow/goarrow/go/bridge/elementwise"

// ewType is one element-wise parameter or result: its Go type as the generated code writes it,
// its elementwise.Type constant, and how the views read or write it.
type ewType struct {
	goType  string  // e.g. "int64", "Meters", "string"
	kind    string  // the elementwise.Type constant's name: "Int64", "String", ...
	ptr     bool    // a pointer: sees (parameter) or makes (result) nulls
	named   bool    // a named non-number type (a conversion to or from the view's type is needed)
	viewFor string  // the view's underlying Go type: "string", "[]byte", "bool", or goType for numbers
	elem    *ewType // a list's element type
	fields  []ewField
}

// ewField is one field of a struct result: its column's name, its Go name and its type.
type ewField struct {
	name, goName string
	typ          ewType
}

// ewFunc is what goarrowgen knows of one element-wise function.
type ewFunc struct {
	withCtx  bool
	params   []ewType
	result   ewType
	makesOK  bool // a second bool result
	appends  bool // the first parameter is the result's buffer (elementwise.Text or Blob), returned
	errs     bool // an error result
	parallel bool
}

var numberKinds = map[types.BasicKind]string{
	types.Int8: "Int8", types.Int16: "Int16", types.Int32: "Int32", types.Int64: "Int64", types.Int: "Int64",
	types.Uint8: "Uint8", types.Uint16: "Uint16", types.Uint32: "Uint32", types.Uint64: "Uint64", types.Uint: "Uint64",
	types.Float32: "Float32", types.Float64: "Float64",
}

// timeTypes are the element-wise types of package time, which go/types leaves unresolved here
// (imports are not read): known by import path.
var timeTypes = map[string]ewType{
	"Time":     {goType: "time.Time", kind: "Time", viewFor: "time.Time"},
	"Duration": {goType: "time.Duration", kind: "Duration", viewFor: "time.Duration"},
}

// notElementwise is the error of a type that is not one of these.
const notElementwise = "type %s is not one goarrow runs element-wise (want bool, an int or uint type, float32, float64, string, []byte, time.Time, time.Duration, a slice of a bool, int, uint, float, string or []byte type, this package's named types of those, or a pointer to one; a result may also be a struct of these)"

// local writes the package's own types unqualified (imported ones never reach here).
func local(*types.Package) string { return "" }

// ewTypeOf classifies a parameter or result type, or says why it cannot be one.
func ewTypeOf(e ast.Expr, info *checked, imports map[string]string) (ewType, error) {
	x, ptr := e, false
	if star, ok := x.(*ast.StarExpr); ok {
		x, ptr = star.X, true
	}
	if sel, ok := x.(*ast.SelectorExpr); ok {
		if pkg, ok := sel.X.(*ast.Ident); ok && imports[pkg.Name] == "time" {
			if r, ok := timeTypes[sel.Sel.Name]; ok {
				r.ptr = ptr
				return r, nil
			}
		}
	}
	t := info.Types[e].Type
	if t == nil || invalid(t) {
		return ewType{}, fmt.Errorf(notElementwise, types.ExprString(e))
	}
	var r ewType
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		r.ptr, t = true, p.Elem()
		if star, ok := e.(*ast.StarExpr); ok {
			e = star.X
		}
	}
	t = types.Unalias(t)
	named, isNamed := t.(*types.Named)
	if isNamed && named.Obj().Pkg() != nil && named.TypeArgs() == nil {
		r.goType = named.Obj().Name() // this package's type (imported ones are invalid above)
	} else {
		r.goType = types.TypeString(t, local) // []Meters, as the package's own source says it
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		st := structDecl(e, named, info)
		if st == nil || (isNamed && named.TypeArgs() != nil) {
			break
		}
		fields, err := ewFieldsOf(st, info, imports)
		if err != nil {
			return ewType{}, fmt.Errorf("struct %s: %v", types.ExprString(e), err)
		}
		r.kind, r.fields = "Struct", fields
		if !isNamed {
			r.goType = types.ExprString(e)
		}
		return r, nil
	case *types.Basic:
		if k, ok := numberKinds[u.Kind()]; ok {
			r.kind, r.viewFor = k, r.goType
			return r, nil
		}
		switch u.Kind() {
		case types.Bool:
			r.kind, r.viewFor, r.named = "Bool", "bool", isNamed
			return r, nil
		case types.String:
			r.kind, r.viewFor, r.named = "String", "string", isNamed
			return r, nil
		}
	case *types.Slice:
		if b, ok := u.Elem().(*types.Basic); ok && b.Kind() == types.Byte {
			r.kind, r.viewFor, r.named = "Binary", "[]byte", isNamed
			return r, nil
		}
		// []T of a number type: a list column; of a string, []byte or bool type: a list result.
		et := types.Unalias(u.Elem())
		k := ""
		switch eu := et.Underlying().(type) {
		case *types.Basic:
			k = numberKinds[eu.Kind()]
			switch eu.Kind() {
			case types.String:
				k = "String"
			case types.Bool:
				k = "Bool"
			}
		case *types.Slice:
			if b, ok := eu.Elem().(*types.Basic); ok && b.Kind() == types.Byte {
				k = "Binary"
			}
		}
		if k != "" {
			en, isNamedElem := et.(*types.Named)
			elem := &ewType{kind: k, goType: types.TypeString(et, local)}
			if isNamedElem && en.Obj().Pkg() != nil {
				elem.goType = en.Obj().Name()
			}
			elem.viewFor = elem.goType
			r.kind, r.elem, r.viewFor, r.named = "List", elem, "[]"+elem.goType, isNamed
			return r, nil
		}
	}
	return ewType{}, fmt.Errorf(notElementwise, types.ExprString(e))
}

// appendType is "elementwise.Text" or "elementwise.Blob" when e names one (as the author's file
// imports the package), else "".
func appendType(e ast.Expr, imports map[string]string) string {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || imports[pkg.Name] != elementwisePath || (sel.Sel.Name != "Text" && sel.Sel.Name != "Blob") {
		return ""
	}
	return "elementwise." + sel.Sel.Name
}

// structDecl is the source of a struct type: written in place, or this package's declaration
// of named (or of the alias e names).
func structDecl(e ast.Expr, named *types.Named, info *checked) *ast.StructType {
	if st, ok := e.(*ast.StructType); ok {
		return st
	}
	if named != nil {
		return info.structs[named.Obj()]
	}
	if id, ok := e.(*ast.Ident); ok {
		if st, ok := info.aliases[info.Uses[id]].(*ast.StructType); ok {
			return st
		}
	}
	return nil
}

// ewFieldsOf reads a struct result's fields: each exported field is a column, named as the Go
// field or by its tag (`goarrow:"name"`); `goarrow:"-"` leaves a field out, and an unexported
// field must say so (dropping it silently would hide data the author meant to return).
func ewFieldsOf(st *ast.StructType, info *checked, imports map[string]string) ([]ewField, error) {
	var out []ewField
	seen := map[string]string{}
	for _, f := range st.Fields.List {
		tag := ""
		if f.Tag != nil {
			if v, err := strconv.Unquote(f.Tag.Value); err == nil {
				tag, _, _ = strings.Cut(reflect.StructTag(v).Get("goarrow"), ",")
			}
		}
		if tag == "-" {
			continue
		}
		if len(f.Names) == 0 {
			return nil, fmt.Errorf("embedded field %s: give it a name, or tag it `goarrow:\"-\"` to leave it out", types.ExprString(f.Type))
		}
		for _, n := range f.Names {
			if n.Name == "_" {
				continue
			}
			if !n.IsExported() {
				return nil, fmt.Errorf("field %s is unexported: export it, or tag it `goarrow:\"-\"` to leave it out", n.Name)
			}
			name := n.Name
			if tag != "" {
				name = tag
			}
			if prev, dup := seen[name]; dup {
				return nil, fmt.Errorf("fields %s and %s are both named %q in the struct column", prev, n.Name, name)
			}
			seen[name] = n.Name
			t, err := ewTypeOf(f.Type, info, imports)
			if err != nil {
				return nil, fmt.Errorf("field %s: %v", n.Name, err)
			}
			if t.ptr {
				return nil, fmt.Errorf("field %s: a pointer field is not supported (a struct column's fields hold no nulls; a pointer to the struct, or an ok bool, makes the row null)", n.Name)
			}
			out = append(out, ewField{name: name, goName: n.Name, typ: t})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no exported fields: a struct column needs at least one")
	}
	return out, nil
}

// scanElementwise checks an element-wise function's signature; fail reports at its line.
func scanElementwise(fn *ast.FuncDecl, info *checked, imports map[string]string, e *export, fail func(string, ...any)) {
	ew := &ewFunc{}
	pos := 0
	dst := "" // the append-style result's type, elementwise.Text or Blob
	for i, field := range fn.Type.Params.List {
		if i == 0 && typeName(field.Type, imports) == "context.Context" {
			ew.withCtx = true
			continue
		}
		if t := appendType(field.Type, imports); t != "" {
			first := i == 0 || (i == 1 && ew.withCtx)
			if !first || len(field.Names) > 1 || pos > 0 {
				fail("%s is the buffer an append-style function appends its value to: one parameter, the first (after a context.Context), and the result", t)
				return
			}
			dst = t
			continue
		}
		names := field.Names
		if len(names) == 0 {
			names = []*ast.Ident{nil}
		}
		for _, n := range names {
			pos++
			name := fmt.Sprintf("p%d", pos)
			if n == nil {
				fail("parameter %d has no name; Python needs one", pos)
			} else if n.Name == "_" {
				fail("a parameter named _ cannot be passed by name from Python")
			} else {
				name = n.Name
			}
			t, err := ewTypeOf(field.Type, info, imports)
			if err != nil {
				fail("parameter %s: %v", name, err)
			} else if t.kind == "Struct" {
				fail("parameter %s: a struct is a result type only; pass its fields as columns", name)
			}
			e.params = append(e.params, name)
			ew.params = append(ew.params, t)
		}
	}
	if len(ew.params) == 0 {
		fail("an element-wise function needs at least one parameter (a column)")
	}
	var results []ast.Expr
	if fn.Type.Results != nil {
		for _, field := range fn.Type.Results.List {
			for range max(len(field.Names), 1) {
				results = append(results, field.Type)
			}
		}
	}
	shape := func() string {
		s := make([]string, len(results))
		for i, r := range results {
			s[i] = types.ExprString(r)
		}
		return "(" + strings.Join(s, ", ") + ")"
	}
	isErr := func(x ast.Expr) bool { return typeName(x, imports) == "error" }
	isBool := func(x ast.Expr) bool { return typeName(x, imports) == "bool" }
	switch {
	case len(results) == 1 && !isErr(results[0]):
	case len(results) == 2 && isErr(results[1]):
		ew.errs = true
	case len(results) == 2 && isBool(results[1]):
		ew.makesOK = true
	case len(results) == 3 && isBool(results[1]) && isErr(results[2]):
		ew.makesOK, ew.errs = true, true
	default:
		fail("an element-wise function returns a value, optionally followed by an ok bool (false: null) and an error: T, *T, (T, bool), (T, error), (T, bool, error); got %s", shape())
		return
	}
	if t := appendType(results[0], imports); t != "" || dst != "" {
		if t != dst {
			if dst == "" {
				fail("a function that returns %s appends to it: take it as the first parameter, func(dst %s, ...) %s", t, t, t)
			} else {
				fail("a function that takes %s appends its value to it and returns it: the result must be %s; got %s", dst, dst, shape())
			}
			return
		}
		// goType is what help() and the stubs show: the value's type (the Arrow column's is
		// string or binary).
		r := ewType{goType: "string", kind: "String", viewFor: "[]byte"}
		if strings.HasSuffix(dst, ".Blob") {
			r.goType, r.kind = "[]byte", "Binary"
		}
		ew.result, ew.appends, e.ew = r, true, ew
		return
	}
	r, err := ewTypeOf(results[0], info, imports)
	if err != nil {
		fail("result: %v", err)
		return
	}
	if r.ptr && ew.makesOK {
		fail("a pointer result and an ok bool both make nulls: use one; got %s", shape())
	}
	ew.result = r
	e.ew = ew
}

// writeElementwise writes the driver and the spec of one element-wise function.
func writeElementwise(b *strings.Builder, e export) {
	ew := e.ew
	driver, spec := "goarrowElementwise"+e.goName, "goarrowSpec"+e.goName
	fmt.Fprintf(b, "\nvar %s = elementwise.Spec{\n\tName: %q,\n\tIn: []elementwise.Type{", spec, e.name)
	var in, sees, goIn, elems []string
	lists := false
	for _, p := range ew.params {
		in = append(in, "elementwise."+p.kind)
		if p.elem != nil {
			elems, lists = append(elems, "elementwise."+p.elem.kind), true
		} else {
			elems = append(elems, "0")
		}
		sees = append(sees, fmt.Sprint(p.ptr))
		goIn = append(goIn, fmt.Sprintf("%q", star(p)+p.goType))
	}
	out := ew.result
	fmt.Fprintf(b, "%s},\n\tSeesNull: []bool{%s},\n", strings.Join(in, ", "), strings.Join(sees, ", "))
	if lists {
		fmt.Fprintf(b, "\tInElem: []elementwise.Type{%s},\n", strings.Join(elems, ", "))
	}
	fmt.Fprintf(b, "\tOut: elementwise.%s,\n", out.kind)
	if out.elem != nil {
		fmt.Fprintf(b, "\tOutElem: elementwise.%s,\n", out.elem.kind)
	}
	if out.kind == "Struct" {
		fmt.Fprintf(b, "\tOutFields: %s,\n", fieldsLit(out.fields))
	}
	fmt.Fprintf(b, "\tMakesNull: %v,\n\tErrs: %v,\n\tParallel: %v,\n\tGoIn: []string{%s},\n\tGoOut: %q,\n}\n",
		out.ptr || ew.makesOK, ew.errs, ew.parallel, strings.Join(goIn, ", "), star(out)+out.goType)

	fmt.Fprintf(b, "\n// %s runs %s over columns (goarrowgen: %s is element-wise).\n", driver, e.goName, e.name)
	fmt.Fprintf(b, "func %s(ctx context.Context, args []any, opt elementwise.Options) (any, error) {\n", driver)
	fmt.Fprintf(b, "\treturn elementwise.Run(ctx, &%s, args, opt, func(b *elementwise.Block) (err error) {\n", spec)
	var callArgs []string
	if ew.withCtx {
		callArgs = append(callArgs, "ctx")
	}
	// An all-valid run reads numbers through spans (elementwise.Values.Span): spanned[k] is
	// parameter k's read there; the other parameters read as in the null-aware loop.
	if ew.appends {
		callArgs = append(callArgs, "out.Tail()")
	}
	spanned := slices.Clone(callArgs) // ctx and the append-style buffer, if the function takes them
	var loads []string
	for k, p := range ew.params {
		fmt.Fprintf(b, "\t\tx%d := %s\n", k, inView(p, k))
		get := fmt.Sprintf("x%d.At(i)", k)
		if p.ptr {
			get = fmt.Sprintf("x%d.Ptr(i)", k)
			if p.named {
				get = fmt.Sprintf("(*%s)(%s)", p.goType, get)
			}
		} else if p.named {
			get = fmt.Sprintf("%s(%s)", p.goType, get)
		}
		callArgs = append(callArgs, get)
		if isNumber(p) && !p.ptr {
			get = fmt.Sprintf("s%d[j]", k)
			loads = append(loads, fmt.Sprintf("s%d := x%d.Span(lo, n)[:n]", k, k)) // [:n]: the loop then needs no bounds check
		}
		spanned = append(spanned, get)
	}
	leaves := resultLeaves(out)
	for _, l := range leaves {
		fmt.Fprintf(b, "\t\t%s := %s\n", l.v, outView(l.t, l.block))
	}
	spanOut := len(leaves) == 1 && isNumber(leaves[0].t) && leaves[0].v == "out"
	// Recover names the row in progress: at, stored at each row. The loops count in i, a local
	// the compiler keeps in a register; counting in at itself (its address is taken) made the
	// counter a load and a store per row, on the loop's critical path: twice the time per row.
	fmt.Fprintf(b, "\t\tvar at int\n\t\tdefer b.Recover(&at, &err)\n")
	call := e.goName + "(" + strings.Join(callArgs, ", ") + ")"
	body := "at = i\n" + rowBody(call, ew, false)
	fmt.Fprintf(b, "\t\tfor w := b.Rows(); w.Next(); {\n\t\t\tif w.All {\n")
	if len(loads) == 0 && !spanOut {
		fmt.Fprintf(b, "\t\t\t\tfor i := w.Lo; i < w.Hi; i++ {\n%s\t\t\t\t}\n", indent(body, 5))
	} else {
		if spanOut {
			loads = append(loads, "so := out.Span(lo, n)[:n]")
		}
		sbody := "i := lo + j\nat = i\n" + rowBody(e.goName+"("+strings.Join(spanned, ", ")+")", ew, spanOut)
		fmt.Fprintf(b, "\t\t\t\tfor lo := w.Lo; lo < w.Hi; lo += elementwise.SpanRows {\n"+
			"\t\t\t\t\tn := min(w.Hi-lo, elementwise.SpanRows)\n%s\t\t\t\t\tfor j := range n {\n%s\t\t\t\t\t}\n\t\t\t\t}\n",
			indent(strings.Join(loads, "\n"), 5), indent(sbody, 6))
	}
	fmt.Fprintf(b, "\t\t\t} else {\n\t\t\t\tfor m := w.Mask; m != 0; m &= m - 1 {\n\t\t\t\t\ti := w.Lo + bits.TrailingZeros64(m)\n%s\t\t\t\t}\n\t\t\t}\n\t\t}\n", indent(body, 5))
	fmt.Fprintf(b, "\t\treturn nil\n\t})\n}\n")
}

func star(t ewType) string {
	if t.ptr {
		return "*"
	}
	return ""
}

func inView(p ewType, k int) string {
	switch p.kind {
	case "Bool":
		return fmt.Sprintf("elementwise.BoolsOf(b, %d)", k)
	case "String":
		return fmt.Sprintf("elementwise.StringsOf(b, %d)", k)
	case "Binary":
		return fmt.Sprintf("elementwise.BytesOf(b, %d)", k)
	case "Time":
		return fmt.Sprintf("elementwise.TimesOf(b, %d)", k)
	case "Duration":
		return fmt.Sprintf("elementwise.DurationsOf(b, %d)", k)
	case "List":
		switch p.elem.kind {
		case "String":
			return fmt.Sprintf("elementwise.StringListsOf[%s](b, %d)", p.elem.goType, k)
		case "Binary":
			return fmt.Sprintf("elementwise.BinaryListsOf[%s](b, %d)", p.elem.goType, k)
		case "Bool":
			return fmt.Sprintf("elementwise.BoolListsOf[%s](b, %d)", p.elem.goType, k)
		}
		return fmt.Sprintf("elementwise.ListsOf[%s](b, %d)", p.elem.goType, k)
	}
	return fmt.Sprintf("elementwise.ValuesOf[%s](b, %d)", p.goType, k)
}

// outView is the writer of a result (or struct field) of type r, over the rows of block.
func outView(r ewType, block string) string {
	switch r.kind {
	case "Bool":
		return "elementwise.BoolOutOf(" + block + ")"
	case "String":
		return "elementwise.StringOutOf(" + block + ")"
	case "Binary":
		return "elementwise.BinaryOutOf(" + block + ")"
	case "Time":
		return "elementwise.TimeOutOf(" + block + ")"
	case "Duration":
		return "elementwise.DurationOutOf(" + block + ")"
	case "List":
		switch r.elem.kind {
		case "String":
			return fmt.Sprintf("elementwise.StringListOutOf[%s](%s)", r.elem.goType, block)
		case "Binary":
			return fmt.Sprintf("elementwise.BinaryListOutOf[%s](%s)", r.elem.goType, block)
		case "Bool":
			return fmt.Sprintf("elementwise.BoolListOutOf[%s](%s)", r.elem.goType, block)
		}
		return fmt.Sprintf("elementwise.ListOutOf[%s](%s)", r.elem.goType, block)
	}
	return fmt.Sprintf("elementwise.OutOf[%s](%s)", r.goType, block)
}

// leaf is one column the generated loop writes: the result, or a (nested) field of a struct
// result. v names its writer, block its rows (b, b.StructField(k)...), val its value in r.
type leaf struct {
	v, block, val string
	t             ewType
}

// resultLeaves are the columns a result writes: itself, or each non-struct field of a struct,
// depth first.
func resultLeaves(r ewType) []leaf {
	if r.kind != "Struct" {
		val := "r"
		if r.ptr {
			val = "*r"
		}
		return []leaf{{v: "out", block: "b", val: val, t: r}}
	}
	var out []leaf
	var walk func(fs []ewField, block, val string)
	walk = func(fs []ewField, block, val string) {
		for k, f := range fs {
			bk, vk := fmt.Sprintf("%s.StructField(%d)", block, k), val+"."+f.goName
			if f.typ.kind == "Struct" {
				walk(f.typ.fields, bk, vk)
				continue
			}
			out = append(out, leaf{v: fmt.Sprintf("f%d", len(out)), block: bk, val: vk, t: f.typ})
		}
	}
	walk(r.fields, "b", "r") // r.Field reads through a pointer result too
	return out
}

// fieldsLit is the []elementwise.Field literal of a struct result's fields.
func fieldsLit(fs []ewField) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		s := fmt.Sprintf("{Name: %q, Type: elementwise.%s", f.name, f.typ.kind)
		if f.typ.elem != nil {
			s += ", Elem: elementwise." + f.typ.elem.kind
		}
		if f.typ.kind == "Struct" {
			s += ", Fields: " + fieldsLit(f.typ.fields)
		}
		parts[i] = s + "}"
	}
	return "[]elementwise.Field{" + strings.Join(parts, ", ") + "}"
}

// rowBody is the statements for row i: call, then set the result, a null, or handle an error.
// With span, the result is a number written to so[j], the all-valid run's span of it.
func rowBody(call string, ew *ewFunc, span bool) string {
	r := ew.result
	var sets []string
	for _, l := range resultLeaves(r) {
		val := l.val
		if l.t.named {
			val = l.t.viewFor + "(" + val + ")"
		}
		if span {
			sets = append(sets, "so[j] = "+val)
			continue
		}
		if ew.appends {
			sets = append(sets, l.v+".SetAppended(i, "+val+")")
			continue
		}
		sets = append(sets, l.v+".Set(i, "+val+")")
	}
	set := strings.Join(sets, "\n")
	// Whether the value is there: a pointer result not nil, an ok bool true.
	present := ""
	switch {
	case r.ptr:
		present = "r != nil"
	case ew.makesOK:
		present = "ok"
	}
	lhs := "r"
	if ew.makesOK {
		lhs += ", ok"
	}
	if ew.errs {
		lhs += ", e"
	}
	var s strings.Builder
	fmt.Fprintf(&s, "%s := %s\n", lhs, call)
	if ew.errs {
		s.WriteString("if e != nil {\n\tif err = b.Fail(i, e); err != nil {\n\t\treturn err\n\t}\n\tcontinue\n}\n")
	}
	if present == "" {
		s.WriteString(set + "\n")
	} else {
		fmt.Fprintf(&s, "if %s {\n%s} else {\n\tb.Null(i)\n}\n", present, indent(set, 1))
	}
	return s.String()
}

func indent(s string, n int) string {
	pad := strings.Repeat("\t", n)
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString(pad + line + "\n")
	}
	return b.String()
}

// isNumber reports whether t is read and written as a fixed-width number (Values, Out).
func isNumber(t ewType) bool {
	for _, k := range numberKinds {
		if t.kind == k {
			return true
		}
	}
	return false
}
