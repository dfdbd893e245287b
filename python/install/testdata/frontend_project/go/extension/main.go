// The c-archive's main package: it links goarrow's bridge with this module's functions.
package main

import _ "example.com/frontend/count"

func main() {}
