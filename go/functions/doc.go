// Package functions holds the Go functions the shipped goarrow extension offers (length, echo,
// sum, ...). Each is marked //goarrow:export; goarrowgen writes their registrations into
// goarrow_gen.go (run `go generate ./functions` after changing a signature or a doc comment, a
// test fails when it is stale). An extension's main package imports this package for those
// registrations; user extensions may import it too, to offer goarrow's built-ins next to theirs.
package functions

//go:generate go run github.com/goarrow/goarrow/go/cmd/goarrowgen
