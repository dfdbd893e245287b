// Package functions holds the Go functions the shipped goarrow module registers. Each file
// registers one function in init; the extension's main package imports this package for those
// side effects.
package functions
