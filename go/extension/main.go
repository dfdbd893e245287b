// Command extension is the Go side of the goarrow CPython extension, built with
// -buildmode=c-archive and linked into python/goarrow/_goarrow.so. It is the only Go main in
// the process: one Go runtime per process, so every Go package that registers functions must be
// linked in here (or into an extension built the same way from your own main).
package main

import (
	_ "github.com/goarrow/goarrow/go/bridge"
	_ "github.com/goarrow/goarrow/go/functions"
)

func main() {}
