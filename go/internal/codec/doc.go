// Package codec is goarrow's one codec between arrow-go values and the Arrow C structs of the C
// ABI (go/internal/cabi), for every host: the CPython extension (through go/internal/core),
// go/pyhost and bridgetest. interface.go is its API, thin calls over one import and one export;
// file names say the direction. arrow-go's cdata does the general case; the flat paths do the
// common one (flat arrays and batches of them) without it.
//
//	interface.go     the API: ImporterFor / Import, Validate, ExportResult, ExportValue /
//	                 ImportValue / FreeValue, TypeKnown, SetFullValidation
//	gotypes.go       the Go types that cross: CheckResultType, PythonType
//	import.go        host → Go (importValue): C structs become arrow-go values over the host's
//	                 buffers, through cdata for anything import_flat.go does not take
//	import_flat.go   flat arrays (fixed width, boolean, string, binary) and batches and streams
//	                 of them, without cdata: arrow-go values over the same buffers; Borrows
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
//	validate.go      arrow-go's validators on every argument (structural always, full on request)
//	alloc.go         the C-memory allocator every exported buffer comes from: MemoryError, not
//	                 an abort, when malloc fails or the cap (GOARROW_MEMORY_LIMIT) is reached
//	fork.go          callbacks that refuse to enter Go in a forked child
//	errors.go        the codec's errors as statuses; PanicError
//
// The tests forge C structs with go/internal/cabi/cabitest: FuzzImport (fuzz_test.go, corpus
// in testdata/), the flat export as a C consumer sees it (export_flat_test.go), and the flat
// paths against arrow-go's cdata as the reference, both directions (flat_reference_test.go).
package codec
