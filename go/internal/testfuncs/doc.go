// Package testfuncs registers the functions goarrow's own tests and benchmarks call: debug.*
// (threads, cancellation, failures, lifetimes) and bench.* (baselines such as raw_length, which
// reads whatever address it is given). Only the test archive (go/internal/testextension) links
// it; the shipped extension (go/extension) does not, so no production build can call them.
package testfuncs

//go:generate go run github.com/goarrow/goarrow/go/cmd/goarrowgen
