// Package ew is goarrowgen's golden test of element-wise drivers: every kind of signature, and
// the driver goarrowgen writes for each, as reviewed. The driver file is compiled into
// goarrowgen's tests (a blank import), so generated code that does not build fails them.
//
//	ew.go           the functions, one per kind of signature
//	goarrow_gen.go  what goarrowgen writes for them (go test ./cmd/goarrowgen -update rewrites it)
package ew

import (
	"context"
	"time"

	"github.com/goarrow/goarrow/go/bridge/elementwise"
)

// Meters is a distance.
type Meters float64

// Label is a name.
type Label string

// Greatest common divisor.
//
//goarrow:export gcd elementwise
func Gcd(a, b int64) int64 { return a }

// Geohash of each point.
//
//goarrow:export geo.hash elementwise parallel
func Geohash(ctx context.Context, lat, lon float64, precision int) (string, error) { return "", nil }

// Safe division: sees and makes nulls.
//
//goarrow:export elementwise
func SafeDiv(a, b *int64) *int64 { return a }

// Named types both ways, an ok result.
//
//goarrow:export tag elementwise
func Tag(l Label, d Meters, raw []byte) (Label, bool) { return l, true }

// Times and durations.
//
//goarrow:export shift elementwise
func Shift(t time.Time, d *time.Duration) (time.Time, error) { return t, nil }

// Lists in and out.
//
//goarrow:export scale_all elementwise
func ScaleAll(v []float64, f Meters) []Meters { return nil }

// Name is a struct result: a column per exported field, named by the Go name or the tag.
type Name struct {
	First, Last string
	N           int            `goarrow:"n"`
	At          time.Time      `goarrow:"at"`
	Tag         Label          // a named string: converted
	Scores      []Meters       // a list field
	Where       Point          // a nested struct
	cache       map[string]int `goarrow:"-"`
}

// Point is a nested struct.
type Point struct{ Lat, Lon float64 }

// Structs out, a nil pointer a null row.
//
//goarrow:export split_name elementwise parallel
func SplitName(s string) *Name { return nil }

// An anonymous struct with an ok bool.
//
//goarrow:export pair elementwise
func Pair(a int64) (struct{ Lo, Hi int32 }, bool) { return struct{ Lo, Hi int32 }{}, true }

// Lists of strings and of named strings out.
//
//goarrow:export words elementwise
func Words(s string) []string { return nil }

// Lists of bytes and bools, and of named strings in a struct.
//
//goarrow:export chars elementwise
func Chars(s string) (struct {
	Raw   [][]byte
	Upper []bool
	Tags  []Label
}, error) {
	return struct {
		Raw   [][]byte
		Upper []bool
		Tags  []Label
	}{}, nil
}

// Appends its value in place, or fails.
//
//goarrow:export elementwise parallel
func Shout(dst elementwise.Text, s string) (elementwise.Text, error) { return append(dst, s...), nil }

// Appends bytes in place, or makes a null; takes a context.
//
//goarrow:export elementwise
func Twice(ctx context.Context, dst elementwise.Blob, b []byte, n int64) (elementwise.Blob, bool) {
	return append(dst, b...), n > 0
}

// Lists of strings, bytes and bools as parameters.
//
//goarrow:export elementwise
func Count(words []Label, blobs *[][]byte, flags []bool) int64 { return int64(len(words) + len(flags)) }
