// Package functions holds the Go functions the shipped goarrow extension registers (length, echo,
// sum, ...), each in init. An extension's main package imports it for those side effects; user
// extensions may import it too, to offer goarrow's built-ins next to their own functions.
package functions
