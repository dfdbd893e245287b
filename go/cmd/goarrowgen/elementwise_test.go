package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	// The golden drivers, compiled: generated code that does not build fails these tests.
	_ "github.com/goarrow/goarrow/go/cmd/goarrowgen/internal/ewgolden"
)

var update = flag.Bool("update", false, "rewrite the golden files from goarrowgen's output")

// The generated drivers of internal/ewgolden, as reviewed: a change to the generated loop
// shows here as a diff (go test ./cmd/goarrowgen -update rewrites it).
func TestElementwiseGolden(t *testing.T) {
	d := dir(t, "internal/ewgolden", "go/cmd/goarrowgen/internal/ewgolden")
	got, err := Generate(d)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join(d, output)
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("generated code differs from %s (rerun with -update if the change is meant):\n%s", golden, got)
	}
}

// Each refused element-wise signature or directive is a build error naming the file, the line and
// the problem.
func TestElementwiseRefusals(t *testing.T) {
	cases := []struct{ directive, sig, want string }{
		{"gcd elementwise", "(a, b map[string]int) int64", "p.go:6: F: parameter a: type map[string]int is not one goarrow runs element-wise"},
		{"gcd elementwise", "(a int64)", "p.go:6: F: an element-wise function returns a value"},
		{"gcd elementwise", "(a int64) (int64, int64)", "returns a value, optionally followed by an ok bool"},
		{"gcd elementwise", "(a int64) (*int64, bool)", "a pointer result and an ok bool both make nulls"},
		{"gcd elementwise", "() int64", "needs at least one parameter"},
		{"gcd elementwise", "(a [3]int64) int64", "parameter a: type [3]int64 is not one"},
		{"gcd elementwise", "(a uintptr) int64", "parameter a: type uintptr is not one"},
		{"gcd elementwise", "(a int64) chan int", "result: type chan int is not one"},
		{"gcd elementwise", "(a int64) struct{ Cb func() }", "p.go:6: F: result: struct struct{Cb func()}: field Cb: type func() is not one goarrow runs element-wise"},
		{"gcd elementwise", "(a int64) *struct{ M map[string]int }", "field M: type map[string]int is not one"},
		{"gcd elementwise", "(a int64) struct{ x int64 }", "field x is unexported: export it, or tag it `goarrow:\"-\"` to leave it out"},
		{"gcd elementwise", "(a int64) struct{ P *int64 }", "field P: a pointer field is not supported"},
		{"gcd elementwise", "(a int64) struct{ A int64 `goarrow:\"B\"`; B int64 }", `fields A and B are both named "B"`},
		{"gcd elementwise", "(a int64) struct{ x int64 `goarrow:\"-\"` }", "no exported fields"},
		{"gcd elementwise", "(a int64) struct{ error }", "embedded field error: give it a name"},
		{"gcd elementwise", "(a int64) struct{ In struct{ C chan int } }", "field In: struct struct{C chan int}: field C: type chan int is not one"},
		{"gcd elementwise", "(a int64) []struct{ A int64 }", "result: type []struct{A int64} is not one"},
		{"gcd elementwise", "(s struct{ A int64 }) int64", "parameter s: a struct is a result type only"},
		{"gcd elementwise", "(a [][]string) int64", "parameter a: type [][]string is not one"},
		{"gcd elementwise", "(a int64) [][]int64", "result: type [][]int64 is not one"},
		{"gcd elementwize", "(a int64) int64", `p.go:5: F: unknown word "elementwize" in //goarrow:export`},
		{"gcd parallel", "(a int64) int64", "parallel applies to element-wise functions"},
		{"gcd-2 elementwise", "(a int64) int64", `p.go:5: F: "gcd-2" is not a Python name`},
		{"class elementwise", "(a int64) int64", `"class" is not a Python name`},
		{"geo..hash", "(a int64) int64", `"geo..hash" is not a Python name`},
		{"up elementwise", "(s string, dst elementwise.Text) elementwise.Text", "elementwise.Text is the buffer an append-style function appends its value to: one parameter, the first"},
		{"up elementwise", "(dst, more elementwise.Text, s string) elementwise.Text", "elementwise.Text is the buffer"},
		{"up elementwise", "(s string) elementwise.Text", "p.go:8: F: a function that returns elementwise.Text appends to it: take it as the first parameter"},
		{"up elementwise", "(dst elementwise.Text, s string) string", "the result must be elementwise.Text; got (string)"},
		{"up elementwise", "(dst elementwise.Text, s string) elementwise.Blob", "the result must be elementwise.Text"},
		{"up elementwise", "(dst elementwise.Text) elementwise.Text", "needs at least one parameter"},
	}
	for _, c := range cases {
		d := t.TempDir()
		src := "package p\n\n// F.\n//\n//goarrow:export " + c.directive + "\nfunc F" + c.sig + " { panic(0) }\n"
		if strings.Contains(c.sig, "elementwise.") {
			src = strings.Replace(src, "\n\n", "\n\nimport \"github.com/goarrow/goarrow/go/bridge/elementwise\"\n\n", 1)
		}
		if err := os.WriteFile(filepath.Join(d, "p.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Generate(d)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("//goarrow:export %s\nfunc F%s: got error %v, want one containing %q", c.directive, c.sig, err, c.want)
		}
	}
}
