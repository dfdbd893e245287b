// The c-archive's main package: it links the goarrow bridge with this module's functions.
// go_arrow_extension builds it with -buildmode=c-archive.
package main

import (
	_ "github.com/goarrow/goarrow/examples/jsonpath/jsonpath"
	_ "github.com/goarrow/goarrow/go/functions" // goarrow's built-ins (length, echo, ...), optional
)

func main() {}
