package main

import (
	"os"
	"strings"
	"testing"
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
		"bad.go:12: Channel: parameter c has type *ast.ChanType, which goarrow cannot pass",
		"bad.go:15: Blank: a parameter named _",
		"bad.go:18: ThreeResults: results must be a value, an error, or a value and an error; got (int64, int64, error)",
		"bad.go:21: BadResult: result type *ast.MapType cannot be returned",
		`First and Second are both exported as "twice"`,
		"Method: only plain functions",
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
