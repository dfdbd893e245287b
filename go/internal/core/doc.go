// Package core is what a host calls: the entry points goarrow.h declares (//export, each with a
// recover), the registry behind go/bridge, and Call, which plays the host for bridgetest. The
// data crosses through go/internal/codec; the C ABI's types are go/internal/cabi's. Function
// authors use go/bridge; nothing here is API.
//
//	exports.go   the //export entry points: call, lookup, cancel, type_known, set_validation,
//	             set_memory_limit, functions, stats, registration_errors
//	registry.go  Register, signature checks, per-parameter importers, descriptions
//	invoke.go    direct (non-reflective) callers for the common one-parameter shapes
//	errors.go    errors mapped to the statuses a host raises
//	host.go      Call: a Go caller playing the host (bridgetest)
//
// The //export functions must be linked into every extension's c-archive: go/bridge imports
// this package, and every extension's main package imports go/bridge (through its functions).
package core
