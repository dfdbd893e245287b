// The c-archive's main package (go_arrow_extension builds it with -buildmode=c-archive): it
// links goarrow's bridge with this module's functions.
package main

import _ "example.com/clip/clip"

func main() {}
