// Command extension is the Go side of goarrow's own CPython extension (the built-in functions
// behind goarrow.fn when no other goarrow extension is loaded), built with -buildmode=c-archive
// and linked into python/goarrow/_goarrow.so. Test and benchmark functions are not linked here:
// they live in internal/testfuncs, which only the test archive imports.
package main

import (
	_ "github.com/goarrow/goarrow/go/functions"
)

func main() {}
