// Package elementwise runs a Go function of one row's values over Arrow columns: the typed loop,
// null handling, broadcasting, chunk alignment, errors, cancellation and parallelism, so that the
// author writes only the function for one value.
//
// Authors do not call this package: they mark a plain Go function
//
//	// Greatest common divisor of each pair.
//	//
//	//goarrow:export gcd elementwise
//	func Gcd(a, b int64) int64
//
// and goarrowgen (go/cmd/goarrowgen) generates, in the author's package, a kernel that calls Gcd
// directly (no reflection, no boxing, no function value per row; the compiler may inline it) and
// registers it with [Run] as its driver. The generated loop walks the combined validity of the
// arguments 64 rows at a time, as DuckDB's executors do: a run of all-valid words is a tight loop
// without a branch per row, an all-null word is skipped, a mixed word visits its set bits.
//
// # What Run does around the kernel
//
//   - Arguments: each is a column (arrow.Array, or *arrow.Chunked for a ChunkedArray or stream) or
//     a scalar, which is broadcast. Columns must have the same length (else ValueError) and an
//     Arrow type the parameter reads in place (else TypeError naming the cast to make).
//   - Chunks: the union of every column's chunk boundaries cuts the rows into segments; each
//     segment reads each column where it lies, so nothing is copied to align chunks. An Array in
//     gives an Array out; any ChunkedArray in gives a ChunkedArray out, one chunk per segment.
//   - Nulls: a row with a null in a plain parameter is null in the result and the function is not
//     called for it. Pointer parameters see nulls as nil; pointer results (nil), a second bool
//     result (false) and, with [Options.NullOnError], failing rows make nulls.
//   - Errors: the first returned error stops the call and is raised with its row index; a panic
//     is GoPanic naming the row. Cancellation (Ctrl-C) is checked every 65,536 rows.
//   - Parallel functions split large inputs into blocks of whole 64-row words run on several
//     goroutines; each block writes its own rows, so the result is in order.
//   - Append-style results ([Text], [Blob]): the function appends its value to a slice whose
//     spare capacity is the result column's buffer ([StringOut.Tail]), so it is written in place.
//   - Struct results ([Struct], [Spec.OutFields]) are a child column per field, each written
//     through [Block.StructField]; a null row is the struct's null, its fields zero values there.
//
// Memory: results are built in C memory with bridge.Allocator; everything built is released when
// a call fails.
package elementwise
