package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/goarrow/goarrow/go/bridge"
)

// dir finds a directory of this module from `go test` (run in this package) or from a Bazel
// test (run at the workspace root of its runfiles).
func dir(t *testing.T, fromHere, fromRoot string) string {
	for _, d := range []string{fromHere, fromRoot} {
		if _, err := os.Stat(d); err == nil {
			return d
		}
	}
	t.Fatalf("neither %s nor %s exists", fromHere, fromRoot)
	return ""
}

func TestGeneratesRegistrationsFromTheSource(t *testing.T) {
	src, err := Generate(dir(t, "testdata/good", "go/cmd/goarrowgen/testdata/good"))
	if err != nil {
		t.Fatal(err)
	}
	got := string(src)
	for _, want := range []string{
		"package good",
		`Name:   "clip",`,
		`Params: []string{"values", "lo", "hi"},`, // the context is not a Python parameter
		`Doc:    "Clip limits values to [lo, hi].\n\nNulls stay null.",`,
		"Fn:     Clip,",
		`Name:   "count_rows",`, // no name in the directive: the Go name in snake_case
		`Params: []string{"stream"},`,
		// Types of the package's own: a named float64 and aliases, as the bridge accepts them.
		`Name:   "scale",`,
		`Params: []string{"x", "factor", "name", "c"},`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("generated source lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "notExported") || strings.Contains(got, "//goarrow:export") {
		t.Errorf("unmarked function or directive in the output:\n%s", got)
	}
}

func TestReportsEveryWrongSignatureWithItsPlace(t *testing.T) {
	_, err := Generate(dir(t, "testdata/bad", "go/cmd/goarrowgen/testdata/bad"))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		"bad.go:9: Unnamed: parameter 1 has no name",
		"bad.go:9: Unnamed: parameter 2 has no name",
		"bad.go:12: Channel: parameter c has type chan int, which goarrow cannot pass",
		"bad.go:15: Blank: a parameter named _",
		"bad.go:18: ThreeResults: results must be a value, an error, or a value and an error; got (int64, int64, error)",
		"bad.go:21: BadResult: result type map[string]int cannot be returned",
		`First and Second are both exported as "twice"`,
		"Method: only plain functions",
		"bad.go:38: NamedInterface: parameter r has type Rows, which goarrow cannot pass",
		"bad.go:43: NamedBytes: parameter b has type Blob, which goarrow cannot pass",
		"bad.go:46: Address: parameter p has type uintptr, which goarrow cannot pass",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

// goarrow's own functions (shipped and test-only) are registered by goarrowgen: the generated
// files must be current.
func TestCheckedInRegistrationsAreUpToDate(t *testing.T) {
	for _, pkg := range []string{"functions", "internal/testfuncs"} {
		d := dir(t, "../../"+pkg, "go/"+pkg)
		want, err := Generate(d)
		if err != nil {
			t.Fatal(err)
		}
		have, err := os.ReadFile(d + "/" + output)
		if err != nil {
			t.Fatal(err)
		}
		if string(have) != string(want) {
			t.Errorf("go/%s/%s is stale: run `go generate ./%s` in go/", pkg, output, pkg)
		}
	}
}

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{"JSONGet": "json_get", "CountRows": "count_rows", "Sum": "sum", "GetFloat64": "get_float64"} {
		if got := snake(in); got != want {
			t.Errorf("snake(%s) = %s, want %s", in, got, want)
		}
	}
}

// The types of TestAgreesWithTheRegistry, declared here for bridge.Register and again, with the
// same text, in the package goarrowgen reads.
type (
	Meters float64
	Flag   bool
	Label  = string
	Col    = arrow.Array
	Rows   arrow.Array
	Blob   []byte
)

const agreeTypes = `type (
	Meters float64
	Flag   bool
	Label  = string
	Col    = arrow.Array
	Rows   arrow.Array
	Blob   []byte
)
`

// goarrowgen accepts a signature exactly when bridge.Register does: each signature is given as
// source to Generate and as a function to Register, and the two verdicts must be the same. The
// expected verdict is written out too, so that both refusing everything fails.
func TestAgreesWithTheRegistry(t *testing.T) {
	cases := []struct {
		sig  string
		fn   any
		pass bool
	}{
		{"(x float64) float64", func(x float64) float64 { return x }, true},
		{"(x Meters) (Meters, error)", func(x Meters) (Meters, error) { return x, nil }, true},
		{"(x Flag) Flag", func(x Flag) Flag { return x }, true},
		{"(x Label) Label", func(x Label) Label { return x }, true},
		{"(x Col) Col", func(x Col) Col { return x }, true},
		{"(x arrow.Record) arrow.Record", func(x arrow.Record) arrow.Record { return x }, true},
		{"(x *arrow.Chunked) *arrow.Chunked", func(x *arrow.Chunked) *arrow.Chunked { return x }, true},
		{"(x []byte) []uint8", func(x []byte) []uint8 { return x }, true},
		{"(x any) interface{}", func(x any) interface{} { return x }, true},
		{"(x uint16) int8", func(x uint16) int8 { return 0 }, true},
		{"(x Rows)", func(x Rows) {}, false},
		{"() Rows", func() Rows { return nil }, false},
		{"(x Blob)", func(x Blob) {}, false},
		{"(x *Meters)", func(x *Meters) {}, false},
		{"(x uintptr)", func(x uintptr) {}, false},
		{"(x complex128)", func(x complex128) {}, false},
		{"(x chan int)", func(x chan int) {}, false},
		{"() map[string]int", func() map[string]int { return nil }, false},
		{"(x interface{ M() })", func(x interface{ M() }) {}, false},
		{"(x []string)", func(x []string) {}, false},
		{"(x *arrow.Table)", func(x *arrow.Table) {}, false},
	}
	for i, c := range cases {
		dir := t.TempDir()
		src := "package p\n\nimport \"github.com/apache/arrow-go/v18/arrow\"\n\n" + agreeTypes +
			"\n//goarrow:export\nfunc F" + c.sig + " { panic(0) }\n"
		if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		_, genErr := Generate(dir)
		params := make([]string, reflect.TypeOf(c.fn).NumIn())
		for j := range params {
			params[j] = fmt.Sprintf("p%d", j)
		}
		regErr := bridge.Register(bridge.Func{Name: fmt.Sprintf("agree.%d", i), Params: params, Fn: c.fn})
		if (genErr == nil) != c.pass || (regErr == nil) != c.pass {
			t.Errorf("func F%s: want passable=%v; goarrowgen: %v; bridge.Register: %v", c.sig, c.pass, genErr, regErr)
		}
	}
}
