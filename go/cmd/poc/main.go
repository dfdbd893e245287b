// Command poc is the proof of concept with Go as the host: a Go program starts CPython, a
// Python function allocates a random float64 series, and Go reads it through the Arrow C Data
// Interface without copying. It prints the values Go read and checks that Go reads Python's
// buffer (exit status 1 if not).
//
//	tools/bazel run //go/cmd/poc -- -size 5500000
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"os"
	"strings"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/goarrow/goarrow/go/pyhost"
)

//go:embed poc_series.py
var pocSeries string

const shown = 20

func main() {
	size := flag.Int("size", 20, "number of float64 values")
	seed := flag.Int("seed", 42, "random seed")
	flag.Parse()
	if *size < 0 {
		fmt.Fprintln(os.Stderr, "poc: -size must be >= 0")
		os.Exit(2)
	}
	if err := run(*size, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "poc:", err)
		os.Exit(1)
	}
}

func run(size, seed int) error {
	if err := pyhost.Start(pyhost.Config{}); err != nil {
		return err
	}
	mod, err := pyhost.Module("poc_series", "go/cmd/poc/poc_series.py", pocSeries)
	if err != nil {
		return err
	}
	defer mod.Release()
	call := func(name string, args ...any) (any, error) {
		f, err := mod.Attr(name)
		if err != nil {
			return nil, err
		}
		defer f.Release()
		return f.CallValue(args...)
	}
	makeSeries, err := mod.Attr("series")
	if err != nil {
		return err
	}
	defer makeSeries.Release()

	// Python allocates; Go holds the pyarrow array (a Python object) and imports its data.
	obj, err := makeSeries.Call(size, seed)
	if err != nil {
		return err
	}
	defer obj.Release()
	imported, err := obj.Array()
	if err != nil {
		return err
	}
	defer imported.Release() // lets Python free the series once obj is released too
	arr := imported.(*array.Float64)

	values := arr.Float64Values()
	var b strings.Builder
	for i, v := range values[:min(shown, len(values))] {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprint(&b, v)
	}
	if len(values) > shown {
		fmt.Fprintf(&b, " ... (%d more)", len(values)-shown)
	}
	fmt.Printf("zero_copy values from Python: [%s]\n", b.String())

	var sum float64
	for _, v := range values {
		sum += v
	}
	pyTotal, err := call("total", obj)
	if err != nil {
		return err
	}
	fmt.Printf("Go read %d values; sum in Go = %.6f, in numpy = %.6f\n", arr.Len(), sum, pyTotal)

	pyAddr, err := call("values_address", obj)
	if err != nil {
		return err
	}
	var goAddr uintptr
	if buf := arr.Data().Buffers()[1]; buf != nil && buf.Len() > 0 {
		goAddr = uintptr(unsafe.Pointer(&buf.Bytes()[0]))
	}
	fmt.Printf("values buffer address as Python sees it: 0x%x\n", pyAddr)
	fmt.Printf("values buffer address as Go sees it:     0x%x\n", goAddr)
	if size > 0 && uint64(goAddr) != uint64(pyAddr.(int64)) {
		return fmt.Errorf("FAIL: Go did not read Python's buffer (a copy was made)")
	}
	fmt.Println("OK: same buffer, no copy")
	return nil
}
