// Command goarrowgen registers a package's Go functions with the goarrow bridge from their
// source, so that names and docs are written once and a wrong signature is a build error.
//
// Mark a function with a directive in its doc comment:
//
//	// JSONGet returns the value at path (gjson syntax) in each JSON document of column.
//	//
//	//goarrow:export json_get
//	func JSONGet(ctx context.Context, column arrow.Array, path string) (arrow.Array, error)
//
// and add to the package
//
//	//go:generate go run github.com/goarrow/goarrow/go/cmd/goarrowgen
//
// `go generate` then writes goarrow_gen.go: one bridge.MustRegister per marked function, with
// the Python name from the directive (the Go name in snake_case when it has none), the parameter
// names from the signature (after an optional leading context.Context) and the doc comment as
// the Python docstring. The package is type-checked (go/types), so its own types count by what
// they are, as bridge.Register counts them: `type Meters float64` passes as a float64. Types the
// bridge cannot pass, unnamed parameters and duplicate names are reported as file:line errors
// naming the Go type, and nothing is written. With -check it writes nothing and fails
// when goarrow_gen.go is missing or stale (for CI).
//
// `//goarrow:export name elementwise` marks a function of one row's values (bool, ints, uints,
// floats, string, []byte, the package's named types of these, pointers to see nulls; results T,
// *T, (T, bool), (T, error), ..., where T may also be []T or a struct of exported fields, named
// by a `goarrow:"name"` tag or as in Go, `goarrow:"-"` to leave one out): goarrowgen also writes its driver, the typed loop over columns
// that package go/bridge/elementwise runs, and registers that. `elementwise parallel` lets it run
// large inputs on several goroutines. A name that is not a Python name (dotted identifiers) or an
// unknown word after it is an error at the directive's line.
//
// With -overlay FILE it leaves the source tree alone: it generates the registrations of every
// package under the directory that has marked functions into files next to FILE, and writes FILE
// as a `go build -overlay` file that adds them. go_arrow_extension builds this way, so a Bazel
// user writes the directives and nothing else.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/goarrow/goarrow/go/internal/crossing"
)

const output = "goarrow_gen.go"

func main() {
	check := flag.Bool("check", false, "fail if "+output+" is missing or stale instead of writing it")
	overlay := flag.String("overlay", "", "write a go build -overlay file for every package under the directory instead")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: goarrowgen [-check] [package directory, default .]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	dir := "."
	if flag.NArg() > 0 {
		dir = flag.Arg(0)
	}
	if *overlay != "" {
		if err := writeOverlay(dir, *overlay); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	src, err := Generate(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	path := filepath.Join(dir, output)
	if *check {
		old, _ := os.ReadFile(path)
		if !bytes.Equal(old, src) {
			fmt.Fprintf(os.Stderr, "goarrowgen: %s is missing or stale: run go generate in %s\n", path, dir)
			os.Exit(1)
		}
		return
	}
	if err := os.WriteFile(path, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// writeOverlay generates the registrations of every package under root that marks functions,
// into files next to overlayFile, and writes overlayFile mapping root's <pkg>/goarrow_gen.go to
// them (go build -overlay).
func writeOverlay(root, overlayFile string) error {
	root, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	// Walk the real directory (Bazel's execroot links to the source tree), but name the files
	// as go build sees them: under root as given.
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		return err
	}
	replace := map[string]string{}
	var problems []error
	err = filepath.WalkDir(real, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); path != real && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		if marked, err := marks(path); err != nil || !marked {
			return err
		}
		src, err := Generate(path)
		if err != nil {
			problems = append(problems, err)
			return nil
		}
		gen := filepath.Join(filepath.Dir(overlayFile), fmt.Sprintf("gen%d.go", len(replace)))
		if err := os.WriteFile(gen, src, 0o644); err != nil {
			return err
		}
		gen, _ = filepath.Abs(gen)
		rel, _ := filepath.Rel(real, path)
		replace[filepath.Join(root, rel, output)] = gen
		return nil
	})
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return errors.Join(problems...)
	}
	js, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return err
	}
	return os.WriteFile(overlayFile, js, 0o644)
}

// marks reports whether a non-test Go file in dir carries the directive.
func marks(dir string) (bool, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return false, err
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || filepath.Base(f) == output {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return false, err
		}
		if bytes.Contains(b, []byte("\n//goarrow:export")) {
			return true, nil
		}
	}
	return false, nil
}

type export struct {
	name, goName, doc string
	params            []string
	ew                *ewFunc // set for an element-wise function
}

// Generate returns the source of goarrow_gen.go for the package in dir, or every problem found.
func Generate(dir string) ([]byte, error) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go") && fi.Name() != output
	}, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	if len(pkgs) != 1 {
		return nil, fmt.Errorf("goarrowgen: %s holds %d packages, want 1", dir, len(pkgs))
	}
	var pkgName string
	var exports []export
	var problems []error
	for name, pkg := range pkgs {
		pkgName = name
		files := make([]string, 0, len(pkg.Files))
		for f := range pkg.Files {
			files = append(files, f)
		}
		sort.Strings(files)
		asts := make([]*ast.File, len(files))
		for i, f := range files {
			asts[i] = pkg.Files[f]
		}
		info := typeCheck(fset, name, asts)
		for _, f := range files {
			ex, errs := scan(fset, pkg.Files[f], info)
			exports = append(exports, ex...)
			problems = append(problems, errs...)
		}
	}
	seen := map[string]string{}
	for _, e := range exports {
		if prev, dup := seen[e.name]; dup {
			problems = append(problems, fmt.Errorf("goarrowgen: %s and %s are both exported as %q", prev, e.goName, e.name))
		}
		seen[e.name] = e.goName
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	var b strings.Builder
	elementwise := false
	for _, e := range exports {
		elementwise = elementwise || e.ew != nil
	}
	fmt.Fprintf(&b, "// Code generated by goarrowgen from the functions marked goarrow:export. DO NOT EDIT.\n\n")
	if elementwise {
		fmt.Fprintf(&b, "package %s\n\nimport (\n\t\"context\"\n\t\"math/bits\"\n\n\t\"github.com/goarrow/goarrow/go/bridge\"\n\t%q\n)\n\nfunc init() {\n", pkgName, elementwisePath)
	} else {
		fmt.Fprintf(&b, "package %s\n\nimport \"github.com/goarrow/goarrow/go/bridge\"\n\nfunc init() {\n", pkgName)
	}
	for _, e := range exports {
		params := make([]string, len(e.params))
		for i, p := range e.params {
			params[i] = strconv.Quote(p)
		}
		fn, spec := e.goName, ""
		if e.ew != nil {
			fn, spec = "goarrowElementwise"+e.goName, "\t\tElementwise: &goarrowSpec"+e.goName+",\n"
		}
		fmt.Fprintf(&b, "\tbridge.MustRegister(bridge.Func{\n\t\tName: %s,\n\t\tParams: []string{%s},\n\t\tDoc: %s,\n\t\tFn: %s,\n%s\t})\n",
			strconv.Quote(e.name), strings.Join(params, ", "), strconv.Quote(e.doc), fn, spec)
	}
	b.WriteString("}\n")
	for _, e := range exports {
		if e.ew != nil {
			writeElementwise(&b, e)
		}
	}
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		return nil, fmt.Errorf("goarrowgen: the generated source does not parse (a goarrowgen bug): %v\n%s", err, b.String())
	}
	return src, nil
}

// scan finds the //goarrow:export functions of one file and checks their signatures.
func scan(fset *token.FileSet, file *ast.File, info *checked) ([]export, []error) {
	imports := map[string]string{} // local name -> import path
	for _, im := range file.Imports {
		path, _ := strconv.Unquote(im.Path.Value)
		name := importName(path)
		if im.Name != nil {
			name = im.Name.Name
		}
		imports[name] = path
	}
	var out []export
	var errs []error
	for _, d := range file.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Doc == nil {
			continue
		}
		d, marked := directive(fn.Doc)
		if !marked {
			continue
		}
		name := d.name
		where := fset.Position(fn.Pos())
		fail := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s:%d: %s: %s", filepath.Base(where.Filename), where.Line, fn.Name.Name, fmt.Sprintf(format, args...)))
		}
		if d.err != "" {
			where = fset.Position(d.pos)
			fail("%s", d.err)
			continue
		}
		if fn.Recv != nil || fn.Type.TypeParams != nil {
			fail("only plain functions can be exported, not methods or generic functions")
			continue
		}
		if name == "" {
			name = snake(fn.Name.Name)
		}
		e := export{name: name, goName: fn.Name.Name, doc: docText(fn.Doc)}
		if d.elementwise {
			scanElementwise(fn, info, imports, &e, fail)
			if e.ew != nil {
				e.ew.parallel = d.parallel
			}
			out = append(out, e)
			continue
		}
		pos := 0 // the Python parameter's position, named or not
		for i, field := range fn.Type.Params.List {
			typ := typeName(field.Type, imports)
			if i == 0 && typ == "context.Context" {
				continue
			}
			if len(field.Names) == 0 {
				pos++
				fail("parameter %d has no name; Python needs one", pos)
				continue
			}
			pos += len(field.Names)
			for _, n := range field.Names {
				if n.Name == "_" {
					fail("a parameter named _ cannot be passed by name from Python")
				} else if !passable(field.Type, imports, info) {
					fail("parameter %s has type %s, which goarrow cannot pass (want an arrow-go type, a scalar or any)", n.Name, types.ExprString(field.Type))
				}
				e.params = append(e.params, n.Name)
			}
		}
		if res := fn.Type.Results; res != nil {
			var results []string
			for _, field := range res.List {
				for range max(len(field.Names), 1) {
					results = append(results, typeName(field.Type, imports))
					if typeName(field.Type, imports) != "error" && !passable(field.Type, imports, info) {
						fail("result type %s cannot be returned to Python", types.ExprString(field.Type))
					}
				}
			}
			if len(results) > 2 || (len(results) == 2 && results[1] != "error") {
				fail("results must be a value, an error, or a value and an error; got (%s)", strings.Join(results, ", "))
			}
		}
		out = append(out, e)
	}
	return out, errs
}

// directive is what a //goarrow:export line says: `//goarrow:export [name] [elementwise
// [parallel]]`, or the problem with it.
type directiveLine struct {
	name                  string
	elementwise, parallel bool
	pos                   token.Pos
	err                   string
}

// directive finds //goarrow:export in doc and reads it.
func directive(doc *ast.CommentGroup) (directiveLine, bool) {
	for _, c := range doc.List {
		rest, ok := strings.CutPrefix(c.Text, "//goarrow:export")
		if !ok || (rest != "" && !unicode.IsSpace(rune(rest[0]))) {
			continue // //goarrow:exportfoo is not ours
		}
		d := directiveLine{pos: c.Pos()}
		for i, word := range strings.Fields(rest) {
			switch {
			case word == "elementwise":
				d.elementwise = true
			case word == "parallel":
				d.parallel = true
			case i == 0:
				d.name = word
				if !pythonName(word) {
					d.err = fmt.Sprintf("%q is not a Python name (dotted identifiers, such as geo.hash)", word)
				}
			default:
				d.err = fmt.Sprintf("unknown word %q in //goarrow:export (after the name: elementwise, parallel)", word)
			}
		}
		if d.parallel && !d.elementwise {
			d.err = "parallel applies to element-wise functions: write //goarrow:export name elementwise parallel"
		}
		return d, true
	}
	return directiveLine{}, false
}

// pythonName reports whether s is dotted Python identifiers (ASCII, no keywords): what
// pkg.fn.<name> can reach as attributes.
func pythonName(s string) bool {
	for _, part := range strings.Split(s, ".") {
		if part == "" || pythonKeywords[part] {
			return false
		}
		for i, r := range part {
			if !(r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (i > 0 && r >= '0' && r <= '9')) {
				return false
			}
		}
	}
	return true
}

var pythonKeywords = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`False None True and as assert async await break class continue def del elif
		else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield`) {
		pythonKeywords[k] = true
	}
}

// docText is the doc comment without directives, as Go's doc tools show it.
func docText(doc *ast.CommentGroup) string {
	return strings.TrimSpace(doc.Text()) // Text drops //goarrow:... and //go:... directive lines
}

func typeName(e ast.Expr, imports map[string]string) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok {
			if x.Name == "context" && imports["context"] == "context" && t.Sel.Name == "Context" {
				return "context.Context"
			}
			return x.Name + "." + t.Sel.Name
		}
	case *ast.StarExpr:
		return "*" + typeName(t.X, imports)
	case *ast.ArrayType:
		if t.Len == nil {
			return "[]" + typeName(t.Elt, imports)
		}
	case *ast.InterfaceType:
		if len(t.Methods.List) == 0 {
			return "any"
		}
	}
	return fmt.Sprintf("%T", e)
}

// typeCheck type-checks the package's own files with go/types, so that its own types are known:
// `type Meters float64` is a float64 to the bridge (it goes by reflect.Kind), and goarrowgen must
// agree. Imported packages are left empty (type-checking arrow-go from source would cost seconds
// on every build): their types come out invalid, and passable checks those by import path.
// Errors are expected (every use of an imported name is one) and ignored; the compiler reports
// the real ones.
func typeCheck(fset *token.FileSet, name string, files []*ast.File) *checked {
	c := &checked{
		Info: types.Info{
			Types: map[ast.Expr]types.TypeAndValue{},
			Defs:  map[*ast.Ident]types.Object{},
			Uses:  map[*ast.Ident]types.Object{},
		},
		aliases: map[types.Object]ast.Expr{},
		structs: map[types.Object]*ast.StructType{},
	}
	conf := types.Config{
		Importer:    emptyImporter{},
		FakeImportC: true,
		Error:       func(error) {},
	}
	_, _ = conf.Check(name, fset, files, &c.Info) // errors are expected, see above
	for _, f := range files {
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
				for _, spec := range g.Specs {
					ts := spec.(*ast.TypeSpec)
					if ts.Assign.IsValid() {
						c.aliases[c.Defs[ts.Name]] = ts.Type
					} else if st, ok := ts.Type.(*ast.StructType); ok {
						c.structs[c.Defs[ts.Name]] = st
					}
				}
			}
		}
	}
	return c
}

// checked is what typeCheck found: go/types' facts, the right-hand side of each local alias,
// and the declaration of each local struct type (its fields' types as written: time.Time is
// known by import path, as go/types leaves it unresolved).
type checked struct {
	types.Info
	aliases map[types.Object]ast.Expr
	structs map[types.Object]*ast.StructType
}

// emptyImporter gives every imported package as an empty package of its name.
type emptyImporter struct{}

func (emptyImporter) Import(path string) (*types.Package, error) {
	pkg := types.NewPackage(path, importName(path))
	pkg.MarkComplete()
	return pkg, nil
}

// importName is the name a package is imported as by default: the last element of its path,
// the one before it for a major-version suffix (.../arrow-go/v18 is package arrow-go's name).
func importName(path string) string {
	name := path[strings.LastIndex(path, "/")+1:]
	if strings.HasPrefix(name, "v") && len(name) > 1 && strings.Trim(name[1:], "0123456789") == "" {
		name = filepath.Base(filepath.Dir(path))
	}
	return name
}

// passable reports whether the bridge passes a parameter or result of type e, by the rules of
// go/internal/codec (importerFor, CheckResultType): exactly any, []byte or one of the arrow-go
// types, or any type whose kind is a bool, string, integer or float (a named one too).
func passable(e ast.Expr, imports map[string]string, info *checked) bool {
	if t := info.Types[e].Type; t != nil && !invalid(t) {
		t = types.Unalias(t) // any, and the package's own aliases
		if b, ok := t.Underlying().(*types.Basic); ok {
			return b.Info()&(types.IsBoolean|types.IsString|types.IsInteger|types.IsFloat) != 0 &&
				b.Info()&types.IsUntyped == 0 && b.Kind() != types.Uintptr
		}
		// Otherwise the type itself, not its underlying type: the bridge wants []byte and any
		// exactly, and a named slice or interface is neither.
		if s, ok := t.(*types.Slice); ok {
			return types.Identical(s.Elem(), types.Typ[types.Byte])
		}
		if i, ok := t.(*types.Interface); ok {
			return i.Empty()
		}
		return false
	}
	// A type that involves an imported package: known by import path. A local alias stands for
	// its right-hand side.
	if id, ok := e.(*ast.Ident); ok {
		if rhs, ok := info.aliases[info.Uses[id]]; ok {
			return passable(rhs, imports, info)
		}
	}
	return passableByPath(e, imports)
}

// invalid reports whether t is, or is made of, a type go/types could not resolve (an imported one).
func invalid(t types.Type) bool {
	switch t := t.(type) {
	case *types.Basic:
		return t.Kind() == types.Invalid
	case *types.Pointer:
		return invalid(t.Elem())
	case *types.Slice:
		return invalid(t.Elem())
	case *types.Array:
		return invalid(t.Elem())
	case *types.Map:
		return invalid(t.Key()) || invalid(t.Elem())
	case *types.Chan:
		return invalid(t.Elem())
	case *types.Alias:
		return invalid(types.Unalias(t))
	}
	return false
}

// arrowType reports whether pkg.name (*pkg.name if pointer) is an arrow-go type the bridge
// passes: go/internal/crossing's table, which the codec reads too.
func arrowType(pkg, name string, pointer bool) bool {
	_, ok := crossing.Find(pkg, name, pointer)
	return ok
}

func passableByPath(e ast.Expr, imports map[string]string) bool {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name == "any" || crossing.Scalars[t.Name] != ""
	case *ast.SelectorExpr:
		x, ok := t.X.(*ast.Ident)
		return ok && arrowType(imports[x.Name], t.Sel.Name, false)
	case *ast.StarExpr:
		s, ok := t.X.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		x, ok := s.X.(*ast.Ident)
		return ok && arrowType(imports[x.Name], s.Sel.Name, true)
	case *ast.ArrayType:
		id, ok := t.Elt.(*ast.Ident)
		return t.Len == nil && ok && (id.Name == "byte" || id.Name == "uint8")
	case *ast.InterfaceType:
		return len(t.Methods.List) == 0
	}
	return false
}

// snake turns JSONGet into json_get and CountRows into count_rows.
func snake(s string) string {
	var b strings.Builder
	r := []rune(s)
	for i, c := range r {
		if unicode.IsUpper(c) {
			if i > 0 && (unicode.IsLower(r[i-1]) || (i+1 < len(r) && unicode.IsLower(r[i+1]))) {
				b.WriteByte('_')
			}
			c = unicode.ToLower(c)
		}
		b.WriteRune(c)
	}
	return b.String()
}
