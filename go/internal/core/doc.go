// Package core is the goarrow bridge's implementation: the entry points a host calls, the registry, and
// the one codec between Go values and Arrow C structs that the CPython extension, go/pyhost and
// bridgetest all use. Function authors use go/bridge; nothing here is API.
//
//	exports.go       the //export entry points of goarrow.h (go/internal/cabi): call, lookup,
//	                 cancel, functions, stats
//	registry.go      Register, signature checks, per-parameter adapters, descriptions
//	invoke.go        direct (non-reflective) callers for the common one-parameter shapes
//	import.go        host → Go (importValue): C structs become arrow-go values over the host's
//	                 buffers, through cdata for anything import_flat.go does not take
//	import_flat.go   flat arrays (fixed width, boolean, string, binary) and batches and streams
//	                 of them, without cdata: arrow-go values over the same buffers
//	import_batch.go  a record batch of flat columns: checked whole on the way in, each column's
//	                 arrow-go array made when the function first reads it
//	import_types.go  a cache of imported types, keyed by the schema's bytes
//	export.go        Go → host (exportValue): arrow-go values become C structs over Go's buffers,
//	                 through cdata for anything export_flat.go does not take
//	export_flat.go   flat arrays and batches without cdata: every node's structs in one C block,
//	                 released in C, one call into Go when the last node goes
//	export_types.go  cached schema templates, copied in C for each export
//	export_stream.go an array.RecordReader behind an ArrowArrayStream
//	extension.go     extension types Go has not registered keep their name and metadata
//	errors.go        errors and panics mapped to the host's exceptions
//	fork.go          callbacks that refuse to enter Go in a forked child
//	alloc.go         the C-memory allocator every exported buffer comes from: MemoryError, not
//	                 an abort, when malloc fails or the cap (GOARROW_MEMORY_LIMIT) is reached
//	validate.go      arrow-go's validators on every argument (structural always, full on request)
//	host.go          Call: a Go caller playing the host (bridgetest), exportArg / importResult
//	values.go        ExportValue / ImportValue / FreeValue: the codec for go/pyhost
package core
