// Package core is what a host calls: the entry points goarrow.h declares (//export, each with a
// recover), and Call, which plays the host for bridgetest. The functions are found and invoked
// through go/internal/registry; the data crosses through go/internal/codec; the C ABI's types
// are go/internal/cabi's. Function authors use go/bridge; nothing here is API.
//
//	exports.go   the //export entry points: call, lookup, cancel, type_known, set_validation,
//	             set_memory_limit, functions, stats, registration_errors
//	errors.go    errors mapped to the statuses a host raises
//	host.go      Call: a Go caller playing the host (bridgetest)
//
// The //export functions must be linked into every extension's c-archive: go/bridge imports
// this package, and every extension's main package imports go/bridge (through its functions).
package core
