// Command testextension is the c-archive goarrow's tests and benchmarks load (as the Python
// package goarrow_testing): the shipped functions plus the test-only ones in testfuncs.
package main

import (
	_ "github.com/goarrow/goarrow/go/functions"
	_ "github.com/goarrow/goarrow/go/internal/testfuncs"
)

func main() {}
