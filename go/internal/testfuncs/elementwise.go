package testfuncs

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/goarrow/goarrow/go/bridge"
	"github.com/goarrow/goarrow/go/bridge/elementwise"
)

// Element-wise functions for the tests and benchmarks (ew.*): each is the function of one row;
// goarrowgen writes the loop over columns.

// Sum of each pair.
//
//goarrow:export ew.add elementwise
func AddInts(a, b int64) int64 { return a + b }

// Greatest common divisor of each pair (Euclid's, on the magnitudes as uint64).
//
//goarrow:export ew.gcd elementwise
func Gcd(a, b int64) int64 {
	x, y := magnitude(a), magnitude(b)
	for y != 0 {
		x, y = y, x%y
	}
	return int64(x) // gcd(0, -2^63) is 2^63, which wraps as int64 arithmetic does
}

func magnitude(x int64) uint64 {
	if x < 0 {
		return uint64(-(x + 1)) + 1
	}
	return uint64(x)
}

// Each value limited to [lo, hi].
//
//goarrow:export ew.clip elementwise
func Clip(v, lo, hi float64) float64 { return min(max(v, lo), hi) }

// min(max(a*x + b*y, lo), hi) in one pass: where numpy makes a temporary per operation.
//
//goarrow:export ew.fused elementwise parallel
func Fused(a, b, x, y, lo, hi float64) float64 { return min(max(a*x+b*y, lo), hi) }

// Great-circle distance in kilometres between two points given in degrees.
//
//goarrow:export ew.haversine elementwise parallel
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r, rad = 6371.0088, math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	s1, s2 := math.Sin(dlat/2), math.Sin(dlon/2)
	h := s1*s1 + math.Cos(lat1*rad)*math.Cos(lat2*rad)*s2*s2
	return 2 * r * math.Asin(math.Sqrt(h))
}

// Upper case of each string.
//
//goarrow:export ew.upper elementwise parallel
func Upper(s string) string { return strings.ToUpper(s) }

// Upper case of each string, appended to the result column where Arrow keeps it: an
// append-style function allocates no string per row (ew.upper's strings.ToUpper does).
//
//goarrow:export ew.upper_in_place elementwise parallel
func UpperInPlace(dst elementwise.Text, s string) elementwise.Text {
	// ASCII a byte at a time into room made once (the tail's: no allocation); from the first
	// other byte on, rune by rune.
	n := len(dst)
	dst = slices.Grow(dst, len(s))[:n+len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			dst = dst[:n+i]
			for _, r := range s[i:] {
				dst = utf8.AppendRune(dst, unicode.ToUpper(r))
			}
			return dst
		}
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst[n+i] = c
	}
	return dst
}

// Each value n times over, appended in place; a negative n is a null. Values longer than the
// room left for them take append's other path (Go's heap, then copied).
//
//goarrow:export ew.repeat_in_place elementwise
func RepeatInPlace(dst elementwise.Blob, b []byte, n int64) (elementwise.Blob, bool) {
	if n < 0 {
		return dst, false
	}
	for range n {
		dst = append(dst, b...)
	}
	return dst, true
}

// Quotient of each pair; a zero divisor is a ValueError naming the row.
//
//goarrow:export ew.div elementwise parallel
func Div(a, b int64) (int64, error) {
	if b == 0 {
		return 0, fmt.Errorf("%w: division by zero", bridge.ErrValue)
	}
	return a / b, nil
}

// a, after panicking when a equals at.
//
//goarrow:export ew.panic_at elementwise parallel
func PanicAt(a, at int64) int64 {
	if a == at {
		panic(fmt.Sprintf("boom at %d", a))
	}
	return a
}

// Quotient of each pair, null where either is null or b is 0: sees and makes nulls.
//
//goarrow:export ew.safe_div elementwise
func SafeDiv(a, b *int64) *int64 {
	if a == nil || b == nil || *b == 0 {
		return nil
	}
	q := *a / *b
	return &q
}

// The integer in each string, null where there is none (a second bool result).
//
//goarrow:export ew.parse_int elementwise
func ParseInt(s string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n, err == nil
}

// The integer in each string; a string that is none is an error (or a null, with errors="null").
//
//goarrow:export ew.must_parse_int elementwise
func MustParseInt(s string) (int64, error) {
	return strconv.ParseInt(s, 10, 64)
}

// Byte length of each value.
//
//goarrow:export ew.byte_len elementwise
func ByteLen(b []byte) int32 { return int32(len(b)) }

// Each value's bytes reversed.
//
//goarrow:export ew.reverse_bytes elementwise
func ReverseBytes(b []byte) []byte {
	r := make([]byte, len(b))
	for i, c := range b {
		r[len(b)-1-i] = c
	}
	return r
}

// Not of each value.
//
//goarrow:export ew.negate elementwise
func Not(b bool) bool { return !b }

// Meters is a distance: a named type crosses as what it is (float64).
type Meters float64

// Label is a named string.
type Label string

// Each distance times factor.
//
//goarrow:export ew.scale elementwise
func Scale(d Meters, factor float32) Meters { return d * Meters(factor) }

// "label:n" for each pair.
//
//goarrow:export ew.tag elementwise
func Tag(l Label, n uint16) Label { return Label(fmt.Sprintf("%s:%d", l, n)) }

// x, or d where x is null.
//
//goarrow:export ew.coalesce elementwise
func Coalesce(x *string, d string) string {
	if x == nil {
		return d
	}
	return *x
}

// x, after sleeping ms milliseconds in Go: for cancellation tests.
//
//goarrow:export ew.sleepy elementwise
func Sleepy(x int64, ms float64) int64 {
	time.Sleep(time.Duration(ms * float64(time.Millisecond)))
	return x
}

// x, after checking the call's context: a function may take one.
//
//goarrow:export ew.with_context elementwise
func WithContext(ctx context.Context, x int64) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return x, nil
}

var errOdd = errors.New("odd")

// x where x is even; an odd x is an error (a plain Go error: GoError).
//
//goarrow:export ew.even elementwise
func Even(x int64) (int64, error) {
	if x%2 != 0 {
		return 0, errOdd
	}
	return x, nil
}

// The identity of every type: how each is read and written.

//goarrow:export ew.id.bool elementwise
func IDBool(x bool) bool { return x }

//goarrow:export ew.id.int8 elementwise
func IDInt8(x int8) int8 { return x }

//goarrow:export ew.id.int16 elementwise
func IDInt16(x int16) int16 { return x }

//goarrow:export ew.id.int32 elementwise
func IDInt32(x int32) int32 { return x }

//goarrow:export ew.id.int64 elementwise
func IDInt64(x int64) int64 { return x }

//goarrow:export ew.id.uint8 elementwise
func IDUint8(x uint8) uint8 { return x }

//goarrow:export ew.id.uint16 elementwise
func IDUint16(x uint16) uint16 { return x }

//goarrow:export ew.id.uint32 elementwise
func IDUint32(x uint32) uint32 { return x }

//goarrow:export ew.id.uint64 elementwise
func IDUint64(x uint64) uint64 { return x }

//goarrow:export ew.id.float32 elementwise
func IDFloat32(x float32) float32 { return x }

//goarrow:export ew.id.float64 elementwise
func IDFloat64(x float64) float64 { return x }

//goarrow:export ew.id.string elementwise
func IDString(x string) string { return x }

//goarrow:export ew.id.binary elementwise
func IDBinary(x []byte) []byte { return x }

// Where each string's bytes are, as Go reads them: the address in the column's own buffer (zero
// copy), 0 for an empty string.
//
//goarrow:export ew.addr_of elementwise
func AddrOf(s string) uint64 {
	if len(s) == 0 {
		return 0
	}
	return uint64(uintptr(unsafe.Pointer(unsafe.StringData(s))))
}

// The time d after t.
//
//goarrow:export ew.shift elementwise
func Shift(t time.Time, d time.Duration) time.Time { return t.Add(d) }

// Day of the year of each time, in its column's time zone.
//
//goarrow:export ew.yday elementwise
func YearDay(t time.Time) int32 { return int32(t.YearDay()) }

// Duration between each pair of times, null where either is null.
//
//goarrow:export ew.since elementwise
func Since(a, b *time.Time) *time.Duration {
	if a == nil || b == nil {
		return nil
	}
	d := a.Sub(*b)
	return &d
}

// Each list's elements times f.
//
//goarrow:export ew.scale_list elementwise parallel
func ScaleList(v []float64, f float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x * f
	}
	return out
}

// The sum of each list of int32, null for an empty one.
//
//goarrow:export ew.list_sum elementwise
func ListSum(v []int32) (int64, bool) {
	var s int64
	for _, x := range v {
		s += int64(x)
	}
	return s, len(v) > 0
}

// The first n multiples of k, as a list.
//
//goarrow:export ew.multiples elementwise
func Multiples(k int64, n uint8) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = k * int64(i+1)
	}
	return out
}

// NameParts is ew.split_name's result: a struct column of a field per exported field, named
// as in Go or by the goarrow tag.
type NameParts struct {
	First, Last string
	N           int      `goarrow:"n"`
	words       []string `goarrow:"-"` // left out of the column
}

// The first and last words of each name, and how many words it has; null for a blank name.
//
//goarrow:export ew.split_name elementwise parallel
func SplitName(s string) *NameParts {
	w := strings.Fields(s)
	if len(w) == 0 {
		return nil
	}
	return &NameParts{First: w[0], Last: w[len(w)-1], N: len(w), words: w}
}

// Span is a nested struct field.
type Span struct{ Lo, Hi float64 }

// ListStats is ew.list_stats's result: ints, a nested struct and a list as fields.
type ListStats struct {
	Count  uint32    `goarrow:"count"`
	Range  Span      `goarrow:"range"`
	Sorted []float64 `goarrow:"sorted"`
}

// The count, range and sorted copy of each list; null (ok false) for an empty one.
//
//goarrow:export ew.list_stats elementwise
func ListStatsOf(v []float64) (ListStats, bool) {
	if len(v) == 0 {
		return ListStats{}, false
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return ListStats{Count: uint32(len(v)), Range: Span{s[0], s[len(s)-1]}, Sorted: s}, true
}

// The day (midnight UTC) of each time, the time since it, whether it is a weekend, and the
// weekday's name as bytes; an error for years before 1900 (errors="null" makes them null).
//
//goarrow:export ew.day_of elementwise
func DayOf(t time.Time) (struct {
	Day     time.Time
	Into    time.Duration
	Weekend bool
	Name    []byte
}, error) {
	var r struct {
		Day     time.Time
		Into    time.Duration
		Weekend bool
		Name    []byte
	}
	t = t.UTC()
	if t.Year() < 1900 {
		return r, fmt.Errorf("%w: year %d is before 1900", bridge.ErrValue, t.Year())
	}
	r.Day = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	r.Into = t.Sub(r.Day)
	r.Weekend = t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
	r.Name = []byte(t.Weekday().String())
	return r, nil
}

// The words of each string (list<string>), parallel.
//
//goarrow:export ew.words elementwise parallel
func Words(s string) []string { return strings.Fields(s) }

// Whether each byte of a string is an ASCII upper-case letter (list<bool>), and the string cut
// into pieces of n bytes (list<binary>).
//
//goarrow:export ew.bytes_info elementwise
func BytesInfo(s []byte, n uint8) (struct {
	Upper  []bool   `goarrow:"upper"`
	Pieces [][]byte `goarrow:"pieces"`
}, error) {
	var r struct {
		Upper  []bool   `goarrow:"upper"`
		Pieces [][]byte `goarrow:"pieces"`
	}
	if n == 0 {
		return r, fmt.Errorf("%w: n must be at least 1", bridge.ErrValue)
	}
	r.Upper = make([]bool, len(s))
	for i, c := range s {
		r.Upper[i] = c >= 'A' && c <= 'Z'
	}
	for len(s) > 0 {
		k := min(int(n), len(s))
		r.Pieces, s = append(r.Pieces, s[:k]), s[k:]
	}
	return r, nil
}

// Each list's words joined by sep.
//
//goarrow:export ew.join elementwise parallel
func Join(words []string, sep string) string { return strings.Join(words, sep) }

// Where each list's strings lie, as AddrOf (the test of list<string> read in place).
//
//goarrow:export ew.addrs_of elementwise
func AddrsOf(words []string) []uint64 {
	out := make([]uint64, len(words))
	for i, w := range words {
		out[i] = AddrOf(w)
	}
	return out
}

// How many of each list's flags are set, plus the bytes in its blobs; a null list of blobs
// (a pointer parameter sees it) counts -1.
//
//goarrow:export ew.tally elementwise
func Tally(flags []bool, blobs *[][]byte) int64 {
	if blobs == nil {
		return -1
	}
	n := 0
	for _, f := range flags {
		if f {
			n++
		}
	}
	for _, b := range *blobs {
		n += len(b)
	}
	return int64(n)
}
