// Package codec is goarrow's one codec between arrow-go values and the Arrow C structs of the C
// ABI (go/internal/cabi), for every host: the CPython extension (through go/internal/core),
// go/pyhost and bridgetest. interface.go is its API, thin calls over one import and one export;
// file names say the direction. Arrays and batches go one of two ways (path.go): arrow-go's cdata,
// which takes everything and is the reference, or the flat path, which does the common case
// (flat arrays and batches and streams of them) without it; path.go is where one is chosen.
//
//	interface.go     the API: ImporterFor / Import, Validate, ExportResult, ExportValue /
//	                 ImportValue / FreeValue, TypeKnown, SetFullValidation
//	gotypes.go       the Go types that cross (go/internal/crossing's table, by reflect.Type):
//	                 CheckResultType, PythonType
//	path.go          the two paths (codecPath): cdataPath, the reference, and flatPath; the one
//	                 choice between them (importAs, importBatchAs, importReaderAs, exportPathOf);
//	                 cdata's views of the C structs (cdataSchema, cdataArray, cdataStream)
//	import.go        host → Go (importValue): C structs become arrow-go values over the host's
//	                 buffers, arrays and batches through path.go's choice, the rest through cdata
//	import_flat.go   flatPath's import: flat arrays (fixed width, boolean, string, binary) and
//	                 streams of batches of them, arrow-go values over the same buffers
//	loans.go         the flat imports' ownership of the host's arrays (importAllocator), a call's
//	                 Loans of its arguments: read in place, moved out at Settle only if Go keeps them
//	import_batch.go  flatPath's record batch of flat columns: checked whole on the way in, each
//	                 column's arrow-go array made when the function first reads it
//	import_types.go  a cache of imported types, keyed by the schema's bytes
//	export.go        Go → host (exportValue): arrow-go values become C structs over Go's buffers,
//	                 arrays and batches through path.go's choice, the rest through cdata
//	export_flat.go   flatPath's export: every node's structs in one C block, released in C, one
//	                 call into Go when the last node goes
//	export_types.go  cached schema templates, copied in C for each export
//	export_stream.go an array.RecordReader behind an ArrowArrayStream
//	extension.go     extension types Go has not registered keep their name and metadata
//	validate.go      arrow-go's validators on every argument (structural always, full on request)
//	arrowgo_v18_8_0.go  the workarounds for arrow-go v18.8.0's cdata export and validators, to
//	                 delete together when upstream is fixed
//	fork.go          callbacks that refuse to enter Go in a forked child
//	errors.go        the codec's errors as statuses; PanicError
//
// The tests forge C structs with go/internal/cabi/cabitest: FuzzImport (fuzz_test.go, corpus
// in testdata/), the flat export as a C consumer sees it (export_flat_test.go), and both paths
// run through the same code, the flat one compared with cdata's, both directions
// (flat_reference_test.go).
package codec
