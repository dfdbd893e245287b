package ew

import (
	"context"
	"time"
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
